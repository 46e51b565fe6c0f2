"""The display's reads from the store. No Qt: each function takes a Session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from display.board import BOARD_KINDS, EVERYWHERE, AgencyCount, CounterSlot, Scope
from shared import calendar, events, rules
from shared.events import EventView
from shared.models import Agency, Counter, CounterState, Service, Ticket, TicketStatus
from shared.site import DEFAULT_ANNOUNCEMENT

REPLAY_LIMIT = 200
"""Enough of today's latest calls to fill the board even with many recalls among them."""


@dataclass(frozen=True)
class SiteInfo:
    name: str
    timezone: str
    marquee: str = ""
    announcement: str = DEFAULT_ANNOUNCEMENT
    number_mode: str = "whole"
    holiday: str = ""
    """On a holiday (or cuti bersama): the calendar's line for it, shown before the marquee."""

    @property
    def running_text(self) -> str:
        """What the marquee runs: the holiday first, then the site's own text."""
        return "   •   ".join(t for t in (self.holiday, self.marquee) if t)


@dataclass(frozen=True)
class Snapshot:
    """What the board needs at start-up: the site, today's calls, and where the feed stands."""

    site: SiteInfo
    business_day: dt.date
    last_event_id: int
    events: list[EventView] = field(default_factory=list)
    waiting: tuple[AgencyCount, ...] = ()
    scope_problem: str | None = None
    counters: tuple[CounterSlot, ...] = ()


def site_info(session: Session, now: dt.datetime | None = None) -> SiteInfo:
    """The site as the board shows it; given ``now``, with the day's holiday if it is one."""
    site = rules.load_site(session)
    cfg = site.config or {}
    holiday = ""
    if now is not None:
        today = rules.service_moment(cfg, site.timezone, calendar.SITE, None, now)
        holiday = (today.reason or "") if today.kind == calendar.Kind.HOLIDAY else ""
    return SiteInfo(
        name=site.name,
        timezone=site.timezone,
        marquee=str(cfg.get("marquee") or ""),
        announcement=str(cfg.get("announcement") or DEFAULT_ANNOUNCEMENT),
        number_mode=str(cfg.get("number_mode") or "whole"),
        holiday=holiday,
    )


def snapshot(session: Session, now: dt.datetime, scope: Scope = EVERYWHERE) -> Snapshot:
    """Today's board events up to the feed's current end, oldest first, and the waiting counts.

    The feed position is read first, and the replay stops at it, so an event committed in
    between is delivered once, by the feed, and never twice."""
    last_id = events.last_event_id(session)
    site = rules.load_site(session)
    day = rules.business_day(site, now)
    replay = events.events_of_day(session, day, BOARD_KINDS, up_to=last_id, limit=REPLAY_LIMIT)
    return Snapshot(site=site_info(session, now), business_day=day, last_event_id=last_id, events=replay,
                    waiting=waiting_counts(session, day, scope), scope_problem=scope_problem(session, scope),
                    counters=counter_slots(session, day, scope))


def scope_problem(session: Session, scope: Scope) -> str | None:
    """Why a board of ``scope`` would never show a call (a zone or agency the site lacks)."""
    if scope.zone:
        active = select(Counter.zone).where(Counter.active.is_(True))
        zones = sorted({z for z in session.scalars(active) if z})
        if scope.zone.casefold() not in {z.casefold() for z in zones}:
            known = ", ".join(zones) or "tidak ada zona di berkas situs"
            return f"Zona '{scope.zone}' tidak ada di situs (--zone; yang ada: {known})."
    if scope.agency:
        codes = sorted(session.scalars(select(Agency.code).where(Agency.active.is_(True))))
        if scope.agency.casefold() not in {c.casefold() for c in codes}:
            return f"Instansi '{scope.agency}' tidak ada di situs (--agency; kodenya: {', '.join(codes)})."
    return None


def waiting_counts(session: Session, day: dt.date, scope: Scope = EVERYWHERE) -> tuple[AgencyCount, ...]:
    """Visitors waiting today per agency, in the site file's order; agencies with nobody
    waiting are listed too, so the panel does not jump. A zone board counts the agencies that
    have a counter in its zone."""
    agencies = select(Agency.id, Agency.code, Agency.short).where(Agency.active.is_(True))
    if scope.agency:
        agencies = agencies.where(func.lower(Agency.code) == scope.agency.lower())
    if scope.zone:
        in_zone = select(Counter.agency_id).where(
            Counter.active.is_(True), func.lower(Counter.zone) == scope.zone.lower())
        agencies = agencies.where(Agency.id.in_(in_zone))
    rows = session.execute(agencies.order_by(Agency.position, Agency.id)).all()
    counts: dict[int, int] = {
        agency_id: int(n) for agency_id, n in session.execute(
            select(Service.agency_id, func.count())
            .join(Ticket, Ticket.service_id == Service.id)
            .where(Ticket.status == TicketStatus.WAITING, Ticket.business_day == day)
            .group_by(Service.agency_id))
    }
    return tuple(AgencyCount(code=code, short=short, waiting=counts.get(aid, 0)) for aid, code, short in rows)


def counter_slots(session: Session, day: dt.date, scope: Scope = EVERYWHERE) -> tuple[CounterSlot, ...]:
    """The open (or paused) counters in scope, in the site's order, each with the number it
    serves today ("" for nobody)."""
    rows = session.execute(
        select(Counter.code, Counter.name, Counter.zone, Counter.state, Agency.code, Ticket.code,
               Ticket.business_day)
        .join(Agency, Agency.id == Counter.agency_id)
        .outerjoin(Ticket, Ticket.id == Counter.current_ticket_id)
        .where(Counter.active.is_(True), Counter.state != CounterState.CLOSED)
        .order_by(Counter.position, Counter.id)).all()
    return tuple(
        CounterSlot(code=code, name=name, zone=zone or "",
                    current=ticket if ticket and ticket_day == day else "",
                    paused=state == CounterState.PAUSED)
        for code, name, zone, state, agency, ticket, ticket_day in rows
        if (not scope.zone or (zone or "").casefold() == scope.zone.casefold())
        and (not scope.agency or agency.casefold() == scope.agency.casefold()))
