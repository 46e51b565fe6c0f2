"""The queue rules: a pure, UI-free service layer.

Every public function takes a Session, changes rows, emits events through
:mod:`shared.events`, and never commits: the caller owns one transaction per user action.

Concurrency:
- SQLite: every write transaction starts with BEGIN IMMEDIATE (see :mod:`shared.store`),
  so writers are serialised and read-then-update is safe.
- PostgreSQL: the counter's row is locked first (FOR UPDATE), waiting tickets are claimed
  with ``FOR UPDATE SKIP LOCKED`` in a single conditional UPDATE, and numbers come from an
  atomic upsert on ``day_sequence``. Two counters can never claim the same ticket.

The rule for "next" while the counter still holds a ticket: the held ticket is finished
(recorded as served, with ``auto: true`` in its event) and the next one is called. A clerk
whose visitor did not come presses "Tidak hadir" instead. Nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import secrets
import statistics
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Table,
    bindparam,
    case,
    func,
    insert,
    literal,
    literal_column,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shared import events
from shared.catalog import SiteContext, catalog, site_context
from shared.dto import (
    CallResult,
    CounterView,
    IssuedTicket,
    ServiceView,
    StatusView,
    TicketView,
)
from shared.errors import BadInput, NotFound, RuleRefused
from shared.models import (
    Agency,
    Counter,
    CounterService,
    CounterState,
    DaySequence,
    Service,
    Site,
    Ticket,
    TicketStatus,
    User,
)
from shared.site import DAYS, parse_hours

Clock = Callable[[], dt.datetime]

ACTIVE = (TicketStatus.CALLED, TicketStatus.SERVING)
# Literal (not bound) so the planners can match the partial indexes on status.
_WAITING: ColumnElement[str] = literal_column("'waiting'")
_RECENT_SERVICES = 20  # finished tickets that make a service's typical duration
_MIN_SAMPLES = 3  # below this, trust the site file's service_minutes
_MAX_SERVICE_TIME_S = 3 * 3600


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- site context -----------------------------------------------------------------------

def load_site(session: Session) -> Site:
    site = session.get(Site, 1)
    if site is None:
        raise RuleRefused("Situs belum dimuat. Jalankan 'antre site load BERKAS.toml' dulu.")
    return site


def business_day(site: Site, now: dt.datetime) -> dt.date:
    return now.astimezone(zoneinfo.ZoneInfo(site.timezone)).date()


def _setting(site: Site, key: str, default: Any) -> Any:
    return (site.config or {}).get(key, default)


# --- lookups ----------------------------------------------------------------------------

def _service(session: Session, code: str) -> Service:
    svc = session.scalar(select(Service).where(Service.code == code.strip().upper()))
    if svc is None or not svc.active:
        raise NotFound(f"Layanan '{code}' tidak ditemukan.")
    return svc


def _counter(session: Session, code: str, *, lock: bool = True) -> Counter:
    stmt = select(Counter).where(Counter.code == code.strip().upper())
    if lock:
        stmt = stmt.with_for_update()
    counter = session.scalar(stmt)
    if counter is None or not counter.active:
        raise NotFound(f"Loket '{code}' tidak ditemukan.")
    return counter


_REF = re.compile(r"^\s*([A-Za-z]{1,3})\s*-?\s*0*(\d{1,6})\s*$")


def parse_ticket_ref(ref: str) -> tuple[str, dt.date | None, str | None]:
    """A typed code ("A12", "a-012") or a scanned receipt QR ("ANTRE1|day|code|token")."""
    ref = ref.strip()
    if ref.upper().startswith("ANTRE1|"):
        parts = ref.split("|")
        if len(parts) != 4:
            raise BadInput("Kode QR tiket tidak dikenali.")
        try:
            day = dt.date.fromisoformat(parts[1])
        except ValueError:
            raise BadInput("Kode QR tiket tidak dikenali.") from None
        code, _, _ = parse_ticket_ref(parts[2])
        return code, day, parts[3]
    m = _REF.match(ref)
    if not m:
        raise BadInput(f"'{ref}' bukan nomor antrian (contoh: A012).")
    return f"{m.group(1).upper()}{int(m.group(2)):03d}", None, None


def _find_ticket(session: Session, ref: str, today: dt.date) -> Ticket:
    code, day, token = parse_ticket_ref(ref)
    day = day or today
    ticket = session.scalar(select(Ticket).where(Ticket.business_day == day, Ticket.code == code))
    if ticket is None:
        raise NotFound(f"Tiket {code} tidak ditemukan untuk hari {day:%d-%m-%Y}.")
    if token is not None and not secrets.compare_digest(token, ticket.token):
        raise BadInput(f"QR tiket {code} tidak sah.")
    return ticket


def _service_and_agency(session: Session, service_id: int) -> tuple[Service, Agency]:
    """Both rows in at most one round trip (none when this session already read them)."""
    svc = session.identity_map.get(session.identity_key(Service, service_id))
    if isinstance(svc, Service):
        agency = session.identity_map.get(session.identity_key(Agency, svc.agency_id))
        if isinstance(agency, Agency):
            return svc, agency
    row = session.execute(
        select(Service, Agency).join(Agency, Service.agency_id == Agency.id).where(Service.id == service_id)
    ).one()
    return row[0], row[1]


def _view(session: Session, t: Ticket) -> TicketView:
    svc, agency = _service_and_agency(session, t.service_id)
    counter = session.get(Counter, t.counter_id) if t.counter_id else None
    return TicketView(
        id=t.id, code=t.code, number=t.number, business_day=t.business_day, status=t.status,
        service=svc.code, service_name=svc.name, agency=agency.code, agency_name=agency.name,
        priority_class=t.priority_class, issued_at=t.issued_at, called_at=t.called_at,
        counter=counter.code if counter else None, counter_name=counter.name if counter else None,
        call_count=t.call_count, token=t.token,
    )


def _payload(v: TicketView, counter: Any = None, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": v.code,
        "service": v.service,
        "service_name": v.service_name,
        "agency": v.agency,
        "agency_name": v.agency_name,
        "priority_class": v.priority_class,
        "call_count": v.call_count,
    }
    if counter is not None:
        data.update(counter=counter.code, counter_name=counter.name, zone=counter.zone)
    data.update(extra)
    return data


# --- hours, quota and waits -------------------------------------------------------------

def availability(site: Site, svc: Service, now: dt.datetime) -> str | None:
    """Why ``svc`` cannot issue a ticket at ``now`` (None when it can). Quota not included."""
    return service_availability(site.config or {}, site.timezone, svc.hours, now)


def service_availability(
    config: dict[str, Any], timezone: str, service_hours: str | None, now: dt.datetime
) -> str | None:
    if config.get("always_open", False):
        return None
    local = now.astimezone(zoneinfo.ZoneInfo(timezone))
    days = config.get("days", list(DAYS[:5]))
    if DAYS[local.weekday()] not in days:
        return "Hari ini layanan tutup."
    hours = parse_hours(service_hours or config.get("hours", "08:00-15:00"))
    if local.time() < hours.opens:
        return f"Layanan buka pukul {hours.opens:%H:%M}."
    if not hours.contains(local.time()):
        return f"Layanan sudah tutup (jam layanan {hours.opens:%H:%M}–{hours.closes:%H:%M})."
    return None


_OPEN_COUNTERS = (
    select(func.count()).select_from(CounterService).join(Counter)
    .where(CounterService.service_id == bindparam("p_service_id"),
           Counter.state == literal_column("'open'"), Counter.active.is_(True))
)
_RECENT_DURATIONS = (
    select(Ticket.started_at, Ticket.finished_at)
    .where(Ticket.service_id == bindparam("p_service_id"), Ticket.business_day == bindparam("p_day"),
           Ticket.status == literal_column("'done'"))
    .order_by(Ticket.finished_at.desc())
    .limit(_RECENT_SERVICES)
)


def _open_counters(session: Session, service_id: int) -> int:
    return int(session.scalar(_OPEN_COUNTERS, {"p_service_id": service_id}) or 0)


def typical_service_s(session: Session, service_id: int, guess_s: float, day: dt.date) -> float:
    """Median duration of the service's latest finished tickets today, or the site file's
    guess until there are a few. Read from the tickets, so finishing a ticket never has to
    write (and lock) a shared per-service row."""
    rows = session.execute(_RECENT_DURATIONS, {"p_service_id": service_id, "p_day": day}).all()
    took = sorted(
        d for d in ((f - s).total_seconds() for s, f in rows if s is not None and f is not None)
        if 0 < d <= _MAX_SERVICE_TIME_S
    )
    if len(took) < _MIN_SAMPLES:
        return guess_s
    return statistics.median(took)


def estimate_wait_min(ahead: int, avg_service_s: float, open_counters: int) -> int:
    """Minutes until a visitor with ``ahead`` people before them is called."""
    if ahead <= 0:
        return 0
    return math.ceil(ahead * avg_service_s / max(1, open_counters) / 60)


# --- issue ------------------------------------------------------------------------------
# issue() and call_next() are the hot path: thousands a day, and on a shared store every
# statement is a round trip. They use Core statements built once, names from the cached
# catalog, and views built from RETURNING rows instead of ORM objects.

_T = cast(Table, Ticket.__table__)
_C = cast(Table, Counter.__table__)
_CS = cast(Table, CounterService.__table__)
_SEQ = cast(Table, DaySequence.__table__)
_TICKET_COLS = (_T.c.id, _T.c.code, _T.c.number, _T.c.business_day, _T.c.service_id, _T.c.status,
                _T.c.priority_class, _T.c.issued_at, _T.c.called_at, _T.c.started_at, _T.c.call_count,
                _T.c.token)


def _ticket_view(ctx: SiteContext, row: Any, counter: Any = None) -> TicketView:
    svc = ctx.service(row.service_id)
    return TicketView(
        id=row.id, code=row.code, number=row.number, business_day=row.business_day, status=row.status,
        service=svc.code, service_name=svc.name, agency=svc.agency, agency_name=svc.agency_name,
        priority_class=row.priority_class, issued_at=row.issued_at, called_at=row.called_at,
        counter=counter.code if counter is not None else None,
        counter_name=counter.name if counter is not None else None,
        call_count=row.call_count, token=row.token,
    )


def _upsert_number(insert_fn: Any) -> Any:
    return (
        insert_fn(_SEQ)
        .values(service_id=bindparam("p_service_id"), business_day=bindparam("p_day"), last_number=1)
        .on_conflict_do_update(
            index_elements=[_SEQ.c.service_id, _SEQ.c.business_day],
            set_={"last_number": _SEQ.c.last_number + 1},
        )
        .returning(_SEQ.c.last_number)
    )


_NEXT_NUMBER = {"postgresql": _upsert_number(pg_insert), "sqlite": _upsert_number(sqlite_insert)}
_INSERT_TICKET = insert(_T).returning(*_TICKET_COLS)
_AHEAD = {
    priority: select(func.count()).select_from(_T).where(
        _T.c.service_id == bindparam("p_service_id"), _T.c.business_day == bindparam("p_day"),
        _T.c.status == _WAITING, _T.c.id != bindparam("p_ticket_id"),
        _T.c.priority_class.is_not(None) if priority else literal_column("1") == 1)
    for priority in (True, False)
}


def _next_number(session: Session, service_id: int, day: dt.date) -> int:
    stmt = _NEXT_NUMBER[session.get_bind().dialect.name]
    return int(session.execute(stmt, {"p_service_id": service_id, "p_day": day}).scalar_one())


def issue(
    session: Session, service_code: str, *, now: dt.datetime, priority: str | None = None
) -> IssuedTicket:
    """Hand out the next number of ``service_code`` for today."""
    ctx = site_context(session)
    svc = ctx.catalog.by_code.get(service_code.strip().upper())
    if svc is None:
        raise NotFound(f"Layanan '{service_code}' tidak ditemukan.")
    reason = service_availability(ctx.config, ctx.timezone, svc.hours, now)
    if reason:
        raise RuleRefused(f"{svc.name}: {reason}")
    if priority is not None and priority not in ctx.catalog.priority_classes:
        raise BadInput(f"Kelas prioritas '{priority}' tidak dikenal.")
    day = ctx.business_day(now)
    # Reads for the estimate come first: on PostgreSQL the day's sequence row stays locked
    # from the upsert to the commit, and other kiosks issuing this service wait for it.
    open_counters = _open_counters(session, svc.id)
    typical = typical_service_s(session, svc.id, svc.avg_service_s, day)

    number = _next_number(session, svc.id, day)
    if svc.quota is not None and number > svc.quota:
        # Raising rolls the transaction back, so the number is not consumed.
        raise RuleRefused(f"{svc.name}: kuota hari ini sudah habis ({svc.quota} nomor).")
    code = f"{svc.prefix}{number:03d}"
    try:
        row = session.execute(_INSERT_TICKET, {
            "business_day": day, "issued_service_id": svc.id, "service_id": svc.id, "number": number,
            "code": code, "token": secrets.token_hex(3), "priority_class": priority,
            "status": TicketStatus.WAITING.value, "issued_at": now, "queued_at": now, "call_count": 0,
        }).one()
    except IntegrityError:
        # Only possible when a site reload gave this prefix to another service today.
        raise RuleRefused(
            f"Nomor {code} sudah dipakai hari ini oleh layanan lain (awalan baru diganti). "
            "Hubungi admin untuk memilih awalan lain.") from None
    ahead = int(session.scalar(
        _AHEAD[priority is not None], {"p_service_id": svc.id, "p_day": day, "p_ticket_id": row.id}) or 0)
    wait = estimate_wait_min(ahead, typical, open_counters)
    view = _ticket_view(ctx, row)
    events.emit(session, "ticket_issued", at=now, business_day=day, ticket_id=row.id,
                **_payload(view, ahead=ahead, estimated_wait_min=wait))
    return IssuedTicket(ticket=view, ahead=ahead, estimated_wait_min=wait, site_name=ctx.name)


# --- calling ----------------------------------------------------------------------------

_COUNTER_AND_SITE = (
    select(_C.c.id, _C.c.code, _C.c.name, _C.c.zone, _C.c.state, _C.c.pause_reason,
           _C.c.current_ticket_id, _C.c.regular_streak, _C.c.active,
           Site.name.label("site_name"), Site.timezone, Site.config, Site.revision)
    .select_from(_C)
    .join(Site.__table__, Site.id == 1)
    .where(_C.c.code == bindparam("p_code"))
    .with_for_update(of=_C)
)

_RELEASE = (
    update(_T)
    .where(_T.c.id == bindparam("p_held"),
           _T.c.status.in_([TicketStatus.CALLED.value, TicketStatus.SERVING.value]))
    .values(status=TicketStatus.DONE.value, finished_at=bindparam("p_now"),
            started_at=func.coalesce(_T.c.started_at, _T.c.called_at))
    .returning(*_TICKET_COLS)
)


def _candidate(priority: bool) -> Any:
    served = select(_CS.c.service_id).where(_CS.c.counter_id == bindparam("p_counter_id"))
    pclass = _T.c.priority_class.is_not(None) if priority else _T.c.priority_class.is_(None)
    return (
        # "+ 0" keeps both planners off the (service, day, status) index: the partial index
        # on waiting tickets is already in calling order, so the first match is the answer.
        select(_T.c.id)
        .where(_T.c.status == _WAITING, pclass, _T.c.business_day == bindparam("p_day"),
               (_T.c.service_id + 0).in_(served))
        .order_by(_T.c.queued_at, _T.c.id)
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
        update(_T)
        .where(_T.c.id == pick, _T.c.status == _WAITING)
        .values(status=TicketStatus.CALLED.value, counter_id=bindparam("p_counter_id"),
                called_at=bindparam("p_now"), call_count=_T.c.call_count + 1)
        .returning(*_TICKET_COLS)
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
    streak = case(
        (~select(claimed.c.id).exists(), _C.c.regular_streak),
        (claimed_class.is_not(None), 0),
        else_=func.least(_C.c.regular_streak + 1, bindparam("p_ratio")),
    )
    moved = (
        update(_C).where(_C.c.id == bindparam("p_counter_id"))
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
    update(_C).where(_C.c.id == bindparam("p_counter_id"))
    .values(current_ticket_id=bindparam("p_current"), regular_streak=bindparam("p_streak"))
)


def _require_open(counter: Any) -> None:
    if counter.state == CounterState.CLOSED:
        raise RuleRefused(f"{counter.name} masih tutup. Buka loket dulu.")
    if counter.state == CounterState.PAUSED:
        raise RuleRefused(f"{counter.name} sedang jeda ({counter.pause_reason}). Lanjutkan loket dulu.")


def _finished_event(
    session: Session, ctx: SiteContext, counter: Any, done: Any, now: dt.datetime,
    user_id: int | None, *, auto: bool,
) -> TicketView:
    view = _ticket_view(ctx, done, counter)
    took = (now - (done.started_at or now)).total_seconds()
    events.emit(session, "ticket_finished", at=now, business_day=done.business_day, ticket_id=done.id,
                counter_id=counter.id, user_id=user_id,
                **_payload(view, counter, service_s=round(took), auto=auto))
    return view


def _release_current(
    session: Session, ctx: SiteContext, counter: Any, now: dt.datetime, user_id: int | None
) -> TicketView | None:
    """Finish the counter's held ticket, if any (the documented "next" rule). The caller
    clears the counter's ``current_ticket_id``."""
    if counter.current_ticket_id is None:
        return None
    done = session.execute(_RELEASE, {"p_held": counter.current_ticket_id, "p_now": now}).first()
    if done is None:
        return None
    return _finished_event(session, ctx, counter, done, now, user_id, auto=True)


