"""The rules of a busy floor's voice (shared.voice.backlog): which call is spoken next, in
which form, with or without the chime, and whether it is repeated.

The floor tests play whole busy floors against a fake clock: every sound lasts as long as
the real espeak-ng WAV of its sentence (tests/data/espeak-durations.json, measured with the
display's own engine; see tests/busy_floor.py)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

import pytest

from shared.voice.announcer import REPEAT_GAP_S
from shared.voice.backlog import Form, Rules, SpeechQueue, Spoken, Utterance
from shared.voice.settings import VoiceSettings
from tests.busy_floor import FloorCall, floor, key, load_durations

CHIME_S = 1.5  # resources/sounds/chime.wav


def spoken(code: str, counter: int = 1) -> Spoken:
    return Spoken(key=code, full=f"Nomor antrean {code}, silakan menuju loket {counter}",
                  short=f"{code} loket {counter}", label=code)


def drain(q: SpeechQueue) -> list[Utterance]:
    out = []
    while (u := q.next()) is not None:
        out.append(u)
    return out


def test_a_quiet_hall_hears_the_chime_the_full_sentence_and_its_repeat() -> None:
    q = SpeechQueue(Rules(repeat=2))
    q.add(spoken("A012", 3))
    u = q.next()
    assert u is not None
    assert (u.form, u.chime, u.text) == (Form.FULL, True, "Nomor antrean A012, silakan menuju loket 3")
    assert q.again(u, readings=1)
    assert not q.again(u, readings=2)
    assert q.next() is None


def test_the_repeat_is_skipped_as_soon_as_another_call_comes_in() -> None:
    q = SpeechQueue(Rules(repeat=2))
    q.add(spoken("A012"))
    u = q.next()
    assert u is not None
    q.add(spoken("B005"))  # while the first reading plays
    assert not q.again(u, readings=1)
    follow = q.next()
    assert follow is not None
    assert (follow.call.key, follow.form, follow.chime) == ("B005", Form.FULL, False)  # no chime mid-run


def test_others_waiting_below_the_backlog_get_the_full_form_once() -> None:
    q = SpeechQueue(Rules(repeat=2, short_after=3))
    for code in ("A001", "A002", "A003"):
        q.add(spoken(code))
    said = drain(q)
    assert [u.form for u in said] == [Form.FULL] * 3
    assert [u.chime for u in said] == [True, False, False]
    assert [u.backlog for u in said] == [2, 1, 0]


def test_a_backlog_is_said_in_a_faster_short_batch_with_one_chime_until_the_voice_falls_silent() -> None:
    q = SpeechQueue(Rules(repeat=2, short_after=2, busy_rate=200))
    for code in ("A001", "A002", "A003"):
        q.add(spoken(code))
    said = [q.next(), q.next()]
    q.add(spoken("A004"))  # the line never empties: the batch goes on
    said += [q.next(), q.next()]
    assert all(u is not None for u in said)
    assert [(u.call.key, u.form) for u in said if u] == [
        ("A001", Form.SHORT), ("A002", Form.SHORT), ("A003", Form.SHORT), ("A004", Form.SHORT)]
    assert said[0] is not None
    assert said[0].text == "A001 loket 1"
    assert [u.rate for u in said if u] == [200] * 4
    assert [u.chime for u in said if u] == [True, False, False, False]  # one chime for the batch
    assert not q.again(said[0], 1)  # the short form is never repeated
    assert q.next() is None  # silence ends the batch
    q.add(spoken("A005"))
    u = q.next()
    assert u is not None
    assert (u.form, u.chime, u.rate) == (Form.FULL, True, None)
    assert q.again(u, 1)  # alone in a quiet hall: repeated


def test_after_a_silence_the_next_run_opens_with_the_chime_again() -> None:
    q = SpeechQueue(Rules())
    q.add(spoken("A001"))
    assert [u.chime for u in drain(q)] == [True]
    q.add(spoken("A002"))
    assert [u.chime for u in drain(q)] == [True]
    assert [u.chime for u in drain(SpeechQueue(Rules(chime=False)))] == []


def test_short_after_zero_keeps_the_full_form_however_long_the_line() -> None:
    q = SpeechQueue(Rules(short_after=0))
    for i in range(10):
        q.add(spoken(f"A{i:03d}"))
    assert {u.form for u in drain(q)} == {Form.FULL}


def test_a_call_without_a_short_form_is_always_said_in_full() -> None:
    q = SpeechQueue(Rules(short_after=1))
    q.add(Spoken(key=1, full="Tes satu"))
    q.add(Spoken(key=2, full="Tes dua"))
    assert [u.text for u in drain(q)] == ["Tes satu", "Tes dua"]


def test_a_recall_of_a_waiting_call_is_merged_into_its_place_with_the_newer_words() -> None:
    q = SpeechQueue(Rules())
    assert q.add(spoken("A001", 1))
    assert q.add(spoken("B002", 2))
    assert not q.add(spoken("A001", 5))  # recalled (or transferred) before it was spoken
    assert [c.key for c in q.waiting] == ["A001", "B002"]
    said = drain(q)
    assert said[0].call.full.endswith("loket 5")
    assert said[0].call.merged == 1
    q.add(spoken("A001", 5))  # once spoken, a recall is a new call: spoken again
    assert [u.call.key for u in drain(q)] == ["A001"]


def test_the_settings_carry_the_backlog_rules() -> None:
    from shared.voice.settings import from_section

    s = from_section({"short_after": 3, "busy_rate": 180})
    assert (s.short_after, s.busy_rate) == (3, 180)
    assert (VoiceSettings().short_after, VoiceSettings().busy_rate) == (1, 200)


# --- whole floors against a fake clock ------------------------------------------------------

@dataclass
class Played:
    """What a rehearsal heard: each call's lag (its moment to the start of its first
    speech), per call moment, and the calls never spoken."""

    lags: list[tuple[float, float]] = field(default_factory=list)
    unspoken: int = 0
    forms: list[Form] = field(default_factory=list)
    chimes: int = 0

    def p95(self) -> float:
        ordered = sorted(lag for _, lag in self.lags)
        return ordered[int(0.95 * (len(ordered) - 1))]

    def mean_in(self, start_s: float, end_s: float) -> float:
        return statistics.mean(lag for at, lag in self.lags if start_s <= at < end_s)


def rehearse(calls: Iterable[FloorCall], settings: VoiceSettings, seconds: dict[str, float]) -> Played:
    """Play ``calls`` through the rules as the announcer does, on a fake clock: the chime
    takes its length, each reading its WAV's length, the repeat gap its own."""
    rules = Rules(repeat=settings.repeat, chime=settings.chime, short_after=settings.short_after,
                  busy_rate=settings.busy_rate)
    q = SpeechQueue(rules)
    arrivals = list(calls)
    waiting: dict[str, list[float]] = {}
    played = Played()
    now, i = 0.0, 0

    def admit(until: float) -> None:
        nonlocal i
        while i < len(arrivals) and arrivals[i].at <= until:
            c = arrivals[i]
            i += 1
            q.add(Spoken(key=c.code, full=c.full, short=c.short, label=c.code))
            waiting.setdefault(c.code, []).append(c.at)

    while True:
        admit(now)
        u = q.next()
        if u is None:
            if i == len(arrivals):
                break
            now = arrivals[i].at  # silence until the next call
            continue
        played.forms.append(u.form)
        if u.chime:
            played.chimes += 1
            now += CHIME_S
        played.lags.extend((at, now - at) for at in waiting.pop(u.call.key))
        length = seconds[key(u.text, u.rate or settings.rate)]
        readings = 0
        while True:
            now += length
            readings += 1
            admit(now)
            if not q.again(u, readings):
                break
            now += REPEAT_GAP_S
    played.unspoken = sum(len(v) for v in waiting.values())
    return played


