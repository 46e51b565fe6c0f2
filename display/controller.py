"""The display's controller: rebuilds the board from the store, then follows the feed.

It owns the :class:`~display.board.BoardState`, runs every store read in the worker, and
hands each live call to the announcer port (none yet: the voice comes in a later issue).
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from display import board, source
from display.board import BoardState
from display.ports import Announcer
from shared import announce
from shared.events import EventView
from shared.store import Store
from shared.ui.feed import FeedWatcher
from shared.ui.worker import Failure, Worker

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
FeedFactory = Callable[[int], FeedWatcher]

RETRY_MS = 5000
DAY_CHECK_MS = 60_000


class DisplayController(QObject):
    """Signals: ``board_changed(BoardState)``, ``site_changed(SiteInfo)``,
    ``store_available(bool)``."""

    board_changed = Signal(object)
    site_changed = Signal(object)
    store_available = Signal(bool)

    def __init__(
        self, store: Store, worker: Worker, *, clock: Clock, feed_factory: FeedFactory,
        announcer: Announcer | None = None, parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._worker = worker
        self._clock = clock
        self._feed_factory = feed_factory
        self._announcer = announcer
        self._feed: FeedWatcher | None = None
        self._state = BoardState()
        self._site: source.SiteInfo | None = None
        self._running = False
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self._load)
        self._day_timer = QTimer(self, interval=DAY_CHECK_MS)
        self._day_timer.timeout.connect(self._check_day)

    @property
    def state(self) -> BoardState:
        return self._state

    @property
    def site(self) -> source.SiteInfo | None:
        return self._site

    # --- commands -----------------------------------------------------------------------

    def start(self) -> None:
        self._running = True
        self._load()
        self._day_timer.start()

    def stop(self) -> None:
        self._running = False
        self._retry.stop()
        self._day_timer.stop()
        if self._feed is not None:
            self._feed.stop()
            self._feed = None

    # --- start-up -----------------------------------------------------------------------

    def _load(self) -> None:
        now = self._clock()

        def job() -> source.Snapshot:
            with self._store.reading() as s:
                return source.snapshot(s, now)

        self._worker.run(job, self._on_loaded, self._on_load_failed)

    def _on_loaded(self, snap: source.Snapshot) -> None:
        if not self._running:
            return
        self._set_site(snap.site)
        self._state = board.replay(snap.events, BoardState(business_day=snap.business_day))
        self._state = board.start_day(self._state, snap.business_day)
        log.info("board rebuilt from %d events up to #%d", len(snap.events), snap.last_event_id)
        self.board_changed.emit(self._state)
        self.store_available.emit(True)
        self._feed = self._feed_factory(snap.last_event_id)
        self._feed.events_arrived.connect(self._on_events)
        self._feed.store_available.connect(self.store_available)
        self._feed.start()

    def _on_load_failed(self, failure: Failure) -> None:
        message = failure.message
        if not self._running:
            return
        log.warning("board could not load: %s", message)
        self.store_available.emit(False)
        self._retry.start()

    def _set_site(self, site: source.SiteInfo) -> None:
        self._site = site
        self.site_changed.emit(site)

    # --- the live feed ------------------------------------------------------------------

    def _on_events(self, batch: list[EventView]) -> None:
        if not self._running:
            return
        before = self._state
        for event in batch:
            self._state = board.apply(self._state, event)
            if event.kind in board.CALL_KINDS and self._state.latest is not None:
                self._announce(self._state.latest)
            elif event.kind == "site_loaded":
                self._reload_site()
        if self._state.calls != before.calls or self._state.flash != before.flash:
            self.board_changed.emit(self._state)

    def _announce(self, call: board.Call) -> None:
        if self._announcer is None or self._site is None:
            return
        text = announce.announcement(
            call.code, call.counter_name, template=self._site.announcement,
            mode=self._site.number_mode, service_name=call.service_name,
            agency_name=call.agency_name)
        self._announcer.announce(text, call)

    def _reload_site(self) -> None:
        def job() -> source.SiteInfo:
            with self._store.reading() as s:
                return source.site_info(s)

        def done(site: source.SiteInfo) -> None:
            if self._running:
                self._set_site(site)

        self._worker.run(job, done, lambda failure: log.warning("site reload failed: %s", failure.message))

    def _check_day(self) -> None:
        """Clear yesterday's calls at the first minute of a new day, before anyone is called."""
        if self._site is None:
            return
        day = self._clock().astimezone(zoneinfo.ZoneInfo(self._site.timezone)).date()
        state = board.start_day(self._state, day)
        if state != self._state:
            self._state = state
            self.board_changed.emit(state)
