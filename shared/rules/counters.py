"""A counter's state: open, paused or closed, by its clerk or a supervisor, and what it holds."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import events
from shared.dto import CounterView, TicketView
from shared.errors import BadInput, RuleRefused
from shared.models import Agency, Counter, CounterService, CounterState, Service, Ticket, User
from shared.rules.day import store_now
from shared.rules.lookups import find_counter, view_of
from shared.rules.states import HELD


def open_counter(
    session: Session, counter_code: str, *, now: dt.datetime, user_id: int | None = None
) -> CounterView:
    counter = find_counter(session, counter_code)
    now = store_now(session, now)
    if counter.state == CounterState.OPEN and counter.user_id == user_id:
        return counter_view(session, counter)
    counter.state = CounterState.OPEN
    counter.pause_reason = None
    counter.user_id = user_id
    events.emit(session, "counter_opened", at=now, counter_id=counter.id, user_id=user_id,
                counter=counter.code, counter_name=counter.name, zone=counter.zone)
    return counter_view(session, counter)


def pause_counter(
    session: Session, counter_code: str, reason: str, *, now: dt.datetime, user_id: int | None = None
) -> CounterView:
    reason = reason.strip()
    if not reason:
        raise BadInput("Sebutkan alasan jeda, misalnya istirahat atau sholat.")
    counter = find_counter(session, counter_code)
    now = store_now(session, now)
    if counter.current_ticket_id is not None:
        held = session.get(Ticket, counter.current_ticket_id)
        if held is not None and held.status in HELD:
            raise RuleRefused(f"Selesaikan atau alihkan tiket {held.code} sebelum jeda.")
    if counter.state == CounterState.CLOSED:
        raise RuleRefused(f"{counter.name} sedang tutup.")
    counter.state = CounterState.PAUSED
    counter.pause_reason = reason[:120]
    events.emit(session, "counter_paused", at=now, counter_id=counter.id, user_id=user_id,
                counter=counter.code, counter_name=counter.name, zone=counter.zone, reason=reason)
    return counter_view(session, counter)


def close_counter(
    session: Session, counter_code: str, *, now: dt.datetime, user_id: int | None = None
) -> CounterView:
    counter = find_counter(session, counter_code)
    now = store_now(session, now)
    if counter.current_ticket_id is not None:
        held = session.get(Ticket, counter.current_ticket_id)
        if held is not None and held.status in HELD:
            raise RuleRefused(f"Selesaikan atau alihkan tiket {held.code} sebelum menutup loket.")
        counter.current_ticket_id = None
    counter.state = CounterState.CLOSED
    counter.pause_reason = None
    counter.user_id = None
    events.emit(session, "counter_closed", at=now, counter_id=counter.id, user_id=user_id,
                counter=counter.code, counter_name=counter.name, zone=counter.zone)
    return counter_view(session, counter)


def counter_view(session: Session, counter: Counter) -> CounterView:
    agency = session.get(Agency, counter.agency_id)
    current = session.get(Ticket, counter.current_ticket_id) if counter.current_ticket_id else None
    user = session.get(User, counter.user_id) if counter.user_id else None
    services = tuple(session.scalars(
        select(Service.code).join(CounterService).where(CounterService.counter_id == counter.id)
        .order_by(Service.position)))
    return CounterView(
        code=counter.code, name=counter.name, agency=agency.code if agency else "", zone=counter.zone,
        state=counter.state, pause_reason=counter.pause_reason,
        current=current.code if current else None, current_status=current.status if current else None,
        user=user.username if user else None, services=services,
    )


def counter_ticket(session: Session, counter_code: str) -> TicketView | None:
    """The ticket a counter holds right now (a restarted counter app resumes it)."""
    counter = find_counter(session, counter_code, lock=False)
    if counter.current_ticket_id is None:
        return None
    t = session.get(Ticket, counter.current_ticket_id)
    return view_of(session, t) if t is not None and t.status in HELD else None


def counter_state(session: Session, counter_code: str) -> CounterView:
    """A counter's state as it is now (no lock), e.g. after a supervisor changed it."""
    return counter_view(session, find_counter(session, counter_code, lock=False))


def open_counter_remotely(
    session: Session, counter_code: str, *, now: dt.datetime, user_id: int | None = None
) -> CounterView:
    """A supervisor opens (or resumes) a counter from elsewhere. The clerk assigned to it
    stays; the event records who opened it."""
    counter = find_counter(session, counter_code)
    now = store_now(session, now)
    if counter.state == CounterState.OPEN:
        return counter_view(session, counter)
    counter.state = CounterState.OPEN
    counter.pause_reason = None
    events.emit(session, "counter_opened", at=now, counter_id=counter.id, user_id=user_id,
                counter=counter.code, counter_name=counter.name, zone=counter.zone, remote=True)
    return counter_view(session, counter)


