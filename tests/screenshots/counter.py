"""The counter screens: log-in (and a lock-out), the counter choice, the work page idle,
called, serving, refused and with the store down, the transfer picker, mini mode, and the
supervisor view."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from counter.app import CounterApp
from counter.app import build as build_counter
from shared import rules
from shared.dto import TicketView
from shared.store import Store
from shared.ui import translation
from tests.screenshots.common import (
    COUNTER,
    COUNTER_SIZES,
    LANDSCAPE,
    NOW,
    Feeds,
    FixedClock,
    OutageStore,
    Shots,
    store_goes_down,
)

PASSWORD = "demo1234"  # the demo site's users


def save(shots: Shots, widget: QWidget, screen: str) -> None:
    """A window at the size it chose itself (mini mode, a dialog)."""
    shots.pump(60)
    path = shots.out / f"counter-{screen}-{widget.width()}x{widget.height()}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    shots.written.append(path)


def log_in(shots: Shots, app: CounterApp, username: str, password: str) -> None:
    w = app.window
    w.username.setText(username)
    w.password.setText(password)
    w.login_button.click()
    shots.wait(lambda: not app.login.busy, f"the log-in of {username}")


def shoot(shots: Shots, store: Store) -> None:
    feeds = Feeds(store)
    outage = OutageStore.over(store)
    counter = build_counter(outage, clock=FixedClock(NOW), feed_factory=feeds)
    w, c = counter.window, counter.controller

    def settled(held: Callable[[TicketView | None], bool]) -> Callable[[], bool]:
        """The action is done, the held ticket is as expected, the waiting list caught up."""

        def ready() -> bool:
            if c.busy or not held(c.ticket):
                return False
            with store.reading() as s:
                waiting = rules.waiting_list(s, COUNTER, now=NOW)
            return [t.code for t in w.model.tickets] == [t.code for t in waiting]

        return ready

    try:
        w.resize(*LANDSCAPE)
        w.show()
        counter.start()
        shots.grab(w, "counter", "login", COUNTER_SIZES)
        for _ in range(5):  # a forgotten password: the account locks for five minutes
            log_in(shots, counter, "agus", "lupa-sandi")
        shots.grab(w, "counter", "login-locked", COUNTER_SIZES)

        log_in(shots, counter, "rina", PASSWORD)
        shots.wait(lambda: w.pages.currentWidget() is w.picker_page, "the counter choice")
        shots.grab(w, "counter", "choose", COUNTER_SIZES)

        w.picker_buttons[COUNTER].click()
        shots.wait(lambda: w.counter_name.text() == "Loket 1" and bool(feeds.watchers)
                   and settled(lambda t: t is None)(), "the open counter")
        shots.grab(w, "counter", "idle", COUNTER_SIZES)

        w.buttons["next"].click()
        shots.wait(settled(lambda t: t is not None and t.status == "called"), "a called ticket")
        w.buttons["recall"].click()
        shots.wait(settled(lambda t: t is not None and t.call_count == 2), "a recall")
        shots.grab(w, "counter", "called", COUNTER_SIZES)

        w.enter_mini_mode()
        shots.wait(lambda: w.mini.isVisible(), "mini mode")
        save(shots, w.mini, "mini")
        w.leave_mini_mode()

        w.buttons["start"].click()
        shots.wait(settled(lambda t: t is not None and t.status == "serving"), "serving")
        shots.grab(w, "counter", "serving", COUNTER_SIZES)

        w.resize(*LANDSCAPE)
        w.buttons["transfer"].click()
        shots.wait(lambda: w.picker.isVisible(), "the transfer picker")
        w.picker.search.setText("akta")
        save(shots, w.picker, "transfer")
        w.picker.reject()

        c.recall()  # an F2 press the rules refuse: the visitor is already being served
        shots.wait(lambda: w.status.property("kind") == "refusal" and not c.busy, "the refusal")
        shots.grab(w, "counter", "refusal", COUNTER_SIZES)

        store_goes_down(shots, outage, feeds, counter.worker)
        shots.wait(lambda: w.banner.isVisibleTo(w), "the store-down banner")
        shots.grab(w, "counter", "store-down", COUNTER_SIZES)
    finally:
        counter.stop()
        w.close()
    outage.down = False
    shoot_supervisor(shots, store)
    shoot_english(shots, store)


def shoot_english(shots: Shots, store: Store) -> None:
    """The clerk's screen of a station set to English (``--lang en``): Rina is back at her
    counter, still serving the ticket she had."""
    translation.install("counter", "en")
    feeds = Feeds(store)
    app = build_counter(store, clock=FixedClock(NOW), feed_factory=feeds)
    w = app.window
    try:
        w.resize(*LANDSCAPE)
        w.show()
        app.start()
        shots.grab(w, "counter", "login-english", COUNTER_SIZES)
        log_in(shots, app, "rina", PASSWORD)
        shots.wait(lambda: w.pages.currentWidget() is w.picker_page, "the counter choice")
        w.picker_buttons[COUNTER].click()
        shots.wait(lambda: w.counter_name.text() == "Loket 1" and bool(feeds.watchers)
                   and not app.controller.busy and bool(w.model.tickets), "the open counter")
        shots.grab(w, "counter", "serving-english", COUNTER_SIZES)
    finally:
        app.stop()
        w.close()
        translation.install("counter", "id")


def shoot_supervisor(shots: Shots, store: Store) -> None:
    feeds = Feeds(store)
    app = build_counter(store, clock=FixedClock(NOW), feed_factory=feeds)
    w = app.window
    try:
        w.resize(*LANDSCAPE)
        w.show()
        app.start()
        log_in(shots, app, "supervisor", PASSWORD)
        shots.wait(lambda: w.supervisor_button.isVisibleTo(w), "the supervisor's choice")
        shots.grab(w, "counter", "choose-supervisor", COUNTER_SIZES)  # all 30 counters
        w.supervisor_button.click()
        shots.wait(lambda: w.supervisor.counters.rowCount() > 0 and bool(feeds.watchers),
                   "the supervisor view")
        w.supervisor.select_counter(COUNTER)
        shots.grab(w, "counter", "supervisor", COUNTER_SIZES)
    finally:
        app.stop()
        w.close()
