"""What the wall display shows, as a pure reducer over the event feed. No Qt here.

``apply(state, event, scope)`` returns the next :class:`BoardState`. The view renders a
state and never decides anything; the same reducer rebuilds the board at start-up and after
a reconnect (replaying today's calls) and follows the live feed in between, so both paths
agree by construction.

A board may show one floor or one agency only (:class:`Scope`, from ``--zone``/``--agency``):
calls elsewhere never reach it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, replace

from shared.events import EventView

HISTORY = 9
"""How many earlier calls the board lists beside the latest one: ten calls in sight."""
KEPT = 30
"""Earlier calls the board remembers, so a call the voice has not reached yet can stay in
sight however many came after it (:func:`shown_history`)."""

CALL_KINDS = frozenset({"ticket_called", "ticket_recalled"})
BOARD_KINDS = CALL_KINDS | {"day_started"}
"""The only kinds that change the calls on the board; the replay reads just these."""
QUEUE_KINDS = frozenset({
    "ticket_issued", "ticket_called", "ticket_transferred", "ticket_requeued", "ticket_expired",
    "day_started", "site_loaded",
    "counter_opened", "counter_closed", "counter_paused", "ticket_finished", "ticket_no_show",
})
"""Kinds after which the waiting counts, or the counters' grid, may have changed."""
MISSED_CALL_WINDOW = dt.timedelta(minutes=2)
"""A call a board missed while cut off from the store is still read out when it is at most
this much older than the newest call it missed (:func:`missed_calls`)."""


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
    agency: str = ""

    @property
    def key(self) -> Hashable:
        """The ticket, for the voice: a call of a ticket that still waits to be spoken merges."""
        return self.ticket_id if self.ticket_id is not None else self.code

    def same_ticket(self, other: Call) -> bool:
        if self.ticket_id is not None and other.ticket_id is not None:
            return self.ticket_id == other.ticket_id
        return self.code == other.code


@dataclass(frozen=True)
class Scope:
    """Which calls a board shows: all, one zone (floor, wing), one agency, or both."""

    zone: str | None = None
    agency: str | None = None

    @property
    def everything(self) -> bool:
        return not self.zone and not self.agency

    def accepts(self, call: Call) -> bool:
        if self.zone and call.zone.casefold() != self.zone.casefold():
            return False
        return not (self.agency and call.agency.casefold() != self.agency.casefold())

    def describe(self) -> str:
        """'Lantai 2 · DUKCAPIL' for the board's header ('' for the whole hall)."""
        return " · ".join(p for p in (self.zone, self.agency) if p)


EVERYWHERE = Scope()


@dataclass(frozen=True)
class AgencyCount:
    """How many visitors wait for one agency's services today."""

    code: str
    short: str
    waiting: int


@dataclass(frozen=True)
class CounterSlot:
    """One open counter on the counter grid: who it serves now (``current``, "" for nobody)."""

    code: str
    name: str
    zone: str = ""
    current: str = ""
    paused: bool = False


@dataclass(frozen=True)
class BoardState:
    """``calls[0]`` is the latest call (shown large); the rest are earlier calls, newest
    first. ``waiting`` are today's waiting counts per agency (from the store).
    ``last_event_id`` is how far the board has read the feed."""

    calls: tuple[Call, ...] = ()
    waiting: tuple[AgencyCount, ...] = ()
    business_day: dt.date | None = None
    last_event_id: int = 0
    counters: tuple[CounterSlot, ...] = ()
    """The open counters in scope, in the site's order (read from the store; a live call
    moves its counter's number at once)."""

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
        agency=str(d.get("agency") or ""),
    )


def shown_call(event: EventView, scope: Scope = EVERYWHERE) -> Call | None:
    """The call ``event`` puts on a board of ``scope`` (None: not a call, or elsewhere)."""
    if event.kind not in CALL_KINDS:
        return None
    call = call_from_event(event)
    return call if scope.accepts(call) else None


