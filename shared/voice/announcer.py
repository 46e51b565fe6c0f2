"""The announcement queue: strictly one call after another, never dropped, never stuck,
never far behind.

Two kinds of thread, both plain Python threads (no Qt here):

- the **dispatcher** asks the rules of :mod:`shared.voice.backlog` for the next call and its
  form (full and repeated in a quiet hall; once when others wait; short and faster in a
  backlog; the chime opening each run), and plays it, waiting for each sound to end before
  the next one starts, so two calls can never overlap. It reports which call is being
  spoken and which still wait (``on_progress``), so the board can mark them;
- the **engine thread** owns the pyttsx3 engine (created and used in that thread only) and
  turns text into WAV files. A call is synthesised as soon as it is queued, in the form it
  will most likely be said in, while earlier calls are still being spoken, so in a busy
  hall the next sentence is ready when its turn comes.

The dispatcher is the engine's watchdog: a synthesis that takes longer than
``hang_timeout_s`` means the engine hung (pyttsx3 #126, #22). That engine thread is retired
(it cannot be killed; it is a daemon and is simply never used again), a fresh engine is
started in a new thread, and the same announcement is synthesised again. When no engine
or no suitable voice can be had, each call still gets its chime and the status callback
says why, so the board can show it.

Playing is the sink's business (:class:`AudioSink`): the display gives a QtMultimedia one,
tests a fake. When a sink fails (no sound card), the dispatcher waits out the sound's own
duration instead, so the pace of calls stays the same and nothing piles up.
"""

from __future__ import annotations

import itertools
import logging
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from shared.errors import KnownError
from shared.voice.backlog import Form, Rules, SpeechQueue, Spoken, Utterance
from shared.voice.engine import Synthesizer, VoiceUnavailable, wav_duration
from shared.voice.settings import VoiceSettings

log = logging.getLogger(__name__)

SLACK_S = 2.0
"""How much longer than its own duration a sound may take before the queue moves on."""
REPEAT_GAP_S = 0.6
"""Silence between two readings of the same call."""
MAX_ENGINE_RESTARTS = 2
"""Fresh engines tried for one announcement after a hang, before it gets the chime only."""
RETRY_ENGINE_S = 60.0
"""After the engine could not be created, how long until the next call tries again."""


class AudioSink(Protocol):
    """Plays one WAV file. ``play`` returns at once (any thread may call it); the sink
    calls ``started()`` when sound begins and ``finished(ok)`` when it ends, ``ok=False``
    when it could not play (no device, bad file). Each callback at most once."""

    def play(self, path: Path, started: Callable[[], None], finished: Callable[[bool], None]) -> None: ...


SynthFactory = Callable[[], Synthesizer]
StatusCallback = Callable[[str | None], None]
"""Called with why the voice is unavailable (one calm Indonesian line; the calls then get
the chime only), and with ``None`` when it is back."""


@dataclass(frozen=True)
class Progress:
    """Where the voice stands: the key of the call being spoken (None: silence, or its
    chime), and the keys of the calls not yet spoken, in the order they will be."""

    speaking: Hashable | None = None
    waiting: tuple[Hashable, ...] = ()
    form: Form | None = None


ProgressCallback = Callable[[Progress], None]
"""Called from the dispatcher thread whenever the progress changes."""

_STOP = object()


def _remove_when_written(path: Path, written: Future[Path]) -> None:
    written.add_done_callback(lambda _done: path.unlink(missing_ok=True))


class _EngineThread:
    """One synthesizer, created and used in one thread of its own."""

    _ids = itertools.count(1)

    def __init__(self, factory: SynthFactory) -> None:
        self._jobs: queue.Queue[tuple[str, Path, int | None, Future[Path]] | object] = queue.Queue()
        self._factory = factory
        self.ready: Future[None] = Future()
        self.name = f"antre-voice-engine-{next(self._ids)}"
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def submit(self, text: str, path: Path, rate: int | None = None) -> Future[Path]:
        fut: Future[Path] = Future()
        self._jobs.put((text, path, rate, fut))
        return fut

    def retire(self) -> None:
        self._jobs.put(_STOP)

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            synth = self._factory()
        except BaseException as exc:  # noqa: BLE001 - handed to the dispatcher, never lost
            self.ready.set_exception(exc)
            return
        self.ready.set_result(None)
        while True:
            job = self._jobs.get()
            if job is _STOP:
                return
            assert isinstance(job, tuple)
            text, path, rate, fut = job
            try:
                synth.synthesize(text, path, rate) if rate else synth.synthesize(text, path)
            except BaseException as exc:  # noqa: BLE001 - the dispatcher decides
                fut.set_exception(exc)
            else:
                fut.set_result(path)


