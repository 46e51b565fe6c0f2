"""``--recommend``: the fewest counter-hours per agency that keep each service's p90 wait
within its ``target_wait_min``.

Agencies are planned one by one (their counters serve only their own services). A plan is
the number of counters open in each hour; it meets the targets when, over the seeded days,
every service of the agency keeps its p90 wait (first call - issue, as a report measures it)
within its ``target_wait_min``, nearly everyone within 2.5 times it (:data:`TAIL_SHARE`), and
nobody is left uncalled. The search starts with every counter open all day (if even that
misses, the agency is reported as such) and takes counter-hours away one at a time, quietest
hours first, keeping each removal that still meets the targets, until none can go. The same
seeds (the same visitors) judge every candidate. Visitors sent on from another agency's
service come too, with that agency fully staffed. Counters open in the order that covers the
agency's services soonest. The whole plan is then simulated again.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
from collections.abc import Sequence
from dataclasses import dataclass

from shared.calendar import DAYS, SITE
from shared.reports.figures import percentile
from shared.rules.waits import site_calendar
from shared.simulate.model import day_of, simulate_day
from shared.simulate.profile import Profile, Shift
from shared.simulate.runs import workers_default

TAIL_SHARE, TAIL_TIMES = 0.98, 2.5
"""The tail guard: 98 % of the tickets are called within 2.5 times the target, so a plan cannot
meet the p90 by pushing a few visitors from hour to hour until a late counter calls them."""


@dataclass(frozen=True)
class AgencyPlan:
    agency: str
    hours: tuple[int, ...]  # local hours, one slot each
    open: tuple[int, ...]  # counters open in each slot
    counters: tuple[str, ...]  # in the order they open
    met: bool  # False: even every counter cannot keep the targets

    @property
    def counter_hours(self) -> int:
        return sum(self.open)

    def shifts(self) -> list[Shift]:
        out = []
        for j, code in enumerate(self.counters):
            on = [h for h, n in zip(self.hours, self.open, strict=True) if n > j]
            if not on:
                continue
            opens, closes = on[0] * 3600, (on[-1] + 1) * 3600
            breaks = tuple((h * 3600, (h + 1) * 3600) for h in range(on[0], on[-1] + 1) if h not in on)
            out.append(Shift(code, opens, closes, breaks))
        return out


def day_hours(profile: Profile) -> tuple[int, ...]:
    """The local hours the site is open on the simulated day (slots of the plan)."""
    config = profile.site.config()
    weekday = DAYS[day_of(profile).weekday()]
    spans = []
    for code in (SITE, *(s.code for s in profile.site.services)):
        h = site_calendar(config).hours_on(code, weekday)
        if h is not None:
            spans.append((h.opens.hour, h.closes.hour + (1 if h.closes.minute else 0)))
    if not spans:
        return ()
    return tuple(range(min(a for a, _ in spans), max(b for _, b in spans)))


def _order(profile: Profile, agency: str) -> list[str]:
    """The agency's counters, in the order that covers its services soonest (then file order)."""
    left = [k for k in profile.site.counters if k.agency == agency]
    covered: set[str] = set()
    out = []
    while left:
        best = max(left, key=lambda k: (len(set(k.services) - covered), -left.index(k)))
        out.append(best.code)
        covered |= set(best.services)
        left.remove(best)
    return out


def _meets(profile: Profile, shifts: Sequence[Shift], agency: str, seeds: Sequence[int], upto: int) -> bool:
    targets = {s.code: s.target_wait_min * 60 for s in profile.site.services if s.agency == agency}
    pooled: dict[str, dict[int, int]] = {}
    for seed in seeds:
        r = simulate_day(profile, seed, plan=shifts)
        if any(code in targets and hour <= upto for code, hour in r.uncalled):
            return False  # a visitor never called: no p90 makes up for that
        for (code, hour), buckets in r.waits.items():
            if code in targets and hour <= upto:
                p = pooled.setdefault(code, {})
                for k, v in buckets.items():
                    p[k] = p.get(k, 0) + v
    for code, buckets in pooled.items():
        p90, tail = percentile(buckets, 0.9), percentile(buckets, TAIL_SHARE)
        if p90 is not None and p90 > targets[code]:
            return False
        if tail is not None and tail > TAIL_TIMES * targets[code]:
            return False
    return True


