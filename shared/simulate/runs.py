"""Many simulated days (one per seed, in parallel) and what they add up to.

Waits are pooled over the runs and read with the reports' own percentile
(:func:`shared.reports.figures.percentile`, nearest rank over 10-second buckets), so a
simulated p90 means what a report's p90 means. A ticket still waiting when the day ends
counts as an endless wait (:data:`NEVER_S`): a plan that leaves visitors uncalled never
meets a target. The spread is the lowest and highest p90 of the single runs.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass

from shared.reports.figures import percentile
from shared.simulate.model import SAMPLE_S, WAIT_BUCKET_S, DayResult, simulate_day
from shared.simulate.profile import Profile, Shift

NEVER_BUCKET = 10**8
NEVER_S = float(NEVER_BUCKET * WAIT_BUCKET_S)
"""The wait a never-called ticket counts as: longer than any day."""


@dataclass(frozen=True)
class Waits:
    called: float  # tickets first called, per run
    p50_s: float | None
    p90_s: float | None
    p90_low_s: float | None  # the lowest p90 of one run
    p90_high_s: float | None  # the highest


@dataclass(frozen=True)
class ServiceRow:
    code: str
    name: str
    agency: str
    target_min: int
    issued: float
    served: float
    no_show: float
    walked: float
    transferred: float
    refused_quota: float
    refused_cutoff: float
    refused_closed: float
    uncalled: float
    waits: Waits

    @property
    def meets_target(self) -> bool:
        return self.waits.p90_s is None or self.waits.p90_s <= self.target_min * 60


@dataclass(frozen=True)
class HourRow:
    service: str
    hour: int
    waits: Waits
    queue_mean: float
    queue_max: float


@dataclass(frozen=True)
class CounterRow:
    code: str
    agency: str
    staffed_h: float
    utilisation: float | None


@dataclass(frozen=True)
class Summary:
    runs: int
    services: tuple[ServiceRow, ...]
    hours: tuple[HourRow, ...]
    counters: tuple[CounterRow, ...]
    queue_start_s: int
    queue_total: tuple[float, ...]  # everyone waiting, every ten minutes (mean over runs)

    def agency_hours(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for c in self.counters:
            out[c.agency] = out.get(c.agency, 0.0) + c.staffed_h
        return out


# --- running ---------------------------------------------------------------------------

_WORKER: tuple[Profile, Sequence[Shift] | None] | None = None


def _init(profile: Profile, plan: Sequence[Shift] | None) -> None:
    global _WORKER
    _WORKER = (profile, plan)


def _one(seed: int) -> DayResult:
    assert _WORKER is not None
    profile, plan = _WORKER
    return simulate_day(profile, seed, plan=plan)


def workers_default() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def run_many(
    profile: Profile, seeds: Sequence[int], *, plan: Sequence[Shift] | None = None, workers: int | None = None
) -> list[DayResult]:
    """One simulated day per seed, in that order; across ``workers`` processes when there
    are several runs (default: one per core)."""
    n = workers or workers_default()
    if n <= 1 or len(seeds) <= 1:
        return [simulate_day(profile, s, plan=plan) for s in seeds]
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(min(n, len(seeds)), initializer=_init, initargs=(profile, plan)) as pool:
        return pool.map(_one, seeds, chunksize=max(1, len(seeds) // (4 * n)))


# --- adding up ---------------------------------------------------------------------------


def _pooled(per_run: list[dict[int, int]], never: list[int]) -> Waits:
    pooled: dict[int, int] = {}
    p90s: list[float] = []
    for buckets, lost in zip(per_run, never, strict=True):
        one = dict(buckets)
        if lost:
            one[NEVER_BUCKET] = one.get(NEVER_BUCKET, 0) + lost
        for k, v in one.items():
            pooled[k] = pooled.get(k, 0) + v
        p = percentile(one, 0.9)
        if p is not None:
            p90s.append(p)
    runs = max(1, len(per_run))
    called = sum(sum(b.values()) for b in per_run) / runs
    return Waits(
        called,
        percentile(pooled, 0.5),
        percentile(pooled, 0.9),
        min(p90s) if p90s else None,
        max(p90s) if p90s else None,
    )


def summarise(profile: Profile, results: Sequence[DayResult]) -> Summary:
    spec = profile.site
    runs = max(1, len(results))

    def mean(pick: str, key: object) -> float:
        return float(sum(getattr(r, pick).get(key, 0) for r in results)) / runs

    services = []
    for s in spec.services:
        per_run = []
        never = []
        for r in results:
            b: dict[int, int] = {}
            for (code, _), buckets in r.waits.items():
                if code == s.code:
                    for k, v in buckets.items():
                        b[k] = b.get(k, 0) + v
            per_run.append(b)
            never.append(sum(v for (code, _), v in r.uncalled.items() if code == s.code))
        services.append(
            ServiceRow(
                s.code,
                s.name,
                s.agency,
                s.target_wait_min,
                mean("issued", s.code),
                mean("served", s.code),
                mean("no_show", s.code),
                mean("walked", s.code),
                mean("transferred", s.code),
                mean("refused", (s.code, "quota")),
                mean("refused", (s.code, "cutoff")),
                mean("refused", (s.code, "closed")),
                sum(never) / runs,
                _pooled(per_run, never),
            )
        )

    hours = []
    keys = sorted(
        {k for r in results for k in (*r.waits, *r.uncalled)},
        key=lambda k: ([s.code for s in spec.services].index(k[0]), k[1]),
    )
    for code, hour in keys:
        w = _pooled(
            [r.waits.get((code, hour), {}) for r in results],
            [r.uncalled.get((code, hour), 0) for r in results],
        )
        means, maxes = [], []
        for r in results:
            samples = _hour_samples(r, code, hour)
            if samples:
                means.append(sum(samples) / len(samples))
                maxes.append(max(samples))
        hours.append(
            HourRow(code, hour, w, sum(means) / runs if means else 0.0, sum(maxes) / runs if maxes else 0.0)
        )

    counters = []
    for counter in spec.counters:
        staffed = sum(r.staffed_s.get(counter.code, 0.0) for r in results)
        busy = sum(r.busy_s.get(counter.code, 0.0) for r in results)
        counters.append(
            CounterRow(
                counter.code, counter.agency, staffed / runs / 3600, busy / staffed if staffed else None
            )
        )
    longest = max((len(next(iter(r.queue.values()), [])) for r in results), default=0)
    total = [0.0] * longest
    for r in results:
        for series in r.queue.values():
            for i, n in enumerate(series):
                total[i] += n / runs
    start = results[0].sample_start_s if results else 0
    return Summary(len(results), tuple(services), tuple(hours), tuple(counters), start, tuple(total))


def _hour_samples(r: DayResult, code: str, hour: int) -> list[int]:
    series = r.queue.get(code, [])
    first = (hour * 3600 - r.sample_start_s) // SAMPLE_S
    return [series[i] for i in range(max(0, first), min(len(series), first + 3600 // SAMPLE_S))]


def to_json(s: Summary) -> dict[str, object]:
    """The summary as plain data (``--json``); waits in seconds, None when nobody was called,
    :data:`NEVER_S` for a wait that never ended."""
    return {
        "runs": s.runs,
        "services": [dataclasses.asdict(r) | {"meets_target": r.meets_target} for r in s.services],
        "hours": [dataclasses.asdict(h) for h in s.hours],
        "counters": [dataclasses.asdict(c) for c in s.counters],
        "queue_start_s": s.queue_start_s,
        "queue_total": list(s.queue_total),
    }
