"""The counter's controller: one clerk action at a time at one counter (the log-in before it
is :mod:`counter.login`).

Every action is one transaction in the worker. While an action is in flight every other
action is ignored (and the view disables its buttons), so a double press can never call two
tickets. When the store is unreachable nothing is sent: actions are refused with the banner
up, and the app probes the store until it answers again. The waiting list follows the event
feed: a burst of relevant events becomes one re-query. What each job reads and writes is
in :mod:`counter.session` (no Qt); what the clerk reads afterwards, in :mod:`counter.messages`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy.orm import Session

from counter import actions, session
from counter.messages import action_message, call_message, counter_message, line
from counter.session import COUNTER_KINDS, WAITING_KINDS, Clerk, Clock, Opened, Refusal, Waiting
from shared import auth, rules
from shared.dto import CallResult, CounterView, TicketView
from shared.errors import BadInput, NotFound, RuleRefused
from shared.events import EventView
from shared.store import Store
from shared.ui.feed import FeedFactory as FeedFactory  # counter.app builds with it
from shared.ui.reload import Reloader
from shared.ui.worker import Failure, Worker

log = logging.getLogger(__name__)

RETRY_MS = 5000
PROBE_MS = 2000
# An action that has not come back by then is waiting on a store that does not answer
# (a silent network, a server stuck): the clerk sees the banner instead of a frozen button.
SLOW_MS = 8000
WAITING_DEBOUNCE_MS = 0
CALENDAR_REFRESH_MS = 60_000  # a break, a holiday or the cut-off begins without any event

INFO, REFUSAL, ERROR = "info", "refusal", "error"


class CounterController(QObject):
    """One clerk at one counter.

    Signals (facts): ``counter_opened(Opened)``, ``counter_changed(CounterView)``,
    ``ticket_changed(TicketView | None)``, ``waiting_changed(list[TicketView])``,
    ``day_changed(CounterDay)``, ``busy_changed(bool)``, ``message(str text, str kind)``,
    ``store_available(bool)``, ``logged_out(str reason)`` (empty after a normal log-out).

    Commands: ``start(clerk, counter)``, ``stop()``, ``call_next()``, ``recall()``,
    ``start_serving()``, ``finish()``, ``no_show()``, ``transfer(service)``,
    ``call_ticket(ref)``, ``requeue(ref)``, ``pause(reason)``, ``close()``, ``resume()``,
    ``log_out()``."""

    counter_opened = Signal(object)
    counter_changed = Signal(object)
    ticket_changed = Signal(object)
    waiting_changed = Signal(list)
    day_changed = Signal(object)
    busy_changed = Signal(bool)
    message = Signal(str, str)
    store_available = Signal(bool)
    clock_warning = Signal(str)
    logged_out = Signal(str)

    def __init__(
        self, store: Store, worker: Worker, *, clock: Clock, feed_factory: FeedFactory,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock_text = ""
        self._worker = worker
        self._code = ""
        self._clerk: Clerk | None = None
        self._clock = clock
        self._running = False
        self._opened = False
        self._busy = False
        self._store_ok = True
        self._ticket: TicketView | None = None
        self._counter: CounterView | None = None
        # A sync that started before an action finished must not overwrite its result.
        self._generation = 0
        self._waiting = Reloader(worker, self._prepare_waiting, self._on_waiting,
                                 on_failed=self._on_waiting_failed, feed_factory=feed_factory,
                                 on_events=self._on_events, on_store=self._on_feed_store)
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self._open)
        self._probe_timer = QTimer(self, singleShot=True, interval=PROBE_MS)
        self._probe_timer.timeout.connect(self._probe)
        self._debounce = QTimer(self, singleShot=True, interval=WAITING_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh_waiting)
        self._slow = QTimer(self, singleShot=True, interval=SLOW_MS)
        self._slow.timeout.connect(self._on_slow)
        # A break or the cut-off starts with no event: the day's line is re-read now and then.
        self._calendar = QTimer(self, interval=CALENDAR_REFRESH_MS)
        self._calendar.timeout.connect(self.refresh_waiting)

    @property
    def counter_code(self) -> str:
        return self._code

    @property
    def clerk(self) -> Clerk | None:
        return self._clerk

    @property
    def ticket(self) -> TicketView | None:
        return self._ticket

    @property
    def counter(self) -> CounterView | None:
        return self._counter

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def running(self) -> bool:
        return self._running

    @property
    def store_ok(self) -> bool:
        return self._store_ok

    @property
    def _user_id(self) -> int | None:
        return self._clerk.user_id if self._clerk else None

    # --- lifecycle ----------------------------------------------------------------------

    def start(self, clerk: Clerk | None = None, counter_code: str | None = None) -> None:
        """Open ``counter_code`` for ``clerk`` and resume whatever ticket it still holds
        (with no arguments: the same counter and clerk again)."""
        if counter_code is not None:
            code = counter_code.strip().upper()
            if self._running and code == self._code and clerk == self._clerk:
                return  # a second tap on the same counter
            self._clerk = clerk
            self._code = code
        if not self._code:
            return
        self._running = True
        self._opened = False
        self._calendar.start()
        self._open()

    def stop(self, *, release: bool = True) -> None:
        """Stop following the store. With ``release``, a counter that holds no ticket is
        closed (in the worker; the app waits for it before it ends). A held ticket stays with
        the counter, so the clerk resumes it after a restart."""
        was_open = self._running and self._opened
        self._running = False
        self._opened = False
        self._retry.stop()
        self._probe_timer.stop()
        self._debounce.stop()
        self._slow.stop()
        self._calendar.stop()
        self._waiting.stop()
        if release and was_open and self._store_ok:
            code, now, user_id = self._code, self._clock(), self._user_id
            self._worker.run(lambda: session.release(self._store, code, now=now, user_id=user_id),
                             lambda _r: log.info("counter %s closed on exit", code),
                             lambda f: log.warning("could not close %s on exit: %s", code, f.message))

    def _open(self) -> None:
        if not self._running:
            return
        now = self._clock()
        code = self._code
        user_id = self._user_id
        username = self._clerk.username if self._clerk else None

        def job() -> Opened:
            return session.open_counter(self._store, code, now=now, user_id=user_id, username=username)

        self._set_busy(True)
        self._worker.run(job, self._on_opened, self._on_open_failed)

    def _on_opened(self, opened: Opened) -> None:
        self._check_clock()
        self._set_busy(False)
        if not self._running:
            return
        self._opened = True
        self._waiting.start()
        self._generation += 1
        self._counter = opened.counter
        log.info("counter %s open, holding %s", self._code,
                 opened.ticket.code if opened.ticket else "nothing")
        self.counter_opened.emit(opened)
        self._set_ticket(opened.ticket)
        self.waiting_changed.emit(opened.waiting)
        self.day_changed.emit(opened.day)
        self._set_store_ok(True)
        if opened.taken_from is not None:
            self.message.emit(line("taken_over", counter=opened.counter.name, clerk=opened.taken_from) + (
                " " + line("resuming", code=opened.ticket.code) if opened.ticket else ""), INFO)
        elif opened.ticket is not None:
            self.message.emit(line("resuming", code=opened.ticket.code), INFO)
        else:
            self.message.emit(line("opened", counter=opened.counter.name), INFO)
        self._waiting.follow(opened.last_event_id)

    def _on_open_failed(self, failure: Failure) -> None:
        self._set_busy(False)
        if not self._running:
            return
        log.warning("counter %s could not open: %s", self._code, failure.message)
        self.message.emit(failure.message, ERROR)
        if failure.store_down:
            self._set_store_ok(False)
            self._retry.start()
        else:  # e.g. not this clerk's counter: back to the log-in, saying why
            self._running = False
            self.logged_out.emit(failure.message)

    # --- clerk actions ------------------------------------------------------------------

    def call_next(self) -> None:
        self._act(actions.NEXT.key, lambda s, now, u: rules.call_next(s, self._code, now=now, user_id=u))

    def recall(self) -> None:
        self._act(actions.RECALL.key, lambda s, now, u: rules.recall(s, self._code, now=now, user_id=u))

    def start_serving(self) -> None:
        self._act(actions.START.key, lambda s, now, u: rules.start(s, self._code, now=now, user_id=u))

    def finish(self) -> None:
        self._act(actions.FINISH.key, lambda s, now, u: rules.finish(s, self._code, now=now, user_id=u))

    def no_show(self) -> None:
        self._act(actions.NO_SHOW.key, lambda s, now, u: rules.no_show(s, self._code, now=now, user_id=u))

    def transfer(self, service_code: str) -> None:
        self._act(actions.TRANSFER.key, lambda s, now, u: rules.transfer(
            s, self._code, service_code, now=now, user_id=u))

    def call_ticket(self, ref: str) -> None:
        if not ref.strip():
            self.message.emit(line("type_number"), REFUSAL)
            return
        self._act(actions.CALL.key, lambda s, now, u: rules.call_ticket(
            s, self._code, ref, now=now, user_id=u))

    def requeue(self, ref: str) -> None:
        if not ref.strip():
            self.message.emit(line("type_no_show"), REFUSAL)
            return
        self._act(actions.REQUEUE.key, lambda s, now, u: rules.requeue(s, ref, now=now, user_id=u))

    def pause(self, reason: str) -> None:
        self._act("pause", lambda s, now, u: rules.pause_counter(s, self._code, reason, now=now, user_id=u))

    def close(self) -> None:
        """Close the counter but stay logged in (e.g. the end of a shift's window)."""
        self._act("close", lambda s, now, u: rules.close_counter(s, self._code, now=now, user_id=u))

    def resume(self) -> None:
        self._act("resume", lambda s, now, u: rules.open_counter(s, self._code, now=now, user_id=u))

    def log_out(self) -> None:
        """Close the counter and log out; refused while a ticket is held."""
        if self._ticket is not None:
            self.message.emit(line("held_on_leaving", code=self._ticket.code), REFUSAL)
            return

        def fn(s: Session, now: dt.datetime, u: int | None) -> CounterView:
            view = rules.close_counter(s, self._code, now=now, user_id=u)
            if u is not None:
                auth.log_out(s, u, now=now, counter=self._code)
            return view

        self._act("logout", fn)

    def run_action(self, key: str) -> None:
        """Run an action that needs no argument by its key (``actions.NEXT.key``...)."""
        {
            actions.NEXT.key: self.call_next,
            actions.RECALL.key: self.recall,
            actions.START.key: self.start_serving,
            actions.FINISH.key: self.finish,
            actions.NO_SHOW.key: self.no_show,
        }[key]()

    def _act(self, key: str, fn: Callable[[Session, dt.datetime, int | None], Any]) -> None:
        if not self._running or not self._opened or self._busy:
            return
        if not self._store_ok:
            self.message.emit(line("not_sent"), ERROR)
            return
        self._set_busy(True)
        now = self._clock()
        user_id = self._user_id

        def job() -> Any:
            try:
                with self._store.transaction() as s:
                    return fn(s, now, user_id)
            except (RuleRefused, NotFound, BadInput) as exc:
                return Refusal(exc.message)

        self._slow.start()
        self._worker.run(job, lambda result: self._on_done(key, result), self._on_failed)

    def _on_slow(self) -> None:
        if self._running and self._busy:
            log.warning("counter %s: the store has not answered for %d ms", self._code, SLOW_MS)
            self._set_store_ok(False)
            self.message.emit(line("slow"), ERROR)

    def _on_done(self, key: str, result: Any) -> None:
        self._set_busy(False)
        self._generation += 1
        self._check_clock()
        if not self._running:
            return
        if self._slow.isActive():
            self._slow.stop()
        elif not self._store_ok:
            self._set_store_ok(True)  # it answered after all
        if isinstance(result, Refusal):
            log.info("counter %s: %s refused: %s", self._code, key, result.message)
            text = result.message
            if key == actions.RECALL.key and self._ticket is not None and self._ticket.status == "serving":
                text = line("already_serving", code=self._ticket.code)
            self.message.emit(text, REFUSAL)
            self._sync_ticket()  # our idea of the held ticket may be stale
            return
        if key == "logout":
            log.info("counter %s closed; %s logged out", self._code,
                     self._clerk.username if self._clerk else "?")
            self.stop(release=False)
            self.logged_out.emit("")
            return
        if isinstance(result, CounterView):
            self._set_counter(result)
            self.message.emit(counter_message(result), INFO)
            return
        if isinstance(result, CallResult):
            self._set_ticket(result.ticket)
            self.message.emit(call_message(result), INFO)
            self._debounce.start()  # the counts move with the call
            return
        assert isinstance(result, TicketView)
        held = result if result.status in ("called", "serving") and result.counter == self._code else None
        if key != actions.REQUEUE.key:
            self._set_ticket(held)
        self.message.emit(action_message(key, result), INFO)
        self._debounce.start()

    def _on_failed(self, failure: Failure) -> None:
        self._set_busy(False)
        self._generation += 1
        self._slow.stop()
        if not self._running:
            return
        log.warning("counter %s action failed: %s", self._code, failure.message)
        if failure.store_down:
            self._set_store_ok(False)
            self.message.emit(line("not_run"), ERROR)
            self._probe_timer.start()
        else:
            self.message.emit(failure.message, ERROR)
            self._sync_ticket()

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    def _set_ticket(self, ticket: TicketView | None) -> None:
        self._ticket = ticket
        self.ticket_changed.emit(ticket)

    def _set_counter(self, view: CounterView) -> None:
        self._counter = view
        self.counter_changed.emit(view)

    def _set_store_ok(self, ok: bool) -> None:
        if ok != self._store_ok:
            self._store_ok = ok
            log.warning("store %s", "is back" if ok else "unreachable")
            self.store_available.emit(ok)
            if ok:
                self.message.emit(line("store_back"), INFO)
                self.refresh_waiting()
                self._sync_ticket()
                self._sync_counter()
            else:
                self.message.emit(line("store_down"), ERROR)

    # --- following the store ------------------------------------------------------------

    def _probe(self) -> None:
        """After an action found the store down: ask again until it answers."""
        if not self._running or self._store_ok:
            return

        def job() -> None:
            with self._store.reading() as s:
                rules.counter_state(s, self._code)

        def failed(_f: Failure) -> None:
            if self._running and not self._store_ok:
                self._probe_timer.start()

        self._worker.run(job, lambda _r: self._set_store_ok(True) if self._running else None, failed)

    def refresh_waiting(self) -> None:
        """Re-read the waiting list and the day's counts; calls made while loading coalesce."""
        if self._opened:
            self._waiting.request()

    def _prepare_waiting(self) -> Callable[[], Waiting]:
        now = self._clock()
        code = self._code

        return lambda: session.read_waiting(self._store, code, now)

    def _on_waiting(self, waiting: Waiting) -> None:
        self.waiting_changed.emit(waiting.tickets)
        self.day_changed.emit(waiting.day)
        self._check_clock()

    def _check_clock(self) -> None:
        """Tell staff when this PC's clock is off the server's (the store found it on its last
        transaction); the queue itself runs on the server's time either way."""
        skew = rules.clock_skew(self._store.engine)
        text = rules.skew_warning(skew) if skew is not None else ""
        if text != self._clock_text:
            self._clock_text = text
            self.clock_warning.emit(text)

    def _on_waiting_failed(self, failure: Failure) -> None:
        log.warning("waiting list refresh failed: %s", failure.message)
        # The feed reports the outage and triggers a refresh when the store is back.

    def _sync_ticket(self) -> None:
        """Re-read the held ticket (after a refusal, a reconnect, or a change made elsewhere)."""
        if not self._running or not self._opened:
            return
        generation = self._generation
        code = self._code

        def done(ticket: TicketView | None) -> None:
            current = self._running and not self._busy and generation == self._generation
            if current and ticket != self._ticket:
                self._set_ticket(ticket)

        self._worker.run(lambda: session.read_ticket(self._store, code), done,
                         lambda failure: log.warning("sync failed: %s", failure.message))

    def _sync_counter(self) -> None:
        """Re-read the counter's state (a supervisor may have opened or closed it)."""
        if not self._running or not self._opened:
            return
        code = self._code

        def done(view: CounterView) -> None:
            if self._running and view != self._counter:
                if self._counter is not None and view.state != self._counter.state:
                    self.message.emit(counter_message(view), INFO)
                self._set_counter(view)

        self._worker.run(lambda: session.read_counter(self._store, code), done,
                         lambda failure: log.warning("sync failed: %s", failure.message))

    def _on_events(self, batch: list[EventView]) -> None:
        if not self._running:
            return
        if any(e.kind in WAITING_KINDS for e in batch) and not self._debounce.isActive():
            self._debounce.start()
        ours = [e for e in batch if e.data.get("counter") == self._code]
        if any(e.kind.startswith("ticket_") for e in ours):
            # Our own actions echo back here too; a changed ticket (a supervisor acting on
            # this counter from elsewhere) is picked up, an unchanged one is left alone.
            self._sync_ticket()
        if any(e.kind in COUNTER_KINDS for e in ours):
            self._sync_counter()

    def _on_feed_store(self, ok: bool) -> None:
        if self._running:
            self._set_store_ok(ok)
            if not ok:
                self._probe_timer.stop()  # the feed reconnects by itself and reports back