def plan_agency(profile: Profile, agency: str, seeds: Sequence[int]) -> AgencyPlan:
    """The fewest counters per hour for one agency (see the module's text). The visitors sent
    on to it from other agencies' services come too, with those agencies fully staffed."""
    spec = profile.site
    own = {s.code for s in spec.services if s.agency == agency}
    sources = {s.code for s in profile.services if any(t in own for t, _ in s.transfers)}
    keep = own | sources
    mine = dataclasses.replace(
        profile,
        services=tuple(
            dataclasses.replace(s, transfers=tuple((t, p) for t, p in s.transfers if t in own))
            for s in profile.services
            if s.code in keep
        ),
    )
    helpers = {spec_s.agency for spec_s in spec.services if spec_s.code in sources} - {agency}
    hours = day_hours(profile)
    full = (
        [Shift(k.code, hours[0] * 3600, (hours[-1] + 1) * 3600) for k in spec.counters if k.agency in helpers]
        if hours
        else []
    )
    counters = tuple(_order(profile, agency))
    most = len(counters)
    plan = AgencyPlan(agency, hours, (most,) * len(hours), counters, True)
    if not own & {s.code for s in mine.services} or not counters:
        return dataclasses.replace(plan, open=(0,) * len(hours))
    last = hours[-1] if hours else 0
    if not _meets(mine, [*plan.shifts(), *full], agency, seeds, last):
        return dataclasses.replace(plan, met=False)
    # Quietest hours first (the agency's expected arrivals), later before earlier.
    load = {
        h: sum(r for s in mine.services if s.code in own for hh, r in s.arrivals if hh == h) for h in hours
    }
    order = sorted(range(len(hours)), key=lambda i: (load[hours[i]], -hours[i]))
    improved = True
    while improved:
        improved = False
        for i in order:
            if plan.open[i] == 0:
                continue
            trial = dataclasses.replace(plan, open=(*plan.open[:i], plan.open[i] - 1, *plan.open[i + 1 :]))
            if _meets(mine, [*trial.shifts(), *full], agency, seeds, last):
                plan, improved = trial, True
    return plan


def _plan_one(job: tuple[Profile, str, tuple[int, ...]]) -> AgencyPlan:
    return plan_agency(*job)


def recommend(profile: Profile, *, seeds: Sequence[int], workers: int | None = None) -> list[AgencyPlan]:
    """A plan per agency (agencies in parallel, one process per core)."""
    agencies = [
        a.code for a in profile.site.agencies if any(k.agency == a.code for k in profile.site.counters)
    ]
    jobs = [(profile, a, tuple(seeds)) for a in agencies]
    n = workers or workers_default()
    if n <= 1:
        return [_plan_one(j) for j in jobs]
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(min(n, len(jobs))) as pool:
        return pool.map(_plan_one, jobs, chunksize=1)


def plan_shifts(plans: Sequence[AgencyPlan]) -> list[Shift]:
    return [sh for p in plans for sh in p.shifts()]


def plan_toml(plans: Sequence[AgencyPlan]) -> str:
    """The plan as ``[[staffing]]`` tables, to paste into a profile."""
    lines = []
    for sh in plan_shifts(plans):
        lines.append("[[staffing]]")
        lines.append(f'counters = ["{sh.counter}"]')
        lines.append(f'hours = "{sh.opens // 3600:02d}:00-{sh.closes // 3600:02d}:00"')
        if sh.breaks:
            spans = ", ".join(f'"{a // 3600:02d}:00-{b // 3600:02d}:00"' for a, b in sh.breaks)
            lines.append(f"breaks = [{spans}]")
        lines.append("")
    return "\n".join(lines)
