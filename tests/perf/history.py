"""A year of a busy MPP, planned fast: every ticket's issue, call, start, finish or no-show,
and the rows and events the queue rules write for them, without going through the rules.

The plan is a small simulation of the floor, day by day: visitors arrive (most in the
morning), each counter calls the oldest waiting ticket of the services it serves (the rules'
calling order, :data:`shared.rules.order.QUEUE_ORDER`, with no priority classes), a few
visitors do not come, and whoever still waits when the counters close expires at the next
day's rollover. From the plan, :func:`day_rows` gives the ticket, event and day-sequence rows
exactly as ``rules.issue``, ``call_next``, ``start``, ``finish``, ``no_show``,
``open_counter``, ``close_counter`` and ``roll_over`` write them (the same columns, event kinds,
payloads and ids in commit order); :mod:`tests.perf.bulkload` writes them in bulk and can drive
the same plan through the real rules, which ``tests/service/test_history_bulk.py`` compares.

Deterministic from a seed; the days are given by the caller (relative to an injected today).
Transfers and priority classes are not planned (the year's figures do not need them).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
import statistics
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from heapq import heappop, heappush
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models import Agency, Counter, CounterService, Service, Site

UTC = dt.UTC
OPEN, LAST_ISSUE, CLOSE = dt.time(8, 0), 7 * 3600, 8 * 3600  # seconds after opening
ROLLOVER_AT = dt.time(7, 50)  # the day's first action: a counter PC closes yesterday
NO_SHOW = 0.04
SURVEYED = 0.1  # of the served, who answer the SKM survey
# Mirrors shared.rules.waits (typical_service_s): the median of the service's latest 20
# finished tickets of the day, once there are 3, else the site file's guess.
RECENT, MIN_SAMPLES, MAX_SERVICE_S = 20, 3, 3 * 3600


@dataclass(frozen=True)
class Svc:
    id: int
    code: str
    name: str
    prefix: str
    agency: str
    agency_name: str
    avg_service_s: float
    agency_id: int


@dataclass(frozen=True)
class Ctr:
    id: int
    code: str
    name: str
    zone: str
    services: tuple[int, ...]  # indexes into Floor.services
    user_id: int | None


@dataclass(frozen=True)
class Floor:
    """The site as the plan needs it: read from a store the site was applied to."""

    timezone: str
    services: tuple[Svc, ...]
    counters: tuple[Ctr, ...]


def read_floor(session: Session, clerks: dict[str, int]) -> Floor:
    """The store's active services and counters; ``clerks`` maps a counter code to the user
    who works it."""
    agencies = {a.id: a for a in session.scalars(select(Agency))}
    services = [s for s in session.scalars(select(Service).where(Service.active).order_by(Service.id))]
    index = {s.id: i for i, s in enumerate(services)}
    serves: dict[int, list[int]] = {}
    for cs in session.scalars(select(CounterService).order_by(CounterService.service_id)):
        if cs.service_id in index:
            serves.setdefault(cs.counter_id, []).append(index[cs.service_id])
    counters = [c for c in session.scalars(select(Counter).where(Counter.active).order_by(Counter.id))]
    site = session.get(Site, 1)
    return Floor(
        timezone=site.timezone if site else "Asia/Jakarta",
        services=tuple(
            Svc(
                s.id,
                s.code,
                s.name,
                s.prefix,
                agencies[s.agency_id].code,
                agencies[s.agency_id].name,
                s.avg_service_s,
                s.agency_id,
            )
            for s in services
        ),
        counters=tuple(
            Ctr(c.id, c.code, c.name, c.zone, tuple(serves.get(c.id, ())), clerks.get(c.code))
            for c in counters
            if serves.get(c.id)
        ),
    )


# --- the plan ---------------------------------------------------------------------------


@dataclass(slots=True)
class Planned:
    number: int
    service: int  # index into Floor.services
    issued: dt.datetime
    token: str
    called: dt.datetime | None = None
    counter: int | None = None  # index into Floor.counters
    started: dt.datetime | None = None
    finished: dt.datetime | None = None
    no_show: bool = False
    ahead: int = 0
    wait_min: int = 0
    answered: dt.datetime | None = None  # an SKM answer on the kiosk after being served
    scores: tuple[int, ...] = ()


@dataclass
class DayPlan:
    day: dt.date
    rollover: dt.datetime
    tickets: list[Planned]
    opened: list[tuple[dt.datetime, int]] = field(default_factory=list)  # (when, counter index)
    closed: list[tuple[dt.datetime, int]] = field(default_factory=list)


def _at(base: dt.datetime, seconds: float) -> dt.datetime:
    return base + dt.timedelta(microseconds=round(seconds * 1_000_000))


def open_days(first: dt.date, last: dt.date) -> list[dt.date]:
    """The floor's days: Monday to Saturday."""
    return [
        first + dt.timedelta(days=i)
        for i in range((last - first).days + 1)
        if (first + dt.timedelta(days=i)).weekday() != 6
    ]