class VoiceAnnouncer:
    """``announce(text)`` returns at once; the call is played in its turn.

    ``synth_factory`` is ``None`` for chime only (engine "none"). ``sleep`` waits out
    silences (the gap between readings, a sound that could not play): a benchmark that
    compresses time passes its own."""

    def __init__(
        self,
        settings: VoiceSettings,
        sink: AudioSink,
        *,
        synth_factory: SynthFactory | None,
        chime: Path | None,
        on_status: StatusCallback | None = None,
        on_progress: ProgressCallback | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._settings = settings
        self._sink = sink
        self._factory = synth_factory
        self._chime = chime if chime is not None and wav_duration(chime) > 0 else None
        self._on_status = on_status
        self._sleep = sleep
        self._on_progress = on_progress
        self._lineup = SpeechQueue(Rules(repeat=settings.repeat, chime=settings.chime,
                                         short_after=settings.short_after, busy_rate=settings.busy_rate))
        self._cond = threading.Condition()
        self._stopping = False
        self._speaking: Utterance | None = None
        self._anonymous = itertools.count(1)
        self._ready: dict[tuple[str, int | None], tuple[Path, Future[Path]]] = {}
        self._engine: _EngineThread | None = None
        self._engine_failed_at: float | None = None
        self._status: str | None = None
        self._tmp = Path(tempfile.mkdtemp(prefix="antre-voice-"))
        self._n = itertools.count(1)
        self._thread: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()
        self.restarts = 0
        """Hung engines replaced so far (for the log and the tests)."""
        if synth_factory is None:
            self._set_status("Suara dimatikan di pengaturan ([voice] engine = \"none\").")

    # --- the public side ----------------------------------------------------------------

    @property
    def status(self) -> str | None:
        return self._status

    @property
    def settled(self) -> bool:
        """Whether the engine has started or failed to (so ``status`` is meaningful)."""
        engine = self._engine
        return self._factory is None or self._status is not None or (
            engine is not None and engine.ready.done())

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="antre-voice", daemon=True)
            self._thread.start()

    def announce(self, text: str, key: Hashable = "", *, short: str = "", label: str = "") -> None:
        """Queue a call: ``text`` is its full sentence, ``short`` its short form (none: always
        the full one). A call with the ``key`` of one still waiting is merged into it."""
        spoken = Spoken(key=key or ("call", next(self._anonymous)), full=text, short=short,
                        label=label or str(key or text))
        with self._cond:
            self._idle.clear()
            if not self._lineup.add(spoken):
                log.info("%s called again while waiting: merged", spoken.label)
            self._prepare(spoken)
            self._cond.notify()
        self._report()

    def _prepare(self, call: Spoken) -> None:
        """Start synthesising ``call`` now, in the form it will most likely be said in, if
        the engine is up (lock held). A wrong guess costs one synthesis when its turn comes."""
        engine = self._engine
        if engine is None or not engine.ready.done() or engine.ready.exception() is not None:
            return
        for form in self._lineup.likely_forms():
            text, rate = (call.short, self._settings.busy_rate) if form is Form.SHORT else (call.full, None)
            if text and (text, rate) not in self._ready:
                wav = self._tmp / f"speech-{next(self._n)}.wav"
                self._ready[(text, rate)] = (wav, engine.submit(text, wav, rate))

    def _prepared(self, item: Utterance) -> tuple[Path, Future[Path]] | None:
        """The synthesis started for ``item`` at its announcement, if any; the call's other
        form is dropped (its file removed once written)."""
        with self._cond:
            other = (item.call.full, None) if item.form is Form.SHORT else (
                item.call.short, self._settings.busy_rate)
            unused = self._ready.pop(other, None)
            if unused is not None:
                _remove_when_written(*unused)
            return self._ready.pop((item.text, item.rate), None)

    @property
    def progress(self) -> Progress:
        with self._cond:
            return self._progress()

    def _progress(self) -> Progress:
        now = self._speaking
        return Progress(speaking=now.call.key if now is not None else None,
                        waiting=tuple(c.key for c in self._lineup.waiting),
                        form=now.form if now is not None else None)

    def _report(self) -> None:
        if self._on_progress is not None:
            self._on_progress(self.progress)

    def wait_idle(self, timeout: float) -> bool:
        """Until everything announced so far has been played (tests, shutdown)."""
        return self._idle.wait(timeout)

    def stop(self, timeout: float = 3.0) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._engine is not None:
            self._engine.retire()
            self._engine.join(0.5)
            self._engine = None
        shutil.rmtree(self._tmp, ignore_errors=True)

    # --- the dispatcher thread ----------------------------------------------------------

    def _run(self) -> None:
        # Start the engine now, so a missing voice shows on the board before the first call.
        self._usable_engine()
        while True:
            with self._cond:
                item = self._lineup.next()
                while item is None and not self._stopping:
                    self._idle.set()
                    self._cond.wait()
                    item = self._lineup.next()
                if self._stopping or item is None:
                    return
                self._idle.clear()
                self._speaking = item  # from its chime on: no longer waiting, not yet spoken
            self._report()
            try:
                self._play_announcement(item)
            except Exception:  # a bug must not end the queue: log it and go on to the next
                log.exception("announcement %s failed", item.call.label)
            with self._cond:
                self._speaking = None
            self._report()

    def _play_announcement(self, item: Utterance) -> None:
        log.info("announcing %s (%s, %d waiting)", item.call.label, item.form.value, item.backlog)
        engine = self._usable_engine()
        prepared = self._prepared(item) if engine is not None else None
        speech: Future[Path] | None
        if prepared is not None:
            wav, speech = prepared
        else:
            wav = self._tmp / f"speech-{next(self._n)}.wav"
            speech = engine.submit(item.text, wav, item.rate) if engine is not None else None
        chime = self._chime
        chimed = chime is not None and (item.chime or speech is None)
        if chime is not None and chimed:
            self.play(chime)
        path = self._await_speech(item, wav, speech) if speech is not None else None
        if path is None:
            if chime is not None and not chimed:
                self.play(chime)  # no voice for this call: it is never silent
            return
        readings = 0
        while True:
            self.play(path)
            readings += 1
            with self._cond:
                again = self._lineup.again(item, readings)
            if not again:
                break
            self._sleep(REPEAT_GAP_S)
        wav.unlink(missing_ok=True)

    def _usable_engine(self) -> _EngineThread | None:
        """The engine thread, once its engine exists; None when there is no voice."""
        if self._factory is None:
            return None
        if self._engine is None:
            if (self._engine_failed_at is not None
                    and time.monotonic() - self._engine_failed_at < RETRY_ENGINE_S):
                return None
            self._engine = _EngineThread(self._factory)
        try:
            self._engine.ready.result(timeout=self._settings.hang_timeout_s)
        except FutureTimeout:
            log.warning("speech engine did not start within %.0fs", self._settings.hang_timeout_s)
            self._replace_engine(None)
            self._engine_failed(VoiceUnavailable("Mesin suara tidak merespons."))
            return None
        except Exception as exc:  # noqa: BLE001 - any failure to build the engine means "no voice"
            self._engine = None
            self._engine_failed(exc)
            return None
        if self._engine_failed_at is not None or (self._status and self._factory is not None):
            self._engine_failed_at = None
            self._set_status(None)
        return self._engine

    def _engine_failed(self, exc: BaseException) -> None:
        self._engine_failed_at = time.monotonic()
        message = exc.message if isinstance(exc, KnownError) else (
            f"Mesin suara gagal dimulai ({type(exc).__name__}).")
        self._set_status(message)

    def _await_speech(self, item: Utterance, wav: Path, speech: Future[Path]) -> Path | None:
        """The synthesised WAV; replaces a hung engine and tries again. None: chime only."""
        for attempt in range(MAX_ENGINE_RESTARTS + 1):
            try:
                return speech.result(timeout=self._settings.hang_timeout_s)
            except FutureTimeout:
                self.restarts += 1
                log.warning("speech engine hung on %s (%.0fs); starting a fresh one (attempt %d)",
                            item.call.label, self._settings.hang_timeout_s, attempt + 1)
                engine = self._replace_engine(self._factory)
                if engine is None:
                    return None
                speech = engine.submit(item.text, wav, item.rate)
            except Exception as exc:  # noqa: BLE001 - a synthesis error: this call gets the chime
                log.warning("speech synthesis failed for %s: %s", item.call.label, exc)
                return None
        log.error("speech engine hung %d times; %s gets the chime only", MAX_ENGINE_RESTARTS + 1,
                  item.call.label)
        self._set_status("Mesin suara macet; hubungi petugas bila berulang.")
        return None

    def _replace_engine(self, factory: SynthFactory | None) -> _EngineThread | None:
        with self._cond:
            if self._engine is not None:
                self._engine.retire()  # it is stuck in a call; it stops if that call ever returns
            self._engine = None
            self._ready.clear()  # the retired engine's work never comes; calls start afresh
        if factory is None:
            return None
        return self._usable_engine()

    def play(self, path: Path) -> None:
        """Play one sound through the sink and wait until it has ended."""
        duration = wav_duration(path)
        started_at: list[float] = []
        result: list[bool] = []
        done = threading.Event()

        def started() -> None:
            if not started_at:
                started_at.append(time.monotonic())

        def finished(ok: bool) -> None:
            if not result:
                result.append(ok)
                done.set()

        t0 = time.monotonic()
        self._sink.play(path, started, finished)
        if not done.wait(duration + SLACK_S):
            log.warning("audio sink never finished %s; moving on", path.name)
            return
        if not result[0]:
            # No sound card (or a bad device): keep the pace of calls by the sound's length.
            left = duration - (time.monotonic() - (started_at[0] if started_at else t0))
            if left > 0:
                self._sleep(left)

    def _set_status(self, status: str | None) -> None:
        if status == self._status:
            return
        self._status = status
        if status:
            log.warning("voice: %s", status)
        else:
            log.info("voice available again")
        if self._on_status is not None:
            self._on_status(status)
