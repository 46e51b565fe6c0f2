"""``antre calendar``: the site's calendar: holidays imported from a CSV or iCalendar file (a
new site revision), and what the calendar says today."""

from __future__ import annotations

import argparse
import datetime as dt
import zoneinfo
from typing import Any

from shared import calendar, rules
from shared.cli import common
from shared.site import revisions


def cmd_calendar_import(args: argparse.Namespace) -> int:
    imported = calendar.read_holidays(args.file, kind=args.kind)
    store = common.open_store(args)
    try:
        with store.transaction() as s:
            edit = revisions.current(s)
            cal = dict(edit.data.get("calendar", {}))
            existing = [calendar.Holiday(dt.date.fromisoformat(h["date"]), h["name"], h["kind"])
                        for h in cal.get("holidays", [])]
            merged, added, replaced = calendar.merge(existing, imported.holidays)
            if not added and not replaced:
                common.out(args, f"{imported.source}: semua {len(imported.holidays)} tanggal sudah tercatat; "
                                 "tidak ada yang berubah.", {"ok": True, "added": 0, "replaced": 0})
                return 0
            cal["holidays"] = [h.to_data() for h in merged]
            edit.data["calendar"] = cal
            report = revisions.save(s, edit.data, base_revision=edit.revision, by=common.operator(),
                                    now=common.now(args), note=f"impor hari libur dari {imported.source}")
    finally:
        store.dispose()
    common.out(args, f"{imported.source}: {added} hari libur ditambahkan, {replaced} diganti "
                     f"(revisi {report.revision}).",
               {"ok": True, "added": added, "replaced": replaced, "revision": report.revision})
    return 0


def cmd_calendar_show(args: argparse.Namespace) -> int:
    store = common.open_store(args)
    try:
        with store.reading() as s:
            site = rules.load_site(s)
            config = dict(site.config or {})
            tz = site.timezone
    finally:
        store.dispose()
    cal = rules.site_calendar(config)
    now = common.now(args)
    today = rules.service_moment(config, tz, calendar.SITE, None, now)
    local_day = now.astimezone(zoneinfo.ZoneInfo(tz)).date()
    coming = [h for h in cal.holidays if h.date >= local_day]
    if args.json:
        common.out(args, "", {"today": {"kind": str(today.kind), "text": today.text},
                              "holidays": [h.to_data() for h in coming],
                              "breaks": [b.to_data() for b in cal.breaks],
                              "cutoff_minutes": cal.cutoff_minutes, "cutoff_by_wait": cal.cutoff_by_wait,
                              "issue_during_breaks": cal.issue_during_breaks})
        return 0
    print(f"Hari ini ({calendar.long_date(local_day)}): {today.text or 'buka'}")
    for day in calendar.DAYS:
        hours = cal.hours_on(calendar.SITE, day)
        print(f"  {day}: {hours if hours else 'tutup'}")
    for b in cal.breaks:
        print(f"  istirahat: {b.name}, {', '.join(b.days)} {b.hours}"
              + (f" (layanan {', '.join(b.services)})" if b.services else ""))
    print(f"  batas ambil nomor: {cal.cutoff_minutes} menit sebelum tutup"
          + ("; juga bila perkiraan tunggu melewati jam tutup" if cal.cutoff_by_wait else ""))
    print(f"  saat istirahat kios {'tetap' if cal.issue_during_breaks else 'berhenti'} memberi nomor")
    print(f"Hari libur mendatang ({len(coming)}):")
    for h in coming:
        print(f"  {h.date}  {h.kind_name:<16} {h.name}")
    return 0


def register(sub: Any, add: common.AddCommand) -> None:
    cal_p = sub.add_parser("calendar", help="holidays, breaks and hours").add_subparsers(
        dest="calendar_cmd", required=True)
    sp = add(cal_p, "import", cmd_calendar_import, "import holidays from a CSV or iCalendar (.ics) file")
    sp.add_argument("file")
    sp.add_argument("--kind", default="libur_nasional",
                    help="kind of the entries that do not say (default libur_nasional; cuti bersama is "
                         "recognised by its name)")
    add(cal_p, "show", cmd_calendar_show, "what the calendar says today, and the coming holidays")
