"""What a site is made of, read once per site revision and kept per pooled connection.

The hot actions (issue, call next) need service and agency names for their views and
events. Those change only when a site file is loaded, which bumps ``site.revision``; so a
process reads them once and then only reads the site row, which it needs anyway for the
timezone and settings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.errors import RuleRefused
from shared.models import Agency, PriorityClass, Service, Site
from shared.rules.day import SERVER_NOW, business_day, note_server_time

_CACHE_KEY = "antre_catalog"


@dataclass(frozen=True)
class ServiceInfo:
    id: int
    code: str
    name: str
    prefix: str
    quota: int | None
    hours: str | None
    avg_service_s: float
    active: bool
    agency_id: int
    agency: str
    agency_name: str
    agency_short: str


@dataclass(frozen=True)
class Catalog:
    revision: int
    services: dict[int, ServiceInfo]
    by_code: dict[str, ServiceInfo]
    priority_classes: frozenset[str]


@dataclass(frozen=True)
class SiteContext:
    """The site row's settings plus the catalog, for one transaction."""

    name: str
    timezone: str
    config: dict[str, Any]
    catalog: Catalog

    def business_day(self, now: dt.datetime) -> dt.date:
        return business_day(self, now)

    def setting(self, key: str, default: Any) -> Any:
        return self.config.get(key, default)

    def service(self, service_id: int) -> ServiceInfo:
        return self.catalog.services[service_id]


SITE_ROW = select(Site.name, Site.timezone, Site.config, Site.revision, SERVER_NOW).where(Site.id == 1)


def _load(session: Session, revision: int) -> Catalog:
    rows = session.execute(select(Service, Agency).join(Agency, Service.agency_id == Agency.id)).all()
    services = {
        svc.id: ServiceInfo(
            id=svc.id, code=svc.code, name=svc.name, prefix=svc.prefix, quota=svc.quota,
            hours=svc.hours, avg_service_s=svc.avg_service_s, active=svc.active and agency.active,
            agency_id=agency.id, agency=agency.code, agency_name=agency.name, agency_short=agency.short,
        )
        for svc, agency in rows
    }
    classes = frozenset(session.scalars(select(PriorityClass.code).where(PriorityClass.active.is_(True))))
    return Catalog(revision, services, {s.code: s for s in services.values() if s.active}, classes)


def catalog(session: Session, revision: int) -> Catalog:
    cache = session.connection().info
    cat = cache.get(_CACHE_KEY)
    if not isinstance(cat, Catalog) or cat.revision != revision:
        cat = _load(session, revision)
        cache[_CACHE_KEY] = cat
    return cat


def site_context(session: Session, row: Any = None) -> SiteContext:
    """The site's settings and catalog. ``row`` is a SITE_ROW result already fetched."""
    if row is None:
        row = session.execute(SITE_ROW).one_or_none()
    if row is None:
        raise RuleRefused("Situs belum dimuat. Jalankan 'antre site load BERKAS.toml' dulu.")
    note_server_time(session, getattr(row, "server_now", None))
    return SiteContext(row.name, row.timezone, dict(row.config or {}), catalog(session, row.revision))
