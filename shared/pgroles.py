"""Least-privilege PostgreSQL roles, one per kind of station (``antre db roles``).

A kiosk stands in a public hall. If one is compromised it must not be able to rewrite the
queue, so each app connects with its own role:

- ``<prefix>_kiosk``: reads the site and the queue, and inserts tickets and their events.
  The server gives each ticket its number, code, business day and time (the trigger
  ``antre_issue_ticket``); a kiosk has no right on the day's sequence, may insert only a
  fresh waiting ticket and only the events issuing and printing write, and can update or
  delete no ticket and no event.
- ``<prefix>_counter``: the queue actions of the counter app and its supervisor view: only
  the ticket and counter columns those actions change, only along the rules' ticket
  transitions (stamped with the server's time), only the event kinds they write, and the
  business day only forward to the server's day. It checks passwords through
  ``antre_login``, never reading a hash. It cannot issue, delete anything, change users or
  the site's catalogue.
- ``<prefix>_display``: reads the site, the queue, the feed and the users' names. Nothing else.
- the admin is the role that owns the tables (it ran ``antre init``): site loads, users,
  migrations, and this command.

No station may take the lock that orders events (only the writers' ``antre_event_turn``
can), a station left idle inside a transaction is cut off after 10 s, and every connection
gives up waiting for a lock after 5 s (``shared.link``). The functions and triggers live in
:mod:`shared.pgfunctions`. Everything is idempotent: re-running re-applies the grants, and
``antre init`` re-applies them (and re-creates the functions) after a migration.
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
from shared.pgfunctions import FUNCTIONS
from shared.pgfunctions import statements as function_statements
from shared.rules.states import TRANSITIONS
from shared.store import Store

APPS = ("kiosk", "counter", "display")
DEFAULT_PREFIX = "antre"
COMMENT_TAG = "antre-station"
_PREFIX_RE = re.compile(r"^[a-z][a-z0-9_]{0,40}$")

SITE_TABLES = ("site", "agency", "service", "counter", "counter_service", "priority_class", "alembic_version")
QUEUE_TABLES = ("ticket", "event")
READ_TABLES = (*SITE_TABLES, *QUEUE_TABLES, "day_sequence")
ALL_TABLES = (*READ_TABLES, "app_user", "event_turn")
# What a counter or a display may know of the users (names, roles, lock-outs); never the
# password hashes. The counter checks passwords through antre_login (shared/pgfunctions.py).
USER_PUBLIC_COLUMNS = "id, username, full_name, role, agency_id, active, failed_logins, locked_until"
# The events a kiosk writes: issuing, the printer's troubles, and its own clock.
KIOSK_EVENT_KINDS = ("ticket_issued", "printer_failed", "printer_unconfirmed", "printer_not_ready",
                     "clock_skew")
# The events the counter app's actions write (its supervisor view reprints receipts too).
COUNTER_EVENT_KINDS = (
    "ticket_called", "ticket_recalled", "ticket_serving", "ticket_finished", "ticket_no_show",
    "ticket_transferred", "ticket_requeued", "ticket_expired", "counter_opened", "counter_paused",
    "counter_closed", "day_started", "login_failed", "user_locked", "user_logged_in", "user_logged_out",
    "receipt_reprinted", "printer_failed", "printer_unconfirmed", "printer_not_ready", "clock_skew",
)
# The columns the counter's actions change: a ticket's state, service (transfer), counter and
# stamps; a counter's state, pause, held ticket, clerk and priority streak. Never a ticket's
# number, code, day, token, priority class or issue time, nor a counter's name or agency.
COUNTER_TICKET_COLUMNS = ("status", "service_id", "counter_id", "called_at", "started_at", "finished_at",
                          "call_count", "queued_at")
COUNTER_COUNTER_COLUMNS = ("state", "pause_reason", "current_ticket_id", "user_id", "regular_streak")
# A station that leaves a transaction open (holding the event turn, say) is cut off.
STATION_IDLE_IN_TRANSACTION = "10s"
ADMIN_ONLY_TABLES = ("site_revision",)  # issue 18: see grant_statements


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


def _kinds(kinds: tuple[str, ...]) -> str:
    return ", ".join(repr(kind) for kind in kinds)


def grant_statements(roles: Roles, sequences: dict[str, str], database: str) -> list[str]:
    """Every statement that sets the three roles' rights, from a clean slate."""
    k, c, d, everyone = _q(roles.kiosk), _q(roles.counter), _q(roles.display), roles.all
    ticket_seq, event_seq = sequences["ticket"], sequences["event"]
    p = roles.prefix
    return [
        # Start from nothing, so a right removed here is removed on the server too.
        f"REVOKE ALL ON {', '.join(ALL_TABLES)} FROM {everyone}",
        f"REVOKE ALL ON SEQUENCE {ticket_seq}, {event_seq} FROM {everyone}",
        *(f"REVOKE ALL ON FUNCTION {fn} FROM PUBLIC, {everyone}" for fn in FUNCTIONS),
        f"GRANT CONNECT ON DATABASE {_q(database)} TO {everyone}",
        f"GRANT USAGE ON SCHEMA public TO {everyone}",
        *(f"ALTER ROLE {_q(roles.name(app))} SET idle_in_transaction_session_timeout = "
          f"'{STATION_IDLE_IN_TRANSACTION}'" for app in APPS),
        # Everyone reads the site, the queue and the feed; no station reads a password hash.
        f"GRANT SELECT ON {', '.join(READ_TABLES)} TO {everyone}",
        f"GRANT SELECT ({USER_PUBLIC_COLUMNS}) ON app_user TO {c}, {d}",
        # Kiosk: a ticket (the server gives its number, code, day and time) and its events.
        f"GRANT INSERT ON ticket, event TO {k}",
        f"GRANT USAGE ON SEQUENCE {ticket_seq}, {event_seq} TO {k}",
        f"GRANT EXECUTE ON FUNCTION antre_event_turn() TO {k}, {c}",
        # Counter: the columns its queue actions change, closing yesterday, and log-ins.
        f"GRANT UPDATE ({', '.join(COUNTER_TICKET_COLUMNS)}) ON ticket TO {c}",
        f"GRANT UPDATE ({', '.join(COUNTER_COUNTER_COLUMNS)}) ON counter TO {c}",
        f"GRANT UPDATE (business_day) ON site TO {c}",
        f"GRANT INSERT ON event TO {c}",
        f"GRANT USAGE ON SEQUENCE {event_seq} TO {c}",
        f"GRANT EXECUTE ON FUNCTION antre_login_salt(text, text), "
        f"antre_login(text, text, timestamptz, integer, interval) TO {c}",
        # --- issue 18: site revisions (the admin console's history) -------------------------
        # Only the admin (the owner) reads or writes them: they hold the whole site, users
        # included. Stations follow a new revision through the site tables and the feed.
        f"REVOKE ALL ON {', '.join(ADMIN_ONLY_TABLES)} FROM {everyone}",
        # --- end of issue 18 ------------------------------------------------------------------
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
        " AND (priority_class IS NULL OR priority_class IN ("
        "SELECT pc.code FROM priority_class pc WHERE pc.active)))",
        f"CREATE POLICY {_q(p + '_queue')} ON ticket FOR UPDATE TO {c} USING (true) WITH CHECK (true)",
        f"CREATE POLICY {_q(p + '_read')} ON event FOR SELECT TO {everyone} USING (true)",
        f"CREATE POLICY {_q(p + '_kiosk')} ON event FOR INSERT TO {k} WITH CHECK ("
        f"kind IN ({_kinds(KIOSK_EVENT_KINDS)}))",
        f"CREATE POLICY {_q(p + '_counter')} ON event FOR INSERT TO {c} WITH CHECK ("
        f"kind IN ({_kinds(COUNTER_EVENT_KINDS)}))",
        f"CREATE POLICY {_q(p + '_read')} ON day_sequence FOR SELECT TO {everyone} USING (true)",
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


def _apply_functions(conn: Connection) -> None:
    """(Re)create the server's side of the rules from the live tables of the Python side."""
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    for stmt in function_statements(schema, TRANSITIONS):
        cursor.execute(stmt)


def _apply(conn: Connection, roles: Roles) -> None:
    _apply_functions(conn)
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
        else:
            _apply_functions(conn)
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
            "has_column_privilege('ticket', 'status', 'UPDATE') AS queue, "
            "(SELECT tableowner = current_user FROM pg_tables "
            " WHERE schemaname = current_schema() AND tablename = 'ticket') AS admin")).one()
    return dict(row._mapping)
