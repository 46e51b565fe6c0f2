"""The counter's controller: one clerk action at a time, each one transaction in the worker.

While an action is in flight every other action is ignored (and the view disables its
buttons), so a double press can never call two tickets. The waiting list follows the event
feed: a burst of relevant events becomes one re-query.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy.orm import Session

from counter import actions
from shared import events, rules
from shared.dto import CallResult, CounterView, TicketView
from shared.errors import BadInput, NotFound, RuleRefused
from shared.events import EventView
from shared.store import Store
from shared.ui.feed import FeedWatcher
from shared.ui.worker import Failure, Worker

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
FeedFactory = Callable[[int], FeedWatcher]

RETRY_MS = 5000
WAITING_DEBOUNCE_MS = 150
# Events that can add a ticket to, or take one from, a waiting list.
WAITING_KINDS = frozenset({
    "ticket_issued", "ticket_called", "ticket_requeued", "ticket_transferred", "ticket_expired",
    "day_started", "site_loaded",
})

INFO, REFUSAL, ERROR = "info", "refusal", "error"


@dataclass(frozen=True)
class Opened:
    counter: CounterView
    timezone: str
    ticket: TicketView | None
    waiting: list[TicketView]
    last_event_id: int


@dataclass(frozen=True)
class Refusal:
    message: str


class CounterController(QObject):
    """Signals (facts): ``counter_opened(CounterView, str timezone)``,
    ``ticket_changed(TicketView | None)``, ``waiting_changed(list[TicketView])``,
    ``busy_changed(bool)``, ``message(str text, str kind)``, ``store_available(bool)``.

    Commands: ``start()``, ``stop()``, ``call_next()``, ``recall()``, ``start_serving()``,
    ``finish()``, ``no_show()``, ``refresh_waiting()``."""

    counter_opened = Signal(object, str)
    ticket_changed = Signal(object)
    waiting_changed = Signal(list)
    busy_changed = Signal(bool)
    message = Signal(str, str)
    store_available = Signal(bool)

    def __init__(
        self, store: Store, worker: Worker, counter_code: str, *, clock: Clock,
        feed_factory: FeedFactory, parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._worker = worker
        self._code = counter_code.strip().upper()
        self._clock = clock
        self._feed_factory = feed_factory
        self._feed: FeedWatcher | None = None
        self._running = False
        self._opened = False
        self._busy = False
        self._ticket: TicketView | None = None
        # A sync that started before an action finished must not overwrite its result.
        self._generation = 0
        self._loading_waiting = False
        self._waiting_again = False
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self._open)
        self._debounce = QTimer(self, singleShot=True, interval=WAITING_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh_waiting)

    @property
    def counter_code(self) -> str:
        return self._code

    @property
    def ticket(self) -> TicketView | None:
        return self._ticket

    @property
    def busy(self) -> bool:
        return self._busy

    # --- lifecycle ----------------------------------------------------------------------

    def start(self) -> None:
        self._running = True
        self._open()

    def stop(self) -> None:
        self._running = False
        self._retry.stop()
        self._debounce.stop()
        if self._feed is not None:
            self._feed.stop()
            self._feed = None

    def _open(self) -> None:
        """Open the counter and resume whatever ticket it still holds."""
        if not self._running:
            return
        now = self._clock()
        code = self._code

        def job() -> Opened:
            with self._store.transaction() as s:
                rules.roll_over(s, now=now)  # a no-op unless yesterday was never closed
            with self._store.transaction() as s:
                view = rules.open_counter(s, code, now=now)
            with self._store.reading() as s:
                last_id = events.last_event_id(s)
                return Opened(
                    counter=view,
                    timezone=rules.load_site(s).timezone,
                    ticket=rules.counter_ticket(s, code),
                    waiting=rules.waiting_list(s, code, now=now),
                    last_event_id=last_id,
                )

        self._set_busy(True)
        self._worker.run(job, self._on_opened, self._on_open_failed)

    def _on_opened(self, opened: Opened) -> None:
        self._set_busy(False)
        if not self._running:
            return
        self._opened = True
        self._generation += 1
        log.info("counter %s open, holding %s", self._code,
                 opened.ticket.code if opened.ticket else "nothing")
        self.counter_opened.emit(opened.counter, opened.timezone)
        self._set_ticket(opened.ticket)
        self.waiting_changed.emit(opened.waiting)
        self.store_available.emit(True)
        if opened.ticket is not None:
            self.message.emit(f"Melanjutkan tiket {opened.ticket.code}.", INFO)
        else:
            self.message.emit(f"{opened.counter.name} dibuka. Tekan Berikutnya (F1) untuk memanggil.",
                              INFO)
        if self._feed is None:
            self._feed = self._feed_factory(opened.last_event_id)
            self._feed.events_arrived.connect(self._on_events)
            self._feed.store_available.connect(self._on_store_available)
            self._feed.start()

    def _on_open_failed(self, failure: Failure) -> None:
        message = failure.message
        self._set_busy(False)
        if not self._running:
            return
        log.warning("counter %s could not open: %s", self._code, message)
        self.message.emit(message, ERROR)
        self.store_available.emit(False)
        self._retry.start()

    # --- clerk actions ------------------------------------------------------------------

    def call_next(self) -> None:
        self._act(actions.NEXT.key, lambda s, now: rules.call_next(s, self._code, now=now))

    def recall(self) -> None:
        self._act(actions.RECALL.key, lambda s, now: rules.recall(s, self._code, now=now))

    def start_serving(self) -> None:
        self._act(actions.START.key, lambda s, now: rules.start(s, self._code, now=now))

    def finish(self) -> None:
        self._act(actions.FINISH.key, lambda s, now: rules.finish(s, self._code, now=now))

    def no_show(self) -> None:
        self._act(actions.NO_SHOW.key, lambda s, now: rules.no_show(s, self._code, now=now))

    def run_action(self, key: str) -> None:
        """Run an action by its key (``actions.NEXT.key``...)."""
        {
            actions.NEXT.key: self.call_next,
            actions.RECALL.key: self.recall,
            actions.START.key: self.start_serving,
            actions.FINISH.key: self.finish,
            actions.NO_SHOW.key: self.no_show,
        }[key]()

    def _act(self, key: str, fn: Callable[[Session, dt.datetime], Any]) -> None:
        if not self._running or not self._opened or self._busy:
            return
        self._set_busy(True)
        now = self._clock()

        def job() -> Any:
            try:
                with self._store.transaction() as s:
                    return fn(s, now)
            except (RuleRefused, NotFound, BadInput) as exc:
                return Refusal(exc.message)

        self._worker.run(job, lambda result: self._on_done(key, result), self._on_failed)

    def _on_done(self, key: str, result: Any) -> None:
        self._set_busy(False)
        self._generation += 1
        if not self._running:
            return
        if isinstance(result, Refusal):
            log.info("counter %s: %s refused: %s", self._code, key, result.message)
            self.message.emit(result.message, REFUSAL)
            self._sync_ticket()  # our idea of the held ticket may be stale
            return
        if isinstance(result, CallResult):
            self._set_ticket(result.ticket)
            self.message.emit(_call_message(result), INFO)
            return
        assert isinstance(result, TicketView)
        held = result if result.status in ("called", "serving") else None
        self._set_ticket(held)
        self.message.emit(_action_message(key, result), INFO)

    def _on_failed(self, failure: Failure) -> None:
        message = failure.message
        self._set_busy(False)
        self._generation += 1
        if self._running:
            log.warning("counter %s action failed: %s", self._code, message)
            self.message.emit(message, ERROR)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    def _set_ticket(self, ticket: TicketView | None) -> None:
        self._ticket = ticket
        self.ticket_changed.emit(ticket)

    # --- following the store ------------------------------------------------------------

    def refresh_waiting(self) -> None:
        if not self._running or not self._opened:
            return
        if self._loading_waiting:
            self._waiting_again = True
            return
        self._loading_waiting = True
        self._waiting_again = False
        now = self._clock()

        def job() -> list[TicketView]:
            with self._store.reading() as s:
                return rules.waiting_list(s, self._code, now=now)

        self._worker.run(job, self._on_waiting, self._on_waiting_failed)

    def _on_waiting(self, tickets: list[TicketView]) -> None:
        self._loading_waiting = False
        if not self._running:
            return
        self.waiting_changed.emit(tickets)
        if self._waiting_again:
            self.refresh_waiting()

    def _on_waiting_failed(self, failure: Failure) -> None:
        message = failure.message
        self._loading_waiting = False
        log.warning("waiting list refresh failed: %s", message)
        # The feed reports the outage and triggers a refresh when the store is back.

    def _sync_ticket(self) -> None:
        """Re-read the held ticket (after a refusal, a reconnect, or a change made elsewhere)."""
        if not self._running or not self._opened:
            return
        generation = self._generation
        code = self._code

        def job() -> TicketView | None:
            with self._store.reading() as s:
                return rules.counter_ticket(s, code)

        def done(ticket: TicketView | None) -> None:
            current = self._running and not self._busy and generation == self._generation
            if current and ticket != self._ticket:
                self._set_ticket(ticket)

        self._worker.run(job, done, lambda failure: log.warning("sync failed: %s", failure.message))

    def _on_events(self, batch: list[EventView]) -> None:
        if not self._running:
            return
        if any(e.kind in WAITING_KINDS for e in batch):
            self._debounce.start()
        if any(e.data.get("counter") == self._code and e.kind.startswith("ticket_") for e in batch):
            # Our own actions echo back here too; a changed ticket (a supervisor acting on
            # this counter from elsewhere) is picked up, an unchanged one is left alone.
            self._sync_ticket()

    def _on_store_available(self, ok: bool) -> None:
        if not self._running:
            return
        self.store_available.emit(ok)
        if ok:
            self.refresh_waiting()
            self._sync_ticket()


def _call_message(result: CallResult) -> str:
    parts = []
    if result.finished is not None:
        parts.append(f"{result.finished.code} selesai.")
    if result.ticket is None:
        parts.append("Tidak ada yang menunggu.")
    else:
        t = result.ticket
        parts.append(f"Memanggil {t.code} — {t.service_name}.")
    return " ".join(parts)


def _action_message(key: str, t: TicketView) -> str:
    if key == actions.RECALL.key:
        return f"{t.code} dipanggil ulang (panggilan ke-{t.call_count})."
    if key == actions.START.key:
        return f"{t.code} mulai dilayani."
    if key == actions.FINISH.key:
        return f"{t.code} selesai dilayani."
    if key == actions.NO_SHOW.key:
        return f"{t.code} dicatat tidak hadir."
    return f"{t.code}: {actions.STATUS_TEXT.get(t.status, t.status)}."
