"""One clock (issue 15, findings 1-2): on PostgreSQL the store's clock decides the business
day and every stamp, whatever a station's own clock says. These tests run on the server's
real time (``tests.when.server_now``) and skew the station's clock from it, so they hold on
any day."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from shared import rules, selftest, site
from shared.models import Event, Site, Ticket, TicketStatus
from shared.store import Store
from tests.conftest import MINI_SITE, drop_pg_database, new_pg_database, require_pg
from tests.when import WIB, server_now

DAY = dt.timedelta(days=1)
pytestmark = pytest.mark.postgresql


@pytest.fixture
def pg() -> Iterator[Store]:
    """A PostgreSQL store on the server's own clock, the mini site open all day and a counter
    open, as the server saw it."""
    require_pg()
    url, name = new_pg_database()
    store = Store.open(url)
    try:
        spec = site.load_site_file(MINI_SITE)
        spec = dataclasses.replace(spec, settings=dataclasses.replace(spec.settings, always_open=True))
        now = server_now(url)
        with store.transaction() as s:
            site.apply_site(s, spec, now=now)
        with store.transaction() as s:
            rules.roll_over(s, now=now)
        with store.transaction() as s:
            rules.open_counter(s, "L1", now=now)
        yield store
    finally:
        store.dispose()
        drop_pg_database(name)


def server_day(store: Store) -> dt.date:
    return server_now(store.url).astimezone(WIB).date()


def act(store: Store, fn, *args, at: dt.datetime, **kw):
    with store.transaction() as s:
        return fn(s, *args, now=at, **kw)


def skew_events(store: Store) -> list[Event]:
    with store.reading() as s:
        return list(s.scalars(select(Event).where(Event.kind == "clock_skew")))


def test_a_counter_a_day_ahead_neither_closes_today_nor_calls_tomorrow(pg):
    for _ in range(3):
        act(pg, rules.issue, "KTP", at=server_now(pg.url))
    ahead = server_now(pg.url) + DAY
    assert act(pg, rules.roll_over, at=ahead) == 0
    called = act(pg, rules.call_next, "L1", at=ahead)
    assert called.ticket is not None
    assert called.ticket.code == "A001"
    with pg.reading() as s:
        tickets = s.execute(select(Ticket.code, Ticket.status, Ticket.business_day, Ticket.called_at)
                            .order_by(Ticket.id)).all()
        assert s.scalar(select(Site.business_day)) == server_day(pg)
    assert [(t.code, t.status) for t in tickets] == [
        ("A001", TicketStatus.CALLED), ("A002", TicketStatus.WAITING), ("A003", TicketStatus.WAITING)]
    assert {t.business_day for t in tickets} == {server_day(pg)}
    assert abs(tickets[0].called_at - server_now(pg.url)) < dt.timedelta(minutes=1)


@pytest.mark.parametrize("skew", [DAY, -3 * DAY])
def test_a_kiosk_with_a_wrong_clock_issues_into_the_servers_today(pg, skew):
    issued = act(pg, rules.issue, "KTP", at=server_now(pg.url) + skew)
    assert issued.ticket.code == "A001"
    with pg.reading() as s:
        ticket = s.execute(select(Ticket.business_day, Ticket.issued_at)).one()
    assert ticket.business_day == server_day(pg)
    assert abs(ticket.issued_at - server_now(pg.url)) < dt.timedelta(minutes=1)
    # the counter of the same day calls it
    assert act(pg, rules.call_next, "L1", at=server_now(pg.url)).ticket.code == "A001"


def test_a_skewed_station_records_clock_skew_once_and_is_told(pg):
    ahead = server_now(pg.url) + dt.timedelta(hours=5)
    for _ in range(3):
        act(pg, rules.issue, "KTP", at=ahead)
    [event] = skew_events(pg)
    assert event.data["skew_s"] == pytest.approx(5 * 3600, abs=60)
    skew = rules.clock_skew(pg.engine)
    assert skew is not None
    assert "5 jam" in rules.describe_skew(skew)
    assert "lebih cepat" in rules.describe_skew(skew)
    # back within the margin: no warning; a new episode is recorded again
    act(pg, rules.issue, "KTP", at=server_now(pg.url))
    assert rules.clock_skew(pg.engine) is None
    act(pg, rules.issue, "KTP", at=server_now(pg.url) - dt.timedelta(minutes=10))
    assert len(skew_events(pg)) == 2


def test_a_station_within_the_margin_records_nothing(pg):
    act(pg, rules.issue, "KTP", at=server_now(pg.url) + dt.timedelta(seconds=90))
    assert skew_events(pg) == []
    assert rules.clock_skew(pg.engine) is None


def test_the_margin_is_the_stations_setting(pg):
    tight = Store.open(pg.url, clock_margin_s=10)
    try:
        act(tight, rules.issue, "KTP", at=server_now(pg.url) + dt.timedelta(seconds=90))
    finally:
        tight.dispose()
    assert len(skew_events(pg)) == 1


def test_the_self_test_fails_with_the_difference(pg):
    ahead = selftest.check_clock(pg, server_now(pg.url) + DAY, 120)
    assert ahead.status == selftest.FAILED
    assert "1 hari" in ahead.detail
    assert "lebih cepat" in ahead.detail
    fine = selftest.check_clock(pg, server_now(pg.url), 120)
    assert fine.status == selftest.OK


def test_the_day_never_moves_back_and_only_forward_to_the_servers_day(pg):
    with pg.transaction() as s:  # as if a wrong clock had once moved it on
        s.execute(Site.__table__.update().values(business_day=server_day(pg) + DAY))
    behind = server_now(pg.url) - 3 * DAY
    assert act(pg, rules.roll_over, at=behind) == 0
    with pg.reading() as s:
        assert s.scalar(select(Site.business_day)) == server_day(pg) + DAY


def test_sqlite_is_one_pc_and_its_clock_is_the_stores(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'antre.db'}")
    try:
        spec = site.load_site_file(MINI_SITE)
        spec = dataclasses.replace(spec, settings=dataclasses.replace(spec.settings, always_open=True))
        then = dt.datetime(2030, 1, 7, 9, tzinfo=WIB)
        with store.transaction() as s:
            site.apply_site(s, spec, now=then)
        act(store, rules.issue, "KTP", at=then)
        with store.reading() as s:
            assert s.scalar(select(Ticket.business_day)) == then.date()
            assert s.scalar(select(func.count()).select_from(Event).where(Event.kind == "clock_skew")) == 0
    finally:
        store.dispose()


def test_the_cli_warns_staff_of_a_skewed_clock(pg, station_files, capsys):
    from shared import cli

    code = cli.main(["--db", pg.url, "ticket", "issue", "KTP"],
                    clock=lambda: server_now(pg.url) + DAY)
    assert code == 0
    err = capsys.readouterr().err
    assert "antre: Peringatan: Jam PC ini 1 hari" in err
    assert "jam server" in err


def test_a_self_test_run_reports_the_clock(pg, station_files):
    out = io.StringIO()
    selftest.run_cli(pg.url, out)
    assert "jam" in out.getvalue()
