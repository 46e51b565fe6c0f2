"""Shared scaffolding for the screenshot shoots: the store, the morning, the camera."""


from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy.orm import Session

from shared import rules, site
from shared.errors import StoreUnavailable
from shared.store import Store, describe_url
from shared.ui.feed import FeedWatcher
from shared.ui.worker import Worker

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[2]
SITE_FILE = ROOT / "resources" / "sites" / "demo-batu.toml"
OUT = Path("screenshots")

WIB = dt.timezone(dt.timedelta(hours=7))
DAY = dt.date(2026, 11, 28)  # a Saturday: the demo MPP is open
NOW = dt.datetime.combine(DAY, dt.time(10, 30), WIB).astimezone(dt.UTC)
"""The apps' clock: 10:30 WIB, mid-morning."""
AFTERNOON = dt.datetime.combine(DAY, dt.time(12, 30), WIB).astimezone(dt.UTC)
"""When the morning-only services (passports, hajj) have closed."""

LANDSCAPE, PORTRAIT, CLERK = (1920, 1080), (1080, 1920), (1366, 768)
KIOSK_SIZES = DISPLAY_SIZES = (LANDSCAPE, PORTRAIT)
COUNTER_SIZES = (LANDSCAPE, CLERK)
NEVER_MS = 3_600_000  # the kiosk's go-home timers must not fire mid-shoot

FULL_SERVICE = "AKTA_MATI"  # a Dukcapil service whose quota the morning uses up
COUNTER = "L01"  # the clerk's counter (Dukcapil: KTP, KIA); nobody else calls there

# Tickets issued this morning, per service: enough for waiting lists and paged counts.
MORNING = {
    "KTP": 16, "KK": 6, "AKTA_LAHIR": 3, "PINDAH": 2, "KIA": 5,
    "NIB": 4, "PBG": 1, "JKN_DAFTAR": 9, "JKN_INFO": 3, "JHT": 4, "BPU": 1,
    "PKB_TAHUN": 14, "PKB_5TH": 3, "BBNKB": 2, "PASPOR": 6, "SKCK": 8, "NPWP": 2, "SPT": 3,
    "BPN_DAFTAR": 2, "PDAM_REK": 3, "TABUNGAN": 2, "NIKAH": 1, "PERKARA": 2,
}
PRIORITY = (("KTP", "lansia"), ("KTP", "disabilitas"), ("KIA", "ibu_hamil"), ("PKB_TAHUN", "lansia"))
# Calls made while the board watches, in order; the last one ends up large on the board.
CALLS = ("L02", "L05", "L09", "L12", "L18", "L03", "L06", "L22", "L10", "L07", "L23", "L13", "L02",
         "L05", "L21")


