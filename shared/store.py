"""Opening the store: engines, sessions, and the schema.

SQLite (one PC) runs in WAL mode and starts every transaction with ``BEGIN IMMEDIATE``:
with the driver's default mode a SELECT runs outside the transaction and concurrent
read-then-update loses writes silently (STACK-NOTES). PostgreSQL (several PCs on a LAN)
is reached through ``postgresql+psycopg://``.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from shared import config, events
from shared.errors import BadInput, KnownError, NotPermitted, SchemaMismatch, StoreDamaged, StoreUnavailable
from shared.link import PG_LINK_SETTINGS, application_name
from shared.migrations import HEAD

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 5000
SQLITE_WRITE_WAIT_S = 15.0
SQLITE_RETRY_S = 0.001
READ_ONLY = "antre_read_only"
# Session info keys, read by the rules' clock (shared.rules.day.store_now).
TRUST_STATION_CLOCK = "antre_trust_station_clock"
CLOCK_MARGIN = "antre_clock_margin_s"
DEFAULT_CLOCK_MARGIN_S = config.DEFAULT_CLOCK_MARGIN_S


def _sqlite_on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (the dialect docs' recipe).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _sqlite_on_begin(conn: Connection) -> None:
    # Writers take the write lock up front, so read-then-update cannot interleave.
    # Readers (the feed, lists, status) use a deferred BEGIN and never block writers in WAL.
    if conn.get_execution_options().get(READ_ONLY):
        conn.exec_driver_sql("BEGIN")
        return
    dbapi_conn = conn.connection.dbapi_connection
    assert isinstance(dbapi_conn, sqlite3.Connection)
    _begin_immediate(dbapi_conn)


def _begin_immediate(dbapi_conn: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, waiting our turn fairly.

    SQLite's own busy handler backs off to 100 ms sleeps, so under contention a waiter keeps
    losing to processes that retry sooner: with 16 processes calling "next", some waited
    over 5 s and failed (STACK-NOTES saw the same unfairness). Here every waiter retries
    every 0.5 to 1.5 ms, so each has the same chance whenever the lock is released. Only
    BEGIN can be busy: once it succeeds this connection holds the write lock (WAL).
    """
    dbapi_conn.execute("PRAGMA busy_timeout=0")
    try:
        deadline = time.monotonic() + SQLITE_WRITE_WAIT_S
        while True:
            try:
                dbapi_conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                    raise
            else:
                return
            time.sleep(random.uniform(SQLITE_RETRY_S / 2, SQLITE_RETRY_S * 1.5))
    finally:
        dbapi_conn.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


def parse_url(url: str) -> URL:
    """``url`` parsed, or one calm line saying what is wrong with it."""
    try:
        return make_url(url)
    except ArgumentError:
        raise BadInput(
            f"Alamat basis data '{describe_url(url)}' tidak valid. Contoh: sqlite:////data/antre.db "
            "atau postgresql://antre@server/antre") from None
    except ValueError:  # make_url reads the port with int()
        raise BadInput(
            f"Alamat basis data '{describe_url(url)}' tidak valid: nomor port harus angka "
            "(contoh: postgresql://antre@server:5432/antre).") from None


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names (None for PostgreSQL and for an in-memory store)."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser()


