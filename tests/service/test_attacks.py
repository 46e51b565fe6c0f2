"""Attacks on the store by each station role (issue 15, findings 3-5): whatever SQL a kiosk,
a counter or a display sends, the database itself refuses what its app never does, or
replaces what the server decides (number, code, day, time). Against a real server with the
roles of ``antre db roles``; each forbidden action is listed once and tried by every role."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import select, text

from shared import auth, rules
from shared.errors import NotPermitted, StoreUnavailable
from shared.models import Ticket, TicketStatus
from shared.rules.states import TRANSITIONS
from shared.store import Store
from tests.conftest import PG_ADMIN_URL
from tests.deployment import Deployment
from tests.when import WIB, TickingClock, server_now

pytestmark = pytest.mark.postgresql
STATIONS = ("kiosk", "counter", "display")

_clock: list[TickingClock] = []


def _now() -> dt.datetime:
    """The server's time (the store's clock on PostgreSQL)."""
    if not _clock:
        _clock.append(TickingClock.starting(server_now(PG_ADMIN_URL)))
    return _clock[0]()


def _today() -> dt.date:
    return _now().astimezone(WIB).date()


def _admin(dep: Deployment) -> Store:
    return Store.open(dep.admin_url)


def _one(dep: Deployment, sql: str, **params: object) -> object:
    st = _admin(dep)
    try:
        with st.reading() as s:
            return s.execute(text(sql), params).scalar()
    finally:
        st.dispose()


@pytest.fixture(scope="module")
def stores(deployment: Deployment):
    opened = {app: deployment.store(app) for app in STATIONS}
    kiosk = opened["kiosk"]
    with kiosk.transaction() as s:
        for _ in range(3):
            rules.issue(s, "KTP", now=_now())
    yield opened
    for st in opened.values():
        st.dispose()


# Every one of these is refused for every station role.
ATTACKS = {
    # finding 3: freezing the writers
    "take the event turn by hand": "SELECT 1 FROM event_turn WHERE id = 1 FOR UPDATE",
    "lock the ticket table": "LOCK TABLE ticket IN ACCESS EXCLUSIVE MODE",
    "lock the event table": "LOCK TABLE event IN EXCLUSIVE MODE",
    # finding 4: numbers
    "bump the day's number": "UPDATE day_sequence SET last_number = last_number + 1",
    "reset the day's number": "UPDATE day_sequence SET last_number = 1",
    "start tomorrow's numbers": "INSERT INTO day_sequence (service_id, business_day, last_number) "
                                "VALUES (1, current_date + 1, 1)",
    "delete the day's numbers": "DELETE FROM day_sequence",
    # finding 5: tickets, events, users, the day
    "rewrite a ticket's number": "UPDATE ticket SET number = 99 WHERE id = (SELECT min(id) FROM ticket)",
    "rewrite a ticket's code": "UPDATE ticket SET code = 'Z999' WHERE id = (SELECT min(id) FROM ticket)",
    "rewrite a ticket's issue time": "UPDATE ticket SET issued_at = issued_at - interval '1 hour'",
    "move a ticket to another day": "UPDATE ticket SET business_day = business_day + 1",
    "give a ticket priority": "UPDATE ticket SET priority_class = 'lansia'",
    "serve a waiting ticket at once": "UPDATE ticket SET status = 'done' WHERE status = 'waiting'",
    "delete tickets": "DELETE FROM ticket",
    "delete events": "DELETE FROM event",
    "rewrite events": "UPDATE event SET kind = 'ticket_called'",
    "write a site load event": "INSERT INTO event (at, kind, data) VALUES (now(), 'site_loaded', '{}')",
    "write a user event": "INSERT INTO event (at, kind, data) VALUES (now(), 'user_added', '{}')",
    "read password hashes": "SELECT password_hash FROM app_user",
    "clear a lock-out": "UPDATE app_user SET failed_logins = 0, locked_until = NULL",
    "make oneself admin": "UPDATE app_user SET role = 'admin'",
    "rename a counter": "UPDATE counter SET name = 'Loket Palsu'",
    "move a counter to another agency": "UPDATE counter SET agency_id = agency_id + 1",
    "change a quota": "UPDATE service SET quota = 1",
    # A day after the site's own date: the server's current_date is UTC's, a day behind
    # Jakarta's from 17:00 UTC, when "current_date + 1" is today's real rollover.
    "move the day a day ahead": "UPDATE site SET business_day = (now() AT TIME ZONE timezone)::date + 1",
    "move the day back": "UPDATE site SET business_day = current_date - 7",
    "truncate the queue": "TRUNCATE ticket",
}
# And these, for the roles whose app never needs them.
NOT_FOR = {
    "kiosk": {
        "lock the site row": "SELECT 1 FROM site WHERE id = 1 FOR UPDATE",
        "check a password": "SELECT antre_login_salt('rina', '')",
        "open a counter": "UPDATE counter SET state = 'open'",
        "call a ticket": "UPDATE ticket SET status = 'called' WHERE status = 'waiting'",
        "write a call event": "INSERT INTO event (at, kind, data) VALUES (now(), 'ticket_called', '{}')",
    },
    "counter": {
        "issue a ticket": "INSERT INTO ticket (business_day, issued_service_id, service_id, number, code, "
                          "token, status, issued_at, queued_at, call_count) SELECT current_date, 1, 1, 1, "
                          "'X001', 't', 'waiting', now(), now(), 0",
        "write an issue event": "INSERT INTO event (at, kind, data) VALUES (now(), 'ticket_issued', '{}')",
    },
    "display": {
        "lock the site row": "SELECT 1 FROM site WHERE id = 1 FOR UPDATE",
        "take the event turn": "SELECT antre_event_turn()",
        "check a password": "SELECT * FROM antre_login('rina', 'x', now(), 5, interval '5 minutes')",
        "write any event": "INSERT INTO event (at, kind, data) VALUES (now(), 'printer_failed', '{}')",
        "issue a ticket": "INSERT INTO ticket (business_day, issued_service_id, service_id, number, code, "
                          "token, status, issued_at, queued_at, call_count) SELECT current_date, 1, 1, 1, "
                          "'X001', 't', 'waiting', now(), now(), 0",
        "open a counter": "UPDATE counter SET state = 'open'",
    },
}
CASES = [pytest.param(role, name, sql, id=f"{role}: {name}")
         for role in STATIONS
         for name, sql in (*ATTACKS.items(), *NOT_FOR[role].items())]


@pytest.mark.parametrize(("role", "name", "sql"), CASES)
def test_a_station_role_is_refused(stores, deployment, role, name, sql):
    before = _one(deployment, "SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM ticket t")
    with pytest.raises(NotPermitted) as refused, stores[role].transaction() as s:
        s.execute(text(sql))
    assert refused.value.message.startswith(
        f"Akun basis data stasiun ini ({deployment.roles.name(role)}) tidak berhak"), name
    assert _one(deployment, "SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM ticket t") == before


# --- finding 3: what a read-only role holds cannot stop a writer ---------------------------

def test_a_display_holding_the_old_event_lock_and_a_long_read_blocks_no_writer(stores, deployment):
    hold = stores["display"].engine.connect()
    try:
        hold.execute(text("SELECT pg_advisory_lock(418430481509)"))  # the key writers once used
        hold.execute(text("BEGIN"))
        hold.execute(text("SELECT count(*) FROM ticket")).scalar()
        started = time.monotonic()
        with stores["kiosk"].transaction() as s:
            rules.issue(s, "KTP", now=_now())
        assert time.monotonic() - started < 2.0
    finally:
        hold.rollback()
        hold.close()


def test_a_writer_waits_for_a_held_event_turn_at_most_its_lock_timeout(stores, deployment):
    """A kiosk that takes the event turn and sits on it (a hung or hostile station) holds the
    other writers for 5 s at most: they say "sibuk" instead of hanging."""
    held, release = threading.Event(), threading.Event()

    def sit_on_it() -> None:
        with stores["kiosk"].engine.connect() as conn:
            conn.execute(text("SELECT antre_event_turn()"))
            held.set()
            release.wait(15)
            conn.rollback()

    sitter = threading.Thread(target=sit_on_it)
    sitter.start()
    try:
        assert held.wait(10)
        started = time.monotonic()
        with pytest.raises(StoreUnavailable, match="sibuk"), stores["counter"].transaction() as s:
            rules.open_counter(s, "P1", now=_now())
        assert 4.0 < time.monotonic() - started < 10.0
    finally:
        release.set()
        sitter.join()


def test_a_station_idle_inside_a_transaction_is_cut_off(stores):
    with stores["kiosk"].engine.connect() as conn:
        setting = conn.execute(text("SHOW idle_in_transaction_session_timeout")).scalar()
    assert setting == "10s"


# --- finding 4: the kiosk chooses no number, code, day or time -----------------------------

def _forged(stores, **values: object) -> Ticket:
    """Insert a ticket by hand as a kiosk, with the given values; returns what was stored."""
    with stores["kiosk"].transaction() as s:
        skck = s.scalar(text("SELECT id FROM service WHERE code = 'SKCK'"))
        row = {"business_day": _today(), "issued_service_id": skck, "service_id": skck, "number": 1,
               "code": "SK001", "token": "abc123", "priority_class": None, "status": "waiting",
               "issued_at": _now(), "queued_at": _now(), "call_count": 0, "counter_id": None}
        row.update(values)
        new_id = s.execute(Ticket.__table__.insert().values(**row).returning(Ticket.id)).scalar_one()
    with stores["display"].reading() as s:
        ticket = s.get(Ticket, new_id)
        assert ticket is not None
        return ticket


def test_a_kiosk_cannot_block_another_service_by_taking_its_next_code(stores):
    with stores["kiosk"].transaction() as s:
        before = rules.issue(s, "KTP", now=_now()).ticket
    nxt = f"A{before.number + 1:03d}"
    forged = _forged(stores, number=before.number + 1, code=nxt)
    assert forged.code.startswith("SK")
    assert forged.code != nxt
    with stores["kiosk"].transaction() as s:
        after = rules.issue(s, "KTP", now=_now()).ticket
    assert after.code == nxt


def test_a_kiosk_cannot_leave_holes_or_choose_its_number(stores, deployment):
    first = _forged(stores, number=500, code="SK500")
    second = _forged(stores, number=900, code="SK900")
    assert second.number == first.number + 1
    assert second.code == f"SK{second.number:03d}"


def test_a_kiosk_cannot_pre_issue_tomorrows_queue_nor_backdate(stores):
    server = _now()
    forged = _forged(stores, business_day=_today() + dt.timedelta(days=1),
                     issued_at=server - dt.timedelta(hours=3), queued_at=server - dt.timedelta(days=1))
    assert forged.business_day == _today()
    assert abs(forged.issued_at - _now()) < dt.timedelta(minutes=1)
    assert forged.queued_at == forged.issued_at


@pytest.mark.parametrize(("what", "values"), [
    ("already called", {"status": "called"}),
    ("served", {"status": "done"}),
    ("held by a counter", {"counter_id": 1}),
    ("of a priority class that does not exist", {"priority_class": "vip"}),
])
def test_a_kiosk_may_insert_only_fresh_waiting_tickets(stores, what, values):
    with pytest.raises(NotPermitted, match="row-level security"):
        _forged(stores, **values)


# --- finding 5: the counter -----------------------------------------------------------------

def test_the_counters_stamps_are_the_servers(stores):
    with stores["kiosk"].transaction() as s:
        code = rules.issue(s, "SKCK", now=_now()).ticket.code
    with stores["counter"].transaction() as s:
        s.execute(text("UPDATE ticket SET status = 'called', called_at = now() - interval '2 hours', "
                       "counter_id = (SELECT id FROM counter WHERE code = 'P1') "
                       "WHERE code = :c AND business_day = :d"), {"c": code, "d": _today()})
    with stores["display"].reading() as s:
        called_at = s.scalar(select(Ticket.called_at).where(
            Ticket.code == code, Ticket.business_day == _today()))
    assert abs(called_at - _now()) < dt.timedelta(minutes=1)


def test_ticket_transitions_in_sql_are_the_rules_table(stores, deployment):
    """All 30 (from, to) pairs through both sides: PostgreSQL lets a counter make exactly
    the changes the rules' actions make (shared.rules.states)."""
    with stores["kiosk"].transaction() as s:
        code = rules.issue(s, "SKCK", now=_now()).ticket.code
    admin = _admin(deployment)
    allowed = set()
    try:
        for old in TicketStatus:
            for new in TicketStatus:
                if old == new:
                    continue
                with admin.transaction() as s:
                    s.execute(text("UPDATE ticket SET status = :s WHERE code = :c AND business_day = :d"),
                              {"s": old.value, "c": code, "d": _today()})
                try:
                    with stores["counter"].transaction() as s:
                        s.execute(text("UPDATE ticket SET status = :s WHERE code = :c AND business_day = :d"),
                                  {"s": new.value, "c": code, "d": _today()})
                except NotPermitted:
                    continue
                allowed.add((old.value, new.value))
    finally:
        admin.dispose()
    assert allowed == TRANSITIONS


