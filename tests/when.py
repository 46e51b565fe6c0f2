"""When the tests and benchmarks happen: instants derived from today, never a fixed date.

A queue lives by the calendar, so the suite must prove the product on any day. Every test
instant comes from :func:`coming_saturday`, computed from the wall clock when the suite
starts. ``ANTRE_TEST_NOW`` (an ISO 8601 instant, e.g. ``2027-03-12T23:59:30+07:00``) runs the
whole process as if it were then: :func:`shift_wall_clock` moves ``datetime.now``,
``time.time`` and friends with the ``time-machine`` package and leaves the monotonic clocks
alone, so Qt timers, sleeps and timeouts behave as usual (libfaketime breaks ``time.sleep``
under Python 3.11).

No pytest and no Qt here: the benchmarks and test subprocesses import this too.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
SHIFT_ENV = "ANTRE_TEST_NOW"

_traveller: object | None = None


def shift_wall_clock() -> dt.datetime | None:
    """Travel to ``ANTRE_TEST_NOW`` when it is set (once per process); returns the instant.

    The clock keeps ticking from there. Child processes inherit the variable, and a test's
    subprocess calls this first so that it shares the shifted date."""
    global _traveller
    raw = os.environ.get(SHIFT_ENV, "").strip()
    if not raw:
        return None
    instant = dt.datetime.fromisoformat(raw)
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=WIB)
    if _traveller is None:
        import time_machine

        traveller = time_machine.travel(instant, tick=True)
        traveller.start()
        _traveller = traveller
    return instant


def server_now(url: str) -> dt.datetime:
    """A PostgreSQL server's clock: the truth for the business day on a LAN, and what the
    server stamps a station's ticket with. A shifted wall clock does not move it."""
    from sqlalchemy import create_engine, text

    eng = create_engine(url)
    try:
        with eng.connect() as c:
            now: dt.datetime = c.execute(text("SELECT now()")).scalar_one()
    finally:
        eng.dispose()
    return now


def coming_saturday(at: dt.time = dt.time(9, 0), *, now: dt.datetime | None = None) -> dt.datetime:
    """The next Saturday after today (Asia/Jakarta) at ``at`` local time, as a UTC instant.

    A Saturday is an ordinary opening day in the test sites, with a Sunday (closed) after it
    and a Friday before it; it is always in the future, so nothing the suite stamps can be
    mistaken for real history, and the weekday is the same whatever day the suite runs."""
    today = (now or dt.datetime.now(dt.UTC)).astimezone(WIB).date()
    ahead = (5 - today.weekday()) % 7 or 7
    day = today + dt.timedelta(days=ahead)
    return dt.datetime.combine(day, at, WIB).astimezone(dt.UTC)


def local(day_offset: int, hh: int, mm: int = 0, *, base: dt.datetime) -> dt.datetime:
    """A Jakarta wall-clock instant ``day_offset`` days after ``base``'s local date."""
    day = base.astimezone(WIB).date() + dt.timedelta(days=day_offset)
    return dt.datetime.combine(day, dt.time(hh, mm), WIB)


@dataclass(frozen=True)
class TickingClock:
    """A clock that starts at ``start`` and ticks like real time, for tests and benchmarks
    whose service times and queue order should stay realistic. It counts on CLOCK_MONOTONIC,
    which is system-wide on Linux: the same instant in every process it is pickled into or
    handed to as ``str(clock)``, and untouched by a shifted wall clock (``ANTRE_TEST_NOW``)."""

    start: dt.datetime
    origin: float

    @classmethod
    def starting(cls, start: dt.datetime) -> TickingClock:
        return cls(start, time.monotonic())

    @classmethod
    def parse(cls, arg: str) -> TickingClock:
        """The clock ``str(clock)`` describes (for a subprocess's command line)."""
        start, origin = arg.split("@")
        return cls(dt.datetime.fromisoformat(start), float(origin))

    def __str__(self) -> str:
        return f"{self.start.isoformat()}@{self.origin!r}"

    def __call__(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=time.monotonic() - self.origin)


def server_clock(url: str, ahead: dt.timedelta = dt.timedelta(0)) -> Callable[[], dt.datetime]:
    """A station's ticking clock set to a PostgreSQL server's time (plus ``ahead``, for a
    station whose clock is wrong). The one place a test reads the wall clock to keep pace with
    the server: a shifted wall clock moves this process, never the server."""
    offset = server_now(url) - dt.datetime.now(dt.UTC) + ahead
    return lambda: dt.datetime.now(dt.UTC) + offset