def _sqlite_folder(path: Path, *, create: bool) -> None:
    """The folder of a SQLite file must exist: only ``antre init`` (and the default folder in
    the user data directory, which is Antre's own) creates it. A mistyped ``--db`` must not
    quietly start an empty store somewhere else."""
    folder = path.parent
    if folder.is_dir():
        return
    if folder.exists() or any(p.exists() and not p.is_dir() for p in folder.parents):
        raise BadInput(f"Basis data {path} tidak bisa dibuka: {_existing_file(folder)} adalah berkas, "
                       "bukan folder. Periksa alamat --db.")
    if not create:
        raise StoreUnavailable(f"Basis data {path} tidak ada: folder {folder} belum ada. Periksa alamat "
                               "--db, atau buat basis data baru dengan 'antre init'.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreUnavailable(f"Folder {folder} tidak bisa dibuat: {exc.strerror or exc}.") from None


def _existing_file(folder: Path) -> Path:
    for p in (folder, *folder.parents):
        if p.exists() and not p.is_dir():
            return p
    return folder


def make_engine(url: str, *, create_folder: bool = False, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the settings Antre relies on for each backend."""
    parsed = parse_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = sqlite_file(url)
        if path is not None:
            _sqlite_folder(path, create=create_folder)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)

        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        connect_args = kwargs.pop("connect_args", {})
        connect_args.setdefault("application_name", application_name())
        for key, value in PG_LINK_SETTINGS.items():
            connect_args.setdefault(key, value)
        return create_engine(
            parsed, pool_pre_ping=True, connect_args=connect_args, **kwargs
        )
    raise BadInput(f"Jenis basis data '{backend}' tidak didukung. Gunakan sqlite:///… atau postgresql://…")


def is_postgresql(engine_or_conn: Engine | Connection | Session) -> bool:
    bind = engine_or_conn.get_bind() if isinstance(engine_or_conn, Session) else engine_or_conn
    return bind.dialect.name == "postgresql"


def describe_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<alamat tidak valid>"


# --- a damaged SQLite file ----------------------------------------------------------------

_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` (a driver error, or SQLAlchemy's wrapper of one) says the SQLite file is
    damaged: "database disk image is malformed" or "file is not a database"."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    return isinstance(orig, sqlite3.DatabaseError) and code is not None and code & 0xFF in (
        _SQLITE_CORRUPT, _SQLITE_NOTADB)


def damaged_message(path: Path | str, detail: str) -> str:
    return (f"Berkas basis data {path} rusak ({detail}). Tutup semua program Antre dan pulihkan "
            "cadangan terakhir: langkahnya di docs/deploy.md, bagian 7 (Cadangan dan pemulihan).")


def quick_check(url: str) -> None:
    """SQLite's ``quick_check`` on the file ``url`` names; a damaged file raises
    :class:`StoreDamaged`. It reads every page once (milliseconds for a day's store, about a
    second per few hundred megabytes), so it runs where a store is opened for the day: ``antre
    init``, ``antre db check`` and each app's start. Nothing to do for PostgreSQL or a missing
    file."""
    path = sqlite_file(url)
    if path is None or not path.exists():
        return
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(3)")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise StoreDamaged(damaged_message(path, str(exc))) from exc
        raise StoreUnavailable(unreachable_message(url, exc)) from exc
    if rows != ["ok"]:
        log.error("quick_check of %s: %s", path, rows)
        raise StoreDamaged(damaged_message(path, rows[0]))


# --- schema -----------------------------------------------------------------------------

# Alembic (with Mako) costs about 17 MB and some start-up time, so it is imported only when
# the schema has to change; an up-to-date store is recognised with one query.

def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "shared:migrations")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest migration script, as Alembic sees it (``shared.migrations.HEAD`` must match)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.execution_options(**{READ_ONLY: True}).connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()


def upgrade(engine: Engine) -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")


def ensure_schema(engine: Engine, *, allow_upgrade: bool = True) -> None:
    """Bring the schema to this program's version, or refuse with a clear reason."""
    current = current_revision(engine)
    if current == HEAD:
        return
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise SchemaMismatch(
            f"Basis data memakai skema yang lebih baru ({current}) dari program ini ({head}). "
            "Perbarui Antre di komputer ini."
        )
    if not allow_upgrade:
        raise SchemaMismatch(
            f"Skema basis data perlu diperbarui ({current or 'kosong'} → {head}). "
            "Jalankan 'antre init' dengan akun admin."
        )
    log.info("upgrading schema %s -> %s", current, head)
    try:
        upgrade(engine)
    except DBAPIError as exc:
        if not is_permission_error(exc):
            raise
        raise SchemaMismatch(
            f"Skema basis data perlu diperbarui ({current or 'kosong'} → {head}), tetapi akun "
            f"'{engine.url.username}' tidak berhak. Jalankan 'antre init' dengan akun admin.") from exc


# --- the Store object the apps and the CLI hold -----------------------------------------

@dataclass
class Store:
    """One engine and its session factory. Built once per process in the app's bootstrap."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    readers: sessionmaker[Session]

    @classmethod
    def open(
        cls, url: str, *, upgrade_schema: bool = True, check_integrity: bool = False,
        create_folder: bool = False, clock_margin_s: float = DEFAULT_CLOCK_MARGIN_S,
        trust_station_clock: bool = False, **engine_kwargs: Any,
    ) -> Store:
        """Open (and migrate) the store at ``url``. ``check_integrity`` runs SQLite's
        :func:`quick_check` first; ``create_folder`` lets a new SQLite file's folder be made.
        On PostgreSQL the rules work on the server's time and note a station clock further
        than ``clock_margin_s`` from it; ``trust_station_clock`` makes the station's clock the
        store's instead, for tests that set the time."""
        if check_integrity:
            quick_check(url)
        engine = make_engine(url, create_folder=create_folder, **engine_kwargs)
        clock_info = {CLOCK_MARGIN: clock_margin_s, TRUST_STATION_CLOCK: trust_station_clock}
        store = cls(
            url=url,
            engine=engine,
            sessions=sessionmaker(engine, expire_on_commit=False, info=clock_info),
            readers=sessionmaker(engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False,
                                 info=clock_info),
        )
        events.install(store.sessions)  # the feed hooks itself onto every commit of this store
        try:
            ensure_schema(engine, allow_upgrade=upgrade_schema)
        except (OperationalError, DBAPIError) as exc:
            engine.dispose()
            if is_damage(exc):
                raise StoreDamaged(damaged_message(sqlite_file(url) or url, _first_line(exc))) from exc
            raise StoreUnavailable(unreachable_message(url, exc)) from exc
        except BaseException:
            engine.dispose()
            raise
        return store

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction per user action. Store errors become ``StoreUnavailable``."""
        try:
            with self.sessions.begin() as session:
                yield session
        except DBAPIError as exc:
            known = self.known(exc)
            if known is None:
                raise
            raise known from exc

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only snapshot that never takes SQLite's write lock."""
        try:
            with self.readers() as session:
                yield session
        except DBAPIError as exc:
            known = self.known(exc)
            if known is None:
                raise
            raise known from exc

    def known(self, exc: DBAPIError) -> KnownError | None:
        """What a store error means to the user: a damaged file, a missing right, a store
        out of reach; None when it is none of these (a bug)."""
        if is_damage(exc):
            log.error("damaged store %s", describe_url(self.url), exc_info=exc)
            return StoreDamaged(damaged_message(sqlite_file(self.url) or self.url, _first_line(exc)))
        if isinstance(exc, OperationalError):
            return StoreUnavailable(unreachable_message(self.url, exc))
        if is_permission_error(exc):
            return NotPermitted(not_permitted_message(self.url, exc))
        return None

    def dispose(self) -> None:
        self.engine.dispose()


# SQLSTATE 42501: a missing grant, a row check (row-level security), or Antre's own trigger.
INSUFFICIENT_PRIVILEGE = "42501"


def is_permission_error(exc: DBAPIError) -> bool:
    return getattr(exc.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE


def may(session: Session, table: str, privilege: str, column: str | None = None) -> bool:
    """Whether this connection's role holds ``privilege`` (always on SQLite: one PC, one user)."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    if column is None:
        stmt = text("SELECT has_table_privilege(:t, :p)")
    else:
        stmt = text("SELECT has_column_privilege(:t, :c, :p)")
    return bool(session.scalar(stmt, {"t": table, "c": column, "p": privilege}))


def not_permitted_message(url: str, exc: DBAPIError) -> str:
    detail = str(exc.orig).strip().splitlines()
    try:
        role = make_url(url).username or "?"
    except (ArgumentError, ValueError):
        role = "?"
    return (f"Akun basis data stasiun ini ({role}) tidak berhak melakukan tindakan ini. Hubungi "
            f"admin: berkas konfigurasi PC ini mungkin salah ({detail[0] if detail else 'izin ditolak'}).")


def _first_line(exc: BaseException) -> str:
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()
    return detail[0] if detail else type(exc).__name__


def unreachable_message(url: str, exc: BaseException) -> str:
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()
    first = detail[0] if detail else type(exc).__name__
    if "locked" in first or "lock timeout" in first:
        return "Basis data sedang sibuk (terkunci terlalu lama). Coba lagi sebentar."
    return f"Basis data tidak dapat dihubungi ({describe_url(url)}): {first}"