def split(total: int, days: Sequence[dt.date], rng: random.Random) -> list[int]:
    """``total`` tickets over ``days``: Mondays busiest, Saturdays half a day, +-15 % noise;
    the counts add up to ``total`` exactly."""
    base = {0: 1.25, 1: 1.05, 2: 1.0, 3: 1.0, 4: 0.85, 5: 0.55}
    weights = [base[d.weekday()] * rng.uniform(0.85, 1.15) for d in days]
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [math.floor(x) for x in exact]
    for i in sorted(range(len(days)), key=lambda i: counts[i] - exact[i])[: total - sum(counts)]:
        counts[i] += 1
    return counts


def plan_day(floor: Floor, day: dt.date, n: int, rng: random.Random) -> DayPlan:
    zone = zoneinfo.ZoneInfo(floor.timezone)
    opening = dt.datetime.combine(day, OPEN, zone).astimezone(UTC)
    rollover = dt.datetime.combine(day, ROLLOVER_AT, zone).astimezone(UTC)
    weights = [1.0 + 0.6 * math.sin(i * 1.7) for i in range(len(floor.services))]
    arrivals = sorted(rng.triangular(0, LAST_ISSUE, 1.5 * 3600) for _ in range(n))
    numbers = [0] * len(floor.services)
    tickets: list[Planned] = []
    queues: list[list[Planned]] = [[] for _ in floor.services]
    for offset in arrivals:
        s = rng.choices(range(len(floor.services)), weights)[0]
        numbers[s] += 1
        t = Planned(numbers[s], s, _at(opening, offset), f"{rng.getrandbits(24):06x}")
        tickets.append(t)
        queues[s].append(t)
    plan = DayPlan(day, rollover, tickets)
    closing = _at(opening, CLOSE)
    heap: list[tuple[dt.datetime, int]] = []
    for ci in range(len(floor.counters)):
        when = _at(opening, -rng.uniform(60, 300))
        plan.opened.append((when, ci))
        heappush(heap, (_at(when, rng.uniform(1, 30)), ci))
    head = [0] * len(floor.services)  # each service's oldest ticket not yet called
    while heap:
        now, ci = heappop(heap)
        counter = floor.counters[ci]
        pick: Planned | None = None
        for s in counter.services:
            if head[s] < len(queues[s]):
                t = queues[s][head[s]]
                if t.issued < now and (pick is None or t.issued < pick.issued):
                    pick = t
        if now >= closing or (pick is None and all(head[s] >= len(queues[s]) for s in counter.services)):
            plan.closed.append((max(now, closing) if pick is None else now, ci))
            continue
        if pick is None:  # nobody waits: the clerk presses "next" soon after the next arrival
            nxt = min(queues[s][head[s]].issued for s in counter.services if head[s] < len(queues[s]))
            heappush(heap, (_at(nxt, rng.uniform(3, 40)), ci))
            continue
        head[pick.service] += 1
        pick.called, pick.counter = now, ci
        if rng.random() < NO_SHOW:
            pick.no_show = True
            pick.finished = _at(now, rng.uniform(60, 120))
            free = pick.finished
        else:
            pick.started = _at(now, rng.uniform(15, 60))
            pick.finished = _at(pick.started, 40 + rng.expovariate(1 / 120))
            free = pick.finished
            if rng.random() < SURVEYED:
                pick.answered = _at(pick.finished, rng.uniform(20, 120))
                pick.scores = tuple(rng.choice((2, 3, 3, 4, 4)) for _ in range(9))
        heappush(heap, (_at(free, rng.uniform(4, 20)), ci))
    plan.closed.sort()
    _estimates(floor, plan)
    return plan


