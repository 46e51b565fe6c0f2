"""The calendar in the issuing rule, on SQLite and on PostgreSQL: a Friday's prayer break, a
holiday and the day after it, and the cut-off, at the minute before and after each boundary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from shared import rules, site
from shared.errors import RuleRefused
from shared.models import Ticket
from shared.store import Store
from tests.conftest import T0
from tests.support import act, issue, open_counters
from tests.unit.test_calendar import FRI, MON, SAT, TUE, at, calendar_site


@pytest.fixture
def cal_store(store_url: str) -> Iterator[Store]:
    st = Store.open(store_url, trust_station_clock=True)  # the tests set the time
    with st.transaction() as s:
        site.apply_site(s, site.parse_site(calendar_site()), now=T0)
    try:
        yield st
    finally:
        st.dispose()


def refused(store: Store, when: dt.datetime, service: str = "KTP") -> str:
    with pytest.raises(RuleRefused) as exc:
        issue(store, service, at=when)
    return exc.value.message


def tickets(store: Store) -> int:
    with store.reading() as s:
        return int(s.scalar(select(func.count()).select_from(Ticket)) or 0)


def test_friday_prayer_break_refuses_issuing_between_its_boundaries(cal_store):
    assert issue(cal_store, at=at(FRI, 11, 29)).ticket.code == "A001"
    assert refused(cal_store, at(FRI, 11, 30)) == (
        "KTP-el: Istirahat sholat Jumat (11:30–13:00). Layanan dilanjutkan pukul 13:00.")
    refused(cal_store, at(FRI, 12, 59))
    assert issue(cal_store, at=at(FRI, 13, 0)).ticket.code == "A002"
    assert tickets(cal_store) == 2  # a refusal consumes no number


def test_a_holiday_issues_nothing_and_the_day_after_the_holidays_issues_again(cal_store):
    assert "Hari ini libur nasional: Hari Raya Uji." in refused(cal_store, at(MON, 9, 0))
    assert "Hari ini cuti bersama" in refused(cal_store, at(TUE, 9, 0))
    wed = TUE + dt.timedelta(days=1)
    assert issue(cal_store, at=at(wed, 8, 0)).ticket.code == "A001"
    assert tickets(cal_store) == 1


def test_the_cut_off_refuses_from_its_first_minute(cal_store):
    assert issue(cal_store, at=at(SAT, 11, 29)).ticket.code == "A001"
    assert refused(cal_store, at(SAT, 11, 30)).startswith(
        "KTP-el: Pengambilan nomor hari ini sudah ditutup pukul 11:30 (layanan tutup pukul 12:00).")


def test_the_cut_off_by_wait_refuses_when_the_queue_would_run_past_closing(cal_store):
    thu = FRI - dt.timedelta(days=1)  # 08:00-15:00; KTP takes 6 minutes, one counter open
    open_counters(cal_store, "L1")
    for _ in range(10):
        issue(cal_store, at=at(thu, 13, 0))  # the 11th visitor would wait 60 minutes: 14:00
    assert issue(cal_store, at=at(thu, 13, 0)).estimated_wait_min == 60
    late = at(thu, 14, 0)  # now 11 wait: 66 minutes, past 15:00
    message = refused(cal_store, late)
    assert "Perkiraan tunggu ± 1 jam 6 menit melewati jam tutup pukul 15:00" in message
    assert tickets(cal_store) == 11
    # The kiosk's tile says the same before anyone taps it.
    views = {v.code: v for v in act(cal_store, rules.service_views, at=late)}
    assert not views["KTP"].available
    assert "melewati jam tutup" in (views["KTP"].unavailable_reason or "")


def test_a_counter_sees_the_break_and_when_it_ends_but_not_an_ordinary_hour(cal_store):
    _, during = act(cal_store, rules.counter_board, "L1", at=at(FRI, 12, 0))
    assert during.calendar == "Istirahat sholat Jumat (11:30–13:00). Layanan dilanjutkan pukul 13:00."
    _, after = act(cal_store, rules.counter_board, "L1", at=at(FRI, 13, 0))
    assert after.calendar is None
