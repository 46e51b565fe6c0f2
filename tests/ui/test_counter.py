"""The counter app, driven by its buttons and F-keys, against a real store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter.app import CounterApp, build
from counter.session import Clerk
from shared import auth, rules
from shared.models import Counter, Event
from shared.store import Store
from tests.conftest import T0
from tests.support import GatedStore, SteppingClock, issue

PASSWORD = "rahasia123"


def add_clerk(store: Store, username: str = "rina", *, role: str = "clerk",
              agency: str | None = "DUKCAPIL") -> Clerk:
    with store.transaction() as s:
        user = auth.add_user(s, username, PASSWORD, role=role, full_name=username.capitalize(),
                             agency=agency, now=T0)
        return Clerk(user.id, user.username, user.full_name, user.role)


@pytest.fixture
def rina(store: Store) -> Clerk:
    return add_clerk(store)


def start_counter(qtbot: QtBot, app: CounterApp) -> CounterApp:
    qtbot.addWidget(app.window)
    app.window.resize(1366, 768)
    app.window.show()
    app.start()
    qtbot.waitUntil(lambda: app.window.counter_name.text() == "Loket 1")
    qtbot.waitUntil(lambda: not app.controller.busy)
    return app


@pytest.fixture
def counter(qtbot: QtBot, store: Store, clock: SteppingClock, rina: Clerk) -> Iterator[CounterApp]:
    app = start_counter(qtbot, build(store, "L1", clock=clock, clerk=rina))
    yield app
    app.stop()


def waiting_codes(app: CounterApp) -> list[str]:
    return [t.code for t in app.window.model.tickets]


def test_starting_the_app_opens_the_counter(counter: CounterApp, store: Store) -> None:
    with store.reading() as s:
        state = s.scalar(select(Counter.state).where(Counter.code == "L1"))
    assert state == "open"
    assert counter.window.code.text() == "—"
    assert counter.window.buttons["next"].isEnabled()
    assert not counter.window.buttons["finish"].isEnabled()


def test_next_shows_the_called_ticket_and_the_waiting_list_follows_other_issuers(
    qtbot: QtBot, store: Store, clock: SteppingClock, rina: Clerk
) -> None:
    issue(store, "KTP", clock)
    issue(store, "KK", clock)
    issue(store, "SKCK", clock)  # not a service of Loket 1
    app = start_counter(qtbot, build(store, "L1", clock=clock, clerk=rina))
    try:
        assert waiting_codes(app) == ["A001", "B001"]

        qtbot.mouseClick(app.window.buttons["next"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: app.window.code.text() == "A001")
        assert app.window.status_text.text() == "Dipanggil"
        assert "Memanggil A001" in app.window.status.text()
        qtbot.waitUntil(lambda: waiting_codes(app) == ["B001"])

        issue(store, "KTP", clock)  # a kiosk elsewhere, in its own transaction
        qtbot.waitUntil(lambda: waiting_codes(app) == ["B001", "A002"])
        assert app.window.waiting_title.text() == "Menunggu: 2 · ★ prioritas 0"
    finally:
        app.stop()


def test_the_list_runs_in_calling_order_marks_the_next_row_and_counts_priority(
    qtbot: QtBot, store: Store, clock: SteppingClock, rina: Clerk
) -> None:
    for _ in range(3):
        issue(store, "KTP", clock)
    issue(store, "KTP", clock, priority="lansia")  # issued last, but a fresh counter owes priority
    app = start_counter(qtbot, build(store, "L1", clock=clock, clerk=rina))
    w = app.window
    try:
        qtbot.waitUntil(lambda: waiting_codes(app) == ["A004", "A001", "A002", "A003"])
        model = w.model
        assert model.data(model.index(0, 0)) == "▶ A004"
        assert model.data(model.index(1, 0)) == "A001"
        assert model.data(model.index(0, 2)) == "★ Lansia"  # the site's name, not the code
        assert w.waiting_title.text() == "Menunggu: 4 · ★ prioritas 1"
        qtbot.mouseClick(w.buttons["next"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.code.text() == "A004" and not app.controller.busy)
        qtbot.waitUntil(lambda: waiting_codes(app) == ["A001", "A002", "A003"])
        assert model.data(model.index(0, 0)) == "▶ A001"
        qtbot.waitUntil(lambda: w.mini.waiting.text() == "Menunggu: 3")

        # "next" over a ticket called but never started: a no-show, never "served"
        qtbot.wait(400)  # past the same-key debounce
        qtbot.mouseClick(w.buttons["next"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.code.text() == "A001" and not app.controller.busy)
        assert "A004 dicatat tidak hadir" in w.status.text()
        qtbot.waitUntil(lambda: "dilayani 0 · tidak hadir 1" in w.day_counts.text())
    finally:
        app.stop()


def assert_only_a001_was_called(qtbot: QtBot, app: CounterApp, store: Store) -> None:
    qtbot.waitUntil(lambda: app.window.code.text() == "A001")
    app.worker.wait()
    qtbot.wait(100)  # any (wrongly) started second call would have landed by now
    qtbot.waitUntil(lambda: waiting_codes(app) == ["A002"])
    assert app.window.code.text() == "A001"
    with store.reading() as s:
        held = rules.counter_ticket(s, "L1")
    assert held is not None
    assert held.code == "A001"


@pytest.fixture
def gated(
    qtbot: QtBot, store: Store, clock: SteppingClock, rina: Clerk
) -> Iterator[tuple[CounterApp, GatedStore]]:
    issue(store, "KTP", clock)
    issue(store, "KTP", clock)
    gated = GatedStore(store)
    app = start_counter(qtbot, build(gated, "L1", clock=clock, clerk=rina))  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: len(waiting_codes(app)) == 2)
    gated.gate.clear()  # from now on, "next" stays in flight until the test says so
    yield app, gated
    gated.gate.set()
    app.stop()


def test_a_double_click_on_next_calls_one_ticket(
    qtbot: QtBot, gated: tuple[CounterApp, GatedStore], store: Store
) -> None:
    app, gate = gated
    next_button = app.window.buttons["next"]
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert app.controller.busy
    assert not next_button.isEnabled()  # locked at once, before the store has answered
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    app.controller.call_next()  # a stray intent during the first call is dropped too
    gate.gate.set()
    assert_only_a001_was_called(qtbot, app, store)


def test_f1_pressed_again_while_calling_calls_one_ticket(
    qtbot: QtBot, gated: tuple[CounterApp, GatedStore], store: Store
) -> None:
    app, gate = gated
    qtbot.keyClick(app.window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: app.controller.busy)
    qtbot.keyClick(app.window, Qt.Key.Key_F1)
    qtbot.wait(250)  # a shortcut "clicks" its button after a short animation
    gate.gate.set()
    assert_only_a001_was_called(qtbot, app, store)


def test_a_full_visit_with_the_function_keys(
    qtbot: QtBot, counter: CounterApp, store: Store, clock: SteppingClock
) -> None:
    issue(store, "KTP", clock)
    qtbot.waitUntil(lambda: waiting_codes(counter) == ["A001"])
    w = counter.window

    qtbot.keyClick(w, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: w.code.text() == "A001" and w.buttons["recall"].isEnabled())
    qtbot.keyClick(w, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: w.status_text.text() == "Dipanggil · panggilan ke-2")
    qtbot.waitUntil(lambda: w.buttons["start"].isEnabled())
    qtbot.keyClick(w, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: w.status_text.text() == "Sedang dilayani")
    assert not w.buttons["no_show"].isEnabled()
    qtbot.waitUntil(lambda: w.buttons["finish"].isEnabled())
    qtbot.keyClick(w, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: w.code.text() == "—")
    assert w.status.text() == "A001 selesai dilayani."
    with store.reading() as s:  # every step is recorded with the clerk who took it
        steps = s.execute(select(Event.kind, Event.user_id).where(Event.ticket_id.is_not(None),
                                                                  Event.kind != "ticket_issued")
                          .order_by(Event.id)).all()
    clerk = counter.controller.clerk
    assert clerk is not None
    assert [tuple(r) for r in steps] == [(k, clerk.user_id) for k in (
        "ticket_called", "ticket_recalled", "ticket_serving", "ticket_finished")]


def test_a_refusal_is_shown_calmly_in_the_status_line(qtbot: QtBot, counter: CounterApp) -> None:
    counter.controller.finish()  # nothing is held: the rules refuse
    qtbot.waitUntil(lambda: counter.window.status.property("kind") == "refusal")
    assert counter.window.status.text() == "Loket 1 tidak sedang memanggil tiket."
    assert counter.window.code.text() == "—"


def test_a_restarted_app_resumes_the_ticket_its_counter_holds(
    qtbot: QtBot, store: Store, clock: SteppingClock, rina: Clerk
) -> None:
    with store.transaction() as s:
        rules.roll_over(s, now=clock())  # today is already under way (as after 'antre site load')
    issue(store, "KTP", clock)
    with store.transaction() as s:
        rules.open_counter(s, "L1", now=clock())
        rules.call_next(s, "L1", now=clock())
    app = start_counter(qtbot, build(store, "L1", clock=clock, clerk=rina))
    try:
        assert app.window.code.text() == "A001"
        assert app.window.buttons["recall"].isEnabled()
        assert "Melanjutkan tiket A001" in app.window.status.text()
    finally:
        app.stop()
