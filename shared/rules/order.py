"""Calling order: the one rule for who "next" calls, and the order a counter's list shows.

Within each class (priority and regular) tickets wait in :data:`QUEUE_ORDER`. Between the
classes a counter keeps a streak of regular calls: once ``priority_ratio`` regulars in a row
have been called, a waiting priority ticket goes first; otherwise a regular does. Either
class is called when the other has nobody waiting.

:func:`~shared.rules.calling.call_next` claims with :func:`prefers_priority` and moves the
streak with :func:`streak_after`; :func:`calling_order` replays the same two functions over a
counter's waiting list, so the list shows exactly the order "next" will call.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from shared.rules.tables import T

QUEUE_ORDER = (T.c.queued_at, T.c.id)
"""The order inside one class: queued first, then the lower id (the earlier issue)."""


def prefers_priority(streak: int, ratio: int) -> bool:
    """Whether a priority ticket is due (one waits) after ``streak`` regular calls in a row."""
    return streak >= ratio


def streak_after(streak: int, *, priority: bool, ratio: int) -> int:
    """The counter's streak after a call. Capped at ``ratio``, so "priority is due" never
    depends on how long the day has been."""
    return 0 if priority else min(streak + 1, ratio)


class Queued(Protocol):
    @property
    def priority_class(self) -> str | None: ...


Q = TypeVar("Q", bound=Queued)


def calling_order(waiting: Sequence[Q], *, streak: int, ratio: int) -> list[Q]:
    """``waiting`` (in :data:`QUEUE_ORDER`) in the order successive "next" presses call it,
    starting from the counter's current ``streak``."""
    priority = [t for t in waiting if t.priority_class]
    regular = [t for t in waiting if not t.priority_class]
    out: list[Q] = []
    p = r = 0
    while p < len(priority) or r < len(regular):
        take_priority = r >= len(regular) or (prefers_priority(streak, ratio) and p < len(priority))
        if take_priority:
            out.append(priority[p])
            p += 1
        else:
            out.append(regular[r])
            r += 1
        streak = streak_after(streak, priority=take_priority, ratio=ratio)
    return out
