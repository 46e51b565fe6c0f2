"""The kiosk's and the counter's screens fit at every screen size they meet: the demo MPP's
15 agencies and 30 counters, a morning of tickets, and no control over another, no text cut
off (:mod:`tests.ui.layout`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter.app import CounterApp
from counter.app import build as build_counter
from counter.session import Clerk
from kiosk.app import KioskApp
from kiosk.app import build as build_kiosk
from kiosk.pages import DESIGN as KIOSK_DESIGN
from kiosk.printer import StationPrinter
from shared import auth
from shared.models import User
from shared.printing import PrinterSettings
from shared.store import Store
from shared.ui.scaling import fit
from tests.screenshots.common import NOW, FixedClock, morning
from tests.ui.layout import SIZES, assert_fits
from tests.ui.test_kiosk import FakePrinter

MM_PER_DESIGN_PX = 1920 / 1000  # a 1920-px-wide panel about 1 m wide (a 43" landscape kiosk)
TOUCH_MM = 15


def at_every_size(
    qtbot: QtBot, window: QWidget, screen: str, ready: Callable[[], bool] = lambda: True
) -> None:
    for size in SIZES:
        window.resize(*size)
        qtbot.waitUntil(lambda: window.size().toTuple() == size and ready())  # noqa: B023
        qtbot.wait(30)
        assert_fits(window, f"{screen} at {size[0]}x{size[1]}")


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Store]:
    """The demo MPP (15 agencies, 30 counters) after a morning of tickets. Layout does not
    depend on the kind of store, so SQLite alone."""
    store = Store.open(f"sqlite:///{tmp_path / 'antre.db'}")
    try:
        morning(store)
        yield store
    finally:
        store.dispose()


@pytest.fixture
def kiosk(qtbot: QtBot, demo: Store) -> Iterator[KioskApp]:
    app = build_kiosk(demo, clock=FixedClock(NOW), printer=FakePrinter(), idle_ms=3_600_000,
                      ticket_ms=3_600_000, notice_ms=3_600_000, photo_ms=3_600_000)
    qtbot.addWidget(app.window)
    app.window.resize(*SIZES[0])
    app.window.show()
    app.start()
    qtbot.waitUntil(lambda: app.window.page == "home")
    yield app
    app.stop()


def test_every_kiosk_screen_fits_at_every_size(qtbot: QtBot, kiosk: KioskApp) -> None:
    w = kiosk.window
    at_every_size(qtbot, w, "home")
    w.home.tile_for("DUKCAPIL").click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: w.page == "agency")
    at_every_size(qtbot, w, "agency")
    w.agency.priority.click()
    qtbot.waitUntil(lambda: w.page == "priority")
    at_every_size(qtbot, w, "priority")
    w.priority.button_for("lansia").click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: w.page == "agency")
    at_every_size(qtbot, w, "agency with a priority chosen")
    w.agency.button_for("KTP").click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: w.page == "ticket" and w.ticket.status.property("tone") == "ok")
    at_every_size(qtbot, w, "ticket")
    w.open_admin()
    for key in "2468":
        w.pin.press(key)
    at_every_size(qtbot, w, "admin PIN")


def test_the_receipt_preview_is_shown_whole_at_every_size(
    qtbot: QtBot, demo: Store, tmp_path: Path
) -> None:
    clock = FixedClock(NOW)
    printer = StationPrinter(demo, PrinterSettings(folder=str(tmp_path / "receipts")), clock)
    app = build_kiosk(demo, clock=clock, printer=printer, idle_ms=3_600_000, ticket_ms=3_600_000,
                      notice_ms=3_600_000, photo_ms=3_600_000)
    w = app.window
    qtbot.addWidget(w)
    w.resize(*SIZES[0])
    w.show()
    app.start()
    try:
        qtbot.waitUntil(lambda: w.page == "home")
        w.home.tile_for("DUKCAPIL").click()  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: w.page == "agency")
        w.agency.button_for("KK").click()  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: w.page == "ticket" and w.ticket.status.property("tone") == "ok")
        qtbot.waitUntil(lambda: w.ticket.qr.pixmap().height() > w.ticket.qr.pixmap().width())
        at_every_size(qtbot, w, "ticket with the receipt preview")
    finally:
        app.stop()


def test_the_fifteen_agencies_of_the_demo_fit_one_page_with_touch_sized_tiles(
    qtbot: QtBot, kiosk: KioskApp
) -> None:
    w = kiosk.window
    for size in SIZES:
        w.resize(*size)
        qtbot.waitUntil(lambda: w.size().toTuple() == size)  # noqa: B023
        qtbot.wait(30)
        shown = [t for t in w.home.tiles if t.isVisibleTo(w)]
        assert len(shown) == 15, size
        assert not w.home.pager.isVisibleTo(w), size
        assert not w.home.search.isVisibleTo(w), size  # search only past one page
        touch = fit(*size).px(TOUCH_MM * MM_PER_DESIGN_PX)
        assert min(min(t.width(), t.height()) for t in shown) >= touch, size
    assert KIOSK_DESIGN["touch"] >= TOUCH_MM * MM_PER_DESIGN_PX


def _clerk(store: Store, username: str) -> Clerk:
    with store.reading() as s:
        user = s.scalars(select(User).where(User.username == username)).one()
        return Clerk(user.id, user.username, user.full_name, user.role)


@pytest.fixture
def counter(qtbot: QtBot, demo: Store) -> Iterator[CounterApp]:
    clerk = _clerk(demo, "supervisor")
    app = build_counter(demo, "L01", clock=FixedClock(NOW), clerk=clerk)
    qtbot.addWidget(app.window)
    app.window.resize(1366, 768)
    app.window.show()
    app.start()
    qtbot.waitUntil(lambda: app.window.counter_name.text() != "Loket" and not app.controller.busy)
    yield app
    app.stop()


def test_every_counter_screen_fits_at_every_size(qtbot: QtBot, counter: CounterApp, demo: Store) -> None:
    w = counter.window
    qtbot.waitUntil(lambda: len(w.model.tickets) > 0)
    at_every_size(qtbot, w, "work page")
    clerk = _clerk(demo, "supervisor")
    with demo.reading() as s:
        choices = auth.counter_choices(s, clerk.user_id)
    assert len(choices) == 30
    w.show_picker(clerk, choices)
    at_every_size(qtbot, w, "counter picker (30 counters)")
    assert all(c.agency and c.agency in w.picker_buttons[c.code].text() for c in choices)
    w.show_login("Sampai jumpa.")
    at_every_size(qtbot, w, "log-in")
