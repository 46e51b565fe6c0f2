"""Writing a planned history (:mod:`tests.perf.history`) into a store in bulk, and driving the
same plan through the real queue rules (for the test that compares the two).

- PostgreSQL: ``COPY ... FROM STDIN`` through psycopg, with the row triggers off for the load
  (``session_replication_role = replica``, a superuser's setting): the rows already carry
  the numbers, codes and times the triggers would check, and ``day_sequence`` is written
  beside them. Then the id sequences move past the rows, and ``ANALYZE``.
- SQLite: ``executemany`` in large transactions on a connection of its own with
  ``synchronous = OFF`` and a big cache: a bench file, not a store anyone keeps.
Values are written in the forms SQLAlchemy writes them (naive UTC times with microseconds,
JSON as ``json.dumps`` gives it).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from shared import rules
from shared.models import Site, User
from shared.reports.survey import record_answer
from shared.store import Store
from tests.perf.history import DayPlan, Floor, Rows, day_rows, left_waiting

TICKET_COLS = (
    "id",
    "business_day",
    "issued_service_id",
    "service_id",
    "number",
    "code",
    "token",
    "priority_class",
    "status",
    "issued_at",
    "queued_at",
    "called_at",
    "started_at",
    "finished_at",
    "counter_id",
    "call_count",
)
EVENT_COLS = ("id", "at", "kind", "business_day", "ticket_id", "counter_id", "user_id", "data", "note")
SEQ_COLS = ("service_id", "business_day", "last_number")
SURVEY_COLS = (
    "ticket_id",
    "business_day",
    "answered_at",
    "service_id",
    "agency_id",
    "counter_id",
    *(f"u{i}" for i in range(1, 10)),
    "comment",
    "profile",
)
JSON_COLS = frozenset({"data", "profile"})
DAYS_PER_TRANSACTION = 20


def ensure_clerks(store: Store, counters: Iterable[str]) -> dict[str, int]:
    """One clerk per counter (``petugas_<counter>``), created when missing."""
    wanted = {c: f"petugas_{c.lower()}" for c in counters}
    with store.transaction() as s:
        have = {u.username: u.id for u in s.execute(select(User.username, User.id))}
        for code, name in wanted.items():
            if name not in have:
                user = User(
                    username=name, full_name=f"Petugas {code}", role="clerk", failed_logins=0, active=True
                )
                s.add(user)
                s.flush()
                have[name] = user.id
    return {c: have[n] for c, n in wanted.items()}


# --- bulk -------------------------------------------------------------------------------


def _pg_value(v: Any, json_col: bool) -> str:
    if v is None:
        return "\\N"
    if json_col:
        return json.dumps(v).replace("\\", "\\\\")
    if isinstance(v, dt.datetime):
        return f"{v.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S.%f}"
    if isinstance(v, bool):
        return "t" if v else "f"
    return str(v)


def _sqlite_value(v: Any, json_col: bool) -> Any:
    if json_col:
        return json.dumps(v)
    if isinstance(v, dt.datetime):
        return f"{v.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S.%f}"
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def write(
    store: Store,
    floor: Floor,
    plans: Sequence[DayPlan],
    *,
    ratio: int = 2,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Write ``plans`` (ascending days, after the store's business day) as the rules would
    have, leaving the last day open: its business day becomes the store's, and its tickets
    still waiting expire at the next real rollover."""
    with store.reading() as s:
        previous = s.scalar(select(Site.business_day).where(Site.id == 1))
        ticket_id = int(s.scalar(text("SELECT coalesce(max(id), 0) FROM ticket")) or 0)
        event_id = int(s.scalar(text("SELECT coalesce(max(id), 0) FROM event")) or 0)
    if previous is not None and plans and plans[0].day <= previous:
        raise ValueError(f"the store's day {previous} is not before the plan's first day {plans[0].day}")
    started = time.perf_counter()
    totals = {"tickets": 0, "events": 0}
    expired = 0
    batch: list[Rows] = []
    for i, plan in enumerate(plans):
        nxt = plans[i + 1].rollover if i + 1 < len(plans) else None
        rows = day_rows(
            floor, plan, first_ticket_id=ticket_id + 1, previous=previous, expired=expired, next_rollover=nxt
        )
        for e in rows.events:
            event_id += 1
            e["id"] = event_id
        ticket_id += len(rows.tickets)
        totals["tickets"] += len(rows.tickets)
        totals["events"] += len(rows.events)
        previous, expired = plan.day, left_waiting(plan)
        batch.append(rows)
        if len(batch) >= DAYS_PER_TRANSACTION or i + 1 == len(plans):
            (_copy_pg if store.is_postgresql else _insert_sqlite)(store, batch)
            batch = []
            if progress:
                progress(
                    f"{i + 1}/{len(plans)} days, {totals['tickets']} tickets, "
                    f"{time.perf_counter() - started:.0f} s"
                )
    called = sorted({floor.counters[t.counter].id for p in plans for t in p.tickets if t.counter is not None})
    with store.transaction() as s:
        if plans:
            s.execute(text("UPDATE site SET business_day = :d WHERE id = 1"), {"d": plans[-1].day})
        if called:  # "next" moved each counter's regular streak to the ratio
            s.execute(
                text(f"UPDATE counter SET regular_streak = :r WHERE id IN ({', '.join(map(str, called))})"),
                {"r": ratio},
            )
        if store.is_postgresql:
            for table in ("ticket", "event"):
                s.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
    if store.is_postgresql:
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("ANALYZE ticket, event, day_sequence, survey_response"))
    else:
        with store.engine.connect() as c:
            c.execute(text("ANALYZE"))
            c.commit()
    return {**totals, "days": len(plans), "seconds": round(time.perf_counter() - started, 1)}