def call_next(
    session: Session, counter_code: str, *, now: dt.datetime, user_id: int | None = None
) -> CallResult:
    """Claim the next waiting ticket for ``counter_code`` (None when nobody waits)."""
    counter = session.execute(_COUNTER_AND_SITE, {"p_code": counter_code.strip().upper()}).one_or_none()
    if counter is None or not counter.active:
        raise NotFound(f"Loket '{counter_code}' tidak ditemukan.")
    ctx = SiteContext(counter.site_name, counter.timezone, dict(counter.config or {}),
                      catalog(session, counter.revision))
    _require_open(counter)
    day = ctx.business_day(now)
    ratio = int(ctx.setting("priority_ratio", 2))
    prefer_priority = counter.regular_streak >= ratio
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
                # Capped, so "priority is due" never depends on how long the day has been.
                streak = 0 if ticket.priority_class else min(streak + 1, ratio)
            session.execute(_SET_COUNTER, {"p_counter_id": counter.id, "p_streak": streak,
                                           "p_current": ticket.id if ticket is not None else None})
    finished = _finished_event(session, ctx, counter, done, now, user_id, auto=True) if done else None
    if ticket is None:
        return CallResult(ticket=None, finished=finished)
    view = _ticket_view(ctx, ticket, counter)
    events.emit(session, "ticket_called", at=now, business_day=day, ticket_id=ticket.id,
                counter_id=counter.id, user_id=user_id, **_payload(view, counter))
    return CallResult(ticket=view, finished=finished)