class Shots:
    """Pumps the Qt event loop until a screen is ready, then grabs it at every size."""

    def __init__(self, app: QApplication, out: Path) -> None:
        self.app = app
        self.out = out
        self.written: list[Path] = []
        self.problems: list[str] = []

    def pump(self, ms: int = 0) -> None:
        end = time.monotonic() + ms / 1000
        while True:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            if time.monotonic() >= end:
                return
            time.sleep(0.005)

    def wait(self, ready: Callable[[], bool], what: str, timeout_s: float = 10.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not ready():
            if time.monotonic() > deadline:
                raise TimeoutError(f"gave up waiting for {what}")
            self.pump(10)

    def resize(self, window: QWidget, size: tuple[int, int]) -> None:
        window.resize(*size)
        # Word-wrapped labels and style sheets set at a new scale take a few passes to settle.
        for _ in range(4):
            self.pump(15)

    def grab(
        self, window: QWidget, app_name: str, screen: str, sizes: Iterable[tuple[int, int]],
        before: Callable[[], None] | None = None,
    ) -> None:
        """Save ``window`` at each of ``sizes``; ``before`` runs right before each grab."""
        for w, h in sizes:
            self.resize(window, (w, h))
            if before is not None:
                before()
            if (window.width(), window.height()) != (w, h):
                self.problems.append(f"{app_name}-{screen}: window is {window.width()}x"
                                     f"{window.height()}, not {w}x{h}")
            path = self.out / f"{app_name}-{screen}-{w}x{h}.png"
            if not window.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            self.written.append(path)


class FixedClock:
    """The apps' clock, moved only by the script."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


class OutageStore(Store):
    """The real store, whose reads and writes fail while ``down`` (a store gone away). The apps
    are built on it; their feed watchers keep the real store, and are told about the outage."""

    down = False

    @classmethod
    def over(cls, store: Store) -> OutageStore:
        return cls(url=store.url, engine=store.engine, sessions=store.sessions, readers=store.readers)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        self._check()
        with super().transaction() as s:
            yield s

    @contextmanager
    def reading(self) -> Iterator[Session]:
        self._check()
        with super().reading() as s:
            yield s

    def _check(self) -> None:
        if self.down:
            raise StoreUnavailable(f"Basis data tidak dapat dihubungi ({describe_url(self.url)}).")


class Feeds:
    """A feed factory that keeps the watchers it makes, so the script can make a watcher
    report the store unreachable (the app's own path to its 'store down' screen)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.watchers: list[FeedWatcher] = []

    def __call__(self, last_id: int) -> FeedWatcher:
        watcher = FeedWatcher(self._store, last_id)
        self.watchers.append(watcher)
        return watcher

    def report_store(self, ok: bool) -> None:
        if not self.watchers:
            raise RuntimeError("the app never started its feed")
        self.watchers[-1].store_available.emit(ok)


def store_goes_down(shots: Shots, store: OutageStore, feeds: Feeds, worker: Worker) -> None:
    """Every store call fails from now on; whatever was in flight lands first, then the feed
    reports the outage, so nothing can bring the app back in service behind our back."""
    store.down = True
    worker.wait()
    shots.pump(50)
    feeds.report_store(False)


def store_comes_back(store: OutageStore, feeds: Feeds) -> None:
    store.down = False
    feeds.report_store(True)


def need(value: T | None, what: str) -> T:
    if value is None:
        raise RuntimeError(f"expected {what}, found none")
    return value


def _at(hour: int, minute: int, second: int = 0) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute, second), WIB).astimezone(dt.UTC)


def load_site(store: Store, *, always_open: bool, now: dt.datetime) -> None:
    spec = site.load_site_file(SITE_FILE)
    spec = dataclasses.replace(spec, settings=dataclasses.replace(spec.settings, always_open=always_open))
    with store.transaction() as s:
        site.apply_site(s, spec, now=now)


def morning(store: Store) -> None:
    """The site loaded, the day started, counters open, a morning of tickets issued."""
    load_site(store, always_open=True, now=_at(7, 30))
    with store.transaction() as s:
        rules.roll_over(s, now=_at(7, 31))
    with store.reading() as s:
        counters = [c.code for c in rules.status(s, now=_at(7, 45)).counters]
    with store.transaction() as s:
        for i, code in enumerate(counters):
            rules.open_counter(s, code, now=_at(7, 45, i))
    wanted = [svc for svc, n in MORNING.items() for _ in range(n)]
    # Interleave the services over 08:00-10:00, as visitors come in.
    order = sorted(range(len(wanted)), key=lambda i: (i * 7919) % len(wanted))
    step = 7200 / len(wanted)
    with store.transaction() as s:
        for k, i in enumerate(order):
            rules.issue(s, wanted[i], now=_at(8, 0) + dt.timedelta(seconds=round(k * step)))
        for k, (svc, cls) in enumerate(PRIORITY):
            rules.issue(s, svc, priority=cls, now=_at(9, 10 + 11 * k))
    with store.reading() as s:
        quota = need(next(v.quota for v in rules.service_views(s, now=NOW) if v.code == FULL_SERVICE),
                     f"a quota on {FULL_SERVICE}")
    with store.transaction() as s:
        for k in range(quota):  # a busy morning: the day's quota is gone
            rules.issue(s, FULL_SERVICE, now=_at(8, 1) + dt.timedelta(seconds=97 * k))


def call_round(store: Store) -> str:
    """Counters call (and serve) while the board watches. Returns the last code called."""
    last = ""
    for k, counter in enumerate(CALLS):
        at = _at(9, 0) + dt.timedelta(minutes=5 * k)
        with store.transaction() as s:
            result = rules.call_next(s, counter, now=at)
        if result.ticket is not None:
            last = result.ticket.code
            if k < len(CALLS) - 1:
                with store.transaction() as s:
                    rules.start(s, counter, now=at + dt.timedelta(minutes=1))
    return last


