"""The kiosk in a big MPP (40 agencies, more than fit one page of touch-sized tiles): pages, a
search bar, and a search page with big on-screen keys, at every screen size; and logos that
leave the names whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp
from kiosk.app import build as build_kiosk
from kiosk.widgets import CardButton
from shared.store import Store
from shared.ui.scaling import fit
from tests.screenshots.common import NOW, FixedClock, morning
from tests.screenshots.crowded import LOGO_AGENCIES, MORE_AGENCIES, draw_logos, load_crowded
from tests.ui.layout import SIZES
from tests.ui.test_kiosk import FakePrinter
from tests.ui.test_layouts import MM_PER_DESIGN_PX, TOUCH_MM, at_every_size

HOUR_MS = 3_600_000


def _start(qtbot: QtBot, store: Store, **options: object) -> KioskApp:
    app = build_kiosk(
        store,
        clock=FixedClock(NOW),
        printer=FakePrinter(),
        idle_ms=HOUR_MS,
        ticket_ms=HOUR_MS,
        notice_ms=HOUR_MS,
        photo_ms=HOUR_MS,
        **options,
    )  # type: ignore[arg-type]
    qtbot.addWidget(app.window)
    app.window.resize(*SIZES[0])
    app.window.show()
    app.start()
    qtbot.waitUntil(lambda: app.window.page == "home")
    return app


@pytest.fixture
def crowded(qtbot: QtBot, tmp_path: Path) -> Iterator[KioskApp]:
    """40 agencies on a SQLite file (layout does not depend on the kind of store)."""
    store = Store.open(f"sqlite:///{tmp_path / 'antre.db'}")
    load_crowded(store, NOW)
    app = _start(qtbot, store)
    try:
        yield app
    finally:
        app.stop()
        store.dispose()


def type_in(qtbot: QtBot, app: KioskApp, query: str) -> None:
    page = app.window.search
    page.press("clear")
    for key in query:
        page.press("space" if key == " " else key.upper())
    qtbot.waitUntil(lambda: page.field.text() == query.upper())


def test_forty_agencies_page_with_touch_sized_tiles_and_offer_a_search(
    qtbot: QtBot, crowded: KioskApp
) -> None:
    w = crowded.window
    for size in SIZES:
        w.resize(*size)
        qtbot.waitUntil(lambda: w.size().toTuple() == size)  # noqa: B023
        qtbot.wait(30)
        assert w.home.pager.isVisibleTo(w), size
        assert w.home.search.isVisibleTo(w), size
        shown = [t for t in w.home.tiles if t.isVisibleTo(w)]
        assert 10 <= len(shown) < 15 + len(MORE_AGENCIES), size
        touch = fit(*size).px(TOUCH_MM * MM_PER_DESIGN_PX)
        assert min(min(t.width(), t.height()) for t in shown) >= touch, size


def test_a_visitor_finds_an_agency_by_its_description_acronym_or_service(
    qtbot: QtBot, crowded: KioskApp
) -> None:
    w = crowded.window
    w.home.search.click()
    qtbot.waitUntil(lambda: w.page == "search")
    assert w.search.shown == []
    assert w.search.hint.text().startswith("Ketik nama instansi")
    type_in(qtbot, crowded, "perizinan")
    assert w.search.shown[0] == "DPMPTSP"
    type_in(qtbot, crowded, "kir")  # "Uji kendaraan (KIR)", Dishub's description; Pos: "Kiriman"
    assert w.search.shown == ["DISHUB", "POS"]
    type_in(qtbot, crowded, "isbat")  # a service of the Pengadilan Agama
    assert w.search.shown == ["PA"]
    tile = w.search.tile_for("PA")
    assert tile is not None
    assert tile.subtitle.text().startswith("Layanan: Pendaftaran Perkara")
    type_in(qtbot, crowded, "zzz")
    assert w.search.shown == []
    assert w.search.hint.text() == "Tidak ditemukan. Coba kata lain."
    w.search.press("clear")
    type_in(qtbot, crowded, "kecamatan")  # three of them
    assert w.search.shown == ["KEC_BATU", "KEC_JUNREJO", "KEC_BUMIAJI"]
    type_in(qtbot, crowded, "dpmptsp")
    need = w.search.tile_for("DPMPTSP")
    assert need is not None
    need.click()
    qtbot.waitUntil(lambda: w.page == "agency" and w.agency.agency_code == "DPMPTSP")
    w.agency.back.click()
    qtbot.waitUntil(lambda: w.page == "home")


def test_the_search_speaks_english_when_the_visitor_switches(qtbot: QtBot, crowded: KioskApp) -> None:
    w = crowded.window
    w.language.click()
    assert w.home.search.text() == "Search for an agency or service  ›"
    w.home.search.click()
    qtbot.waitUntil(lambda: w.page == "search")
    assert w.search.keys["space"].text() == "Space"
    type_in(qtbot, crowded, "pajak")
    assert w.search.hint.text().endswith("found. Tap one to choose it.")


def test_the_search_page_fits_at_every_size(qtbot: QtBot, crowded: KioskApp) -> None:
    w = crowded.window
    at_every_size(qtbot, w, "home with 40 agencies (paged, search bar)")
    w.home.search.click()
    qtbot.waitUntil(lambda: w.page == "search")
    at_every_size(qtbot, w, "search, empty")
    type_in(qtbot, crowded, "pajak")
    at_every_size(qtbot, w, "search for 'pajak'")
    type_in(qtbot, crowded, "a")  # most agencies: as many as fit, and how many there are
    at_every_size(qtbot, w, "search for 'a'", lambda: len(w.search.shown) >= 2)
    assert "ditampilkan" in w.search.hint.text()
    type_in(qtbot, crowded, "isbat")  # a service's name under the agency's
    at_every_size(qtbot, w, "search for a service")


def _wraps_because_of_the_logo(tile: CardButton) -> bool:
    """The title takes more lines than it would across the whole tile without the logo."""
    title = tile.title
    m = tile.layout().contentsMargins()
    alone = title.heightForWidth(tile.width() - m.left() - m.right())
    return title.heightForWidth(title.width()) > alone


@pytest.fixture
def with_logos(qtbot: QtBot, tmp_path: Path) -> Iterator[KioskApp]:
    store = Store.open(f"sqlite:///{tmp_path / 'antre.db'}")
    morning(store)
    app = _start(qtbot, store, logo_dirs=[draw_logos(tmp_path / "logos")])
    try:
        yield app
    finally:
        app.stop()
        store.dispose()


def test_logos_scale_to_the_tile_and_leave_the_names_whole(qtbot: QtBot, with_logos: KioskApp) -> None:
    w = with_logos.window
    for size in SIZES:
        w.resize(*size)
        qtbot.waitUntil(lambda: w.size().toTuple() == size)  # noqa: B023
        qtbot.wait(30)
        tiles = {code: w.home.tile_for(code) for code in LOGO_AGENCIES if w.home.tile_for(code)}
        shown = [t for t in tiles.values() if t is not None and t.logo.isVisibleTo(w)]
        assert shown, f"no logo shown at {size}"
        for tile in shown:
            assert not _wraps_because_of_the_logo(tile), f"{tile.title.text()} wraps by its logo at {size}"
            assert tile.logo.height() >= tile.title.fontMetrics().height() * 2 // 3  # big enough to see
    at_every_size(qtbot, w, "home with logos and descriptions")
