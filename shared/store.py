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
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from shared import events
from shared.errors import BadInput, NotPermitted, SchemaMismatch, StoreUnavailable
from shared.link import PG_LINK_SETTINGS, application_name
from shared.migrations import HEAD

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 5000
SQLITE_WRITE_WAIT_S = 15.0
SQLITE_RETRY_S = 0.001
READ_ONLY = "antre_read_only"


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


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the settings Antre relies on for each backend."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BadInput(
            f"Alamat basis data '{url}' tidak valid. Contoh: sqlite:////data/antre.db "
            "atau postgresql://antre@server/antre") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
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
    except ArgumentError:
        return "<alamat tidak valid>"


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
    def open(cls, url: str, *, upgrade_schema: bool = True, **engine_kwargs: Any) -> Store:
        engine = make_engine(url, **engine_kwargs)
        store = cls(
            url=url,
            engine=engine,
            sessions=sessionmaker(engine, expire_on_commit=False),
            readers=sessionmaker(engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False),
        )
        events.install(store.sessions)  # the feed hooks itself onto every commit of this store
        try:
            ensure_schema(engine, allow_upgrade=upgrade_schema)
        except (OperationalError, DBAPIError) as exc:
            engine.dispose()
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
        except OperationalError as exc:
            raise StoreUnavailable(unreachable_message(self.url, exc)) from exc
        except DBAPIError as exc:
            if is_permission_error(exc):
                raise NotPermitted(not_permitted_message(self.url, exc)) from exc
            raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only snapshot that never takes SQLite's write lock."""
        try:
            with self.readers() as session:
                yield session
        except OperationalError as exc:
            raise StoreUnavailable(unreachable_message(self.url, exc)) from exc
        except DBAPIError as exc:
            if is_permission_error(exc):
                raise NotPermitted(not_permitted_message(self.url, exc)) from exc
            raise

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
    except ArgumentError:
        role = "?"
    return (f"Akun basis data stasiun ini ({role}) tidak berhak melakukan tindakan ini. Hubungi "
            f"admin: berkas konfigurasi PC ini mungkin salah ({detail[0] if detail else 'izin ditolak'}).")


def unreachable_message(url: str, exc: BaseException) -> str:
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()
    first = detail[0] if detail else type(exc).__name__
    if "locked" in first:
        return "Basis data sedang sibuk (terkunci terlalu lama). Coba lagi sebentar."
    return f"Basis data tidak dapat dihubungi ({describe_url(url)}): {first}"
