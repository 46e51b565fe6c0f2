"""A business day's summary for the reports: its figures cut by service, counter and clerk,
computed from the day's tickets and events, and stored when the day closes (the rollover,
:func:`shared.rules.day.roll_over`) so a year's report reads cells, not events.

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
no longer change, so the rollover stores its cells (``report_day`` marks it), and when a
month closes with all its days stored, the month's cells added up, so a year's report reads
twelve months of cells. A day the rollover did not store (a store older than this, a role
that may not write them) is stored the first time a report needs it
(:mod:`shared.reports.build`); ``antre report rebuild`` stores a period afresh. The open day
is always computed afresh.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select
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
    arrivals: dict[int, int] = field(default_factory=dict)  # weekday x 24 + hour of issue -> tickets
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


def compute_day(
    session: Session, day: dt.date, *, tz: str, targets_s: dict[int, float], service_codes: dict[str, int]
) -> DayCells:
    """The day's cells, from its tickets and events."""
    zone = zoneinfo.ZoneInfo(tz)
    tickets = session.execute(
        select(
            Ticket.id,
            Ticket.issued_service_id,
            Ticket.service_id,
            Ticket.status,
            Ticket.issued_at,
            Ticket.started_at,
            Ticket.finished_at,
            Ticket.counter_id,
        ).where(Ticket.business_day == day)
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
        left = (
            session.execute(
                select(Event.data)
                .where(Event.business_day == day, Event.kind == "ticket_transferred")
                .order_by(Event.id)
            )
            .scalars()
            .all()
        )
        transfers = [
            (t, c, u, service_codes.get((d or {}).get("from_service") or ""))
            for (t, c, u, _), d in zip(transfers, left, strict=True)
        ]

    cells: dict[Key, Cell] = {}
    weekday_slot = day.weekday() * 24
    for t in tickets:
        hour = t.issued_at.astimezone(zone).hour
        c = _cell(cells, (t.issued_service_id, None, None))
        c.issued += 1
        slot = weekday_slot + hour
        c.arrivals[slot] = c.arrivals.get(slot, 0) + 1
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


# --- stored days and months --------------------------------------------------------------

DAY, MONTH = "day", "month"
_COLUMNS = (
    "issued",
    "called",
    "wait_sum_s",
    "within_target",
    "served",
    "service_sum_s",
    "no_show",
    "expired",
    "transferred",
)
RC = cast(Table, ReportCell.__table__)
CELL_READ = select(
    RC.c.service_id,
    RC.c.counter_id,
    RC.c.user_id,
    *(RC.c[n] for n in _COLUMNS),
    RC.c.waits,
    RC.c.arrivals,
    RC.c.wait_hours,
)


def merge(into: Cell, c: Cell) -> None:
    """Add ``c`` to ``into`` (cells of the same key)."""
    for name in _COLUMNS:
        setattr(into, name, getattr(into, name) + getattr(c, name))
    for mine, theirs in ((into.waits, c.waits), (into.arrivals, c.arrivals)):
        for k, v in theirs.items():
            mine[k] = mine.get(k, 0) + v
    for hour, (n, total) in c.wait_hours.items():
        h = into.wait_hours.setdefault(hour, [0, 0.0])
        h[0] += n
        h[1] += total


def _row(day: dt.date, span: str, c: Cell) -> dict[str, Any]:
    row: dict[str, Any] = {
        "business_day": day,
        "span": span,
        "service_id": c.service_id,
        "counter_id": c.counter_id,
        "user_id": c.user_id,
    }
    for name in _COLUMNS:
        row[name] = getattr(c, name)
    row["waits"] = {str(k): v for k, v in c.waits.items()}
    row["arrivals"] = {str(k): v for k, v in c.arrivals.items()}
    row["wait_hours"] = {str(k): v for k, v in c.wait_hours.items()}
    return row


def from_row(r: Any) -> Cell:
    return Cell(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        r[5],
        r[6],
        r[7],
        r[8],
        r[9],
        r[10],
        r[11],
        {int(k): v for k, v in (r[12] or {}).items()},
        {int(k): v for k, v in (r[13] or {}).items()},
        {int(k): v for k, v in (r[14] or {}).items()},
    )


def _store(
    session: Session, span: str, batch: Sequence[tuple[dt.date, Sequence[Cell]]], now: dt.datetime
) -> None:
    dates = [d for d, _ in batch]
    session.execute(delete(ReportCell).where(ReportCell.span == span, ReportCell.business_day.in_(dates)))
    session.execute(delete(ReportDay).where(ReportDay.span == span, ReportDay.business_day.in_(dates)))
    rows = [_row(d, span, c) for d, cells in batch for c in cells]
    if rows:
        session.execute(insert(ReportCell), rows)
    session.execute(
        insert(ReportDay),
        [
            {"business_day": d, "span": span, "built_at": now, "tickets": sum(c.issued for c in cells)}
            for d, cells in batch
        ],
    )


def keep(session: Session, days: Iterable[DayCells], *, now: dt.datetime) -> None:
    """Store closed days' cells (replacing what was kept for them): the caller's transaction."""
    batch = [(d.day, d.cells) for d in days]
    if batch:
        _store(session, DAY, batch, now)


def month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(day=1)
    return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def keep_month(session: Session, first: dt.date, *, now: dt.datetime) -> None:
    """Store a closed month's cells, added up from its stored days (all must be kept)."""
    last = month_of(first)[1]
    cells: dict[Key, Cell] = {}
    for r in session.execute(CELL_READ.where(RC.c.span == DAY, RC.c.business_day.between(first, last))):
        c = from_row(r)
        mine = cells.get(c.key)
        if mine is None:
            cells[c.key] = c
        else:
            merge(mine, c)
    _store(session, MONTH, [(first, list(cells.values()))], now)


def kept(session: Session, span: str, first: dt.date, last: dt.date) -> set[dt.date]:
    return set(
        session.scalars(
            select(ReportDay.business_day).where(
                ReportDay.span == span, ReportDay.business_day.between(first, last)
            )
        )
    )


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


CLOSE_AT_MOST_DAYS = 31
"""The rollover stores at most this many closed days (a store left unused for longer leaves
the older ones to the first report that needs them)."""


def close_days(session: Session, previous: dt.date, today: dt.date, *, now: dt.datetime) -> int:
    """Store the cells of the days the rollover closes (``previous`` to the day before
    ``today``), and of each month that closes with all its days stored: in the rollover's
    transaction, after it expired the day's leftovers. Returns how many days were stored."""
    first = max(previous, today - dt.timedelta(days=CLOSE_AT_MOST_DAYS))
    days = [first + dt.timedelta(days=i) for i in range((today - first).days)]
    if not days:
        return 0
    facts = site_facts(session)
    keep(
        session,
        [
            compute_day(
                session, d, tz=facts.timezone, targets_s=facts.targets_s, service_codes=facts.service_codes
            )
            for d in days
        ],
        now=now,
    )
    for m in sorted({d.replace(day=1) for d in days}):
        m_first, m_last = month_of(m)
        if m_last < today and len(kept(session, DAY, m_first, m_last)) == m_last.day:
            keep_month(session, m_first, now=now)
    return len(days)
