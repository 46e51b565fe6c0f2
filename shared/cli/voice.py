"""`antre` commands for the voice hardware; `shared.cli` calls :func:`register`.

``antre say TEXT [--out FILE.wav]`` speaks a sentence with the display's own engine and
voice settings (``[voice]`` in the station config file), or saves it, so whoever sets up
the hall's speakers can hear exactly what the board will say.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from shared import config
from shared.cli.common import AddCommand
from shared.errors import BadInput, KnownError
from shared.voice.engine import Pyttsx3Synth, VoiceUnavailable, wav_duration
from shared.voice.settings import from_section

PLAYERS = (("paplay",), ("pw-play",), ("aplay", "-q"), ("play", "-q"), ("ffplay", "-nodisp", "-autoexit",
                                                                        "-loglevel", "error"))


def register(sub: Any, *, add: AddCommand, **_parsers: Any) -> None:
    """Add this package's commands to the ``antre`` parser."""
    sp = add(sub, "say", cmd_say, "speak a sentence with the display's voice (test the speakers)")
    sp.add_argument("text", nargs="+", help="the sentence, e.g. \"Nomor antrean A dua belas\"")
    sp.add_argument("--out", metavar="FILE.wav", help="save to a WAV file instead of playing it")
    sp.add_argument("--voice", help="voice to use instead of [voice] voice, e.g. id or Andika")


def cmd_say(args: argparse.Namespace) -> int:
    settings = from_section(config.resolve(None).section("voice"))
    if args.voice:
        settings = from_section({**config.resolve(None).section("voice"), "voice": args.voice})
    if not settings.enabled:
        raise VoiceUnavailable("Suara dimatikan di pengaturan ([voice] engine = \"none\").")
    text = " ".join(args.text).strip()
    if not text:
        raise BadInput("Tidak ada kalimat untuk diucapkan.")
    synth = Pyttsx3Synth(settings)
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() != ".wav":
            raise BadInput(f"Berkas keluaran harus .wav, bukan {out.name}.")
        try:
            synth.synthesize(text, out.resolve())
        except OSError as exc:
            raise BadInput(f"Tidak dapat menulis {out}: {exc.strerror or exc}") from None
        sys.stdout.write(f"{out} ({wav_duration(out):.1f} detik, suara {synth.voice.name})\n")
        return 0
    with tempfile.TemporaryDirectory(prefix="antre-say-") as d:
        wav = Path(d) / "say.wav"
        synth.synthesize(text, wav)
        play_file(wav)
        duration = wav_duration(wav)
    sys.stdout.write(f"diucapkan dengan suara {synth.voice.name} ({duration:.1f} detik)\n")
    return 0


def play_file(path: Path) -> None:
    """Play a WAV on the default output, blocking, with whatever player the system has."""
    if sys.platform == "win32":
        import winsound

        winsound.PlaySound(str(path), winsound.SND_FILENAME)
        return
    for player in PLAYERS:
        exe = shutil.which(player[0])
        if exe is None:
            continue
        try:
            subprocess.run([exe, *player[1:], str(path)], check=True, capture_output=True, timeout=120)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise KnownError(
                f"Pemutar audio {player[0]} gagal (kartu suara/speaker terpasang?). "
                f"Coba simpan ke berkas: antre say ... --out tes.wav ({type(exc).__name__})") from None
        return
    raise KnownError("Tidak ada pemutar audio (paplay, aplay, play). Simpan ke berkas dengan --out.")