def call_ticket(
    session: Session, counter_code: str, ref: str, *, now: dt.datetime, user_id: int | None = None
) -> CallResult:
    """Call one ticket by its code or receipt QR, out of turn."""
    ctx = site_context(session)
    counter = _counter(session, counter_code)
    _require_open(counter)
    day = ctx.business_day(now)
    target = _find_ticket(session, ref, day)
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
               Ticket.status.in_([TicketStatus.WAITING, TicketStatus.NO_SHOW]))
        .values(status=TicketStatus.CALLED, counter_id=counter.id, called_at=now,
                call_count=Ticket.call_count + 1)
        .returning(Ticket)
        .execution_options(synchronize_session=False, populate_existing=True)
    ).first()
    if claimed is None:
        session.refresh(target)
        raise RuleRefused(_state_text(session, target))
    counter.current_ticket_id = claimed.id
    view = _view(session, claimed)
    events.emit(session, "ticket_called", at=now, business_day=day, ticket_id=claimed.id,
                counter_id=counter.id, user_id=user_id, **_payload(view, counter, out_of_turn=True))
    return CallResult(ticket=view, finished=finished)


def _state_text(session: Session, t: Ticket) -> str:
    where = ""
    if t.counter_id:
        c = session.get(Counter, t.counter_id)
        where = f" di {c.name}" if c else ""
    texts = {
        TicketStatus.WAITING: "masih menunggu",
        TicketStatus.CALLED: f"sedang dipanggil{where}",
        TicketStatus.SERVING: f"sedang dilayani{where}",
        TicketStatus.DONE: "sudah selesai dilayani",
        TicketStatus.NO_SHOW: "ditandai tidak hadir",
        TicketStatus.EXPIRED: "sudah kedaluwarsa",
    }
    return f"Tiket {t.code} {texts.get(TicketStatus(t.status), t.status)}."


