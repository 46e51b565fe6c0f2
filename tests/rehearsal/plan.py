"""The rehearsal's day on paper: the compressed clock, the visitors' arrivals, the clerks'
habits and the faults' schedule. Pure: no store, no Qt, no processes.

Time runs ``speed`` times faster than on the floor. Every process of a rehearsal gets the
same :class:`DayClock` (as ``str(clock)`` on its command line) and so the same simulated
instant at the same real moment: it counts on CLOCK_MONOTONIC, which is system-wide on
Linux and untouched by a shifted wall clock (``ANTRE_TEST_NOW``). The day itself is the
coming Saturday (:func:`tests.when.coming_saturday`), whatever the date the rehearsal runs.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from shared import simulate, site
from tests import when

SITE = Path(__file__).with_name("site.toml")
OPEN_AT = dt.time(8, 0)
"""The first visitor may come at 08:00 (local time)."""

SERVICES: dict[str, tuple[float, float]] = {
    # service: (visitors per hour at an average hour, mean service minutes)
    "KTP": (16.0, 6.0),
    "KK": (5.0, 8.0),
    "PASPOR": (9.0, 10.0),
    "JKN": (6.0, 7.0),
    "PKB": (8.0, 5.0),
    "STNK": (5.0, 9.0),
}
HOURLY = (0.7, 1.2, 1.3, 1.1, 0.8, 1.0, 0.9, 0.6)
"""How busy each hour from 08:00 is, against an average hour (the morning peak, lunch)."""
PRIORITY_SHARE = 0.08
COUNTER_PROCESSES: tuple[tuple[str, ...], ...] = (("L1", "L2"), ("L3", "L4"), ("L5", "L6"), ("L7", "L8"))
"""Four counter PCs, two counters each (one process drives both clerks' actions)."""


def profile() -> simulate.Profile:
    """The rehearsal site's day as an ``antre simulate`` profile: :data:`SERVICES` spread
    over the hours from 08:00 by :data:`HOURLY`."""
    opens = OPEN_AT.hour
    services = {
        code: {
            "arrivals": {str(opens + i): round(per_hour * share, 3) for i, share in enumerate(HOURLY)},
            "service_min": {"mean": minutes, "sd": minutes / 2},
        }
        for code, (per_hour, minutes) in SERVICES.items()
    }
    data = {"priority_share": PRIORITY_SHARE, "services": services}
    return simulate.parse_profile(data, site.load_site_file(SITE), source="rehearsal", site_file=str(SITE))


def arrivals(hours: float, seed: int, start: dt.datetime) -> list[tuple[dt.datetime, str, bool]]:
    """A day's visitors from ``start`` for ``hours``: (moment, service, priority), in order.

    The product's own generator, :func:`shared.simulate.arrivals` (a non-homogeneous Poisson
    stream per service), on :func:`profile`: the rehearsal drives the real programs with the
    same visitors ``antre simulate`` models."""
    day = profile()
    end = start + dt.timedelta(hours=hours)
    out = []
    for a in simulate.arrivals(day, seed, start.astimezone(ZoneInfo(day.site.settings.timezone)).date()):
        moment = a.at.astimezone(start.tzinfo)
        if start <= moment < end:
            out.append((moment, a.service, a.priority is not None))
    return out


def service_minutes(service: str, rng: random.Random) -> float:
    """How long one visitor takes at the counter: lognormal around the service's mean."""
    mean = SERVICES.get(service, (0.0, 6.0))[1]
    sigma = 0.5
    return min(3 * mean, max(1.0, rng.lognormvariate(math.log(mean) - sigma**2 / 2, sigma)))


@dataclass(frozen=True)
class Habits:
    """The clerks' policy (chances per call) and their pace, in simulated seconds."""

    walk_up_s: tuple[float, float] = (20.0, 60.0)
    no_show: float = 0.04
    recall_wait_s: float = 60.0
    transfer: float = 0.03
    idle_poll_s: float = 30.0


@dataclass(frozen=True)
class DayClock:
    """The rehearsal's clock: ``start`` at monotonic ``origin``, ``speed`` times real time.
    At ``jump_after`` real seconds it jumps to ``jump_to`` (the end of the day, just before
    midnight) and keeps ticking from there. ``ahead`` = ((from_s, to_s, seconds), ...): real
    spans during which this station's clock is that many seconds ahead (a fault)."""

    start: dt.datetime
    origin: float
    speed: float
    jump_after: float = math.inf
    jump_to: dt.datetime | None = None
    ahead: tuple[tuple[float, float, float], ...] = field(default=())

    def __call__(self) -> dt.datetime:
        return self.at(time.monotonic() - self.origin)

    def at(self, real_s: float) -> dt.datetime:
        """The instant this clock shows ``real_s`` seconds after its origin."""
        if self.jump_to is not None and real_s >= self.jump_after:
            now = self.jump_to + dt.timedelta(seconds=(real_s - self.jump_after) * self.speed)
        else:
            now = self.start + dt.timedelta(seconds=real_s * self.speed)
        for lo, hi, seconds in self.ahead:
            if lo <= real_s < hi:
                now += dt.timedelta(seconds=seconds)
        return now

    def real_s(self, instant: dt.datetime) -> float:
        """Real seconds after the origin at which the (unskewed) clock shows ``instant``."""
        if self.jump_to is not None and instant >= self.jump_to:
            return self.jump_after + (instant - self.jump_to).total_seconds() / self.speed
        return (instant - self.start).total_seconds() / self.speed

    def elapsed(self) -> float:
        return time.monotonic() - self.origin

    def skewed(self, ahead: tuple[tuple[float, float, float], ...]) -> DayClock:
        return DayClock(self.start, self.origin, self.speed, self.jump_after, self.jump_to, ahead)

    def __str__(self) -> str:
        return json.dumps(
            {
                "start": self.start.isoformat(),
                "origin": self.origin,
                "speed": self.speed,
                "jump_after": None if math.isinf(self.jump_after) else self.jump_after,
                "jump_to": self.jump_to.isoformat() if self.jump_to else None,
                "ahead": [list(a) for a in self.ahead],
            }
        )

    @classmethod
    def parse(cls, arg: str) -> DayClock:
        d = json.loads(arg)
        return cls(
            dt.datetime.fromisoformat(d["start"]),
            float(d["origin"]),
            float(d["speed"]),
            math.inf if d["jump_after"] is None else float(d["jump_after"]),
            dt.datetime.fromisoformat(d["jump_to"]) if d["jump_to"] else None,
            tuple((float(a), float(b), float(c)) for a, b, c in d["ahead"]),
        )


@dataclass(frozen=True)
class Fault:
    """One fault: ``kind`` at ``at_s`` real seconds after the day's start, for ``for_s``."""

    kind: str
    at_s: float
    for_s: float
    bound_s: float
    """The recovery time it must stay under, in real seconds (see docs/rehearsal.md)."""


FAULT_KINDS = ("printer_stall", "paper_out", "counter_kill", "pg_restart", "clock_ahead", "midnight")
BOUNDS_S = {
    # real seconds from the fault's end (the server back, the printer fixed, the process
    # restarted, midnight) until the stations work again; generous for a busy 2-core machine
    "printer_stall": 20.0,
    "paper_out": 20.0,
    "counter_kill": 30.0,
    "pg_restart": 30.0,
    "clock_ahead": 20.0,
    "midnight": 30.0,
}
CLOCK_AHEAD_S = 15 * 60
"""The skewed counter PC's clock runs 15 simulated minutes ahead (past the 120 s margin)."""
DRAIN_MIN = 40
"""Simulated minutes after the last arrival for the clerks to serve the queue down; then
they call nobody new and finish the visitors at their desks."""
CLOSE_MIN = 35
"""Simulated minutes from the clerks' last call to the jump to the end of the day (longer
than the longest visit, three times a service's mean)."""


@dataclass(frozen=True)
class DayPlan:
    hours: float
    speed: float
    seed: int
    start: dt.datetime
    arrivals: tuple[tuple[dt.datetime, str, bool], ...]
    faults: tuple[Fault, ...]
    close_s: float
    """Real seconds after the start when the clerks stop calling new visitors."""
    midnight_s: float
    """Real seconds after the start when the clock jumps to just before midnight."""
    end_s: float
    """Real seconds after the start when the rehearsal stops (after midnight's checks)."""

    @property
    def midnight_at_s(self) -> float:
        """Real seconds after the start at midnight itself."""
        return self.midnight_s + BEFORE_MIDNIGHT_S / self.speed

    def clock(self, origin: float) -> DayClock:
        day = self.start.astimezone(when.WIB).date()
        before = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), when.WIB) - dt.timedelta(
            seconds=BEFORE_MIDNIGHT_S
        )
        return DayClock(self.start, origin, self.speed, self.midnight_s, before.astimezone(dt.UTC))

    def fault(self, kind: str) -> Fault | None:
        return next((f for f in self.faults if f.kind == kind), None)


