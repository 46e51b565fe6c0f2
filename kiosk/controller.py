"""The kiosk's controller: keeps the catalog fresh and issues tickets, one at a time.

Every store and printer call runs in the worker. One tap is: check the printer (any fault,
or no answer: nothing is issued, the visitor may take a number without a receipt), issue in
one transaction, show the ticket, then print. "Take your receipt" comes only once the
printer confirmed the job. A failed or unconfirmed print never undoes the ticket: it is
recorded (``printer_failed``/``printer_unconfirmed``) and the number stays on screen with
its QR code. While a printer-trouble notice is up, the printer is asked again every few
seconds (:meth:`watch_printer`) and ``printer_ready`` says when it can print again.

A rule's refusal (quota just ran out, the service has closed) is an answer for the visitor;
a store that cannot be reached puts the kiosk out of service until a refresh succeeds again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.catalog import Catalog, load_catalog
from kiosk.ports import ReceiptPrinter
from shared import events, rules
from shared.dto import IssuedTicket
from shared.errors import BadInput, KnownError, NotFound, RuleRefused
from shared.events import EventView
from shared.i18n import ID
from shared.printing import PrinterError, PrintResult, ReceiptContext
from shared.printing.receipt import qr_modules
from shared.store import Store
from shared.ui.feed import FeedFactory as FeedFactory  # kiosk.app builds with it
from shared.ui.reload import Reloader
from shared.ui.worker import UNEXPECTED, Failure, Worker

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]

OUT_OF_SERVICE = "Layanan sementara tidak tersedia"
RETRY_MS = 5000
PRINTER_RECHECK_MS = 3000  # while a printer-trouble notice is up
REFRESH_DEBOUNCE_MS = 1000  # waiting counts need not be fresher; the rules decide at issue time
PERIODIC_REFRESH_MS = 60_000  # opening hours change availability without any event
LOCK_AFTER_MS = 150  # a number that takes longer locks the page (restyling it costs the tap ~20 ms)


@dataclass(frozen=True)
class Refusal:
    """A rule said no to this visitor; ``message`` says why, in Indonesian, and (a
    :class:`shared.i18n.Text`) in the visitor's language too: ``localized(message, lang)``."""

    message: str


@dataclass(frozen=True)
class _Receipt:
    """How a ticket's receipt went: ``result`` when the printer confirmed it (or took it,
    without status), else ``failure``, the line for staff."""

    issued: IssuedTicket
    result: PrintResult | None = None
    failure: str | None = None


def _print_receipt(printer: ReceiptPrinter, issued: IssuedTicket, context: ReceiptContext) -> _Receipt:
    """Print in the worker; a failure is the receipt's, never the ticket's (it stays issued)."""
    try:
        return _Receipt(issued, result=printer.print_ticket(issued, context))
    except KnownError as exc:
        return _Receipt(issued, failure=exc.message)
    except Exception:
        log.exception("printing the receipt of %s failed", issued.ticket.code)
        return _Receipt(issued, failure=UNEXPECTED)


@dataclass(frozen=True)
class PrinterTrouble:
    """The printer cannot print (paper out, cover open, hung...); nothing was issued yet.
    ``message`` is for staff (log, admin page); ``cause`` picks the visitor's words."""

    message: str
    cause: str
    service_code: str
    priority: str | None
    lang: str = ID


@dataclass(frozen=True)
class _Loaded:
    catalog: Catalog
    last_event_id: int


