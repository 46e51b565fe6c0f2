"""Least-privilege PostgreSQL roles, one per kind of station (``antre db roles``).

A kiosk stands in a public hall. If one is compromised it must not be able to rewrite the
queue, so each app connects with its own role:

- ``<prefix>_kiosk``: reads the site and the queue, and issues tickets. It may insert a
  ticket only as a fresh waiting ticket carrying the number the day's sequence just gave
  out, and the server stamps its time (a kiosk cannot backdate a ticket to jump the queue);
  it may insert only the events issuing and printing write; it can update or delete no
  ticket and no event.
- ``<prefix>_counter``: the queue actions of the counter app and its supervisor view
  (update tickets and counters, append events, record log-in failures). It cannot issue,
  delete anything, change users' passwords or roles, or touch the site's catalogue.
- ``<prefix>_display``: reads the site, the queue and the feed. Nothing else.
- the admin is the role that owns the tables (it ran ``antre init``): site loads, users,
  migrations, and this command.

Plain grants do most of it. Where a rule needs more, row-level security checks the rows a
kiosk inserts, one trigger stamps a station's ticket with the server's clock, and another
lets a day's number only move forward by one. Everything is
idempotent: re-running re-applies the grants, and ``antre init`` re-applies them after a
migration so new tables are covered.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url

from shared import config
from shared.errors import BadInput, RuleRefused
from shared.store import Store

APPS = ("kiosk", "counter", "display")
DEFAULT_PREFIX = "antre"
COMMENT_TAG = "antre-station"
_PREFIX_RE = re.compile(r"^[a-z][a-z0-9_]{0,40}$")

SITE_TABLES = ("site", "agency", "service", "counter", "counter_service", "priority_class", "alembic_version")
QUEUE_TABLES = ("ticket", "event")
READ_TABLES = (*SITE_TABLES, *QUEUE_TABLES, "day_sequence")
# What a display may know of the clerks (names on the board); never the password hashes.
USER_PUBLIC_COLUMNS = "id, username, full_name, role, agency_id, active"
# The events a kiosk writes: issuing, and the printer's troubles.
KIOSK_EVENT_KINDS = ("ticket_issued", "printer_failed", "printer_unconfirmed", "printer_not_ready")


@dataclass(frozen=True)
class Roles:
    prefix: str = DEFAULT_PREFIX

    def __post_init__(self) -> None:
        if not _PREFIX_RE.match(self.prefix):
            raise BadInput(
                f"Awalan peran '{self.prefix}' tidak valid: pakai huruf kecil, angka dan _, "
                "diawali huruf (contoh: antre).")

    def name(self, app: str) -> str:
        return f"{self.prefix}_{app}"

    @property
    def kiosk(self) -> str:
        return self.name("kiosk")

    @property
    def counter(self) -> str:
        return self.name("counter")

    @property
    def display(self) -> str:
        return self.name("display")

    @property
    def all(self) -> str:
        return ", ".join(self.name(app) for app in APPS)


def _q(ident: str) -> str:
    return '"' + ident.replace('"', '""') + '"'


def grant_statements(roles: Roles, sequences: dict[str, str], database: str) -> list[str]:
    """Every statement that sets the three roles' rights, from a clean slate."""
    k, c, d, everyone = _q(roles.kiosk), _q(roles.counter), _q(roles.display), roles.all
    ticket_seq, event_seq = sequences["ticket"], sequences["event"]
    all_tables = (*SITE_TABLES, *QUEUE_TABLES, "day_sequence", "app_user")
    p = roles.prefix
    return [
        # Start from nothing, so a right removed here is removed on the server too.
        f"REVOKE ALL ON {', '.join(all_tables)} FROM {everyone}",
        f"REVOKE ALL ON SEQUENCE {ticket_seq}, {event_seq} FROM {everyone}",
        f"GRANT CONNECT ON DATABASE {_q(database)} TO {everyone}",
        f"GRANT USAGE ON SCHEMA public TO {everyone}",
        # Everyone reads the site, the queue and the feed.
        f"GRANT SELECT ON {', '.join(READ_TABLES)} TO {everyone}",
        f"GRANT SELECT ({USER_PUBLIC_COLUMNS}) ON app_user TO {d}",
        # Kiosk: issue tickets (the day's number, the ticket, its event).
        f"GRANT INSERT ON day_sequence TO {k}",
        f"GRANT UPDATE (last_number) ON day_sequence TO {k}",
        f"GRANT INSERT ON ticket, event TO {k}",
        f"GRANT USAGE ON SEQUENCE {ticket_seq}, {event_seq} TO {k}",
        # Counter: the queue actions, closing yesterday, and log-in bookkeeping.
        f"GRANT UPDATE ON ticket, counter TO {c}",
        f"GRANT UPDATE (business_day) ON site TO {c}",
        f"GRANT INSERT ON event TO {c}",
        f"GRANT USAGE ON SEQUENCE {event_seq} TO {c}",
        f"GRANT SELECT ON app_user TO {c}",
        f"GRANT UPDATE (failed_logins, locked_until) ON app_user TO {c}",
        # Row checks. The owner (the admin) is not subject to them.
        "ALTER TABLE ticket ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE event ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE day_sequence ENABLE ROW LEVEL SECURITY",
        *(f"DROP POLICY IF EXISTS {_q(f'{p}_{name}')} ON {table}" for table, name in _POLICIES),
        f"CREATE POLICY {_q(p + '_read')} ON ticket FOR SELECT TO {everyone} USING (true)",
        f"CREATE POLICY {_q(p + '_issue')} ON ticket FOR INSERT TO {k} WITH CHECK ("
        "status = 'waiting' AND call_count = 0 AND counter_id IS NULL"
        " AND called_at IS NULL AND started_at IS NULL AND finished_at IS NULL"
        " AND service_id = issued_service_id"
        " AND number = (SELECT s.last_number FROM day_sequence s"
        " WHERE s.service_id = ticket.issued_service_id AND s.business_day = ticket.business_day))",
        f"CREATE POLICY {_q(p + '_queue')} ON ticket FOR UPDATE TO {c} USING (true) WITH CHECK (true)",
        f"CREATE POLICY {_q(p + '_read')} ON event FOR SELECT TO {everyone} USING (true)",
        f"CREATE POLICY {_q(p + '_kiosk')} ON event FOR INSERT TO {k} WITH CHECK ("
        f"kind IN ({', '.join(repr(kind) for kind in KIOSK_EVENT_KINDS)}))",
        f"CREATE POLICY {_q(p + '_counter')} ON event FOR INSERT TO {c} WITH CHECK (true)",
        f"CREATE POLICY {_q(p + '_read')} ON day_sequence FOR SELECT TO {everyone} USING (true)",
        f"CREATE POLICY {_q(p + '_start')} ON day_sequence FOR INSERT TO {k} WITH CHECK ("
        "last_number = 1 AND business_day BETWEEN current_date - 1 AND current_date + 1)",
        f"CREATE POLICY {_q(p + '_next')} ON day_sequence FOR UPDATE TO {k} USING (true) WITH CHECK (true)",
        # A ticket inserted by anyone but the owner (the admin) gets the server's time: its
        # place in the queue. Runs before the row checks above.
        "CREATE OR REPLACE FUNCTION antre_stamp_ticket() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "IF current_user <> (SELECT tableowner FROM pg_tables "
        "WHERE schemaname = TG_TABLE_SCHEMA AND tablename = TG_TABLE_NAME) THEN "
        "NEW.issued_at := now() AT TIME ZONE 'UTC'; NEW.queued_at := NEW.issued_at; "
        "END IF; RETURN NEW; END $$",
        "DROP TRIGGER IF EXISTS antre_stamp_ticket ON ticket",
        "CREATE TRIGGER antre_stamp_ticket BEFORE INSERT ON ticket "
        "FOR EACH ROW EXECUTE FUNCTION antre_stamp_ticket()",
        # A day's number only moves forward, one at a time, whoever writes it.
        "CREATE OR REPLACE FUNCTION antre_number_moves_forward() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.service_id <> OLD.service_id OR NEW.business_day <> OLD.business_day "
        "OR NEW.last_number <> OLD.last_number + 1 THEN "
        "RAISE EXCEPTION 'nomor antrean hanya boleh maju satu per satu' USING ERRCODE = '42501'; "
        "END IF; RETURN NEW; END $$",
        "DROP TRIGGER IF EXISTS antre_number_moves_forward ON day_sequence",
        "CREATE TRIGGER antre_number_moves_forward BEFORE UPDATE ON day_sequence "
        "FOR EACH ROW EXECUTE FUNCTION antre_number_moves_forward()",
        *_report_grants(roles),
    ]


# --- reports and the SKM survey (issue 17) ----------------------------------------------
# The counter app's reports page reads the stored report days and the survey answers, and
# stores a closed day's figures the first time a report needs them. The kiosk's survey mode
# records one answer per served ticket: it may insert answers and see which tickets already
# have one, never read the answers themselves.
REPORT_TABLES = ("report_day", "report_cell", "survey_response")


def _report_grants(roles: Roles) -> list[str]:
    k, c, everyone = _q(roles.kiosk), _q(roles.counter), roles.all
    cell_seq, survey_seq = "report_cell_id_seq", "survey_response_id_seq"
    return [
        f"REVOKE ALL ON {', '.join(REPORT_TABLES)} FROM {everyone}",
        f"REVOKE ALL ON SEQUENCE {cell_seq}, {survey_seq} FROM {everyone}",
        f"GRANT SELECT ON {', '.join(REPORT_TABLES)} TO {c}",
        f"GRANT INSERT, DELETE ON report_day, report_cell TO {c}",
        f"GRANT USAGE ON SEQUENCE {cell_seq} TO {c}",
        f"GRANT SELECT (id, ticket_id) ON survey_response TO {k}",
        f"GRANT INSERT ON survey_response TO {k}",
        f"GRANT USAGE ON SEQUENCE {survey_seq} TO {k}",
    ]
# --- end of the reports and survey block ------------------------------------------------


_POLICIES = (
    ("ticket", "read"), ("ticket", "issue"), ("ticket", "queue"),
    ("event", "read"), ("event", "kiosk"), ("event", "counter"),
    ("day_sequence", "read"), ("day_sequence", "start"), ("day_sequence", "next"),
)


# --- reading the server -----------------------------------------------------------------

def _require_postgresql(store: Store) -> None:
    if not store.is_postgresql:
        raise BadInput(
            "Peran per aplikasi hanya ada di PostgreSQL. Toko SQLite dipakai satu PC saja; "
            "lindungi berkasnya dengan izin sistem berkas.")


def _check_admin(conn: Connection) -> None:
    me = conn.execute(text(
        "SELECT r.rolname, r.rolsuper, r.rolcreaterole, t.tableowner "
        "FROM pg_roles r LEFT JOIN pg_tables t ON t.schemaname = current_schema() AND t.tablename = 'ticket' "
        "WHERE r.rolname = current_user")).one()
    if me.tableowner is None:
        raise RuleRefused("Basis data belum disiapkan. Jalankan 'antre init' dengan akun admin dulu.")
    if me.tableowner != me.rolname and not me.rolsuper:
        raise RuleRefused(
            f"Akun '{me.rolname}' bukan pemilik tabel Antre (pemiliknya '{me.tableowner}'). "
            "Jalankan perintah ini dengan akun admin yang menjalankan 'antre init'.")
    if not (me.rolcreaterole or me.rolsuper):
        raise RuleRefused(
            f"Akun '{me.rolname}' tidak boleh membuat peran. Di server jalankan: "
            f"sudo -u postgres psql -c 'ALTER ROLE {me.rolname} CREATEROLE'")


def _sequences(conn: Connection) -> dict[str, str]:
    out = {}
    for table in QUEUE_TABLES:
        seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table}).scalar_one()
        if seq is None:
            raise RuleRefused(f"Tabel {table} tidak punya urutan id; skema tidak dikenal.")
        out[table] = str(seq)
    return out


