"""The kiosk screens, including printer trouble, and a receipt preview PNG.

The receipts go to real printers: a network printer on loopback (healthy, out of paper,
hung, dropping the job) and ``preview``, by swapping the station printer's settings between
shots. ``kiosk-receipt-preview.png`` and ``kiosk-receipt-reprint.png`` are the receipts as
drawn for preview (the reprint through ``shared.printing.reprint``);
``kiosk-receipt-preview-english.png`` is a receipt for a visitor who switched to English, and
``kiosk-refusal-english-*`` a rule's refusal said to them.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import zoneinfo
from pathlib import Path

from kiosk.app import build as build_kiosk
from kiosk.printer import StationPrinter
from shared import printing
from shared.printing import PrinterSettings
from shared.store import Store
from tests.screenshots.common import (
    AFTERNOON,
    FULL_SERVICE,
    KIOSK_SIZES,
    LANDSCAPE,
    NEVER_MS,
    NOW,
    Feeds,
    FixedClock,
    OutageStore,
    Shots,
    load_site,
    need,
    store_comes_back,
    store_goes_down,
)
from tests.service.printer_peer import LoopbackPrinter

WIB_ZONE = zoneinfo.ZoneInfo("Asia/Jakarta")
# The demo site's calendar (resources/sites/demo-batu.toml), around the shoot's Saturday.
FRIDAY_PRAYER = dt.datetime(2026, 11, 27, 12, 0, tzinfo=WIB_ZONE)
CUTOFF = dt.datetime(2026, 11, 26, 14, 40, tzinfo=WIB_ZONE)  # Thursday, 20 minutes to closing
HOLIDAY = dt.datetime(2026, 12, 25, 9, 0, tzinfo=WIB_ZONE)  # Hari Raya Natal


def _network(port: int) -> PrinterSettings:
    return PrinterSettings(connection="network", host="127.0.0.1", port=port, timeout=2)


def shoot(shots: Shots, store: Store) -> None:
    feeds = Feeds(store)
    clock = FixedClock(NOW)
    outage = OutageStore.over(store)
    healthy = LoopbackPrinter()
    dropping = LoopbackPrinter(mode="drop")
    stalled = LoopbackPrinter(mode="stall")
    previews = Path(tempfile.mkdtemp(prefix="antre-receipts-"))
    printer = StationPrinter(outage, _network(healthy.port), clock)
    kiosk = build_kiosk(outage, clock=clock, feed_factory=feeds, idle_ms=NEVER_MS, printer=printer,
                        ticket_ms=NEVER_MS, notice_ms=NEVER_MS, photo_ms=NEVER_MS, printer_recheck_ms=200,
                        printer_info=f"Printer: network — 127.0.0.1:{healthy.port}")
    w = kiosk.window

    def take(service: str) -> None:
        need(w.agency.button_for(service), f"a {service} button").click()
        shots.wait(lambda: w.page == "ticket" and w.ticket.status.property("tone") in ("ok", "warn"),
                   f"the {service} ticket and its receipt")

    def to_agency(code: str) -> None:
        w.go_home()
        need(w.home.tile_for(code), f"a {code} tile").click()
        shots.wait(lambda: w.page == "agency", f"the {code} services")

    try:
        w.resize(*LANDSCAPE)
        w.show()
        shots.grab(w, "kiosk", "starting", KIOSK_SIZES)

        kiosk.start()
        shots.wait(lambda: w.page == "home" and bool(feeds.watchers), "the kiosk home page")
        shots.grab(w, "kiosk", "home", KIOSK_SIZES)

        if w.home.pager.isVisibleTo(w):  # the demo's 15 agencies fit one page
            w.home.pager.next.click()
            shots.wait(lambda: w.home.pager.page == 1, "home page 2")
            shots.grab(w, "kiosk", "home-page2", KIOSK_SIZES)
            w.home.pager.prev.click()

        w.language.click()
        shots.grab(w, "kiosk", "home-english", KIOSK_SIZES)
        w.language.click()

        to_agency("DUKCAPIL")
        full = need(w.agency.button_for(FULL_SERVICE), f"a {FULL_SERVICE} button")
        if full.isEnabled():
            raise RuntimeError(f"{FULL_SERVICE} should be greyed out: its quota is used up")
        shots.grab(w, "kiosk", "agency", KIOSK_SIZES)

        w.agency.set_issuing(True, chosen="KTP")  # while a visitor's number is being made
        shots.grab(w, "kiosk", "agency-issuing", KIOSK_SIZES)
        w.set_issuing(False)

        w.agency.priority.click()
        shots.wait(lambda: w.page == "priority", "the priority choices")
        shots.grab(w, "kiosk", "priority", KIOSK_SIZES)
        need(w.priority.button_for("lansia"), "a lansia choice").click()
        shots.grab(w, "kiosk", "agency-priority", KIOSK_SIZES)

        take("KTP")  # a priority ticket, printed on the network printer
        healthy.wait_jobs(1)
        shots.grab(w, "kiosk", "ticket", KIOSK_SIZES)

        printer.settings = PrinterSettings(folder=str(previews))
        to_agency("DUKCAPIL")
        take("KK")
        shots.grab(w, "kiosk", "ticket-preview", KIOSK_SIZES)
        for png in previews.glob("*.png"):
            shutil.copy(png, shots.out / "kiosk-receipt-preview.png")
            shots.written.append(shots.out / "kiosk-receipt-preview.png")
            png.unlink()
        again = printing.reprint(outage, w.ticket.code.text(), settings=printer.settings, now=NOW)
        assert again.preview_png is not None
        shutil.copy(again.preview_png, shots.out / "kiosk-receipt-reprint.png")
        shots.written.append(shots.out / "kiosk-receipt-reprint.png")

        # A visitor who switched to English: the receipt is printed in English too.
        again.preview_png.unlink()
        w.go_home(reset=True)
        w.language.click()
        to_agency("DUKCAPIL")
        take("KTP")
        shots.grab(w, "kiosk", "ticket-preview-english", KIOSK_SIZES)
        for png in previews.glob("*.png"):
            shutil.copy(png, shots.out / "kiosk-receipt-preview-english.png")
            shots.written.append(shots.out / "kiosk-receipt-preview-english.png")
            png.unlink()
        w.go_home(reset=True)  # the next visitor starts in Indonesian

        healthy.paper = "out"
        printer.settings = _network(healthy.port)
        to_agency("DUKCAPIL")
        need(w.agency.button_for("KTP"), "a KTP button").click()
        shots.wait(lambda: w.page == "notice" and w.notice.other.isVisible(), "the paper-out notice")
        shots.grab(w, "kiosk", "printer-trouble", KIOSK_SIZES)
        w.notice.other.click()
        shots.wait(lambda: w.page == "ticket" and w.ticket.status.property("tone") == "warn",
                   "a ticket without a receipt")
        shots.grab(w, "kiosk", "ticket-no-receipt", KIOSK_SIZES)

        to_agency("DUKCAPIL")  # the paper is still out: the kiosk asks again while the notice is up
        need(w.agency.button_for("KTP"), "a KTP button").click()
        shots.wait(lambda: w.page == "notice" and w.notice.other.isVisible(), "the paper-out notice")
        healthy.paper = "ok"  # staff put in a new roll
        shots.wait(lambda: w.notice.title.text() == "Printer struk sudah siap lagi", "the printer back")
        shots.grab(w, "kiosk", "printer-ready", KIOSK_SIZES)

        printer.settings = _network(stalled.port)  # accepts the connection, never reads
        to_agency("DUKCAPIL")
        need(w.agency.button_for("KTP"), "a KTP button").click()
        shots.wait(lambda: w.page == "notice" and w.notice.other.isVisible(), "the hung-printer notice")
        shots.grab(w, "kiosk", "printer-trouble-hung", KIOSK_SIZES)

        printer.settings = _network(dropping.port)
        to_agency("DUKCAPIL")
        take("KTP")
        shots.grab(w, "kiosk", "ticket-print-failed", KIOSK_SIZES)
        printer.settings = _network(healthy.port)

        # A tap that reached the store just as the quota ran out: the rules refuse.
        kiosk.controller.issue(FULL_SERVICE)
        shots.wait(lambda: w.page == "notice" and w.notice.button.isVisibleTo(w), "the refusal")
        shots.grab(w, "kiosk", "refusal", KIOSK_SIZES)
        w.go_home(reset=True)
        w.language.click()  # the same refusal, for a visitor reading English
        kiosk.controller.issue(FULL_SERVICE, None, w.language_code)
        shots.wait(lambda: w.page == "notice" and w.notice.text.text().endswith("numbers)."),
                   "the English refusal")
        shots.grab(w, "kiosk", "refusal-english", KIOSK_SIZES)
        w.go_home(reset=True)

        w.open_admin()
        for key in "2468":
            w.pin.press(key)
        shots.grab(w, "kiosk", "admin-pin", KIOSK_SIZES)
        w.pin.press("OK")  # no PIN configured in the shoot: the first set-up lets staff in
        shots.wait(lambda: w.page == "admin", "the admin page")
        shots.wait(lambda: bool(w.admin.state.text()), "the printer's state")
        w.admin.test_print.click()
        shots.wait(lambda: bool(w.admin.status.text()), "the test print")
        shots.grab(w, "kiosk", "admin", KIOSK_SIZES)
        printer.settings = _network(stalled.port)  # what staff see when the printer hangs
        w.admin.set_status("")
        kiosk.controller.check_printer()
        shots.wait(lambda: "tidak menjawab" in w.admin.state.text(), "the hung printer's state")
        shots.grab(w, "kiosk", "admin-printer-hung", KIOSK_SIZES)
        printer.settings = _network(healthy.port)
        w.admin.back.click()

        store_goes_down(shots, outage, feeds, kiosk.worker)
        shots.wait(lambda: not kiosk.controller.in_service and not w.notice.button.isVisibleTo(w),
                   "the out-of-service notice")
        shots.grab(w, "kiosk", "unavailable", KIOSK_SIZES)

        # Back in service in the early afternoon, real hours: the morning-only services closed.
        clock.now = AFTERNOON
        load_site(store, always_open=False, now=AFTERNOON)
        store_comes_back(outage, feeds)

        def imigrasi_closed() -> bool:
            catalog = kiosk.controller.catalog
            entry = catalog.agency("IMIGRASI") if catalog else None
            return w.page == "home" and entry is not None and not entry.available

        shots.wait(imigrasi_closed, "the afternoon catalog")
        shots.grab(w, "kiosk", "home-closed", KIOSK_SIZES)
        need(w.home.tile_for("KEMENAG"), "a Kemenag tile").click()
        shots.wait(lambda: w.page == "agency", "the Kemenag services")
        shots.grab(w, "kiosk", "agency-closed", KIOSK_SIZES)
    finally:
        kiosk.stop()
        w.close()
        healthy.close()
        dropping.close()
        stalled.close()
        shutil.rmtree(previews, ignore_errors=True)
        load_site(store, always_open=True, now=AFTERNOON)


def shoot_calendar(shots: Shots, store: Store) -> None:
    """The kiosk and the calendar, with the demo site's real hours: the Friday prayer break,
    the cut-off half an hour before closing, and a holiday (Natal). Shot last: moving the
    clock to other days rolls the business day over."""
    feeds = Feeds(store)
    clock = FixedClock(FRIDAY_PRAYER)
    load_site(store, always_open=False, now=FRIDAY_PRAYER)
    kiosk = build_kiosk(store, clock=clock, feed_factory=feeds, idle_ms=NEVER_MS, ticket_ms=NEVER_MS,
                        notice_ms=NEVER_MS, photo_ms=NEVER_MS)
    w = kiosk.window

    def at(instant: dt.datetime, what: str) -> None:
        clock.now = instant
        w.go_home()
        kiosk.controller.refresh()
        shots.wait(lambda: kiosk.controller.catalog is not None
                   and kiosk.controller.catalog.business_day == instant.astimezone(WIB_ZONE).date()
                   and w.home.notice.isVisible(), what)

    try:
        w.resize(*LANDSCAPE)
        w.show()
        kiosk.start()
        at(FRIDAY_PRAYER, "the Friday prayer notice")
        shots.grab(w, "kiosk", "break", KIOSK_SIZES)
        at(CUTOFF, "the cut-off notice")
        shots.grab(w, "kiosk", "cutoff", KIOSK_SIZES)
        at(HOLIDAY, "the holiday notice")
        shots.grab(w, "kiosk", "holiday", KIOSK_SIZES)
        need(w.home.tile_for("DUKCAPIL"), "a Dukcapil tile").click()
        shots.wait(lambda: w.page == "agency", "the Dukcapil services on a holiday")
        shots.grab(w, "kiosk", "agency-holiday", KIOSK_SIZES)
    finally:
        kiosk.stop()
        w.close()
        load_site(store, always_open=True, now=HOLIDAY)
