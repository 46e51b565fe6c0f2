"""The discrete-event model of one MPP day.

Visitors come from :func:`arrivals` (a non-homogeneous Poisson process per service, hour by
hour, with every random trait of a visitor drawn up front, so two staffing plans see the
same visitors). Issuing asks the product's own rules: the site's calendar
(:func:`shared.calendar.moment`, the cut-off included), the quota, and the estimated wait
of :func:`shared.rules.waits.estimate_wait_min`. Calling uses the product's calling order,
:mod:`shared.rules.order`: within a class the queue order (queued, then issued first),
between classes :func:`~shared.rules.order.prefers_priority` and
:func:`~shared.rules.order.streak_after` with the site's ``priority_ratio``, exactly as
:func:`shared.rules.calling.call_next` claims. Transfers keep the ticket's place (its
queued time), and a no-show who comes back is requeued at its original place or at the end,
as the site's ``requeue`` setting says.

A counter is staffed during its shift's open spans (the profile's plan), and does not serve
during a calendar break that concerns all its services (the Friday prayer). A visitor who is
still waiting after their patience has walked away: when called, they are a no-show.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import random
import statistics
import zoneinfo
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from shared.calendar import DAYS, Kind, moment
from shared.models import Counter
from shared.rules.order import prefers_priority, streak_after
from shared.rules.waits import (
    _MAX_SERVICE_TIME_S,
    _MIN_SAMPLES,
    _RECENT_SERVICES,
    estimate_wait_min,
    site_calendar,
)
from shared.simulate.profile import Profile, Shift

INITIAL_STREAK = int(Counter.__table__.c.regular_streak.default.arg)
"""A counter's streak when the store creates it (the product's own default)."""
SAMPLE_S = 600
"""Queue lengths are sampled every ten minutes."""
WAIT_BUCKET_S = 10
"""As the reports keep waits (:data:`shared.reports.WAIT_BUCKET_S`): buckets of 10 s."""


@dataclass(frozen=True)
class Arrival:
    """One visitor of the simulated day: when they reach the kiosk (``at``, aware, in the
    site's timezone), the service, the priority class (None: regular), and what they will do:
    absent when called (``absent``), how long they wait before walking away, how long their
    service takes, whether the clerk must call them twice, whether an absent visitor comes
    back (after ``returns_after_s``), and the service they are sent on to after being served."""

    at: dt.datetime
    service: str
    priority: str | None
    absent: bool = False
    patience_s: float = math.inf
    service_s: float = 0.0
    recall: bool = False
    returns_after_s: float | None = None
    transfer_to: str | None = None
    transfer_service_s: float = 0.0


def _lognormal(rng: random.Random, mean: float, sd: float) -> float:
    if sd <= 0:
        return mean
    sigma2 = math.log(1 + (sd / mean) ** 2)
    return rng.lognormvariate(math.log(mean) - sigma2 / 2, math.sqrt(sigma2))


def _scaled(z: float, mean: float, sd: float) -> float:
    """A lognormal of ``mean`` and ``sd`` from a standard normal draw ``z``."""
    if sd <= 0:
        return mean
    sigma2 = math.log(1 + (sd / mean) ** 2)
    return math.exp(math.log(mean) - sigma2 / 2 + math.sqrt(sigma2) * z)


def day_of(profile: Profile, day: dt.date | None = None) -> dt.date:
    """The day simulated: the caller's, else the profile's (else the first Monday of 2030,
    an ordinary weekday that no holiday list names)."""
    return day or profile.day or dt.date(2030, 1, 7)


def arrivals(profile: Profile, seed: int, day: dt.date | None = None) -> list[Arrival]:
    """The day's visitors for ``profile`` and ``seed``, in the order they reach the kiosk.

    The same profile and seed always give the same visitors. ``make rehearse`` drives the
    real programs with these; the simulator replays them through its model."""
    tz = zoneinfo.ZoneInfo(profile.site.settings.timezone)
    midnight = dt.datetime.combine(day_of(profile, day), dt.time(0), tz)
    classes = [c for c, _ in profile.site.priority_classes]
    by_code = {s.code: s for s in profile.services}
    out: list[tuple[float, int, Arrival]] = []
    n = 0
    for sp in profile.services:
        # One stream per service: leaving a service out (a plan for one agency) changes no
        # other service's visitors.
        rng = random.Random(f"{seed}:{sp.code}")
        for hour, rate in sp.arrivals:
            if rate <= 0:
                continue
            t, end = hour * 3600.0, (hour + 1) * 3600.0
            while True:
                t += rng.expovariate(rate / 3600.0)
                if t >= end:
                    break
                priority = rng.choice(classes) if classes and rng.random() < sp.priority_share else None
                absent = rng.random() < profile.no_show_rate
                patience = (
                    rng.expovariate(1 / (profile.patience_min * 60)) if profile.patience_min else math.inf
                )
                service_s = _lognormal(rng, sp.service_mean_min * 60, sp.service_sd_min * 60)
                recall = rng.random() < profile.recall_rate
                back = rng.random() < profile.return_rate
                returns = profile.return_after_min * 60 * rng.uniform(0.5, 1.5) if back else None
                target, x = None, rng.random()
                for code, share in sp.transfers:
                    if x < share:
                        target = code
                        break
                    x -= share
                # Always the same draws, whichever service (if any) comes next.
                z = rng.gauss(0.0, 1.0)
                tsp = by_code.get(target) if target else None
                if tsp is not None:
                    t_service = _scaled(z, tsp.service_mean_min * 60, tsp.service_sd_min * 60)
                else:
                    t_service = (
                        float(
                            next((s.service_minutes for s in profile.site.services if s.code == target), 0.0)
                        )
                        * 60
                    )
                at = midnight + dt.timedelta(seconds=round(t, 3))
                out.append(
                    (
                        t,
                        n,
                        Arrival(
                            at,
                            sp.code,
                            priority,
                            absent,
                            patience,
                            service_s,
                            recall,
                            returns,
                            target,
                            t_service,
                        ),
                    )
                )
                n += 1
    out.sort(key=lambda a: (a[0], a[1]))
    return [a for _, _, a in out]


@dataclass
class DayResult:
    """What one simulated day gives: waits (first call - issue, as the reports measure them)
    in 10-second buckets per (service, hour of issue), the tickets never called, counts per
    service, refusals per (service, reason), queue lengths sampled every ten minutes, and each
    counter's busy and staffed seconds.

    ``trace`` (when asked for) lists every action a kiosk or a clerk takes, as
    ``(seconds after local midnight, kind, who, ticket, extra)``: ``issue`` (who: the service,
    extra: the priority class), ``refuse`` (ticket: why, ``quota``/``cutoff``/``closed``),
    ``call``, ``recall``, ``start``, ``finish``, ``no_show``, ``transfer`` (extra: the target
    service) by a counter, and ``requeue`` (who: the service). Sorted by time (a stable sort),
    it replays through the real rules."""

    waits: dict[tuple[str, int], dict[int, int]] = field(default_factory=dict)
    uncalled: dict[tuple[str, int], int] = field(default_factory=dict)
    issued: dict[str, int] = field(default_factory=dict)
    served: dict[str, int] = field(default_factory=dict)
    no_show: dict[str, int] = field(default_factory=dict)
    walked: dict[str, int] = field(default_factory=dict)
    transferred: dict[str, int] = field(default_factory=dict)
    refused: dict[tuple[str, str], int] = field(default_factory=dict)
    queue: dict[str, list[int]] = field(default_factory=dict)
    sample_start_s: int = 0
    busy_s: dict[str, float] = field(default_factory=dict)
    staffed_s: dict[str, float] = field(default_factory=dict)
    trace: list[tuple[float, str, str, str, str]] = field(default_factory=list)


class _Ticket:
    __slots__ = (
        "arrival",
        "called",
        "code",
        "hour",
        "id",
        "issued_s",
        "priority",
        "queued_s",
        "returned",
        "service",
        "transferred",
    )

    def __init__(self, tid: int, code: str, a: Arrival, t: float, hour: int) -> None:
        self.id, self.code, self.arrival = tid, code, a
        self.service, self.priority = a.service, a.priority is not None
        self.issued_s = self.queued_s = t
        self.hour = hour
        self.called = self.returned = self.transferred = False


_ARRIVE, _FREE, _BACK, _SAMPLE, _OPEN = 0, 1, 2, 3, 4


def _bump(d: dict, key: object, n: int = 1) -> None:  # type: ignore[type-arg]
    d[key] = d.get(key, 0) + n


def _spans(profile: Profile, shift: Shift, services: Sequence[str], weekday: str) -> list[tuple[int, int]]:
    """A shift's open spans, less the calendar breaks that concern every service it has."""
    spans = shift.open_spans()
    cal = profile.site.calendar
    for b in cal.breaks:
        if not all(b.applies(weekday, s) for s in services):
            continue
        b0 = b.hours.opens.hour * 3600 + b.hours.opens.minute * 60
        b1 = b.hours.closes.hour * 3600 + b.hours.closes.minute * 60
        cut: list[tuple[int, int]] = []
        for a0, a1 in spans:
            cut.extend(s for s in ((a0, min(a1, b0)), (max(a0, b1), a1)) if s[1] > s[0])
        spans = cut
    return spans


def simulate_day(
    profile: Profile,
    seed: int,
    *,
    plan: Sequence[Shift] | None = None,
    day: dt.date | None = None,
    visitors: Sequence[Arrival] | None = None,
    trace: bool = False,
) -> DayResult:
    """Simulate one day of ``profile`` (its plan, or ``plan``) with the visitors of ``seed``."""
    spec = profile.site
    the_day = day_of(profile, day)
    weekday = DAYS[the_day.weekday()]
    tz = zoneinfo.ZoneInfo(spec.settings.timezone)
    midnight = dt.datetime.combine(the_day, dt.time(0), tz)
    config = spec.config()
    cal = site_calendar(config)
    always_open = spec.settings.always_open
    ratio = spec.settings.priority_ratio
    requeue_end = spec.settings.requeue == "end"
    svc = {s.code: s for s in spec.services}
    people = list(visitors) if visitors is not None else arrivals(profile, seed, the_day)
    res = DayResult()

    queues: dict[str, tuple[list[tuple[float, int, _Ticket]], list[tuple[float, int, _Ticket]]]] = {
        s: ([], []) for s in svc
    }
    recent: dict[str, deque[float]] = {s: deque(maxlen=_RECENT_SERVICES) for s in svc}
    counters = [(k.code, tuple(s for s in k.services if s in svc)) for k in spec.counters]
    shifts = {sh.counter: sh for sh in (plan if plan is not None else profile.plan)}
    spans: list[list[tuple[int, int]]] = []
    for code, services in counters:
        sh = shifts.get(code)
        spans.append(_spans(profile, sh, services, weekday) if sh else [])
    streak = [INITIAL_STREAK] * len(counters)
    idle_since: list[float | None] = [None] * len(counters)
    busy = [0.0] * len(counters)
    working = [False] * len(counters)
    serving: dict[str, list[int]] = {s: [] for s in svc}
    for i, (_, services) in enumerate(counters):
        for s in services:
            serving[s].append(i)

    events: list[tuple[float, int, int, object]] = []
    seq = 0
    for i, sp in enumerate(spans):
        for a0, _ in sp:
            events.append((float(a0), seq, _OPEN, i))
            seq += 1
    for a in people:
        t = (a.at - midnight).total_seconds()
        events.append((t, seq, _ARRIVE, a))
        seq += 1
    starts = [a0 for sp in spans for a0, _ in sp]
    ends = [a1 for sp in spans for _, a1 in sp]
    if starts:
        first = min(starts) // SAMPLE_S * SAMPLE_S
        res.sample_start_s = first
        res.queue = {s: [] for s in svc}
        for t in range(first, max(ends) + 1, SAMPLE_S):
            events.append((float(t), seq, _SAMPLE, None))
            seq += 1
    heapq.heapify(events)

    numbers = dict.fromkeys(svc, 0)
    next_id = 1
    log = res.trace if trace else None

    def in_span(i: int, t: float) -> bool:
        return any(a0 <= t < a1 for a0, a1 in spans[i])

    def call(i: int, t: float) -> bool:
        nonlocal seq
        services = counters[i][1]
        prefer = prefers_priority(streak[i], ratio)
        best = None
        for cls in (0, 1) if prefer else (1, 0):
            for s in services:
                h = queues[s][cls]
                if h and (best is None or h[0] < best):
                    best, where = h[0], h
            if best is not None:
                break
        if best is None:
            idle_since[i] = t
            return False
        heapq.heappop(where)
        idle_since[i] = None
        working[i] = True
        tk = best[2]
        streak[i] = streak_after(streak[i], priority=tk.priority, ratio=ratio)
        a = tk.arrival
        if log is not None:
            log.append((t, "call", counters[i][0], tk.code, ""))
        first_call = not tk.called
        if first_call:
            tk.called = True
            b = res.waits.setdefault((a.service, tk.hour), {})
            _bump(b, round((t - tk.issued_s) / WAIT_BUCKET_S))
        walked = first_call and (t - tk.issued_s) > a.patience_s
        if (a.absent or walked) and not tk.returned:
            took = profile.no_show_wait_s
            _bump(res.no_show, tk.service)
            if walked:
                _bump(res.walked, tk.service)
            if log is not None:
                log.append((t + took, "no_show", counters[i][0], tk.code, ""))
            if not walked and a.returns_after_s is not None:
                heapq.heappush(events, (t + took + a.returns_after_s, seq, _BACK, tk))
                seq += 1
            nxt: object = (i, None, None)
        else:
            transfer = a.transfer_to if not tk.transferred and a.transfer_to in svc else None
            own = a.transfer_service_s if tk.transferred else a.service_s
            took = profile.walk_to_counter_s + (profile.recall_s if a.recall and first_call else 0.0) + own
            if transfer is None:
                _bump(res.served, tk.service)
            if log is not None:
                if a.recall and first_call:
                    log.append((t + profile.recall_s, "recall", counters[i][0], tk.code, ""))
                log.append((t + took - own, "start", counters[i][0], tk.code, ""))
                what = "transfer" if transfer else "finish"
                log.append((t + took, what, counters[i][0], tk.code, transfer or ""))
            nxt = (i, tk if transfer else None, None if transfer else (tk.service, own))
        busy[i] += took
        heapq.heappush(events, (t + took, seq, _FREE, nxt))
        seq += 1
        return True

    def enqueue(tk: _Ticket, t: float) -> None:
        heapq.heappush(queues[tk.service][0 if tk.priority else 1], (tk.queued_s, tk.id, tk))
        idle = [i for i in serving[tk.service] if idle_since[i] is not None and in_span(i, t)]
        idle.sort(key=lambda i: (idle_since[i], i))
        for i in idle:
            if call(i, t):
                break

    def refuse(a: Arrival, t: float, why: str) -> None:
        _bump(res.refused, (a.service, why))
        if log is not None:
            log.append((t, "refuse", a.service, why, a.priority or ""))

    def issue(a: Arrival, t: float) -> None:
        nonlocal next_id
        s = svc[a.service]
        local = midnight + dt.timedelta(seconds=t)
        if not always_open:
            m = moment(cal, s.code, local)
            if not m.issuing:
                refuse(a, t, "cutoff" if m.kind is Kind.CUTOFF else "closed")
                return
        if s.quota is not None and numbers[s.code] >= s.quota:
            refuse(a, t, "quota")
            return
        if not always_open and cal.cutoff_by_wait:
            pq, rq = queues[s.code]
            ahead = len(pq) if a.priority else len(pq) + len(rq)
            # typical_service_s: the median of the service's latest finished tickets today.
            done = sorted(d for d in recent[s.code] if 0 < d <= _MAX_SERVICE_TIME_S)
            typical = statistics.median(done) if len(done) >= _MIN_SAMPLES else s.service_minutes * 60
            open_now = sum(1 for i in serving[s.code] if in_span(i, t))
            wait = estimate_wait_min(ahead, typical, open_now)
            if not moment(cal, s.code, local, wait_min=wait).issuing:
                refuse(a, t, "cutoff")
                return
        numbers[s.code] += 1
        tk = _Ticket(next_id, f"{s.prefix}{numbers[s.code]:03d}", a, t, local.hour)
        next_id += 1
        _bump(res.issued, s.code)
        if log is not None:
            log.append((t, "issue", s.code, tk.code, a.priority or ""))
        enqueue(tk, t)

    while events:
        t, _, kind, data = heapq.heappop(events)
        if kind == _ARRIVE:
            issue(cast(Arrival, data), t)
        elif kind == _FREE:
            i, moved, done = cast(tuple[int, _Ticket | None, tuple[str, float] | None], data)
            working[i] = False
            if done is not None:  # a finished service: what the product's estimate reads
                recent[done[0]].append(done[1])
            if moved is not None:
                tk = moved
                _bump(res.transferred, tk.service)
                tk.transferred = True
                tk.service = tk.arrival.transfer_to or tk.service
                enqueue(tk, t)
            if in_span(i, t):
                call(i, t)
            else:
                idle_since[i] = None
        elif kind == _OPEN:
            i = cast(int, data)
            if not working[i]:  # a visitor served across the break is finished first
                call(i, t)
        elif kind == _BACK:
            tk = cast(_Ticket, data)
            tk.returned = True
            if requeue_end:
                tk.queued_s = t
            if log is not None:
                log.append((t, "requeue", tk.service, tk.code, ""))
            enqueue(tk, t)
        else:
            for s, (pq, rq) in queues.items():
                res.queue[s].append(len(pq) + len(rq))

    for pq, rq in queues.values():
        for _, _, tk in (*pq, *rq):
            if not tk.called:
                _bump(res.uncalled, (tk.arrival.service, tk.hour))
    for i, (code, _) in enumerate(counters):
        res.busy_s[code] = busy[i]
        res.staffed_s[code] = float(sum(a1 - a0 for a0, a1 in spans[i]))
    return res


def day_start(profile: Profile, day: dt.date | None = None) -> dt.datetime:
    """Local midnight of the simulated day (trace times are seconds after it)."""
    tz = zoneinfo.ZoneInfo(profile.site.settings.timezone)
    return dt.datetime.combine(day_of(profile, day), dt.time(0), tz)
