"""Issuing a ticket: the next number of a service for today, with the people ahead and the wait."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from sqlalchemy import bindparam, func, insert, literal_column, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from shared import events
from shared.dto import IssuedTicket
from shared.errors import BadInput, NotFound, RuleRefused
from shared.i18n import say
from shared.models import TicketStatus
from shared.pgfunctions import QUOTA_SQLSTATE
from shared.rules.catalog import site_context
from shared.rules.day import store_now
from shared.rules.lookups import payload, row_view
from shared.rules.tables import SEQ, TICKET_COLS, WAITING_SQL, T
from shared.rules.waits import (
    count_open_counters,
    estimate_wait_min,
    runs_past_closing,
    service_availability,
    typical_service_s,
)

# issue() and call_next() are the hot path: thousands a day, and on a shared store every
# statement is a round trip. They use Core statements built once, names from the cached
# catalog, and views built from RETURNING rows instead of ORM objects.


def _upsert_number(insert_fn: Any) -> Any:
    return (
        insert_fn(SEQ)
        .values(service_id=bindparam("p_service_id"), business_day=bindparam("p_day"), last_number=1)
        .on_conflict_do_update(
            index_elements=[SEQ.c.service_id, SEQ.c.business_day],
            set_={"last_number": SEQ.c.last_number + 1},
        )
        .returning(SEQ.c.last_number)
    )


_NEXT_NUMBER = {"postgresql": _upsert_number(pg_insert), "sqlite": _upsert_number(sqlite_insert)}
_INSERT_TICKET = insert(T).returning(*TICKET_COLS)
_AHEAD = {
    priority: select(func.count()).select_from(T).where(
        T.c.service_id == bindparam("p_service_id"), T.c.business_day == bindparam("p_day"),
        T.c.status == WAITING_SQL, T.c.id != bindparam("p_ticket_id"),
        T.c.priority_class.is_not(None) if priority else literal_column("1") == 1)
    for priority in (True, False)
}


def _taken_code(exc: IntegrityError) -> str:
    """The code PostgreSQL names in a unique violation ("Key (business_day, code)=(…, B001)")."""
    detail = getattr(getattr(exc.orig, "diag", None), "message_detail", None) or ""
    m = re.search(r"=\(.*, ([^)]*)\)", detail)
    return m.group(1) if m else "ini"


def next_number(session: Session, service_id: int, day: dt.date) -> int:
    stmt = _NEXT_NUMBER[session.get_bind().dialect.name]
    return int(session.execute(stmt, {"p_service_id": service_id, "p_day": day}).scalar_one())


def issue(
    session: Session, service_code: str, *, now: dt.datetime, priority: str | None = None
) -> IssuedTicket:
    """Hand out the next number of ``service_code`` for today."""
    ctx = site_context(session)
    now = store_now(session, now)
    svc = ctx.catalog.by_code.get(service_code.strip().upper())
    if svc is None:
        raise NotFound(say("Layanan '{code}' tidak ditemukan.", code=service_code))
    reason = service_availability(ctx.config, ctx.timezone, svc.code, svc.hours, now)
    if reason:
        raise RuleRefused(say("{service}: {reason}", service=svc.name, reason=reason))
    if priority is not None and priority not in ctx.catalog.priority_classes:
        raise BadInput(say("Kelas prioritas '{code}' tidak dikenal.", code=priority))
    day = ctx.business_day(now)
    # Reads for the estimate come first: on PostgreSQL the day's sequence row stays locked
    # from the upsert to the commit, and other kiosks issuing this service wait for it.
    open_counters = count_open_counters(session, svc.id)
    typical = typical_service_s(session, svc.id, svc.avg_service_s, day)

    quota_used = RuleRefused(say("{service}: kuota hari ini sudah habis ({quota} nomor).", service=svc.name,
                                 quota=svc.quota))
    number: int | None = None
    code: str | None = None
    if session.get_bind().dialect.name != "postgresql":
        number = next_number(session, svc.id, day)
        if svc.quota is not None and number > svc.quota:
            # Raising rolls the transaction back, so the number is not consumed.
            raise quota_used
        code = f"{svc.prefix}{number:03d}"
    # On PostgreSQL the server gives the number and code in the insert itself (the trigger
    # antre_issue_ticket, shared/pgfunctions.py): the same rule, one round trip fewer, and a
    # kiosk cannot choose them.
    try:
        row = session.execute(_INSERT_TICKET, {
            "business_day": day, "issued_service_id": svc.id, "service_id": svc.id, "number": number,
            "code": code, "token": secrets.token_hex(3), "priority_class": priority,
            "status": TicketStatus.WAITING.value, "issued_at": now, "queued_at": now, "call_count": 0,
        }).one()
    except IntegrityError as exc:
        # Only possible when a site reload gave this prefix to another service today.
        raise RuleRefused(say(
            "Nomor {code} sudah dipakai hari ini oleh layanan lain (awalan baru diganti). Hubungi "
            "admin untuk memilih awalan lain.", code=code or _taken_code(exc))) from None
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == QUOTA_SQLSTATE:
            raise quota_used from None
        raise
    ahead = int(session.scalar(
        _AHEAD[priority is not None], {"p_service_id": svc.id, "p_day": day, "p_ticket_id": row.id}) or 0)
    wait = estimate_wait_min(ahead, typical, open_counters)
    reason = service_availability(ctx.config, ctx.timezone, svc.code, svc.hours, now, wait_min=wait)
    if reason:  # the wait would run past closing; raising rolls back, the number is not consumed
        raise RuleRefused(say("{service}: {reason}", service=svc.name, reason=reason))
    view = row_view(ctx, row)
    events.emit(session, "ticket_issued", at=now, business_day=day, ticket_id=row.id,
                **payload(view, ahead=ahead, estimated_wait_min=wait))
    return IssuedTicket(ticket=view, ahead=ahead, estimated_wait_min=wait, site_name=ctx.name,
                        past_closing=runs_past_closing(ctx.config, ctx.timezone, svc.code, svc.hours, now,
                                                       wait))