class KioskController(QObject):
    """Signals (facts): ``catalog_changed(Catalog)``, ``issuing_changed(bool)`` (the page locks
    only when a number takes longer than ``LOCK_AFTER_MS``; a tap is ignored from the start),
    ``ticket_issued(IssuedTicket, printing: bool)``, ``receipt_printed(IssuedTicket, PrintResult)``,
    ``print_failed(IssuedTicket, str)``, ``printer_trouble(PrinterTrouble)``, ``printer_ready()``,
    ``printer_state(str)`` (the staff's line after every check), ``printer_status(str)`` (a
    test print), ``issue_refused(str)`` (the reason, a :class:`shared.i18n.Text` the view says
    in its visitor's language), ``out_of_service(str)``, ``back_in_service()``.

    Commands: ``start()``, ``stop()``, ``refresh()``, ``issue(service_code, priority, lang)``,
    ``watch_printer(on)``, ``check_printer()``, ``test_print()``."""

    catalog_changed = Signal(object)
    issuing_changed = Signal(bool)
    _issued_in_worker = Signal(object)  # IssuedTicket, emitted from the worker: queued to the GUI
    ticket_issued = Signal(object, bool)
    receipt_printed = Signal(object, object)
    print_failed = Signal(object, str)
    printer_trouble = Signal(object)
    issue_refused = Signal(object)  # a str: object keeps its catalog id through the signal
    out_of_service = Signal(str)
    back_in_service = Signal()
    printer_status = Signal(str)
    printer_state = Signal(str)
    printer_ready = Signal()

    def __init__(
        self, store: Store, worker: Worker, *, clock: Clock, feed_factory: FeedFactory,
        printer: ReceiptPrinter | None = None, retry_ms: int = RETRY_MS,
        printer_recheck_ms: int = PRINTER_RECHECK_MS, parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._worker = worker
        self._clock = clock
        self._printer = printer
        self._catalog: Catalog | None = None
        self._running = False
        self._in_service = True
        self._issuing = False
        self._locked = False  # whether the page was told to lock (only when a number is slow)
        self._lock_delay = QTimer(self, singleShot=True, interval=LOCK_AFTER_MS)
        self._lock_delay.timeout.connect(self._lock)
        self._issued_in_worker.connect(self._on_issued_with_receipt)
        self.last_printer_trouble: PrinterTrouble | None = None
        self._reload = Reloader(worker, self._prepare_load, self._on_loaded, on_failed=self._on_load_failed,
                                feed_factory=feed_factory, on_events=self._on_events,
                                on_store=self._on_store_available)
        self._debounce = QTimer(self, singleShot=True, interval=REFRESH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self._retry = QTimer(self, singleShot=True, interval=retry_ms)
        self._retry.timeout.connect(self.refresh)
        self._periodic = QTimer(self, interval=PERIODIC_REFRESH_MS)
        self._periodic.timeout.connect(self.refresh)
        self._recheck = QTimer(self, singleShot=True, interval=printer_recheck_ms)
        self._recheck.timeout.connect(self._recheck_printer)
        self._watching = False
        self._checking = False

    @property
    def catalog(self) -> Catalog | None:
        return self._catalog

    @property
    def issuing(self) -> bool:
        return self._issuing

    @property
    def loading(self) -> bool:
        """Whether a reload of the catalog (waiting counts, hours) is in flight."""
        return self._reload.loading

    @property
    def in_service(self) -> bool:
        return self._in_service

    # --- lifecycle ----------------------------------------------------------------------

    def start(self) -> None:
        self._running = True
        self._reload.start()
        self._periodic.start()
        self.refresh()

    def stop(self) -> None:
        self._running = False
        self._watching = False
        for timer in (self._debounce, self._retry, self._periodic, self._recheck):
            timer.stop()
        self._reload.stop()

    # --- the catalog --------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload agencies, services, waiting counts. Calls made while loading coalesce."""
        self._reload.request()

    def _prepare_load(self) -> Callable[[], _Loaded]:
        now = self._clock()
        want_feed_position = not self._reload.following

        def job() -> _Loaded:
            with self._store.reading() as s:
                last_id = events.last_event_id(s) if want_feed_position else 0
                catalog = load_catalog(s, now)
            if not catalog.rolled_over:
                # The first kiosk action of a new day closes yesterday (as the CLI does).
                with self._store.transaction() as s:
                    rules.roll_over(s, now=now)
                with self._store.reading() as s:
                    catalog = load_catalog(s, now)
            return _Loaded(catalog, last_id)

        return job

    def _on_loaded(self, loaded: _Loaded) -> None:
        self._catalog = loaded.catalog
        self.catalog_changed.emit(loaded.catalog)
        self._reload.follow(loaded.last_event_id)
        if not self._in_service:
            self._in_service = True
            log.info("kiosk back in service")
            self.back_in_service.emit()

    def _on_load_failed(self, failure: Failure) -> None:
        message = failure.message
        log.warning("catalog refresh failed: %s", message)
        self._go_out_of_service()
        self._retry.start()

    def _go_out_of_service(self) -> None:
        if self._in_service:
            self._in_service = False
            self.out_of_service.emit(OUT_OF_SERVICE)

    def _on_events(self, batch: list[EventView]) -> None:
        # Any event may change a waiting count, a quota or a counter; one reload per burst.
        # A new site revision (an admin's save) is shown at once: tiles, hours, the calendar.
        if any(e.kind == "site_loaded" for e in batch):
            self._debounce.stop()
            self.refresh()
        elif batch:
            self._debounce.start()

    def _on_store_available(self, ok: bool) -> None:
        if ok:
            self.refresh()
        else:
            self._go_out_of_service()

    # --- issuing ------------------------------------------------------------------------

    def issue(
        self, service_code: str, priority: str | None = None, lang: str = ID, *, with_receipt: bool = True,
    ) -> None:
        """Issue one ticket of ``service_code``. Ignored while another issue is in flight,
        so a double tap can never hand out two numbers. ``lang`` is the visitor's language:
        the receipt is printed in it.

        With a printer, the printer is checked first; when it is offline or out of paper
        nothing is issued and ``printer_trouble`` says why, so the visitor can choose to
        take a number without a receipt (``with_receipt=False``)."""
        if not self._running or self._issuing:
            return
        self._issuing = True  # set first: a second tap is ignored from here on
        now = self._clock()
        printer = self._printer if with_receipt else None
        context = self._receipt_context().in_language(lang)

        def job() -> IssuedTicket | Refusal | PrinterTrouble | _Receipt:
            if printer is not None:
                try:
                    printer.check()
                except PrinterError as exc:
                    return PrinterTrouble(exc.message, exc.cause, service_code, priority, lang)
            try:
                with self._store.transaction() as s:
                    issued = rules.issue(s, service_code, now=now, priority=priority)
            except (RuleRefused, NotFound, BadInput) as exc:
                return Refusal(exc.message)
            qr_modules(issued.ticket.qr_payload)  # here, not on the GUI thread: the page only paints it
            if printer is None:
                return issued
            # The receipt goes out from here, while the GUI thread shows the number: no hop
            # through a busy GUI thread between the ticket and its print job.
            self._issued_in_worker.emit(issued)
            return _print_receipt(printer, issued, context)

        self._worker.run(job, self._on_issued, self._on_issue_failed)
        self._lock_delay.start()

    def test_print(self) -> None:
        """For staff on the admin page: answers with ``printer_status(str)``."""
        printer = self._printer
        if printer is None:
            self.printer_status.emit("Kios ini tidak memakai printer.")
            return
        self._worker.run(printer.test_page, self.printer_status.emit,
                         lambda failure: self.printer_status.emit(failure.message))

    def check_printer(self) -> None:
        """For staff: ask the printer now; answers with ``printer_state(str)``."""
        printer = self._printer
        if printer is None:
            self.printer_state.emit("Kios ini tidak memakai printer.")
            return
        self._worker.run(printer.check, self.printer_state.emit,
                         lambda failure: self.printer_state.emit(failure.message))

    def watch_printer(self, on: bool) -> None:
        """While a printer-trouble notice is up (``on``), ask the printer every few seconds;
        ``printer_ready`` comes once it can print again, and the watch ends."""
        self._watching = on and self._running and self._printer is not None
        if self._watching:
            self._recheck.start()
        else:
            self._recheck.stop()

    def _recheck_printer(self) -> None:
        printer = self._printer
        if not self._watching or printer is None or self._checking:
            return
        self._checking = True

        def ready(line: str) -> None:
            self._checking = False
            if not self._watching:
                return
            log.info("printer ready again: %s", line)
            self._watching = False
            self.printer_state.emit(line)
            self.printer_ready.emit()

        def still(failure: Failure) -> None:
            self._checking = False
            self.printer_state.emit(failure.message)
            if self._watching and self._running:
                self._recheck.start()

        self._worker.run(printer.check, ready, still)

    def _lock(self) -> None:
        if self._issuing and not self._locked:
            self._locked = True
            self.issuing_changed.emit(True)

    def _end_issuing(self) -> None:
        self._issuing = False
        self._lock_delay.stop()
        if self._locked:
            self._locked = False
            self.issuing_changed.emit(False)

    def _on_issued(self, result: IssuedTicket | Refusal | PrinterTrouble | _Receipt) -> None:
        if isinstance(result, _Receipt):
            self._on_receipt(result)
            return
        self._end_issuing()
        if not self._running:
            return
        if isinstance(result, PrinterTrouble):
            log.warning("printer not ready, nothing issued: %s", result.message)
            self.last_printer_trouble = result
            self.printer_state.emit(result.message)
            self.printer_trouble.emit(result)
            return
        if isinstance(result, Refusal):
            log.info("issue refused: %s", result.message)
            self.issue_refused.emit(result.message)
            self.refresh()
            return
        self._show_issued(result, printing=False)

    def _on_issued_with_receipt(self, issued: IssuedTicket) -> None:
        """The number is made and its receipt is on its way (in the worker)."""
        self._end_issuing()
        if self._running:
            self._show_issued(issued, printing=True)

    def _show_issued(self, issued: IssuedTicket, *, printing: bool) -> None:
        log.info("issued %s (%s)", issued.ticket.code, issued.ticket.service)
        self.ticket_issued.emit(issued, printing)

    def _on_receipt(self, receipt: _Receipt) -> None:
        if not self._running:
            return
        if receipt.failure is None:
            self.receipt_printed.emit(receipt.issued, receipt.result)
            return
        log.warning("receipt of %s not printed: %s", receipt.issued.ticket.code, receipt.failure)
        self.printer_state.emit(receipt.failure)
        self.print_failed.emit(receipt.issued, receipt.failure)

    def _on_issue_failed(self, failure: Failure) -> None:
        message = failure.message
        self._end_issuing()
        if not self._running:
            return
        log.warning("issue failed: %s", message)
        if failure.store_down:
            self._go_out_of_service()
            self._retry.start()
        else:  # a bug (already logged): nothing was issued; say so calmly, the kiosk carries on
            self.issue_refused.emit(message)

    def _receipt_context(self) -> ReceiptContext:
        context = self._catalog.receipt if self._catalog is not None else None
        # A catalog always carries it once loaded; be safe anyway.
        return context if context is not None else ReceiptContext("Asia/Jakarta", "", {})