def _current(session: Session, counter: Counter, *allowed: TicketStatus) -> Ticket:
    t = session.get(Ticket, counter.current_ticket_id) if counter.current_ticket_id else None
    if t is None:
        raise RuleRefused(f"{counter.name} tidak sedang memanggil tiket.")
    if t.status not in allowed:
        raise RuleRefused(_state_text(session, t))
    return t


def recall(
    session: Session, counter_code: str, *, now: dt.datetime, user_id: int | None = None
) -> TicketView:
    """Announce the counter's called ticket again."""
    counter = _counter(session, counter_code)
    t = _current(session, counter, TicketStatus.CALLED)
    t.call_count += 1
    t.called_at = now
    view = _view(session, t)
    events.emit(session, "ticket_recalled", at=now, business_day=t.business_day, ticket_id=t.id,
                counter_id=counter.id, user_id=user_id, **_payload(view, counter))
    return view


def start(
    session: Session, counter_code: str, *, now: dt.datetime, user_id: int | None = None
) -> TicketView:
    """The visitor has arrived at the counter: start serving."""
    counter = _counter(session, counter_code)
    t = _current(session, counter, TicketStatus.CALLED)
    t.status = TicketStatus.SERVING
    t.started_at = now
    view = _view(session, t)
    events.emit(session, "ticket_serving", at=now, business_day=t.business_day, ticket_id=t.id,
                counter_id=counter.id, user_id=user_id, **_payload(view, counter))
    return view


