"""What becomes of a called ticket: served, a no-show, sent to another service; and a
no-show who came back, or a ticket a supervisor closes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from shared import events
from shared.dto import TicketView
from shared.errors import RuleRefused
from shared.models import Counter, Service, Ticket, TicketStatus
from shared.rules.day import business_day, store_now
from shared.rules.lookups import (
    find_counter,
    find_service,
    find_ticket,
    held_ticket,
    load_site,
    payload,
    setting,
    state_text,
    view_of,
)
from shared.rules.states import TicketAction, allows


def start(
    session: Session, counter_code: str, *, now: dt.datetime, user_id: int | None = None
) -> TicketView:
    """The visitor has arrived at the counter: start serving."""
    counter = find_counter(session, counter_code)
    now = store_now(session, now)
    t = held_ticket(session, counter, TicketAction.START)
    t.status = TicketStatus.SERVING
    t.started_at = now
    view = view_of(session, t)
    events.emit(session, "ticket_serving", at=now, business_day=t.business_day, ticket_id=t.id,
                counter_id=counter.id, user_id=user_id, **payload(view, counter))
    return view


def _finish_ticket(
    session: Session, counter: Counter, t: Ticket, now: dt.datetime, user_id: int | None,
    *, auto: bool = False,
) -> TicketView:
    started = t.started_at or t.called_at or now
    t.status = TicketStatus.DONE
    t.started_at = started
    t.finished_at = now
    counter.current_ticket_id = None
    took = (now - started).total_seconds()
    view = view_of(session, t)
    events.emit(session, "ticket_finished", at=now, business_day=t.business_day, ticket_id=t.id,
                counter_id=counter.id, user_id=user_id,
                **payload(view, counter, service_s=round(took), auto=auto))
    return view


def finish(
    session: Session, counter_code: str, *, now: dt.datetime, user_id: int | None = None
) -> TicketView:
    """Serving is done."""
    counter = find_counter(session, counter_code)
    now = store_now(session, now)
    t = held_ticket(session, counter, TicketAction.FINISH)
    return _finish_ticket(session, counter, t, now, user_id)


def no_show(
    session: Session, counter_code: str, *, now: dt.datetime, user_id: int | None = None
) -> TicketView:
    """The called visitor did not come. They can be re-queued if they return today."""
    counter = find_counter(session, counter_code)
    now = store_now(session, now)
    t = held_ticket(session, counter, TicketAction.NO_SHOW)
    t.status = TicketStatus.NO_SHOW
    t.finished_at = now
    counter.current_ticket_id = None
    view = view_of(session, t)
    events.emit(session, "ticket_no_show", at=now, business_day=t.business_day, ticket_id=t.id,
                counter_id=counter.id, user_id=user_id, **payload(view, counter))
    return view


def requeue(
    session: Session, ref: str, *, now: dt.datetime, user_id: int | None = None
) -> TicketView:
    """Put a no-show who came back into the queue again (today only)."""
    site = load_site(session)
    now = store_now(session, now)
    day = business_day(site, now)
    t = find_ticket(session, ref, day)
    if t.business_day != day:
        raise RuleRefused(f"Tiket {t.code} bukan tiket hari ini; ambil nomor baru.")
    if not allows(t.status, TicketAction.REQUEUE):
        raise RuleRefused(state_text(session, t) + " Hanya tiket 'tidak hadir' yang bisa diantrekan lagi.")
    t.status = TicketStatus.WAITING
    t.counter_id = None
    t.finished_at = None
    if setting(site, "requeue", "original") == "end":
        t.queued_at = now
    session.flush()
    view = view_of(session, t)
    events.emit(session, "ticket_requeued", at=now, business_day=day, ticket_id=t.id,
                user_id=user_id, **payload(view))
    return view


def transfer(
    session: Session, counter_code: str, service_code: str, *, now: dt.datetime,
    user_id: int | None = None,
) -> TicketView:
    """Send the counter's ticket to another service (any agency). It keeps its code and
    its place by original issue time."""
    counter = find_counter(session, counter_code)
    now = store_now(session, now)
    t = held_ticket(session, counter, TicketAction.TRANSFER)
    target = find_service(session, service_code)
    if target.id == t.service_id:
        raise RuleRefused(f"Tiket {t.code} sudah di layanan {target.name}.")
    source = session.get(Service, t.service_id)
    t.service_id = target.id
    t.status = TicketStatus.WAITING
    t.counter_id = None
    t.called_at = None
    t.started_at = None
    t.call_count = 0
    counter.current_ticket_id = None
    session.flush()
    view = view_of(session, t)
    events.emit(session, "ticket_transferred", at=now, business_day=t.business_day, ticket_id=t.id,
                counter_id=counter.id, user_id=user_id,
                **payload(view, counter, from_service=source.code if source else None))
    return view


def expire_ticket(
    session: Session, ref: str, *, now: dt.datetime, user_id: int | None = None
) -> TicketView:
    """Supervisor action: close a ticket that will not be served (waiting or no-show)."""
    site = load_site(session)
    now = store_now(session, now)
    t = find_ticket(session, ref, business_day(site, now))
    if not allows(t.status, TicketAction.EXPIRE):
        raise RuleRefused(state_text(session, t))
    t.status = TicketStatus.EXPIRED
    t.finished_at = now
    view = view_of(session, t)
    events.emit(session, "ticket_expired", at=now, business_day=t.business_day, ticket_id=t.id,
                user_id=user_id, **payload(view))
    return view

