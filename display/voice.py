"""The board's voice: the Qt-free announcement queue (:mod:`shared.voice`) playing through
QtMultimedia, and its status for the board's notice."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

from display.board import Call
from shared.paths import resource
from shared.voice.announcer import AudioSink, VoiceAnnouncer
from shared.voice.engine import Pyttsx3Synth
from shared.voice.settings import VoiceSettings

log = logging.getLogger(__name__)

CHIME = ("sounds", "chime.wav")
NO_OUTPUT = "Tidak ada keluaran suara (speaker): panggilan tidak terdengar."


def outputs() -> list[object]:
    """The audio outputs Qt can play to (none: no sound card, or no sound server)."""
    return list(QMediaDevices.audioOutputs())


class QtAudioSink(QObject):
    """Plays WAV files with one QMediaPlayer, on the GUI thread. ``play`` may be called from
    any thread (the announcement queue's): the request crosses over by a queued signal.

    With no sound card QMediaPlayer plays into nothing and still ends on time; if it reports
    an error instead, ``finished(False)`` tells the queue to time the sound by its length."""

    _requested = Signal(object, object, object)
    playback_started = Signal(str)
    """A sound began (its file name): for the log and the benchmark."""

    def __init__(self, volume: float = 1.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._volume = volume
        self._player: QMediaPlayer | None = None  # made at the first sound, not at start-up
        self._started: Callable[[], None] | None = None
        self._finished: Callable[[bool], None] | None = None
        self._current = ""
        self._requested.connect(self._play)

    def _make_player(self) -> QMediaPlayer:
        player = QMediaPlayer(self)
        output = QAudioOutput(player)
        output.setVolume(self._volume)
        player.setAudioOutput(output)
        player.playbackStateChanged.connect(self._on_state)
        player.mediaStatusChanged.connect(self._on_status)
        player.errorOccurred.connect(self._on_error)
        return player

    def play(self, path: Path, started: Callable[[], None], finished: Callable[[bool], None]) -> None:
        self._requested.emit(path, started, finished)

    def _play(self, path: Path, started: Callable[[], None], finished: Callable[[bool], None]) -> None:
        self._end(False)  # the queue never overlaps sounds; a leftover is ended, not kept
        self._started, self._finished = started, finished
        self._current = path.name
        if self._player is None:
            self._player = self._make_player()
        self._player.stop()
        self._player.setSource(QUrl.fromLocalFile(str(path)))
        self._player.play()

    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        if state == QMediaPlayer.PlaybackState.PlayingState:
            self._begun()

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status in (QMediaPlayer.MediaStatus.EndOfMedia, QMediaPlayer.MediaStatus.InvalidMedia):
            self._end(status == QMediaPlayer.MediaStatus.EndOfMedia)
        elif (status == QMediaPlayer.MediaStatus.BufferedMedia and self._player is not None
              and self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState):
            # A new file started while the player was already playing: no state change came.
            self._begun()

    def _begun(self) -> None:
        if self._started is not None:
            started, self._started = self._started, None
            self.playback_started.emit(self._current)
            started()

    def _on_error(self, error: QMediaPlayer.Error, message: str) -> None:
        log.warning("audio playback failed (%s): %s", error, message)
        self._end(False)

    def _end(self, ok: bool) -> None:
        finished, self._finished = self._finished, None
        self._started = None
        if finished is not None:
            finished(ok)


class BoardVoice(QObject):
    """The :class:`~display.ports.Announcer` the display uses. ``status_changed(str|None)``
    carries the no-voice notice to the board (None: the voice works);
    ``progress_changed(Progress)`` which call is being spoken and which still wait, by
    :attr:`Call.key <display.board.Call.key>` (emitted from the voice's thread, delivered
    on the GUI thread)."""

    status_changed = Signal(object)
    progress_changed = Signal(object)
    _voice_status = Signal(object)  # from the voice's thread
    _progressed = Signal()  # from either thread; always handled later, on the GUI thread

    def __init__(self, settings: VoiceSettings, *, sink: AudioSink | None = None,
                 chime: Path | None = None, sleep: Callable[[float], None] = time.sleep,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sink = sink or QtAudioSink(settings.volume, self)
        factory = (lambda: Pyttsx3Synth(settings)) if settings.enabled else None
        self.queue = VoiceAnnouncer(settings, self.sink, synth_factory=factory,
                                    chime=chime or resource(*CHIME), on_status=self._voice_status.emit,
                                    on_progress=lambda _p: self._progressed.emit(), sleep=sleep)
        self._voice_status.connect(self._on_voice_status)
        # The progress is read when the signal is handled, not when it was sent: a report from
        # the voice's thread can arrive after a newer one made on the GUI thread.
        self._progressed.connect(self._on_progressed, Qt.ConnectionType.QueuedConnection)
        # No speaker, no call is heard, whatever the engine does: watch the outputs too.
        self._devices = QMediaDevices(self)
        self._devices.audioOutputsChanged.connect(self._on_outputs)
        self._no_output = not outputs()
        if self._no_output:
            log.warning("no audio output: calls are shown but not heard")
        self._status = self._combined()

    @property
    def status(self) -> str | None:
        """Why calls are not read out (None: they are): no audio output, or no voice."""
        return self._status

    def _combined(self) -> str | None:
        if self._no_output:
            return NO_OUTPUT
        return self.queue.status

    def _publish(self) -> None:
        status = self._combined()
        if status != self._status:
            self._status = status
            self.status_changed.emit(status)

    def _on_progressed(self) -> None:
        self.progress_changed.emit(self.queue.progress)

    def _on_voice_status(self, _status: str | None) -> None:
        self._publish()

    def _on_outputs(self) -> None:
        no_output = not outputs()
        if no_output != self._no_output:
            self._no_output = no_output
            log.warning("audio output %s", "gone: calls are not heard" if no_output else "back")
        self._publish()

    def start(self) -> None:
        self.queue.start()

    def stop(self) -> None:
        self.queue.stop()

    def announce(self, text: str, call: Call, short: str = "") -> None:
        self.queue.announce(text, key=call.key, short=short, label=call.code)
