"""A report for a period: the cells added up per agency, service, counter or clerk, with the
SKM index beside them; and storing the closed days a report reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.errors import NotFound
from shared.models import Agency, Counter, Service, Site, User
from shared.reports import cells as cells_mod
from shared.reports import figures
from shared.reports.figures import Clerk, Figures, Names, Row
from shared.reports.period import Period
from shared.reports.survey import Index, indexes
from shared.store import Store, may

KEEP_BATCH_DAYS = 31
"""Closed days stored per transaction: short enough never to hold the write lock long."""


@dataclass(frozen=True)
class Report:
    period: Period
    by: str
    site_name: str
    total: Figures
    rows: tuple[Row, ...]
    clerks: tuple[Clerk, ...]
    arrivals: tuple[tuple[int, ...], ...]  # 7 weekdays (Monday first) x 24 hours
    waits_by_hour: tuple[tuple[int, int, float | None], ...]
    sla: tuple[Row, ...]  # per agency, whatever ``by`` is
    ikm: Index | None
    ikm_rows: dict[str, Index]  # by row key (agency, service or counter code)
    agency: str | None = None  # the agency's code when the report covers one agency only
    agency_name: str | None = None


def names(session: Session) -> Names:
    n = Names()
    for a in session.execute(select(Agency.id, Agency.code, Agency.short, Agency.name)
                             .order_by(Agency.position)):
        n.agencies[a.id] = a.short or a.name
        n.codes[("agency", a.id)] = a.code
    for s in session.execute(select(Service.id, Service.code, Service.name, Service.agency_id)
                             .order_by(Service.position)):
        n.services[s.id] = s.name
        n.service_agency[s.id] = s.agency_id
        n.codes[("service", s.id)] = s.code
    for c in session.execute(select(Counter.id, Counter.code, Counter.name).order_by(Counter.position)):
        n.counters[c.id] = c.name
        n.codes[("counter", c.id)] = c.code
    for u in session.execute(select(User.id, User.username, User.full_name).order_by(User.username)):
        n.users[u.id] = u.full_name or u.username
        n.codes[("user", u.id)] = u.username
    return n


def build(session: Session, period: Period, by: str = "agency", *, agency: str | None = None) -> Report:
    """The report of ``period``, of the whole MPP or of one agency (its code). Stored closed
    days are read; the others are computed."""
    if by not in figures.BY:
        raise ValueError(by)
    facts = cells_mod.site_facts(session)
    all_cells = cells_mod.cells_of(session, period.first, period.last, facts)
    labels = names(session)
    agency_id: int | None = None
    if agency is not None:
        agency_id = next((k for (kind, k), code in labels.codes.items()
                          if kind == "agency" and code == agency), None)
        if agency_id is None:
            raise NotFound(f"Instansi '{agency}' tidak ditemukan.")
        all_cells = [c for c in all_cells if labels.service_agency.get(c.service_id) == agency_id]
    total, rows = figures.rows(all_cells, by, labels)
    _, sla = figures.rows(all_cells, "agency", labels) if by != "agency" else (total, rows)
    ikm, groups = indexes(session, period.first, period.last, by, agency_id=agency_id)
    kind = {"agency": "agency", "service": "service", "counter": "counter"}.get(by)
    ikm_rows = {labels.codes.get((kind, k), str(k)): idx for k, idx in groups.items()} if kind else {}
    site = session.get(Site, 1)
    return Report(
        period=period, by=by, site_name=site.name if site else "", total=total, rows=rows,
        clerks=figures.clerks(all_cells, labels), arrivals=figures.arrivals(all_cells),
        waits_by_hour=figures.waits_by_hour(all_cells), sla=sla, ikm=ikm, ikm_rows=ikm_rows,
        agency=agency, agency_name=labels.agencies.get(agency_id) if agency_id is not None else None)


def keep_closed_days(store: Store, period: Period, *, now: dt.datetime) -> int:
    """Store the closed days of ``period`` that are not stored yet, a batch per transaction,
    then each closed month of it whose days are all stored. Returns how many days were stored.

    A station whose role may not store them (a kiosk) stores none; its reports compute
    those days instead."""
    with store.reading() as s:
        facts = cells_mod.site_facts(s)
        if not may(s, "report_day", "INSERT"):
            return 0
        first, last = cells_mod.month_of(period.first)[0], cells_mod.month_of(period.last)[1]
        kept = cells_mod.kept(s, cells_mod.DAY, first, last)
        kept_months = cells_mod.kept(s, cells_mod.MONTH, first, last)
    months = sorted({d.replace(day=1) for d in period.days()} - kept_months)
    months = [m for m in months if cells_mod.closed(facts, cells_mod.month_of(m)[1])]
    wanted = set(period.days()) | {m + dt.timedelta(days=i) for m in months
                                   for i in range(cells_mod.month_of(m)[1].day)}
    missing = sorted(d for d in wanted if cells_mod.closed(facts, d) and d not in kept)
    _keep_days(store, missing, facts, now)
    for m in months:
        with store.transaction() as s:
            cells_mod.keep_month(s, m, now=now)
    return sum(1 for d in missing if period.first <= d <= period.last)


def _keep_days(store: Store, days: list[dt.date], facts: cells_mod.SiteFacts, now: dt.datetime) -> None:
    for i in range(0, len(days), KEEP_BATCH_DAYS):
        with store.transaction() as s:
            cells_mod.keep(s, [cells_mod.compute_day(s, d, tz=facts.timezone, targets_s=facts.targets_s,
                                                     service_codes=facts.service_codes)
                               for d in days[i:i + KEEP_BATCH_DAYS]], now=now)


def rebuild(store: Store, period: Period, *, now: dt.datetime) -> int:
    """Store the closed days of ``period`` afresh (after a site file changed a target, say)."""
    with store.reading() as s:
        facts = cells_mod.site_facts(s)
    closed = [d for d in period.days() if cells_mod.closed(facts, d)]
    _keep_days(store, closed, facts, now)
    for m in sorted({d.replace(day=1) for d in closed}):
        if cells_mod.closed(facts, cells_mod.month_of(m)[1]):
            keep_closed_days(store, Period(m, cells_mod.month_of(m)[1], ""), now=now)
            with store.transaction() as s:
                cells_mod.keep_month(s, m, now=now)
    return len(closed)
