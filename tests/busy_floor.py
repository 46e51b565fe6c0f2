"""A busy MPP floor, for the voice queue's tests and the display benchmark: 30 counters
calling at a given rate, 10 % of the calls recalls, with the demo site's ticket prefixes.

``floor(per_min, minutes, seed)`` gives the calls in order, each with its moment (seconds
from the start), its ticket code and counter, and its full and short sentences exactly as
the display words them (:mod:`shared.announce`). Gaps between calls are exponential: 30
clerks finishing at random moments add up to a Poisson stream.

The sentence lengths are real: ``python -m tests.busy_floor`` synthesises every sentence of
the floors the tests use with pyttsx3/espeak-ng (the display's own engine and settings, the
short form at ``busy_rate``) and writes their durations to ``tests/data/espeak-durations.json``.
``tests/service/test_voice_synthesis.py`` checks a sample of that table against a fresh
synthesis, so the table cannot drift from the engine.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from shared import announce
from shared.voice.settings import VoiceSettings

DURATIONS = Path(__file__).parent / "data" / "espeak-durations.json"
PREFIXES = ("A", "B", "C", "D", "E", "F", "G", "H", "PK", "J", "K", "M", "N", "P", "Q", "R", "S", "T",
            "U", "V", "W", "X", "Y", "Z", "BJ", "BY", "NK", "HJ", "PA", "PI", "AK", "HI", "PB", "BT")
COUNTERS = 30
RECALL_SHARE = 0.10
FIRST_NUMBER = 40
"""The floor is busy from mid-morning on: each service has called some tickets already."""
FLOORS = ((6, 10, 1), (12, 10, 1), (20, 10, 1))
"""(calls per minute, minutes, seed) of the floors whose sentences are in the table."""


@dataclass(frozen=True)
class FloorCall:
    at: float
    code: str
    counter: int
    recall: bool

    @property
    def counter_name(self) -> str:
        return f"Loket {self.counter}"

    @property
    def full(self) -> str:
        return announce.announcement(self.code, self.counter_name)

    @property
    def short(self) -> str:
        return announce.short_announcement(self.code, self.counter_name)


def floor(per_min: float, minutes: float, seed: int = 1) -> list[FloorCall]:
    rng = random.Random(seed)
    numbers = dict.fromkeys(PREFIXES, FIRST_NUMBER)
    current: dict[int, str] = {}
    calls: list[FloorCall] = []
    t = 0.0
    while True:
        t += rng.expovariate(per_min / 60)
        if t >= minutes * 60:
            return calls
        counter = rng.randint(1, COUNTERS)
        if counter in current and rng.random() < RECALL_SHARE:
            calls.append(FloorCall(t, current[counter], counter, recall=True))
            continue
        prefix = rng.choice(PREFIXES)
        numbers[prefix] += 1
        current[counter] = f"{prefix}{numbers[prefix]:03d}"
        calls.append(FloorCall(t, current[counter], counter, recall=False))


def load_durations() -> dict[str, float]:
    """``{"<rate>|<sentence>": seconds}`` as measured."""
    data: dict[str, float] = json.loads(DURATIONS.read_text(encoding="utf-8"))
    return data


def key(text: str, rate: int) -> str:
    return f"{rate}|{text}"


def measure(texts: list[tuple[str, int]]) -> dict[str, float]:
    """Synthesise each (sentence, rate) with the display's engine; seconds of WAV each."""
    from shared.voice.engine import Pyttsx3Synth, wav_duration

    synth = Pyttsx3Synth(VoiceSettings())
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="antre-durations-") as tmp:
        wav = Path(tmp) / "s.wav"
        for text, rate in texts:
            synth.synthesize(text, wav, rate)
            out[key(text, rate)] = round(wav_duration(wav), 3)
    return out


def floor_sentences() -> list[tuple[str, int]]:
    settings = VoiceSettings()
    wanted: dict[str, tuple[str, int]] = {}
    for per_min, minutes, seed in FLOORS:
        for call in floor(per_min, minutes, seed):
            wanted.setdefault(key(call.full, settings.rate), (call.full, settings.rate))
            wanted.setdefault(key(call.short, settings.busy_rate), (call.short, settings.busy_rate))
    return sorted(wanted.values())


def main() -> int:
    table = measure(floor_sentences())
    DURATIONS.write_text(json.dumps(table, indent=0, sort_keys=True, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    print(f"{len(table)} sentences measured into {DURATIONS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
