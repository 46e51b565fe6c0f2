"""The wall display rebuilds today's board from the store, then follows the feed."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from display.app import DisplayApp, build
from display.board import Call, Scope
from display.style import READABLE_PX
from display.view import BoardWindow
from shared import rules
from shared.store import Store
from shared.ui.feed import FeedWatcher
from shared.voice.announcer import Progress
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
store = Store.open(url, trust_station_clock=True)
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
        self.calls: list[Call] = []

    def announce(self, text: str, call: Call, short: str = "") -> None:
        self.spoken.append(text)
        self.calls.append(call)


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
        qtbot.waitUntil(lambda: chip_counts(app) == {"Polres": 1})  # only where people wait
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


def test_after_the_store_comes_back_the_board_is_rebuilt_and_reads_out_only_the_call_it_missed(
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
        # The counter's last call made while the board was cut off is read out once; A002,
        # overtaken at the same counter, is only shown; A001, read before, is not read again.
        qtbot.waitUntil(lambda: len(announcer.spoken) == 1)
        qtbot.wait(100)
        assert [c.code for c in announcer.calls] == ["A003"]
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
    assert len(lines) >= 6 + 9 + 4, where  # every call line, nine earlier calls, a page of agencies
    labels = [*lines, *(x for r in w.rows for x in (r.counter, r.mark)),
              *(c.count for c in w.chips), w.site_name, w.clock, w.waiting_title, w.history_title]
    for label in shown(*labels):
        assert_unclipped(label, where)
    for panel, group in texts.items():
        for t in shown(*group):
            assert box(panel).contains(box(t)), (where, t.objectName())
    for group in (panels, lines):
        for i, a in enumerate(group):
            assert w.rect().contains(box(a)), (where, a.objectName())
            for b in group[i + 1:]:
                assert not box(a).intersects(box(b)), (where, a.objectName(), b.objectName())


def assert_unclipped(label: object, where: str) -> None:
    """The label's whole text fits its box at the font it is drawn with."""
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QLabel

    assert isinstance(label, QLabel)
    fm = QFontMetrics(label.font())
    box = label.contentsRect()
    for line in label.text().splitlines():
        assert fm.horizontalAdvance(line) <= box.width() + 1, (where, label.objectName(), line)
    assert fm.height() <= box.height() + 1, (where, label.objectName(), label.text())


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
            qtbot.waitUntil(lambda: w.code.text() == last and len(w.chips) == 6)  # noqa: B023
            w.set_scope_problem("Zona 'Lantai 9' tidak ada di situs (--zone; yang ada: Lantai 1, Lantai 2).")
            calls = app.controller.state.calls
            # The voice is behind: one call being spoken, three waiting.
            w.show_voice(Progress(speaking=calls[4].key, waiting=tuple(c.key for c in calls[:4])))
            for size in ((1920, 1080), (1080, 1920), (1280, 720)):
                w.resize(*size)
                qtbot.wait(60)
                where = f"{size} media={media is not None}"
                assert_nothing_overlaps(w, where)
                assert w.code.font().pixelSize() >= min(size) * 0.15, size  # the number stays the largest
                assert w.code.font().pixelSize() > w.counter.font().pixelSize()
                assert len(history_codes(app)) + 1 >= 10, where  # ten calls in sight
                # Waiting counts readable from 10 m: 25 mm letters on a 55" panel of this size.
                readable = READABLE_PX * min(size) / 1080
                for chip in w.chips:
                    assert chip.name.font().pixelSize() >= readable - 1, (where, chip.name.text())
                marks = {r.code.text(): r.mark.text() for r in w.rows if r.isVisibleTo(w)}
                assert marks[calls[4].code] == "▶", where
                assert [marks[c.code] for c in calls[1:4]] == ["•"] * 3, where
                assert w.caption_number.text().startswith("•")  # the latest is not spoken yet
        finally:
            app.stop()


def test_the_counter_grid_shows_every_open_counter_with_its_number_readable_at_every_size(
    qtbot: QtBot, store: Store
) -> None:
    from tests.screenshots.common import NOW, FixedClock, call_round, morning

    morning(store)  # the demo MPP: 30 counters open, a morning of tickets
    last = call_round(store)
    app = start_display(qtbot, build(store, clock=FixedClock(NOW), layout="loket"))
    w = app.window
    try:
        qtbot.waitUntil(lambda: len(w.tiles) == 30 and any(t.number.text() == last for t in w.tiles))
        assert not w.call_panel.isVisibleTo(w)
        slots = {t.name.text(): t.number.text() for t in w.tiles}
        with store.reading() as s:
            held = {c.name: c.current for c in rules.status(s, now=NOW).counters
                    if c.current and c.state == "open"}
        assert held, "the morning's calls left numbers at some counters"
        for name, code in held.items():
            assert slots[name] == code
        assert sum(1 for n in slots.values() if n == "–") == 30 - len(held)  # open, nobody called yet
        # A live call moves its counter's number at once.
        with store.transaction() as s:
            called = rules.call_next(s, "L01", now=NOW)
        assert called.ticket is not None
        code = called.ticket.code
        qtbot.waitUntil(lambda: {t.name.text(): t.number.text() for t in w.tiles}["Loket 1"] == code)
        # A counter that closes leaves the grid.
        with store.transaction() as s:
            rules.close_counter(s, "L30", now=NOW)
        qtbot.waitUntil(lambda: len(w.tiles) == 29, timeout=5000)
        for size in ((1920, 1080), (1080, 1920), (1280, 720)):
            w.resize(*size)
            qtbot.wait(60)
            where = f"loket {size}"
            for tile in w.tiles:
                assert w.rect().contains(tile.mapTo(w, tile.rect().bottomRight())), where
                for label in (tile.name, tile.number):
                    assert_unclipped(label, where)
                # The number readable from 10 m: at least 25 mm on a 55" panel of this size.
                assert tile.number.font().pixelSize() >= READABLE_PX * min(size) / 1080 - 1, where
    finally:
        app.stop()


