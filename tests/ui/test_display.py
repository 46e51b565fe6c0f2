"""The wall display rebuilds today's board from the store, then follows the feed."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from display.app import DisplayApp, build
from display.board import Call, Scope
from display.view import BoardWindow
from shared import rules
from shared.store import Store
from shared.ui.feed import FeedWatcher
from tests.conftest import T0
from tests.support import FixedClock, SteppingClock, call_next, issue, open_counter
from tests.when import WIB

ROOT = Path(__file__).resolve().parents[2]

# Another process (a counter PC) calls the next ticket at a given time, on the same store.
CALL_ELSEWHERE = """
import datetime as dt, sys
from shared import rules
from shared.store import Store
url, counter, at = sys.argv[1:4]
store = Store.open(url)
with store.transaction() as s:
    result = rules.call_next(s, counter, now=dt.datetime.fromisoformat(at))
print(result.ticket.code if result.ticket else "-")
store.dispose()
"""


def call_in_another_process(store: Store, counter: str, at: dt.datetime) -> str:
    done = subprocess.run([sys.executable, "-c", CALL_ELSEWHERE, store.url, counter, at.isoformat()],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


class FakeAnnouncer:
    def __init__(self) -> None:
        self.spoken: list[str] = []

    def announce(self, text: str, call: Call) -> None:
        self.spoken.append(text)


def start_display(qtbot: QtBot, app: DisplayApp) -> DisplayApp:
    qtbot.addWidget(app.window)
    app.window.resize(1280, 720)
    app.window.show()
    app.start()
    qtbot.waitUntil(lambda: app.controller.site is not None)
    return app


def history_codes(app: DisplayApp) -> list[str]:
    return [row.code.text() for row in app.window.rows if row.isVisibleTo(app.window)]


def test_the_board_rebuilds_todays_calls_then_follows_new_ones(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    with store.transaction() as s:
        rules.roll_over(s, now=clock())
    for _ in range(3):
        issue(store, "KTP", clock)
    issue(store, "SKCK", clock)
    open_counter(store, "L1", clock)
    open_counter(store, "P1", clock)
    assert call_next(store, "L1", clock) == "A001"
    assert call_next(store, "P1", clock) == "SK001"

    announcer = FakeAnnouncer()
    app = start_display(qtbot, build(store, clock=clock, announcer=announcer))
    try:
        w = app.window
        qtbot.waitUntil(lambda: w.code.text() == "SK001")
        assert w.counter.text() == "Loket 4 · Lantai 2"
        assert w.agency.text() == "Polres"
        assert history_codes(app) == ["A001"]
        assert w.site_name.text() == "MPP Uji"
        assert announcer.spoken == []  # a rebuilt board is shown, never read out again
        assert not w.flashing  # ...and does not flash the last call again after a restart

        assert call_next(store, "L1", clock) == "A002"  # a counter elsewhere calls the next
        qtbot.waitUntil(lambda: w.code.text() == "A002")
        assert w.counter.text() == "Loket 1"
        assert history_codes(app) == ["SK001", "A001"]
        assert w.flashing  # a live call flashes
        assert announcer.spoken == ["Nomor antrean A dua, silakan menuju loket satu"]

        with store.transaction() as s:
            rules.recall(s, "P1", now=clock())
        qtbot.waitUntil(lambda: w.code.text() == "SK001")
        assert history_codes(app) == ["A002", "A001"]
        assert len(announcer.spoken) == 2
    finally:
        app.stop()


MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")


def indonesian_date(at: dt.datetime) -> str:
    """'28 November 2026' for ``at``'s date in Jakarta (the weekday is asserted literally)."""
    day = at.astimezone(WIB).date()
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def test_an_empty_day_shows_a_calm_placeholder(qtbot: QtBot, store: Store, clock: SteppingClock) -> None:
    app = start_display(qtbot, build(store, clock=clock))
    try:
        assert app.window.empty.isVisibleTo(app.window)
        assert not app.window.code.isVisibleTo(app.window)
        assert history_codes(app) == []
        assert app.window.clock.text() == f"Sabtu, {indonesian_date(T0)} 09:00"
    finally:
        app.stop()