@pytest.fixture(scope="module")
def seconds() -> dict[str, float]:
    return load_durations()


def test_a_quiet_floor_hears_each_call_in_full_and_soon(seconds: dict[str, float]) -> None:
    calls = floor(6, 10)
    heard = rehearse(calls, VoiceSettings(), seconds)
    assert heard.unspoken == 0
    assert len(heard.lags) == len(calls)  # every call, recalls included, reached the hall
    assert heard.p95() <= 8.0
    assert heard.forms.count(Form.FULL) > 0.7 * len(heard.forms)  # mostly the full sentence


def test_twenty_calls_a_minute_never_leave_the_voice_far_behind(seconds: dict[str, float]) -> None:
    heard = rehearse(floor(20, 10), VoiceSettings(), seconds)
    assert heard.unspoken == 0
    assert heard.p95() <= 20.0
    assert max(lag for _, lag in heard.lags) <= 40.0
    assert heard.mean_in(540, 600) - heard.mean_in(60, 120) <= 5.0  # the lag does not grow
    assert Form.SHORT in heard.forms
    assert heard.chimes < len(heard.forms) / 3  # one chime per run, not per call


def test_the_old_way_at_twenty_a_minute_falls_ever_further_behind(seconds: dict[str, float]) -> None:
    """Without the short form, even with the repeat skipped, the full sentence is too long."""
    old = VoiceSettings(short_after=0)
    calls = [c for c in floor(20, 10)]
    heard = rehearse(calls, old, seconds)
    assert heard.mean_in(540, 600) - heard.mean_in(60, 120) > 60  # minutes behind by the end
