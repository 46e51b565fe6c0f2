"""The kiosk, driven like a visitor would, against a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp, build
from kiosk.controller import OUT_OF_SERVICE
from kiosk.widgets import CardButton
from shared.dto import IssuedTicket
from shared.errors import StoreUnavailable
from shared.store import Store
from tests.ui.conftest import SteppingClock, issue, ticket_codes

# Debt: shared.rules.service_views still calls Result.tuples(), deprecated in SQLAlchemy 2.1.
# Drop this once it reads rows directly.
pytestmark = pytest.mark.filterwarnings(
    r"ignore:The Result\.tuples\(\) method is deprecated:sqlalchemy.exc.SADeprecationWarning")


class FakePrinter:
    def __init__(self) -> None:
        self.printed: list[IssuedTicket] = []

    def print_ticket(self, issued: IssuedTicket) -> None:
        self.printed.append(issued)


def start_kiosk(qtbot: QtBot, kiosk: KioskApp) -> KioskApp:
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1280, 800)
    kiosk.window.show()
    kiosk.start()
    qtbot.waitUntil(lambda: kiosk.window.page == "home")
    return kiosk


@pytest.fixture
def kiosk(qtbot: QtBot, store: Store, clock: SteppingClock) -> Iterator[KioskApp]:
    app = start_kiosk(qtbot, build(store, clock=clock, printer=FakePrinter()))
    yield app
    app.stop()


def tap(qtbot: QtBot, button: CardButton | None) -> None:
    assert button is not None
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_home_lists_agencies_with_their_short_names_and_waiting_counts(
    qtbot: QtBot, kiosk: KioskApp, store: Store, clock: SteppingClock
) -> None:
    home = kiosk.window.home
    tile = home.tile_for("DUKCAPIL")
    assert tile is not None
    assert tile.title.text() == "Dukcapil"
    assert tile.detail.text() == "0 menunggu"

    issue(store, "KTP", clock)  # another kiosk hands out a number: the count follows the feed
    qtbot.waitUntil(lambda: tile.detail.text() == "1 menunggu")


def test_a_double_tap_on_a_service_issues_exactly_one_ticket(
    qtbot: QtBot, kiosk: KioskApp, store: Store
) -> None:
    tap(qtbot, kiosk.window.home.tile_for("DUKCAPIL"))
    assert kiosk.window.page == "agency"
    ktp = kiosk.window.agency.button_for("KTP")
    tap(qtbot, ktp)
    tap(qtbot, ktp)  # the second tap lands while the first is still being issued
    kiosk.controller.issue("KTP")  # and even a stray intent that gets through is dropped

    qtbot.waitUntil(lambda: kiosk.window.page == "ticket")
    kiosk.worker.wait()
    qtbot.wait(50)  # let any (wrongly) queued second result arrive before counting
    assert ticket_codes(store) == ["A001"]
    assert kiosk.window.ticket.code.text() == "A001"
    assert kiosk.window.ticket.wait.text() == "Tidak ada antrean di depan Anda."
    assert kiosk.window.page == "ticket"


def test_the_ticket_page_shows_who_is_ahead_and_returns_home_by_itself(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    issue(store, "KTP", clock)
    printer = FakePrinter()
    kiosk = start_kiosk(qtbot, build(store, clock=clock, printer=printer, ticket_ms=300))
    try:
        tap(qtbot, kiosk.window.home.tile_for("DUKCAPIL"))
        tap(qtbot, kiosk.window.agency.button_for("KTP"))
        qtbot.waitUntil(lambda: kiosk.window.page == "ticket")
        assert kiosk.window.ticket.code.text() == "A002"
        assert kiosk.window.ticket.wait.text().startswith("Di depan Anda: 1 orang")
        qtbot.waitUntil(lambda: [p.ticket.code for p in printer.printed] == ["A002"])
        qtbot.waitUntil(lambda: kiosk.window.page == "home", timeout=3000)
    finally:
        kiosk.stop()


def test_a_service_without_quota_left_is_greyed_with_its_reason(
    qtbot: QtBot, kiosk: KioskApp, store: Store, clock: SteppingClock
) -> None:
    for _ in range(3):  # the mini site's KK has a quota of 3
        issue(store, "KK", clock)
    tap(qtbot, kiosk.window.home.tile_for("DUKCAPIL"))
    agency = kiosk.window.agency
    qtbot.waitUntil(lambda: (b := agency.button_for("KK")) is not None and not b.isEnabled())
    kk = agency.button_for("KK")
    assert kk is not None
    assert "Kuota hari ini habis" in kk.note.text()
    ktp = agency.button_for("KTP")
    assert ktp is not None
    assert ktp.isEnabled()


def test_an_idle_visitor_is_taken_back_home(qtbot: QtBot, store: Store, clock: SteppingClock) -> None:
    kiosk = start_kiosk(qtbot, build(store, clock=clock, idle_ms=200))
    try:
        tap(qtbot, kiosk.window.home.tile_for("POLRES"))
        assert kiosk.window.page == "agency"
        qtbot.waitUntil(lambda: kiosk.window.page == "home", timeout=3000)
    finally:
        kiosk.stop()


class UnreachableStore:
    """Stands in for a store whose server is down."""

    url = "postgresql+psycopg://antre@192.0.2.1/antre"

    @contextmanager
    def reading(self) -> Iterator[Any]:
        raise StoreUnavailable("Basis data tidak dapat dihubungi.")
        yield

    transaction = reading


def test_an_unreachable_store_puts_the_kiosk_calmly_out_of_service(qtbot: QtBot) -> None:
    kiosk = build(UnreachableStore(), feed_factory=lambda _last: pytest.fail("no feed without a store"))  # type: ignore[arg-type]
    qtbot.addWidget(kiosk.window)
    kiosk.start()
    try:
        qtbot.waitUntil(lambda: kiosk.window.notice.title.text() == OUT_OF_SERVICE)
        assert kiosk.window.page == "notice"
        assert not kiosk.window.notice.button.isVisibleTo(kiosk.window)
        assert not kiosk.controller.in_service
    finally:
        kiosk.stop()
