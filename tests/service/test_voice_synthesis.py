"""Real speech synthesis: pyttsx3 with espeak-ng's Indonesian voice writes WAV files.

Needs espeak-ng (``.ci/run`` installs it). Without it the tests skip locally and fail in CI.
"""

from __future__ import annotations

import array
import math
import os
import threading
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

from shared import announce, cli
from shared.voice.announcer import VoiceAnnouncer
from shared.voice.engine import Pyttsx3Synth, VoiceUnavailable, wav_duration
from shared.voice.settings import VoiceSettings, from_section


def _synth(settings: VoiceSettings | None = None) -> Pyttsx3Synth:
    try:
        return Pyttsx3Synth(settings or from_section({}))
    except VoiceUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"espeak-ng with an Indonesian voice is required in CI: {exc.message}")
        pytest.skip(f"no Indonesian voice here: {exc.message}")


def levels(path: Path) -> tuple[float, int, int, float]:
    """(rms, peak, rate, seconds) of a 16-bit mono WAV."""
    with wave.open(str(path), "rb") as f:
        assert f.getnchannels() == 1
        assert f.getsampwidth() == 2
        rate, frames = f.getframerate(), f.readframes(f.getnframes())
    samples = array.array("h", frames)
    assert samples, "no audio frames"
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    return rms, max(abs(s) for s in samples), rate, len(samples) / rate


def test_an_announcement_is_synthesised_as_audible_indonesian_speech(tmp_path: Path) -> None:
    text = announce.announcement("A012", "Loket 3")
    assert text == "Nomor antrean A dua belas, silakan menuju loket tiga"
    synth = _synth()
    assert synth.voice.is_indonesian()
    out = tmp_path / "call.wav"
    synth.synthesize(text, out)
    rms, peak, rate, seconds = levels(out)
    assert rate == 22050
    assert peak > 3000, "speech should not be near-silent"
    assert rms > 300, "speech should not be near-silent"
    # Eight words at 150 words per minute, with pauses: about three to four seconds.
    assert 1.5 < seconds < 10, seconds


def test_a_longer_sentence_takes_longer_and_a_faster_rate_less(tmp_path: Path) -> None:
    synth = _synth()
    short, long_ = tmp_path / "short.wav", tmp_path / "long.wav"
    synth.synthesize("Nomor antrean A satu", short)
    synth.synthesize("Nomor antrean A seratus dua puluh tiga, silakan menuju loket dua puluh satu, "
                     "Dinas Kependudukan dan Pencatatan Sipil", long_)
    assert wav_duration(long_) > 2 * wav_duration(short)  # the same engine, a second runAndWait
    fast = _synth(from_section({"rate": 300}))
    quick = tmp_path / "quick.wav"
    fast.synthesize("Nomor antrean A satu", quick)
    assert wav_duration(quick) < wav_duration(short)


def test_the_queue_speaks_real_synthesis_in_order_from_its_engine_thread(tmp_path: Path) -> None:
    _synth()  # skip/fail early without a voice
    played: list[tuple[str, float]] = []

    class RecordingSink:
        def play(self, path: Path, started: Callable[[], None], finished: Callable[[bool], None]) -> None:
            played.append((path.name, levels(path)[3]))
            started()
            threading.Timer(0.01, finished, args=(True,)).start()  # don't wait out real speech

    q = VoiceAnnouncer(from_section({"repeat": 1}), RecordingSink(), chime=None,
                       synth_factory=lambda: Pyttsx3Synth(from_section({})))
    q.start()
    try:
        for code in ("A001", "A002", "SK010"):
            q.announce(announce.announcement(code, "Loket 1"), code)
        assert q.wait_idle(30)
    finally:
        q.stop()
    assert len(played) == 3
    assert all(seconds > 1.0 for _name, seconds in played)
    assert q.status is None


def test_antre_say_saves_a_sentence_to_a_wav(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _synth()
    out = tmp_path / "tes.wav"
    assert cli.main(["say", "Tes", "pengeras", "suara,", "satu", "dua", "tiga", "--out", str(out)]) == 0
    assert "Audio saved" not in capsys.readouterr().out  # pyttsx3's own print goes to the log
    _rms, peak, _rate, seconds = levels(out)
    assert peak > 3000
    assert seconds > 1.0


def test_antre_say_refuses_a_voice_that_is_not_installed(capsys: pytest.CaptureFixture[str]) -> None:
    _synth()
    assert cli.main(["say", "halo", "--voice", "tidak-ada-suara-ini", "--out", "x.wav"]) != 0
    assert "tidak ditemukan" in capsys.readouterr().err


def test_the_busy_short_form_is_faster_ends_with_a_short_pause_and_the_table_matches_the_engine(
    tmp_path: Path,
) -> None:
    from tests.busy_floor import floor, key, load_durations

    synth = _synth()
    settings = VoiceSettings()
    call = floor(20, 10)[3]
    full, short = tmp_path / "full.wav", tmp_path / "short.wav"
    synth.synthesize(call.full, full)
    synth.synthesize(call.short, short, settings.busy_rate)
    assert wav_duration(short) < 0.7 * wav_duration(full)
    with wave.open(str(short), "rb") as f:  # espeak-ng's 0.4 s of closing silence, trimmed
        tail = array.array("h", f.readframes(f.getnframes()))[-int(0.3 * f.getframerate()):]
    assert any(abs(s) > 200 for s in tail)
    # The durations the voice-queue tests play are those of this very engine.
    table = load_durations()
    for text, rate, wav in ((call.full, settings.rate, full), (call.short, settings.busy_rate, short)):
        assert abs(table[key(text, rate)] - wav_duration(wav)) < 0.15, text
    synth.synthesize(call.full, full)  # back at the normal rate after a short form
    assert abs(table[key(call.full, settings.rate)] - wav_duration(full)) < 0.15