def _estimates(floor: Floor, plan: DayPlan) -> None:
    """Each issue's ``ahead`` and ``estimated_wait_min``, as rules.issue computes them at
    that instant (shared.rules.waits)."""
    done: list[list[tuple[dt.datetime, float]]] = [[] for _ in floor.services]
    for t in plan.tickets:
        if t.started is not None and t.finished is not None:
            done[t.service].append((t.finished, (t.finished - t.started).total_seconds()))
    for d in done:
        d.sort()
    finish_keys = [[f for f, _ in d] for d in done]
    opened = {ci: when for when, ci in plan.opened}
    closed = {ci: when for when, ci in plan.closed}
    by_service: list[list[Planned]] = [[] for _ in floor.services]
    for t in plan.tickets:
        by_service[t.service].append(t)
    for s, tickets in enumerate(by_service):
        counters = [ci for ci, c in enumerate(floor.counters) if s in c.services]
        calls = sorted(t.called for t in tickets if t.called is not None)
        for i, t in enumerate(tickets):
            # Only an earlier ticket can have been called before this one was issued.
            t.ahead = i - bisect.bisect_right(calls, t.issued)
            if t.ahead <= 0:
                t.wait_min = 0
                continue
            k = bisect.bisect_left(finish_keys[s], t.issued)
            took = sorted(d for _, d in done[s][max(0, k - RECENT) : k] if 0 < d <= MAX_SERVICE_S)
            typical = statistics.median(took) if len(took) >= MIN_SAMPLES else floor.services[s].avg_service_s
            open_now = sum(
                1 for ci in counters if opened[ci] < t.issued and closed.get(ci, t.issued) >= t.issued
            )
            t.wait_min = math.ceil(t.ahead * typical / max(1, open_now) / 60)


def plan_days(floor: Floor, days: Sequence[dt.date], tickets: int, seed: int) -> list[DayPlan]:
    """The plan of ``days`` (ascending), ``tickets`` in all. Each day has its own random
    stream, from the seed and its place in ``days``, so a plan does not depend on the date."""
    counts = split(tickets, days, random.Random(seed))
    return [
        plan_day(floor, d, n, random.Random(seed * 1_000_003 + i))
        for i, (d, n) in enumerate(zip(days, counts, strict=True))
    ]


# --- the rows the rules write -----------------------------------------------------------


@dataclass
class Rows:
    tickets: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    sequences: list[dict[str, Any]] = field(default_factory=list)
    surveys: list[dict[str, Any]] = field(default_factory=list)


def _ticket_payload(s: Svc, t: Planned, call_count: int) -> dict[str, Any]:
    return {
        "code": f"{s.prefix}{t.number:03d}",
        "service": s.code,
        "service_name": s.name,
        "agency": s.agency,
        "agency_name": s.agency_name,
        "priority_class": None,
        "call_count": call_count,
    }


def _counter_payload(c: Ctr) -> dict[str, Any]:
    return {"counter": c.code, "counter_name": c.name, "zone": c.zone}


