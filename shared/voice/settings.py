"""Voice settings from the station's config file (``[voice]``), checked field by field.

```toml
[voice]
engine = "pyttsx3"   # or "none": chime only
voice = "id"         # espeak-ng language/voice id, or part of a SAPI5 voice name ("Andika")
rate = 150           # words per minute
volume = 1.0         # 0.0 - 1.0
repeat = 2           # readings of a call in a quiet hall (skipped when others wait)
chime = true         # the ding-dong that opens each run of calls
short_after = 1      # waiting calls from which the short form is used (0: never)
busy_rate = 200      # words per minute of the short form
```
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shared.errors import BadInput

ENGINES = ("pyttsx3", "none")


@dataclass(frozen=True)
class VoiceSettings:
    engine: str = "pyttsx3"
    voice: str = "id"
    rate: int = 150
    volume: float = 1.0
    repeat: int = 2
    chime: bool = True
    hang_timeout_s: float = 5.0
    """How long one synthesis may take before the engine counts as hung and is replaced."""
    short_after: int = 1
    """Calls waiting behind the next one from which it is said in the short form, faster
    ("A dua belas, loket tiga"); 0 keeps the full form however long the line (see
    :mod:`shared.voice.backlog`)."""
    busy_rate: int = 200
    """Words per minute of the short form."""

    @property
    def enabled(self) -> bool:
        return self.engine != "none"


def _bad(field: str, why: str) -> BadInput:
    return BadInput(f"Pengaturan suara [voice] {field} tidak valid: {why}.")


def _number(raw: Mapping[str, Any], field: str, lo: float, hi: float, default: float) -> float:
    value = raw.get(field, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(field, f"harus angka, bukan {value!r}")
    if not lo <= value <= hi:
        raise _bad(field, f"harus antara {lo:g} dan {hi:g}, bukan {value!r}")
    return float(value)


def from_section(raw: Mapping[str, Any]) -> VoiceSettings:
    """Settings from a ``[voice]`` table; raises :class:`BadInput` naming the wrong field."""
    d = VoiceSettings()
    allowed = {"engine", "voice", "rate", "volume", "repeat", "chime", "hang_timeout_s", "short_after",
               "busy_rate"}
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise _bad(unknown[0], f"kunci tidak dikenal (yang dikenal: {', '.join(sorted(allowed))})")
    engine = raw.get("engine", d.engine)
    if engine not in ENGINES:
        raise _bad("engine", f"pilih salah satu dari {', '.join(ENGINES)}, bukan {engine!r}")
    voice = raw.get("voice", d.voice)
    if not isinstance(voice, str) or not voice.strip():
        raise _bad("voice", "harus teks, misalnya \"id\" (espeak-ng) atau \"Andika\" (Windows)")
    repeat = _number(raw, "repeat", 1, 5, d.repeat)
    if repeat != int(repeat):
        raise _bad("repeat", f"harus bilangan bulat, bukan {raw.get('repeat')!r}")
    short_after = _number(raw, "short_after", 0, 50, d.short_after)
    if short_after != int(short_after):
        raise _bad("short_after", f"harus bilangan bulat, bukan {raw.get('short_after')!r}")
    chime = raw.get("chime", d.chime)
    if not isinstance(chime, bool):
        raise _bad("chime", f"harus true atau false, bukan {chime!r}")
    return VoiceSettings(
        engine=str(engine),
        voice=voice.strip(),
        rate=int(_number(raw, "rate", 60, 400, d.rate)),
        volume=_number(raw, "volume", 0.0, 1.0, d.volume),
        repeat=int(repeat),
        chime=chime,
        hang_timeout_s=_number(raw, "hang_timeout_s", 1, 120, d.hang_timeout_s),
        short_after=int(short_after),
        busy_rate=int(_number(raw, "busy_rate", 60, 400, d.busy_rate)),
    )
