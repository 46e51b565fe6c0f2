"""A clerk's session at one counter, as the store sees it: who is logged in, what opening a
counter reads, and the re-reads that keep the screen in step. No Qt: the controller
(:mod:`counter.controller`) runs these in its worker, one transaction or read each, and
turns their answers into signals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from shared import auth, events, rules
from shared.dto import CounterView, TicketView
from shared.rules import CounterDay, ServiceChoice
from shared.store import Store

Clock = Callable[[], dt.datetime]

WAITING_KINDS = frozenset({
    "ticket_issued", "ticket_called", "ticket_requeued", "ticket_transferred", "ticket_expired",
    "ticket_finished", "ticket_no_show", "day_started", "site_loaded",
})
"""Events that can add a ticket to, or take one from, a waiting list."""
COUNTER_KINDS = frozenset({"counter_opened", "counter_paused", "counter_closed"})


@dataclass(frozen=True)
class Clerk:
    """Who is logged in."""

    user_id: int
    username: str
    full_name: str
    role: str

    @property
    def supervisor(self) -> bool:
        return auth.is_supervisor(self.role)


@dataclass(frozen=True)
class Opened:
    counter: CounterView
    agency_short: str
    timezone: str
    ticket: TicketView | None
    waiting: list[TicketView]
    day: CounterDay
    services: list[ServiceChoice]
    last_event_id: int
    priority_names: dict[str, str] = field(default_factory=dict)
    taken_from: str | None = None  # another clerk who still had this counter open


@dataclass(frozen=True)
class Refusal:
    message: str


@dataclass(frozen=True)
class Waiting:
    tickets: list[TicketView]
    day: CounterDay


def open_counter(store: Store, code: str, *, now: dt.datetime, user_id: int | None,
                 username: str | None) -> Opened:
    """Open ``code`` for this clerk (closing yesterday first if nobody did), taking it over
    from a clerk who left it open, and read everything the work page shows."""
    with store.transaction() as s:
        rules.roll_over(s, now=now)  # a no-op unless yesterday was never closed
    with store.transaction() as s:
        if user_id is not None:
            auth.check_counter_access(s, user_id, code)
        view = rules.counter_state(s, code)
        taken_from = view.user if view.state != "closed" and view.user != username else None
        if view.state != "open" or view.user != username:
            view = rules.open_counter(s, code, now=now, user_id=user_id)
    with store.reading() as s:
        last_id = events.last_event_id(s)
        waiting, day = rules.counter_board(s, code, now=now)
        return Opened(
            counter=view,
            agency_short=rules.agency_short(s, view.agency),
            timezone=rules.load_site(s).timezone,
            ticket=rules.counter_ticket(s, code),
            waiting=waiting,
            day=day,
            services=rules.service_choices(s),
            last_event_id=last_id,
            taken_from=taken_from,
            priority_names=rules.priority_names(s),
        )


def release(store: Store, code: str, *, now: dt.datetime, user_id: int | None) -> None:
    """Close ``code`` when the app ends, unless it holds a ticket (the clerk resumes it)."""
    with store.transaction() as s:
        if rules.counter_ticket(s, code) is None:
            rules.close_counter(s, code, now=now, user_id=user_id)


def read_waiting(store: Store, code: str, now: dt.datetime) -> Waiting:
    """The counter's waiting list, in calling order, and its day's counts."""
    with store.reading() as s:
        return Waiting(*rules.counter_board(s, code, now=now))


def read_ticket(store: Store, code: str) -> TicketView | None:
    with store.reading() as s:
        return rules.counter_ticket(s, code)


def read_counter(store: Store, code: str) -> CounterView:
    with store.reading() as s:
        return rules.counter_state(s, code)
