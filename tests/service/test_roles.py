"""Per-app PostgreSQL roles (``antre db roles``), against a real server.

Each station connects with its own role. These tests connect as each role, do what the
station's app does, and try what it must not: a compromised kiosk in the hall cannot
rewrite the queue, and a display cannot write at all.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from kiosk.catalog import load_catalog
from shared import auth, cli, config, events, link, pgroles, rules, site
from shared.errors import BadInput, NotPermitted, RuleRefused, SchemaMismatch, StoreUnavailable
from shared.models import DaySequence, Event, Ticket
from shared.printing import service as printing_service
from shared.printing import settings as printer_settings
from shared.store import Store
from tests.conftest import MINI_SITE, PG_ADMIN_URL, T0
from tests.deployment import Deployment
from tests.deployment import server_sql as _server
from tests.when import TickingClock, server_now

pytestmark = pytest.mark.postgresql

ALL_TABLES = ("site", "agency", "service", "counter", "counter_service", "priority_class",
              "app_user", "day_sequence", "ticket", "event", "alembic_version")


_server_clock: list[TickingClock] = []


def _now() -> dt.datetime:
    """The server's time: it stamps a kiosk's ticket with its own clock, so these tests run on
    it (not on this process's wall clock, which ANTRE_TEST_NOW may have moved)."""
    if not _server_clock:
        _server_clock.append(TickingClock.starting(server_now(PG_ADMIN_URL)))
    return _server_clock[0]()


def _count(dep: Deployment, table: str, where: str = "true") -> int:
    st = Store.open(dep.admin_url)
    try:
        with st.reading() as s:
            return int(s.scalar(text(f"SELECT count(*) FROM {table} WHERE {where}")) or 0)
    finally:
        st.dispose()


def _refused(store: Store, sql: str, params: dict[str, object] | None = None) -> str:
    with pytest.raises(NotPermitted) as err, store.transaction() as s:
        s.execute(text(sql), params or {})
    return err.value.message


# --- what the command made --------------------------------------------------------------

def test_db_roles_makes_three_login_roles_and_owner_only_config_files(deployment: Deployment) -> None:
    assert deployment.report.admin == f"{deployment.roles.prefix}_admin"
    assert [(st.app, st.created) for st in deployment.report.stations] == [
        ("kiosk", True), ("counter", True), ("display", True)]
    for app, path in deployment.configs.items():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, app
        url = make_url(deployment.url(app))
        assert url.username == deployment.roles.name(app)
        assert url.password is not None
        assert len(url.password) >= 20
        assert url.database == deployment.database
    assert len({make_url(deployment.url(a)).password for a in pgroles.APPS}) == 3
    st = Store.open(deployment.admin_url)
    try:
        with st.reading() as s:
            flags = s.execute(text(
                "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles "
                "WHERE rolname LIKE :p"), {"p": deployment.roles.prefix + "\\_%"}).all()
    finally:
        st.dispose()
    stations = {r.rolname: r for r in flags if not r.rolname.endswith("_admin")}
    assert set(stations) == {deployment.roles.name(a) for a in pgroles.APPS}
    for r in stations.values():
        assert (r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls) == (False,) * 4, r.rolname


def test_each_role_reports_what_it_may_do(deployment: Deployment) -> None:
    seen = {}
    for app in pgroles.APPS:
        st = deployment.store(app)
        try:
            seen[app] = pgroles.privileges(st)
        finally:
            st.dispose()
    assert {a: (p["issue"], p["queue"], p["admin"]) for a, p in seen.items()} == {
        "kiosk": (True, False, False), "counter": (False, True, False), "display": (False, False, False)}


# --- kiosk ------------------------------------------------------------------------------

def test_the_kiosk_reads_the_site_issues_tickets_and_records_printer_trouble(deployment: Deployment) -> None:
    kiosk = deployment.store("kiosk")
    try:
        now = _now()
        with kiosk.reading() as s:
            views = rules.service_views(s, now=now)
            last = events.last_event_id(s)
        assert {v.code for v in views} >= {"KTP", "KK", "SKCK"}
        with kiosk.transaction() as s:
            issued = rules.issue(s, "KTP", now=now)
            second = rules.issue(s, "KTP", now=now, priority="lansia")
        settings = printer_settings.from_section({"connection": "file", "path": "/dev/null"})
        printing_service.record_failure(kiosk, issued.ticket, "kertas habis", settings, now=now)
        printing_service.record_failure(kiosk, second.ticket, "tidak mengonfirmasi", settings, now=now,
                                        cause="no_answer", unconfirmed=True)
        printing_service.record_not_ready(kiosk, "printer mati", settings, now=now)
        with kiosk.reading() as s:
            kinds = [e.kind for e in events.events_since(s, last)]
    finally:
        kiosk.dispose()
    assert second.ticket.number == issued.ticket.number + 1
    assert kinds == ["ticket_issued", "ticket_issued", "printer_failed", "printer_unconfirmed",
                     "printer_not_ready"]


def test_the_kiosk_cannot_update_or_delete_tickets_or_events(deployment: Deployment) -> None:
    kiosk = deployment.store("kiosk")
    try:
        with kiosk.transaction() as s:
            issued = rules.issue(s, "KK", now=_now())
        tickets, evts = _count(deployment, "ticket"), _count(deployment, "event")
        done = _count(deployment, "ticket", "status = 'done'")
        for sql in (
            "UPDATE ticket SET status = 'done'",
            "UPDATE ticket SET queued_at = queued_at - interval '1 day' WHERE id = :id",
            "DELETE FROM ticket",
            "DELETE FROM ticket WHERE id = :id",
            "UPDATE event SET kind = 'ticket_called'",
            "DELETE FROM event",
            "TRUNCATE ticket",
            "TRUNCATE event",
        ):
            message = _refused(kiosk, sql, {"id": issued.ticket.id})
            assert message.startswith(
                f"Akun basis data stasiun ini ({deployment.roles.kiosk}) tidak berhak melakukan tindakan "
                "ini. Hubungi admin: berkas konfigurasi PC ini mungkin salah (")
        # Nor through the queue's own rules.
        with pytest.raises(NotPermitted), kiosk.transaction() as s:
            rules.open_counter(s, "L1", now=_now())
    finally:
        kiosk.dispose()
    assert (_count(deployment, "ticket"), _count(deployment, "event")) == (tickets, evts)
    assert _count(deployment, "ticket", "status = 'done'") == done


HOUR_AGO = object()  # stands for "an hour before the insert" in the cases below


def _forged_ticket(s: object, **overrides: object) -> None:
    """Insert a ticket as a compromised kiosk would: by hand, with a number of its choosing
    (the server replaces it with the day's next one)."""
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    now = _now()
    svc_id = s.scalar(text("SELECT id FROM service WHERE code = 'SKCK'"))
    day = now.astimezone(dt.timezone(dt.timedelta(hours=7))).date()
    row = {"business_day": day, "issued_service_id": svc_id, "service_id": svc_id, "number": 1,
           "code": "SK001", "token": "abc123", "priority_class": None, "status": "waiting",
           "issued_at": now, "queued_at": now, "call_count": 0, "counter_id": None}
    row.update({k: now - dt.timedelta(hours=1) if v is HOUR_AGO else v for k, v in overrides.items()})
    s.execute(Ticket.__table__.insert().values(**row))


@pytest.mark.parametrize(("what", "overrides"), [
    ("already called", {"status": "called"}),
    ("served", {"status": "done"}),
    ("held by a counter", {"counter_id": 1}),
])
def test_a_kiosk_may_insert_only_fresh_waiting_tickets(
    deployment: Deployment, what: str, overrides: dict[str, object]
) -> None:
    kiosk = deployment.store("kiosk")
    try:
        before = _count(deployment, "ticket")
        with pytest.raises(NotPermitted, match="row-level security"), kiosk.transaction() as s:
            _forged_ticket(s, **overrides)
        with kiosk.transaction() as s:  # the honest path still works
            _forged_ticket(s)
    finally:
        kiosk.dispose()
    assert _count(deployment, "ticket") == before + 1, what


@pytest.mark.parametrize("what", ["backdated an hour", "pushed to the front by a day"])
def test_the_server_stamps_a_kiosks_ticket_so_it_cannot_jump_the_queue(
    deployment: Deployment, what: str
) -> None:
    overrides: dict[str, object] = (
        {"issued_at": HOUR_AGO, "queued_at": HOUR_AGO} if what.startswith("backdated")
        else {"queued_at": T0 - dt.timedelta(days=1)})
    kiosk = deployment.store("kiosk")
    try:
        with kiosk.transaction() as s:
            _forged_ticket(s, **overrides)
            row = s.execute(text(
                "SELECT issued_at, queued_at, now() AT TIME ZONE 'UTC' AS server_now FROM ticket "
                "WHERE id = (SELECT max(id) FROM ticket)")).one()
    finally:
        kiosk.dispose()
    assert row.issued_at == row.queued_at == row.server_now  # the insert's own transaction time


def test_a_kiosk_may_write_only_its_own_kinds_of_event(deployment: Deployment) -> None:
    kiosk = deployment.store("kiosk")
    try:
        for kind in ("ticket_called", "day_started", "user_logged_in", "counter_opened"):
            with pytest.raises(NotPermitted), kiosk.transaction() as s:
                events.emit(s, kind, at=_now(), counter_id=1)
    finally:
        kiosk.dispose()


def test_a_days_number_only_moves_forward_one_at_a_time(deployment: Deployment) -> None:
    kiosk = deployment.store("kiosk")
    try:
        with kiosk.transaction() as s:
            issued = rules.issue(s, "KTP", now=_now())
        for sql in ("UPDATE day_sequence SET last_number = 1",
                    "UPDATE day_sequence SET last_number = last_number + 50",
                    "DELETE FROM day_sequence",
                    "INSERT INTO day_sequence (service_id, business_day, last_number) "
                    "VALUES (3, current_date + 1, 500)"):
            _refused(kiosk, sql)
        with kiosk.transaction() as s:
            after = rules.issue(s, "KTP", now=_now())
    finally:
        kiosk.dispose()
    assert after.ticket.number == issued.ticket.number + 1
    st = Store.open(deployment.admin_url)
    try:
        with st.reading() as s:
            seq = s.scalar(select(DaySequence.last_number).where(
                DaySequence.service_id == s.scalar(text("SELECT id FROM service WHERE code = 'KTP'")),
                DaySequence.business_day == after.ticket.business_day))
    finally:
        st.dispose()
    assert seq == after.ticket.number


def test_a_kiosk_never_reads_password_hashes_nor_changes_the_site(deployment: Deployment) -> None:
    kiosk = deployment.store("kiosk")
    try:
        _refused(kiosk, "SELECT password_hash FROM app_user")
        _refused(kiosk, "UPDATE service SET quota = 1")
        _refused(kiosk, "UPDATE site SET business_day = current_date + 1")
        with pytest.raises(NotPermitted), kiosk.transaction() as s:
            auth.add_user(s, "mallory", "rahasia123", role="admin", now=_now())
        with pytest.raises(NotPermitted), kiosk.transaction() as s:
            site.apply_site(s, site.load_site_file(MINI_SITE), now=_now())
    finally:
        kiosk.dispose()


# --- display ----------------------------------------------------------------------------

def test_the_display_reads_the_board_and_the_feed_and_writes_nothing(deployment: Deployment) -> None:
    display = deployment.store("display")
    waker = events.make_waker(deployment.url("display"))
    try:
        with display.reading() as s:
            last = events.last_event_id(s)
            rules.status(s, now=_now())
            names = s.execute(text("SELECT username, full_name FROM app_user")).all()
        assert {n.username for n in names} == {"rina", "dwi"}
        counter = deployment.store("counter")
        try:
            with counter.transaction() as s:
                rules.open_counter(s, "P1", now=_now())
        finally:
            counter.dispose()
        assert waker.wait(5.0)  # LISTEN works for the display's role
        with display.reading() as s:
            assert [e.kind for e in events.events_since(s, last)][-1] == "counter_opened"
        before = {t: _count(deployment, t) for t in ALL_TABLES}
        for table in ALL_TABLES:
            _refused(display, f"DELETE FROM {table}")
            _refused(display, f"INSERT INTO {table} DEFAULT VALUES")
            column = "version_num" if table == "alembic_version" else (
                "service_id" if table in ("counter_service", "day_sequence") else
                "code" if table == "priority_class" else "id")
            _refused(display, f"UPDATE {table} SET {column} = {column}")
        _refused(display, "SELECT password_hash FROM app_user")
        with pytest.raises(NotPermitted), display.transaction() as s:
            rules.issue(s, "KTP", now=_now())
        after = {t: _count(deployment, t) for t in ALL_TABLES}
    finally:
        waker.close()
        display.dispose()
    assert after == before


# --- counter ----------------------------------------------------------------------------

def test_the_counter_runs_a_clerks_day_and_the_supervisors_actions(deployment: Deployment) -> None:
    kiosk, counter = deployment.store("kiosk"), deployment.store("counter")
    try:
        with kiosk.transaction() as s:
            for _ in range(3):
                rules.issue(s, "KTP", now=_now())
        with counter.transaction() as s:
            assert auth.authenticate(s, "rina", "salah", now=_now()).refusal
        with counter.transaction() as s:
            who = auth.authenticate(s, "rina", "rahasia123", now=_now())
        assert who.ok
        assert who.user_id is not None
        uid = who.user_id
        with counter.transaction() as s:
            auth.check_counter_access(s, uid, "L1")
            rules.open_counter(s, "L1", now=_now(), user_id=uid)
        steps = [
            lambda s: rules.call_next(s, "L1", now=_now(), user_id=uid),
            lambda s: rules.recall(s, "L1", now=_now(), user_id=uid),
            lambda s: rules.start(s, "L1", now=_now(), user_id=uid),
            lambda s: rules.finish(s, "L1", now=_now(), user_id=uid),
            lambda s: rules.call_next(s, "L1", now=_now(), user_id=uid),
            lambda s: rules.no_show(s, "L1", now=_now(), user_id=uid),
            lambda s: rules.call_next(s, "L1", now=_now(), user_id=uid),
            lambda s: rules.transfer(s, "L1", "SKCK", now=_now(), user_id=uid),
            lambda s: rules.pause_counter(s, "L1", "istirahat", now=_now(), user_id=uid),
            lambda s: rules.open_counter_remotely(s, "L2", now=_now(), user_id=uid),
            lambda s: rules.close_counter(s, "L2", now=_now(), user_id=uid),
        ]
        for step in steps:
            with counter.transaction() as s:
                step(s)
        with counter.transaction() as s:
            missed = s.scalar(select(Ticket.code).where(Ticket.status == "no_show"))
            assert missed is not None
            rules.requeue(s, missed, now=_now(), user_id=uid)
            rules.expire_ticket(s, missed, now=_now(), user_id=uid)
        with counter.transaction() as s:
            rules.close_counter(s, "L1", now=_now(), user_id=uid)
            auth.log_out(s, uid, now=_now(), counter="L1")
        with counter.reading() as s:
            kinds = [e.kind for e in events.events_since(s, 0)]
        assert {"ticket_called", "ticket_recalled", "ticket_serving", "ticket_finished", "ticket_no_show",
                "ticket_transferred", "counter_paused", "ticket_requeued", "ticket_expired",
                "user_logged_out"} <= set(kinds), kinds
    finally:
        kiosk.dispose()
        counter.dispose()


def test_the_counter_cannot_issue_delete_or_touch_users_and_the_site(deployment: Deployment) -> None:
    counter = deployment.store("counter")
    try:
        with pytest.raises(NotPermitted), counter.transaction() as s:
            rules.issue(s, "KTP", now=_now())
        for sql in ("DELETE FROM ticket", "DELETE FROM event", "UPDATE event SET note = 'x'",
                    "UPDATE app_user SET role = 'admin'", "UPDATE app_user SET password_hash = 'x'",
                    "UPDATE service SET quota = 1", "DELETE FROM day_sequence", "TRUNCATE ticket"):
            _refused(counter, sql)
        with pytest.raises(NotPermitted), counter.transaction() as s:
            auth.set_password(s, "dwi", "baru12345", now=_now())
    finally:
        counter.dispose()


def _yesterday_unclosed(dep: Deployment) -> int:
    """As if the server's day had just changed: today's tickets and the site's day moved back
    a day, by the admin. Returns how many tickets are left unserved."""
    admin = Store.open(dep.admin_url)
    try:
        with admin.transaction() as s:
            today = "(now() AT TIME ZONE (SELECT timezone FROM site))::date"
            s.execute(text(
                f"UPDATE ticket SET business_day = business_day - 1 WHERE business_day >= {today}"))
            s.execute(text(f"UPDATE site SET business_day = {today} - 1"))
    finally:
        admin.dispose()
    return _count(dep, "ticket", "status IN ('waiting', 'called', 'serving')")


def test_a_new_day_is_closed_by_the_counter_not_by_a_kiosk(deployment: Deployment) -> None:
    waiting = _yesterday_unclosed(deployment)
    assert waiting > 0
    kiosk = deployment.store("kiosk")
    try:
        with kiosk.transaction() as s:
            assert rules.roll_over(s, now=_now()) == 0
    finally:
        kiosk.dispose()
    counter = deployment.store("counter")
    try:
        with counter.transaction() as s:
            assert rules.roll_over(s, now=_now()) == waiting
        with counter.reading() as s:
            kinds = s.scalars(select(Event.kind).order_by(Event.id.desc()).limit(1)).all()
    finally:
        counter.dispose()
    assert kinds == ["day_started"]


# --- admin ------------------------------------------------------------------------------

def test_rerunning_db_roles_and_init_reapply_rights_without_new_passwords(
    deployment: Deployment, capsys: pytest.CaptureFixture[str]
) -> None:
    kiosk_url = deployment.url("kiosk")
    assert cli.main(["--db", deployment.admin_url, "db", "roles", "--prefix", deployment.roles.prefix]) == 0
    out = capsys.readouterr().out
    assert out.count("hak diperbarui") == 3
    assert cli.main(["--db", deployment.admin_url, "init"]) == 0
    assert "Hak akses peran stasiun diperbarui" in capsys.readouterr().out
    kiosk = Store.open(kiosk_url)  # the old password still works
    try:
        with kiosk.transaction() as s:
            rules.issue(s, "KTP", now=_now())
        _refused(kiosk, "DELETE FROM ticket")
    finally:
        kiosk.dispose()


def test_db_roles_refuses_a_station_role_sqlite_and_a_prefix_of_another_database(
    deployment: Deployment, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--db", deployment.url("counter"), "db", "roles"]) == 2
    assert "bukan pemilik tabel" in capsys.readouterr().err
    assert cli.main(["--db", f"sqlite:///{tmp_path / 'a.db'}", "db", "roles"]) == 2
    assert "hanya ada di PostgreSQL" in capsys.readouterr().err
    assert cli.main(["--db", deployment.admin_url, "db", "roles", "--prefix", "Bad-Name"]) == 2
    assert "Awalan peran" in capsys.readouterr().err
    other_db, other_admin = f"{deployment.database}_b", f"{deployment.roles.prefix}_b_admin"
    _server(f"CREATE ROLE {other_admin} LOGIN CREATEROLE PASSWORD 'other-admin'")
    _server(f'CREATE DATABASE "{other_db}" OWNER {other_admin}')
    try:
        url = make_url(deployment.admin_url).set(
            username=other_admin, password="other-admin", database=other_db)
        store = Store.open(url.render_as_string(hide_password=False))  # migrates the new database
        try:
            with pytest.raises(RuleRefused, match="bukan milik basis data"):
                pgroles.create_roles(store, deployment.roles)
        finally:
            store.dispose()
    finally:
        _server(f'DROP DATABASE IF EXISTS "{other_db}" WITH (FORCE)')
        _server(f"DROP ROLE IF EXISTS {other_admin}")


def test_a_station_role_never_migrates_and_says_who_must(deployment: Deployment) -> None:
    admin = Store.open(deployment.admin_url)
    try:
        with admin.transaction() as s:
            version = s.scalar(text("SELECT version_num FROM alembic_version"))
            s.execute(text("DELETE FROM alembic_version"))
        with pytest.raises(SchemaMismatch, match="akun admin"):
            Store.open(deployment.url("counter"))
    finally:
        with admin.transaction() as s:
            s.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": version})
        admin.dispose()


# --- transport security and config files ------------------------------------------------

def test_sslmode_from_the_config_file_reaches_the_connection(deployment: Deployment, tmp_path: Path) -> None:
    base = deployment.url("display")
    plain = tmp_path / "plain.toml"
    config.write_private(plain, f'[store]\nurl = "{base}"\nsslmode = "disable"\n')
    st = Store.open(config.resolve(config_file=plain).db_url)
    try:
        with st.reading() as s:
            assert s.scalar(text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) is False
    finally:
        st.dispose()
    required = tmp_path / "tls.toml"
    config.write_private(required, f'[store]\nurl = "{base}"\nsslmode = "require"\n')
    url = config.resolve(config_file=required).db_url
    assert make_url(url).query["sslmode"] == "require"
    eng = create_engine(PG_ADMIN_URL)
    with eng.connect() as c:
        server_ssl = c.exec_driver_sql("SHOW ssl").scalar() == "on"
    eng.dispose()
    if server_ssl:
        st = Store.open(url)
        try:
            with st.reading() as s:
                assert s.scalar(text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) is True
        finally:
            st.dispose()
    else:
        with pytest.raises(StoreUnavailable, match="SSL"):
            Store.open(url)


def test_bad_tls_settings_name_the_field(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[store]\nurl = "postgresql://k@server/antre"\nsslmode = "yes"\n')
    with pytest.raises(BadInput, match=r"\[store\]: sslmode 'yes' tidak dikenal"):
        config.resolve(config_file=path)
    path.write_text('[store]\nurl = "postgresql://k@server/antre"\nsslrootcert = "/nope/root.crt"\n')
    with pytest.raises(BadInput, match=r"\[store\] sslrootcert: berkas '/nope/root.crt' tidak ditemukan"):
        config.resolve(config_file=path)
    path.write_text('[store]\nurl = "sqlite:///x.db"\nsslmode = "require"\n')
    with pytest.raises(BadInput, match="hanya untuk PostgreSQL"):
        config.resolve(config_file=path)


def test_config_files_with_passwords_are_written_owner_only_and_exposed_ones_are_flagged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "sub" / "kiosk.toml"
    old_umask = os.umask(0)  # even a permissive umask cannot widen it
    try:
        config.write_private(path, '[store]\nurl = "postgresql://k:secret@server/antre"\n')
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not config.exposed(path)
    with caplog.at_level(logging.WARNING):
        config.resolve(config_file=path)
    assert "chmod 600" not in caplog.text
    path.chmod(0o644)
    assert config.exposed(path)
    with caplog.at_level(logging.WARNING):
        config.resolve(config_file=path)
    assert "chmod 600" in caplog.text


def test_the_server_shows_which_program_holds_each_connection(deployment: Deployment) -> None:
    link.identify("antre-display")
    try:
        display = deployment.store("display")
        waker = events.make_waker(deployment.url("display"))
        try:
            with display.reading() as s:
                names = s.scalars(text(
                    "SELECT application_name FROM pg_stat_activity WHERE usename = current_user "
                    "ORDER BY 1")).all()
        finally:
            waker.close()
            display.dispose()
    finally:
        link.identify("antre")
    assert names == ["antre-display", "antre-display (listen)"]


def test_antre_init_with_a_stations_config_only_checks_the_schema(
    deployment: Deployment, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ANTRE_CONFIG", str(deployment.configs["counter"]))
    monkeypatch.delenv("ANTRE_DB_URL", raising=False)
    assert cli.main(["init"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Basis data siap: postgresql://")
    assert "Hak akses" not in captured.out
    assert captured.err == ""


def test_the_cli_warns_on_the_terminal_when_a_config_with_a_password_is_readable_by_others(
    deployment: Deployment, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    exposed = tmp_path / "display.toml"
    exposed.write_text(deployment.configs["display"].read_text())
    exposed.chmod(0o644)
    monkeypatch.setenv("ANTRE_CONFIG", str(exposed))
    monkeypatch.delenv("ANTRE_DB_URL", raising=False)
    assert cli.main(["db", "check"]) == 0
    captured = capsys.readouterr()
    assert captured.err == (f"antre: Peringatan: {exposed} berisi kata sandi basis data tetapi bisa dibaca "
                            f"pengguna lain. Jalankan: chmod 600 {exposed}\n")
    assert f"Peran: {deployment.roles.display}" in captured.out


def test_the_kiosk_reads_the_agencies_descriptions_and_the_long_wait(deployment: Deployment) -> None:
    kiosk = deployment.store("kiosk")  # the kiosk's own read of its catalog, under its role
    try:
        with kiosk.reading() as s:
            catalog = load_catalog(s, _now())
            views = rules.service_views(s, now=_now())
    finally:
        kiosk.dispose()
    assert catalog.agencies
    assert all(a.description == "" for a in catalog.agencies)  # the mini site describes none
    assert {v.long_wait_s for v in views} == {3600}
