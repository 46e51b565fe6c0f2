"""The announcement queue (shared.voice), with fakes only at the hardware edge: a fake audio
sink that "plays" a WAV for its real duration on a timer thread, and fake engines that
write real (short) WAV files, fail, or hang."""

from __future__ import annotations

import dataclasses
import struct
import threading
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from shared.errors import BadInput
from shared.voice.announcer import VoiceAnnouncer
from shared.voice.engine import VoiceInfo, VoiceUnavailable, pick_voice, wav_duration
from shared.voice.settings import VoiceSettings, from_section

SPEECH_S = 0.08


def write_wav(path: Path, seconds: float, rate: int = 8000) -> Path:
    n = int(seconds * rate)
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(rate)
        f.writeframes(struct.pack(f"<{n}h", *([1000, -1000] * (n // 2 + 1))[:n]))
    return path


class FakeSink:
    """Plays each file for its duration on a timer; records what played, in order, and
    whether two sounds ever overlapped."""

    def __init__(self, *, fail: bool = False) -> None:
        self.played: list[str] = []
        self.overlaps = 0
        self._playing = False
        self._lock = threading.Lock()
        self._fail = fail

    def play(self, path: Path, started: Callable[[], None], finished: Callable[[bool], None]) -> None:
        if self._fail:  # like QMediaPlayer with no device: an error at once
            self.played.append(path.name)
            finished(False)
            return
        with self._lock:
            if self._playing:
                self.overlaps += 1
            self._playing = True
        self.played.append(path.name)
        started()

        def end() -> None:
            with self._lock:
                self._playing = False
            finished(True)

        threading.Timer(wav_duration(path), end).start()

    def spoken(self) -> list[str]:
        """The played files, speech reduced to its text (the fake engine names files so)."""
        return self.played


class FakeSynth:
    """Writes a short WAV and remembers the texts, in the engine thread."""

    texts: list[str]

    def __init__(self, texts: list[str], threads: list[str]) -> None:
        self.texts = texts
        threads.append(threading.current_thread().name)

    def synthesize(self, text: str, path: Path, rate: int | None = None) -> None:
        write_wav(path, SPEECH_S * (150 / rate if rate else 1))
        self.texts.append(text)


@pytest.fixture
def chime(tmp_path: Path) -> Path:
    return write_wav(tmp_path / "chime.wav", 0.05)


@pytest.fixture
def run_queue() -> Iterator[Callable[[VoiceAnnouncer], VoiceAnnouncer]]:
    started: list[VoiceAnnouncer] = []

    def start(q: VoiceAnnouncer) -> VoiceAnnouncer:
        q.start()
        started.append(q)
        return q

    yield start
    for q in started:
        q.stop()


def settings(*, hang_timeout_s: float = 1.0, **kw: object) -> VoiceSettings:
    """Checked settings (repeat once unless told), with a short watchdog for the tests."""
    return dataclasses.replace(from_section({"repeat": 1, **kw}), hang_timeout_s=hang_timeout_s)


def sequence(sink: FakeSink) -> list[str]:
    """'chime' / 'speech' per sound played."""
    return ["chime" if name == "chime.wav" else "speech" for name in sink.played]


def test_calls_are_spoken_in_order_one_after_another_never_overlapping(
    chime: Path, run_queue: Callable[[VoiceAnnouncer], VoiceAnnouncer]
) -> None:
    sink, texts, threads = FakeSink(), [], []
    q = VoiceAnnouncer(settings(repeat=2), sink, synth_factory=lambda: FakeSynth(texts, threads), chime=chime)
    calls = [f"Nomor antrean A {i}, silakan menuju loket satu" for i in range(5)]
    for text in calls:  # a burst, faster than they can be spoken
        q.announce(text)
    run_queue(q)
    assert q.wait_idle(20)
    assert texts == calls  # every call, none dropped, in order
    # One chime opens the run; each call once while others wait; the last one, alone, twice.
    assert sequence(sink) == ["chime", "speech", "speech", "speech", "speech", "speech", "speech"]
    assert sink.overlaps == 0
    assert q.status is None
    assert threads == ["antre-voice-engine-" + threads[0].rsplit("-", 1)[-1]]  # one engine thread


def test_a_recall_is_spoken_again_and_merged_while_its_first_call_still_waits(
    chime: Path, run_queue: Callable[[VoiceAnnouncer], VoiceAnnouncer]
) -> None:
    sink, texts, seen = FakeSink(), [], []
    q = VoiceAnnouncer(settings(), sink, synth_factory=lambda: FakeSynth(texts, []), chime=chime,
                       on_progress=seen.append)
    q.announce("Nomor antrean A satu, silakan menuju loket satu", "A001")
    q.announce("Nomor antrean B satu, silakan menuju loket dua", "B001")
    q.announce("Nomor antrean A satu, silakan menuju loket tiga", "A001")  # recalled while waiting
    assert q.progress.waiting == ("A001", "B001")  # merged: one place in the line, the first
    run_queue(q)
    assert q.wait_idle(10)
    q.announce("Nomor antrean B satu, silakan menuju loket dua", "B001")  # a recall after it was spoken
    assert q.wait_idle(10)
    assert texts == ["Nomor antrean A satu, silakan menuju loket tiga",  # the newer words
                     "Nomor antrean B satu, silakan menuju loket dua",
                     "Nomor antrean B satu, silakan menuju loket dua"]
    assert sequence(sink).count("chime") == 2  # one per run of speech
    assert [p.speaking for p in seen if p.speaking] == ["A001", "B001", "B001"]
    assert seen[-1].speaking is None
    assert seen[-1].waiting == ()


class HangingSynth(FakeSynth):
    """The first ``hangs`` engines made hang forever on their first sentence (pyttsx3 #126)."""

    made = 0

    def __init__(self, texts: list[str], threads: list[str], release: threading.Event, hangs: int) -> None:
        super().__init__(texts, threads)
        HangingSynth.made += 1
        self._hang = HangingSynth.made <= hangs
        self._release = release

    def synthesize(self, text: str, path: Path, rate: int | None = None) -> None:
        if self._hang:
            self._release.wait(30)  # stuck until the test ends
            raise RuntimeError("released at the end of the test")
        super().synthesize(text, path)


def test_a_hung_engine_is_replaced_and_its_call_is_still_spoken(
    chime: Path, run_queue: Callable[[VoiceAnnouncer], VoiceAnnouncer]
) -> None:
    HangingSynth.made = 0
    release = threading.Event()
    sink, texts, threads = FakeSink(), [], []
    q = run_queue(VoiceAnnouncer(
        settings(hang_timeout_s=1.0), sink, chime=chime,
        synth_factory=lambda: HangingSynth(texts, threads, release, hangs=1)))
    try:
        q.announce("Nomor antrean A satu, silakan menuju loket satu")
        q.announce("Nomor antrean A dua, silakan menuju loket satu")
        assert q.wait_idle(15)
    finally:
        release.set()
    assert texts == ["Nomor antrean A satu, silakan menuju loket satu",
                     "Nomor antrean A dua, silakan menuju loket satu"]
    assert q.restarts == 1
    assert len(set(threads)) == 2  # the hung engine's thread was left, a fresh one spoke
    assert sequence(sink) == ["chime", "speech", "speech"]  # the second follows without a chime
    assert sink.overlaps == 0
    assert q.status is None


def test_an_engine_that_always_hangs_costs_the_speech_but_never_the_chime_or_the_queue(
    chime: Path, run_queue: Callable[[VoiceAnnouncer], VoiceAnnouncer]
) -> None:
    HangingSynth.made = 0
    release = threading.Event()
    sink, statuses = FakeSink(), []
    q = run_queue(VoiceAnnouncer(
        settings(hang_timeout_s=0.3), sink, chime=chime, on_status=statuses.append,
        synth_factory=lambda: HangingSynth([], [], release, hangs=99)))
    try:
        q.announce("Nomor antrean A satu")
        q.announce("Nomor antrean A dua")
        assert q.wait_idle(15)
    finally:
        release.set()
    assert sequence(sink) == ["chime", "chime"]
    assert q.status is not None
    assert "macet" in q.status
    assert statuses[-1] == q.status


def test_no_engine_means_a_visible_notice_and_the_chime_only(
    chime: Path, run_queue: Callable[[VoiceAnnouncer], VoiceAnnouncer]
) -> None:
    def no_engine() -> FakeSynth:
        raise VoiceUnavailable("Suara 'id' tidak ditemukan di mesin suara.")

    sink, statuses = FakeSink(), []
    q = run_queue(VoiceAnnouncer(settings(chime=False), sink, synth_factory=no_engine, chime=chime,
                                 on_status=statuses.append))
    deadline = time.monotonic() + 5
    while q.status is None and time.monotonic() < deadline:  # known before the first call
        time.sleep(0.01)
    assert q.status is not None
    assert "tidak ditemukan" in q.status
    q.announce("Nomor antrean A satu")
    assert q.wait_idle(5)
    assert sequence(sink) == ["chime"]  # even with chime = false: a call is never silent
    assert statuses == [q.status]


def test_engine_none_plays_the_chime_and_says_why(
    chime: Path, run_queue: Callable[[VoiceAnnouncer], VoiceAnnouncer]
) -> None:
    sink = FakeSink()
    q = run_queue(VoiceAnnouncer(settings(engine="none"), sink, synth_factory=None, chime=chime))
    q.announce("Nomor antrean A satu")
    assert q.wait_idle(5)
    assert sequence(sink) == ["chime"]
    assert q.status is not None
    assert "none" in q.status


def test_a_sink_that_cannot_play_keeps_the_pace_by_the_sounds_length(
    chime: Path, run_queue: Callable[[VoiceAnnouncer], VoiceAnnouncer]
) -> None:
    sink = FakeSink(fail=True)
    q = run_queue(VoiceAnnouncer(settings(repeat=2), sink, synth_factory=lambda: FakeSynth([], []),
                                 chime=chime))
    t0 = time.monotonic()
    q.announce("Nomor antrean A satu")
    assert q.wait_idle(5)
    took = time.monotonic() - t0
    assert sequence(sink) == ["chime", "speech", "speech"]
    # chime + two readings + the gap between them, though nothing could be played
    assert took >= 0.05 + 2 * SPEECH_S + 0.6 - 0.02


def test_a_failing_synthesis_gives_that_call_the_chime_and_the_next_call_its_voice(
    chime: Path, run_queue: Callable[[VoiceAnnouncer], VoiceAnnouncer]
) -> None:
    class Flaky(FakeSynth):
        def synthesize(self, text: str, path: Path, rate: int | None = None) -> None:
            if "rusak" in text:
                raise OSError("disk full")
            super().synthesize(text, path)

    sink, texts = FakeSink(), []
    q = run_queue(VoiceAnnouncer(settings(), sink, synth_factory=lambda: Flaky(texts, []), chime=chime))
    q.announce("rusak")
    q.announce("Nomor antrean A dua")
    assert q.wait_idle(5)
    assert sequence(sink) == ["chime", "speech"]  # the broken one had the run's chime
    assert texts == ["Nomor antrean A dua"]


# --- settings and voice choice -----------------------------------------------------------

def test_voice_settings_default_to_indonesian_spoken_twice_with_a_chime() -> None:
    s = from_section({})
    assert (s.engine, s.voice, s.repeat, s.chime) == ("pyttsx3", "id", 2, True)


@pytest.mark.parametrize(("raw", "field"), [
    ({"rate": "cepat"}, "rate"),
    ({"rate": 1000}, "rate"),
    ({"volume": 1.5}, "volume"),
    ({"repeat": 0}, "repeat"),
    ({"repeat": 1.5}, "repeat"),
    ({"chime": "ya"}, "chime"),
    ({"engine": "google"}, "engine"),
    ({"voice": ""}, "voice"),
    ({"suara": "id"}, "suara"),
])
def test_a_wrong_voice_setting_is_refused_naming_the_field(raw: dict[str, object], field: str) -> None:
    with pytest.raises(BadInput, match=rf"\[voice\] {field} tidak valid"):
        from_section(raw)


ESPEAK = [VoiceInfo("gmw/en", "English (Great Britain)", ("en-gb",)),
          VoiceInfo("poz/id", "Indonesian", ("id",)),
          VoiceInfo("poz/ms", "Malay", ("ms",))]
# As pyttsx3 2.9x's SAPI5 driver reports them (language from the LCID: 0x0421 -> "id-ID").
SAPI = [VoiceInfo(r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Speech\Voices\Tokens\TTS_MS_EN-US_ZIRA_11.0",
                  "Microsoft Zira Desktop - English (United States)", ("en-US",)),
        VoiceInfo(r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Speech\Voices\Tokens\MSTTS_V110_idID_Andika",
                  "Microsoft Andika - Indonesian (Indonesia)", ("id-ID",))]


def test_the_indonesian_voice_is_found_on_espeak_and_on_sapi5() -> None:
    assert pick_voice(ESPEAK, "id") == ESPEAK[1]
    assert pick_voice(ESPEAK, "poz/id") == ESPEAK[1]
    assert pick_voice(SAPI, "id") == SAPI[1]
    assert pick_voice(SAPI, "Andika") == SAPI[1]
    assert pick_voice(ESPEAK[:1], "id") is None
    assert pick_voice(ESPEAK, "Malay") == ESPEAK[2]
    assert VoiceInfo("x", "Some voice", ("421",)).is_indonesian()  # older drivers: the raw LCID
    assert not VoiceInfo("poz/ms", "Malay", ("ms",)).is_indonesian()


def slow_chime(chime: Path) -> Path:
    """A chime long enough for a test to queue calls while it plays."""
    (chime.parent / "slow").mkdir(exist_ok=True)
    return write_wav(chime.parent / "slow" / "chime.wav", 0.3)


def test_a_calls_sentences_are_synthesised_when_it_is_queued_not_when_its_turn_comes(
    chime: Path, run_queue: Callable[[VoiceAnnouncer], VoiceAnnouncer]
) -> None:
    sink, texts = FakeSink(), []
    q = run_queue(VoiceAnnouncer(settings(short_after=1), sink, synth_factory=lambda: FakeSynth(texts, []),
                                 chime=slow_chime(chime)))
    deadline = time.monotonic() + 5
    while not q.settled and time.monotonic() < deadline:
        time.sleep(0.01)
    def call(n: str) -> None:
        q.announce(f"Nomor antrean A {n}, silakan menuju loket satu", f"A{n}", short=f"A {n} loket satu")

    call("satu")
    while q.progress.speaking != "Asatu" and time.monotonic() < deadline:
        time.sleep(0.001)
    for n in ("dua", "tiga", "empat"):  # while A satu is being said
        call(n)
    # Before the first has finished, every call of the line is written or on its way: in
    # full for the first in a silent hall, in both forms for the next (it depends on what
    # comes after it), short for the rest (a backlog waits ahead of them).
    time.sleep(0.05)
    assert texts[:5] == ["Nomor antrean A satu, silakan menuju loket satu",
                         "Nomor antrean A dua, silakan menuju loket satu", "A dua loket satu",
                         "A tiga loket satu", "A empat loket satu"]
    assert q.wait_idle(10)
    assert len(texts) == 5  # every guess was right: nothing synthesised at its turn
    assert sequence(sink) == ["chime", "speech", "speech", "speech", "speech"]
    assert q.progress.waiting == ()


def test_a_wav_read_before_its_samples_are_written_is_not_complete(tmp_path: Path) -> None:
    # pyttsx3's espeak driver writes the header with the whole length first, then the samples.
    from shared.voice.engine import wav_complete, wav_duration

    path = tmp_path / "call.wav"
    samples = b"\x10\x00" * 22050  # one second
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(22050)
        f.writeframes(samples)
    assert wav_complete(path)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) - len(samples) // 2])  # half the samples still to come
    assert wav_duration(path) == 1.0  # the header already says one second
    assert not wav_complete(path)
