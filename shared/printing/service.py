"""Printing tickets: first issue, reprint, test page; failures recorded in the event feed.

The ticket always exists before its receipt is printed. When printing fails, an event is
written in its own transaction and a :class:`PrinterError` is raised: the ticket is kept and
can be reprinted. The event is ``printer_unconfirmed`` when the whole job was sent but the
printer never answered (it may have printed), ``printer_failed`` otherwise (data: code,
reason, cause, printer, connection, reprint).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared import events, rules
from shared.dto import IssuedTicket, TicketView
from shared.errors import KnownError
from shared.i18n import ID
from shared.models import Counter, CounterService, PriorityClass, Service, Ticket
from shared.printing import connection
from shared.printing.connection import PrinterError
from shared.printing.receipt import Receipt, receipt_for, render_escpos, render_png
from shared.printing.settings import PrinterSettings
from shared.rules.catalog import site_context
from shared.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReceiptContext:
    """What a receipt needs beyond the ticket; read once with the kiosk's catalog. ``lang``
    is the visitor's language (the kiosk sets it per visitor with :meth:`in_language`)."""

    timezone: str
    footer: str
    priority_names: dict[str, str]
    lang: str = ID

    def in_language(self, lang: str) -> ReceiptContext:
        return replace(self, lang=lang)

    def receipt(self, issued: IssuedTicket, settings: PrinterSettings, *, reprint: bool = False) -> Receipt:
        prio = issued.ticket.priority_class
        return receipt_for(
            issued, timezone=self.timezone,
            footer=settings.footer if settings.footer is not None else self.footer,
            priority_name=self.priority_names.get(prio, prio) if prio else None, reprint=reprint,
            lang=self.lang,
        )


def receipt_context(session: Session) -> ReceiptContext:
    ctx = site_context(session)
    names = {row.code: row.name for row in session.execute(select(PriorityClass.code, PriorityClass.name))}
    return ReceiptContext(timezone=ctx.timezone, footer=str(ctx.setting("footer", "") or ""),
                          priority_names=names)


@dataclass(frozen=True)
class PrintResult:
    """A receipt that reached its printer (or, for ``preview``, its PNG file).

    ``confirmed``: the printer answered after the job that it can print; False where it
    cannot be asked (``check_status = false``, ``file``, ``win32``, ``cups``), there the
    bytes were handed over and that is all anyone knows."""

    code: str
    connection: str
    where: str
    bytes_sent: int
    preview_png: Path | None = None
    receipt: Receipt | None = None
    confirmed: bool = False

    @property
    def reprint(self) -> bool:
        return self.receipt is not None and self.receipt.reprint

    def line(self) -> str:
        """The one sentence saying where this receipt went, for staff: the CLI, the
        counter's reprint and the kiosk's test print all show it."""
        again = " (cetak ulang)" if self.reprint else ""
        if self.preview_png is not None:
            return f"Struk {self.code}{again} disimpan sebagai gambar: {self.preview_png}"
        if self.confirmed:
            return f"Struk {self.code} {'dicetak ulang' if self.reprint else 'dicetak'} di {self.where}."
        return (f"Struk {self.code}{again} dikirim ke {self.where}; printer ini tidak melaporkan "
                "apakah sudah tercetak.")


def print_receipt(receipt: Receipt, settings: PrinterSettings) -> PrintResult:
    """Draw ``receipt`` once and deliver it. Raises :class:`PrinterError`."""
    if settings.connection == "preview":
        png = render_png(receipt, logo=settings.logo)
        folder = settings.preview_folder
        suffix = "-ulang" if receipt.reprint else ""
        name = re.sub(r"[^A-Za-z0-9_-]", "", f"{receipt.issued_local:%Y-%m-%d}-{receipt.code}{suffix}")
        path = folder / f"{name}.png"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(png)
        except OSError as exc:
            raise PrinterError(f"Pratinjau struk tidak dapat disimpan di {folder}: {exc.strerror}.") from exc
        _prune(folder)
        return PrintResult(receipt.code, "preview", settings.where, len(png), path, receipt)
    data = render_escpos(receipt, profile=settings.profile, logo=settings.logo)
    confirmed = connection.send(settings, data)
    return PrintResult(receipt.code, settings.connection, settings.where, len(data), None, receipt,
                       confirmed=confirmed)


KEEP_PREVIEWS = 500


def _prune(folder: Path, keep: int = KEEP_PREVIEWS) -> None:
    """Keep the newest ``keep`` preview PNGs, so a kiosk without a printer never fills its disk."""
    try:
        pngs = sorted(folder.glob("*.png"), key=lambda p: p.stat().st_mtime)
        for old in pngs[:-keep]:
            old.unlink()
    except OSError:
        log.warning("could not prune old receipt previews in %s", folder, exc_info=True)


def record_failure(
    store: Store, ticket: TicketView, reason: str, settings: PrinterSettings, *, now: dt.datetime,
    reprint: bool = False, cause: str = "error", unconfirmed: bool = False,
) -> None:
    """Write a ``printer_failed`` event (``printer_unconfirmed`` when the job was sent and
    never confirmed) in its own transaction. A store that is down too is logged, never
    allowed to hide the printer's own message."""
    kind = "printer_unconfirmed" if unconfirmed else "printer_failed"
    try:
        with store.transaction() as s:
            events.emit(s, kind, at=now, business_day=ticket.business_day,
                        ticket_id=ticket.id, code=ticket.code, reason=reason, cause=cause,
                        printer=settings.where, connection=settings.connection, reprint=reprint)
    except KnownError as exc:
        log.warning("could not record the printer failure of %s: %s", ticket.code, exc.message)