def _comment(app: str, database: str) -> str:
    return f"{COMMENT_TAG} app={app} db={database}"


def station_roles(conn: Connection) -> Roles | None:
    """The role set made for this database by an earlier ``antre db roles``, if any."""
    rows = conn.execute(text(
        "SELECT rolname FROM pg_roles WHERE shobj_description(oid, 'pg_authid') = "
        ":tag || ' app=kiosk db=' || current_database()"), {"tag": COMMENT_TAG}).scalars().all()
    return Roles(rows[0].removesuffix("_kiosk")) if rows else None


def _apply(conn: Connection, roles: Roles) -> None:
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    for stmt in grant_statements(roles, _sequences(conn), database):
        conn.exec_driver_sql(stmt)


# --- the command ------------------------------------------------------------------------

@dataclass(frozen=True)
class StationRole:
    app: str
    role: str
    created: bool
    password: str | None  # set when this run gave the role a new password
    config_file: Path | None = None


@dataclass(frozen=True)
class RolesReport:
    admin: str
    database: str
    stations: list[StationRole]


def _set_password(conn: Connection, role: str, password: str) -> None:
    # The server gets a SCRAM verifier, never the password itself (nor do its logs).
    dbapi = conn.connection.dbapi_connection
    verifier = dbapi.pgconn.encrypt_password(  # type: ignore[union-attr]
        password.encode(), role.encode(), b"scram-sha-256").decode()
    conn.exec_driver_sql(f"ALTER ROLE {_q(role)} PASSWORD '{verifier}'")