def _copy_pg(store: Store, batch: Sequence[Rows]) -> None:
    raw = store.engine.raw_connection()
    try:
        conn: Any = raw.driver_connection
        with conn.cursor() as cur:
            cur.execute("SET LOCAL session_replication_role = replica")
            for table, cols, pick in (
                ("ticket", TICKET_COLS, "tickets"),
                ("event", EVENT_COLS, "events"),
                ("day_sequence", SEQ_COLS, "sequences"),
                ("survey_response", SURVEY_COLS, "surveys"),
            ):
                buf = io.StringIO()
                for rows in batch:
                    for row in getattr(rows, pick):
                        buf.write("\t".join(_pg_value(row[c], c in JSON_COLS) for c in cols))
                        buf.write("\n")
                with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as cp:
                    cp.write(buf.getvalue())
        conn.commit()
    finally:
        raw.close()


def _insert_sqlite(store: Store, batch: Sequence[Rows]) -> None:
    path = make_url(str(store.engine.url)).database
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -200000")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("BEGIN IMMEDIATE")
        for table, cols, pick in (
            ("ticket", TICKET_COLS, "tickets"),
            ("event", EVENT_COLS, "events"),
            ("day_sequence", SEQ_COLS, "sequences"),
            ("survey_response", SURVEY_COLS, "surveys"),
        ):
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                (
                    tuple(_sqlite_value(row[c], c in JSON_COLS) for c in cols)
                    for rows in batch
                    for row in getattr(rows, pick)
                ),
            )
        conn.execute("COMMIT")
    finally:
        conn.close()


# --- the same plan through the real rules -----------------------------------------------


def drive(store: Store, floor: Floor, plans: Sequence[DayPlan]) -> None:
    """Play ``plans`` through the queue rules, one action per transaction, in time order;
    every issue and call must give the planned ticket and estimate."""
    Step = tuple[dt.datetime, int, Callable[..., Any], str, int | None, Any]
    for plan in plans:
        with store.transaction() as s:
            rules.roll_over(s, now=plan.rollover)
        steps: list[Step] = []
        for when, ci in plan.opened:
            c = floor.counters[ci]
            steps.append((when, 1, rules.open_counter, c.code, c.user_id, None))
        for when, ci in plan.closed:
            c = floor.counters[ci]
            steps.append((when, 9, rules.close_counter, c.code, c.user_id, None))
        for t in plan.tickets:
            svc = floor.services[t.service]
            code = f"{svc.prefix}{t.number:03d}"
            steps.append((t.issued, 2, rules.issue, svc.code, None, (code, t.ahead, t.wait_min)))
            if t.called is None or t.counter is None or t.finished is None:
                continue
            c = floor.counters[t.counter]
            steps.append((t.called, 3, rules.call_next, c.code, c.user_id, code))
            if t.no_show:
                steps.append((t.finished, 4, rules.no_show, c.code, c.user_id, None))
            elif t.started is not None:
                steps.append((t.started, 4, rules.start, c.code, c.user_id, None))
                steps.append((t.finished, 5, rules.finish, c.code, c.user_id, None))
                if t.answered is not None:
                    steps.append((t.answered, 6, record_answer, code, None, t.scores))
        steps.sort(key=lambda x: (x[0], x[1]))
        for when, _, fn, code, user_id, expect in steps:
            with store.transaction() as s:
                if fn is rules.issue:
                    got = fn(s, code, now=when)
                    assert (got.ticket.code, got.ahead, got.estimated_wait_min) == expect, (got, expect)
                    continue
                if fn is record_answer:
                    fn(s, code, expect, now=when)
                    continue
                result = fn(s, code, now=when, user_id=user_id)
            if fn is rules.call_next:
                assert result.ticket is not None, (code, expect)
                assert result.ticket.code == expect, (code, result, expect)
