"""``antre site`` and ``antre demo``: checking, loading and showing a site file; the demo site
with its three apps."""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import subprocess
import zoneinfo
from pathlib import Path
from typing import Any

from shared import rules, site
from shared.cli import common
from shared.paths import app_command, demo_site_file
from shared.site import revisions
from shared.store import describe_url


def cmd_site_check(args: argparse.Namespace) -> int:
    spec = site.load_site_file(args.file)
    common.out(args, f"{args.file}: valid — {len(spec.agencies)} instansi, {len(spec.services)} layanan, "
                     f"{len(spec.counters)} loket, {len(spec.users)} pengguna, "
                     f"{len(spec.calendar.holidays)} hari libur, {len(spec.calendar.breaks)} istirahat.",
               {"ok": True, "agencies": len(spec.agencies), "services": len(spec.services),
                "counters": len(spec.counters), "users": len(spec.users)})
    return 0


def _load(args: argparse.Namespace, spec: site.SiteSpec, *, create_folder: bool = False) -> site.ApplyReport:
    store = common.open_store(args, create_folder=create_folder)
    try:
        with store.transaction() as s:
            report = site.apply_site(s, spec, now=common.now(args), by=common.operator(),
                                     note=f"dimuat dari {getattr(args, 'file', None) or 'situs demo'}")
        with store.transaction() as s:
            rules.roll_over(s, now=common.now(args))
        return report
    finally:
        store.dispose()


def cmd_site_export(args: argparse.Namespace) -> int:
    store = common.open_store(args)
    try:
        with store.reading() as s:
            text = revisions.export_toml(s, args.revision)
    finally:
        store.dispose()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        common.out(args, f"Situs ditulis ke {args.output}.", {"ok": True, "file": args.output})
    else:
        print(text, end="")
    return 0


def cmd_site_history(args: argparse.Namespace) -> int:
    store = common.open_store(args)
    try:
        with store.reading() as s:
            revs = revisions.history(s, args.limit)
    finally:
        store.dispose()
    if args.json:
        common.out(args, "", [dataclasses.asdict(r) for r in revs])
        return 0
    for r in revs:
        who = r.author or "-"
        when = r.at.astimezone(zoneinfo.ZoneInfo(args.tz))
        note = f"  ({r.note})" if r.note else ""
        print(f"revisi {r.revision:>4}  {when:%Y-%m-%d %H:%M}  {who:<20} {len(r.changes)} perubahan{note}")
    return 0


def cmd_site_diff(args: argparse.Namespace) -> int:
    store = common.open_store(args)
    try:
        with store.reading() as s:
            new = args.new if args.new is not None else revisions.current(s).revision
            lines = revisions.changes_between(s, args.old, new)
    finally:
        store.dispose()
    common.out(args, "\n".join(lines) if lines else "Tidak ada perbedaan.",
               {"old": args.old, "new": new, "changes": lines})
    return 0


def cmd_site_undo(args: argparse.Namespace) -> int:
    store = common.open_store(args)
    try:
        with store.transaction() as s:
            base = revisions.current(s).revision
            r = revisions.undo_to(s, args.revision, base_revision=base, by=common.operator(),
                                  now=common.now(args))
    finally:
        store.dispose()
    common.out(args, f"Situs kembali ke isi revisi {args.revision}, disimpan sebagai revisi {r.revision} "
                     f"({len(r.changes)} perubahan).",
               {"ok": True, "revision": r.revision, "changes": list(r.changes)})
    return 0


def cmd_site_load(args: argparse.Namespace) -> int:
    spec = site.load_site_file(args.file)
    r = _load(args, spec)
    common.out(args, f"Situs '{spec.settings.name}' dimuat: {r.agencies} instansi, {r.services} layanan, "
                     f"{r.counters} loket, {r.users} pengguna"
                     + (f", {r.deactivated} dinonaktifkan." if r.deactivated else "."),
               dataclasses.asdict(r) | {"ok": True, "name": spec.settings.name})
    return 0


