"""Adding cells up: the figures of a period, per agency, service, counter or clerk.

Pure: cells and names in, frozen figures out (docs/reports.md defines each figure)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from shared.reports.cells import WAIT_BUCKET_S, Cell

BY = ("agency", "service", "counter", "clerk")


@dataclass(frozen=True)
class Figures:
    issued: int
    called: int
    served: int
    no_show: int
    expired: int
    transferred: int
    wait_mean_s: float | None
    wait_median_s: float | None
    wait_p90_s: float | None
    service_mean_s: float | None
    within_target: float | None  # share of called tickets called within the target wait, 0 to 1


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    figures: Figures


@dataclass(frozen=True)
class Names:
    """What the cells' ids are called, and which agency a service belongs to."""

    services: dict[int, str] = field(default_factory=dict)
    service_agency: dict[int, int] = field(default_factory=dict)
    agencies: dict[int, str] = field(default_factory=dict)
    counters: dict[int, str] = field(default_factory=dict)
    users: dict[int, str] = field(default_factory=dict)
    codes: dict[tuple[str, int], str] = field(default_factory=dict)  # (kind, id) -> code


class _Sum:
    __slots__ = ("called", "expired", "issued", "no_show", "served", "service_sum_s", "transferred",
                 "wait_sum_s", "waits", "within_target")

    def __init__(self) -> None:
        self.issued = self.called = self.served = self.no_show = self.expired = self.transferred = 0
        self.within_target = 0
        self.wait_sum_s = self.service_sum_s = 0.0
        self.waits: dict[int, int] = {}

    def add(self, c: Cell) -> None:
        self.issued += c.issued
        self.called += c.called
        self.served += c.served
        self.no_show += c.no_show
        self.expired += c.expired
        self.transferred += c.transferred
        self.within_target += c.within_target
        self.wait_sum_s += c.wait_sum_s
        self.service_sum_s += c.service_sum_s
        waits = self.waits
        for bucket, n in c.waits.items():
            waits[bucket] = waits.get(bucket, 0) + n

    def figures(self) -> Figures:
        return Figures(
            issued=self.issued, called=self.called, served=self.served, no_show=self.no_show,
            expired=self.expired, transferred=self.transferred,
            wait_mean_s=self.wait_sum_s / self.called if self.called else None,
            wait_median_s=percentile(self.waits, 0.5),
            wait_p90_s=percentile(self.waits, 0.9),
            service_mean_s=self.service_sum_s / self.served if self.served else None,
            within_target=self.within_target / self.called if self.called else None,
        )


def percentile(waits: dict[int, int], p: float) -> float | None:
    """Nearest rank: the smallest kept wait with at least ``p`` of the tickets at or below it."""
    total = sum(waits.values())
    if not total:
        return None
    rank = max(1, math.ceil(p * total))
    seen = 0
    for bucket in sorted(waits):
        seen += waits[bucket]
        if seen >= rank:
            return float(bucket * WAIT_BUCKET_S)
    return None  # pragma: no cover - the loop always reaches rank


def _group_key(by: str, names: Names) -> Callable[[Cell], int | None]:
    if by == "agency":
        return lambda c: names.service_agency.get(c.service_id)
    if by == "service":
        return lambda c: c.service_id
    if by == "counter":
        return lambda c: c.counter_id
    if by == "clerk":
        return lambda c: c.user_id
    raise ValueError(by)


_LABELS = {"agency": "agencies", "service": "services", "counter": "counters", "clerk": "users"}
_KIND = {"agency": "agency", "service": "service", "counter": "counter", "clerk": "user"}


def rows(cells: Iterable[Cell], by: str, names: Names) -> tuple[Figures, tuple[Row, ...]]:
    """The period's total and one row per agency/service/counter/clerk that has figures.

    Counter and clerk rows leave out what belongs to no counter (the issuing)."""
    key_of = _group_key(by, names)
    total = _Sum()
    groups: dict[int, _Sum] = {}
    for c in cells:
        total.add(c)
        k = key_of(c)
        if k is None:
            continue
        g = groups.get(k)
        if g is None:
            g = groups[k] = _Sum()
        g.add(c)
    labels: dict[int, str] = getattr(names, _LABELS[by])
    order = list(labels)
    out = [Row(names.codes.get((_KIND[by], k), str(k)), labels.get(k, f"#{k}"), g.figures())
           for k, g in sorted(groups.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order
                                                               else len(order), kv[0]))]
    return total.figures(), tuple(out)


@dataclass(frozen=True)
class Clerk:
    name: str
    served: int
    service_mean_s: float | None


def clerks(cells: Iterable[Cell], names: Names) -> tuple[Clerk, ...]:
    served: dict[int, list[float]] = {}
    for c in cells:
        if c.user_id is not None and c.served:
            s = served.setdefault(c.user_id, [0, 0.0])
            s[0] += c.served
            s[1] += c.service_sum_s
    return tuple(sorted((Clerk(names.users.get(u, f"#{u}"), int(n), total / n if n else None)
                         for u, (n, total) in served.items()), key=lambda k: (-k.served, k.name)))


def arrivals(cells: Iterable[Cell]) -> tuple[tuple[int, ...], ...]:
    """Tickets issued per weekday (Monday first) and hour of the day: 7 rows of 24."""
    grid = [[0] * 24 for _ in range(7)]
    for c in cells:
        for slot, n in c.arrivals.items():
            grid[slot // 24][slot % 24] += n
    return tuple(tuple(r) for r in grid)


def waits_by_hour(cells: Iterable[Cell]) -> tuple[tuple[int, int, float | None], ...]:
    """(hour of issue, tickets first called, their mean wait in seconds), for hours with tickets."""
    hours: dict[int, list[float]] = {}
    for c in cells:
        for hour, (n, s) in c.wait_hours.items():
            h = hours.setdefault(hour, [0, 0.0])
            h[0] += n
            h[1] += s
    return tuple((hour, int(n), s / n if n else None) for hour, (n, s) in sorted(hours.items()))