def _finish_ticket(
    session: Session, counter: Counter, t: Ticket, now: dt.datetime, user_id: int | None,
    *, auto: bool = False,
) -> TicketView:
    started = t.started_at or t.called_at or now
    t.status = TicketStatus.DONE
    t.started_at = started
    t.finished_at = now
    counter.current_ticket_id = None
    took = (now - started).total_seconds()
    view = _view(session, t)
    events.emit(session, "ticket_finished", at=now, business_day=t.business_day, ticket_id=t.id,
                counter_id=counter.id, user_id=user_id,
                **_payload(view, counter, service_s=round(took), auto=auto))
    return view


def finish(
    session: Session, counter_code: str, *, now: dt.datetime, user_id: int | None = None
) -> TicketView:
    """Serving is done."""
    counter = _counter(session, counter_code)
    t = _current(session, counter, TicketStatus.CALLED, TicketStatus.SERVING)
    return _finish_ticket(session, counter, t, now, user_id)


def no_show(
    session: Session, counter_code: str, *, now: dt.datetime, user_id: int | None = None
) -> TicketView:
    """The called visitor did not come. They can be re-queued if they return today."""
    counter = _counter(session, counter_code)
    t = _current(session, counter, TicketStatus.CALLED)
    t.status = TicketStatus.NO_SHOW
    t.finished_at = now
    counter.current_ticket_id = None
    view = _view(session, t)
    events.emit(session, "ticket_no_show", at=now, business_day=t.business_day, ticket_id=t.id,
                counter_id=counter.id, user_id=user_id, **_payload(view, counter))
    return view


def requeue(
    session: Session, ref: str, *, now: dt.datetime, user_id: int | None = None
) -> TicketView:
    """Put a no-show who came back into the queue again (today only)."""
    site = load_site(session)
    day = business_day(site, now)
    t = _find_ticket(session, ref, day)
    if t.business_day != day:
        raise RuleRefused(f"Tiket {t.code} bukan tiket hari ini; ambil nomor baru.")
    if t.status != TicketStatus.NO_SHOW:
        raise RuleRefused(_state_text(session, t) + " Hanya tiket 'tidak hadir' yang bisa diantrekan lagi.")
    t.status = TicketStatus.WAITING
    t.counter_id = None
    t.finished_at = None
    if _setting(site, "requeue", "original") == "end":
        t.queued_at = now
    session.flush()
    view = _view(session, t)
    events.emit(session, "ticket_requeued", at=now, business_day=day, ticket_id=t.id,
                user_id=user_id, **_payload(view))
    return view


