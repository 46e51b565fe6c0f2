"""Read models: the services and their queues, a counter's board, the site's status, one ticket."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from shared.calendar import SITE, Kind
from shared.dto import ServiceView, StatusView, TicketView
from shared.errors import NotFound
from shared.i18n import say
from shared.models import (
    Agency,
    Counter,
    CounterService,
    CounterState,
    DaySequence,
    PriorityClass,
    Service,
    Ticket,
    TicketStatus,
)
from shared.rules.catalog import site_context
from shared.rules.counters import counter_view
from shared.rules.day import business_day, store_now
from shared.rules.lookups import find_ticket, load_site, row_view, setting, view_of
from shared.rules.order import QUEUE_ORDER, calling_order
from shared.rules.tables import CS, TICKET_COLS, WAITING_SQL, C, T
from shared.rules.waits import (
    availability,
    estimate_wait_min,
    runs_past_closing,
    service_moment,
    typical_service_s,
)


def service_views(session: Session, *, now: dt.datetime) -> list[ServiceView]:
    site = load_site(session)
    now = store_now(session, now)
    day = business_day(site, now)
    waiting: dict[int, int] = dict(session.execute(
        select(Ticket.service_id, func.count()).where(Ticket.status == WAITING_SQL,
                                                      Ticket.business_day == day)
        .group_by(Ticket.service_id)).all())
    oldest: dict[int, dt.datetime] = dict(session.execute(
        select(Ticket.service_id, func.min(Ticket.queued_at)).where(
            Ticket.status == WAITING_SQL, Ticket.business_day == day)
        .group_by(Ticket.service_id)).all())
    served: dict[int, int] = dict(session.execute(
        select(Ticket.service_id, func.count()).where(Ticket.status == TicketStatus.DONE,
                                                      Ticket.business_day == day)
        .group_by(Ticket.service_id)).all())
    issued: dict[int, int] = dict(session.execute(
        select(DaySequence.service_id, DaySequence.last_number).where(DaySequence.business_day == day)
    ).all())
    open_counts: dict[int, int] = dict(session.execute(
        select(CounterService.service_id, func.count()).join(Counter)
        .where(Counter.state == CounterState.OPEN, Counter.active.is_(True))
        .group_by(CounterService.service_id)).all())
    rows = session.execute(
        select(Service, Agency).join(Agency, Service.agency_id == Agency.id)
        .where(Service.active.is_(True)).order_by(Agency.position, Service.position)).all()
    long_wait_s = int(setting(site, "long_wait_min", 60)) * 60
    out = []
    for svc, agency in rows:
        n_issued = issued.get(svc.id, 0)
        first = oldest.get(svc.id)
        n_wait = waiting.get(svc.id, 0)
        estimate = estimate_wait_min(
            n_wait, typical_service_s(session, svc.id, svc.avg_service_s, day) if n_wait
            else svc.avg_service_s, open_counts.get(svc.id, 0))
        # The next visitor waits for everyone already waiting: the cut-off judges that wait.
        reason = availability(site, svc, now, wait_min=estimate)
        if reason is None and svc.quota is not None and n_issued >= svc.quota:
            reason = say("Kuota hari ini habis ({quota} nomor).", quota=svc.quota)
        out.append(ServiceView(
            code=svc.code, name=svc.name, agency=agency.code, agency_name=agency.name,
            agency_short=agency.short, prefix=svc.prefix, quota=svc.quota,
            hours=svc.hours or str(setting(site, "hours", "08:00-15:00")),
            issued_today=n_issued, waiting=n_wait, served_today=served.get(svc.id, 0),
            longest_wait_s=int((now - first).total_seconds()) if first else 0,
            estimated_wait_min=estimate,
            open_counters=open_counts.get(svc.id, 0), available=reason is None,
            unavailable_reason=reason,
            past_closing=runs_past_closing(site.config or {}, site.timezone, svc.code, svc.hours, now,
                                           estimate)
            if reason is None else None,
            long_wait_s=long_wait_s,
        ))
    return out


def status(session: Session, *, now: dt.datetime) -> StatusView:
    site = load_site(session)
    now = store_now(session, now)
    counters = session.scalars(
        select(Counter).where(Counter.active.is_(True)).order_by(Counter.position)).all()
    return StatusView(
        site_name=site.name, business_day=business_day(site, now),
        services=tuple(service_views(session, now=now)),
        counters=tuple(counter_view(session, c) for c in counters),
    )


def waiting_list(session: Session, counter_code: str, *, now: dt.datetime) -> list[TicketView]:
    """Tickets waiting for the services of ``counter_code``, in the order "next" calls them."""
    return counter_board(session, counter_code, now=now)[0]


def ticket_info(session: Session, ref: str, *, now: dt.datetime) -> TicketView:
    site = load_site(session)
    now = store_now(session, now)
    return view_of(session, find_ticket(session, ref, business_day(site, now)))


@dataclass(frozen=True)
class CounterDay:
    """Today's figures for one counter: who waits for its services (and how many of them
    are priority visitors), and what it has done."""

    waiting: int
    served: int
    no_show: int
    priority_waiting: int = 0
    calendar: str | None = None
    """What the calendar says now, when it is more than an ordinary open hour: the break and
    when service resumes, a holiday, the cut-off (kiosks have stopped issuing)."""


@dataclass(frozen=True)
class ServiceChoice:
    """A service a ticket can be transferred to, for a searchable picker."""

    code: str
    name: str
    agency: str
    agency_short: str

    def matches(self, text: str) -> bool:
        """Every word of ``text`` is found in the code, the name or the agency."""
        hay = f"{self.code} {self.name} {self.agency} {self.agency_short}".casefold()
        return all(word in hay for word in text.casefold().split())


def service_choices(session: Session) -> list[ServiceChoice]:
    """Every active service of the site, agency by agency, in the site file's order."""
    rows = session.execute(
        select(Service.code, Service.name, Agency.code, Agency.short)
        .join(Agency, Service.agency_id == Agency.id)
        .where(Service.active.is_(True), Agency.active.is_(True))
        .order_by(Agency.position, Service.position)).all()
    return [ServiceChoice(code, name, agency, short) for code, name, agency, short in rows]


