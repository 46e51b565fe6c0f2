"""What every action shares: finding the site, a service, a counter or a ticket, the views
handed back, the event payload, and the refusal that names a ticket's state."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.dto import TicketView
from shared.errors import BadInput, NotFound, RuleRefused
from shared.models import Agency, Counter, CounterState, Service, Site, Ticket, TicketStatus
from shared.rules.catalog import ServiceInfo, SiteContext, site_context
from shared.rules.day import SERVER_NOW, note_server_time, store_now
from shared.rules.states import TicketAction, allows


def load_site(session: Session) -> Site:
    row = session.execute(select(Site, SERVER_NOW).where(Site.id == 1)).one_or_none()
    site = row[0] if row is not None else None
    if row is not None:
        note_server_time(session, row.server_now)
    if site is None:
        raise RuleRefused("Situs belum dimuat. Jalankan 'antre site load BERKAS.toml' dulu.")
    return site


def setting(site: Site, key: str, default: Any) -> Any:
    return (site.config or {}).get(key, default)


def find_service(session: Session, code: str) -> Service:
    svc = session.scalar(select(Service).where(Service.code == code.strip().upper()))
    if svc is None or not svc.active:
        raise NotFound(f"Layanan '{code}' tidak ditemukan.")
    return svc


def find_counter(session: Session, code: str, *, lock: bool = True) -> Counter:
    stmt = select(Counter, SERVER_NOW).where(Counter.code == code.strip().upper())
    if lock:
        stmt = stmt.with_for_update(of=Counter)
    row = session.execute(stmt).one_or_none()
    counter = row[0] if row is not None else None
    if row is not None:
        note_server_time(session, row.server_now)
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
        raise BadInput(f"'{ref}' bukan nomor antrean (contoh: A012).")
    return f"{m.group(1).upper()}{int(m.group(2)):03d}", None, None


def find_ticket(session: Session, ref: str, today: dt.date) -> Ticket:
    code, day, token = parse_ticket_ref(ref)
    day = day or today
    ticket = session.scalar(select(Ticket).where(Ticket.business_day == day, Ticket.code == code))
    if ticket is None:
        raise NotFound(f"Tiket {code} tidak ditemukan untuk hari {day:%d-%m-%Y}.")
    if token is not None and not secrets.compare_digest(token, ticket.token):
        raise BadInput(f"QR tiket {code} tidak sah.")
    return ticket


def ticket_service(session: Session, code: str, *, now: dt.datetime) -> ServiceInfo | None:
    """The service a ticket code is called for: today's ticket's own (it may have been
    transferred), else the active service whose prefix the code carries."""
    ctx = site_context(session)
    now = store_now(session, now)
    service_id = session.scalar(select(Ticket.service_id).where(
        Ticket.business_day == ctx.business_day(now), Ticket.code == code))
    if service_id is not None:
        return ctx.service(service_id)
    letters = code.rstrip("0123456789")
    return next((s for s in ctx.catalog.by_code.values() if s.prefix == letters), None)


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


def view_of(session: Session, t: Ticket) -> TicketView:
    svc, agency = _service_and_agency(session, t.service_id)
    counter = session.get(Counter, t.counter_id) if t.counter_id else None
    return TicketView(
        id=t.id, code=t.code, number=t.number, business_day=t.business_day, status=t.status,
        service=svc.code, service_name=svc.name, agency=agency.code, agency_name=agency.name,
        priority_class=t.priority_class, issued_at=t.issued_at, called_at=t.called_at,
        counter=counter.code if counter else None, counter_name=counter.name if counter else None,
        call_count=t.call_count, token=t.token,
    )


def payload(v: TicketView, counter: Any = None, **extra: Any) -> dict[str, Any]:
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


def row_view(ctx: SiteContext, row: Any, counter: Any = None) -> TicketView:
    svc = ctx.service(row.service_id)
    return TicketView(
        id=row.id, code=row.code, number=row.number, business_day=row.business_day, status=row.status,
        service=svc.code, service_name=svc.name, agency=svc.agency, agency_name=svc.agency_name,
        priority_class=row.priority_class, issued_at=row.issued_at, called_at=row.called_at,
        counter=counter.code if counter is not None else None,
        counter_name=counter.name if counter is not None else None,
        call_count=row.call_count, token=row.token,
    )


def require_open(counter: Any) -> None:
    if counter.state == CounterState.CLOSED:
        raise RuleRefused(f"{counter.name} masih tutup. Buka loket dulu.")
    if counter.state == CounterState.PAUSED:
        raise RuleRefused(f"{counter.name} sedang jeda ({counter.pause_reason}). Lanjutkan loket dulu.")


def state_text(session: Session, t: Ticket) -> str:
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


def held_ticket(session: Session, counter: Counter, action: TicketAction) -> Ticket:
    """The ticket ``counter`` holds, when its state allows ``action``."""
    t = session.get(Ticket, counter.current_ticket_id) if counter.current_ticket_id else None
    if t is None:
        raise RuleRefused(f"{counter.name} tidak sedang memanggil tiket.")
    if not allows(t.status, action):
        raise RuleRefused(state_text(session, t))
    return t

