"""The wall display and the calendar: a holiday is run in the marquee, from the first minute of
the day, and an admin's new marquee reaches the board through the feed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from display.app import build
from shared import site
from shared.site import revisions
from shared.store import Store
from tests.conftest import T0
from tests.support import FixedClock
from tests.ui.test_display import start_display
from tests.unit.test_calendar import MON, SAT, at, calendar_site


@pytest.fixture
def cal_store(store_url: str) -> Iterator[Store]:
    st = Store.open(store_url, trust_station_clock=True)  # the tests set the time
    with st.transaction() as s:
        site.apply_site(s, site.parse_site(calendar_site()), now=T0)
    try:
        yield st
    finally:
        st.dispose()


def test_on_a_holiday_the_marquee_says_so_before_the_sites_text(qtbot: QtBot, cal_store: Store) -> None:
    clock = FixedClock(at(MON, 7, 0))
    app = start_display(qtbot, build(cal_store, clock=clock))
    try:
        assert app.window.marquee.text().startswith("Hari ini libur nasional: Hari Raya Uji.")
        assert app.window.marquee.isVisibleTo(app.window)
    finally:
        app.stop()


def test_an_ordinary_day_runs_only_the_sites_text_and_an_admins_new_marquee_arrives_by_the_feed(
        qtbot: QtBot, cal_store: Store) -> None:
    clock = FixedClock(at(SAT, 9, 0))
    app = start_display(qtbot, build(cal_store, clock=clock))
    try:
        assert app.window.marquee.text() == ""
        with cal_store.reading() as s:
            edit = revisions.current(s)
        edit.data["site"]["marquee"] = "Loket Samsat pindah ke lantai 2"
        with cal_store.transaction() as s:
            revisions.save(s, edit.data, base_revision=edit.revision, by="admin", now=clock.now)
        qtbot.waitUntil(lambda: app.window.marquee.text() == "Loket Samsat pindah ke lantai 2")
    finally:
        app.stop()
