"""The simulated MPP day: seeded, bound by the site's quotas and calendar, with walk-aways,
breaks, and a staffing recommendation that meets the targets where one counter fewer does not."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from shared import simulate
from shared.calendar import parse_hours
from shared.simulate import recommend, runs
from shared.site import load_site_file
from tests.conftest import MINI_SITE

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "resources" / "simulate" / "demo-batu.toml"
SATURDAY = dt.date(2030, 1, 5)  # a date only names a weekday here; no clock is read


def mini(**over: Any) -> simulate.Profile:
    """The mini site (KTP with a 10-minute target, KK with a quota of 3, SKCK) on a Saturday."""
    data: dict[str, Any] = {
        "patience_min": 0,
        "no_show_rate": 0,
        "recall_rate": 0,
        "services": {
            "KTP": {"arrivals": {"9": 14, "10": 10}, "service_min": {"mean": 5, "sd": 2}},
            "KK": {"arrivals": {"9": 6}, "service_min": {"mean": 4, "sd": 1}},
            "SKCK": {"arrivals": {"9": 6, "10": 6}, "service_min": {"mean": 6, "sd": 2}},
        },
        "staffing": [{"counters": ["L1", "L2", "L3", "P1"], "hours": "08:00-15:00"}],
    }
    data.update(over)
    return dataclasses.replace(simulate.parse_profile(data, load_site_file(MINI_SITE)), day=SATURDAY)


def test_the_same_seed_gives_the_same_day_and_another_seed_another() -> None:
    p = mini()
    one, again, other = (simulate.simulate_day(p, s, trace=True) for s in (5, 5, 6))
    assert one == again
    assert one.trace != other.trace


def test_arrivals_are_the_days_visitors_in_order_in_the_sites_timezone() -> None:
    p = mini()
    visitors = simulate.arrivals(p, 11)
    assert visitors == simulate.arrivals(p, 11)
    assert [a.at for a in visitors] == sorted(a.at for a in visitors)
    assert {a.at.date() for a in visitors} == {SATURDAY}
    assert all(a.at.utcoffset() == dt.timedelta(hours=7) for a in visitors)
    assert {a.at.hour for a in visitors if a.service == "KK"} == {9}
    # A Poisson process of 14 + 10 an hour: over many seeds, the mean is close to 24.
    counts = [sum(a.service == "KTP" for a in simulate.arrivals(p, s)) for s in range(200)]
    assert 22.5 <= sum(counts) / len(counts) <= 25.5


def test_leaving_a_service_out_changes_no_other_services_visitors() -> None:
    p = mini()
    without_kk = dataclasses.replace(p, services=tuple(s for s in p.services if s.code != "KK"))
    assert [a for a in simulate.arrivals(p, 2) if a.service != "KK"] == simulate.arrivals(without_kk, 2)


def test_the_quota_turns_visitors_away_once_its_numbers_are_given() -> None:
    p = mini(services={"KK": {"arrivals": {"9": 30}, "service_min": {"mean": 4}}})
    r = simulate.simulate_day(p, 1)
    assert r.issued["KK"] == 3
    assert r.refused[("KK", "quota")] >= 15
    assert r.issued["KK"] + r.refused[("KK", "quota")] == len(simulate.arrivals(p, 1))


def test_the_cutoff_and_the_closing_hour_turn_late_visitors_away() -> None:
    p = mini(
        services={
            "KK": {"arrivals": {"11": 10, "12": 10}, "service_min": {"mean": 4}},
            "SKCK": {"arrivals": {"14": 20}, "service_min": {"mean": 4}},
        }
    )
    cal = dataclasses.replace(p.site.calendar, cutoff_minutes=30)
    p = dataclasses.replace(p, site=dataclasses.replace(p.site, calendar=cal))
    visitors = simulate.arrivals(p, 4)
    r = simulate.simulate_day(p, 4, trace=True)
    refused = [(e[0], e[2], e[3]) for e in r.trace if e[1] == "refuse"]
    late_skck = sum(a.service == "SKCK" and a.at.time() >= dt.time(14, 30) for a in visitors)
    assert sum(1 for _, s, why in refused if s == "SKCK" and why == "cutoff") == late_skck > 0
    # KK closes at 12:00 (cut-off 11:30): from 12:00 the calendar says closed.
    assert r.refused[("KK", "closed")] == sum(a.service == "KK" and a.at.hour == 12 for a in visitors) > 0


def test_visitors_walk_away_after_their_patience_and_are_called_as_no_shows() -> None:
    busy = {"KTP": {"arrivals": {"9": 40}, "service_min": {"mean": 8, "sd": 1}}}
    plan = [{"counters": ["L1"], "hours": "09:00-15:00"}]
    patient = simulate.simulate_day(mini(services=busy, staffing=plan, patience_min=0), 1)
    hasty = simulate.simulate_day(mini(services=busy, staffing=plan, patience_min=10), 1)
    assert not patient.walked
    assert hasty.walked["KTP"] >= 10
    assert hasty.no_show["KTP"] >= hasty.walked["KTP"]
    assert hasty.served["KTP"] < patient.served["KTP"]


def test_a_counter_calls_nobody_during_its_break_nor_outside_its_shift() -> None:
    plan = [{"counters": ["L1"], "hours": "09:00-12:00", "breaks": ["10:00-10:30"]}]
    p = mini(staffing=plan)
    r = simulate.simulate_day(p, 3, trace=True)
    calls = [e[0] for e in r.trace if e[1] == "call"]
    assert calls
    assert all(e[2] == "L1" for e in r.trace if e[1] == "call")
    assert not [t for t in calls if 10 * 3600 <= t < 10.5 * 3600 or t < 9 * 3600 or t >= 12 * 3600]
    assert r.staffed_s["L1"] == 2.5 * 3600
    assert r.staffed_s["L2"] == 0


def test_the_friday_prayer_break_of_the_calendar_pauses_every_counter() -> None:
    p = simulate.load_profile(DEMO)
    friday = dt.date(2027, 3, 5)
    assert friday.weekday() == 4
    r = simulate.simulate_day(dataclasses.replace(p, day=friday), 1, trace=True)
    during = [e for e in r.trace if e[1] == "call" and 11.5 * 3600 <= e[0] < 13 * 3600]
    assert not during
    assert any(e[1] == "call" and e[0] >= 13 * 3600 for e in r.trace)


def test_a_profile_with_mistakes_lists_each_one_on_its_own_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        f'site = "{MINI_SITE}"\nno_show_rate = 2\n'
        "[services.NOPE]\narrivals = {9 = 3}\nservice_min = {mean = 4}\n"
        "[services.KTP]\narrivals = {25 = 3}\nservice_min = {mean = -1}\n"
        '[[staffing]]\ncounters = ["L9"]\nhours = "9-15"\n',
        encoding="utf-8",
    )
    with pytest.raises(simulate.ProfileError) as caught:
        simulate.load_profile(bad)
    problems = caught.value.problems
    assert len(problems) == 5, problems
    assert all(line.startswith("bad.toml: ") and "\n" not in line for line in problems)
    joined = "\n".join(problems)
    for where in (
        "no_show_rate",
        "services.NOPE",
        "services.KTP.arrivals",
        "services.KTP.service_min.mean",
        "staffing[0].hours",
    ):
        assert f": {where}: " in joined


def test_the_demo_profile_loads_and_names_only_the_demo_sites_services_and_counters() -> None:
    p = simulate.load_profile(DEMO)
    assert {s.code for s in p.services} == {s.code for s in p.site.services}
    assert {sh.counter for sh in p.plan} == {k.code for k in p.site.counters}
    parse_hours("08:00-15:00")  # the plan spans the site's hours
    assert min(sh.opens for sh in p.plan) == 8 * 3600


def test_recommend_finds_a_plan_within_the_targets_and_one_counter_less_misses() -> None:
    p = mini()
    seeds = list(range(1, 7))
    plans = recommend.recommend(p, seeds=seeds, workers=1)
    assert all(pl.met for pl in plans)
    dukcapil = next(pl for pl in plans if pl.agency == "DUKCAPIL")
    assert dukcapil.counter_hours < 3 * len(dukcapil.hours)  # fewer than every counter all day
    good = runs.summarise(p, runs.run_many(p, seeds, plan=recommend.plan_shifts(plans), workers=1))
    assert all(r.meets_target for r in good.services if r.issued)

    # The busiest hour with one counter fewer: KTP (target 10 minutes) misses.
    i = max(range(len(dukcapil.hours)), key=lambda k: dukcapil.open[k])
    fewer = dataclasses.replace(
        dukcapil, open=(*dukcapil.open[:i], dukcapil.open[i] - 1, *dukcapil.open[i + 1 :])
    )
    others = [pl for pl in plans if pl.agency != "DUKCAPIL"]
    bad = runs.summarise(p, runs.run_many(p, seeds, plan=recommend.plan_shifts([fewer, *others]), workers=1))
    assert not all(r.meets_target for r in bad.services if r.issued)


def test_runs_in_parallel_give_what_runs_one_by_one_give() -> None:
    p = mini()
    seeds = [3, 4, 5]
    assert runs.run_many(p, seeds, workers=2) == runs.run_many(p, seeds, workers=1)


def test_a_counter_serves_one_visitor_at_a_time_even_across_its_break() -> None:
    long = {"KTP": {"arrivals": {"9": 12, "10": 12}, "service_min": {"mean": 20, "sd": 10}}}
    plan = [{"counters": ["L1", "L2"], "hours": "09:00-12:00", "breaks": ["10:00-10:30", "11:00-11:10"]}]
    for seed in range(1, 6):
        r = simulate.simulate_day(mini(services=long, staffing=plan, no_show_rate=0.2), seed, trace=True)
        ends = {"finish", "no_show", "transfer"}
        for counter in ("L1", "L2"):
            held = None
            mine = sorted((e for e in r.trace if e[2] == counter), key=lambda e: e[0])
            for t, kind, _, code, _ in mine:
                if kind == "call":
                    assert held is None, (seed, counter, t, code, held)
                    held = code
                elif kind in ends:
                    assert held == code
                    held = None
            assert any(e[1] == "call" for e in mine)