def chip_counts(app: DisplayApp) -> dict[str, int]:
    return {c.name.text(): int(c.count.text()) for c in app.window.chips}


def test_a_call_made_by_another_process_reaches_the_board_through_the_real_feed(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    for _ in range(2):
        issue(store, "KTP", clock)
    issue(store, "SKCK", clock)
    open_counter(store, "L1", clock)
    announcer = FakeAnnouncer()
    app = start_display(qtbot, build(store, clock=clock, announcer=announcer))
    try:
        w = app.window
        qtbot.waitUntil(lambda: chip_counts(app) == {"Dukcapil": 2, "Polres": 1})
        assert w.empty.isVisibleTo(w)

        assert call_in_another_process(store, "L1", clock()) == "A001"
        qtbot.waitUntil(lambda: w.code.text() == "A001", timeout=5000)
        assert w.counter.text() == "Loket 1"
        assert w.agency.text() == "Dinas Kependudukan dan Pencatatan Sipil"
        assert w.flashing
        assert announcer.spoken == ["Nomor antrean A satu, silakan menuju loket satu"]
        qtbot.waitUntil(lambda: chip_counts(app) == {"Dukcapil": 1, "Polres": 1})  # one fewer waits

        assert call_in_another_process(store, "L1", clock()) == "A002"
        qtbot.waitUntil(lambda: w.code.text() == "A002", timeout=5000)
        assert history_codes(app) == ["A001"]
        qtbot.waitUntil(lambda: chip_counts(app) == {"Dukcapil": 0, "Polres": 1})
        assert len(announcer.spoken) == 2
    finally:
        app.stop()


def test_a_zone_board_shows_and_speaks_only_its_own_floor(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    issue(store, "KTP", clock)
    issue(store, "SKCK", clock)
    open_counter(store, "L1", clock)
    open_counter(store, "P1", clock)
    announcer = FakeAnnouncer()
    app = start_display(qtbot, build(store, clock=clock, announcer=announcer, scope=Scope(zone="lantai 2")))
    try:
        w = app.window
        assert w.scope.text() == "lantai 2"
        qtbot.waitUntil(lambda: chip_counts(app) == {"Polres": 1})  # Loket 4 (Polres) is upstairs
        assert call_next(store, "L1", clock) == "A001"  # downstairs: not for this board
        assert call_next(store, "P1", clock) == "SK001"
        qtbot.waitUntil(lambda: w.code.text() == "SK001")
        assert history_codes(app) == []
        assert announcer.spoken == ["Nomor antrean es ka satu, silakan menuju loket empat"]
    finally:
        app.stop()


def test_a_zone_the_site_does_not_have_is_named_on_the_board(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    app = start_display(qtbot, build(store, clock=clock, scope=Scope(zone="Lantai 9")))
    try:
        w = app.window
        qtbot.waitUntil(lambda: w.voice_notice.isVisibleTo(w))
        assert "Zona 'Lantai 9' tidak ada" in w.voice_notice.text()
        assert "Lantai 2" in w.voice_notice.text()  # the zones it does have
    finally:
        app.stop()


class DeadFeed(FeedWatcher):
    """The real watcher's signals, but no thread: the test says when the store drops and
    comes back, so nothing arrives through the feed behind its back."""

    def start(self) -> None:
        pass


def test_after_the_store_comes_back_the_board_is_rebuilt_without_calling_anyone_again(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    for _ in range(3):
        issue(store, "KTP", clock)
    open_counter(store, "L1", clock)
    assert call_next(store, "L1", clock) == "A001"
    feeds: list[DeadFeed] = []

    def factory(last_id: int) -> FeedWatcher:
        feeds.append(DeadFeed(store, last_id))
        return feeds[-1]

    announcer = FakeAnnouncer()
    app = start_display(qtbot, build(store, clock=clock, announcer=announcer, feed_factory=factory))
    try:
        w = app.window
        qtbot.waitUntil(lambda: w.code.text() == "A001")
        feeds[-1].store_available.emit(False)
        assert w.offline.isVisibleTo(w)
        # Meanwhile, on the counters' side, the queue goes on.
        assert call_next(store, "L1", clock) == "A002"
        assert call_next(store, "L1", clock) == "A003"
        feeds[-1].store_available.emit(True)
        qtbot.waitUntil(lambda: w.code.text() == "A003")
        assert history_codes(app) == ["A002", "A001"]
        assert not w.offline.isVisibleTo(w)
        assert len(feeds) == 1  # the same feed carries on from where it was
        assert announcer.spoken == []  # calls missed during the outage are shown, not read out late
    finally:
        app.stop()


def test_the_board_clears_itself_at_midnight_without_any_event(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    issue(store, "KTP", clock)
    open_counter(store, "L1", clock)
    assert call_next(store, "L1", clock) == "A001"
    wib = dt.timezone(dt.timedelta(hours=7))
    late = FixedClock(dt.datetime.combine(T0.astimezone(wib).date(), dt.time(23, 59, 59, 500_000), wib))
    app = start_display(qtbot, build(store, clock=late))
    try:
        w = app.window
        qtbot.waitUntil(lambda: w.code.text() == "A001")
        late.now += dt.timedelta(seconds=2)  # the clock passes midnight; nobody calls anyone
        qtbot.waitUntil(lambda: w.empty.isVisibleTo(w), timeout=5000)
        assert app.controller.state.calls == ()
        assert app.controller.state.business_day == late.now.date()
        assert w.clock.text().startswith(f"Minggu, {indonesian_date(T0 + dt.timedelta(days=1))}")
    finally:
        app.stop()


def test_the_portrait_board_is_stacked_at_full_size(qtbot: QtBot, store: Store, clock: SteppingClock) -> None:
    issue(store, "KTP", clock)
    open_counter(store, "L1", clock)
    assert call_next(store, "L1", clock) == "A001"
    app = start_display(qtbot, build(store, clock=clock))
    try:
        w = app.window
        qtbot.waitUntil(lambda: w.code.text() == "A001")
        w.resize(1080, 1920)
        qtbot.waitUntil(lambda: w.portrait)
        qtbot.wait(50)
        panel, history = w.call_panel.geometry(), w.history_panel.geometry()
        assert history.top() > panel.bottom()  # stacked, not side by side
        assert panel.width() > 0.9 * 1080
        assert w.code.font().pixelSize() >= 250  # not the landscape design shrunk to 56 %
        w.resize(1920, 1080)
        qtbot.waitUntil(lambda: not w.portrait)
        qtbot.wait(50)
        assert w.history_panel.geometry().left() > w.call_panel.geometry().right()
    finally:
        app.stop()


def test_the_scrolling_marquee_draws_the_same_frame_as_a_full_repaint(qtbot: QtBot) -> None:
    from PySide6.QtGui import QImage

    from display.widgets import Marquee

    text = "Selamat datang di Mal Pelayanan Publik. Siapkan dokumen asli dan fotokopi. " * 2
    a, b = Marquee(speed_px_s=120), Marquee(speed_px_s=120)
    for m in (a, b):
        qtbot.addWidget(m)
        m.setStyleSheet("color: #0B1F3A; background: #FFD23F;")
        m.resize(800, m.height())
        m.show()
        m.set_text(text)
    qtbot.waitExposed(a)
    assert a.scrolling
    qtbot.wait(700)  # a few dozen frames, each moving the old pixels and painting a sliver
    a._timer.stop()
    b._timer.stop()
    b._offset = a._offset
    b.update()
    qtbot.wait(50)

    def on_screen(m: Marquee) -> QImage:  # what the window shows, not a fresh render
        return m.screen().grabWindow(m.winId()).toImage()

    shown = on_screen(a)
    assert len({shown.pixel(x, shown.height() // 2) for x in range(shown.width())}) > 5  # text drawn
    assert shown == on_screen(b)
    assert int(a._offset) > 50


def test_the_media_pane_loops_the_folder_in_name_order_and_skips_what_it_cannot_show(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from display.media import MediaPane

    for name, color in (("02-kedua.png", "#00FF00"), ("01-pertama.png", "#FF0000")):
        img = QImage(160, 90, QImage.Format.Format_RGB32)
        img.fill(QColor(color))
        img.save(str(tmp_path / name))
    (tmp_path / "03-rusak.jpg").write_bytes(b"not a picture")
    (tmp_path / "catatan.txt").write_text("bukan media", encoding="utf-8")
    host = QWidget()  # as on the board: inside a layout, never a window of its own
    qtbot.addWidget(host)
    pane = MediaPane(tmp_path)
    layout = QVBoxLayout(host)
    layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)  # as the board's root
    layout.addWidget(pane)
    host.resize(320, 180)
    host.show()
    assert pane.has_media
    pane.start()
    seen = []
    for _ in range(4):
        assert pane.current is not None
        seen.append(pane.current.name)
        pane.next()
    assert seen == ["01-pertama.png", "02-kedua.png", "01-pertama.png", "02-kedua.png"]
    assert not MediaPane(tmp_path / "tidak-ada").has_media


def assert_nothing_overlaps(w: BoardWindow, where: str) -> None:
    """Every panel and every line of text inside the window, none over another."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QWidget

    def box(x: QWidget) -> QRect:
        return QRect(x.mapTo(w, x.rect().topLeft()), x.size())

    def shown(*widgets: QWidget) -> list[QWidget]:
        return [x for x in widgets if x.isVisibleTo(w)]

    panels = shown(w.call_panel, w.history_panel, w.waiting_panel, w.media, w.voice_notice)
    # The text itself: labels keep their heights, so a squeezed panel shows as overlapping text.
    texts = {w.call_panel: list(w._call_widgets), w.history_panel: [r.code for r in w.rows],
             w.waiting_panel: [c.name for c in w.chips]}
    lines = [t for group in texts.values() for t in shown(*group)]
    assert len(lines) >= 6 + 2 + 15, where  # every call line, some earlier calls, every agency
    for panel, group in texts.items():
        for t in shown(*group):
            assert box(panel).contains(box(t)), (where, t.objectName())
    for group in (panels, lines):
        for i, a in enumerate(group):
            assert w.rect().contains(box(a)), (where, a.objectName())
            for b in group[i + 1:]:
                assert not box(a).intersects(box(b)), (where, a.objectName(), b.objectName())


def test_nothing_on_the_board_overlaps_in_either_orientation_even_with_media_and_a_notice(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    from PySide6.QtGui import QColor, QImage

    from tests.screenshots.common import NOW, FixedClock, call_round, morning

    img = QImage(1600, 900, QImage.Format.Format_RGB32)
    img.fill(QColor("#0E6E55"))
    img.save(str(tmp_path / "01-info.png"))
    morning(store)  # the demo MPP: 15 agencies, a morning of tickets
    last = call_round(store)  # 15 calls: a full history
    for media in (None, tmp_path):
        app = start_display(qtbot, build(store, clock=FixedClock(NOW), media_dir=media, voice_problem="Tes."))
        w = app.window
        try:
            qtbot.waitUntil(lambda: w.code.text() == last and len(w.chips) == 15)  # noqa: B023
            for size in ((1920, 1080), (1080, 1920), (1280, 720)):
                w.resize(*size)
                qtbot.wait(60)
                assert_nothing_overlaps(w, f"{size} media={media is not None}")
                assert w.code.font().pixelSize() >= min(size) * 0.15, size  # the number stays the largest
                assert w.code.font().pixelSize() > w.counter.font().pixelSize()
        finally:
            app.stop()
