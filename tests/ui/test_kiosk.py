"""The kiosk, driven like a visitor would, against a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.admin import hash_pin
from kiosk.app import KioskApp, build, station_options
from kiosk.controller import LOCK_AFTER_MS, OUT_OF_SERVICE
from kiosk.printer import StationPrinter
from shared import config, printing
from shared.dto import IssuedTicket
from shared.errors import BadInput, StoreUnavailable
from shared.models import Ticket
from shared.printing import PrinterError, PrinterSettings, PrintResult, ReceiptContext
from shared.store import Store
from tests.conftest import T0
from tests.service.printer_peer import LoopbackPrinter
from tests.support import SteppingClock, events_of, issue, ticket_codes
from tests.when import WIB

# Debt: shared.rules.service_views still calls Result.tuples(), deprecated in SQLAlchemy 2.1.
# Drop this once it reads rows directly.
pytestmark = pytest.mark.filterwarnings(
    r"ignore:The Result\.tuples\(\) method is deprecated:sqlalchemy.exc.SADeprecationWarning")


class FakePrinter:
    """The hardware edge: remembers what it printed; ``trouble`` makes the check fail."""

    def __init__(self) -> None:
        self.printed: list[tuple[IssuedTicket, ReceiptContext]] = []
        self.checks = 0

    def check(self) -> str:
        self.checks += 1
        return "Printer palsu siap."

    def print_ticket(self, issued: IssuedTicket, context: ReceiptContext) -> PrintResult:
        self.printed.append((issued, context))
        return PrintResult(issued.ticket.code, "fake", "fake", 100)

    def test_page(self) -> str:
        return "Printer palsu siap."

    @property
    def codes(self) -> list[str]:
        return [issued.ticket.code for issued, _ in self.printed]


def start_kiosk(qtbot: QtBot, kiosk: KioskApp, size: tuple[int, int] = (1280, 800)) -> KioskApp:
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(*size)
    kiosk.window.show()
    kiosk.start()
    qtbot.waitUntil(lambda: kiosk.window.page == "home")
    return kiosk


@pytest.fixture
def printer() -> FakePrinter:
    return FakePrinter()


@pytest.fixture
def kiosk(qtbot: QtBot, store: Store, clock: SteppingClock, printer: FakePrinter) -> Iterator[KioskApp]:
    app = start_kiosk(qtbot, build(store, clock=clock, printer=printer))
    yield app
    app.stop()


def tap(qtbot: QtBot, button: QWidget | None) -> None:
    assert button is not None
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def to_service(qtbot: QtBot, kiosk: KioskApp, agency: str, service: str) -> None:
    """A visitor's taps to a service: the agency's tile, then the service (an agency with one
    service needs no second tap)."""
    catalog = kiosk.controller.catalog
    entry = catalog.agency(agency) if catalog else None
    assert entry is not None
    tap(qtbot, kiosk.window.home.tile_for(agency))
    assert kiosk.window.page == "agency"
    if len(entry.services) > 1:
        tap(qtbot, kiosk.window.agency.button_for(service))


# --- the flow -----------------------------------------------------------------------------

def test_home_lists_agencies_with_their_short_names_and_waiting_counts(
    qtbot: QtBot, kiosk: KioskApp, store: Store, clock: SteppingClock
) -> None:
    tile = kiosk.window.home.tile_for("DUKCAPIL")
    assert tile is not None
    assert tile.title.text() == "Dukcapil"
    assert tile.detail.text() == "Tidak ada antrean"  # the same words as on its services

    issue(store, "KTP", clock)  # another kiosk hands out a number: the count follows the feed
    qtbot.waitUntil(lambda: tile.detail.text() == "1 menunggu")


def test_two_taps_give_a_ticket_with_its_qr_code_and_a_printed_receipt(
    qtbot: QtBot, store: Store, clock: SteppingClock, printer: FakePrinter
) -> None:
    issue(store, "KTP", clock)
    kiosk = start_kiosk(qtbot, build(store, clock=clock, printer=printer, ticket_ms=300))
    try:
        to_service(qtbot, kiosk, "DUKCAPIL", "KTP")
        qtbot.waitUntil(lambda: kiosk.window.page == "ticket")
        page = kiosk.window.ticket
        assert page.code.text() == "A002"
        assert page.wait.text().startswith("Di depan Anda: 1 orang")
        assert page.qr.pixmap().width() > 200  # the QR code is on screen
        qtbot.waitUntil(lambda: printer.codes == ["A002"])
        issued, context = printer.printed[0]
        assert (issued.ahead, context.timezone) == (1, "Asia/Jakarta")
        qtbot.waitUntil(lambda: page.status.text().startswith("Silakan ambil struk Anda"))
        assert printer.checks == 1  # the printer was asked before the number was made
        qtbot.waitUntil(lambda: kiosk.window.page == "home", timeout=3000)
    finally:
        kiosk.stop()


def test_a_double_tap_on_a_service_issues_exactly_one_ticket(
    qtbot: QtBot, kiosk: KioskApp, store: Store, printer: FakePrinter
) -> None:
    tap(qtbot, kiosk.window.home.tile_for("DUKCAPIL"))
    ktp = kiosk.window.agency.button_for("KTP")
    tap(qtbot, ktp)
    tap(qtbot, ktp)  # the second tap lands while the first is still being issued
    kiosk.controller.issue("KTP")  # and even a stray intent that gets through is dropped

    qtbot.waitUntil(lambda: kiosk.window.page == "ticket")
    kiosk.worker.wait()
    qtbot.wait(50)  # let any (wrongly) queued second result arrive before counting
    assert ticket_codes(store) == ["A001"]
    assert printer.codes == ["A001"]
    assert kiosk.window.ticket.code.text() == "A001"
    assert kiosk.window.ticket.wait.text() == "Tidak ada antrean di depan Anda."


def test_while_issuing_the_buttons_are_locked_and_the_grid_does_not_move(
    qtbot: QtBot, kiosk: KioskApp
) -> None:
    tap(qtbot, kiosk.window.home.tile_for("DUKCAPIL"))
    agency = kiosk.window.agency
    before = [b.geometry() for b in agency.buttons]
    kiosk.window.set_issuing(True)
    qtbot.wait(20)
    assert [b.geometry() for b in agency.buttons] == before
    assert not any(b.isEnabled() for b in agency.buttons if b.isVisible())
    assert not agency.back.isEnabled()
    assert agency.busy.isVisible()
    kiosk.window.set_issuing(False)


class SlowPrinter(FakePrinter):
    """A printer whose status answer takes a while (a busy network)."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    def check(self) -> str:
        time.sleep(self.seconds)
        return super().check()


