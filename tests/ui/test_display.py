"""The wall display rebuilds today's board from the store, then follows the feed."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from display.app import DisplayApp, build
from display.board import Call
from shared import rules
from shared.store import Store
from tests.ui.conftest import SteppingClock, call_next, issue, open_counter


class FakeAnnouncer:
    def __init__(self) -> None:
        self.spoken: list[str] = []

    def announce(self, text: str, call: Call) -> None:
        self.spoken.append(text)


def start_display(qtbot: QtBot, app: DisplayApp) -> DisplayApp:
    qtbot.addWidget(app.window)
    app.window.resize(1280, 720)
    app.window.show()
    app.start()
    qtbot.waitUntil(lambda: app.controller.site is not None)
    return app


def history_codes(app: DisplayApp) -> list[str]:
    return [row.code.text() for row in app.window.rows if row.isVisibleTo(app.window)]


def test_the_board_rebuilds_todays_calls_then_follows_new_ones(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    with store.transaction() as s:
        rules.roll_over(s, now=clock())
    for _ in range(3):
        issue(store, "KTP", clock)
    issue(store, "SKCK", clock)
    open_counter(store, "L1", clock)
    open_counter(store, "P1", clock)
    assert call_next(store, "L1", clock) == "A001"
    assert call_next(store, "P1", clock) == "SK001"

    announcer = FakeAnnouncer()
    app = start_display(qtbot, build(store, clock=clock, announcer=announcer))
    try:
        w = app.window
        qtbot.waitUntil(lambda: w.code.text() == "SK001")
        assert w.counter.text() == "Loket 4 · Lantai 2"
        assert w.agency.text() == "Polres"
        assert history_codes(app) == ["A001"]
        assert w.site_name.text() == "MPP Uji"
        assert announcer.spoken == []  # a rebuilt board is shown, never read out again

        assert call_next(store, "L1", clock) == "A002"  # a counter elsewhere calls the next
        qtbot.waitUntil(lambda: w.code.text() == "A002")
        assert w.counter.text() == "Loket 1"
        assert history_codes(app) == ["SK001", "A001"]
        assert w.flashing
        assert announcer.spoken == ["Nomor antrian A dua, silakan menuju loket satu"]

        with store.transaction() as s:
            rules.recall(s, "P1", now=clock())
        qtbot.waitUntil(lambda: w.code.text() == "SK001")
        assert history_codes(app) == ["A002", "A001"]
        assert len(announcer.spoken) == 2
    finally:
        app.stop()


def test_an_empty_day_shows_a_calm_placeholder(qtbot: QtBot, store: Store, clock: SteppingClock) -> None:
    app = start_display(qtbot, build(store, clock=clock))
    try:
        assert app.window.empty.isVisibleTo(app.window)
        assert not app.window.code.isVisibleTo(app.window)
        assert history_codes(app) == []
        assert app.window.clock.text() == "Sabtu, 28 November 2026 09:00"
    finally:
        app.stop()