def cmd_site_show(args: argparse.Namespace) -> int:
    store = common.open_store(args)
    try:
        with store.reading() as s:
            st = rules.status(s, now=common.now(args))
            cfg = rules.load_site(s).config
    finally:
        store.dispose()
    if args.json:
        common.out(args, "", {"name": st.site_name, "config": cfg,
                              "services": [v.to_json() for v in st.services],
                              "counters": [c.to_json() for c in st.counters]})
        return 0
    print(f"{st.site_name}  (jam {cfg.get('hours')}, hari {', '.join(cfg.get('days', []))})")
    agency = None
    for v in st.services:
        if v.agency != agency:
            agency = v.agency
            print(f"\n{v.agency_name} [{v.agency}]")
        quota = v.quota if v.quota is not None else "-"
        print(f"  {v.prefix:>3}  {v.code:<14} {v.name:<42} kuota {quota:<4} jam {v.hours}")
    print("\nLoket:")
    for c in st.counters:
        print(f"  {c.code:<5} {c.name:<12} {c.agency:<10} {c.zone:<10} {', '.join(c.services)}")
    return 0


DEMO_OPENED = """Kios, {counter} dan layar dibuka berdampingan, masing-masing di jendelanya sendiri.
Cara keluar:
  - kios: Ctrl+Shift+Q membuka halaman admin (di demo tanpa PIN: tekan OK), lalu "Keluar dari aplikasi kios";
  - loket: "Keluar (tutup loket)", lalu tutup jendelanya;
  - layar: Ctrl+Shift+Q, atau tutup jendelanya;
  - semuanya sekaligus: Ctrl+C di terminal ini."""


def cmd_demo(args: argparse.Namespace) -> int:
    spec = site.load_site_file(args.site or demo_site_file())
    # The demo works at any hour: the site's real hours are kept, but enforcement is off.
    spec = dataclasses.replace(spec, settings=dataclasses.replace(spec.settings, always_open=True))
    _load(args, spec, create_folder=True)  # the demo makes its store, as init does
    # One open counter per agency, so every service can be called in the demo.
    first_counters = list({c.agency: c.code for c in reversed(spec.counters)}.values())[::-1]
    store = common.open_store(args)
    try:
        now = common.now(args)
        with store.transaction() as s:
            for code in first_counters:
                rules.open_counter(s, code, now=now)
    finally:
        store.dispose()
    print(f"Demo siap di {describe_url(args.store_url)}. Pengguna demo: rina / demo1234.")
    if args.no_apps:
        return 0
    env = dict(os.environ, ANTRE_DB_URL=args.store_url)
    # Side by side on one screen, each in a window of its own: kiosk, counter, display.
    apps = [
        [*app_command("kiosk"), "--windowed", "--tile", "1/3"],
        [*app_command("counter"), "--counter", spec.counters[0].code, "--tile", "2/3"],
        [*app_command("display"), "--windowed", "--tile", "3/3"],
    ]
    procs = [subprocess.Popen(cmd, env=env) for cmd in apps]
    print(DEMO_OPENED.format(counter=spec.counters[0].name))
    try:
        for p in procs:
            p.wait()
    except KeyboardInterrupt:
        for p in procs:
            p.send_signal(signal.SIGTERM)
    return 0


def register(sub: Any, add: common.AddCommand) -> None:
    site_p = sub.add_parser("site", help="site files").add_subparsers(dest="site_cmd", required=True)
    add(site_p, "check", cmd_site_check, "validate a site file").add_argument("file")
    add(site_p, "load", cmd_site_load, "load (or reload) a site file").add_argument("file")
    add(site_p, "show", cmd_site_show, "show the loaded site")
    sp = add(site_p, "export", cmd_site_export, "write the site (a revision) as a site file")
    sp.add_argument("--revision", type=int, help="an earlier revision (default: the current one)")
    sp.add_argument("-o", "--output", help="file to write (default: standard output)")
    sp = add(site_p, "history", cmd_site_history, "the site's revisions, latest first")
    sp.add_argument("--limit", type=int, default=30)
    sp = add(site_p, "diff", cmd_site_diff, "what changed between two revisions")
    sp.add_argument("old", type=int)
    sp.add_argument("new", type=int, nargs="?", help="default: the current revision")
    sp = add(site_p, "undo", cmd_site_undo, "go back to an earlier revision (saved as a new one)")
    sp.add_argument("revision", type=int)

    sp = add(sub, "demo", cmd_demo, "load the demo site and open the three apps")
    sp.add_argument("--site", help="another site file instead of the demo one")
    sp.add_argument("--no-apps", action="store_true", help="prepare the store only")
