"""Keep one read of the store fresh in an app: reload in the worker, coalescing requests made
while loading, and the event feed that says when to reload.

Each app keeps something fresh this way: the kiosk's catalog, the counter's waiting list, the
supervisor's status, the display's waiting counts. :class:`Reloader` is that plumbing, once:

- ``request()`` runs a read in the worker and hands its result to ``on_loaded`` on the GUI
  thread (a failure to ``on_failed``). Requests made while a read is in flight are not lost
  and not multiplied: however many come, exactly one more read runs when the current one
  ends. A failed read drops them; its owner decides when to try again (a retry timer, the
  feed reporting the store back).
- ``follow(last_id)`` starts the event feed from ``last_id``, once; its batches go to
  ``on_events`` and its store reports to ``on_store``.
- ``stop()`` stops the feed. From then on requests do nothing and feed signals still queued
  are dropped, and a read still in flight is dropped when it ends; ``start()`` takes
  requests again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from shared.events import EventView
from shared.ui.feed import FeedFactory, FeedWatcher
from shared.ui.worker import Failure, Worker

T = TypeVar("T")


class Reloader(Generic[T]):
    """``prepare()`` runs on the GUI thread as each read starts, so the read takes the clock,
    the counter code or the board's day of that moment; it returns the function the worker
    runs, whose result goes to ``on_loaded``."""

    def __init__(
        self, worker: Worker, prepare: Callable[[], Callable[[], T]], on_loaded: Callable[[T], None],
        *, on_failed: Callable[[Failure], None] | None = None, feed_factory: FeedFactory | None = None,
        on_events: Callable[[list[EventView]], None] | None = None,
        on_store: Callable[[bool], None] | None = None,
    ) -> None:
        self._worker = worker
        self._prepare = prepare
        self._on_loaded = on_loaded
        self._on_failed = on_failed
        self._feed_factory = feed_factory
        self._on_events = on_events
        self._on_store = on_store
        self._feed: FeedWatcher | None = None
        self._running = False
        self._loading = False
        self._again = False
        # Bumped by stop(): a read started before it is not this run's read any more.
        self._run = 0

    @property
    def running(self) -> bool:
        return self._running

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def following(self) -> bool:
        """Whether the feed has been started (since the last ``stop()``)."""
        return self._feed is not None

    def start(self) -> None:
        self._running = True

    def stop(self) -> None:
        self._running = False
        self._loading = False
        self._again = False
        self._run += 1
        if self._feed is not None:
            self._feed.stop()
            self._feed = None

    def request(self) -> None:
        """Read now, or once more after the read in flight."""
        if not self._running:
            return
        if self._loading:
            self._again = True
            return
        self._loading = True
        self._again = False
        run = self._run
        job = self._prepare()
        self._worker.run(job, lambda result: self._loaded(run, result),
                         lambda failure: self._failed(run, failure))

    def follow(self, last_id: int) -> None:
        """Start the feed from ``last_id`` unless it is already running."""
        if not self._running or self._feed is not None or self._feed_factory is None:
            return
        feed = self._feed = self._feed_factory(last_id)
        feed.events_arrived.connect(self._feed_events)
        feed.store_available.connect(self._feed_store)
        feed.start()

    def _loaded(self, run: int, result: T) -> None:
        if run != self._run:
            return
        self._loading = False
        self._on_loaded(result)
        if self._again:
            self.request()

    def _failed(self, run: int, failure: Failure) -> None:
        if run != self._run:
            return
        self._loading = False
        self._again = False
        if self._on_failed is not None:
            self._on_failed(failure)

    def _feed_events(self, batch: list[EventView]) -> None:
        if self._running and self._on_events is not None:
            self._on_events(batch)

    def _feed_store(self, ok: bool) -> None:
        if self._running and self._on_store is not None:
            self._on_store(ok)