def transfer(
    session: Session, counter_code: str, service_code: str, *, now: dt.datetime,
    user_id: int | None = None,
) -> TicketView:
    """Send the counter's ticket to another service (any agency). It keeps its code and
    its place by original issue time."""
    counter = _counter(session, counter_code)
    t = _current(session, counter, TicketStatus.CALLED, TicketStatus.SERVING)
    target = _service(session, service_code)
    if target.id == t.service_id:
        raise RuleRefused(f"Tiket {t.code} sudah di layanan {target.name}.")
    source = session.get(Service, t.service_id)
    t.service_id = target.id
    t.status = TicketStatus.WAITING
    t.counter_id = None
    t.called_at = None
    t.started_at = None
    t.call_count = 0
    counter.current_ticket_id = None
    session.flush()
    view = _view(session, t)
    events.emit(session, "ticket_transferred", at=now, business_day=t.business_day, ticket_id=t.id,
                counter_id=counter.id, user_id=user_id,
                **_payload(view, counter, from_service=source.code if source else None))
    return view


def expire_ticket(
    session: Session, ref: str, *, now: dt.datetime, user_id: int | None = None
) -> TicketView:
    """Supervisor action: close a ticket that will not be served (waiting or no-show)."""
    site = load_site(session)
    t = _find_ticket(session, ref, business_day(site, now))
    if t.status not in (TicketStatus.WAITING, TicketStatus.NO_SHOW):
        raise RuleRefused(_state_text(session, t))
    t.status = TicketStatus.EXPIRED
    t.finished_at = now
    view = _view(session, t)
    events.emit(session, "ticket_expired", at=now, business_day=t.business_day, ticket_id=t.id,
                user_id=user_id, **_payload(view))
    return view


# --- counters ---------------------------------------------------------------------------

def open_counter(
    session: Session, counter_code: str, *, now: dt.datetime, user_id: int | None = None
) -> CounterView:
    counter = _counter(session, counter_code)
    if counter.state == CounterState.OPEN and counter.user_id == user_id:
        return counter_view(session, counter)
    counter.state = CounterState.OPEN
    counter.pause_reason = None
    counter.user_id = user_id
    events.emit(session, "counter_opened", at=now, counter_id=counter.id, user_id=user_id,
                counter=counter.code, counter_name=counter.name, zone=counter.zone)
    return counter_view(session, counter)


def pause_counter(
    session: Session, counter_code: str, reason: str, *, now: dt.datetime, user_id: int | None = None
) -> CounterView:
    reason = reason.strip()
    if not reason:
        raise BadInput("Sebutkan alasan jeda, misalnya istirahat atau sholat.")
    counter = _counter(session, counter_code)
    if counter.current_ticket_id is not None:
        held = session.get(Ticket, counter.current_ticket_id)
        if held is not None and held.status in ACTIVE:
            raise RuleRefused(f"Selesaikan atau alihkan tiket {held.code} sebelum jeda.")
    if counter.state == CounterState.CLOSED:
        raise RuleRefused(f"{counter.name} sedang tutup.")
    counter.state = CounterState.PAUSED
    counter.pause_reason = reason[:120]
    events.emit(session, "counter_paused", at=now, counter_id=counter.id, user_id=user_id,
                counter=counter.code, counter_name=counter.name, zone=counter.zone, reason=reason)
    return counter_view(session, counter)


def close_counter(
    session: Session, counter_code: str, *, now: dt.datetime, user_id: int | None = None
) -> CounterView:
    counter = _counter(session, counter_code)
    if counter.current_ticket_id is not None:
        held = session.get(Ticket, counter.current_ticket_id)
        if held is not None and held.status in ACTIVE:
            raise RuleRefused(f"Selesaikan atau alihkan tiket {held.code} sebelum menutup loket.")
        counter.current_ticket_id = None
    counter.state = CounterState.CLOSED
    counter.pause_reason = None
    counter.user_id = None
    events.emit(session, "counter_closed", at=now, counter_id=counter.id, user_id=user_id,
                counter=counter.code, counter_name=counter.name, zone=counter.zone)
    return counter_view(session, counter)


def counter_view(session: Session, counter: Counter) -> CounterView:
    agency = session.get(Agency, counter.agency_id)
    current = session.get(Ticket, counter.current_ticket_id) if counter.current_ticket_id else None
    user = session.get(User, counter.user_id) if counter.user_id else None
    services = tuple(session.scalars(
        select(Service.code).join(CounterService).where(CounterService.counter_id == counter.id)
        .order_by(Service.position)))
    return CounterView(
        code=counter.code, name=counter.name, agency=agency.code if agency else "", zone=counter.zone,
        state=counter.state, pause_reason=counter.pause_reason,
        current=current.code if current else None, current_status=current.status if current else None,
        user=user.username if user else None, services=services,
    )


def counter_ticket(session: Session, counter_code: str) -> TicketView | None:
    """The ticket a counter holds right now (a restarted counter app resumes it)."""
    counter = _counter(session, counter_code, lock=False)
    if counter.current_ticket_id is None:
        return None
    t = session.get(Ticket, counter.current_ticket_id)
    return _view(session, t) if t is not None and t.status in ACTIVE else None