def make_video(path: Path, frames: int = 10, fps: int = 10) -> Path:
    """A tiny MPEG-4 video (160x96, changing colour), encoded by QtMultimedia's own FFmpeg."""
    import time

    from PySide6.QtCore import QEventLoop, QUrl
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtMultimedia import (
        QMediaCaptureSession,
        QMediaFormat,
        QMediaRecorder,
        QVideoFrame,
        QVideoFrameInput,
    )
    from PySide6.QtWidgets import QApplication

    session = QMediaCaptureSession()
    source = QVideoFrameInput()
    session.setVideoFrameInput(source)
    recorder = QMediaRecorder()
    session.setRecorder(recorder)
    fmt = QMediaFormat(QMediaFormat.FileFormat.MPEG4)
    fmt.setVideoCodec(QMediaFormat.VideoCodec.MPEG4)
    recorder.setMediaFormat(fmt)
    recorder.setOutputLocation(QUrl.fromLocalFile(str(path)))
    recorder.setVideoResolution(160, 96)
    recorder.setVideoFrameRate(fps)
    errors: list[str] = []
    recorder.errorOccurred.connect(lambda _e, message: errors.append(message))
    sent = [0]
    frame_us = 1_000_000 // fps

    def send() -> None:
        while sent[0] < frames:
            image = QImage(160, 96, QImage.Format.Format_RGB32)
            image.fill(QColor.fromHsv(sent[0] * 36 % 360, 220, 230))
            frame = QVideoFrame(image)
            frame.setStartTime(sent[0] * frame_us)
            frame.setEndTime((sent[0] + 1) * frame_us)
            if not source.sendVideoFrame(frame):
                return  # the encoder is busy: readyToSendVideoFrame calls again
            sent[0] += 1
        if recorder.recorderState() == QMediaRecorder.RecorderState.RecordingState:
            recorder.stop()

    source.readyToSendVideoFrame.connect(send)
    recorder.record()
    send()
    app = QApplication.instance()
    assert app is not None
    deadline = time.monotonic() + 20
    while not (sent[0] >= frames and recorder.recorderState() == QMediaRecorder.RecorderState.StoppedState):
        assert time.monotonic() < deadline, "the video was not written"
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    assert not errors, errors
    assert path.stat().st_size > 0
    return path


# Offscreen, QVideoWidget's own video window cannot take size hints and there is no GPU;
# a QImage frame carries no frame rate: what Qt logs then is harmless here.
@pytest.mark.qt_log_ignore(r"Invalid frameRate", r"No RHI backend", r"propagateSizeHints",
                           r"PulseAudioService", r"No audio device", r"Couldn't (load|resolve) va",
                           r"pipewire", r"FFmpeg")
def test_the_media_pane_plays_a_real_video_to_its_end_then_shows_the_next_file(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from display.media import MediaPane

    make_video(tmp_path / "01-video.mp4")
    img = QImage(160, 90, QImage.Format.Format_RGB32)
    img.fill(QColor("#0E6E55"))
    img.save(str(tmp_path / "02-info.png"))
    host = QWidget()
    qtbot.addWidget(host)
    pane = MediaPane(tmp_path)
    layout = QVBoxLayout(host)
    layout.addWidget(pane)
    host.resize(320, 200)
    host.show()
    pane.start()
    assert pane.current is not None
    assert pane.current.name == "01-video.mp4"
    video = pane._video
    assert video is not None
    frames: list[object] = []
    video.widget.videoSink().videoFrameChanged.connect(frames.append)
    qtbot.waitUntil(lambda: len(frames) >= 3, timeout=10_000)  # decoded and drawn, frame after frame
    assert video.player.duration() > 500  # about a second of video
    assert video.player.audioOutput().isMuted()  # the hall hears the calls, not the video
    qtbot.waitUntil(lambda: pane.current is not None and pane.current.name == "02-info.png", timeout=10_000)
