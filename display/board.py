"""What the wall display shows, as a pure reducer over the event feed. No Qt here.

``apply(state, event)`` returns the next :class:`BoardState`. The view renders a state and
never decides anything; the same reducer rebuilds the board at start-up (replaying today's
calls) and follows the live feed afterwards, so both paths agree by construction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from shared.events import EventView

HISTORY = 8
"""How many earlier calls the board lists under the latest one."""

CALL_KINDS = frozenset({"ticket_called", "ticket_recalled"})
BOARD_KINDS = CALL_KINDS | {"day_started"}
"""The only kinds that change the board; the start-up replay reads just these."""


@dataclass(frozen=True)
class Call:
    """One call of a ticket to a counter, as the board shows it."""

    ticket_id: int | None
    code: str
    counter: str
    counter_name: str
    zone: str
    service_name: str
    agency_name: str
    at: dt.datetime
    call_count: int = 1
    recalled: bool = False

    def same_ticket(self, other: Call) -> bool:
        if self.ticket_id is not None and other.ticket_id is not None:
            return self.ticket_id == other.ticket_id
        return self.code == other.code


@dataclass(frozen=True)
class BoardState:
    """``calls[0]`` is the latest call (shown large); the rest are earlier calls, newest first.

    ``flash`` counts the calls and recalls applied: the view flashes the top call whenever it
    changes. ``last_event_id`` is how far the board has read the feed.
    """

    calls: tuple[Call, ...] = ()
    flash: int = 0
    business_day: dt.date | None = None
    last_event_id: int = 0

    @property
    def latest(self) -> Call | None:
        return self.calls[0] if self.calls else None

    @property
    def history(self) -> tuple[Call, ...]:
        return self.calls[1:]


def call_from_event(event: EventView) -> Call:
    d = event.data
    return Call(
        ticket_id=event.ticket_id,
        code=str(d.get("code", "?")),
        counter=str(d.get("counter", "")),
        counter_name=str(d.get("counter_name") or d.get("counter") or ""),
        zone=str(d.get("zone") or ""),
        service_name=str(d.get("service_name") or ""),
        agency_name=str(d.get("agency_name") or ""),
        at=event.at,
        call_count=int(d.get("call_count") or 1),
        recalled=event.kind == "ticket_recalled",
    )


def _to_top(calls: tuple[Call, ...], call: Call) -> tuple[Call, ...]:
    rest = tuple(c for c in calls if not c.same_ticket(call))
    return (call, *rest)[: HISTORY + 1]


def apply(state: BoardState, event: EventView) -> BoardState:
    """The board after ``event``. Kinds that do not change the board return it unchanged
    (apart from ``last_event_id``)."""
    state = replace(state, last_event_id=max(state.last_event_id, event.id))
    if event.kind == "day_started":
        return BoardState(business_day=event.business_day, last_event_id=state.last_event_id)
    if event.kind not in CALL_KINDS:
        # Transferred, finished, no-show...: the call stays on the board as it happened.
        return state
    if (event.business_day is not None and state.business_day is not None
            and event.business_day > state.business_day):
        # A new day began without a day_started event reaching us: start a clean board.
        state = BoardState(business_day=event.business_day, last_event_id=state.last_event_id)
    return replace(
        state,
        calls=_to_top(state.calls, call_from_event(event)),
        flash=state.flash + 1,
        business_day=event.business_day or state.business_day,
    )


def start_day(state: BoardState, day: dt.date) -> BoardState:
    """The board on business day ``day``: yesterday's calls go, even before anyone is called."""
    if state.business_day is not None and day <= state.business_day:
        return state
    return BoardState(business_day=day, last_event_id=state.last_event_id)


def replay(events: Iterable[EventView], state: BoardState | None = None) -> BoardState:
    """Fold ``events`` (in id order) into a board."""
    state = state if state is not None else BoardState()
    for event in events:
        state = apply(state, event)
    return state
