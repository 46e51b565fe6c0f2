"""Which call the hall hears next, and in which form: the rules of a busy floor. No threads,
no clock, no audio: the announcer (:mod:`shared.voice.announcer`) asks, plays, and reports.

A quiet hall hears each call in full, twice: the chime, *"Nomor antrean A dua belas, silakan
menuju loket tiga"*, and the sentence again. As calls pile up, the voice gives way in steps,
so that it never falls far behind the board:

1. **Nothing else waits**: the full sentence and its repeat (``repeat`` readings in all),
   but the repeat is skipped as soon as another call has come in.
2. **Others wait**: the full sentence, once.
3. **A backlog** (``short_after`` calls or more waiting behind the next one): a batch in the
   short form, *"A dua belas, loket tiga"*, spoken faster (``busy_rate``). The batch goes on
   until the voice falls silent: a full sentence between two bursts would cost more than
   the short forms it spares.

The chime opens each run of speech: it plays when the voice starts after a silence, not
between calls that follow each other (the hall is listening already), so a batch has one.

Every call is spoken at least once, in the order it came. A call that comes again while it
still waits (a recall, or a transfer called at another counter) is merged into its place in
the line: it is spoken once, with the newer words.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable
from dataclasses import dataclass, replace


class Form(enum.Enum):
    FULL = "full"
    SHORT = "short"


@dataclass(frozen=True)
class Spoken:
    """One call as the voice says it. ``key`` names the ticket: a second call of the same
    ticket while this one waits is merged into it."""

    key: Hashable
    full: str
    short: str = ""
    label: str = ""
    """What the log and the board call it (the ticket code)."""
    merged: int = 0
    """How many later calls of the same ticket were merged into this one."""

    def text(self, form: Form) -> str:
        return self.short if form is Form.SHORT and self.short else self.full


@dataclass(frozen=True)
class Utterance:
    """What to play for one call: ``chime`` first, then ``text`` at ``rate`` (None: the
    configured rate)."""

    call: Spoken
    form: Form
    text: str
    chime: bool
    rate: int | None
    backlog: int
    """Calls still waiting behind this one when it was chosen."""


@dataclass(frozen=True)
class Rules:
    repeat: int = 2
    """Readings of a call in a quiet hall (1: never repeated)."""
    chime: bool = True
    short_after: int = 1
    """Waiting calls behind the next one from which the short form is used (0: never)."""
    busy_rate: int | None = None
    """Speech rate of the short form (None: the normal rate)."""


class SpeechQueue:
    """The calls not yet spoken, in order. Not thread-safe: the announcer holds a lock."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self._waiting: list[Spoken] = []
        self._in_batch = False
        self._running = False

    @property
    def waiting(self) -> tuple[Spoken, ...]:
        return tuple(self._waiting)

    def __len__(self) -> int:
        return len(self._waiting)

    def add(self, call: Spoken) -> bool:
        """Queue ``call``; returns False when it was merged into the same ticket's waiting call
        (which keeps its place and takes the newer words)."""
        for i, queued in enumerate(self._waiting):
            if queued.key == call.key:
                self._waiting[i] = replace(call, merged=queued.merged + call.merged + 1)
                return False
        self._waiting.append(call)
        return True

    def next(self) -> Utterance | None:
        """Take the next call and decide how to say it; None when nothing waits (which ends a
        batch: the next short call gets its chime again)."""
        if not self._waiting:
            self._in_batch = self._running = False
            return None
        call = self._waiting.pop(0)
        backlog = len(self._waiting)
        chime = self.rules.chime and not self._running
        self._running = True
        short_after = self.rules.short_after
        self._in_batch = short_after > 0 and bool(call.short) and (backlog >= short_after or self._in_batch)
        if self._in_batch:
            return Utterance(call, Form.SHORT, call.text(Form.SHORT), chime=chime,
                             rate=self.rules.busy_rate, backlog=backlog)
        return Utterance(call, Form.FULL, call.full, chime=chime, rate=None, backlog=backlog)

    def likely_forms(self) -> tuple[Form, ...]:
        """The forms the call queued last may be said in, to synthesise early: short while a
        batch runs or a backlog already waits ahead of it; full when it is next in a silent
        hall; either while the voice is busy and the line short."""
        if self.rules.short_after <= 0:
            return (Form.FULL,)
        ahead = len(self._waiting) - 1
        if self._in_batch or ahead >= self.rules.short_after:
            return (Form.SHORT,)
        if not self._running and ahead == 0:
            return (Form.FULL,)
        return (Form.FULL, Form.SHORT)

    def again(self, utterance: Utterance, readings: int) -> bool:
        """Whether ``utterance``, read ``readings`` times so far, is read once more: only the
        full form, only up to ``repeat`` readings, and only while nothing else waits."""
        return (utterance.form is Form.FULL and readings < self.rules.repeat and not self._waiting)