def _to_top(calls: tuple[Call, ...], call: Call) -> tuple[Call, ...]:
    rest = tuple(c for c in calls if not c.same_ticket(call))
    return (call, *rest)[: KEPT + 1]


def apply(state: BoardState, event: EventView, scope: Scope = EVERYWHERE) -> BoardState:
    """The board after ``event``. Kinds that do not change the board return it unchanged
    (apart from ``last_event_id``)."""
    state = replace(state, last_event_id=max(state.last_event_id, event.id))
    if event.kind == "day_started":
        return BoardState(business_day=event.business_day, last_event_id=state.last_event_id,
                          counters=tuple(replace(c, current="") for c in state.counters))
    call = shown_call(event, scope)
    if call is None:
        # Transferred, finished, no-show, or a call on another floor: the board stays as it was.
        return state
    if (event.business_day is not None and state.business_day is not None
            and event.business_day > state.business_day):
        # A new day began without a day_started event reaching us: start a clean board.
        state = BoardState(business_day=event.business_day, last_event_id=state.last_event_id)
    counters = tuple(replace(c, current=call.code) if c.code == call.counter else c for c in state.counters)
    return replace(state, calls=_to_top(state.calls, call), counters=counters,
                   business_day=event.business_day or state.business_day)


def shown_history(state: BoardState, unspoken: Collection[Hashable],
                  slots: int = HISTORY) -> tuple[Call, ...]:
    """The earlier calls the board lists, newest first: the newest ``slots``, except that a
    call the voice has not reached yet (``unspoken``, by :attr:`Call.key`) is never pushed
    out by calls already spoken; those give way, oldest first."""
    history = state.history
    keep = list(history[:slots])
    for older in history[slots:]:
        if older.key not in unspoken:
            continue
        spoken = [i for i, c in enumerate(keep) if c.key not in unspoken]
        if not spoken:
            break
        del keep[spoken[-1]]
        keep.append(older)
    return tuple(keep)


def start_day(state: BoardState, day: dt.date) -> BoardState:
    """The board on business day ``day``: yesterday's calls and counts go, even before anyone
    is called."""
    if state.business_day is not None and day <= state.business_day:
        return state
    return BoardState(business_day=day, last_event_id=state.last_event_id,
                      counters=tuple(replace(c, current="") for c in state.counters))


def with_waiting(state: BoardState, counts: Iterable[AgencyCount]) -> BoardState:
    return replace(state, waiting=tuple(counts))


def with_counters(state: BoardState, counters: Iterable[CounterSlot]) -> BoardState:
    return replace(state, counters=tuple(counters))


def replay(events: Iterable[EventView], state: BoardState | None = None,
           scope: Scope = EVERYWHERE) -> BoardState:
    """Fold ``events`` (in id order) into a board."""
    state = state if state is not None else BoardState()
    for event in events:
        state = apply(state, event, scope)
    return state


def missed_calls(events: Iterable[EventView], after_id: int, state: BoardState,
                 scope: Scope = EVERYWHERE) -> list[Call]:
    """The calls a board cut off from the store missed (``events`` after ``after_id``, in id
    order) that are still worth reading out once it is back: each counter's last one, if
    it is still on the rebuilt ``state`` (today's, not superseded) and made at most
    :data:`MISSED_CALL_WINDOW` before the newest missed call. An earlier call at the same
    counter has been overtaken by that counter's next; a call from long ago would send a
    visitor to a counter that has moved on. Oldest first, as the voice reads them."""
    missed = [c for e in events if e.id > after_id and (c := shown_call(e, scope)) is not None]
    if not missed:
        return []
    newest = max(c.at for c in missed)
    last_at_counter = {c.counter: c for c in missed}
    return [c for c in missed
            if last_at_counter[c.counter] is c and newest - c.at <= MISSED_CALL_WINDOW
            and any(shown.same_ticket(c) and shown.at == c.at for shown in state.calls)]
