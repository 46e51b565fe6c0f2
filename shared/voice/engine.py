"""Text to a WAV file with pyttsx3: espeak-ng on Linux, SAPI5 on Windows. No Qt, no audio.

Only :meth:`Pyttsx3Synth.synthesize` touches the engine, always from the one thread that
created it (pyttsx3 engines are not thread-safe). Each sentence is written with one
``save_to_file`` + ``runAndWait`` pair: queuing several files before one ``runAndWait``
writes only the last (STACK-NOTES). Playing the file is the audio sink's job, so the same
path works with espeak-ng and SAPI5, and ``say()``'s silent ``aplay`` is never used.
"""

from __future__ import annotations

import logging
import sys
import time
import wave
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from shared.errors import KnownError
from shared.voice.settings import VoiceSettings

log = logging.getLogger(__name__)

INDONESIAN = ("id", "id-id", "id_id", "ind", "indonesian", "bahasa indonesia")
SAPI_INDONESIAN_LCID = "421"  # SAPI5 reports languages as hex LCIDs; 0x0421 is id-ID


class VoiceUnavailable(KnownError):
    """No speech engine, or not the configured voice: the display plays the chime only."""


class SynthesisFailed(KnownError):
    """The engine ran but wrote no usable WAV."""


class Synthesizer(Protocol):
    """Writes ``text`` as speech to the WAV file ``path``, at ``rate`` words per minute
    (None: the configured rate). Blocking; one thread only."""

    def synthesize(self, text: str, path: Path, rate: int | None = None) -> None: ...


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str
    languages: tuple[str, ...]

    def is_indonesian(self) -> bool:
        langs = {lang.lower().replace("_", "-") for lang in self.languages}
        plain_id = self.id.lower().replace("-", "").replace("_", "")
        return (bool(langs & set(INDONESIAN)) or SAPI_INDONESIAN_LCID in langs
                or "indonesia" in self.name.lower() or "idid" in plain_id)


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").lstrip("\x05")  # espeak prefixes a priority byte
    return str(value)


def voice_infos(raw: Iterable[Any]) -> list[VoiceInfo]:
    return [VoiceInfo(id=_text(v.id), name=_text(getattr(v, "name", "") or ""),
                      languages=tuple(_text(x) for x in (getattr(v, "languages", None) or ())))
            for v in raw]


def pick_voice(voices: Sequence[VoiceInfo], wanted: str) -> VoiceInfo | None:
    """The voice ``wanted`` names: an exact id, an espeak id tail (``id`` -> ``poz/id``),
    part of a name (``Andika``), or, for a language code such as ``id``, any Indonesian voice."""
    w = wanted.strip().lower()
    for match in (
        lambda v: v.id.lower() == w,
        lambda v: v.id.lower().rsplit("/", 1)[-1] == w,
        lambda v: bool(w) and w in v.name.lower(),
        lambda v: w in INDONESIAN and v.is_indonesian(),
    ):
        found = [v for v in voices if match(v)]
        if found:
            return found[0]
    return None


def wav_duration(path: Path) -> float:
    """Seconds of audio in a WAV file (0.0 when it cannot be read)."""
    try:
        with wave.open(str(path), "rb") as f:
            rate = f.getframerate()
            return f.getnframes() / rate if rate else 0.0
    except (OSError, EOFError, wave.Error):
        return 0.0


def wav_complete(path: Path) -> bool:
    """True once a WAV holds all the audio its header announces. pyttsx3's espeak driver
    writes the header (with the whole length) before the samples, so a file read too early,
    on a busy PC, looks whole but ends mid-sentence."""
    try:
        with wave.open(str(path), "rb") as f:
            n = f.getnframes()
            return n > 0 and len(f.readframes(n)) == n * f.getsampwidth() * f.getnchannels()
    except (OSError, EOFError, wave.Error):
        return False


WRITE_WAIT_S = 0.3
"""How long after runAndWait a WAV may take to appear before the attempt counts as failed."""
SYNTH_ATTEMPTS = 2

_ENGINES: list[Any] = []
"""Every pyttsx3 engine made in this process, kept for the life of the process. espeak-ng is
one library per process: a pyttsx3 espeak driver that is garbage-collected unregisters the
library's only audio callback, silencing whichever engine is in use (for example the fresh
engine that replaced a hung one). Engines are rare (one per display, one per hang)."""