BEFORE_MIDNIGHT_S = 30
AFTER_MIDNIGHT_S = 8.0
"""Real seconds the rehearsal goes on after midnight: the new day's first visitor, its call."""


def day_plan(
    hours: float, speed: float, seed: int, *, postgresql: bool, now: dt.datetime | None = None
) -> DayPlan:
    """The day: arrivals from 08:00 for ``hours``, the clerks' drain and closing, then the
    clock jumps to just before midnight. Faults fall at fixed shares of the open hours, each
    lasting a few real seconds, far enough apart that each one's recovery is its own."""
    start = when.coming_saturday(OPEN_AT, now=now)
    day_s = hours * 3600 / speed
    plan = arrivals(hours, seed, start)
    faults = [
        Fault("counter_kill", 0.08 * day_s, 2.0, BOUNDS_S["counter_kill"]),
        Fault("printer_stall", 0.32 * day_s, 5.0, BOUNDS_S["printer_stall"]),
        Fault("paper_out", 0.48 * day_s, 5.0, BOUNDS_S["paper_out"]),
        Fault("clock_ahead", 0.82 * day_s, 6.0, BOUNDS_S["clock_ahead"]),
    ]
    if postgresql:
        faults.append(Fault("pg_restart", 0.64 * day_s, 3.0, BOUNDS_S["pg_restart"]))
    close_s = day_s + DRAIN_MIN * 60 / speed
    midnight_s = close_s + CLOSE_MIN * 60 / speed
    faults.append(Fault("midnight", midnight_s + BEFORE_MIDNIGHT_S / speed, 0.0, BOUNDS_S["midnight"]))
    faults.sort(key=lambda f: f.at_s)
    end_s = midnight_s + BEFORE_MIDNIGHT_S / speed + AFTER_MIDNIGHT_S
    return DayPlan(hours, speed, seed, start, tuple(plan), tuple(faults), close_s, midnight_s, end_s)