def create_roles(store: Store, roles: Roles, *, new_passwords: bool = False) -> RolesReport:
    """Create or update the station roles and (re)apply their rights, in one transaction."""
    _require_postgresql(store)
    with store.engine.begin() as conn:
        _check_admin(conn)
        admin, database = conn.execute(text("SELECT current_user, current_database()")).one()
        stations = []
        for app in APPS:
            role = roles.name(app)
            exists = conn.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar() is not None
            if exists:
                tag = conn.execute(text("SELECT shobj_description(oid, 'pg_authid') FROM pg_roles "
                                        "WHERE rolname = :r"), {"r": role}).scalar()
                if tag != _comment(app, database):
                    raise RuleRefused(
                        f"Peran '{role}' sudah ada di server tetapi bukan milik basis data '{database}'. "
                        "Pakai --prefix lain (contoh: --prefix antre_gedung2).")
            else:
                conn.exec_driver_sql(
                    f"CREATE ROLE {_q(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                    "NOREPLICATION NOBYPASSRLS")
                conn.exec_driver_sql(f"COMMENT ON ROLE {_q(role)} IS '{_comment(app, database)}'")
            password = None
            if not exists or new_passwords:
                password = secrets.token_urlsafe(18)
                _set_password(conn, role, password)
            stations.append(StationRole(app, role, not exists, password))
        _apply(conn, roles)
    return RolesReport(admin, database, stations)


def _may_grant(conn: Connection) -> bool:
    return bool(conn.execute(text(
        "SELECT r.rolsuper OR t.tableowner = current_user FROM pg_roles r "
        "LEFT JOIN pg_tables t ON t.schemaname = current_schema() AND t.tablename = 'ticket' "
        "WHERE r.rolname = current_user")).scalar())


def refresh_grants(store: Store) -> Roles | None:
    """After a migration: re-apply the rights of this database's station roles, if it has any.
    Only the admin can; for a station's own role this does nothing."""
    if not store.is_postgresql:
        return None
    with store.engine.begin() as conn:
        if not _may_grant(conn):
            return None
        roles = station_roles(conn)
        if roles is not None:
            _apply(conn, roles)
    return roles


def station_url(admin_url: str, role: str, password: str, host: str | None, port: int | None) -> str:
    """The admin's URL with the station's role, password and (for other PCs) the server's host."""
    url = make_url(admin_url).set(username=role, password=password)
    if url.drivername == "postgresql+psycopg":
        url = url.set(drivername="postgresql")
    if host:
        url = url.set(host=host)
    if port:
        url = url.set(port=port)
    return url.render_as_string(hide_password=False)


def station_config(app: str, url: str, *, sslmode: str | None) -> str:
    lines = [
        f"# Antre: station config for the {app}. It holds a password: keep it owner-only",
        "# (this file was written with mode 600; copy it with `install -m 600`).",
        "[store]",
        f"url = {_toml_string(url)}",
    ]
    if sslmode:
        lines.append(f"sslmode = {_toml_string(sslmode)}")
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_station_configs(
    report: RolesReport, admin_url: str, out_dir: Path, *, host: str | None, port: int | None,
    sslmode: str | None,
) -> list[StationRole]:
    """One owner-only config file per station whose role got a new password."""
    if sslmode is not None:
        config.check_sslmode(sslmode, "--sslmode")
    written = []
    for st in report.stations:
        if st.password is None:
            written.append(st)
            continue
        path = out_dir / f"{st.app}.toml"
        url = station_url(admin_url, st.role, st.password, host, port)
        config.write_private(path, station_config(st.app, url, sslmode=sslmode))
        written.append(StationRole(st.app, st.role, st.created, st.password, path))
    return written


def privileges(store: Store) -> dict[str, Any]:
    """What the connected role may do, for ``antre db roles --check`` and the self-test."""
    if not store.is_postgresql:
        return {"role": None, "issue": True, "queue": True, "admin": True}
    with store.reading() as s:
        row = s.execute(text(
            "SELECT current_user AS role, "
            "has_table_privilege('ticket', 'INSERT') AS issue, "
            "has_table_privilege('ticket', 'UPDATE') AS queue, "
            "(SELECT tableowner = current_user FROM pg_tables "
            " WHERE schemaname = current_schema() AND tablename = 'ticket') AS admin")).one()
    return dict(row._mapping)
