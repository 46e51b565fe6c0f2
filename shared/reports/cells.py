"""A business day's figures, cut by service, counter and clerk: computed from the day's
tickets and events, and kept for a closed day so a year's report reads cells, not events.

The measures are defined in docs/reports.md; this module is where each is computed, once:

- a ticket's **issue** counts in the cell of the service it was issued for (no counter, no
  clerk), with its local hour of issue (the arrivals);
- its **first call** (the first ``ticket_called`` event) counts where it was called: the
  issued service, the calling counter and clerk; the waiting time is first call - issue;
- its **outcome** counts where it ended: served (``done``) with the service time finish -
  start, ``no_show`` or ``expired``, at its last service and counter, by the clerk of the
  last ``ticket_finished`` / ``ticket_no_show`` event;
- each **transfer** (``ticket_transferred``) counts at the service it left, the counter and
  clerk that sent it.

A day is closed once the store's business day has moved past it (the rollover): its tickets
no longer change, so its cells are stored (``report_day`` marks it) the first time a report
needs them. The open day is always computed afresh.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from shared.models import Event, ReportCell, ReportDay, Service, Site, Ticket, TicketStatus

WAIT_BUCKET_S = 10
"""Waiting times are kept in buckets of this many seconds (rounded to the nearest) for the
median and p90; the mean uses the exact sum."""

_CALL_KINDS = ("ticket_called", "ticket_finished", "ticket_no_show", "ticket_transferred")

Key = tuple[int, int | None, int | None]
"""(service id, counter id, clerk's user id)."""


@dataclass(slots=True)
class Cell:
    service_id: int
    counter_id: int | None
    user_id: int | None
    issued: int = 0
    called: int = 0
    wait_sum_s: float = 0.0
    within_target: int = 0
    served: int = 0
    service_sum_s: float = 0.0
    no_show: int = 0
    expired: int = 0
    transferred: int = 0
    waits: dict[int, int] = field(default_factory=dict)  # bucket -> tickets
    arrivals: dict[int, int] = field(default_factory=dict)  # hour of issue -> tickets
    wait_hours: dict[int, list[float]] = field(default_factory=dict)  # hour of issue -> [n, sum]

    @property
    def key(self) -> Key:
        return (self.service_id, self.counter_id, self.user_id)


@dataclass(frozen=True)
class DayCells:
    """One business day's cells, ready to be added up."""

    day: dt.date
    cells: tuple[Cell, ...]


def _cell(cells: dict[Key, Cell], key: Key) -> Cell:
    c = cells.get(key)
    if c is None:
        c = cells[key] = Cell(*key)
    return c


def compute_day(session: Session, day: dt.date, *, tz: str, targets_s: dict[int, float],
                service_codes: dict[str, int]) -> DayCells:
    """The day's cells, from its tickets and events."""
    zone = zoneinfo.ZoneInfo(tz)
    tickets = session.execute(
        select(Ticket.id, Ticket.issued_service_id, Ticket.service_id, Ticket.status, Ticket.issued_at,
               Ticket.started_at, Ticket.finished_at, Ticket.counter_id)
        .where(Ticket.business_day == day)
    ).all()
    first_call: dict[int, tuple[dt.datetime, int | None, int | None]] = {}
    last_by: dict[int, int | None] = {}
    transfers: list[tuple[int, int | None, int | None, Any]] = []
    for ev in session.execute(
        select(Event.ticket_id, Event.kind, Event.at, Event.counter_id, Event.user_id)
        .where(Event.business_day == day, Event.kind.in_(_CALL_KINDS))
        .order_by(Event.id)
    ):
        if ev.ticket_id is None:
            continue
        if ev.kind == "ticket_called":
            first_call.setdefault(ev.ticket_id, (ev.at, ev.counter_id, ev.user_id))
        elif ev.kind == "ticket_transferred":
            transfers.append((ev.ticket_id, ev.counter_id, ev.user_id, None))
        else:
            last_by[ev.ticket_id] = ev.user_id
    if transfers:
        # Only a transfer needs its payload: the service the ticket left.
        left = session.execute(
            select(Event.data).where(Event.business_day == day, Event.kind == "ticket_transferred")
            .order_by(Event.id)).scalars().all()
        transfers = [(t, c, u, service_codes.get((d or {}).get("from_service") or ""))
                     for (t, c, u, _), d in zip(transfers, left, strict=True)]

    cells: dict[Key, Cell] = {}
    for t in tickets:
        hour = t.issued_at.astimezone(zone).hour
        c = _cell(cells, (t.issued_service_id, None, None))
        c.issued += 1
        c.arrivals[hour] = c.arrivals.get(hour, 0) + 1
        call = first_call.get(t.id)
        wait: float | None = None
        if call is not None:
            wait = max(0.0, (call[0] - t.issued_at).total_seconds())
            c = _cell(cells, (t.issued_service_id, call[1], call[2]))
            c.called += 1
            c.wait_sum_s += wait
            bucket = round(wait / WAIT_BUCKET_S)
            c.waits[bucket] = c.waits.get(bucket, 0) + 1
            if wait <= targets_s.get(t.issued_service_id, 1800.0):
                c.within_target += 1
            wh = c.wait_hours.setdefault(hour, [0, 0.0])
            wh[0] += 1
            wh[1] += wait
        if t.status == TicketStatus.DONE:
            c = _cell(cells, (t.service_id, t.counter_id, last_by.get(t.id)))
            c.served += 1
            if t.started_at is not None and t.finished_at is not None:
                c.service_sum_s += max(0.0, (t.finished_at - t.started_at).total_seconds())
        elif t.status == TicketStatus.NO_SHOW:
            _cell(cells, (t.service_id, t.counter_id, last_by.get(t.id))).no_show += 1
        elif t.status == TicketStatus.EXPIRED:
            _cell(cells, (t.service_id, t.counter_id, None)).expired += 1
    by_id = {t.id: t for t in tickets}
    for ticket_id, counter_id, user_id, from_service in transfers:
        sent = by_id.get(ticket_id)
        service_id = from_service if from_service is not None else (sent.issued_service_id if sent else None)
        if service_id is not None:
            _cell(cells, (service_id, counter_id, user_id)).transferred += 1
    return DayCells(day, tuple(cells.values()))


# --- stored days ------------------------------------------------------------------------

_COLUMNS = ("issued", "called", "wait_sum_s", "within_target", "served", "service_sum_s", "no_show",
            "expired", "transferred")


def _row(day: dt.date, c: Cell) -> dict[str, Any]:
    row: dict[str, Any] = {"business_day": day, "service_id": c.service_id, "counter_id": c.counter_id,
                           "user_id": c.user_id}
    for name in _COLUMNS:
        row[name] = getattr(c, name)
    row["waits"] = {str(k): v for k, v in c.waits.items()}
    row["arrivals"] = {str(k): v for k, v in c.arrivals.items()}
    row["wait_hours"] = {str(k): v for k, v in c.wait_hours.items()}
    return row


def _from_row(r: Any) -> Cell:
    return Cell(
        r.service_id, r.counter_id, r.user_id, r.issued, r.called, r.wait_sum_s, r.within_target,
        r.served, r.service_sum_s, r.no_show, r.expired, r.transferred,
        {int(k): v for k, v in (r.waits or {}).items()},
        {int(k): v for k, v in (r.arrivals or {}).items()},
        {int(k): v for k, v in (r.wait_hours or {}).items()},
    )


def keep(session: Session, days: Iterable[DayCells], *, now: dt.datetime) -> None:
    """Store closed days' cells (replacing what was kept for them): the caller's transaction."""
    batch = list(days)
    if not batch:
        return
    dates = [d.day for d in batch]
    session.execute(delete(ReportCell).where(ReportCell.business_day.in_(dates)))
    session.execute(delete(ReportDay).where(ReportDay.business_day.in_(dates)))
    rows = [_row(d.day, c) for d in batch for c in d.cells]
    if rows:
        session.execute(insert(ReportCell), rows)
    session.execute(insert(ReportDay), [
        {"business_day": d.day, "built_at": now, "tickets": sum(c.issued for c in d.cells)} for d in batch])


def kept_days(session: Session, first: dt.date, last: dt.date) -> set[dt.date]:
    return set(session.scalars(select(ReportDay.business_day)
                               .where(ReportDay.business_day.between(first, last))))


def kept_cells(session: Session, first: dt.date, last: dt.date) -> list[tuple[dt.date, Cell]]:
    rows = session.execute(select(ReportCell).where(ReportCell.business_day.between(first, last))
                           ).scalars()
    return [(r.business_day, _from_row(r)) for r in rows]


# --- the site's facts the cells need ----------------------------------------------------

@dataclass(frozen=True)
class SiteFacts:
    timezone: str
    open_day: dt.date | None  # the store's business day: it and later days are not closed
    targets_s: dict[int, float]
    service_codes: dict[str, int]


def site_facts(session: Session) -> SiteFacts:
    site = session.execute(select(Site.timezone, Site.business_day).where(Site.id == 1)).one_or_none()
    services = session.execute(select(Service.id, Service.code, Service.target_wait_min)).all()
    return SiteFacts(
        timezone=site.timezone if site else "Asia/Jakarta",
        open_day=site.business_day if site else None,
        targets_s={s.id: float(s.target_wait_min) * 60 for s in services},
        service_codes={s.code: s.id for s in services},
    )


def closed(facts: SiteFacts, day: dt.date) -> bool:
    return facts.open_day is not None and day < facts.open_day


def cells_of(session: Session, days: Sequence[dt.date], facts: SiteFacts) -> list[tuple[dt.date, Cell]]:
    """The cells of ``days``: stored ones for kept closed days, computed ones for the rest."""
    if not days:
        return []
    first, last = min(days), max(days)
    kept = kept_days(session, first, last)
    out = [(d, c) for d, c in kept_cells(session, first, last) if d in kept] if kept else []
    for d in days:
        if d not in kept:
            out.extend((d, c) for c in compute_day(session, d, tz=facts.timezone, targets_s=facts.targets_s,
                                                   service_codes=facts.service_codes).cells)
    return out
