"""``antre init`` and ``antre db``: the store's schema, the stations' PostgreSQL roles, and what
this station may do."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sqlalchemy import text

from shared import config, pgroles
from shared.cli import common
from shared.store import describe_url


def cmd_init(args: argparse.Namespace) -> int:
    store = common.open_store(args, check_integrity=True, create_folder=True)
    try:
        # A migration may add tables: the station roles get their rights on them too.
        roles = pgroles.refresh_grants(store)
    finally:
        store.dispose()
    human = f"Basis data siap: {describe_url(args.store_url)}"
    if roles is not None:
        human += f"\nHak akses peran stasiun diperbarui: {roles.all}"
    common.out(args, human, {"ok": True, "store": describe_url(args.store_url),
                             "station_roles": roles.all.split(", ") if roles else []})
    return 0


def cmd_db_roles(args: argparse.Namespace) -> int:
    roles = pgroles.Roles(args.prefix)
    if args.sslmode is not None:
        config.check_sslmode(args.sslmode, "--sslmode")
    store = common.open_store(args)
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
    common.out(args, "\n".join(lines), {
        "database": report.database, "admin": report.admin,
        "stations": [{"app": st.app, "role": st.role, "created": st.created,
                      "config_file": str(st.config_file) if st.config_file else None} for st in stations],
    })
    return 0


def cmd_db_check(args: argparse.Namespace) -> int:
    store = common.open_store(args, check_integrity=True)
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
    common.out(args, "\n".join(lines), {**rights, "tls": bool(tls is not None and tls.ssl),
                                        "store": describe_url(args.store_url)})
    return 0


def register(sub: Any, add: common.AddCommand) -> None:
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
