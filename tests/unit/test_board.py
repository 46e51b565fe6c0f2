"""The wall display's board is a pure reducer over events: no Qt, no store."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from display import board
from display.board import HISTORY, BoardState
from display.clock import long_date, long_datetime

DAY = dt.date(2026, 11, 28)
AT = dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC)
_ids = itertools.count(1)


def event(kind: str, ticket_id: int | None = None, *, day: dt.date = DAY, **data: Any) -> board.EventView:
    return board.EventView(id=next(_ids), at=AT, kind=kind, business_day=day, ticket_id=ticket_id,
                           counter_id=None, user_id=None, data=data)


def called(ticket_id: int, code: str, counter: str = "Loket 1", *, kind: str = "ticket_called",
           day: dt.date = DAY, call_count: int = 1) -> board.EventView:
    return event(kind, ticket_id, day=day, code=code, counter="L1", counter_name=counter,
                 zone="Lantai 1", service_name="KTP-el", agency_name="Dukcapil", call_count=call_count)


def codes(state: BoardState) -> list[str]:
    return [c.code for c in state.calls]


def test_a_call_goes_to_the_top_and_flashes() -> None:
    state = board.replay([called(1, "A001"), called(2, "A002", "Loket 2")])
    assert state.latest is not None
    assert state.latest.code == "A002"
    assert state.latest.counter_name == "Loket 2"
    assert state.latest.zone == "Lantai 1"
    assert codes(state) == ["A002", "A001"]
    assert state.flash == 2


def test_a_recall_moves_the_ticket_back_to_the_top_and_flashes_again() -> None:
    state = board.replay([called(1, "A001"), called(2, "A002")])
    after = board.apply(state, called(1, "A001", kind="ticket_recalled", call_count=2))
    assert codes(after) == ["A001", "A002"]
    assert after.latest is not None
    assert after.latest.recalled
    assert after.latest.call_count == 2
    assert after.flash == state.flash + 1


def test_a_ticket_called_again_appears_once() -> None:
    state = board.replay([called(1, "A001"), called(2, "A002"), called(1, "A001", "Loket 3")])
    assert codes(state) == ["A001", "A002"]
    assert state.latest is not None
    assert state.latest.counter_name == "Loket 3"


def test_the_board_keeps_the_latest_call_and_a_bounded_history() -> None:
    state = board.replay(called(i, f"A{i:03d}") for i in range(1, 21))
    assert len(state.history) == HISTORY
    assert codes(state)[0] == "A020"
    assert codes(state)[-1] == f"A{20 - HISTORY:03d}"


def test_finishing_transferring_or_no_show_leaves_the_calls_as_they_were() -> None:
    state = board.replay([called(1, "A001"), called(2, "A002")])
    for kind in ("ticket_finished", "ticket_transferred", "ticket_no_show", "ticket_issued",
                 "counter_opened"):
        after = board.apply(state, event(kind, 1, code="A001"))
        assert after.calls == state.calls
        assert after.flash == state.flash
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
    snapshot = (state.calls, state.flash, state.last_event_id)
    board.apply(state, called(2, "A002"))
    assert (state.calls, state.flash, state.last_event_id) == snapshot


def test_dates_are_written_in_indonesian() -> None:
    assert long_datetime(dt.datetime(2026, 11, 28, 9, 15)) == "Sabtu, 28 November 2026 09:15"
    assert long_date(dt.date(2026, 8, 17)) == "Senin, 17 Agustus 2026"
