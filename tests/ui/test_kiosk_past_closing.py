"""A wait that runs past the service's closing time, on SQLite and PostgreSQL: the visitor
reads it on the service's button, on the ticket page and on the receipt, in one plain line."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app import build
from shared import site
from shared.printing.receipt import receipt_for
from shared.store import Store
from tests.conftest import T0
from tests.support import FixedClock, issue, open_counter
from tests.ui.test_kiosk import FakePrinter, start_kiosk, tap
from tests.ui.test_layouts import at_every_size
from tests.unit.test_calendar import SAT, at, calendar_site

pytestmark = pytest.mark.filterwarnings(
    r"ignore:The Result\.tuples\(\) method is deprecated:sqlalchemy.exc.SADeprecationWarning"
)

LINE = "Perkiraan tunggu melewati jam tutup layanan (12:00)."  # Saturday closes at 12:00


@pytest.fixture
def late_store(store_url: str) -> Iterator[Store]:
    """The calendar site, issuing even when the wait runs past closing (cutoff_by_wait off)."""
    st = Store.open(store_url, trust_station_clock=True)  # the tests set the time
    text = calendar_site().replace("cutoff_by_wait = true", "cutoff_by_wait = false")
    with st.transaction() as s:
        site.apply_site(s, site.parse_site(text), now=T0)
    try:
        yield st
    finally:
        st.dispose()


def test_a_wait_past_closing_is_said_on_the_button_the_ticket_and_the_receipt(
    qtbot: QtBot, late_store: Store
) -> None:
    clock = FixedClock(at(SAT, 10, 0))
    printer = FakePrinter()
    kiosk = start_kiosk(qtbot, build(late_store, clock=clock, printer=printer))
    try:
        open_counter(late_store, "L1", at=clock.now)
        for _ in range(21):  # 21 ahead x 6 minutes, one counter: 126 minutes, past 12:00
            issue(late_store, "KTP", at=clock.now)
        kiosk.controller.refresh()
        tap(qtbot, kiosk.window.home.tile_for("DUKCAPIL"))
        ktp = kiosk.window.agency.button_for("KTP")
        assert ktp is not None
        qtbot.waitUntil(lambda: LINE in ktp.detail.text())
        at_every_size(qtbot, kiosk.window, "services with a wait past closing")
        kiosk.window.resize(1280, 800)
        qtbot.waitUntil(lambda: kiosk.window.size().toTuple() == (1280, 800))
        tap(qtbot, ktp)
        qtbot.waitUntil(lambda: kiosk.window.page == "ticket" and len(printer.printed) == 1)
        assert kiosk.window.ticket.closing.text() == LINE
        assert kiosk.window.ticket.closing.isVisible()
        at_every_size(qtbot, kiosk.window, "ticket with a wait past closing")
        issued, _context = printer.printed[0]
        assert issued.past_closing == "12:00"
        assert LINE in receipt_for(issued, timezone="Asia/Jakarta").lines()
    finally:
        kiosk.stop()


def test_a_wait_that_ends_before_closing_says_nothing_of_it(qtbot: QtBot, late_store: Store) -> None:
    clock = FixedClock(at(SAT, 9, 0))
    printer = FakePrinter()
    kiosk = start_kiosk(qtbot, build(late_store, clock=clock, printer=printer))
    try:
        open_counter(late_store, "L1", at=clock.now)
        for _ in range(21):  # 126 minutes from 09:00: served by 11:06
            issue(late_store, "KTP", at=clock.now)
        kiosk.controller.refresh()
        tap(qtbot, kiosk.window.home.tile_for("DUKCAPIL"))
        tap(qtbot, kiosk.window.agency.button_for("KTP"))
        qtbot.waitUntil(lambda: kiosk.window.page == "ticket" and len(printer.printed) == 1)
        assert not kiosk.window.ticket.closing.isVisible()
        assert printer.printed[0][0].past_closing is None
    finally:
        kiosk.stop()