def test_a_slow_number_locks_the_page_a_quick_one_never_flashes_it(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    slow = SlowPrinter(0.6)
    kiosk = start_kiosk(qtbot, build(store, clock=clock, printer=slow))
    locks: list[bool] = []
    kiosk.controller.issuing_changed.connect(locks.append)
    try:
        to_service(qtbot, kiosk, "DUKCAPIL", "KTP")
        agency = kiosk.window.agency
        qtbot.waitUntil(lambda: agency.busy.isVisible(), timeout=2000)  # after LOCK_AFTER_MS
        assert kiosk.window.page == "agency"
        assert not any(b.isEnabled() for b in agency.buttons if b.isVisible())
        qtbot.waitUntil(lambda: kiosk.window.page == "ticket", timeout=5000)
        assert locks == [True, False]

        locks.clear()
        slow.seconds = 0.0
        kiosk.worker.wait()
        kiosk.window.go_home(reset=True)
        qtbot.waitUntil(lambda: kiosk.window.page == "home")
        to_service(qtbot, kiosk, "DUKCAPIL", "KTP")
        qtbot.waitUntil(lambda: kiosk.window.page == "ticket", timeout=5000)
        qtbot.wait(LOCK_AFTER_MS + 100)
        assert locks == []  # the page never locked: nothing to redraw twice
        assert ticket_codes(store) == ["A001", "A002"]
        assert slow.codes == ["A001", "A002"]
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
    assert kk.property("available") is False
    ktp = agency.button_for("KTP")
    assert ktp is not None
    assert ktp.isEnabled()
    tap(qtbot, kiosk.window.language)  # a visitor reading English reads the reason in English
    assert kk.note.text() == "Today's quota is used up (3 numbers)."


def test_a_closed_service_is_greyed_with_its_hours_and_cannot_be_taken(
    qtbot: QtBot, store: Store, printer: FakePrinter
) -> None:
    # 13:00 in Jakarta: KK (08:00-12:00) has closed, KTP (site hours, to 15:00) is open.
    with store.transaction() as s:
        from shared.models import Site

        site = s.get(Site, 1)
        assert site is not None
        site.config = {**site.config, "always_open": False}
    clock = SteppingClock(T0 + dt.timedelta(hours=4))
    kiosk = start_kiosk(qtbot, build(store, clock=clock, printer=printer))
    try:
        tap(qtbot, kiosk.window.home.tile_for("DUKCAPIL"))
        kk = kiosk.window.agency.button_for("KK")
        assert kk is not None
        assert not kk.isEnabled()
        assert "tutup" in kk.note.text().lower()
        assert "08:00–12:00" in kk.note.text()
        qtbot.mouseClick(kk, Qt.MouseButton.LeftButton)
        qtbot.wait(100)
        assert kiosk.window.page == "agency"
        assert ticket_codes(store) == []
    finally:
        kiosk.stop()


def test_the_priority_path_gives_a_priority_ticket(
    qtbot: QtBot, kiosk: KioskApp, store: Store, printer: FakePrinter
) -> None:
    tap(qtbot, kiosk.window.home.tile_for("DUKCAPIL"))
    tap(qtbot, kiosk.window.agency.priority)
    assert kiosk.window.page == "priority"
    names = [b.text() for b in kiosk.window.priority.choices]
    assert len(names) >= 4  # the site's classes (lansia, disabilitas, ibu hamil, anak)
    tap(qtbot, kiosk.window.priority.button_for("lansia"))
    assert kiosk.window.page == "agency"
    assert kiosk.window.agency.priority.title.text().startswith("Nomor prioritas: ")
    assert "sekarang pilih layanan" in kiosk.window.agency.priority.title.text()  # what comes next
    tap(qtbot, kiosk.window.agency.button_for("KTP"))
    qtbot.waitUntil(lambda: kiosk.window.page == "ticket")
    assert kiosk.window.ticket.priority.isVisible()
    with store.reading() as s:
        assert s.scalars(select(Ticket.priority_class)).all() == ["lansia"]
    qtbot.waitUntil(lambda: printer.codes == ["A001"])
    assert printer.printed[0][0].ticket.priority_class == "lansia"
    # The next visitor starts without it.
    tap(qtbot, kiosk.window.ticket.button)
    assert kiosk.window.priority_choice is None


def test_an_agency_with_one_service_issues_on_the_first_tap_with_the_priority_chosen_at_home(
    qtbot: QtBot, kiosk: KioskApp, store: Store, printer: FakePrinter
) -> None:
    w = kiosk.window
    tap(qtbot, w.home.priority)
    assert w.page == "priority"
    tap(qtbot, w.priority.button_for("lansia"))
    assert w.page == "home"  # back where the visitor asked
    assert "sekarang pilih instansi" in w.home.priority.title.text()
    tap(qtbot, w.home.tile_for("POLRES"))  # Polres has one service: SKCK
    qtbot.waitUntil(lambda: w.page == "ticket")
    assert w.ticket.code.text() == "SK001"
    with store.reading() as s:
        assert s.scalars(select(Ticket.priority_class)).all() == ["lansia"]


def test_a_priority_chosen_by_mistake_can_be_cancelled(qtbot: QtBot, kiosk: KioskApp, store: Store) -> None:
    tap(qtbot, kiosk.window.home.tile_for("DUKCAPIL"))
    tap(qtbot, kiosk.window.agency.priority)
    tap(qtbot, kiosk.window.priority.button_for("disabilitas"))
    tap(qtbot, kiosk.window.agency.priority)  # "✕": cancel
    assert kiosk.window.priority_choice is None
    tap(qtbot, kiosk.window.agency.button_for("KTP"))
    qtbot.waitUntil(lambda: kiosk.window.page == "ticket")
    with store.reading() as s:
        assert s.scalars(select(Ticket.priority_class)).all() == [None]


@pytest.mark.parametrize("page", ["agency", "priority"])
def test_an_idle_visitor_is_taken_back_home_and_the_kiosk_forgets_their_choices(
    qtbot: QtBot, store: Store, clock: SteppingClock, page: str
) -> None:
    kiosk = start_kiosk(qtbot, build(store, clock=clock, idle_ms=300))
    try:
        tap(qtbot, kiosk.window.language)
        tap(qtbot, kiosk.window.home.tile_for("DUKCAPIL"))
        if page == "priority":
            tap(qtbot, kiosk.window.agency.priority)
        assert kiosk.window.page == page
        assert kiosk.window.language_code == "en"
        qtbot.waitUntil(lambda: kiosk.window.page == "home", timeout=3000)
        assert kiosk.window.language_code == "id"
        assert kiosk.window.home.prompt.text() == "Silakan pilih instansi tujuan Anda"
    finally:
        kiosk.stop()


def test_the_english_switch_translates_the_kiosk(qtbot: QtBot, kiosk: KioskApp, store: Store,
                                                 clock: SteppingClock) -> None:
    w = kiosk.window
    tap(qtbot, w.language)
    assert w.home.prompt.text() == "Please choose the agency you are visiting"
    assert w.language.text() == "Bahasa Indonesia"
    issue(store, "KTP", clock)
    tile = w.home.tile_for("DUKCAPIL")
    assert tile is not None
    qtbot.waitUntil(lambda: tile.detail.text() == "1 waiting")
    to_service(qtbot, kiosk, "DUKCAPIL", "KTP")
    qtbot.waitUntil(lambda: w.page == "ticket")
    assert w.ticket.caption.text() == "Your queue number"
    assert w.ticket.wait.text().startswith("Ahead of you: 1")


# --- printer trouble ---------------------------------------------------------------------

@contextmanager
def station_printer(
    qtbot: QtBot, store: Store, clock: SteppingClock, peer: LoopbackPrinter, *, timeout: float = 2,
    **options: Any,
) -> Iterator[KioskApp]:
    """A kiosk printing on ``peer``, a real printer on loopback, through the station's port."""
    settings = PrinterSettings(connection="network", host="127.0.0.1", port=peer.port, timeout=timeout)
    kiosk = start_kiosk(qtbot, build(store, clock=clock, printer=StationPrinter(store, settings, clock),
                                     printer_info=f"Printer: network — {settings.where}", **options))
    try:
        yield kiosk
    finally:
        kiosk.stop()
        peer.close()


def visible_texts(w: QWidget) -> str:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    shown = [x.text() for x in w.findChildren(QLabel) + w.findChildren(QAbstractButton)
             if x.isVisibleTo(w) and w.isAncestorOf(x)]
    return "\n".join(shown)


def test_a_printer_out_of_paper_is_said_in_the_visitors_words_and_a_number_can_be_taken_anyway(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    empty = LoopbackPrinter(paper="out")  # like an Epson: "offline" too, the cause in the others
    with station_printer(qtbot, store, clock, empty) as kiosk:
        to_service(qtbot, kiosk, "DUKCAPIL", "KTP")
        w = kiosk.window
        qtbot.waitUntil(lambda: w.page == "notice" and w.notice.other.isVisible())
        assert w.notice.title.text() == "Printer struk sedang bermasalah"
        assert w.notice.text.text().startswith("Kertas struk habis.\n")
        on_screen = visible_texts(w.notice)
        for technical in ("127.0.0.1", str(empty.port), "Printer (", "offline", "check_status"):
            assert technical not in on_screen  # addresses and the staff's line are not for visitors
        assert ticket_codes(store) == []  # nothing was issued yet
        tap(qtbot, w.notice.other)  # "Ambil nomor tanpa struk"
        qtbot.waitUntil(lambda: w.page == "ticket")
        assert w.ticket.code.text() == "A001"
        assert w.ticket.status.text() == "Silakan foto atau catat nomor Anda"
        assert w.ticket.qr.pixmap().width() > 200
        assert ticket_codes(store) == ["A001"]
        assert empty.jobs == []
        # Staff see the printer's own line on the admin page.
        w.open_admin()
        w.pin.press("OK")  # no PIN configured in a windowed test kiosk
        qtbot.waitUntil(lambda: w.page == "admin")
        qtbot.waitUntil(lambda: "kertas habis" in w.admin.state.text())
        assert w.admin.state.text() == (f"Keadaan printer: Printer (127.0.0.1:{empty.port}) tidak siap: "
                                        "kertas habis (pasang gulungan kertas baru).")


def test_a_printer_that_never_reads_is_never_reported_as_printed(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    """The issue's first two reports: a hung printer was reported as printed, and then never
    asked again, so the next visitor with the paper out was told to take a receipt too."""
    stalled = LoopbackPrinter(mode="stall")
    with station_printer(qtbot, store, clock, stalled, timeout=5) as kiosk:  # the default timeout
        w = kiosk.window
        printed: list[object] = []
        kiosk.controller.receipt_printed.connect(lambda issued, result: printed.append(result))
        for _ in range(2):  # every visitor's tap asks again
            started = time.monotonic()
            to_service(qtbot, kiosk, "DUKCAPIL", "KTP")
            qtbot.waitUntil(lambda: w.page == "notice" and w.notice.other.isVisible(), timeout=5000)
            assert time.monotonic() - started < 3
            assert w.notice.text.text().startswith("Printer struk sedang tidak dapat mencetak.\n")
            tap(qtbot, w.notice.button)  # "Kembali"
            assert w.page == "home"
        assert ticket_codes(store) == []
        assert printed == []
        [report] = events_of(store, "printer_not_ready")  # staff learn it once, not per tap
        assert "tidak menjawab pertanyaan status" in report.data["reason"]
        assert report.data["cause"] == "no_answer"


def test_a_printer_that_hangs_after_the_check_leaves_the_number_on_screen_and_is_recorded(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    hanging = LoopbackPrinter(mode="hang")  # answers the check, takes the job, never answers again
    with station_printer(qtbot, store, clock, hanging, timeout=1, ticket_ms=200, photo_ms=60_000) as kiosk:
        w = kiosk.window
        seen: list[str] = []
        kiosk.controller.receipt_printed.connect(lambda issued, result: seen.append("printed"))
        to_service(qtbot, kiosk, "DUKCAPIL", "KTP")
        qtbot.waitUntil(lambda: w.page == "ticket")
        assert w.ticket.status.text() == "Struk sedang dicetak…"
        qtbot.waitUntil(lambda: w.ticket.status.property("tone") == "warn", timeout=5000)
        assert w.ticket.status.text() == "Silakan foto atau catat nomor Anda"
        assert seen == []  # never "Silakan ambil struk Anda"
        [unconfirmed] = events_of(store, "printer_unconfirmed")
        assert unconfirmed.data["code"] == "A001"
        assert "tidak mengonfirmasi struk" in unconfirmed.data["reason"]
        assert events_of(store, "printer_failed") == []
        assert ticket_codes(store) == ["A001"]


def test_the_kiosk_keeps_asking_while_the_notice_is_up_and_offers_the_receipt_when_the_printer_is_back(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    empty = LoopbackPrinter(paper="out")
    with station_printer(qtbot, store, clock, empty, printer_recheck_ms=100) as kiosk:
        w = kiosk.window
        to_service(qtbot, kiosk, "DUKCAPIL", "KTP")
        qtbot.waitUntil(lambda: w.page == "notice" and w.notice.other.isVisible())
        asked = empty.status_queries
        qtbot.waitUntil(lambda: empty.status_queries >= asked + 8)  # asked again, and again
        assert w.notice.title.text() == "Printer struk sedang bermasalah"
        empty.paper = "ok"  # staff put a new roll in
        qtbot.waitUntil(lambda: w.notice.title.text() == "Printer struk sudah siap lagi")
        assert w.notice.other.text() == "Ambil nomor dengan struk"
        asked = empty.status_queries
        qtbot.wait(400)
        assert empty.status_queries == asked  # ready: the watch is over
        tap(qtbot, w.notice.other)
        qtbot.waitUntil(lambda: w.ticket.status.property("tone") == "ok", timeout=5000)
        assert w.ticket.status.text().startswith("Silakan ambil struk Anda")
        assert ticket_codes(store) == ["A001"]
        assert b"A001\n" in empty.wait_jobs(1)[0].data


def test_leaving_the_trouble_notice_ends_the_watch(qtbot: QtBot, store: Store, clock: SteppingClock) -> None:
    empty = LoopbackPrinter(paper="out")
    with station_printer(qtbot, store, clock, empty, printer_recheck_ms=100) as kiosk:
        w = kiosk.window
        to_service(qtbot, kiosk, "DUKCAPIL", "KTP")
        qtbot.waitUntil(lambda: w.page == "notice" and w.notice.other.isVisible())
        tap(qtbot, w.notice.button)  # "Kembali"
        kiosk.worker.wait()
        asked = empty.status_queries
        qtbot.wait(400)
        assert empty.status_queries == asked


def test_a_receipt_that_fails_to_print_leaves_the_number_and_qr_on_screen_and_is_recorded(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    dropping = LoopbackPrinter(mode="drop")  # answers the status check, then drops the job
    with station_printer(qtbot, store, clock, dropping, ticket_ms=200, photo_ms=60_000) as kiosk:
        to_service(qtbot, kiosk, "POLRES", "SKCK")
        w = kiosk.window
        qtbot.waitUntil(lambda: w.ticket.status.property("tone") == "warn", timeout=5000)
        assert w.page == "ticket"
        assert w.ticket.code.text() == "SK001"
        assert w.ticket.status.text() == "Silakan foto atau catat nomor Anda"
        assert w.ticket.note.text().startswith("Struk tidak dapat dicetak. Nomor Anda tetap berlaku")
        qtbot.wait(400)  # far past the normal ticket time: the number stays for the photo
        assert w.page == "ticket"
        [failed] = events_of(store, "printer_failed")  # the reason is for staff, not the screen
        assert failed.data["code"] == "SK001"
        assert failed.data["reason"] == (f"Sambungan ke printer (127.0.0.1:{dropping.port}) terputus "
                                         "saat mencetak.")
        assert ticket_codes(store) == ["SK001"]
        assert "terputus" not in visible_texts(w)


def test_preview_shows_the_receipt_picture_on_screen(
    qtbot: QtBot, store: Store, clock: SteppingClock, tmp_path: Path
) -> None:
    settings = PrinterSettings(folder=str(tmp_path))
    kiosk = start_kiosk(qtbot, build(store, clock=clock, printer=StationPrinter(store, settings, clock)),
                        size=(1920, 1080))  # the design size, where the body is tightest
    try:
        to_service(qtbot, kiosk, "POLRES", "SKCK")
        w = kiosk.window
        qtbot.waitUntil(lambda: w.ticket.status.property("tone") == "ok")
        assert w.ticket.status.text().startswith("Struk ditampilkan di layar")
        pic = w.ticket.qr.pixmap()
        assert pic.height() > pic.width()  # a paper roll, not just the square QR
        # The whole receipt, top to cut, once the layout has taken the new picture in.
        qtbot.waitUntil(lambda: w.ticket.qr.contentsRect().height() >= pic.height(), timeout=2000)
        top = w.ticket.qr.mapTo(w.ticket, QPoint(0, 0)).y()
        assert top >= 0
        assert top + w.ticket.qr.height() <= w.ticket.status.mapTo(w.ticket, QPoint(0, 0)).y()
        assert (tmp_path / f"{T0.astimezone(WIB).date().isoformat()}-SK001.png").is_file()
    finally:
        kiosk.stop()


# --- lockdown, store trouble, layout -----------------------------------------------------

def test_the_locked_kiosk_closes_only_through_the_admin_pin(
    qtbot: QtBot, store: Store, clock: SteppingClock, printer: FakePrinter
) -> None:
    kiosk = start_kiosk(qtbot, build(store, clock=clock, printer=printer, locked=True,
                                     admin_pin_hash=hash_pin("2468")))
    w = kiosk.window
    try:
        w.close()  # Alt+F4, a stray keyboard shortcut...
        assert w.isVisible()
        assert w.page == "pin"
        for key in "1111":
            tap(qtbot, w.pin.keys[key])
        tap(qtbot, w.pin.keys["OK"])
        assert w.page == "pin"
        assert w.pin.error.text() == "PIN salah."
        for key in "2468":
            tap(qtbot, w.pin.keys[key])
        assert w.pin.dots.text() == "●●●●"
        tap(qtbot, w.pin.keys["OK"])
        assert w.page == "admin"
        tap(qtbot, w.admin.test_print)
        qtbot.waitUntil(lambda: w.admin.status.text() == "Printer palsu siap.")
        with qtbot.waitSignal(w.exit_requested):
            tap(qtbot, w.admin.exit)
        assert not w.isVisible()
    finally:
        kiosk.stop()


def test_a_locked_kiosk_without_a_pin_cannot_be_closed_from_the_screen(
    qtbot: QtBot, store: Store, clock: SteppingClock, printer: FakePrinter
) -> None:
    kiosk = start_kiosk(qtbot, build(store, clock=clock, printer=printer, locked=True))
    w = kiosk.window
    try:
        w.close()
        assert w.page == "pin"
        assert "belum diatur" in w.pin.error.text()
        assert "'antre-kiosk --hash-pin'" in w.pin.error.text()  # what an installed bundle has
        assert "python -m" not in w.pin.error.text()
        tap(qtbot, w.pin.keys["OK"])
        assert w.page == "pin"
        assert w.isVisible()
    finally:
        kiosk.stop()


def test_a_windowed_kiosk_without_a_pin_opens_the_admin_page(qtbot: QtBot, kiosk: KioskApp) -> None:
    w = kiosk.window
    qtbot.mousePress(w.header, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    qtbot.waitUntil(lambda: w.page == "pin", timeout=5000)
    qtbot.mouseRelease(w.header, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    tap(qtbot, w.pin.keys["OK"])
    assert w.page == "admin"


def test_holding_the_header_opens_the_pin_pad(qtbot: QtBot, kiosk: KioskApp) -> None:
    w = kiosk.window
    qtbot.mousePress(w.header, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    qtbot.waitUntil(lambda: w.page == "pin", timeout=5000)
    qtbot.mouseRelease(w.header, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    tap(qtbot, w.pin.cancel)
    assert w.page == "home"


def test_the_station_config_gives_the_printer_and_checks_the_pin_hash(tmp_path: Path) -> None:
    cfg = tmp_path / "station.toml"
    cfg.write_text('[printer]\nconnection = "network"\nhost = "10.1.1.5"\n'
                   f'[kiosk]\nadmin_pin_hash = "{hash_pin("1357")}"\n', encoding="utf-8")
    settings, pin_hash = station_options(config.resolve("sqlite://", config_file=cfg))
    assert (settings.connection, settings.where) == ("network", "10.1.1.5:9100")
    assert pin_hash is not None
    cfg.write_text('[kiosk]\nadmin_pin_hash = "1357"\n', encoding="utf-8")
    with pytest.raises(BadInput, match=r"^Konfigurasi \[kiosk\] admin_pin_hash"):
        station_options(config.resolve("sqlite://", config_file=cfg))
    settings, pin_hash = station_options(config.resolve("sqlite://", config_file=tmp_path / "none.toml"))
    assert (settings.connection, pin_hash) == ("preview", None)


class FlakyStore:
    """A real store that can be made unreachable (reads and writes fail) and brought back."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.down = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    @contextmanager
    def reading(self) -> Iterator[Any]:
        if self.down:
            raise StoreUnavailable("Basis data tidak dapat dihubungi.")
        with self._store.reading() as s:
            yield s

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        if self.down:
            raise StoreUnavailable("Basis data tidak dapat dihubungi.")
        with self._store.transaction() as s:
            yield s


def test_a_lost_store_shows_a_calm_notice_and_the_kiosk_recovers_by_itself(
    qtbot: QtBot, store: Store, clock: SteppingClock, printer: FakePrinter
) -> None:
    flaky = FlakyStore(store)
    kiosk = start_kiosk(qtbot, build(flaky, clock=clock, printer=printer, retry_ms=100))  # type: ignore[arg-type]
    w = kiosk.window
    try:
        kiosk.worker.wait()  # the start-up loads are done: nothing in flight saw the store up
        qtbot.wait(50)
        flaky.down = True
        to_service(qtbot, kiosk, "DUKCAPIL", "KTP")  # the tap that finds the store gone
        qtbot.waitUntil(lambda: w.page == "notice" and w.notice.title.text() == OUT_OF_SERVICE)
        assert not w.notice.button.isVisibleTo(w)
        flaky.down = False
        qtbot.waitUntil(lambda: w.page == "home", timeout=3000)  # no restart, no staff
        assert kiosk.controller.in_service
        assert ticket_codes(store) == []
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


@pytest.mark.parametrize(("size", "service_cols"), [((1920, 1080), 2), ((1080, 1920), 1)])
def test_both_orientations_have_their_own_grid_and_big_touch_targets(
    qtbot: QtBot, store: Store, clock: SteppingClock, size: tuple[int, int], service_cols: int,
) -> None:
    kiosk = start_kiosk(qtbot, build(store, clock=clock), size=size)
    w = kiosk.window
    try:
        qtbot.wait(50)
        # The mini site's two agencies: one row of two tiles that share the page, no pager.
        tiles = [t for t in w.home.tiles if t.isVisible()]
        assert len(tiles) == 2
        assert len({t.geometry().y() for t in tiles}) == 1
        assert not w.home.pager.isVisible()
        assert min(min(t.width(), t.height()) for t in tiles) >= 300
        tap(qtbot, w.home.tile_for("DUKCAPIL"))
        qtbot.wait(50)
        grid = w.agency.grid
        assert grid.getItemPosition(grid.indexOf(w.agency.buttons[service_cols]))[:2] == (1, 0)
        targets: list[QWidget] = [b for b in w.agency.buttons if b.isVisible()]
        targets += [w.agency.back, w.agency.priority, w.language]
        for target in targets:
            assert min(target.width(), target.height()) >= 90, target.objectName()
    finally:
        kiosk.stop()


def test_printing_a_reprint_from_another_app_uses_the_same_receipt(
    store: Store, clock: SteppingClock, tmp_path: Path
) -> None:
    """The counter app's 'reprint' is shared.printing.reprint: it works on a kiosk ticket."""
    issued = issue(store, "KTP", clock)
    settings = dataclasses.replace(PrinterSettings(), folder=str(tmp_path))
    result = printing.reprint(store, issued.ticket.qr_payload, settings=settings, now=clock())
    assert result.preview_png is not None
    assert result.preview_png.name == f"{T0.astimezone(WIB).date().isoformat()}-A001-ulang.png"


def test_hash_pin_prints_a_config_line_that_the_kiosk_accepts(tmp_path: Path) -> None:
    import subprocess
    import sys

    made = subprocess.run([sys.executable, "-m", "kiosk", "--hash-pin"], input="2468\n", text=True,
                          capture_output=True, timeout=60, check=False)
    assert made.returncode == 0, made.stderr
    assert "2468" not in made.stdout
    cfg = tmp_path / "station.toml"
    cfg.write_text(made.stdout, encoding="utf-8")
    _, pin_hash = station_options(config.resolve("sqlite://", config_file=cfg))
    assert pin_hash is not None
    from kiosk.admin import pin_matches

    assert pin_matches(pin_hash, "2468")
    assert not pin_matches(pin_hash, "2469")
    short = subprocess.run([sys.executable, "-m", "kiosk", "--hash-pin"], input="12\n", text=True,
                           capture_output=True, timeout=60, check=False)
    assert short.returncode == 2
    assert short.stderr == "antre-kiosk: PIN harus 4 sampai 12 angka.\n"


def test_a_signal_from_the_system_unlocks_the_locked_kiosk_so_it_can_quit(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    import signal

    from PySide6.QtWidgets import QApplication

    from kiosk.app import unlock_on_signals

    kiosk = start_kiosk(qtbot, build(store, clock=clock, locked=True, admin_pin_hash=hash_pin("2468")))
    seen: list[int] = []
    before = signal.signal(signal.SIGTERM, lambda num, _frame: seen.append(num))
    try:
        unlock_on_signals(kiosk.window)
        signal.raise_signal(signal.SIGTERM)
        assert seen == [signal.SIGTERM]  # the app's own quit handler still runs
        assert QApplication.instance() is not None
        kiosk.window.close()  # what Qt's quit() does to every window
        assert not kiosk.window.isVisible()
    finally:
        signal.signal(signal.SIGTERM, before)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        kiosk.stop()


def test_an_agency_with_a_logo_file_shows_it_on_its_tile(
    qtbot: QtBot, store: Store, clock: SteppingClock, tmp_path: Path
) -> None:
    from PIL import Image

    Image.new("RGB", (300, 150), (200, 30, 30)).save(tmp_path / "dukcapil.png")
    kiosk = start_kiosk(qtbot, build(store, clock=clock, logo_dirs=[tmp_path / "none", tmp_path]))
    try:
        with_logo = kiosk.window.home.tile_for("DUKCAPIL")
        without = kiosk.window.home.tile_for("POLRES")
        assert with_logo is not None
        assert without is not None
        assert with_logo.logo.isVisible()
        assert with_logo.logo.pixmap().height() == with_logo.logo.pixmap().width() // 2
        assert not without.logo.isVisible()
        assert with_logo.title.text() == "Dukcapil"  # the name stays under the logo
    finally:
        kiosk.stop()


def test_a_wrong_logo_folder_is_named_in_the_station_config_error(tmp_path: Path) -> None:
    from kiosk.app import logo_folders

    cfg = tmp_path / "station.toml"
    cfg.write_text(f'[kiosk]\nlogos = "{tmp_path / "nope"}"\n', encoding="utf-8")
    with pytest.raises(BadInput, match=r"^Konfigurasi \[kiosk\] logos: "):
        logo_folders(config.resolve("sqlite://", config_file=cfg))
    cfg.write_text(f'[kiosk]\nlogos = "{tmp_path}"\n', encoding="utf-8")
    assert logo_folders(config.resolve("sqlite://", config_file=cfg))[0] == tmp_path


class BrokenPrinter(FakePrinter):
    def check(self) -> None:
        raise ZeroDivisionError("a bug in a printer driver")


def test_a_bug_while_issuing_is_one_calm_line_and_the_kiosk_stays_in_service(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    kiosk = start_kiosk(qtbot, build(store, clock=clock, printer=BrokenPrinter()))
    try:
        to_service(qtbot, kiosk, "DUKCAPIL", "KTP")
        w = kiosk.window
        qtbot.waitUntil(lambda: w.page == "notice" and w.notice.button.isVisible())
        assert w.notice.text.text() == "Terjadi kesalahan. Silakan coba lagi atau hubungi petugas."
        assert kiosk.controller.in_service
        assert ticket_codes(store) == []
        tap(qtbot, w.notice.button)
        assert w.page == "home"
    finally:
        kiosk.stop()


class SlowFailingPrinter(FakePrinter):
    """Fails the print only when the test says so, like a printer timing out."""

    def __init__(self) -> None:
        super().__init__()
        import threading

        self.release = threading.Event()

    def print_ticket(self, issued: IssuedTicket, context: ReceiptContext) -> PrintResult:
        assert self.release.wait(10)
        raise PrinterError("Printer tidak menjawab dalam 5 detik.")


@pytest.mark.parametrize(("next_visitor_started", "page_after"), [(False, "ticket"), (True, "agency")])
def test_a_late_print_failure_brings_the_number_back_unless_the_next_visitor_has_started(
    qtbot: QtBot, store: Store, clock: SteppingClock, next_visitor_started: bool, page_after: str
) -> None:
    printer = SlowFailingPrinter()
    kiosk = start_kiosk(qtbot, build(store, clock=clock, printer=printer))
    w = kiosk.window
    try:
        to_service(qtbot, kiosk, "DUKCAPIL", "KTP")
        qtbot.waitUntil(lambda: w.page == "ticket")
        tap(qtbot, w.ticket.button)  # "Selesai" before the receipt came out
        if next_visitor_started:
            tap(qtbot, w.home.tile_for("DUKCAPIL"))
        printer.release.set()
        kiosk.worker.wait()
        qtbot.wait(50)
        assert w.page == page_after
        if page_after == "ticket":
            assert w.ticket.code.text() == "A001"
            assert w.ticket.status.text() == "Silakan foto atau catat nomor Anda"
    finally:
        printer.release.set()
        kiosk.stop()


def test_a_printer_out_of_paper_is_reported_to_staff_once_not_on_every_tap(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    empty = LoopbackPrinter(paper="out")
    settings = PrinterSettings(connection="network", host="127.0.0.1", port=empty.port, timeout=2)
    kiosk = start_kiosk(qtbot, build(store, clock=clock, printer=StationPrinter(store, settings, clock)))
    w = kiosk.window
    try:
        for _ in range(3):  # three visitors in a row meet the empty printer
            to_service(qtbot, kiosk, "DUKCAPIL", "KTP")
            qtbot.waitUntil(lambda: w.page == "notice" and w.notice.other.isVisible())
            tap(qtbot, w.notice.button)
        [report] = events_of(store, "printer_not_ready")
        assert report.ticket_id is None
        assert report.data["reason"].startswith("Printer (127.0.0.1:")
        assert report.data["cause"] == "paper_out"
        assert ticket_codes(store) == []
    finally:
        kiosk.stop()
        empty.close()


def _hash_pin_on_a_terminal(*answers: str) -> tuple[int, str]:
    """Run ``python -m kiosk --hash-pin`` on a real pseudo-terminal, typing ``answers``."""
    import os
    import pty
    import sys
    import time

    pid, fd = pty.fork()
    if pid == 0:  # the child: the kiosk's PIN prompt, with the pty as its terminal
        os.execv(sys.executable, [sys.executable, "-m", "kiosk", "--hash-pin"])
    out = b""
    deadline = time.monotonic() + 60
    for answer in answers:
        while b": " not in out.rsplit(b"\n", 1)[-1] and time.monotonic() < deadline:
            out += os.read(fd, 1024)
        os.write(fd, answer.encode() + b"\r")
        out += os.read(fd, 1024)
    while time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode(errors="replace")


def test_a_pin_typed_on_a_terminal_is_asked_twice_and_a_mismatch_changes_nothing() -> None:
    code, out = _hash_pin_on_a_terminal("2468", "2469")
    assert code == 2
    assert "Ulangi PIN" in out
    assert "kedua PIN tidak sama; tidak ada yang diubah." in out
    assert "admin_pin_hash" not in out
    code, out = _hash_pin_on_a_terminal("2468", "2468")
    assert code == 0, out
    assert 'admin_pin_hash = "$argon2id$' in out
