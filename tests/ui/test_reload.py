"""shared.ui.reload.Reloader: one read kept fresh, coalescing requests made while it loads,
with the event feed that asks for it. Reads run in a real worker pool; the feed is a real
FeedWatcher on a real store."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from shared import events, rules
from shared.errors import StoreUnavailable
from shared.events import EventView
from shared.store import Store
from shared.ui.feed import FeedWatcher
from shared.ui.reload import Reloader
from shared.ui.worker import Failure, Worker
from tests.conftest import T0


class Reads:
    """What the reloader asked for and got: ``prepared`` counts reads started (on the GUI
    thread), ``ran`` reads the worker ran; each read waits for ``gate`` before it answers."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.gate.set()
        self.prepared = 0
        self.ran = 0
        self.loaded: list[int] = []
        self.failed: list[Failure] = []
        self.fail = False

    def prepare(self) -> Callable[[], int]:
        self.prepared += 1
        number = self.prepared

        def job() -> int:
            assert self.gate.wait(10), "the test never opened the gate"
            self.ran += 1
            if self.fail:
                raise StoreUnavailable("Basis data tidak terhubung.")
            return number

        return job


@pytest.fixture
def worker(qtbot: QtBot) -> Iterator[Worker]:
    w = Worker()
    yield w
    assert w.wait()


def reloader(
    worker: Worker, reads: Reads, feed_factory: Callable[[int], FeedWatcher] | None = None,
    on_events: Callable[[list[EventView]], None] | None = None,
    on_store: Callable[[bool], None] | None = None,
) -> Reloader[int]:
    return Reloader(worker, reads.prepare, reads.loaded.append, on_failed=reads.failed.append,
                    feed_factory=feed_factory, on_events=on_events, on_store=on_store)


def test_requests_made_while_loading_run_exactly_one_more_load(qtbot: QtBot, worker: Worker) -> None:
    reads = Reads()
    r = reloader(worker, reads)
    r.start()
    reads.gate.clear()
    r.request()
    assert r.loading
    for _ in range(5):  # a burst of events while the first read is still in the store
        r.request()
    assert reads.prepared == 1
    reads.gate.set()
    qtbot.waitUntil(lambda: len(reads.loaded) == 2)
    assert not r.loading  # nothing else was asked for: no third read
    assert reads.loaded == [1, 2]  # the second read was prepared after the first had answered
    assert reads.prepared == reads.ran == 2


def test_a_request_after_a_load_has_ended_loads_again(qtbot: QtBot, worker: Worker) -> None:
    reads = Reads()
    r = reloader(worker, reads)
    r.start()
    r.request()
    qtbot.waitUntil(lambda: reads.loaded == [1])
    assert not r.loading
    r.request()
    qtbot.waitUntil(lambda: reads.loaded == [1, 2])


def test_requests_before_start_or_after_stop_do_nothing(qtbot: QtBot, worker: Worker) -> None:
    reads = Reads()
    r = reloader(worker, reads)
    r.request()
    assert reads.prepared == 0
    r.start()
    r.stop()
    r.request()
    assert worker.wait()
    qtbot.wait(20)  # anything the worker answered has been delivered
    assert reads.prepared == reads.ran == 0
    assert reads.loaded == []
    assert not r.loading


def test_a_read_in_flight_when_stopped_is_dropped_and_does_not_hold_up_the_next_start(
    qtbot: QtBot, worker: Worker
) -> None:
    reads = Reads()
    r = reloader(worker, reads)
    r.start()
    reads.gate.clear()
    r.request()
    r.request()  # would run once more, but the reloader stops first
    r.stop()
    assert not r.loading
    r.start()
    r.request()  # a new run reads at once, without waiting for the old read
    assert reads.prepared == 2
    reads.gate.set()
    qtbot.waitUntil(lambda: reads.loaded == [2])
    assert worker.wait()
    qtbot.wait(20)
    assert reads.loaded == [2]  # the old run's answer never arrived, nor its pending request
    assert reads.ran == 2


def test_a_failed_read_goes_to_on_failed_and_drops_the_requests_made_meanwhile(
    qtbot: QtBot, worker: Worker
) -> None:
    reads = Reads()
    r = reloader(worker, reads)
    r.start()
    reads.fail = True
    reads.gate.clear()
    r.request()
    r.request()
    reads.gate.set()
    qtbot.waitUntil(lambda: len(reads.failed) == 1)
    assert reads.failed[0].store_down
    assert not r.loading
    assert reads.prepared == 1  # the owner decides when to try again (a retry timer, the feed)
    reads.fail = False
    r.request()
    qtbot.waitUntil(lambda: reads.loaded == [2])


class RecordingFeed(FeedWatcher):
    """The real watcher, noting when it is started and stopped."""

    def __init__(self, store: Store, last_id: int) -> None:
        super().__init__(store, last_id, poll_interval=0.02)
        self.started = False
        self.stopped = False

    def start(self) -> None:
        self.started = True
        super().start()

    def stop(self) -> None:
        self.stopped = True
        super().stop()


def test_the_feed_starts_once_with_the_reloader_and_stops_with_it(
    qtbot: QtBot, worker: Worker, store: Store
) -> None:
    feeds: list[RecordingFeed] = []
    batches: list[list[EventView]] = []
    reports: list[bool] = []

    def factory(last_id: int) -> FeedWatcher:
        feeds.append(RecordingFeed(store, last_id))
        return feeds[-1]

    reads = Reads()
    r = reloader(worker, reads, feed_factory=factory, on_events=batches.append, on_store=reports.append)
    r.follow(0)
    assert feeds == []  # not before start()
    r.start()
    with store.reading() as s:
        last = events.last_event_id(s)
    r.follow(last)
    r.follow(last)  # a second load that finds the feed running leaves it alone
    assert len(feeds) == 1
    assert feeds[0].started
    assert feeds[0].last_id == last
    assert r.following
    with store.transaction() as s:
        code = rules.issue(s, "KTP", now=T0).ticket.code
    qtbot.waitUntil(lambda: any(e.data.get("code") == code for b in batches for e in b))
    assert reports == [True]

    r.stop()
    assert feeds[0].stopped
    assert not r.following
    seen = len(batches)
    feeds[0].events_arrived.emit(batches[-1])  # a batch still queued when the app stopped
    feeds[0].store_available.emit(False)
    assert len(batches) == seen
    assert reports == [True]

    r.start()
    r.follow(last + 1)  # a new run follows from where its new first load says
    assert len(feeds) == 2
    assert feeds[1].started
    assert feeds[1].last_id == last + 1
    r.stop()
    assert feeds[1].stopped
