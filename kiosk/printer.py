"""The station's receipt printer for the kiosk: :mod:`shared.printing` behind the port."""

from __future__ import annotations

import datetime as dt
import threading

from kiosk.controller import Clock
from shared import printing, rules
from shared.dto import IssuedTicket
from shared.printing import PrinterError, PrinterSettings, PrintResult, ReceiptContext
from shared.store import Store

NOT_READY_EVERY = dt.timedelta(minutes=5)
"""A printer that stays offline is reported to staff (event feed) at most this often."""


class StationPrinter:
    """Checks and prints through the connection in this station's ``[printer]`` settings."""

    def __init__(self, store: Store, settings: PrinterSettings, clock: Clock = rules.utc_now) -> None:
        self._store = store
        self.settings = settings
        self._clock = clock
        self._lock = threading.Lock()
        self._reported: dt.datetime | None = None

    def check(self) -> None:
        try:
            printing.check(self.settings)
        except PrinterError as exc:
            now = self._clock()
            with self._lock:
                due = self._reported is None or now - self._reported >= NOT_READY_EVERY
                if due:
                    self._reported = now
            if due:
                printing.record_not_ready(self._store, exc.message, self.settings, now=now)
            raise
        with self._lock:
            self._reported = None  # ready again: the next trouble is news

    def print_ticket(self, issued: IssuedTicket, context: ReceiptContext) -> PrintResult:
        return printing.print_issued(self._store, issued, self.settings, context, now=self._clock())

    def test_page(self) -> str:
        status = printing.check(self.settings)
        result = printing.print_receipt(printing.sample_receipt("Antre — tes printer", self._clock()),
                                        self.settings)
        where = f"disimpan di {result.preview_png}" if result.preview_png else f"dicetak di {result.where}"
        return f"{status.message} Struk percobaan {where}."
