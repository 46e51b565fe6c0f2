"""The business day: the clock, the site's local date, and closing yesterday.

**The store's clock is the truth.** On PostgreSQL several PCs share one queue, and their
clocks drift or are set by hand: a counter PC a day ahead would close today's queue. So
the rules take "now" from the server (:func:`store_now`), read in the same statement as the
site or counter row each action reads first, so it costs no extra round trip. A station
whose own clock is further than its margin (``[store] clock_margin_s``, default 120 s) from
the server's still works on the server's time; it records one ``clock_skew`` event per
episode and says so in its log, and its self-test fails with the difference. SQLite is one
PC: its clock is the store's.
"""

from __future__ import annotations

import datetime as dt
import logging
import weakref
import zoneinfo
from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import CursorResult, Engine, exists, func, select, text, update
from sqlalchemy.orm import Session

from shared import events
from shared.models import OPEN_STATUSES_SQL, Counter, Site, Ticket, TicketStatus
from shared.rules import summary
from shared.store import CLOCK_MARGIN, DEFAULT_CLOCK_MARGIN_S, TRUST_STATION_CLOCK, may

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]

SERVER_NOW = func.now().label("server_now")
"""A column to add to an action's first read: the server's time, in the same round trip."""
_SERVER_NOW = "antre_server_now"
_skews: weakref.WeakKeyDictionary[Engine, dt.timedelta] = weakref.WeakKeyDictionary()


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def note_server_time(session: Session, value: object) -> None:
    """Keep the server's time read along with a row (``SERVER_NOW``) for this transaction."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        session.info.setdefault(_SERVER_NOW, value.astimezone(dt.UTC))


def store_now(session: Session, station_now: dt.datetime) -> dt.datetime:
    """The instant an action happens: the server's time on PostgreSQL (read with the action's
    first row, or here when none carried it), the station's on SQLite."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql" or session.info.get(TRUST_STATION_CLOCK):
        return station_now
    if _SERVER_NOW not in session.info:
        note_server_time(session, session.scalar(select(SERVER_NOW)))
    server: dt.datetime = session.info[_SERVER_NOW]
    skew = station_now - server
    margin = dt.timedelta(seconds=float(session.info.get(CLOCK_MARGIN, DEFAULT_CLOCK_MARGIN_S)))
    engine = bind.engine
    if abs(skew) <= margin:
        _skews.pop(engine, None)
    elif engine not in _skews:
        _skews[engine] = skew
        log.warning("this station's clock is %+.0f s off the server's; working on the server's time",
                    skew.total_seconds())
        events.emit(session, "clock_skew", at=server, station_time=station_now.isoformat(),
                    server_time=server.isoformat(), skew_s=round(skew.total_seconds(), 1))
    else:
        _skews[engine] = skew
    return server


def clock_skew(engine: Engine) -> dt.timedelta | None:
    """How far this station's clock was off the server's at its last action, when beyond the
    margin (for the staff's warning); None when within it."""
    return _skews.get(engine)


def describe_skew(skew: dt.timedelta) -> str:
    """'1 hari 0 jam 0 menit lebih cepat' and the like, for staff."""
    seconds = abs(skew.total_seconds())
    days, rest = divmod(round(seconds), 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{days} hari"] if days else []
    parts += [f"{hours} jam"] if hours or days else []
    parts += [f"{minutes} menit", f"{secs} detik"]
    return " ".join(parts) + (" lebih cepat" if skew > dt.timedelta(0) else " lebih lambat")


def skew_warning(skew: dt.timedelta) -> str:
    """The staff's warning for a station whose clock is off the server's (one sentence, used by
    the CLI and the counter app)."""
    return (f"Jam PC ini {describe_skew(skew)} dari jam server; Antre memakai jam server. "
            "Setel jam PC ini (NTP).")


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
    """Close yesterday: unserved tickets expire, counters are released, and the closed day's
    report cells are stored (:mod:`shared.rules.summary`). Idempotent.

    Numbering restarts by itself, because numbers are keyed by business day. Nothing is
    deleted. Returns how many tickets expired (0 when the day had already rolled).
    """
    seen = session.execute(
        select(Site.business_day, Site.timezone, SERVER_NOW).where(Site.id == 1)).one_or_none()
    if seen is None:
        return 0
    note_server_time(session, seen.server_now)
    now = store_now(session, now)
    if seen.business_day is not None and seen.business_day >= business_day(seen, now):
        return 0  # the usual case: a plain read, no lock; and a day never moves back
    if not may(session, "ticket", "UPDATE", "status"):
        return 0  # a kiosk's or a display's role: a counter or the admin closes the day
    site = session.scalar(select(Site).where(Site.id == 1).with_for_update())
    if site is None:
        return 0
    today = business_day(site, now)
    if site.business_day is not None and site.business_day >= today:
        return 0
    # The open statuses as literal SQL, so both stores use the partial index ix_ticket_open
    # (its WHERE): a past day's open tickets are a handful in a year of history.
    expired: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(Ticket)
        .where(Ticket.business_day < today, text(OPEN_STATUSES_SQL))
        .values(status=TicketStatus.EXPIRED, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    held_from_before = exists().where(Ticket.id == Counter.current_ticket_id, Ticket.business_day < today)
    session.execute(
        update(Counter)
        .where(Counter.current_ticket_id.is_not(None), held_from_before)
        .values(current_ticket_id=None).execution_options(synchronize_session=False)
    )
    previous = site.business_day
    site.business_day = today
    if previous is not None and may(session, "report_day", "INSERT"):
        summary.close_days(session, previous, today, now=now)
    events.emit(session, "day_started", at=now, business_day=today,
                previous=previous.isoformat() if previous else None, expired=expired.rowcount)
    return int(expired.rowcount or 0)
