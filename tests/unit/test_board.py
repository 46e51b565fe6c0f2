"""The wall display's board is a pure reducer over events: no Qt, no store."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import zoneinfo
from typing import Any

from display import board
from display.board import HISTORY, KEPT, AgencyCount, BoardState, Scope
from display.clock import long_date, long_datetime, ms_to_midnight

DAY = dt.date(2026, 11, 28)
AT = dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC)
_ids = itertools.count(1)


def event(kind: str, ticket_id: int | None = None, *, day: dt.date = DAY, **data: Any) -> board.EventView:
    return board.EventView(id=next(_ids), at=AT, kind=kind, business_day=day, ticket_id=ticket_id,
                           counter_id=None, user_id=None, data=data)


def called(ticket_id: int, code: str, counter: str = "Loket 1", *, kind: str = "ticket_called",
           day: dt.date = DAY, call_count: int = 1, zone: str = "Lantai 1",
           agency: str = "DUKCAPIL") -> board.EventView:
    return event(kind, ticket_id, day=day, code=code, counter="L1", counter_name=counter,
                 zone=zone, service_name="KTP-el", agency=agency, agency_name="Dukcapil",
                 call_count=call_count)


def codes(state: BoardState) -> list[str]:
    return [c.code for c in state.calls]


def test_a_call_goes_to_the_top() -> None:
    state = board.replay([called(1, "A001"), called(2, "A002", "Loket 2")])
    assert state.latest is not None
    assert state.latest.code == "A002"
    assert state.latest.counter_name == "Loket 2"
    assert state.latest.zone == "Lantai 1"
    assert state.latest.agency == "DUKCAPIL"
    assert codes(state) == ["A002", "A001"]


def test_a_recall_moves_the_ticket_back_to_the_top() -> None:
    state = board.replay([called(1, "A001"), called(2, "A002")])
    after = board.apply(state, called(1, "A001", kind="ticket_recalled", call_count=2))
    assert codes(after) == ["A001", "A002"]
    assert after.latest is not None
    assert after.latest.recalled
    assert after.latest.call_count == 2


def test_only_calls_and_recalls_are_shown_calls() -> None:
    assert board.shown_call(called(1, "A001")) is not None
    assert board.shown_call(called(1, "A001", kind="ticket_recalled")) is not None
    for kind in ("ticket_finished", "ticket_transferred", "ticket_no_show", "day_started"):
        assert board.shown_call(event(kind, 1, code="A001")) is None


def test_a_transferred_ticket_keeps_its_place_until_the_new_counter_calls_it() -> None:
    state = board.replay([called(1, "A001", "Loket 1"), called(2, "A002", "Loket 2")])
    moved = board.apply(state, event("ticket_transferred", 1, code="A001", counter_name="Loket 1"))
    assert moved.calls == state.calls
    again = board.apply(moved, called(1, "A001", "Loket 9"))
    assert codes(again) == ["A001", "A002"]
    assert again.latest is not None
    assert again.latest.counter_name == "Loket 9"


def test_a_ticket_called_again_appears_once() -> None:
    state = board.replay([called(1, "A001"), called(2, "A002"), called(1, "A001", "Loket 3")])
    assert codes(state) == ["A001", "A002"]
    assert state.latest is not None
    assert state.latest.counter_name == "Loket 3"


def test_the_board_keeps_the_latest_call_and_a_bounded_history() -> None:
    state = board.replay(called(i, f"A{i:03d}") for i in range(1, 61))
    assert len(state.history) == KEPT
    assert codes(state)[0] == "A060"
    assert codes(state)[-1] == f"A{60 - KEPT:03d}"


def test_ten_calls_are_listed_and_a_call_not_yet_spoken_never_leaves_the_list() -> None:
    state = board.replay(called(i, f"A{i:03d}") for i in range(1, 21))
    assert HISTORY + 1 >= 10  # the latest, large, and the earlier ones: ten in sight
    newest = [f"A{i:03d}" for i in range(19, 19 - HISTORY, -1)]
    assert [c.code for c in board.shown_history(state, set())] == newest
    # The voice is behind: A005 and A007 still wait to be spoken, though 13 came after them.
    shown = [c.code for c in board.shown_history(state, {5, 7, 20}, slots=4)]
    assert shown == ["A019", "A018", "A007", "A005"]  # spoken calls gave way, oldest first
    everything_waits = set(range(1, 21))
    assert [c.code for c in board.shown_history(state, everything_waits, slots=3)] == ["A019", "A018", "A017"]


def test_finishing_transferring_or_no_show_leaves_the_calls_as_they_were() -> None:
    state = board.replay([called(1, "A001"), called(2, "A002")])
    for kind in ("ticket_finished", "ticket_transferred", "ticket_no_show", "ticket_issued",
                 "counter_opened"):
        after = board.apply(state, event(kind, 1, code="A001"))
        assert after.calls == state.calls
        assert after.last_event_id > state.last_event_id


def test_day_started_clears_the_board() -> None:
    state = board.replay([called(1, "A001"), called(2, "A002")])
    after = board.apply(state, event("day_started", day=DAY + dt.timedelta(days=1)))
    assert after.calls == ()
    assert after.latest is None
    assert after.business_day == DAY + dt.timedelta(days=1)


def test_a_call_of_a_later_day_starts_a_clean_board_even_without_day_started() -> None:
    state = board.replay([called(1, "A001"), called(2, "A002")])
    after = board.apply(state, called(9, "A001", day=DAY + dt.timedelta(days=1)))
    assert codes(after) == ["A001"]
    assert after.latest is not None
    assert after.latest.ticket_id == 9


def test_start_day_clears_only_an_older_board() -> None:
    state = board.replay([called(1, "A001")])
    assert board.start_day(state, DAY) is state
    assert board.start_day(state, DAY + dt.timedelta(days=1)).calls == ()


def test_the_reducer_never_mutates_its_input() -> None:
    state = board.replay([called(1, "A001")])
    snapshot = (state.calls, state.waiting, state.last_event_id)
    board.apply(state, called(2, "A002"))
    board.with_waiting(state, [AgencyCount("DUKCAPIL", "Dukcapil", 3)])
    assert (state.calls, state.waiting, state.last_event_id) == snapshot


def test_dates_are_written_in_indonesian() -> None:
    assert long_datetime(dt.datetime(2026, 11, 28, 9, 15)) == "Sabtu, 28 November 2026 09:15"
    assert long_date(dt.date(2026, 8, 17)) == "Senin, 17 Agustus 2026"


def test_a_rollover_clears_the_waiting_counts_too() -> None:
    state = board.with_waiting(board.replay([called(1, "A001")]), [AgencyCount("DUKCAPIL", "Dukcapil", 4)])
    after = board.apply(state, event("day_started", day=DAY + dt.timedelta(days=1)))
    assert after.waiting == ()
    assert board.start_day(state, DAY + dt.timedelta(days=1)).waiting == ()


def _day_of_events(n: int) -> list[board.EventView]:
    """A realistic day: calls, recalls, transfers, finishes and issues, in id order."""
    out: list[board.EventView] = []
    for i in range(1, n + 1):
        out.append(event("ticket_issued", 100 + i, code=f"A{i:03d}"))
        out.append(called(100 + i, f"A{i:03d}", f"Loket {i % 4 + 1}", zone=f"Lantai {i % 2 + 1}"))
        if i % 3 == 0:
            out.append(called(100 + i, f"A{i:03d}", f"Loket {i % 4 + 1}", kind="ticket_recalled",
                              call_count=2, zone=f"Lantai {i % 2 + 1}"))
        if i % 5 == 0:
            out.append(event("ticket_transferred", 100 + i, code=f"A{i:03d}"))
        out.append(event("ticket_finished", 100 + i, code=f"A{i:03d}"))
    return out


def test_a_rebuild_after_reconnect_gives_the_same_board_as_following_live() -> None:
    day = _day_of_events(30)
    for scope in (board.EVERYWHERE, Scope(zone="lantai 2"), Scope(agency="dukcapil")):
        live = BoardState(business_day=DAY)
        for e in day:  # the board followed every event as it came
            live = board.apply(live, e, scope)
        # Another board lost the store halfway and rebuilt from the store's replay of the
        # board kinds only (what display.source reads), then followed the rest live.
        half = len(day) // 2
        stored = [e for e in day[:half] if e.kind in board.BOARD_KINDS]
        rebuilt = board.replay(stored, BoardState(business_day=DAY), scope)
        rebuilt = BoardState(calls=rebuilt.calls, business_day=rebuilt.business_day,
                             last_event_id=day[half - 1].id)
        for e in day[half:]:
            rebuilt = board.apply(rebuilt, e, scope)
        assert rebuilt == live, scope
        assert live.calls, scope


def test_a_zone_board_shows_only_its_zone() -> None:
    state = board.replay(
        [called(1, "A001", zone="Lantai 1"), called(2, "A002", zone="Lantai 2"),
         called(3, "SK001", zone="Lantai 2", agency="POLRES")],
        scope=Scope(zone="Lantai 2"))
    assert codes(state) == ["SK001", "A002"]
    only_polres = board.replay([called(1, "A001"), called(3, "SK001", agency="POLRES")],
                               scope=Scope(agency="polres"))
    assert codes(only_polres) == ["SK001"]
    assert board.shown_call(called(1, "A001", zone="Lantai 1"), Scope(zone="Lantai 2")) is None
    assert Scope(zone="Lantai 2", agency="POLRES").describe() == "Lantai 2 · POLRES"
    assert board.EVERYWHERE.everything


def test_the_board_clears_one_second_after_local_midnight() -> None:
    wib = zoneinfo.ZoneInfo("Asia/Jakarta")
    evening = dt.datetime(2026, 11, 28, 23, 59, 0, tzinfo=wib)
    assert ms_to_midnight(evening, wib) == 61_000
    # Given in UTC (as the apps' clock is): 16:59:30 UTC is 23:59:30 in Jakarta.
    assert ms_to_midnight(dt.datetime(2026, 11, 28, 16, 59, 30, tzinfo=dt.UTC), wib) == 31_000
    assert ms_to_midnight(dt.datetime(2026, 11, 29, 0, 0, 0, 500_000, tzinfo=wib), wib) == 1000


def test_a_live_call_moves_its_counters_number_on_the_grid_and_a_new_day_clears_them() -> None:
    grid = (board.CounterSlot("L1", "Loket 1", current="A001"), board.CounterSlot("L2", "Loket 2"))
    state = board.with_counters(BoardState(business_day=DAY), grid)
    state = board.apply(state, called(7, "A007"))  # called at L1 (the helper's counter)
    assert [(c.code, c.current) for c in state.counters] == [("L1", "A007"), ("L2", "")]
    later = board.start_day(state, DAY + dt.timedelta(days=1))
    assert [(c.code, c.current) for c in later.counters] == [("L1", ""), ("L2", "")]


def _call_at(ticket_id: int, code: str, counter: str, minutes: float) -> board.EventView:
    e = event("ticket_called", ticket_id, code=code, counter=counter, counter_name=f"Loket {counter}",
              zone="Lantai 1", service_name="KTP-el", agency="DUKCAPIL", agency_name="Dukcapil")
    return dataclasses.replace(e, at=AT + dt.timedelta(minutes=minutes))


def test_a_board_back_from_an_outage_reads_out_each_counters_last_recent_missed_call() -> None:
    before = [_call_at(1, "A001", "L1", 0), _call_at(2, "B001", "L2", 0)]
    seen = before[-1].id
    missed = [
        _call_at(3, "A002", "L1", 1),  # overtaken at L1 by A003: its visitor has been called past
        _call_at(4, "A003", "L1", 5),
        _call_at(5, "C001", "L3", 2),  # over two minutes before the newest missed call: stale
        _call_at(6, "B002", "L2", 6),
    ]
    state = board.replay([*before, *missed])
    assert [c.code for c in board.missed_calls([*before, *missed], seen, state)] == ["A003", "B002"]
    assert board.missed_calls(before, seen, board.replay(before)) == []  # nothing missed
    # a call no longer on the rebuilt board (a new day began) is never read out
    new_day = event("day_started", day=DAY + dt.timedelta(days=1))
    day = [*before, *missed, new_day]
    assert board.missed_calls(day, seen, board.replay(day)) == []
