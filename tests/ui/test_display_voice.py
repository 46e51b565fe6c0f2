"""The board's own voice: real pyttsx3 synthesis played through QtMultimedia, and the
notice when there is no voice. There is no sound card here: QMediaPlayer plays into nothing
(and says so in Qt's log, which these tests allow), and still starts and ends on time."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from display.app import build, voice_settings
from display.view import VOICE_OFF, BoardWindow
from display.voice import QtAudioSink, outputs
from shared.store import Store
from shared.voice.settings import from_section
from tests.support import SteppingClock, call_next, issue, need_voice, open_counter
from tests.ui.test_display import start_display

# What Qt Multimedia logs on a machine with no sound card (or no VA-API): harmless here.
NO_SOUND_CARD = [r"PulseAudioService", r"No audio device", r"Couldn't (load|resolve) va",
                 r"pipewire", r"FFmpeg"]


@pytest.mark.qt_log_ignore(*NO_SOUND_CARD)
def test_a_live_call_plays_the_chime_then_the_spoken_announcement(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    need_voice()
    issue(store, "KTP", clock)
    open_counter(store, "L1", clock)
    app = start_display(qtbot, build(store, clock=clock, voice=from_section({"repeat": 1})))
    assert app.voice is not None
    started: list[str] = []
    app.voice.sink.playback_started.connect(started.append)
    try:
        w = app.window
        assert call_next(store, "L1", clock) == "A001"
        qtbot.waitUntil(lambda: w.code.text() == "A001")
        qtbot.waitUntil(lambda: len(started) >= 2, timeout=15_000)
        assert started[0] == "chime.wav"
        assert started[1].startswith("speech-")
        assert not w.staff_mark.isVisibleTo(w) or not outputs()  # a voice, and a speaker for it
        assert app.voice.queue.wait_idle(15)
    finally:
        app.stop()


@pytest.mark.qt_log_ignore(*NO_SOUND_CARD)
def test_the_sink_times_a_sound_and_reports_its_start_and_end(qtbot: QtBot, tmp_path: Path) -> None:
    from shared.paths import resource
    from shared.voice.engine import wav_duration

    chime = resource("sounds", "chime.wav")
    assert wav_duration(chime) > 1.0
    sink = QtAudioSink()
    events: list[str] = []
    sink.play(chime, lambda: events.append("started"), lambda ok: events.append(f"finished {ok}"))
    qtbot.waitUntil(lambda: len(events) == 2, timeout=10_000)
    assert events[0] == "started"
    assert events[1] in ("finished True", "finished False")  # False: no device, the queue times it


def assert_only_the_staff_mark(w: BoardWindow) -> None:
    """Visitors see no configuration: one small mark in the header's corner, nothing else."""
    assert w.staff_mark.isVisibleTo(w)
    assert w.staff_mark.text() == VOICE_OFF
    assert w.staff_mark.font().pixelSize() <= w.clock.font().pixelSize()
    assert not w.voice_notice.isVisibleTo(w)
    shown = " ".join(label.text() for label in w.findChildren(QLabel) if label.isVisibleTo(w))
    for config in ("[voice]", "engine", "none", "rate", "pengaturan"):
        assert config not in shown.lower()


@pytest.mark.qt_log_ignore(*NO_SOUND_CARD)
def test_engine_none_shows_only_a_small_staff_mark(qtbot: QtBot, store: Store, clock: SteppingClock) -> None:
    app = start_display(qtbot, build(store, clock=clock, voice=from_section({"engine": "none"})))
    try:
        assert_only_the_staff_mark(app.window)
    finally:
        app.stop()


@pytest.mark.qt_log_ignore(*NO_SOUND_CARD)
def test_no_audio_output_shows_the_staff_mark_and_its_return_clears_it(
    qtbot: QtBot, store: Store, clock: SteppingClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from display import voice

    speakers: list[object] = []
    monkeypatch.setattr(voice, "outputs", lambda: list(speakers))
    app = start_display(qtbot, build(store, clock=clock, voice=from_section({"engine": "none"})))
    assert app.voice is not None
    try:
        w = app.window
        assert app.voice.status == voice.NO_OUTPUT
        assert_only_the_staff_mark(w)
        speakers.append("HDMI")
        app.voice._on_outputs()  # what QMediaDevices.audioOutputsChanged calls
        assert app.voice.status is not None  # still no voice: engine "none"
        assert "none" in app.voice.status
        assert w.staff_mark.isVisibleTo(w)
    finally:
        app.stop()


@pytest.mark.qt_log_ignore(*NO_SOUND_CARD)
def test_a_mistake_in_the_voice_settings_shows_only_the_staff_mark(
    qtbot: QtBot, store: Store, clock: SteppingClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('[voice]\nrate = "cepat"\n', encoding="utf-8")
    monkeypatch.setenv("ANTRE_CONFIG", str(cfg))
    settings, problem = voice_settings(store.url)
    assert not settings.enabled
    assert problem is not None
    assert "[voice] rate tidak valid" in problem  # for the log and the self-test, not the hall
    app = start_display(qtbot, build(store, clock=clock, voice=settings, voice_problem=problem))
    try:
        assert_only_the_staff_mark(app.window)
    finally:
        app.stop()


class QuickSink:
    """Plays every sound for 1.5 s, on a timer thread; records the order. Long enough that
    the board is seen between two sounds even on a loaded machine."""

    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, path: Path, started: object, finished: object) -> None:
        import threading

        self.played.append(path.name)
        started()  # type: ignore[operator]
        threading.Timer(1.5, finished, args=(True,)).start()


@pytest.mark.qt_log_ignore(*NO_SOUND_CARD)
def test_the_board_marks_the_call_being_spoken_and_those_still_waiting_for_the_voice(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    for _ in range(3):
        issue(store, "KTP", clock)
    open_counter(store, "L1", clock)
    open_counter(store, "L2", clock)
    sink = QuickSink()
    app = start_display(qtbot, build(store, clock=clock, voice=from_section({"engine": "none"}), sink=sink))
    assert app.voice is not None
    watch = QTimer(interval=5)
    try:
        w = app.window

        def marks() -> tuple[str, tuple[tuple[str, str], ...]]:
            rows = tuple((r.code.text(), r.mark.text()) for r in w.rows if r.isVisibleTo(w))
            return w.caption_number.text()[:1], rows

        seen: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        def look() -> None:  # what the board shows, every few milliseconds
            now = marks()
            if not seen or seen[-1] != now:
                seen.append(now)

        watch.timeout.connect(look)
        watch.start()
        for counter, code in (("L1", "A001"), ("L2", "A002"), ("L1", "A003")):  # within seconds
            assert call_next(store, counter, clock) == code
            qtbot.waitUntil(lambda: w.code.text() == code)  # noqa: B023 - the board shows it at once
        silence = ("N", (("A002", ""), ("A001", "")))
        qtbot.waitUntil(lambda: bool(seen) and seen[-1] == silence, timeout=20_000)
        # A003 (large) and A002 wait while A001 is spoken; then A002; then A003; then silence.
        assert ("•", (("A002", "•"), ("A001", "▶"))) in seen
        assert ("•", (("A002", "▶"), ("A001", ""))) in seen
        assert ("▶", (("A002", ""), ("A001", ""))) in seen
        assert sink.played == ["chime.wav"] * 3  # no voice here: every call still has its chime
    finally:
        watch.stop()
        app.stop()
