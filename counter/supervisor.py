"""The supervisor view's controller: every counter's state and ticket, queue lengths and the
longest wait per service, kept fresh from the event feed; reopen a no-show, expire a ticket,
open and close counters from here.

:class:`SupervisorController` runs each action as one transaction in the worker (the rules
check the role again); :class:`counter.supervisor_page.SupervisorPage` renders a
:class:`~shared.dto.StatusView` and emits intents.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy.orm import Session

from counter.actions import COUNTER_STATE_TEXT, STATUS_TEXT
from shared import auth, events, rules
from shared.dto import CounterView, StatusView, TicketView
from shared.errors import BadInput, NotFound, RuleRefused
from shared.events import EventView
from shared.store import Store
from shared.ui.feed import FeedFactory
from shared.ui.reload import Reloader
from shared.ui.worker import Failure, Worker

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
REFRESH_DEBOUNCE_MS = 250
TICK_MS = 30_000


class SupervisorController(QObject):
    """Signals: ``status_changed(StatusView)``, ``busy_changed(bool)``, ``message(str, str)``.
    Commands: ``start(user_id)``, ``stop()``, ``refresh()``, ``open_counter(code)``,
    ``close_counter(code)``, ``requeue(ref)``, ``expire(ref)``, ``reprint(ref)``."""

    status_changed = Signal(object)
    busy_changed = Signal(bool)
    message = Signal(str, str)

    def __init__(self, store: Store, worker: Worker, *, clock: Clock, feed_factory: FeedFactory,
                 reprint: Callable[[Store, str, dt.datetime], str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._worker = worker
        self._clock = clock
        self._reprint = reprint
        self._user_id: int | None = None
        self._running = False
        self._busy = False
        self._status = Reloader(worker, self._prepare_status, self.status_changed.emit,
                                on_failed=self._on_status_failed, feed_factory=feed_factory,
                                on_events=self._on_events,
                                on_store=lambda ok: self.refresh() if ok else None)
        self._debounce = QTimer(self, singleShot=True, interval=REFRESH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self._tick = QTimer(self, interval=TICK_MS)
        self._tick.timeout.connect(self.refresh)

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def can_reprint(self) -> bool:
        return self._reprint is not None

    def start(self, user_id: int | None) -> None:
        self._user_id = user_id
        self._running = True
        self._status.start()
        self._tick.start()

        def job() -> int:
            with self._store.reading() as s:
                return events.last_event_id(s)

        self._worker.run(job, self._status.follow, lambda f: self.message.emit(f.message, "error"))
        self.refresh()

    def stop(self) -> None:
        self._running = False
        self._tick.stop()
        self._debounce.stop()
        self._status.stop()

    def refresh(self) -> None:
        """Re-read every counter and queue; calls made while loading coalesce."""
        self._status.request()

    def _prepare_status(self) -> Callable[[], StatusView]:
        now = self._clock()

        def job() -> StatusView:
            with self._store.reading() as s:
                return rules.status(s, now=now)

        return job

    def _on_status_failed(self, failure: Failure) -> None:
        log.warning("supervisor refresh failed: %s", failure.message)
        self.message.emit(failure.message, "error")

    def _on_events(self, _batch: list[EventView]) -> None:
        if self._running and not self._debounce.isActive():
            self._debounce.start()

    # --- actions ------------------------------------------------------------------------

    def open_counter(self, code: str) -> None:
        self._act(lambda s, now, u: rules.open_counter_remotely(s, code, now=now, user_id=u))

    def close_counter(self, code: str) -> None:
        self._act(lambda s, now, u: rules.close_counter(s, code, now=now, user_id=u))

    def requeue(self, ref: str) -> None:
        self._act(lambda s, now, u: rules.requeue(s, ref, now=now, user_id=u), needs_ref=ref)

    def expire(self, ref: str) -> None:
        self._act(lambda s, now, u: rules.expire_ticket(s, ref, now=now, user_id=u), needs_ref=ref)

    def reprint(self, ref: str) -> None:
        """Print a visitor's receipt again on this station's printer (outside any
        transaction; a failing printer comes back as one calm line)."""
        printer = self._reprint
        if printer is None:
            self.message.emit("Cetak ulang belum tersedia di komputer ini.", "refusal")
            return
        self._act(None, needs_ref=ref, run=lambda now: printer(self._store, ref, now))

    def _act(
        self, fn: Callable[[Session, dt.datetime, int | None], Any] | None, needs_ref: str | None = None,
        *, run: Callable[[dt.datetime], Any] | None = None,
    ) -> None:
        """One action at the app's clock: ``fn`` in one write transaction, or ``run`` on its own."""
        if not self._running or self._busy:
            return
        if needs_ref is not None and not needs_ref.strip():
            self.message.emit("Ketik atau pindai nomor tiket dulu.", "refusal")
            return
        self._set_busy(True)
        now = self._clock()
        user_id = self._user_id

        def job() -> Any:
            try:
                if user_id is not None:
                    with self._store.reading() as s:
                        auth.require_supervisor(s, user_id)
                if fn is None:
                    assert run is not None
                    return run(now)
                with self._store.transaction() as s:
                    return fn(s, now, user_id)
            except (RuleRefused, NotFound, BadInput) as exc:
                return Failure(exc.message)

        self._worker.run(job, self._on_done, self._on_failed)

    def _on_done(self, result: Any) -> None:
        self._set_busy(False)
        if isinstance(result, Failure):
            self.message.emit(result.message, "refusal")
        elif isinstance(result, CounterView):
            state = COUNTER_STATE_TEXT.get(result.state, result.state).lower()
            self.message.emit(f"{result.name} sekarang {state}.", "info")
        elif isinstance(result, TicketView):
            self.message.emit(f"Tiket {result.code}: {STATUS_TEXT.get(result.status, result.status)}.",
                              "info")
        elif isinstance(result, str):
            self.message.emit(result, "info")
        self.refresh()

    def _on_failed(self, failure: Failure) -> None:
        self._set_busy(False)
        self.message.emit(failure.message, "error")

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)
