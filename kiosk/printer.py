"""The station's receipt printer for the kiosk: :mod:`shared.printing` behind the port."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from kiosk.controller import Clock
from shared import printing, rules
from shared.dto import IssuedTicket
from shared.printing import PrinterError, PrinterSettings, PrintResult, ReceiptContext
from shared.store import Store

log = logging.getLogger(__name__)

NOT_READY_EVERY = dt.timedelta(minutes=5)
"""A printer that stays offline is reported to staff (event feed) at most this often."""


class StationPrinter:
    """Checks and prints through the connection in this station's ``[printer]`` settings.

    One printer operation at a time: many printers take one connection at once, so the
    next visitor's check waits for the previous receipt's confirmation instead of racing it."""

    def __init__(self, store: Store, settings: PrinterSettings, clock: Clock = rules.utc_now) -> None:
        self._store = store
        self.settings = settings
        self._clock = clock
        self._busy = threading.Lock()
        self._lock = threading.Lock()
        self._reported: dt.datetime | None = None

    def check(self) -> str:
        with self._busy:
            try:
                status = printing.check(self.settings)
            except PrinterError as exc:
                self._not_ready(exc)
                raise
        with self._lock:
            if self._reported is not None:
                log.info("printer %s ready again: %s", self.settings.where, status.message)
            self._reported = None  # ready again: the next trouble is news
        return status.message

    def _not_ready(self, exc: PrinterError) -> None:
        now = self._clock()
        with self._lock:
            due = self._reported is None or now - self._reported >= NOT_READY_EVERY
            if due:
                self._reported = now
        if due:
            printing.record_not_ready(self._store, exc.message, self.settings, now=now, cause=exc.cause)

    def print_ticket(self, issued: IssuedTicket, context: ReceiptContext) -> PrintResult:
        with self._busy:
            return printing.print_issued(self._store, issued, self.settings, context, now=self._clock())

    def test_page(self) -> str:
        with self._busy:
            status = printing.check(self.settings)
            result = printing.print_receipt(printing.sample_receipt("Antre — tes printer", self._clock()),
                                            self.settings)
        return f"{status.message} {result.line()}"
