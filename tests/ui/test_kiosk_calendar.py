"""The kiosk and the calendar, on SQLite and PostgreSQL: a holiday, the Friday prayer break
and a long wait, as a visitor sees them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp, build
from shared import site
from shared.store import Store
from tests.conftest import T0
from tests.support import FixedClock, issue, open_counter, ticket_codes
from tests.ui.test_kiosk import FakePrinter, start_kiosk, tap
from tests.unit.test_calendar import FRI, MON, SAT, at, calendar_site

pytestmark = pytest.mark.filterwarnings(
    r"ignore:The Result\.tuples\(\) method is deprecated:sqlalchemy.exc.SADeprecationWarning")


@pytest.fixture
def cal_store(store_url: str) -> Iterator[Store]:
    st = Store.open(store_url, trust_station_clock=True)  # the tests set the time
    with st.transaction() as s:
        site.apply_site(s, site.parse_site(calendar_site()), now=T0)
    try:
        yield st
    finally:
        st.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at(SAT, 9, 0))


@pytest.fixture
def kiosk(qtbot: QtBot, cal_store: Store, clock: FixedClock) -> Iterator[KioskApp]:
    app = start_kiosk(qtbot, build(cal_store, clock=clock, printer=FakePrinter()))
    yield app
    app.stop()


def test_on_a_holiday_the_kiosk_says_so_and_issues_nothing(
        qtbot: QtBot, kiosk: KioskApp, cal_store: Store, clock: FixedClock) -> None:
    home = kiosk.window.home
    assert not home.notice.isVisible()  # an ordinary Saturday morning
    clock.now = at(MON, 9, 0)
    kiosk.controller.refresh()
    qtbot.waitUntil(lambda: home.notice.isVisible())
    assert home.notice.text().startswith("Hari ini libur nasional: Hari Raya Uji.")
    tile = home.tile_for("DUKCAPIL")
    assert tile is not None
    assert tile.note.text() == "Sedang tutup"
    tap(qtbot, tile)
    ktp = kiosk.window.agency.button_for("KTP")
    assert ktp is not None
    assert not ktp.isEnabled()
    qtbot.mouseClick(ktp, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    assert ticket_codes(cal_store) == []


def test_during_the_friday_prayer_the_kiosk_says_when_service_resumes_and_issues_after_it(
        qtbot: QtBot, kiosk: KioskApp, cal_store: Store, clock: FixedClock) -> None:
    home = kiosk.window.home
    clock.now = at(FRI, 11, 30)
    kiosk.controller.refresh()
    qtbot.waitUntil(lambda: home.notice.isVisible())
    assert home.notice.text() == "Istirahat sholat Jumat (11:30–13:00). Layanan dilanjutkan pukul 13:00."
    clock.now = at(FRI, 13, 0)
    kiosk.controller.refresh()
    qtbot.waitUntil(lambda: not home.notice.isVisible())
    tap(qtbot, home.tile_for("DUKCAPIL"))
    tap(qtbot, kiosk.window.agency.button_for("KTP"))
    qtbot.waitUntil(lambda: kiosk.window.page == "ticket")
    assert ticket_codes(cal_store) == ["A001"]


def test_a_long_wait_reads_in_hours_and_minutes(
        qtbot: QtBot, kiosk: KioskApp, cal_store: Store, clock: FixedClock) -> None:
    open_counter(cal_store, "L1", at=clock.now)
    for _ in range(21):  # 21 ahead x 6 minutes, one counter open: 126 minutes
        issue(cal_store, "KTP", at=clock.now)
    kiosk.controller.refresh()
    tap(qtbot, kiosk.window.home.tile_for("DUKCAPIL"))
    ktp = kiosk.window.agency.button_for("KTP")
    assert ktp is not None
    qtbot.waitUntil(lambda: ktp.detail.text() == "21 menunggu · ± 2 jam 6 menit")
    tap(qtbot, ktp)
    qtbot.waitUntil(lambda: kiosk.window.page == "ticket")
    assert kiosk.window.ticket.wait.text() == "Di depan Anda: 21 orang · perkiraan tunggu ± 2 jam 6 menit"