def day_rows(
    floor: Floor,
    plan: DayPlan,
    *,
    first_ticket_id: int,
    previous: dt.date | None,
    expired: int,
    next_rollover: dt.datetime | None,
) -> Rows:
    """The rows of ``plan``'s day (its rollover first). Events carry no id: their order is
    the list's. Tickets left waiting expire at ``next_rollover`` (None: they still wait)."""
    out = Rows()
    timeline: list[tuple[dt.datetime, int, dict[str, Any]]] = []

    def ev(
        at: dt.datetime,
        order: int,
        kind: str,
        *,
        day: dt.date | None = plan.day,
        ticket: int | None = None,
        counter: Ctr | None = None,
        data: dict[str, Any],
    ) -> None:
        timeline.append(
            (
                at,
                order,
                {
                    "at": at,
                    "kind": kind,
                    "business_day": day,
                    "ticket_id": ticket,
                    "counter_id": counter.id if counter else None,
                    "user_id": counter.user_id if counter else None,
                    "data": data,
                    "note": None,
                },
            )
        )

    ev(
        plan.rollover,
        0,
        "day_started",
        data={"previous": previous.isoformat() if previous else None, "expired": expired},
    )
    for when, ci in plan.opened:
        c = floor.counters[ci]
        ev(when, 1, "counter_opened", day=None, counter=c, data=_counter_payload(c))
    for when, ci in plan.closed:
        c = floor.counters[ci]
        ev(when, 9, "counter_closed", day=None, counter=c, data=_counter_payload(c))
    last: dict[int, int] = {}
    for i, t in enumerate(plan.tickets):
        tid = first_ticket_id + i
        s = floor.services[t.service]
        sid = s.id
        last[sid] = t.number
        row = {
            "id": tid,
            "business_day": plan.day,
            "issued_service_id": sid,
            "service_id": sid,
            "number": t.number,
            "code": f"{s.prefix}{t.number:03d}",
            "token": t.token,
            "priority_class": None,
            "status": "waiting",
            "issued_at": t.issued,
            "queued_at": t.issued,
            "called_at": None,
            "started_at": None,
            "finished_at": None,
            "counter_id": None,
            "call_count": 0,
        }
        ev(
            t.issued,
            2,
            "ticket_issued",
            ticket=tid,
            data={**_ticket_payload(s, t, 0), "ahead": t.ahead, "estimated_wait_min": t.wait_min},
        )
        if t.called is not None and t.counter is not None:
            c = floor.counters[t.counter]
            row.update(status="called", called_at=t.called, counter_id=c.id, call_count=1)
            common = {**_ticket_payload(s, t, 1), **_counter_payload(c)}
            ev(t.called, 3, "ticket_called", ticket=tid, counter=c, data=common)
            if t.no_show:
                row.update(status="no_show", finished_at=t.finished)
                ev(t.finished or t.called, 4, "ticket_no_show", ticket=tid, counter=c, data=common)
            elif t.started is not None and t.finished is not None:
                row.update(status="done", started_at=t.started, finished_at=t.finished)
                ev(t.started, 4, "ticket_serving", ticket=tid, counter=c, data=common)
                ev(
                    t.finished,
                    5,
                    "ticket_finished",
                    ticket=tid,
                    counter=c,
                    data={
                        **common,
                        "service_s": round((t.finished - t.started).total_seconds()),
                        "auto": False,
                    },
                )
                if t.answered is not None:
                    out.surveys.append(
                        {
                            "ticket_id": tid,
                            "business_day": plan.day,
                            "answered_at": t.answered,
                            "service_id": sid,
                            "agency_id": s.agency_id,
                            "counter_id": c.id,
                            "comment": None,
                            "profile": {},
                            **{f"u{k}": v for k, v in enumerate(t.scores, start=1)},
                        }
                    )
        elif next_rollover is not None:
            row.update(status="expired", finished_at=next_rollover)
        out.tickets.append(row)
    timeline.sort(key=lambda e: (e[0], e[1]))
    out.events = [e for _, _, e in timeline]
    out.surveys.sort(key=lambda r: r["answered_at"])
    out.sequences = [
        {"service_id": sid, "business_day": plan.day, "last_number": n} for sid, n in last.items()
    ]
    return out


def left_waiting(plan: DayPlan) -> int:
    return sum(1 for t in plan.tickets if t.called is None)
