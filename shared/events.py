"""The append-only event feed: writing, reading, and waking readers up.

Service functions call :func:`emit`; the events are written just before the transaction
commits, in the same transaction. On PostgreSQL the writer first takes the event turn (a row
lock only the writers' function ``antre_event_turn()`` may take, held to the commit), so
event ids commit in id order and a reader following ``id > last_seen``
can never skip a row that committed late (STACK-NOTES). It then sends ``pg_notify``,
which is delivered only on commit. The table is the truth; a notification is a wake-up.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from sqlalchemy import Table, func, insert, text
from sqlalchemy import event as sa_event
from sqlalchemy import select as sa_select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import TextClause

from shared.link import PG_LINK_SETTINGS, application_name
from shared.models import Event

log = logging.getLogger(__name__)

CHANNEL = "antre_events"
_PENDING = "antre_pending_events"
_INSTALLED = "_antre_events_installed"


@dataclass(frozen=True)
class EventView:
    id: int
    at: dt.datetime
    kind: str
    business_day: dt.date | None
    ticket_id: int | None
    counter_id: int | None
    user_id: int | None
    data: dict[str, Any] = field(default_factory=dict)
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "kind": self.kind,
            "business_day": self.business_day.isoformat() if self.business_day else None,
            "ticket_id": self.ticket_id,
            "counter_id": self.counter_id,
            "user_id": self.user_id,
            "data": self.data,
            "note": self.note,
        }


def emit(
    session: Session,
    kind: str,
    *,
    at: dt.datetime,
    business_day: dt.date | None = None,
    ticket_id: int | None = None,
    counter_id: int | None = None,
    user_id: int | None = None,
    note: str | None = None,
    **data: Any,
) -> None:
    """Queue an event to be written when the current transaction commits."""
    pending: list[dict[str, Any]] = session.info.setdefault(_PENDING, [])
    pending.append({
        "at": at, "kind": kind, "business_day": business_day, "ticket_id": ticket_id,
        "counter_id": counter_id, "user_id": user_id, "data": data, "note": note,
    })


_INSERT_EVENTS = insert(cast(Table, Event.__table__))


def _flush_pending(session: Session) -> None:
    pending: list[dict[str, Any]] = session.info.pop(_PENDING, [])
    if not pending:
        return
    session.flush()  # row changes first: on PostgreSQL the event lock must be the last lock
    if session.get_bind().dialect.name == "postgresql":
        _append_postgresql(session, pending)
    else:
        session.execute(_INSERT_EVENTS, pending)


def _append_statement(n: int) -> TextClause:
    """Lock, insert ``n`` events and notify, in one statement (built once per ``n``)."""
    stmt = _APPEND_STATEMENTS.get(n)
    if stmt is None:
        rows = ", ".join(
            f"(CAST(:at{i} AS timestamp), :kind{i}, CAST(:day{i} AS date), CAST(:t{i} AS integer), "
            f"CAST(:c{i} AS integer), CAST(:u{i} AS integer), CAST(:data{i} AS json), CAST(:note{i} AS text))"
            for i in range(n)
        )
        stmt = text(
            "WITH lock AS (SELECT antre_event_turn()), "
            "ins AS (INSERT INTO event (at, kind, business_day, ticket_id, counter_id, user_id, data, note) "
            f"SELECT v.* FROM lock, (VALUES {rows}) "
            "AS v(at, kind, business_day, ticket_id, counter_id, user_id, data, note) RETURNING id) "
            "SELECT pg_notify(:ch, CAST(max(id) AS text)) FROM ins"
        )
        _APPEND_STATEMENTS[n] = stmt
    return stmt


_APPEND_STATEMENTS: dict[int, TextClause] = {}


def _append_postgresql(session: Session, pending: list[dict[str, Any]]) -> None:
    """The lock that orders event ids is held for one round trip plus the commit."""
    params: dict[str, Any] = {"ch": CHANNEL}
    for i, e in enumerate(pending):
        params.update({
            f"at{i}": e["at"].astimezone(dt.UTC).replace(tzinfo=None), f"kind{i}": e["kind"],
            f"day{i}": e["business_day"], f"t{i}": e["ticket_id"], f"c{i}": e["counter_id"],
            f"u{i}": e["user_id"], f"data{i}": json.dumps(e["data"], ensure_ascii=False, default=str),
            f"note{i}": e["note"],
        })
    session.execute(_append_statement(len(pending)), params)


def _discard_pending(session: Session, *_args: object) -> None:
    session.info.pop(_PENDING, None)


def install(sessions: sessionmaker[Session]) -> None:
    """Write queued events at every commit of sessions made by ``sessions``.

    Marked on the sessionmaker itself: SQLAlchemy's ``event.contains`` keys targets by id(),
    and a new sessionmaker can reuse the id of a collected one, which made it answer "already
    installed" for a store whose events were then never written."""
    if getattr(sessions, _INSTALLED, False):
        return
    sa_event.listen(sessions, "before_commit", _flush_pending)
    sa_event.listen(sessions, "after_rollback", _discard_pending)
    setattr(sessions, _INSTALLED, True)


