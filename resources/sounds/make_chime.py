"""Write ``chime.wav``: the two-tone "ding-dong" the wall display plays before each call.

Generated here (not downloaded) so its licence is Antre's own. Run it again after changing
the tones: ``python resources/sounds/make_chime.py``.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
TONES = ((659.25, 0.0), (523.25, 0.45))  # E5 then C5, the classic public-address chime
DECAY_S = 0.9
LENGTH_S = 1.5
PEAK = 0.6


def samples() -> list[int]:
    out = []
    for i in range(int(RATE * LENGTH_S)):
        t = i / RATE
        v = 0.0
        for freq, start in TONES:
            if t >= start:
                age = t - start
                attack = min(1.0, age / 0.005)  # 5 ms attack: no click
                env = attack * math.exp(-age / (DECAY_S / 3))
                # a bell: the fundamental and a softer octave above
                v += env * (math.sin(2 * math.pi * freq * age) + 0.3 * math.sin(4 * math.pi * freq * age))
        fade = min(1.0, (LENGTH_S - t) / 0.05)  # end at silence
        out.append(round(max(-1.0, min(1.0, v * PEAK / 1.3 * fade)) * 32767))
    return out


def write(path: Path) -> None:
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(RATE)
        f.writeframes(struct.pack(f"<{len(s := samples())}h", *s))


if __name__ == "__main__":
    write(Path(__file__).with_name("chime.wav"))
