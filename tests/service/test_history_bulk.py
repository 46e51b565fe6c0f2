"""The benchmark's bulk history writes exactly what the queue rules write: two planned days
written in bulk into one store and played through the real rules into another, on SQLite
and PostgreSQL, give the same tickets, events (kinds, payloads, order), day sequences and
counters, and the same reports."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sqlite3
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from shared import reports, rules, site
from shared.store import Store
from tests.conftest import T0, drop_pg_database, new_pg_database
from tests.perf import bulkload, history
from tests.perf.reports import busy_site

JAKARTA_DAY = T0.astimezone(zoneinfo.ZoneInfo("Asia/Jakarta")).date()
MONDAY = JAKARTA_DAY + dt.timedelta(days=2)  # T0 is a Saturday
DAYS = [MONDAY, MONDAY + dt.timedelta(days=1)]
TICKETS = 150


@pytest.fixture
def twin_url(store_url: str, tmp_path: Path) -> Iterator[str]:
    """A second empty store of the same kind."""
    if store_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'driven.db'}"
        return
    url, name = new_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)


def _prepared(url: str) -> tuple[Store, history.Floor]:
    store = Store.open(url, trust_station_clock=True)  # the plan sets the times
    with store.transaction() as s:
        site.apply_site(s, site.parse_site(busy_site()), now=T0 - dt.timedelta(days=3))
    with store.reading() as s:
        codes = [c for (c,) in s.execute(text("SELECT code FROM counter ORDER BY id"))]
    clerks = bulkload.ensure_clerks(store, codes)
    with store.reading() as s:
        return store, history.read_floor(s, clerks)


def _rows(store: Store, sql: str) -> list[dict[str, Any]]:
    with store.reading() as s:
        return [dict(r._mapping) for r in s.execute(text(sql))]


def _typed(store: Store, table: str, order: str) -> list[dict[str, Any]]:
    """Rows as the models read them (times and JSON decoded)."""
    from shared import models

    model = {
        "ticket": models.Ticket,
        "event": models.Event,
        "day_sequence": models.DaySequence,
        "survey_response": models.SurveyResponse,
    }[table]
    cols = model.__table__.c
    with store.reading() as s:
        from sqlalchemy import select

        return [dict(r._mapping) for r in s.execute(select(*cols).order_by(text(order)))]


def test_a_bulk_day_is_what_the_rules_write(store_url: str, twin_url: str) -> None:
    bulk, floor = _prepared(store_url)
    driven, floor2 = _prepared(twin_url)
    try:
        assert floor == floor2
        plans = history.plan_days(floor, DAYS, TICKETS, seed=17)
        assert sum(len(p.tickets) for p in plans) == TICKETS
        assert any(t.no_show for p in plans for t in p.tickets)
        bulkload.write(bulk, floor, plans)
        bulkload.drive(driven, floor, plans)

        tickets, expected = _typed(bulk, "ticket", "id"), _typed(driven, "ticket", "id")
        assert len(tickets) == TICKETS
        for row in (*tickets, *expected):
            assert re.fullmatch(r"[0-9a-f]{6}", row.pop("token"))  # random in both
        assert tickets == expected
        assert {t["status"] for t in tickets} >= {"done", "no_show"}
        events, expected_events = _typed(bulk, "event", "id"), _typed(driven, "event", "id")
        assert [e["kind"] for e in events] == [e["kind"] for e in expected_events]
        assert events == expected_events
        assert _typed(bulk, "day_sequence", "service_id, business_day") == _typed(
            driven, "day_sequence", "service_id, business_day"
        )
        surveys = _typed(bulk, "survey_response", "id")
        assert surveys
        assert surveys == _typed(driven, "survey_response", "id")
        counters = "SELECT code, state, user_id, current_ticket_id, regular_streak FROM counter ORDER BY id"
        assert _rows(bulk, counters) == _rows(driven, counters)
        assert _rows(bulk, "SELECT business_day FROM site") == _rows(driven, "SELECT business_day FROM site")

        # The next morning closes the last day the same way in both.
        for st in (bulk, driven):
            with st.transaction() as s:
                rules.roll_over(s, now=plans[-1].rollover + dt.timedelta(days=1))
        after = [_typed(st, "ticket", "id") for st in (bulk, driven)]
        for rows in after:
            for row in rows:
                row.pop("token")
        assert after[0] == after[1]
        assert _typed(bulk, "event", "id") == _typed(driven, "event", "id")
        for day in DAYS:
            for by in ("service", "counter", "clerk"):
                with bulk.reading() as s:
                    a = reports.build(s, reports.day(day), by)
                with driven.reading() as s:
                    b = reports.build(s, reports.day(day), by)
                assert a.total.issued > 0
                # Sums of floats may differ in the last bit with the rows' physical order.
                assert _rounded(a) == _rounded(b)
                assert a.ikm == b.ikm
        if not bulk.is_postgresql:
            _same_sqlite_storage(store_url, twin_url)
    finally:
        bulk.dispose()
        driven.dispose()


def _rounded(report: reports.Report) -> Any:
    def r(v: Any) -> Any:
        if isinstance(v, float):
            return round(v, 6)
        if isinstance(v, dict):
            return {k: r(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [r(x) for x in v]
        return v

    parts = (report.total, report.rows, report.clerks, report.arrivals, report.waits_by_hour, report.sla)
    return r(
        [
            dataclasses.asdict(p)
            if dataclasses.is_dataclass(p)
            else [dataclasses.asdict(x) if dataclasses.is_dataclass(x) else x for x in p]
            for p in parts
        ]
    )


def _same_sqlite_storage(a: str, b: str) -> None:
    """On SQLite the values are stored in the same forms (text times, JSON text), so the
    indexes order them alike."""
    for table, skip in (
        ("ticket", {"token"}),
        ("event", set()),
        ("day_sequence", set()),
        ("survey_response", set()),
    ):
        out = []
        for url in (a, b):
            conn = sqlite3.connect(str(make_url(url).database))
            try:
                cur = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
                names = [d[0] for d in cur.description]
                rows = [
                    {n: (type(v).__name__, v) for n, v in zip(names, r, strict=True) if n not in skip}
                    for r in cur
                ]
            finally:
                conn.close()
            out.append(rows)
        assert out[0] == out[1], table
