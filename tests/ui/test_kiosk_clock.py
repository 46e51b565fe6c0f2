"""A kiosk PC whose clock is off the server's: tickets are issued on the server's time, and the
kiosk's admin page (staff only, behind the PIN) warns as the counter app does; visitors never
see it."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp, build
from shared.store import Store
from tests.service.test_clock import DAY, pg  # noqa: F401  (the fixture: a store on the server's clock)
from tests.ui.test_kiosk import FakePrinter, start_kiosk
from tests.when import server_clock


def open_admin_page(kiosk: KioskApp) -> None:
    w = kiosk.window
    w.open_admin()
    w.pin.press("OK")  # no PIN configured and not locked down: staff set-up opens on OK
    assert w.page == "admin"


def test_a_kiosk_a_day_ahead_warns_staff_on_its_admin_page_only(qtbot: QtBot, pg: Store) -> None:  # noqa: F811
    ahead = start_kiosk(qtbot, build(pg, clock=server_clock(pg.url, DAY), printer=FakePrinter()))
    try:
        w = ahead.window
        qtbot.waitUntil(lambda: bool(w.admin.clock.text()), timeout=5000)
        text = w.admin.clock.text()
        assert text.startswith("Jam PC ini 1 hari 0 jam 0 menit")
        assert "lebih cepat dari jam server" in text
        assert not w.admin.clock.isVisible()  # the visitor's home page shows nothing of it
        open_admin_page(ahead)
        assert w.admin.clock.isVisible()
    finally:
        ahead.stop()


def test_a_kiosk_on_time_shows_no_clock_warning(qtbot: QtBot, pg: Store) -> None:  # noqa: F811
    on_time = start_kiosk(qtbot, build(pg, clock=server_clock(pg.url), printer=FakePrinter()))
    try:
        qtbot.wait(300)
        open_admin_page(on_time)
        assert on_time.window.admin.clock.isHidden()
        assert on_time.window.admin.clock.text() == ""
    finally:
        on_time.stop()
