"""More kiosk screens, each on a store of its own so the main shoot's morning is untouched:
a big MPP with 40 agencies (pages, the search button, the search page), the demo's tiles with
descriptions and logos, and a wait that runs past the service's closing time (the agency's
buttons, the ticket page and the receipt preview)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import tempfile
from pathlib import Path

from kiosk.app import build as build_kiosk
from kiosk.printer import StationPrinter
from shared import rules, site
from shared.printing import PrinterSettings
from shared.store import Store
from tests.screenshots.common import (
    AFTERNOON,
    DAY,
    KIOSK_SIZES,
    LANDSCAPE,
    NEVER_MS,
    NOW,
    SITE_FILE,
    WIB,
    Feeds,
    FixedClock,
    Shots,
    need,
)
from tests.screenshots.crowded import draw_logos, load_crowded

SMALL = (1280, 720)
SEARCH_SIZES = (*KIOSK_SIZES, SMALL)


def _kiosk(store: Store, clock: FixedClock, **options: object):  # type: ignore[no-untyped-def]
    return build_kiosk(
        store,
        clock=clock,
        feed_factory=Feeds(store),
        idle_ms=NEVER_MS,  # type: ignore[arg-type]
        ticket_ms=NEVER_MS,
        notice_ms=NEVER_MS,
        photo_ms=NEVER_MS,
        **options,
    )


def shoot(shots: Shots) -> None:
    with tempfile.TemporaryDirectory(prefix="antre-shots-more-") as tmp:
        logos = draw_logos(Path(tmp) / "logos")
        _shoot_search(shots, Path(tmp) / "crowded.db", logos)
        _shoot_logos(shots, Path(tmp) / "logos.db", logos)
        _shoot_past_closing(shots, Path(tmp) / "late.db", Path(tmp) / "receipts")


def _type(shots: Shots, kiosk, query: str) -> None:  # type: ignore[no-untyped-def]
    page = kiosk.window.search
    page.press("clear")
    for key in query:
        page.press("space" if key == " " else key.upper())
    shots.wait(lambda: page.field.text() == query.upper(), f"'{query}' typed")


def _shoot_search(shots: Shots, db: Path, logos: Path) -> None:
    store = Store.open(f"sqlite:///{db}")
    load_crowded(store, NOW)
    kiosk = _kiosk(store, FixedClock(NOW), logo_dirs=[logos])
    w = kiosk.window
    try:
        w.resize(*LANDSCAPE)
        w.show()
        kiosk.start()
        shots.wait(lambda: w.page == "home", "the crowded home page")
        shots.grab(w, "kiosk", "crowded-home", SEARCH_SIZES)
        w.home.search.click()
        shots.wait(lambda: w.page == "search", "the search page")
        shots.grab(w, "kiosk", "search", SEARCH_SIZES)
        _type(shots, kiosk, "pajak")
        shots.grab(w, "kiosk", "search-pajak", SEARCH_SIZES)
        _type(shots, kiosk, "isbat")  # a service's name finds its agency
        shots.grab(w, "kiosk", "search-service", SEARCH_SIZES)
        _type(shots, kiosk, "a")
        shots.grab(w, "kiosk", "search-many", SEARCH_SIZES)
        _type(shots, kiosk, "xyz")
        shots.grab(w, "kiosk", "search-none", (LANDSCAPE,))
        w.language.click()
        _type(shots, kiosk, "perizinan")
        shots.grab(w, "kiosk", "search-english", (LANDSCAPE,))
    finally:
        kiosk.stop()
        w.close()
        store.dispose()


def _shoot_logos(shots: Shots, db: Path, logos: Path) -> None:
    """The demo's 15 agencies with their descriptions, eight of them with a logo."""
    store = Store.open(f"sqlite:///{db}")
    spec = site.load_site_file(SITE_FILE)
    spec = dataclasses.replace(spec, settings=dataclasses.replace(spec.settings, always_open=True))
    with store.transaction() as s:
        site.apply_site(s, spec, now=NOW)
    kiosk = _kiosk(store, FixedClock(NOW), logo_dirs=[logos])
    w = kiosk.window
    try:
        w.resize(*LANDSCAPE)
        w.show()
        kiosk.start()
        shots.wait(lambda: w.page == "home", "the home page with logos")
        shots.grab(w, "kiosk", "home-logos", SEARCH_SIZES)
    finally:
        kiosk.stop()
        w.close()
        store.dispose()


def _shoot_past_closing(shots: Shots, db: Path, receipts: Path) -> None:
    """Saturday 12:30, the demo's real hours (08:00-14:00 on Saturdays), issuing even when the
    wait runs past closing (``cutoff_by_wait = false``), one KTP counter open, 20 waiting."""
    store = Store.open(f"sqlite:///{db}")
    text = SITE_FILE.read_text(encoding="utf-8").replace("cutoff_by_wait = true", "cutoff_by_wait = false")
    morning = dt.datetime.combine(DAY, dt.time(8, 0), WIB).astimezone(dt.UTC)
    with store.transaction() as s:
        site.apply_site(s, site.parse_site(text), now=morning)
    with store.transaction() as s:
        rules.roll_over(s, now=morning)
        rules.open_counter(s, "L01", now=morning)
    with store.transaction() as s:
        for k in range(20):
            rules.issue(s, "KTP", now=AFTERNOON - dt.timedelta(minutes=40 - k))
    clock = FixedClock(AFTERNOON)
    printer = StationPrinter(store, PrinterSettings(folder=str(receipts)), clock)
    kiosk = _kiosk(store, clock, printer=printer)
    w = kiosk.window
    try:
        w.resize(*LANDSCAPE)
        w.show()
        kiosk.start()
        shots.wait(lambda: w.page == "home", "the afternoon home page")
        need(w.home.tile_for("DUKCAPIL"), "a Dukcapil tile").click()
        ktp = need(w.agency.button_for("KTP"), "a KTP button")
        shots.wait(lambda: "melewati" in ktp.detail.text(), "the past-closing line on KTP")
        shots.grab(w, "kiosk", "agency-past-closing", KIOSK_SIZES)
        ktp.click()
        shots.wait(
            lambda: w.page == "ticket" and w.ticket.status.property("tone") == "ok",
            "the ticket past closing and its receipt",
        )
        shots.grab(w, "kiosk", "ticket-past-closing", KIOSK_SIZES)
        for png in receipts.glob("*.png"):
            target = shots.out / "kiosk-receipt-past-closing.png"
            shutil.copy(png, target)
            shots.written.append(target)
    finally:
        kiosk.stop()
        w.close()
        store.dispose()
