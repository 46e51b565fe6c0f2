"""``antre``: the scriptable face of the same service layer the apps use.

Exit codes: 0 success; 2 bad input or a rule refusal; 1 a store that cannot be reached.
Errors are one line on stderr (a site file lists one line per mistake). Tracebacks go to
the log file, never to the user.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import getpass
import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zoneinfo
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from shared import __version__, announce, auth, config, events, logs, pgroles, rules, selftest, site
from shared import store as store_module
from shared.dto import CounterView
from shared.errors import BadInput, KnownError, NotFound
from shared.models import Counter, Site
from shared.paths import app_command, demo_site_file
from shared.printing import commands as printing_commands
from shared.store import Store, describe_url
from shared.voice import commands as voice_commands

log = logging.getLogger(__name__)


# --- output -----------------------------------------------------------------------------

def _out(args: argparse.Namespace, human: str, data: Any) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, default=str))
    else:
        print(human)


def _local(args: argparse.Namespace, when: dt.datetime | None) -> str:
    if when is None:
        return "-"
    return when.astimezone(zoneinfo.ZoneInfo(args.tz)).strftime("%H:%M:%S")


def _ticket_line(t: Any) -> str:
    prio = f" [prioritas: {t.priority_class}]" if t.priority_class else ""
    where = f" di {t.counter_name}" if t.counter_name else ""
    return f"{t.code}  {t.service_name} ({t.agency_name}){prio}  status={t.status}{where}"


# --- store ------------------------------------------------------------------------------

def _store(args: argparse.Namespace) -> Store:
    settings = config.resolve(args.db)
    if settings.source == str(config.config_path()):
        warning = config.exposure_warning(config.config_path(), settings.db_url)
        if warning:
            print(f"antre: {warning}", file=sys.stderr)
    log.info("store %s (from %s)", describe_url(settings.db_url), settings.source)
    store = Store.open(settings.db_url)
    args.store_url = settings.db_url
    args.tz = "Asia/Jakarta"
    with store.reading() as s:
        row = s.get(Site, 1)
        if row is not None:
            args.tz = row.timezone
    return store


def _now(args: argparse.Namespace) -> dt.datetime:
    """The command's clock (``main(clock=...)``; the wall clock by default)."""
    clock: Callable[[], dt.datetime] = args.clock
    return clock()


def _action(args: argparse.Namespace, fn: Callable[..., Any], *fargs: Any, **kw: Any) -> Any:
    """Run one user action in one transaction, after closing yesterday if a day has passed."""
    store = _store(args)
    try:
        now = _now(args)
        with store.transaction() as s:
            rules.roll_over(s, now=now)
        with store.transaction() as s:
            return fn(s, *fargs, now=now, **kw)
    finally:
        store.dispose()


# --- commands ---------------------------------------------------------------------------

