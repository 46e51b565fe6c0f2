"""What the kiosk offers: agencies and their services, as frozen views. No Qt here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import calendar, rules
from shared.dto import ServiceView
from shared.models import PriorityClass
from shared.printing import ReceiptContext, receipt_context

# The usual classes first, in the order a visitor reads them; any others after, by name.
_PRIORITY_ORDER = ("lansia", "disabilitas", "ibu_hamil", "anak")


@dataclass(frozen=True)
class AgencyEntry:
    code: str
    short: str
    name: str
    services: tuple[ServiceView, ...]

    @property
    def waiting(self) -> int:
        return sum(s.waiting for s in self.services)

    @property
    def available(self) -> bool:
        """At least one of its services can issue a ticket now."""
        return any(s.available for s in self.services)


@dataclass(frozen=True)
class Catalog:
    site_name: str
    business_day: dt.date
    agencies: tuple[AgencyEntry, ...]
    rolled_over: bool = True
    """False when the store still holds an earlier business day (nobody closed yesterday)."""
    priorities: tuple[tuple[str, str], ...] = ()
    """The site's active priority classes as (code, name)."""
    receipt: ReceiptContext | None = None
    notice: str | None = None
    """What the calendar says about the whole site now (a holiday, a break and when service
    resumes, the cut-off, closed), in Indonesian; None on an ordinary open hour."""
    notice_kind: str = "open"
    """The calendar's kind of that moment (shared.calendar.Kind): holiday, break, cutoff..."""

    def agency(self, code: str) -> AgencyEntry | None:
        return next((a for a in self.agencies if a.code == code), None)


def group(services: Iterable[ServiceView]) -> tuple[AgencyEntry, ...]:
    """Services (already in display order) grouped by agency, keeping that order."""
    by_agency: dict[str, list[ServiceView]] = {}
    for svc in services:
        by_agency.setdefault(svc.agency, []).append(svc)
    return tuple(
        AgencyEntry(code=code, short=svcs[0].agency_short or svcs[0].agency_name,
                    name=svcs[0].agency_name, services=tuple(svcs))
        for code, svcs in by_agency.items()
    )


def _priorities(session: Session) -> tuple[tuple[str, str], ...]:
    rows = session.execute(
        select(PriorityClass.code, PriorityClass.name).where(PriorityClass.active.is_(True))).all()

    def rank(row: tuple[str, str]) -> tuple[int, str]:
        code, name = row
        return (_PRIORITY_ORDER.index(code) if code in _PRIORITY_ORDER else len(_PRIORITY_ORDER), name)

    return tuple(sorted(((r.code, r.name) for r in rows), key=rank))


def load_catalog(session: Session, now: dt.datetime) -> Catalog:
    site = rules.load_site(session)
    day = rules.business_day(site, now)
    today = rules.service_moment(site.config or {}, site.timezone, calendar.SITE, None, now)
    return Catalog(
        site_name=site.name,
        business_day=day,
        agencies=group(rules.service_views(session, now=now)),
        rolled_over=site.business_day == day,
        priorities=_priorities(session),
        receipt=receipt_context(session),
        notice=today.text,
        notice_kind=str(today.kind),
    )