def view_of(e: Event) -> EventView:
    return EventView(
        id=e.id,
        at=e.at,
        kind=e.kind,
        business_day=e.business_day,
        ticket_id=e.ticket_id,
        counter_id=e.counter_id,
        user_id=e.user_id,
        data=dict(e.data or {}),
        note=e.note,
    )


def events_since(session: Session, last_id: int, limit: int = 500) -> list[EventView]:
    rows = session.scalars(
        sa_select(Event).where(Event.id > last_id).order_by(Event.id).limit(limit)
    ).all()
    return [view_of(e) for e in rows]


def events_of_day(
    session: Session, day: dt.date, kinds: Iterable[str], *, up_to: int, limit: int = 200
) -> list[EventView]:
    """The latest ``limit`` events of ``kinds`` on business day ``day`` with id <= ``up_to``,
    oldest first: what a display replays to rebuild its board."""
    rows = session.scalars(
        sa_select(Event)
        .where(Event.business_day == day, Event.kind.in_(sorted(kinds)), Event.id <= up_to)
        .order_by(Event.id.desc())
        .limit(limit)
    ).all()
    return [view_of(e) for e in reversed(rows)]


def last_event_id(session: Session) -> int:
    return int(session.scalar(sa_select(func.coalesce(func.max(Event.id), 0))) or 0)


# --- wake-ups ---------------------------------------------------------------------------

class Waker(Protocol):
    """Something that returns when the store may have new events (or on timeout)."""

    def wait(self, timeout: float) -> bool:
        """Block up to ``timeout`` seconds; True if something may have changed."""
        ...

    def fileno(self) -> int | None:
        """A socket to watch with a QSocketNotifier, or None when the waker polls."""
        ...

    def close(self) -> None: ...


class PgNotifyWaker:
    """LISTEN on its own autocommit psycopg connection."""

    def __init__(self, url: str) -> None:
        import psycopg

        parsed = make_url(url).set(drivername="postgresql")
        dsn = parsed.render_as_string(hide_password=False)
        self._conn = psycopg.connect(
            dsn, autocommit=True, application_name=f"{application_name()} (listen)", **PG_LINK_SETTINGS)
        self._conn.execute(f"LISTEN {CHANNEL}")

    def wait(self, timeout: float) -> bool:
        # stop_after/timeout end the generator cleanly; breaking out of it would keep the
        # connection lock and hang the next call (STACK-NOTES).
        got = False
        for _n in self._conn.notifies(timeout=timeout, stop_after=1):
            got = True
        if got:
            self.drain()
        return got

    def drain(self) -> None:
        """Swallow notifications already received, without blocking."""
        for _n in self._conn.notifies(timeout=0):
            pass

    def fileno(self) -> int | None:
        return self._conn.fileno()

    def close(self) -> None:
        self._conn.close()


class SqliteDataVersionWaker:
    """Polls ``PRAGMA data_version`` on a plain sqlite3 connection (about 0.3 % CPU at 50 ms)."""

    def __init__(self, path: str, interval: float = 0.05) -> None:
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._interval = interval
        self._version = self._read()

    def _read(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        v = self._read()
        if v != self._version:
            self._version = v
            return True
        return False

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            if self.changed():
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(self._interval, left))

    def fileno(self) -> int | None:
        return None

    def close(self) -> None:
        self._conn.close()


def make_waker(url: str, poll_interval: float = 0.05) -> PgNotifyWaker | SqliteDataVersionWaker:
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        return PgNotifyWaker(url)
    if not parsed.database:
        raise ValueError("an in-memory SQLite store has no feed to follow")
    return SqliteDataVersionWaker(parsed.database, poll_interval)


def follow(
    sessions: sessionmaker[Session],
    waker: Waker,
    last_id: int,
    *,
    idle_timeout: float = 1.0,
) -> Iterator[list[EventView]]:
    """Yield batches of new events forever. Catches up from the table after every wake-up
    and also every ``idle_timeout`` seconds, so a lost notification costs at most that."""
    while True:
        with sessions() as s:
            batch = events_since(s, last_id)
        if batch:
            last_id = batch[-1].id
            yield batch
            continue
        waker.wait(idle_timeout)