def cmd_init(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        # A migration may add tables: the station roles get their rights on them too.
        roles = pgroles.refresh_grants(store)
    finally:
        store.dispose()
    human = f"Basis data siap: {describe_url(args.store_url)}"
    if roles is not None:
        human += f"\nHak akses peran stasiun diperbarui: {roles.all}"
    _out(args, human, {"ok": True, "store": describe_url(args.store_url),
                       "station_roles": roles.all.split(", ") if roles else []})
    return 0


# --- db ---------------------------------------------------------------------------------

def cmd_db_roles(args: argparse.Namespace) -> int:
    roles = pgroles.Roles(args.prefix)
    if args.sslmode is not None:
        config.check_sslmode(args.sslmode, "--sslmode")
    store = _store(args)
    try:
        report = pgroles.create_roles(store, roles, new_passwords=args.new_passwords)
    finally:
        store.dispose()
    stations = report.stations
    if args.out:
        stations = pgroles.write_station_configs(
            report, args.store_url, Path(args.out), host=args.host, port=args.port, sslmode=args.sslmode)
    lines = [f"Peran untuk basis data '{report.database}' (admin: {report.admin}, pemilik tabel):"]
    for st in stations:
        state = "dibuat" if st.created else ("kata sandi baru" if st.password else "hak diperbarui")
        where = f" → {st.config_file} (mode 600)" if st.config_file else ""
        lines.append(f"  {st.app:<8} {st.role:<20} {state}{where}")
    if any(st.password for st in stations) and not args.out:
        lines.append("Kata sandi baru tidak ditampilkan. Jalankan lagi dengan --out FOLDER --new-passwords "
                     "untuk menulis berkas konfigurasi stasiun.")
    _out(args, "\n".join(lines), {
        "database": report.database, "admin": report.admin,
        "stations": [{"app": st.app, "role": st.role, "created": st.created,
                      "config_file": str(st.config_file) if st.config_file else None} for st in stations],
    })
    return 0


def cmd_db_check(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        rights = pgroles.privileges(store)
        tls = None
        if store.is_postgresql:
            with store.reading() as s:
                tls = s.execute(text(
                    "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).one_or_none()
    finally:
        store.dispose()
    may = [name for name in ("issue", "queue", "admin") if rights[name]]
    labels = {"issue": "ambil nomor", "queue": "aksi loket", "admin": "admin (migrasi, situs, peran)"}
    lines = [f"Basis data: {describe_url(args.store_url)}"]
    if rights["role"]:
        lines.append(f"Peran: {rights['role']}")
        lines.append("Enkripsi: " + (f"TLS ({tls.version})" if tls is not None and tls.ssl else "tidak"))
    lines.append("Boleh: " + (", ".join(labels[m] for m in may) if may else "hanya membaca"))
    _out(args, "\n".join(lines), {**rights, "tls": bool(tls is not None and tls.ssl),
                                  "store": describe_url(args.store_url)})
    return 0


def cmd_site_check(args: argparse.Namespace) -> int:
    spec = site.load_site_file(args.file)
    _out(args, f"{args.file}: valid — {len(spec.agencies)} instansi, {len(spec.services)} layanan, "
               f"{len(spec.counters)} loket, {len(spec.users)} pengguna.",
         {"ok": True, "agencies": len(spec.agencies), "services": len(spec.services),
          "counters": len(spec.counters), "users": len(spec.users)})
    return 0


def _load(args: argparse.Namespace, spec: site.SiteSpec) -> site.ApplyReport:
    store = _store(args)
    try:
        with store.transaction() as s:
            report = site.apply_site(s, spec, now=_now(args))
        with store.transaction() as s:
            rules.roll_over(s, now=_now(args))
        return report
    finally:
        store.dispose()


def cmd_site_load(args: argparse.Namespace) -> int:
    spec = site.load_site_file(args.file)
    r = _load(args, spec)
    _out(args, f"Situs '{spec.settings.name}' dimuat: {r.agencies} instansi, {r.services} layanan, "
               f"{r.counters} loket, {r.users} pengguna"
               + (f", {r.deactivated} dinonaktifkan." if r.deactivated else "."),
         dataclasses.asdict(r) | {"ok": True, "name": spec.settings.name})
    return 0


def cmd_site_show(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        with store.reading() as s:
            st = rules.status(s, now=_now(args))
            cfg = rules.load_site(s).config
    finally:
        store.dispose()
    if args.json:
        _out(args, "", {"name": st.site_name, "config": cfg,
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


def cmd_ticket_issue(args: argparse.Namespace) -> int:
    r = _action(args, rules.issue, args.service, priority=args.priority)
    t = r.ticket
    _out(args, f"{t.code}  {t.service_name} — {t.agency_name}\n"
               f"Di depan Anda: {r.ahead} orang, perkiraan tunggu {r.estimated_wait_min} menit.",
         r.to_json())
    return 0


def cmd_ticket_requeue(args: argparse.Namespace) -> int:
    t = _action(args, rules.requeue, args.ticket)
    _out(args, f"{t.code} kembali masuk antrian {t.service_name}.", {"ticket": t.to_json()})
    return 0


def cmd_ticket_show(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        with store.reading() as s:
            t = rules.ticket_info(s, args.ticket, now=_now(args))
    finally:
        store.dispose()
    _out(args, _ticket_line(t), {"ticket": t.to_json()})
    return 0


def cmd_ticket_expire(args: argparse.Namespace) -> int:
    t = _action(args, rules.expire_ticket, args.ticket)
    _out(args, f"{t.code} ditutup (kedaluwarsa).", {"ticket": t.to_json()})
    return 0


_COUNTER_ACTIONS: dict[str, tuple[Callable[..., Any], str]] = {
    "next": (rules.call_next, ""),
    "recall": (rules.recall, "dipanggil ulang"),
    "start": (rules.start, "mulai dilayani"),
    "done": (rules.finish, "selesai"),
    "no-show": (rules.no_show, "tidak hadir"),
    "open": (rules.open_counter, "buka"),
    "pause": (rules.pause_counter, "jeda"),
    "close": (rules.close_counter, "tutup"),
}


def cmd_counter(args: argparse.Namespace) -> int:
    fn, verb = _COUNTER_ACTIONS[args.action]
    if args.action == "pause":
        result = _action(args, fn, args.counter, args.reason or "")
    else:
        result = _action(args, fn, args.counter)
    if args.action == "next":
        if result.ticket is None:
            human = "Tidak ada yang menunggu."
        else:
            t = result.ticket
            human = f"Memanggil {t.code} ({t.service_name}) ke {t.counter_name}."
        if result.finished is not None:
            human = f"{result.finished.code} selesai. " + human
        _out(args, human, result.to_json())
    elif isinstance(result, CounterView):
        _out(args, f"{result.name}: {verb}" + (f" ({result.pause_reason})" if result.pause_reason else ""),
             {"counter": result.to_json()})
    else:
        _out(args, f"{result.code}: {verb}.", {"ticket": result.to_json()})
    return 0


def cmd_counter_call(args: argparse.Namespace) -> int:
    r = _action(args, rules.call_ticket, args.counter, args.ticket)
    assert r.ticket is not None
    _out(args, f"Memanggil {r.ticket.code} ke {r.ticket.counter_name}.", r.to_json())
    return 0


def cmd_counter_transfer(args: argparse.Namespace) -> int:
    t = _action(args, rules.transfer, args.counter, args.service)
    _out(args, f"{t.code} dialihkan ke {t.service_name} ({t.agency_name}).", {"ticket": t.to_json()})
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        with store.reading() as s:
            st = rules.status(s, now=_now(args))
    finally:
        store.dispose()
    if args.json:
        _out(args, "", st.to_json())
        return 0
    print(f"{st.site_name} — hari layanan {st.business_day:%d-%m-%Y}")
    print(f"\n{'Layanan':<44} {'Tunggu':>6} {'Selesai':>7} {'Terlama':>8} {'Loket buka':>10}")
    for v in st.services:
        if v.issued_today or v.open_counters:
            print(f"{v.name[:44]:<44} {v.waiting:>6} {v.served_today:>7} "
                  f"{v.longest_wait_s // 60:>6}m {v.open_counters:>10}")
    print(f"\n{'Loket':<12} {'Keadaan':<10} {'Tiket':<8} Petugas")
    for c in st.counters:
        state = c.state + (f" ({c.pause_reason})" if c.pause_reason else "")
        print(f"{c.name:<12} {state:<10} {c.current or '-':<8} {c.user or '-'}")
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    store = _store(args)

    def show(batch: Sequence[events.EventView]) -> None:
        for e in batch:
            if args.json:
                print(json.dumps(e.to_json(), ensure_ascii=False), flush=True)
            else:
                bits = " ".join(f"{k}={v}" for k, v in e.data.items() if v is not None)
                print(f"{e.id:>7} {_local(args, e.at)} {e.kind:<18} {bits}", flush=True)

    try:
        last = args.since
        if not args.follow:
            while True:
                with store.reading() as s:
                    batch = events.events_since(s, last)
                if not batch:
                    return 0
                show(batch)
                last = batch[-1].id
        _follow(store, last, show)
    except KeyboardInterrupt:
        return 0
    finally:
        store.dispose()
    return 0


def _follow(store: Store, last: int, show: Callable[[Sequence[events.EventView]], None]) -> None:
    """Print events as they come, forever. When the store goes away, say so once, retry,
    and carry on from the last event shown: nothing is skipped or shown twice."""
    backoff = 0.5
    down = False
    while True:
        waker = None
        try:
            waker = events.make_waker(store.url)
            backoff = 0.5
            if down:
                print("antre: tersambung kembali.", file=sys.stderr, flush=True)
                down = False
            for batch in events.follow(store.readers, waker, last):
                show(batch)
                last = batch[-1].id
        except (OperationalError, psycopg.OperationalError, sqlite3.OperationalError) as exc:
            if not down:
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                print(f"antre: basis data terputus ({first}); menyambung ulang…", file=sys.stderr, flush=True)
                log.warning("events --follow lost the store", exc_info=True)
                down = True
            time.sleep(backoff)
            backoff = min(backoff * 2, 5.0)
        finally:
            if waker is not None:
                with contextlib.suppress(Exception):
                    waker.close()


def cmd_announce_text(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        with store.reading() as s:
            cfg = rules.load_site(s).config
            counter = s.scalar(select(Counter).where(Counter.code == args.counter.upper()))
            if counter is None:
                raise NotFound(f"Loket '{args.counter}' tidak ditemukan.")
            code, _, _ = rules.parse_ticket_ref(args.ticket)
    finally:
        store.dispose()
    text = announce.announcement(code, counter.name,
                                 template=cfg.get("announcement", site.DEFAULT_ANNOUNCEMENT),
                                 mode=cfg.get("number_mode", "whole"))
    _out(args, text, {"text": text, "ticket": code, "counter": counter.code})
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise BadInput("Tidak ada terminal untuk mengetik kata sandi; gunakan --password-stdin.")
    first = getpass.getpass("Kata sandi baru: ")
    if getpass.getpass("Ulangi kata sandi: ") != first:
        raise BadInput("Kedua kata sandi tidak sama.")
    return first


def cmd_user_add(args: argparse.Namespace) -> int:
    password = _read_password(args)
    user = _action(args, auth.add_user, args.username, password, role=args.role,
                   full_name=args.name or "", agency=args.agency)
    _out(args, f"Pengguna '{user.username}' ({user.role}) ditambahkan.",
         {"ok": True, "username": user.username, "role": user.role})
    return 0


def cmd_user_passwd(args: argparse.Namespace) -> int:
    password = _read_password(args)
    _action(args, auth.set_password, args.username, password)
    _out(args, f"Kata sandi '{args.username}' diganti.", {"ok": True, "username": args.username})
    return 0


def cmd_rollover(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        with store.transaction() as s:
            n = rules.roll_over(s, now=_now(args))
    finally:
        store.dispose()
    _out(args, f"{n} tiket kemarin ditutup." if n else "Hari layanan sudah terkini.", {"expired": n})
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    spec = site.load_site_file(args.site or demo_site_file())
    # The demo works at any hour: the site's real hours are kept, but enforcement is off.
    spec = dataclasses.replace(spec, settings=dataclasses.replace(spec.settings, always_open=True))
    _load(args, spec)
    # One open counter per agency, so every service can be called in the demo.
    first_counters = list({c.agency: c.code for c in reversed(spec.counters)}.values())[::-1]
    store = _store(args)
    try:
        now = _now(args)
        with store.transaction() as s:
            for code in first_counters:
                rules.open_counter(s, code, now=now)
    finally:
        store.dispose()
    print(f"Demo siap di {describe_url(args.store_url)}. Pengguna demo: rina / demo1234.")
    if args.no_apps:
        return 0
    env = dict(os.environ, ANTRE_DB_URL=args.store_url)
    apps = [
        app_command("display"),
        [*app_command("kiosk"), "--windowed"],
        [*app_command("counter"), "--counter", spec.counters[0].code],
    ]
    procs = [subprocess.Popen(cmd, env=env) for cmd in apps]
    print(f"Kios, {spec.counters[0].name} dan layar dibuka. Tutup jendela atau tekan Ctrl+C untuk selesai.")
    try:
        for p in procs:
            p.wait()
    except KeyboardInterrupt:
        for p in procs:
            p.send_signal(signal.SIGTERM)
    return 0


# --- parser -----------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="machine-readable output")
    p = argparse.ArgumentParser(
        prog="antre", parents=[common],
        description="Antre — sistem antrian Mal Pelayanan Publik (admin CLI).")
    p.add_argument("--db", help="store URL (sqlite:///path.db or postgresql://user@host/db)")
    p.add_argument("--version", action="version", version=f"antre {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(parent: Any, name: str, fn: Callable[[argparse.Namespace], int], help_: str) -> Any:
        sp = parent.add_parser(name, parents=[common], help=help_, description=help_)
        sp.set_defaults(func=fn)
        return sp

    add(sub, "init", cmd_init, "create or upgrade the store")

    db_p = sub.add_parser("db", help="the PostgreSQL server").add_subparsers(dest="db_cmd", required=True)
    sp = add(db_p, "roles", cmd_db_roles,
             "create the kiosk, counter and display roles (least privilege) and write station configs")
    sp.add_argument("--prefix", default=pgroles.DEFAULT_PREFIX, help="role names: PREFIX_kiosk, ...")
    sp.add_argument("--out", metavar="DIR", help="write kiosk.toml, counter.toml, display.toml (mode 600)")
    sp.add_argument("--host", help="the server's address as the stations reach it (default: as in --db)")
    sp.add_argument("--port", type=int)
    sp.add_argument("--sslmode", help="sslmode for the stations: require, verify-full, ...")
    sp.add_argument("--new-passwords", action="store_true", help="give existing roles new passwords")
    add(db_p, "check", cmd_db_check, "show this station's role, what it may do, and TLS")

    site_p = sub.add_parser("site", help="site files").add_subparsers(dest="site_cmd", required=True)
    add(site_p, "check", cmd_site_check, "validate a site file").add_argument("file")
    add(site_p, "load", cmd_site_load, "load (or reload) a site file").add_argument("file")
    add(site_p, "show", cmd_site_show, "show the loaded site")

    ticket_p = sub.add_parser("ticket", help="tickets").add_subparsers(dest="ticket_cmd", required=True)
    sp = issue_p = add(ticket_p, "issue", cmd_ticket_issue, "issue a ticket for SERVICE")
    sp.add_argument("service")
    sp.add_argument("--priority", metavar="CLASS", help="priority class, e.g. lansia")
    add(ticket_p, "requeue", cmd_ticket_requeue, "re-queue a no-show who came back").add_argument("ticket")
    add(ticket_p, "show", cmd_ticket_show, "show one ticket").add_argument("ticket")
    add(ticket_p, "expire", cmd_ticket_expire, "close a waiting or no-show ticket").add_argument("ticket")

    counter_p = sub.add_parser("counter", help="counter actions").add_subparsers(
        dest="counter_cmd", required=True)
    for action in _COUNTER_ACTIONS:
        sp = add(counter_p, action, cmd_counter, f"counter {action}")
        sp.add_argument("counter")
        sp.set_defaults(action=action)
        if action == "pause":
            sp.add_argument("--reason", required=True, help="istirahat, sholat, rapat, ...")
    sp = add(counter_p, "call", cmd_counter_call, "call a specific ticket")
    sp.add_argument("counter")
    sp.add_argument("ticket")
    sp = add(counter_p, "transfer", cmd_counter_transfer, "transfer the counter's ticket")
    sp.add_argument("counter")
    sp.add_argument("service")

    add(sub, "status", cmd_status, "queues and counters now")
    sp = add(sub, "events", cmd_events, "print the event feed")
    sp.add_argument("--since", type=int, default=0, metavar="N")
    sp.add_argument("--follow", action="store_true")
    sp = add(sub, "announce-text", cmd_announce_text, "the sentence the display will speak")
    sp.add_argument("ticket")
    sp.add_argument("counter")

    user_p = sub.add_parser("user", help="users").add_subparsers(dest="user_cmd", required=True)
    sp = add(user_p, "add", cmd_user_add, "add a user")
    sp.add_argument("username")
    sp.add_argument("--role", default="clerk", choices=["clerk", "supervisor", "admin"])
    sp.add_argument("--agency")
    sp.add_argument("--name")
    sp.add_argument("--password-stdin", action="store_true")
    sp = add(user_p, "passwd", cmd_user_passwd, "set a user's password")
    sp.add_argument("username")
    sp.add_argument("--password-stdin", action="store_true")

    add(sub, "rollover", cmd_rollover, "close yesterday's unserved tickets now")
    sp = add(sub, "demo", cmd_demo, "load the demo site and open the three apps")
    sp.add_argument("--site", help="another site file instead of the demo one")
    sp.add_argument("--no-apps", action="store_true", help="prepare the store only")

    # Commands that drive hardware live beside it and register themselves here.
    printing_commands.register(sub, ticket=ticket_p, issue=issue_p, add=add)
    voice_commands.register(sub, add=add)
    selftest.register(sub, add=add)
    return p


def main(argv: Sequence[str] | None = None, *, clock: Callable[[], dt.datetime] = rules.utc_now) -> int:
    """Run one command; ``clock`` is this station's time (tests pass theirs)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.clock = clock
    if not hasattr(args, "json"):
        args.json = False
    args.tz = "Asia/Jakarta"
    logfile = logs.setup("antre-cli")
    store_module.identify("antre")
    try:
        return int(args.func(args))
    except KnownError as exc:
        print(f"antre: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `antre events | head`
        sys.stderr.close()
        return 0
    except Exception:
        log.exception("unexpected error in %s", args.command)
        print("antre: kesalahan tak terduga; rinciannya ada di log"
              + (f" {logfile}" if logfile else "") + ".", file=sys.stderr)
        return 1

