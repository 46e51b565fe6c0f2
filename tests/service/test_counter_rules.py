"""The rules the counter app and the supervisor view add, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from shared import auth, events, rules
from shared.errors import NotFound, RuleRefused
from shared.models import Counter, Event
from shared.store import Store
from tests.conftest import T0

SEC = dt.timedelta(seconds=1)


def add_users(store: Store) -> dict[str, int]:
    with store.transaction() as s:
        return {
            "rina": auth.add_user(s, "rina", "rahasia123", agency="DUKCAPIL", now=T0).id,
            "bayu": auth.add_user(s, "bayu", "rahasia123", agency="POLRES", now=T0).id,
            "dwi": auth.add_user(s, "dwi", "rahasia123", role="supervisor", now=T0).id,
            "umum": auth.add_user(s, "umum", "rahasia123", now=T0).id,
        }


def test_the_counter_board_counts_what_waits_and_what_this_counter_served_or_missed(store: Store) -> None:
    with store.transaction() as s:
        for _ in range(4):
            rules.issue(s, "KTP", now=T0)
        rules.issue(s, "SKCK", now=T0)  # not a service of Loket 1
        rules.open_counter(s, "L1", now=T0)
        rules.open_counter(s, "L2", now=T0)
    with store.transaction() as s:
        rules.call_next(s, "L1", now=T0 + SEC)
        rules.finish(s, "L1", now=T0 + 2 * SEC)
        rules.call_next(s, "L1", now=T0 + 3 * SEC)
        rules.no_show(s, "L1", now=T0 + 4 * SEC)
        rules.call_next(s, "L2", now=T0 + 5 * SEC)
        rules.finish(s, "L2", now=T0 + 6 * SEC)  # another counter's work is not ours
    with store.reading() as s:
        _, day = rules.counter_board(s, "L1", now=T0 + 7 * SEC)
        _, tomorrow = rules.counter_board(s, "L1", now=T0 + dt.timedelta(days=1))
    assert (day.waiting, day.served, day.no_show) == (1, 1, 1)
    assert (tomorrow.waiting, tomorrow.served, tomorrow.no_show) == (0, 0, 0)


def test_service_choices_list_every_active_service_with_its_agency_and_match_words(store: Store) -> None:
    with store.reading() as s:
        choices = rules.service_choices(s)
        short = rules.agency_short(s, "DUKCAPIL")
    assert [c.code for c in choices] == ["KTP", "KK", "SKCK"]
    assert choices[2].agency == "POLRES"
    assert short == "Dukcapil"
    kk = choices[1]
    assert kk.matches("kartu kel")
    assert kk.matches("dukcapil  KK")
    assert not kk.matches("skck")


def test_a_supervisor_opens_a_closed_counter_remotely_and_the_event_names_them(store: Store) -> None:
    users = add_users(store)
    with store.transaction() as s:
        rules.open_counter(s, "L1", now=T0, user_id=users["rina"])
        rules.pause_counter(s, "L1", "sholat", now=T0 + SEC, user_id=users["rina"])
    with store.transaction() as s:
        view = rules.open_counter_remotely(s, "L1", now=T0 + 2 * SEC, user_id=users["dwi"])
    assert view.state == "open"
    assert view.user == "rina"  # the clerk stays assigned
    with store.reading() as s:
        last = s.scalars(select(Event).where(Event.kind == "counter_opened")
                         .order_by(Event.id.desc())).first()
        assert last is not None
        assert last.user_id == users["dwi"]
        assert last.data["remote"] is True
        assert rules.counter_state(s, "L1").state == "open"
    with store.transaction() as s:  # already open: nothing new recorded
        rules.open_counter_remotely(s, "L1", now=T0 + 3 * SEC, user_id=users["dwi"])
    with store.reading() as s:
        opened = s.scalars(select(Event.id).where(Event.kind == "counter_opened")).all()
    assert len(opened) == 2


def test_a_clerk_may_work_only_at_their_agencys_counters(store: Store) -> None:
    users = add_users(store)
    with store.reading() as s:
        assert auth.counters_for(s, users["rina"]) == [("L1", "Loket 1"), ("L2", "Loket 2"),
                                                       ("L3", "Loket 3")]
        assert auth.counters_for(s, users["bayu"]) == [("P1", "Loket 4")]
        assert len(auth.counters_for(s, users["dwi"])) == 4
        assert len(auth.counters_for(s, users["umum"])) == 4
        auth.check_counter_access(s, users["rina"], "l2")
        with pytest.raises(RuleRefused, match="tidak terdaftar untuk Loket 4"):
            auth.check_counter_access(s, users["rina"], "P1")
        with pytest.raises(NotFound):
            auth.check_counter_access(s, users["rina"], "L99")
        auth.require_supervisor(s, users["dwi"])
    with store.transaction() as s:
        rules.open_counter(s, "L2", now=T0, user_id=users["dwi"])
    with store.reading() as s:
        choices = auth.counter_choices(s, users["rina"])
    assert [(c.code, c.state, c.user) for c in choices] == [
        ("L1", "closed", None), ("L2", "open", "dwi"), ("L3", "closed", None)]
    with store.reading() as s, pytest.raises(RuleRefused):
        auth.require_supervisor(s, users["rina"])


def test_open_pause_close_and_log_out_are_recorded_with_the_user(store: Store) -> None:
    users = add_users(store)
    rina = users["rina"]
    with store.transaction() as s:
        rules.open_counter(s, "L1", now=T0, user_id=rina)
        rules.pause_counter(s, "L1", "istirahat", now=T0 + SEC, user_id=rina)
        rules.open_counter(s, "L1", now=T0 + 2 * SEC, user_id=rina)
        rules.close_counter(s, "L1", now=T0 + 3 * SEC, user_id=rina)
        auth.log_out(s, rina, now=T0 + 4 * SEC, counter="L1")
    with store.reading() as s:
        mine = [(e.kind, e.user_id) for e in events.events_since(s, 0)
                if e.kind.startswith("counter_") or e.kind == "user_logged_out"]
        state = s.scalar(select(Counter.state).where(Counter.code == "L1"))
    assert mine == [("counter_opened", rina), ("counter_paused", rina), ("counter_opened", rina),
                    ("counter_closed", rina), ("user_logged_out", rina)]
    assert state == "closed"


def test_counter_board_is_the_waiting_list_and_the_days_counts_in_one_read(store: Store) -> None:
    with store.transaction() as s:
        for service, priority in (("KTP", None), ("KK", None), ("KTP", "lansia"), ("SKCK", None),
                                  ("KTP", None)):
            rules.issue(s, service, priority=priority, now=T0)
        rules.open_counter(s, "L1", now=T0)
    with store.transaction() as s:
        rules.call_next(s, "L1", now=T0 + SEC)
        rules.finish(s, "L1", now=T0 + 2 * SEC)
        rules.call_next(s, "L1", now=T0 + 3 * SEC)
        rules.no_show(s, "L1", now=T0 + 4 * SEC)
        rules.requeue(s, "A001", now=T0 + 5 * SEC)  # back in the list, in its old place
    with store.reading() as s:
        waiting, day = rules.counter_board(s, "L1", now=T0 + 6 * SEC)
        expected = rules.waiting_list(s, "L1", now=T0 + 6 * SEC)
        with pytest.raises(NotFound):
            rules.counter_board(s, "L99", now=T0)
    assert [t.code for t in waiting] == ["A001", "B001", "A003"]  # A002 (lansia) went first
    assert waiting == expected  # the same views, field for field
    assert (day.waiting, day.served, day.no_show) == (3, 1, 0)