# --- the business day -------------------------------------------------------------------

def may(session: Session, table: str, privilege: str, column: str | None = None) -> bool:
    """Whether this connection's role holds ``privilege`` (always on SQLite: one PC, one user)."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    if column is None:
        stmt = text("SELECT has_table_privilege(:t, :p)")
    else:
        stmt = text("SELECT has_column_privilege(:t, :c, :p)")
    return bool(session.scalar(stmt, {"t": table, "c": column, "p": privilege}))


def roll_over(session: Session, *, now: dt.datetime) -> int:
    """Close yesterday: unserved tickets expire, counters are released. Idempotent.

    Numbering restarts by itself, because numbers are keyed by business day. Nothing is
    deleted. Returns how many tickets expired (0 when the day had already rolled).
    """
    seen = session.execute(select(Site.business_day, Site.timezone).where(Site.id == 1)).one_or_none()
    if seen is None or seen.business_day == now.astimezone(zoneinfo.ZoneInfo(seen.timezone)).date():
        return 0  # the usual case: a plain read, no lock
    if not may(session, "ticket", "UPDATE"):
        return 0  # a kiosk's or a display's role: a counter or the admin closes the day
    site = session.scalar(select(Site).where(Site.id == 1).with_for_update())
    if site is None:
        return 0
    today = business_day(site, now)
    if site.business_day == today:
        return 0
    open_states = [TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING]
    expired: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(Ticket)
        .where(Ticket.business_day < today, Ticket.status.in_(open_states))
        .values(status=TicketStatus.EXPIRED, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Counter)
        .where(Counter.current_ticket_id.in_(select(Ticket.id).where(Ticket.business_day < today)))
        .values(current_ticket_id=None).execution_options(synchronize_session=False)
    )
    previous = site.business_day
    site.business_day = today
    events.emit(session, "day_started", at=now, business_day=today,
                previous=previous.isoformat() if previous else None, expired=expired.rowcount)
    return int(expired.rowcount or 0)


# --- reading ----------------------------------------------------------------------------

def service_views(session: Session, *, now: dt.datetime) -> list[ServiceView]:
    site = load_site(session)
    day = business_day(site, now)
    waiting: dict[int, int] = dict(session.execute(
        select(Ticket.service_id, func.count()).where(Ticket.status == _WAITING,
                                                      Ticket.business_day == day)
        .group_by(Ticket.service_id)).all())
    oldest: dict[int, dt.datetime] = dict(session.execute(
        select(Ticket.service_id, func.min(Ticket.queued_at)).where(
            Ticket.status == _WAITING, Ticket.business_day == day)
        .group_by(Ticket.service_id)).all())
    served: dict[int, int] = dict(session.execute(
        select(Ticket.service_id, func.count()).where(Ticket.status == TicketStatus.DONE,
                                                      Ticket.business_day == day)
        .group_by(Ticket.service_id)).all())
    issued: dict[int, int] = dict(session.execute(
        select(DaySequence.service_id, DaySequence.last_number).where(DaySequence.business_day == day)
    ).all())
    open_counts: dict[int, int] = dict(session.execute(
        select(CounterService.service_id, func.count()).join(Counter)
        .where(Counter.state == CounterState.OPEN, Counter.active.is_(True))
        .group_by(CounterService.service_id)).all())
    rows = session.execute(
        select(Service, Agency).join(Agency, Service.agency_id == Agency.id)
        .where(Service.active.is_(True)).order_by(Agency.position, Service.position)).all()
    out = []
    for svc, agency in rows:
        n_issued = issued.get(svc.id, 0)
        reason = availability(site, svc, now)
        if reason is None and svc.quota is not None and n_issued >= svc.quota:
            reason = f"Kuota hari ini habis ({svc.quota} nomor)."
        first = oldest.get(svc.id)
        n_wait = waiting.get(svc.id, 0)
        out.append(ServiceView(
            code=svc.code, name=svc.name, agency=agency.code, agency_name=agency.name,
            agency_short=agency.short, prefix=svc.prefix, quota=svc.quota,
            hours=svc.hours or str(_setting(site, "hours", "08:00-15:00")),
            issued_today=n_issued, waiting=n_wait, served_today=served.get(svc.id, 0),
            longest_wait_s=int((now - first).total_seconds()) if first else 0,
            estimated_wait_min=estimate_wait_min(
                n_wait, typical_service_s(session, svc.id, svc.avg_service_s, day) if n_wait
                else svc.avg_service_s,
                open_counts.get(svc.id, 0)),
            open_counters=open_counts.get(svc.id, 0), available=reason is None,
            unavailable_reason=reason,
        ))
    return out


def status(session: Session, *, now: dt.datetime) -> StatusView:
    site = load_site(session)
    counters = session.scalars(
        select(Counter).where(Counter.active.is_(True)).order_by(Counter.position)).all()
    return StatusView(
        site_name=site.name, business_day=business_day(site, now),
        services=tuple(service_views(session, now=now)),
        counters=tuple(counter_view(session, c) for c in counters),
    )


def waiting_list(session: Session, counter_code: str, *, now: dt.datetime) -> list[TicketView]:
    """Tickets waiting for the services of ``counter_code``, in calling order per class."""
    site = load_site(session)
    counter = _counter(session, counter_code, lock=False)
    served = select(CounterService.service_id).where(CounterService.counter_id == counter.id)
    tickets = session.scalars(
        select(Ticket).where(Ticket.status == _WAITING, Ticket.business_day == business_day(site, now),
                             Ticket.service_id.in_(served))
        .order_by(Ticket.queued_at, Ticket.id)).all()
    return [_view(session, t) for t in tickets]


def ticket_info(session: Session, ref: str, *, now: dt.datetime) -> TicketView:
    site = load_site(session)
    return _view(session, _find_ticket(session, ref, business_day(site, now)))


# --- the counter app and the supervisor view --------------------------------------------

@dataclass(frozen=True)
class CounterDay:
    """Today's figures for one counter: who waits for its services, and what it has done."""

    waiting: int
    served: int
    no_show: int


