"""``antre simulate``: one MPP day of 30 counters and about 2,000 visitors, and 100 such days
over two processes.

The demo profile (resources/simulate/) with its arrivals scaled to 2,000 visitors a day and
the quotas lifted, so every visitor is issued, queued and called. No store is involved: the
results are one object, ``model``. Targets: ``day_s`` <= 1 s, ``runs_100_s`` <= 30 s on two
cores (README, issue 19).
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import time
from pathlib import Path
from typing import Any

from shared import simulate
from shared.simulate import runs
from tests.perf.common import print_table, scaled

PROFILE = Path(__file__).resolve().parents[2] / "resources" / "simulate" / "demo-batu.toml"
VISITORS = 2000
TARGETS = {"day_s": 1.0, "runs_100_s": 30.0}
ROWS = [
    ("one day, p50 (s)", "day_s_p50", "<= 1"),
    ("one day, p95 (s)", "day_s_p95", ""),
    ("visitors a day", "visitors", "~2000"),
    ("issued a day", "issued", ""),
    ("counters", "counters", "30"),
    ("100 days on 2 processes, p50 (s)", "runs_100_s_p50", "<= 30"),
    ("100 days on 2 processes, max (s)", "runs_100_s_max", ""),
]


def bench_profile() -> simulate.Profile:
    p = simulate.load_profile(PROFILE)
    expected = sum(r for s in p.services for _, r in s.arrivals)
    k = VISITORS / expected
    services = tuple(
        dataclasses.replace(s, arrivals=tuple((h, r * k) for h, r in s.arrivals)) for s in p.services
    )
    site = dataclasses.replace(
        p.site, services=tuple(dataclasses.replace(s, quota=None) for s in p.site.services)
    )
    return dataclasses.replace(p, services=services, site=site)


def _quantile(values: list[float], q: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def run() -> dict[str, Any]:
    p = bench_profile()
    days = scaled(30, minimum=5)
    simulate.simulate_day(p, 0)  # warm-up: imports, the calendar's cache
    took, visitors, issued = [], [], []
    for seed in range(1, days + 1):
        t0 = time.perf_counter()
        r = simulate.simulate_day(p, seed)
        took.append(time.perf_counter() - t0)
        visitors.append(len(simulate.arrivals(p, seed)))
        issued.append(sum(r.issued.values()))
    batches = []
    n_runs = scaled(100, minimum=10)
    for rep in range(3):
        t0 = time.perf_counter()
        runs.run_many(p, list(range(1000 * rep, 1000 * rep + n_runs)), workers=2)
        batches.append(time.perf_counter() - t0)
    return {
        "model": {
            "day_s": round(statistics.median(took), 4),
            "day_s_p50": round(statistics.median(took), 4),
            "day_s_p95": round(_quantile(took, 95), 4),
            "days_timed": days,
            "visitors": round(statistics.mean(visitors)),
            "issued": round(statistics.mean(issued)),
            "counters": len(p.site.counters),
            "runs": n_runs,
            "runs_100_s": round(statistics.median(batches), 2),
            "runs_100_s_p50": round(statistics.median(batches), 2),
            "runs_100_s_max": round(max(batches), 2),
            "processes": 2,
            "cpus": os.cpu_count(),
            "load_average_1m": round(os.getloadavg()[0], 2),
        }
    }


def report(results: dict[str, Any]) -> None:
    print_table("antre simulate: one MPP day, and 100 days", ROWS, results)
    for line in missed_targets(results):
        print(f"TARGET MISSED: {line}")


def missed_targets(results: dict[str, Any]) -> list[str]:
    e = results.get("model")
    if not isinstance(e, dict) or "error" in e:
        return []
    return [
        f"{key} {e[key]:.2f} s > {limit:g} s"
        for key, limit in TARGETS.items()
        if e.get(key) is not None and e[key] > limit
    ]