def priority_names(session: Session) -> dict[str, str]:
    """The site's names of its priority classes, by code (also those no longer offered:
    a ticket issued before a site reload keeps its class)."""
    return {code: name for code, name in session.execute(select(PriorityClass.code, PriorityClass.name))}


def agency_short(session: Session, agency_code: str) -> str:
    """An agency's short name (the header shows it), or its code when it has none."""
    short = session.scalar(select(Agency.short).where(Agency.code == agency_code))
    return short or agency_code


_COUNTER_ID = select(C.c.id, C.c.active, C.c.regular_streak).where(C.c.code == bindparam("p_code"))
_WAITING_FOR_COUNTER = (
    select(*TICKET_COLS)
    .where(T.c.status == WAITING_SQL, T.c.business_day == bindparam("p_day"),
           T.c.service_id.in_(select(CS.c.service_id).where(CS.c.counter_id == bindparam("p_counter_id"))))
    .order_by(*QUEUE_ORDER)
)
_DONE_BY_COUNTER = (
    select(T.c.status, func.count())
    .where(T.c.counter_id == bindparam("p_counter_id"), T.c.business_day == bindparam("p_day"),
           T.c.status.in_([TicketStatus.DONE.value, TicketStatus.NO_SHOW.value]))
    .group_by(T.c.status)
)


def counter_board(
    session: Session, counter_code: str, *, now: dt.datetime
) -> tuple[list[TicketView], CounterDay]:
    """What a counter's screen shows: its waiting tickets in the order "next" will call them
    (:func:`~shared.rules.order.calling_order`, from the counter's streak), and today's
    figures, in four short Core statements (names from the cached catalog). The counter app
    re-reads it after every relevant event, so it stays as lean as the hot path."""
    ctx = site_context(session)
    now = store_now(session, now)
    counter = session.execute(_COUNTER_ID, {"p_code": counter_code.strip().upper()}).one_or_none()
    if counter is None or not counter.active:
        raise NotFound(f"Loket '{counter_code}' tidak ditemukan.")
    params = {"p_counter_id": counter.id, "p_day": ctx.business_day(now)}
    queued = [row_view(ctx, row) for row in session.execute(_WAITING_FOR_COUNTER, params)]
    waiting = calling_order(queued, streak=counter.regular_streak,
                            ratio=int(ctx.setting("priority_ratio", 2)))
    done = {str(status): int(n) for status, n in session.execute(_DONE_BY_COUNTER, params)}
    today = service_moment(ctx.config, ctx.timezone, SITE, None, now)
    return waiting, CounterDay(waiting=len(waiting), served=done.get(TicketStatus.DONE, 0),
                               no_show=done.get(TicketStatus.NO_SHOW, 0),
                               priority_waiting=sum(1 for t in waiting if t.priority_class),
                               calendar=today.text if today.kind in _COUNTER_SEES else None)


_COUNTER_SEES = (Kind.BREAK, Kind.HOLIDAY, Kind.CUTOFF)