@dataclass(frozen=True)
class ServiceChoice:
    """A service a ticket can be transferred to, for a searchable picker."""

    code: str
    name: str
    agency: str
    agency_short: str

    def matches(self, text: str) -> bool:
        """Every word of ``text`` is found in the code, the name or the agency."""
        hay = f"{self.code} {self.name} {self.agency} {self.agency_short}".casefold()
        return all(word in hay for word in text.casefold().split())


def service_choices(session: Session) -> list[ServiceChoice]:
    """Every active service of the site, agency by agency, in the site file's order."""
    rows = session.execute(
        select(Service.code, Service.name, Agency.code, Agency.short)
        .join(Agency, Service.agency_id == Agency.id)
        .where(Service.active.is_(True), Agency.active.is_(True))
        .order_by(Agency.position, Service.position)).all()
    return [ServiceChoice(code, name, agency, short) for code, name, agency, short in rows]


def agency_short(session: Session, agency_code: str) -> str:
    """An agency's short name (the header shows it), or its code when it has none."""
    short = session.scalar(select(Agency.short).where(Agency.code == agency_code))
    return short or agency_code


def counter_state(session: Session, counter_code: str) -> CounterView:
    """A counter's state as it is now (no lock), e.g. after a supervisor changed it."""
    return counter_view(session, _counter(session, counter_code, lock=False))


def open_counter_remotely(
    session: Session, counter_code: str, *, now: dt.datetime, user_id: int | None = None
) -> CounterView:
    """A supervisor opens (or resumes) a counter from elsewhere. The clerk assigned to it
    stays; the event records who opened it."""
    counter = _counter(session, counter_code)
    if counter.state == CounterState.OPEN:
        return counter_view(session, counter)
    counter.state = CounterState.OPEN
    counter.pause_reason = None
    events.emit(session, "counter_opened", at=now, counter_id=counter.id, user_id=user_id,
                counter=counter.code, counter_name=counter.name, zone=counter.zone, remote=True)
    return counter_view(session, counter)


_COUNTER_ID = select(_C.c.id, _C.c.active).where(_C.c.code == bindparam("p_code"))
_WAITING_FOR_COUNTER = (
    select(*_TICKET_COLS)
    .where(_T.c.status == _WAITING, _T.c.business_day == bindparam("p_day"),
           _T.c.service_id.in_(select(_CS.c.service_id).where(_CS.c.counter_id == bindparam("p_counter_id"))))
    .order_by(_T.c.queued_at, _T.c.id)
)
_DONE_BY_COUNTER = (
    select(_T.c.status, func.count())
    .where(_T.c.counter_id == bindparam("p_counter_id"), _T.c.business_day == bindparam("p_day"),
           _T.c.status.in_([TicketStatus.DONE.value, TicketStatus.NO_SHOW.value]))
    .group_by(_T.c.status)
)


def counter_board(
    session: Session, counter_code: str, *, now: dt.datetime
) -> tuple[list[TicketView], CounterDay]:
    """What a counter's screen shows: the same list as :func:`waiting_list`, and today's
    figures, in four short Core statements (names from the cached catalog). The counter app
    re-reads it after every relevant event, so it stays as lean as the hot path."""
    ctx = site_context(session)
    counter = session.execute(_COUNTER_ID, {"p_code": counter_code.strip().upper()}).one_or_none()
    if counter is None or not counter.active:
        raise NotFound(f"Loket '{counter_code}' tidak ditemukan.")
    params = {"p_counter_id": counter.id, "p_day": ctx.business_day(now)}
    waiting = [_ticket_view(ctx, row) for row in session.execute(_WAITING_FOR_COUNTER, params)]
    done = {str(status): int(n) for status, n in session.execute(_DONE_BY_COUNTER, params)}
    return waiting, CounterDay(waiting=len(waiting), served=done.get(TicketStatus.DONE, 0),
                               no_show=done.get(TicketStatus.NO_SHOW, 0))
