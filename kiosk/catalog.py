"""What the kiosk offers: agencies and their services, as frozen views. No Qt here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from shared import rules
from shared.dto import ServiceView


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


def load_catalog(session: Session, now: dt.datetime) -> Catalog:
    site = rules.load_site(session)
    day = rules.business_day(site, now)
    return Catalog(
        site_name=site.name,
        business_day=day,
        agencies=group(rules.service_views(session, now=now)),
        rolled_over=site.business_day == day,
    )
