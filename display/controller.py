"""The display's controller: rebuilds the board from the store, then follows the feed.

It owns the :class:`~display.board.BoardState`, runs every store read in the worker, and
hands each live call to the announcer port. The board is rebuilt from the store at start-up
and again whenever the feed comes back after losing the store, so an outage never leaves a
stale board. Calls found by the start-up read are shown, never read out, so a restart does
not call the last visitor again; live calls are announced (and flash). A rebuild after an
outage reads out the calls the board missed meanwhile that still stand (each counter's last,
made within the last two minutes: :func:`display.board.missed_calls`), so a visitor called
while the board was cut off still hears the number.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from display import board, source
from display.board import EVERYWHERE, BoardState, Scope
from display.clock import ms_to_midnight
from display.ports import Announcer
from shared import announce
from shared.events import EventView
from shared.rules import business_day
from shared.store import Store
from shared.ui.feed import FeedFactory as FeedFactory  # display.app builds with it
from shared.ui.reload import Reloader
from shared.ui.worker import Failure, Worker

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
Counts = tuple[tuple[board.AgencyCount, ...], tuple[board.CounterSlot, ...]]

RETRY_MS = 5000
DAY_CHECK_MS = 60_000
"""A safety net besides the midnight timer (a sleeping PC, a clock set by hand)."""
COUNTS_DELAY_MS = 300
"""Waiting counts are re-read this long after the last queue event (a burst reads once)."""


class DisplayController(QObject):
    """Signals: ``board_changed(BoardState)``, ``called(Call)`` (a live call or recall: flash),
    ``site_changed(SiteInfo)``, ``store_available(bool)``, ``scope_problem(str | None)``."""

    board_changed = Signal(object)
    called = Signal(object)
    site_changed = Signal(object)
    store_available = Signal(bool)
    scope_problem = Signal(object)

    def __init__(
        self, store: Store, worker: Worker, *, clock: Clock, feed_factory: FeedFactory,
        announcer: Announcer | None = None, scope: Scope = EVERYWHERE, parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._worker = worker
        self._clock = clock
        self._announcer = announcer
        self._scope = scope
        self._state = BoardState()
        self._site: source.SiteInfo | None = None
        self._running = False
        self._loading = False
        self._buffer: list[EventView] | None = None  # feed events that arrive during a rebuild
        self._feed_ok = True
        # The waiting counts, re-read after queue events; it also holds the feed.
        self._counts = Reloader(worker, self._prepare_counts, self._on_counts,
                                on_failed=lambda f: log.warning("waiting counts not read: %s", f.message),
                                feed_factory=feed_factory, on_events=self._on_events,
                                on_store=self._on_feed_store)
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self._load)
        self._day_timer = QTimer(self, interval=DAY_CHECK_MS)
        self._day_timer.timeout.connect(self._check_day)
        self._midnight = QTimer(self, singleShot=True)
        self._midnight.timeout.connect(self._on_midnight)
        self._counts_timer = QTimer(self, singleShot=True, interval=COUNTS_DELAY_MS)
        self._counts_timer.timeout.connect(self._counts.request)

    @property
    def state(self) -> BoardState:
        return self._state

    @property
    def site(self) -> source.SiteInfo | None:
        return self._site

    @property
    def scope(self) -> Scope:
        return self._scope

    # --- commands -----------------------------------------------------------------------

    def start(self) -> None:
        self._running = True
        self._counts.start()
        self._load()
        self._day_timer.start()

    def stop(self) -> None:
        self._running = False
        for timer in (self._retry, self._day_timer, self._midnight, self._counts_timer):
            timer.stop()
        self._counts.stop()

    # --- start-up and rebuilds ----------------------------------------------------------

    def _load(self) -> None:
        if self._loading:
            return
        self._loading = True
        now = self._clock()
        scope = self._scope

        def job() -> source.Snapshot:
            with self._store.reading() as s:
                return source.snapshot(s, now, scope)

        self._worker.run(job, self._on_loaded, self._on_load_failed)

    def _on_loaded(self, snap: source.Snapshot) -> None:
        self._loading = False
        if not self._running:
            return
        seen = self._state.last_event_id  # 0 at start-up: nothing is read out then
        self._set_site(snap.site)
        self.scope_problem.emit(snap.scope_problem)
        state = board.replay(snap.events, BoardState(business_day=snap.business_day), self._scope)
        state = board.start_day(state, snap.business_day)
        state = board.with_counters(board.with_waiting(state, snap.waiting), snap.counters)
        self._state = _at_event(state, snap.last_event_id)
        log.info("board rebuilt from %d events up to #%d", len(snap.events), snap.last_event_id)
        self.board_changed.emit(self._state)
        if seen:
            missed = board.missed_calls(snap.events, seen, self._state, self._scope)
            if missed:
                log.info("reading out %d call(s) made while the board was cut off", len(missed))
            for call in missed:
                self._announce(call)
        self.store_available.emit(True)
        self._schedule_midnight()
        buffered, self._buffer = self._buffer or [], None
        self._counts.follow(snap.last_event_id)
        # Events the feed delivered while the snapshot was read: only the newer ones count.
        newer = [e for e in buffered if e.id > snap.last_event_id]
        if newer:
            self._on_events(newer)

    def _on_load_failed(self, failure: Failure) -> None:
        self._loading = False
        if not self._running:
            return
        log.warning("board could not load: %s", failure.message)
        self.store_available.emit(False)
        self._retry.start()

    def _on_feed_store(self, ok: bool) -> None:
        self.store_available.emit(ok)
        back = ok and not self._feed_ok
        self._feed_ok = ok
        if back and self._running:
            log.info("store is back: rebuilding the board")
            self._buffer = []
            self._load()

    def _set_site(self, site: source.SiteInfo) -> None:
        self._site = site
        self.site_changed.emit(site)

    # --- the live feed ------------------------------------------------------------------

    def _on_events(self, batch: list[EventView]) -> None:
        if not self._running:
            return
        if self._buffer is not None:
            self._buffer.extend(batch)
            return
        before = self._state
        counts = False
        for event in batch:
            if event.id <= self._state.last_event_id:
                continue  # already in the board (a rebuild read it)
            self._state = board.apply(self._state, event, self._scope)
            call = board.shown_call(event, self._scope)
            if call is not None and self._state.latest is not None:
                self.called.emit(self._state.latest)
                self._announce(self._state.latest)
            elif event.kind == "site_loaded":
                self._reload_site()
            counts = counts or event.kind in board.QUEUE_KINDS
        if (self._state.calls != before.calls or self._state.business_day != before.business_day
                or self._state.counters != before.counters):
            self.board_changed.emit(self._state)
        if counts:
            self._counts_timer.start()

    def _announce(self, call: board.Call) -> None:
        if self._announcer is None or self._site is None:
            return
        try:
            text = announce.announcement(
                call.code, call.counter_name, template=self._site.announcement,
                mode=self._site.number_mode, service_name=call.service_name,
                agency_name=call.agency_name)
        except (KeyError, IndexError, ValueError):  # a broken template in the site file
            log.warning("bad announcement template %r; using the default", self._site.announcement)
            text = announce.announcement(call.code, call.counter_name, mode=self._site.number_mode)
        short = announce.short_announcement(call.code, call.counter_name, mode=self._site.number_mode)
        self._announcer.announce(text, call, short)

    def _reload_site(self) -> None:
        now = self._clock()

        def job() -> source.SiteInfo:
            with self._store.reading() as s:
                return source.site_info(s, now)

        def done(site: source.SiteInfo) -> None:
            if self._running:
                self._set_site(site)
                self._schedule_midnight()

        self._worker.run(job, done, lambda failure: log.warning("site reload failed: %s", failure.message))

    def _prepare_counts(self) -> Callable[[], tuple[dt.date | None, Counts]]:
        day = self._state.business_day
        scope = self._scope

        def job() -> tuple[dt.date | None, Counts]:
            if day is None:
                return day, ((), ())
            with self._store.reading() as s:
                return day, (source.waiting_counts(s, day, scope), source.counter_slots(s, day, scope))

        return job

    def _on_counts(self, read: tuple[dt.date | None, Counts]) -> None:
        day, (counts, counters) = read
        if day != self._state.business_day:
            return
        state = board.with_counters(board.with_waiting(self._state, counts), counters)
        if state != self._state:
            self._state = state
            self.board_changed.emit(self._state)

    # --- the day ------------------------------------------------------------------------

    def _schedule_midnight(self) -> None:
        if self._site is None or not self._running:
            return
        self._midnight.start(ms_to_midnight(self._clock(), zoneinfo.ZoneInfo(self._site.timezone)))

    def _on_midnight(self) -> None:
        self._check_day()
        self._schedule_midnight()

    def _check_day(self) -> None:
        """Clear yesterday's calls at midnight, before anyone is called."""
        if self._site is None:
            return
        day = business_day(self._site, self._clock())
        state = board.start_day(self._state, day)
        if state != self._state:
            log.info("new day %s: board cleared", day)
            self._state = state
            self.board_changed.emit(state)
            self._counts_timer.start()
            self._reload_site()  # a holiday, or the day after one, is shown from its first minute


def _at_event(state: BoardState, last_event_id: int) -> BoardState:
    return BoardState(calls=state.calls, waiting=state.waiting, business_day=state.business_day,
                      last_event_id=max(state.last_event_id, last_event_id), counters=state.counters)