def test_no_station_reads_a_hash_yet_the_counter_logs_in_and_locks_out(stores, deployment):
    counter = stores["counter"]
    with counter.transaction() as s:
        assert auth.authenticate(s, "rina", "rahasia123", now=_now()).ok
    for _ in range(auth.MAX_FAILURES):
        with counter.transaction() as s:
            assert not auth.authenticate(s, "rina", "salah-sekali", now=_now()).ok
    with counter.transaction() as s:
        locked = auth.authenticate(s, "rina", "rahasia123", now=_now())
    assert locked.refusal is not None
    assert locked.refusal.startswith("Akun terkunci")
    # a clock a day ahead does not end the lock-out: the server's time counts
    with counter.transaction() as s:
        later = auth.authenticate(s, "rina", "rahasia123", now=_now() + dt.timedelta(days=1))
    assert later.refusal is not None
    assert _one(deployment, "SELECT locked_until IS NOT NULL FROM app_user WHERE username = 'rina'")
    admin = _admin(deployment)
    try:
        with admin.transaction() as s:
            s.execute(text(
                "UPDATE app_user SET locked_until = NULL, failed_logins = 0 WHERE username = 'rina'"))
    finally:
        admin.dispose()


def test_an_unknown_username_looks_and_costs_like_a_known_one(stores):
    with stores["counter"].reading() as s:
        known = s.scalar(text("SELECT antre_login_salt('rina', '$argon2id$v=19$m=65536,t=3,p=4$')"))
        unknown = s.scalar(text("SELECT antre_login_salt('tidak-ada', '$argon2id$v=19$m=65536,t=3,p=4$')"))
        again = s.scalar(text("SELECT antre_login_salt('tidak-ada', '$argon2id$v=19$m=65536,t=3,p=4$')"))
    assert known.rsplit("$", 2)[0] == unknown.rsplit("$", 2)[0]  # same algorithm and cost
    assert len(known) == len(unknown)
    assert unknown == again  # the same stand-in every time
    assert known.endswith("$" + "A" * 43)  # no digest leaves the server
