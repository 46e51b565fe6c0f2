"""Whether a service issues now (the site's calendar), and how long a visitor will wait."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import statistics
import zoneinfo
from typing import Any

from sqlalchemy import bindparam, func, literal_column, select
from sqlalchemy.orm import Session

from shared.calendar import DAYS, SITE, Calendar, Kind, Moment, calendar_from_config, moment
from shared.models import Counter, CounterService, Service, Site, Ticket

_RECENT_SERVICES = 20  # finished tickets that make a service's typical duration
_MIN_SAMPLES = 3  # below this, trust the site file's service_minutes
_MAX_SERVICE_TIME_S = 3 * 3600


def availability(site: Site, svc: Service, now: dt.datetime, *, wait_min: int | None = None) -> str | None:
    """Why ``svc`` cannot issue a ticket at ``now`` (None when it can). Quota not included."""
    config = site.config or {}
    return service_moment(config, site.timezone, svc.code, svc.hours, now, wait_min=wait_min).reason


def site_calendar(config: dict[str, Any], service: str = SITE, service_hours: str | None = None) -> Calendar:
    """The calendar a loaded site keeps in its config. A site loaded before calendars existed
    has no calendar table; its services' hours then come from their own rows."""
    if "calendar" not in config and service_hours:
        config = config | {"calendar": {"service_hours": {service: {"*": service_hours}}}}
    key = json.dumps([config.get("days"), config.get("hours"), config.get("calendar")],
                     sort_keys=True, default=str)
    return _calendar(key)


@functools.lru_cache(maxsize=32)
def _calendar(key: str) -> Calendar:
    days, hours, cal = json.loads(key)
    return calendar_from_config({"days": days or list(DAYS[:5]), "hours": hours or "08:00-15:00",
                                 "calendar": cal or {}})


def service_moment(
    config: dict[str, Any], timezone: str, service: str, service_hours: str | None, now: dt.datetime,
    *, wait_min: int | None = None,
) -> Moment:
    """What the calendar says about ``service`` (or the whole site: :data:`SITE`) at ``now``:
    a holiday, a break, the cut-off... (:func:`shared.calendar.moment`)."""
    if config.get("always_open", False):
        return Moment(Kind.OPEN)
    local = now.astimezone(zoneinfo.ZoneInfo(timezone))
    return moment(site_calendar(config, service, service_hours), service, local, wait_min=wait_min)


def service_availability(
    config: dict[str, Any], timezone: str, service: str, service_hours: str | None, now: dt.datetime,
    *, wait_min: int | None = None,
) -> str | None:
    """Why ``service`` cannot issue at ``now`` (None when it can)."""
    return service_moment(config, timezone, service, service_hours, now, wait_min=wait_min).reason


def runs_past_closing(
    config: dict[str, Any], timezone: str, service: str, service_hours: str | None, now: dt.datetime,
    wait_min: int,
) -> str | None:
    """The service's closing time today ("15:00", from the site's calendar) when a wait of
    ``wait_min`` minutes from ``now`` runs past it, so a visitor can be told; None when it
    does not (or hours do not apply)."""
    if config.get("always_open", False) or wait_min <= 0:
        return None
    local = now.astimezone(zoneinfo.ZoneInfo(timezone))
    hours = site_calendar(config, service, service_hours).hours_on(service, DAYS[local.weekday()])
    if hours is None:
        return None
    closes = dt.datetime.combine(local.date(), hours.closes, local.tzinfo)
    if local < closes < local + dt.timedelta(minutes=wait_min):
        return f"{hours.closes:%H:%M}"
    return None


_OPEN_COUNTERS = (
    select(func.count()).select_from(CounterService).join(Counter)
    .where(CounterService.service_id == bindparam("p_service_id"),
           Counter.state == literal_column("'open'"), Counter.active.is_(True))
)
_RECENT_DURATIONS = (
    select(Ticket.started_at, Ticket.finished_at)
    .where(Ticket.service_id == bindparam("p_service_id"), Ticket.business_day == bindparam("p_day"),
           Ticket.status == literal_column("'done'"))
    .order_by(Ticket.finished_at.desc())
    .limit(_RECENT_SERVICES)
)


def count_open_counters(session: Session, service_id: int) -> int:
    return int(session.scalar(_OPEN_COUNTERS, {"p_service_id": service_id}) or 0)


def typical_service_s(session: Session, service_id: int, guess_s: float, day: dt.date) -> float:
    """Median duration of the service's latest finished tickets today, or the site file's
    guess until there are a few. Read from the tickets, so finishing a ticket never has to
    write (and lock) a shared per-service row."""
    rows = session.execute(_RECENT_DURATIONS, {"p_service_id": service_id, "p_day": day}).all()
    took = sorted(
        d for d in ((f - s).total_seconds() for s, f in rows if s is not None and f is not None)
        if 0 < d <= _MAX_SERVICE_TIME_S
    )
    if len(took) < _MIN_SAMPLES:
        return guess_s
    return statistics.median(took)


def estimate_wait_min(ahead: int, avg_service_s: float, open_counters: int) -> int:
    """Minutes until a visitor with ``ahead`` people before them is called."""
    if ahead <= 0:
        return 0
    return math.ceil(ahead * avg_service_s / max(1, open_counters) / 60)

