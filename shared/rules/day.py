"""The business day: the clock, the site's local date, and closing yesterday."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from shared import events
from shared.models import Counter, Site, Ticket, TicketStatus
from shared.rules.states import TicketAction, statuses_allowing
from shared.store import may

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Zoned(Protocol):
    """Anything that knows the site's timezone: the site row, the rules' site context, the
    display's site."""

    @property
    def timezone(self) -> str: ...


def business_day(site: Zoned, now: dt.datetime) -> dt.date:
    """The site's own date at ``now``: the day a ticket belongs to, whatever the station's zone.

    The one place Antre turns an instant into a business day; every reader and writer asks it."""
    return now.astimezone(zoneinfo.ZoneInfo(site.timezone)).date()


def roll_over(session: Session, *, now: dt.datetime) -> int:
    """Close yesterday: unserved tickets expire, counters are released. Idempotent.

    Numbering restarts by itself, because numbers are keyed by business day. Nothing is
    deleted. Returns how many tickets expired (0 when the day had already rolled).
    """
    seen = session.execute(select(Site.business_day, Site.timezone).where(Site.id == 1)).one_or_none()
    if seen is None or seen.business_day == business_day(seen, now):
        return 0  # the usual case: a plain read, no lock
    if not may(session, "ticket", "UPDATE"):
        return 0  # a kiosk's or a display's role: a counter or the admin closes the day
    site = session.scalar(select(Site).where(Site.id == 1).with_for_update())
    if site is None:
        return 0
    today = business_day(site, now)
    if site.business_day == today:
        return 0
    expired: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(Ticket)
        .where(Ticket.business_day < today, Ticket.status.in_(statuses_allowing(TicketAction.CLOSE_DAY)))
        .values(status=TicketStatus.EXPIRED, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Counter)
        .where(Counter.current_ticket_id.in_(select(Ticket.id).where(Ticket.business_day < today)))
        .values(current_ticket_id=None).execution_options(synchronize_session=False)
    )
    previous = site.business_day
    site.business_day = today
    events.emit(session, "day_started", at=now, business_day=today,
                previous=previous.isoformat() if previous else None, expired=expired.rowcount)
    return int(expired.rowcount or 0)
