"""The rollover stores the closed day's report cells, and a closed month's, on SQLite and
PostgreSQL, with an injected clock across midnight in Jakarta."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from shared import reports, rules
from shared.models import ReportCell, ReportDay
from shared.store import Store
from tests.conftest import T0
from tests.support import act, issue, open_counters

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
DAY = T0.astimezone(JAKARTA).date()


def local(day: dt.date, hh: int, mm: int = 0, ss: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm, ss), JAKARTA)


def _stored(store: Store, span: str, first: dt.date, last: dt.date) -> dict[dt.date, int]:
    with store.reading() as s:
        return dict(
            (r[0], r[1])
            for r in s.execute(
                select(ReportDay.business_day, ReportDay.tickets).where(
                    ReportDay.span == span, ReportDay.business_day.between(first, last)
                )
            ).all()
        )


def _computed(store: Store, period: reports.Period, by: str) -> reports.Report:
    """The period's report from its tickets and events alone (the stored cells set aside)."""
    with Session(store.engine) as s:
        s.execute(delete(ReportCell))
        s.execute(delete(ReportDay))
        report = reports.build(s, period, by)
        s.rollback()
    return report


def _play_day(store: Store, day: dt.date) -> None:
    open_counters(store, "L1")
    issue(store, "KTP", local(day, 9))
    issue(store, "KTP", local(day, 9, 5))
    issue(store, "KK", local(day, 9, 10))
    act(store, rules.call_next, "L1", at=local(day, 9, 20))
    act(store, rules.start, "L1", at=local(day, 9, 21))
    act(store, rules.finish, "L1", at=local(day, 9, 30))
    act(store, rules.call_next, "L1", at=local(day, 9, 40))
    act(store, rules.no_show, "L1", at=local(day, 9, 42))  # KK001 still waits at midnight


def test_the_first_action_after_midnight_stores_the_closed_day(store: Store) -> None:
    act(store, rules.roll_over, at=T0)
    _play_day(store, DAY)
    act(store, rules.roll_over, at=local(DAY, 23, 59, 59))  # still the same day: nothing closes
    assert _stored(store, "day", DAY, DAY) == {}
    next_day = DAY + dt.timedelta(days=1)
    assert act(store, rules.roll_over, at=local(next_day, 0, 0, 1)) == 1  # KK001 expires
    assert _stored(store, "day", DAY, DAY) == {DAY: 3}
    for by in reports.BY:
        with store.reading() as s:
            stored = reports.build(s, reports.day(DAY), by)
        assert stored == _computed(store, reports.day(DAY), by)
    with store.reading() as s:
        total = reports.build(s, reports.day(DAY), "service").total
    assert (total.issued, total.served, total.no_show, total.expired) == (3, 1, 1, 1)
    # A second rollover the same day stores nothing again; a report needs nothing more.
    assert act(store, rules.roll_over, at=local(next_day, 8)) == 0
    assert reports.keep_closed_days(store, reports.day(DAY), now=local(next_day, 8)) == 0
    assert _stored(store, "day", DAY, DAY) == {DAY: 3}


def test_a_rollover_after_days_away_stores_each_closed_day(store: Store) -> None:
    act(store, rules.roll_over, at=T0)
    _play_day(store, DAY)
    back = DAY + dt.timedelta(days=3)
    act(store, rules.roll_over, at=local(back, 7, 30))
    assert _stored(store, "day", DAY, back) == {
        DAY: 3,
        DAY + dt.timedelta(days=1): 0,
        DAY + dt.timedelta(days=2): 0,
    }


def test_the_rollover_closing_a_month_stores_the_month(store: Store) -> None:
    """Every night from the first day to the month after next's first: the next month's days
    are all stored by the rollovers, so its close stores the month, added up."""
    act(store, rules.roll_over, at=T0)
    next_first = (DAY.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    next_last = (next_first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    played = {next_first + dt.timedelta(days=1), next_last}
    played = {d - dt.timedelta(days=1) if d.weekday() == 6 else d for d in played}  # closed on Sundays
    day = DAY
    while day <= next_last:
        if day in played:
            _play_day(store, day)
        day += dt.timedelta(days=1)
        act(store, rules.roll_over, at=local(day, 0, 0, 1))
    assert len(_stored(store, "day", next_first, next_last)) == next_last.day
    assert _stored(store, "month", next_first, next_first) == {next_first: 6}
    # The first month began before the store's first day, so the rollovers did not store it whole.
    assert _stored(store, "month", DAY.replace(day=1), DAY.replace(day=1)) == (
        {DAY.replace(day=1): 0} if DAY.day == 1 else {}
    )
    month = reports.month(next_first.year, next_first.month)
    assert reports.keep_closed_days(store, month, now=local(day, 8)) == 0
    with store.reading() as s:
        stored = reports.build(s, month, "clerk")
    assert stored == _computed(store, month, "clerk")
    assert (stored.total.issued, stored.total.served, stored.total.expired) == (6, 2, 2)