def record_not_ready(
    store: Store, reason: str, settings: PrinterSettings, *, now: dt.datetime, cause: str = "error",
) -> None:
    """Write a ``printer_not_ready`` event (no ticket: nothing was issued) so staff learn that
    a kiosk's printer is offline or out of paper. Store trouble is logged, not raised."""
    try:
        with store.transaction() as s:
            events.emit(s, "printer_not_ready", at=now, reason=reason, cause=cause,
                        printer=settings.where, connection=settings.connection)
    except KnownError as exc:
        log.warning("could not record that the printer is not ready: %s", exc.message)


def print_issued(
    store: Store, issued: IssuedTicket, settings: PrinterSettings, context: ReceiptContext, *,
    now: dt.datetime,
) -> PrintResult:
    """Print a just-issued ticket's receipt. On failure: record it, then raise PrinterError."""
    receipt = context.receipt(issued, settings)
    try:
        return print_receipt(receipt, settings)
    except PrinterError as exc:
        log.warning("receipt of %s not printed: %s", issued.ticket.code, exc.message)
        record_failure(store, issued.ticket, exc.message, settings, now=now, cause=exc.cause,
                       unconfirmed=exc.unconfirmed)
        raise


def _current_wait(session: Session, view: TicketView, now: dt.datetime) -> tuple[int, int]:
    """People ahead of a waiting ticket now, and the estimated minutes."""
    if view.status != "waiting":
        return 0, 0
    row = session.execute(
        select(Ticket.id, Ticket.service_id, Ticket.queued_at).where(Ticket.id == view.id)).one()
    ahead = int(session.scalar(
        select(func.count()).select_from(Ticket).where(
            Ticket.service_id == row.service_id, Ticket.business_day == view.business_day,
            Ticket.status == "waiting",
            (Ticket.queued_at < row.queued_at) | ((Ticket.queued_at == row.queued_at) & (Ticket.id < row.id)),
        )) or 0)
    guess = float(session.scalar(select(Service.avg_service_s).where(Service.id == row.service_id)) or 300)
    typical = rules.typical_service_s(session, row.service_id, guess, view.business_day)
    open_counters = int(session.scalar(
        select(func.count()).select_from(CounterService)
        .join(Counter, Counter.id == CounterService.counter_id)
        .where(CounterService.service_id == row.service_id, Counter.state == "open", Counter.active.is_(True))
    ) or 0)
    return ahead, rules.estimate_wait_min(ahead, typical, open_counters)


def reprint(
    store: Store, ticket: str, *, now: dt.datetime, settings: PrinterSettings | None = None,
) -> PrintResult:
    """Print ``ticket`` (a code such as "A012" for today, or a scanned QR reference) again.

    Marked "CETAK ULANG", with the people ahead as they are now. The printer is checked
    first, as before issuing, then the job must be confirmed like any receipt. Records a
    ``receipt_reprinted`` event, or ``printer_failed``/``printer_unconfirmed`` and raises
    :class:`PrinterError`. Raises ``NotFound``/``BadInput`` for an unknown or malformed ticket."""
    from shared.printing import settings as settings_mod

    settings = settings if settings is not None else settings_mod.load()
    with store.reading() as s:
        view = rules.ticket_info(s, ticket, now=now)
        ahead, wait = _current_wait(s, view, now)
        context = receipt_context(s)
        site_name = site_context(s).name
    issued = IssuedTicket(ticket=view, ahead=ahead, estimated_wait_min=wait, site_name=site_name)
    receipt = context.receipt(issued, settings, reprint=True)
    try:
        connection.check(settings)
        result = print_receipt(receipt, settings)
    except PrinterError as exc:
        log.warning("reprint of %s failed: %s", view.code, exc.message)
        record_failure(store, view, exc.message, settings, now=now, reprint=True, cause=exc.cause,
                       unconfirmed=exc.unconfirmed)
        raise
    with store.transaction() as s:
        events.emit(s, "receipt_reprinted", at=now, business_day=view.business_day, ticket_id=view.id,
                    code=view.code, printer=settings.where, connection=settings.connection,
                    confirmed=result.confirmed)
    log.info("reprinted %s on %s", view.code, settings.where)
    return result


def sample_receipt(site_name: str, now: dt.datetime, timezone: str = "Asia/Jakarta") -> Receipt:
    """A sample receipt for ``antre printer test`` (the number is obviously not real)."""
    import zoneinfo

    local = now.astimezone(zoneinfo.ZoneInfo(timezone))
    return Receipt(
        site_name=site_name, agency_name="Tes printer", service_name="Contoh layanan", code="TES001",
        issued_local=local, ahead=3, estimated_wait_min=12,
        reference=f"ANTRE1|{local.date().isoformat()}|TES001|000000",
        footer="Struk percobaan. Bukan nomor antrean.",
    )
