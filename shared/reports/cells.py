"""A period's cells for a report: stored months and days where the rollover (or an earlier
report) kept them, computed days for the rest. What a cell holds and how a day's cells are
computed and stored is :mod:`shared.rules.summary`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from shared.rules.summary import (
    CELL_READ,
    DAY,
    MONTH,
    RC,
    WAIT_BUCKET_S,
    Cell,
    DayCells,
    Key,
    SiteFacts,
    closed,
    compute_day,
    from_row,
    keep,
    keep_month,
    kept,
    merge,
    month_of,
    site_facts,
)

__all__ = [
    "DAY",
    "MONTH",
    "WAIT_BUCKET_S",
    "Cell",
    "DayCells",
    "Key",
    "SiteFacts",
    "cells_of",
    "closed",
    "compute_day",
    "keep",
    "keep_month",
    "kept",
    "kept_days",
    "merge",
    "month_of",
    "site_facts",
]


def kept_days(session: Session, first: dt.date, last: dt.date) -> set[dt.date]:
    return kept(session, DAY, first, last)


def _read(session: Session, span: str, dates: Sequence[dt.date]) -> list[Cell]:
    if not dates:
        return []
    stmt = CELL_READ.where(RC.c.span == span, RC.c.business_day.between(min(dates), max(dates)))
    if span == DAY and len(dates) != (max(dates) - min(dates)).days + 1:
        stmt = stmt.where(RC.c.business_day.in_(dates))
    return [from_row(r) for r in session.execute(stmt)]


def cells_of(session: Session, first: dt.date, last: dt.date, facts: SiteFacts) -> list[Cell]:
    """The cells of days ``first`` to ``last``: a stored month's for each whole month kept,
    a stored day's for each other kept day, computed ones for the rest."""
    months = kept(session, MONTH, first, last)
    whole = {m for m in months if m >= first and month_of(m)[1] <= last}
    out = _read(session, MONTH, sorted(whole))
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    days = [d for d in days if d.replace(day=1) not in whole]
    if not days:
        return out
    stored = kept(session, DAY, min(days), max(days))
    out.extend(_read(session, DAY, sorted(d for d in days if d in stored)))
    for d in days:
        if d not in stored:
            out.extend(compute_day(session, d, tz=facts.timezone, targets_s=facts.targets_s,
                                   service_codes=facts.service_codes).cells)
    return out
