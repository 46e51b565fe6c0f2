"""Calling: the next visitor, a ticket by its code out of turn, and calling the same one again.

Who "next" calls is :mod:`shared.rules.order`. The rule for "next" (or calling a ticket by
its code) while the counter still holds one, from :data:`~shared.rules.states.PASSED_OVER`:
a ticket being served is finished (recorded as served); a ticket that was called but whose
service never started ("Mulai layanan") is recorded as a no-show, never as served. Both
events carry ``auto: true``, and the clerk sees which it was. Nothing is dropped silently:
a no-show who comes back is put back in the queue ("Kembalikan ke antrean").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, case, func, literal, select, union_all, update
from sqlalchemy.orm import Session

from shared import events
from shared.dto import CallResult, TicketView
from shared.errors import NotFound, RuleRefused
from shared.models import CounterService, Service, Site, Ticket, TicketStatus
from shared.rules.catalog import SiteContext, catalog, site_context
from shared.rules.day import SERVER_NOW, note_server_time, store_now
from shared.rules.lookups import (
    find_counter,
    find_ticket,
    held_ticket,
    payload,
    require_open,
    row_view,
    state_text,
    view_of,
)
from shared.rules.order import QUEUE_ORDER, prefers_priority, streak_after
from shared.rules.states import PASSED_OVER, TicketAction, statuses_allowing
from shared.rules.tables import CS, TICKET_COLS, WAITING_SQL, C, T

_COUNTER_AND_SITE = (
    select(C.c.id, C.c.code, C.c.name, C.c.zone, C.c.state, C.c.pause_reason,
           C.c.current_ticket_id, C.c.regular_streak, C.c.active,
           Site.name.label("site_name"), Site.timezone, Site.config, Site.revision, SERVER_NOW)
    .select_from(C)
    .join(Site.__table__, Site.id == 1)
    .where(C.c.code == bindparam("p_code"))
    .with_for_update(of=C)
)

_RELEASE = (
    update(T)
    .where(T.c.id == bindparam("p_held"), T.c.status.in_([s.value for s in PASSED_OVER]))
    .values(status=case(*((T.c.status == held.value, becomes.value)
                          for held, becomes in PASSED_OVER.items())),
            finished_at=bindparam("p_now"))
    .returning(*TICKET_COLS)
)


def _candidate(priority: bool) -> Any:
    served = select(CS.c.service_id).where(CS.c.counter_id == bindparam("p_counter_id"))
    pclass = T.c.priority_class.is_not(None) if priority else T.c.priority_class.is_(None)
    return (
        # "+ 0" keeps both planners off the (service, day, status) index: the partial index
        # on waiting tickets is already in calling order, so the first match is the answer.
        select(T.c.id)
        .where(T.c.status == WAITING_SQL, pclass, T.c.business_day == bindparam("p_day"),
               (T.c.service_id + 0).in_(served))
        .order_by(*QUEUE_ORDER)
        .limit(1)
        .with_for_update(skip_locked=True)
        .subquery()
    )


def _claim_stmt(prefer_priority: bool) -> Any:
    """One statement: the oldest ticket of the preferred class, else of the other class.
    UNION ALL under LIMIT 1 stops after the first branch that finds a ticket, so the second
    branch neither runs nor locks anything when the first succeeds."""
    first, second = _candidate(prefer_priority), _candidate(not prefer_priority)
    pick = union_all(select(first.c.id), select(second.c.id)).limit(1).scalar_subquery()
    return (
        update(T)
        .where(T.c.id == pick, T.c.status == WAITING_SQL)
        .values(status=TicketStatus.CALLED.value, counter_id=bindparam("p_counter_id"),
                called_at=bindparam("p_now"), call_count=T.c.call_count + 1)
        .returning(*TICKET_COLS)
    )


_CLAIM = {True: _claim_stmt(True), False: _claim_stmt(False)}


def _pg_call_stmt(prefer_priority: bool) -> Any:
    """PostgreSQL: release the held ticket, claim the next one and move the counter in one
    statement (data-modifying CTEs), so a call costs three round trips fewer. The counter row
    is already locked by this transaction, so the order inside the statement is free."""
    released = _RELEASE.cte("released")
    claimed = _CLAIM[prefer_priority].cte("claimed")
    claimed_id = select(claimed.c.id).scalar_subquery()
    claimed_class = select(claimed.c.priority_class).scalar_subquery()
    # streak_after() in SQL, so the counter moves in the same statement.
    streak = case(
        (~select(claimed.c.id).exists(), C.c.regular_streak),
        (claimed_class.is_not(None), 0),
        else_=func.least(C.c.regular_streak + 1, bindparam("p_ratio")),
    )
    moved = (
        update(C).where(C.c.id == bindparam("p_counter_id"))
        .values(current_ticket_id=claimed_id, regular_streak=streak)
        .cte("moved")
    )
    return (
        select(literal("released").label("part"), *released.c)
        .union_all(select(literal("claimed").label("part"), *claimed.c))
        .add_cte(moved)
    )


_PG_CALL = {True: _pg_call_stmt(True), False: _pg_call_stmt(False)}
_SET_COUNTER = (
    update(C).where(C.c.id == bindparam("p_counter_id"))
    .values(current_ticket_id=bindparam("p_current"), regular_streak=bindparam("p_streak"))
)


def _passed_over_event(
    session: Session, ctx: SiteContext, counter: Any, done: Any, now: dt.datetime, user_id: int | None,
) -> TicketView:
    """The event for a held ticket that "next" moved on from: finished, or a no-show."""
    view = row_view(ctx, done, counter)
    common = {"at": now, "business_day": done.business_day, "ticket_id": done.id,
              "counter_id": counter.id, "user_id": user_id}
    if done.status == TicketStatus.NO_SHOW.value:
        events.emit(session, "ticket_no_show", **common, **payload(view, counter, auto=True))
    else:
        took = (now - (done.started_at or now)).total_seconds()
        events.emit(session, "ticket_finished", **common,
                    **payload(view, counter, service_s=round(took), auto=True))
    return view


def _release_current(
    session: Session, ctx: SiteContext, counter: Any, now: dt.datetime, user_id: int | None
) -> TicketView | None:
    """Move on from the counter's held ticket, if any (the documented "next" rule). The
    caller clears the counter's ``current_ticket_id``."""
    if counter.current_ticket_id is None:
        return None
    done = session.execute(_RELEASE, {"p_held": counter.current_ticket_id, "p_now": now}).first()
    if done is None:
        return None
    return _passed_over_event(session, ctx, counter, done, now, user_id)