class Pyttsx3Synth:
    """A pyttsx3 engine with the configured voice, rate and volume. Create it in the thread
    that will use it.

    espeak-ng keeps its voice, rate, volume and audio callback process-wide, and they belong
    to the engine made last: only the newest engine speaks (the queue never goes back to an
    engine it replaced). Setting them again before each sentence was tried: changing the
    voice while espeak-ng winds down the previous sentence makes it drop the next one."""

    def __init__(self, settings: VoiceSettings, *, driver: str | None = None) -> None:
        try:
            import pyttsx3

            # A fresh Engine, not pyttsx3.init(): init() hands back a cached engine, which
            # after a hang would be the hung one.
            self._engine = pyttsx3.Engine(driver)
            _ENGINES.append(self._engine)
        except Exception as exc:  # ImportError, OSError from ctypes, a driver's own errors
            log.warning("no speech engine", exc_info=True)
            raise VoiceUnavailable(
                "Mesin suara tidak tersedia (pasang espeak-ng di Linux, atau suara SAPI5 di "
                f"Windows): {type(exc).__name__}") from exc
        _quiet_espeak_driver()
        voices = voice_infos(self._engine.getProperty("voices") or ())
        chosen = pick_voice(voices, settings.voice)
        if chosen is None:
            raise VoiceUnavailable(
                f"Suara '{settings.voice}' tidak ditemukan di mesin suara ({len(voices)} suara "
                "terpasang). Lihat docs/voice.md untuk memasang suara bahasa Indonesia.")
        self.voice = chosen
        self._engine.setProperty("voice", chosen.id)
        self._engine.setProperty("rate", settings.rate)
        self._rate = self._current_rate = settings.rate
        self._engine.setProperty("volume", settings.volume)
        log.info("speech engine ready: voice %s (%s)", chosen.id, chosen.name)

    def synthesize(self, text: str, path: Path, rate: int | None = None) -> None:
        """Write ``text`` to ``path``. pyttsx3's espeak driver now and then returns from
        runAndWait with no file (seen about once in 20-40 back-to-back sentences in a process
        that also plays audio); such a sentence is synthesised again, so it costs
        ``WRITE_WAIT_S``, not the call. A hang is the queue's watchdog's business.

        ``rate`` (the busy hall's short form) is set between sentences, once espeak-ng is
        idle; only the voice must not change then (see the class)."""
        wanted = rate or self._rate
        if wanted != self._current_rate:
            _wait_espeak_idle()
            self._engine.setProperty("rate", wanted)
            self._current_rate = wanted
        for attempt in range(SYNTH_ATTEMPTS):
            if self._synthesize_once(text, path):
                return
            log.warning("no audio for %r (attempt %d); trying again", text, attempt + 1)
        raise SynthesisFailed(f"Mesin suara tidak menghasilkan audio untuk: {text}")

    def _synthesize_once(self, text: str, path: Path) -> bool:
        path.unlink(missing_ok=True)
        _wait_espeak_idle()
        self._engine.save_to_file(text, str(path))
        self._engine.runAndWait()
        # espeak-ng hands the audio over from a thread of its own: the file may complete a
        # moment after runAndWait returns.
        deadline = time.monotonic() + WRITE_WAIT_S
        while not wav_complete(path):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        trim_trailing_silence(path)
        return True


TAIL_KEPT_S = 0.2
"""Silence kept at the end of a sentence: the pause before the next call. espeak-ng ends
every sentence with about 0.4 s, which in a busy hall's batch is one call in twelve."""
SILENT = 200
"""Largest 16-bit sample value that counts as silence."""


def trim_trailing_silence(path: Path, keep_s: float = TAIL_KEPT_S) -> None:
    """Cut the silence at the end of a 16-bit PCM WAV down to ``keep_s``; other formats are
    left as they are."""
    try:
        with wave.open(str(path), "rb") as f:
            params = f.getparams()
            frames = f.readframes(params.nframes)
    except (OSError, EOFError, wave.Error):
        return
    if params.sampwidth != 2 or not params.nframes:
        return
    samples = memoryview(frames).cast("h")
    channels = params.nchannels
    last = len(samples) - 1
    while last >= 0 and -SILENT <= samples[last] <= SILENT:
        last -= 1
    end_frame = min(params.nframes, last // channels + 1 + int(keep_s * params.framerate))
    if end_frame >= params.nframes:
        return
    with wave.open(str(path), "wb") as f:
        f.setparams(params)
        f.writeframes(frames[: end_frame * channels * 2])


def _wait_espeak_idle() -> None:
    """pyttsx3's espeak driver starts each runAndWait by cancelling whatever espeak-ng still
    reports as playing: a sentence begun while the previous one is winding down is cancelled
    and writes no file. So wait until espeak-ng is idle (it is, within milliseconds)."""
    espeak = sys.modules.get("pyttsx3.drivers._espeak")
    if espeak is None:
        return
    deadline = time.monotonic() + WRITE_WAIT_S
    while espeak.IsPlaying() and time.monotonic() < deadline:
        time.sleep(0.002)


def _quiet_espeak_driver() -> None:
    """pyttsx3's espeak driver prints "Audio saved to ..." on stdout for every file; send it
    to the log instead (a module-level ``print`` shadows the builtin in that module only)."""
    module = sys.modules.get("pyttsx3.drivers.espeak")
    if module is not None and not hasattr(module, "_antre_quiet"):
        module.print = lambda *args, **_kw: log.debug("espeak: %s", " ".join(map(str, args)))  # type: ignore[attr-defined]
        module._antre_quiet = True  # type: ignore[attr-defined]
