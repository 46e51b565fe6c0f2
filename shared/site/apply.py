"""Writing a checked site into the store, in the caller's transaction: an upsert by code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from shared import events
from shared.models import Agency, Counter, CounterService, PriorityClass, Service, Site, SiteRevision, User
from shared.site.export import diff, site_data
from shared.site.spec import SiteSpec


@dataclass(frozen=True)
class ApplyReport:
    agencies: int
    services: int
    counters: int
    users: int
    deactivated: int
    revision: int = 0
    changes: tuple[str, ...] = ()


_EVENT_CHANGES = 20  # the first lines of a revision's changes its event carries


def apply_site(
    session: Session, spec: SiteSpec, *, now: dt.datetime, by: str = "", user_id: int | None = None,
    note: str = "",
) -> ApplyReport:
    """Write ``spec`` into the store (upsert by code) as a new site revision, kept whole with
    who saved it (``by``) and what changed. The caller owns the transaction."""
    site = session.get(Site, 1)
    cfg = spec.config()
    if site is None:
        site = Site(id=1, name=spec.settings.name, timezone=spec.settings.timezone,
                    config=cfg, loaded_at=now, revision=1)
        session.add(site)
    else:
        site.name, site.timezone, site.config, site.loaded_at = (
            spec.settings.name, spec.settings.timezone, cfg, now)
        site.revision += 1
    data = site_data(spec)
    previous = session.scalar(select(SiteRevision).order_by(SiteRevision.revision.desc()).limit(1))
    changes = diff(previous.data if previous is not None else None, data)
    session.add(SiteRevision(revision=site.revision, at=now, author=by, user_id=user_id, note=note,
                             data=data, changes=changes))

    deactivated = 0
    classes = {pc.code: pc for pc in session.scalars(select(PriorityClass))}
    for code, name in spec.priority_classes:
        if code in classes:
            classes[code].name, classes[code].active = name, True
        else:
            session.add(PriorityClass(code=code, name=name, active=True))
    for code, pc in classes.items():
        if code not in dict(spec.priority_classes) and pc.active:
            pc.active = False
            deactivated += 1

    agencies = {a.code: a for a in session.scalars(select(Agency))}
    for pos, a in enumerate(spec.agencies):
        agency = agencies.get(a.code)
        if agency is None:
            agency = Agency(code=a.code)
            session.add(agency)
            agencies[a.code] = agency
        agency.name, agency.short, agency.position, agency.active = a.name, a.short, pos, True
        agency.description = a.description
    wanted = {a.code for a in spec.agencies}
    deactivated += _deactivate(agencies.values(), lambda r: r.code not in wanted)
    session.flush()

    services = {s.code: s for s in session.scalars(select(Service))}
    holders = {s.prefix: s.code for s in services.values()}
    if any(holders.get(ss.prefix, ss.code) != ss.code for ss in spec.services):
        # Free every prefix first so two services can swap prefixes in one reload.
        for existing in services.values():
            existing.prefix = f"~{existing.id}"
        session.flush()
    for pos, ss in enumerate(spec.services):
        svc = services.get(ss.code)
        if svc is None:
            svc = Service(code=ss.code, avg_service_s=ss.service_minutes * 60)
            session.add(svc)
            services[ss.code] = svc
        svc.agency_id = agencies[ss.agency].id
        svc.name, svc.prefix, svc.quota, svc.hours, svc.position, svc.active = (
            ss.name, ss.prefix, ss.quota, ss.hours, pos, True)
        svc.target_wait_min = ss.target_wait_min
    wanted = {s.code for s in spec.services}
    deactivated += _deactivate(services.values(), lambda r: r.code not in wanted)
    session.flush()

    counters = {c.code: c for c in session.scalars(select(Counter))}
    for pos, cs in enumerate(spec.counters):
        counter = counters.get(cs.code)
        if counter is None:
            counter = Counter(code=cs.code)
            session.add(counter)
            counters[cs.code] = counter
        counter.name, counter.agency_id, counter.zone, counter.position, counter.active = (
            cs.name, agencies[cs.agency].id, cs.zone, pos, True)
    wanted = {c.code for c in spec.counters}
    deactivated += _deactivate(counters.values(), lambda r: r.code not in wanted)
    session.flush()
    # Which counter serves which service: only the pairs that changed are written.
    pairs = {(counters[cs.code].id, services[code].id) for cs in spec.counters for code in cs.services}
    existing_pairs = {(row.counter_id, row.service_id) for row in session.execute(
        select(CounterService.counter_id, CounterService.service_id))}
    for counter_id, service_id in existing_pairs - pairs:
        session.execute(delete(CounterService).where(CounterService.counter_id == counter_id,
                                                     CounterService.service_id == service_id))
    session.add_all(CounterService(counter_id=c, service_id=sv) for c, sv in sorted(pairs - existing_pairs))

    users = {u.username: u for u in session.scalars(select(User))}
    for us in spec.users:
        user = users.get(us.username)
        if user is None:
            user = User(username=us.username, failed_logins=0)
            session.add(user)
        user.full_name, user.role, user.active = us.name, us.role, True
        user.agency_id = agencies[us.agency].id if us.agency else None
        if us.password_hash:
            user.password_hash = us.password_hash
    wanted = {u.username for u in spec.users}
    if spec.users:
        deactivated += _deactivate(users.values(), lambda r: r.username not in wanted)

    events.emit(session, "site_loaded", at=now, user_id=user_id, note=note or None, name=spec.settings.name,
                agencies=len(spec.agencies), services=len(spec.services), counters=len(spec.counters),
                revision=site.revision, by=by, changes=changes[:_EVENT_CHANGES], n_changes=len(changes))
    return ApplyReport(len(spec.agencies), len(spec.services), len(spec.counters), len(spec.users),
                       deactivated, site.revision, tuple(changes))


def _deactivate(rows: Iterable[Any], pred: Callable[[Any], bool]) -> int:
    n = 0
    for r in rows:
        if pred(r) and r.active:
            r.active = False
            n += 1
    return n
