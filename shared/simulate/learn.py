"""``--learn``: a profile fitted from the store's own history, with the reports' measures.

From the cells of :mod:`shared.reports.cells` over the period (the same figures ``antre
report`` shows): the tickets issued per service and local hour of issue, divided by the days
the MPP issued anything, are the arrivals; the mean service time (finish - start) is the
service's mean; no-shows over first calls is the no-show rate. The tickets table adds the share
of priority tickets. What the history cannot show is left at the profile's defaults and said
so in the file: the spread of service times (a coefficient of variation of 0.5), visitors
turned away by a quota or the cut-off (they never got a ticket, so demand above a quota is
not seen), walk-aways, recalls and where transfers went.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.errors import BadInput
from shared.models import Service, Site, Ticket
from shared.reports import cells as cells_mod
from shared.site import revisions

CV = 0.5
"""Service times' standard deviation over their mean, when the history cannot tell."""


def fit(
    session: Session, *, until: str | None, days: int, now: dt.datetime, site_file: str | None, out: Path
) -> tuple[str, int, str | None]:
    """The profile's TOML, the number of days it learnt from, and the site file's TOML when the
    caller must write it beside the profile (no ``site_file`` given)."""
    if not 1 <= days <= 366:
        raise BadInput("--days harus antara 1 dan 366.")
    site = session.get(Site, 1)
    if site is None:
        raise BadInput("Toko belum berisi situs; muat berkas situs dulu (antre site load).")
    tz = zoneinfo.ZoneInfo(site.timezone)
    if until:
        try:
            last = dt.date.fromisoformat(until)
        except ValueError:
            raise BadInput(f"Tanggal '{until}' tidak valid; tulis TTTT-BB-HH.") from None
    else:
        last = now.astimezone(tz).date() - dt.timedelta(days=1)
    first = last - dt.timedelta(days=days - 1)
    open_days = int(
        session.scalar(
            select(func.count(func.distinct(Ticket.business_day))).where(
                Ticket.business_day.between(first, last)
            )
        )
        or 0
    )
    if not open_days:
        raise BadInput(f"Tidak ada tiket antara {first} dan {last}; tidak ada yang bisa dipelajari.")
    facts = cells_mod.site_facts(session)
    cells = cells_mod.cells_of(session, first, last, facts)
    arrivals: dict[int, dict[int, int]] = {}
    served: dict[int, tuple[int, float]] = {}
    called = no_show = 0
    for c in cells:
        for slot, n in c.arrivals.items():
            hours = arrivals.setdefault(c.service_id, {})
            hours[slot % 24] = hours.get(slot % 24, 0) + n
        if c.served:
            n0, t0 = served.get(c.service_id, (0, 0.0))
            served[c.service_id] = (n0 + c.served, t0 + c.service_sum_s)
        called += c.called
        no_show += c.no_show
    issued, priority = session.execute(
        select(func.count(), func.count(Ticket.priority_class)).where(
            Ticket.business_day.between(first, last)
        )
    ).one()
    services = session.execute(
        select(Service.id, Service.code, Service.name, Service.avg_service_s)
        .where(Service.active.is_(True))
        .order_by(Service.position, Service.id)
    ).all()
    site_text = None
    if site_file is None:
        site_path = out.with_name(out.stem + "-situs.toml")
        site_text = revisions.export_toml(session)
        site_ref = site_path.name
    else:
        # The profile names its site relative to its own folder.
        site_ref = Path(os.path.relpath(Path(site_file).resolve(), out.resolve().parent)).as_posix()
    lines = [
        f"# Profil simulasi yang dipelajari dari riwayat toko: {first} s.d. {last} ({open_days} hari buka).",
        "# Kedatangan = tiket terbit per jam dibagi hari buka (pengunjung yang ditolak kuota atau",
        "# cut-off tidak terlihat); lama layanan = rata-rata laporan, simpangan baku dianggap",
        f"# {CV:g} x rata-rata. Periksa dan sesuaikan sebelum dipakai (docs/simulate.md).",
        f'site = "{site_ref}"',
        f"priority_share = {priority / issued if issued else 0.0:.3f}",
        f"no_show_rate = {no_show / called if called else 0.0:.3f}",
        "",
    ]
    for sid, code, name, avg_s in services:
        per_hour = arrivals.get(sid)
        if not per_hour:
            continue
        n, total = served.get(sid, (0, 0.0))
        mean_min = max(0.1, (total / n if n else avg_s) / 60)
        rate = ", ".join(f"{h} = {v / open_days:.1f}" for h, v in sorted(per_hour.items()))
        lines += [
            f"[services.{code}]  # {name}",
            f"arrivals = {{{rate}}}",
            f"service_min = {{mean = {mean_min:.1f}, sd = {mean_min * CV:.1f}}}",
            "",
        ]
    return "\n".join(lines), open_days, site_text