def call_next(
    session: Session, counter_code: str, *, now: dt.datetime, user_id: int | None = None
) -> CallResult:
    """Claim the next waiting ticket for ``counter_code`` (None when nobody waits)."""
    counter = session.execute(_COUNTER_AND_SITE, {"p_code": counter_code.strip().upper()}).one_or_none()
    if counter is None or not counter.active:
        raise NotFound(f"Loket '{counter_code}' tidak ditemukan.")
    note_server_time(session, counter.server_now)
    now = store_now(session, now)
    ctx = SiteContext(counter.site_name, counter.timezone, dict(counter.config or {}),
                      catalog(session, counter.revision))
    require_open(counter)
    day = ctx.business_day(now)
    ratio = int(ctx.setting("priority_ratio", 2))
    prefer_priority = prefers_priority(counter.regular_streak, ratio)
    # Bind names differ from column names: an UPDATE would take a key like "counter_id" as
    # one more column to SET.
    params = {"p_counter_id": counter.id, "p_day": day, "p_now": now, "p_held": counter.current_ticket_id,
              "p_ratio": ratio}
    if session.get_bind().dialect.name == "postgresql":
        parts = {row.part: row for row in session.execute(_PG_CALL[prefer_priority], params)}
        done, ticket = parts.get("released"), parts.get("claimed")
    else:
        done = None
        if counter.current_ticket_id is not None:
            done = session.execute(_RELEASE, params).first()
        ticket = session.execute(_CLAIM[prefer_priority], params).first()
        if ticket is not None or done is not None:
            streak = counter.regular_streak
            if ticket is not None:
                streak = streak_after(streak, priority=bool(ticket.priority_class), ratio=ratio)
            session.execute(_SET_COUNTER, {"p_counter_id": counter.id, "p_streak": streak,
                                           "p_current": ticket.id if ticket is not None else None})
    finished = _passed_over_event(session, ctx, counter, done, now, user_id) if done else None
    if ticket is None:
        return CallResult(ticket=None, finished=finished)
    view = row_view(ctx, ticket, counter)
    events.emit(session, "ticket_called", at=now, business_day=day, ticket_id=ticket.id,
                counter_id=counter.id, user_id=user_id, **payload(view, counter))
    return CallResult(ticket=view, finished=finished)


def call_ticket(
    session: Session, counter_code: str, ref: str, *, now: dt.datetime, user_id: int | None = None
) -> CallResult:
    """Call one ticket by its code or receipt QR, out of turn."""
    ctx = site_context(session)
    now = store_now(session, now)
    counter = find_counter(session, counter_code)
    require_open(counter)
    day = ctx.business_day(now)
    target = find_ticket(session, ref, day)
    if target.business_day != day:
        raise RuleRefused(f"Tiket {target.code} bukan tiket hari ini.")
    served = set(session.scalars(
        select(CounterService.service_id).where(CounterService.counter_id == counter.id)))
    if target.service_id not in served:
        svc = session.get(Service, target.service_id)
        raise RuleRefused(f"Tiket {target.code} untuk layanan {svc.name if svc else '?'}, "
                          f"yang tidak dilayani {counter.name}.")
    if target.id == counter.current_ticket_id:
        raise RuleRefused(f"Tiket {target.code} sudah dipanggil di loket ini. Gunakan Panggil ulang.")
    finished = _release_current(session, ctx, counter, now, user_id)
    counter.current_ticket_id = None
    claimed = session.scalars(
        update(Ticket)
        .where(Ticket.id == target.id,
               Ticket.status.in_(statuses_allowing(TicketAction.CALL)))
        .values(status=TicketStatus.CALLED, counter_id=counter.id, called_at=now,
                call_count=Ticket.call_count + 1)
        .returning(Ticket)
        .execution_options(synchronize_session=False, populate_existing=True)
    ).first()
    if claimed is None:
        session.refresh(target)
        raise RuleRefused(state_text(session, target))
    counter.current_ticket_id = claimed.id
    view = view_of(session, claimed)
    events.emit(session, "ticket_called", at=now, business_day=day, ticket_id=claimed.id,
                counter_id=counter.id, user_id=user_id, **payload(view, counter, out_of_turn=True))
    return CallResult(ticket=view, finished=finished)


def recall(
    session: Session, counter_code: str, *, now: dt.datetime, user_id: int | None = None
) -> TicketView:
    """Announce the counter's called ticket again."""
    counter = find_counter(session, counter_code)
    now = store_now(session, now)
    t = held_ticket(session, counter, TicketAction.RECALL)
    t.call_count += 1
    t.called_at = now
    view = view_of(session, t)
    events.emit(session, "ticket_recalled", at=now, business_day=t.business_day, ticket_id=t.id,
                counter_id=counter.id, user_id=user_id, **payload(view, counter))
    return view

