"""A clerk's day at the counter app, against a real store: log-in and lock-out, every
action by its keys, transfer, calling a typed or scanned ticket, re-queue, pause, log-out,
the live list when another process issues, two counters racing, and the supervisor view."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter import controller as controller_module
from counter.app import CounterApp, build, printer_reprint
from counter.session import Clerk
from shared import rules
from shared.models import Counter, Event, Service, Ticket
from shared.printing.settings import PrinterSettings
from shared.store import Store
from tests.support import GatedStore, SteppingClock, issue
from tests.ui.test_counter import PASSWORD, add_clerk, start_counter, waiting_codes

KEYPAD = Qt.KeyboardModifier.KeypadModifier


def status_of(store: Store, code: str) -> tuple[str, str]:
    """(status, service code) of today's ticket ``code``."""
    with store.reading() as s:
        row = s.execute(select(Ticket.status, Service.code).join(Service, Ticket.service_id == Service.id)
                        .where(Ticket.code == code)).one()
    return row[0], row[1]


def counter_row(store: Store, code: str = "L1") -> tuple[str, int | None]:
    with store.reading() as s:
        c = s.scalars(select(Counter).where(Counter.code == code)).one()
        return c.state, c.user_id


def log_in(qtbot: QtBot, app: CounterApp, username: str, password: str) -> None:
    w = app.window
    w.username.setText("")
    qtbot.keyClicks(w.username, username)
    w.password.setText("")
    qtbot.keyClicks(w.password, password)
    qtbot.keyClick(w.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not app.login.busy)


@pytest.fixture
def fresh(qtbot: QtBot, store: Store, clock: SteppingClock) -> Iterator[CounterApp]:
    """The app as it starts on a clerk's PC: the log-in page, no counter fixed."""
    app = build(store, clock=clock)
    qtbot.addWidget(app.window)
    app.window.resize(1366, 768)
    app.window.show()
    app.start()
    yield app
    app.stop()


# --- log-in -----------------------------------------------------------------------------

def test_a_clerk_logs_in_chooses_a_counter_and_the_counter_opens_in_their_name(
    qtbot: QtBot, fresh: CounterApp, store: Store
) -> None:
    rina = add_clerk(store)
    add_clerk(store, "bayu", agency="POLRES")
    w = fresh.window
    assert w.pages.currentWidget() is w.login_page

    log_in(qtbot, fresh, "rina", "salah-sandi")
    assert w.login_message.text() == "Nama pengguna atau kata sandi salah."
    assert w.pages.currentWidget() is w.login_page

    log_in(qtbot, fresh, "rina", PASSWORD)
    qtbot.waitUntil(lambda: w.pages.currentWidget() is w.picker_page)
    assert sorted(w.picker_buttons) == ["L1", "L2", "L3"]  # Polres' counter is not hers
    assert not w.supervisor_button.isVisibleTo(w)
    qtbot.mouseClick(w.picker_buttons["L2"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.counter_name.text() == "Loket 2" and not fresh.controller.busy)
    assert "Petugas: Rina" in w.counter_info.text()
    assert "Dukcapil" in w.counter_info.text()  # the agency's short name, not its code
    assert counter_row(store, "L2") == ("open", rina.user_id)


def test_a_clerk_with_one_counter_goes_straight_to_it(
    qtbot: QtBot, fresh: CounterApp, store: Store
) -> None:
    add_clerk(store, "bayu", agency="POLRES")
    log_in(qtbot, fresh, "bayu", PASSWORD)
    qtbot.waitUntil(lambda: fresh.window.counter_name.text() == "Loket 4" and not fresh.controller.busy)
    assert "Lantai 2" in fresh.window.counter_info.text()
    assert counter_row(store, "P1")[0] == "open"


def test_five_wrong_passwords_lock_the_account_for_five_minutes(
    qtbot: QtBot, fresh: CounterApp, store: Store, clock: SteppingClock
) -> None:
    add_clerk(store)
    for _ in range(4):
        log_in(qtbot, fresh, "rina", "salah-sandi")
    log_in(qtbot, fresh, "rina", "salah-sandi")
    assert fresh.window.login_message.text() == "Terlalu banyak percobaan. Akun dikunci selama 5 menit."
    log_in(qtbot, fresh, "rina", PASSWORD)  # the right password, but too soon
    assert fresh.window.login_message.text().startswith("Akun terkunci")
    assert fresh.window.pages.currentWidget() is fresh.window.login_page
    clock.now += dt.timedelta(minutes=6)
    log_in(qtbot, fresh, "rina", PASSWORD)
    qtbot.waitUntil(lambda: fresh.window.pages.currentWidget() is fresh.window.picker_page)


def test_a_counter_fixed_by_config_opens_right_after_log_in_but_not_for_another_agency(
    qtbot: QtBot, store: Store, clock: SteppingClock
) -> None:
    add_clerk(store)
    add_clerk(store, "bayu", agency="POLRES")
    app = build(store, "L1", clock=clock)
    qtbot.addWidget(app.window)
    app.window.show()
    app.start()
    try:
        log_in(qtbot, app, "bayu", PASSWORD)
        qtbot.waitUntil(lambda: app.window.pages.currentWidget() is app.window.login_page
                        and "tidak terdaftar untuk Loket 1" in app.window.login_message.text())
        assert counter_row(store)[0] == "closed"
        log_in(qtbot, app, "rina", PASSWORD)
        qtbot.waitUntil(lambda: app.window.counter_name.text() == "Loket 1" and not app.controller.busy)
        assert counter_row(store)[0] == "open"
    finally:
        app.stop()


def test_a_counter_left_open_by_another_clerk_is_taken_over_with_a_note(
    qtbot: QtBot, fresh: CounterApp, store: Store, clock: SteppingClock
) -> None:
    rina = add_clerk(store)
    dewi = add_clerk(store, "dewi")
    with store.transaction() as s:  # rina's PC died with the counter open
        rules.open_counter(s, "L1", now=clock(), user_id=rina.user_id)
    w = fresh.window
    log_in(qtbot, fresh, "dewi", PASSWORD)
    qtbot.waitUntil(lambda: w.pages.currentWidget() is w.picker_page)
    assert w.picker_buttons["L1"].text() == "Loket 1\nDukcapil\nbuka: rina"  # the choice says so first
    assert w.picker_buttons["L2"].text() == "Loket 2\nDukcapil\ntutup"
    qtbot.mouseClick(w.picker_buttons["L1"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "atas nama rina; sekarang atas nama Anda" in w.status.text())
    assert counter_row(store) == ("open", dewi.user_id)


def test_leaving_the_counter_choice_records_the_log_out(
    qtbot: QtBot, fresh: CounterApp, store: Store
) -> None:
    rina = add_clerk(store)
    w = fresh.window
    log_in(qtbot, fresh, "rina", PASSWORD)
    qtbot.waitUntil(lambda: w.pages.currentWidget() is w.picker_page)
    qtbot.mouseClick(w.picker_logout, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.pages.currentWidget() is w.login_page)
    fresh.worker.wait()
    with store.reading() as s:
        out = s.scalars(select(Event).where(Event.kind == "user_logged_out")).one()
    assert out.user_id == rina.user_id


# --- the clerk's keys -------------------------------------------------------------------

@pytest.fixture
def rina(store: Store) -> Clerk:
    return add_clerk(store)


@pytest.fixture
def at_l1(qtbot: QtBot, store: Store, clock: SteppingClock, rina: Clerk) -> Iterator[CounterApp]:
    app = start_counter(qtbot, build(store, "L1", clock=clock, clerk=rina))
    yield app
    app.stop()


def settle(qtbot: QtBot, app: CounterApp) -> None:
    qtbot.waitUntil(lambda: not app.controller.busy)
    app.worker.wait()
    qtbot.wait(20)


def test_the_numpad_digits_run_the_actions_while_the_call_field_is_empty(
    qtbot: QtBot, at_l1: CounterApp, store: Store, clock: SteppingClock
) -> None:
    for _ in range(2):
        issue(store, "KTP", clock)
    w = at_l1.window
    qtbot.waitUntil(lambda: waiting_codes(at_l1) == ["A001", "A002"])
    field = w.call_field
    assert field.hasFocus()
    qtbot.keyClick(field, Qt.Key.Key_1, KEYPAD)
    qtbot.waitUntil(lambda: w.code.text() == "A001" and w.buttons["recall"].isEnabled())
    qtbot.keyClick(field, Qt.Key.Key_2, KEYPAD)
    qtbot.waitUntil(lambda: w.status_text.text() == "Dipanggil · panggilan ke-2")
    qtbot.waitUntil(lambda: w.buttons["start"].isEnabled())
    qtbot.keyClick(field, Qt.Key.Key_3, KEYPAD)
    qtbot.waitUntil(lambda: w.status_text.text() == "Sedang dilayani" and w.buttons["finish"].isEnabled())
    qtbot.keyClick(field, Qt.Key.Key_4, KEYPAD)
    qtbot.waitUntil(lambda: w.code.text() == "—" and w.buttons["next"].isEnabled())
    qtbot.wait(400)  # past the same-key debounce
    qtbot.keyClick(field, Qt.Key.Key_1, KEYPAD)
    qtbot.waitUntil(lambda: w.code.text() == "A002" and w.buttons["no_show"].isEnabled())
    qtbot.keyClick(field, Qt.Key.Key_5, KEYPAD)
    qtbot.waitUntil(lambda: w.code.text() == "—")
    assert field.text() == ""  # the digits ran actions; none was typed
    assert status_of(store, "A001")[0] == "done"
    assert status_of(store, "A002")[0] == "no_show"
    qtbot.waitUntil(lambda: "dilayani 1 · tidak hadir 1 · menunggu 0" in w.day_counts.text())


def test_a_typed_digit_after_a_letter_goes_into_the_field(qtbot: QtBot, at_l1: CounterApp) -> None:
    field = at_l1.window.call_field
    qtbot.keyClicks(field, "A")
    qtbot.keyClick(field, Qt.Key.Key_1, KEYPAD)
    assert field.text() == "A1"
    assert not at_l1.controller.busy


def test_transfer_picks_a_service_by_searching_and_the_ticket_waits_there(
    qtbot: QtBot, at_l1: CounterApp, store: Store, clock: SteppingClock
) -> None:
    issue(store, "KTP", clock)
    w = at_l1.window
    qtbot.waitUntil(lambda: waiting_codes(at_l1) == ["A001"])
    qtbot.keyClick(w, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: w.code.text() == "A001" and w.buttons["transfer"].isEnabled())
    qtbot.keyClick(w, Qt.Key.Key_F6)
    qtbot.waitUntil(w.picker.isVisible)
    assert "KTP" not in w.picker.visible_codes()  # not to where it already is
    qtbot.keyClicks(w.picker.search, "skc")
    assert w.picker.visible_codes() == ["SKCK"]
    qtbot.keyClicks(w.picker.search, "x")
    assert w.picker.visible_codes() == []
    qtbot.keyClick(w.picker.search, Qt.Key.Key_Backspace)
    w.picker.search.setText("kartu")
    qtbot.keyClick(w.picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.code.text() == "—" and not at_l1.controller.busy)
    assert not w.picker.isVisible()
    assert status_of(store, "A001") == ("waiting", "KK")
    assert "A001 dialihkan ke Kartu Keluarga" in w.status.text()
    qtbot.waitUntil(lambda: waiting_codes(at_l1) == ["A001"])  # L1 serves KK too


def test_call_a_ticket_by_typed_code_or_by_the_scanned_receipt_qr(
    qtbot: QtBot, at_l1: CounterApp, store: Store, clock: SteppingClock
) -> None:
    issue(store, "KTP", clock)
    issue(store, "KTP", clock)
    third = issue(store, "KK", clock).ticket
    w = at_l1.window
    qtbot.waitUntil(lambda: len(waiting_codes(at_l1)) == 3)

    qtbot.keyClicks(w.call_field, "a-2")
    qtbot.keyClick(w.call_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.code.text() == "A002" and not at_l1.controller.busy)
    assert w.call_field.text() == ""

    # a keyboard-wedge scanner types the QR string and Enter into the focused field
    qtbot.keyClicks(w.call_field, third.qr_payload)
    qtbot.keyClick(w.call_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.code.text() == "B001" and not at_l1.controller.busy)
    assert status_of(store, "A002")[0] == "no_show"  # called, never started: the documented "next" rule

    forged = third.qr_payload.rsplit("|", 1)[0] + "|XXXXXXXX"
    qtbot.keyClicks(w.call_field, forged)
    qtbot.keyClick(w.call_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.status.property("kind") == "refusal")
    assert w.status.text() == "QR tiket B001 tidak sah."
    assert w.code.text() == "B001"

    qtbot.keyClicks(w.call_field, "apa ini")
    qtbot.wait(400)
    qtbot.keyClick(w.call_field, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: "bukan nomor antrean" in w.status.text())


def test_a_no_show_who_came_back_is_queued_again_with_f8(
    qtbot: QtBot, at_l1: CounterApp, store: Store, clock: SteppingClock
) -> None:
    issue(store, "KTP", clock)
    w = at_l1.window
    qtbot.waitUntil(lambda: waiting_codes(at_l1) == ["A001"])
    qtbot.keyClick(w, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: w.buttons["no_show"].isEnabled())
    qtbot.keyClick(w, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: w.code.text() == "—" and not at_l1.controller.busy)
    assert status_of(store, "A001")[0] == "no_show"
    qtbot.waitUntil(lambda: waiting_codes(at_l1) == [])
    qtbot.keyClicks(w.call_field, "A001")
    qtbot.keyClick(w, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: w.status.text() == "A001 masuk antrean lagi.")
    qtbot.waitUntil(lambda: waiting_codes(at_l1) == ["A001"])
    assert status_of(store, "A001")[0] == "waiting"
    assert w.code.text() == "—"  # re-queued, not called


def test_pause_with_a_reason_or_close_holds_the_actions_until_the_clerk_resumes(
    qtbot: QtBot, at_l1: CounterApp, store: Store, clock: SteppingClock, rina: Clerk
) -> None:
    w = at_l1.window
    at_l1.controller.pause("sholat")
    qtbot.waitUntil(lambda: w.state_badge.text() == "Jeda: sholat")
    assert not w.buttons["next"].isEnabled()
    assert w.resume_button.isVisibleTo(w)
    with store.reading() as s:
        paused = s.scalars(select(Event).where(Event.kind == "counter_paused")).one()
    assert (paused.user_id, paused.data["reason"]) == (rina.user_id, "sholat")
    qtbot.mouseClick(w.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.state_badge.text() == "Buka" and w.buttons["next"].isEnabled())

    w.close_requested.emit()  # "Tutup loket (tetap masuk)" in the same menu
    qtbot.waitUntil(lambda: w.state_badge.text() == "Tutup")
    assert counter_row(store) == ("closed", None)
    assert w.pages.currentWidget() is w.work_page  # still logged in
    assert w.resume_button.text() == "Buka loket"
    qtbot.mouseClick(w.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.state_badge.text() == "Buka" and w.buttons["next"].isEnabled())
    assert counter_row(store) == ("open", rina.user_id)


def test_log_out_is_refused_while_holding_a_ticket_then_closes_the_counter(
    qtbot: QtBot, at_l1: CounterApp, store: Store, clock: SteppingClock, rina: Clerk
) -> None:
    issue(store, "KTP", clock)
    w = at_l1.window
    qtbot.waitUntil(lambda: waiting_codes(at_l1) == ["A001"])
    qtbot.keyClick(w, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: w.code.text() == "A001" and w.logout_button.isEnabled())
    qtbot.mouseClick(w.logout_button, Qt.MouseButton.LeftButton)
    assert "sebelum keluar" in w.status.text()
    assert counter_row(store) == ("open", rina.user_id)
    qtbot.keyClick(w, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: w.code.text() == "—" and w.logout_button.isEnabled())
    qtbot.mouseClick(w.logout_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.pages.currentWidget() is w.login_page)
    assert w.status.text() == ""  # "A001 selesai dilayani." was Rina's, not the next clerk's
    assert counter_row(store) == ("closed", None)
    with store.reading() as s:
        out = s.scalars(select(Event).where(Event.kind == "user_logged_out")).one()
    assert out.user_id == rina.user_id


def test_closing_the_app_closes_a_counter_that_holds_nothing(
    qtbot: QtBot, store: Store, clock: SteppingClock, rina: Clerk
) -> None:
    app = start_counter(qtbot, build(store, "L1", clock=clock, clerk=rina))
    assert counter_row(store)[0] == "open"
    app.stop()
    assert counter_row(store)[0] == "closed"


def test_closing_the_app_while_holding_a_ticket_keeps_it_for_the_next_start(
    qtbot: QtBot, store: Store, clock: SteppingClock, rina: Clerk
) -> None:
    issue(store, "KTP", clock)
    app = start_counter(qtbot, build(store, "L1", clock=clock, clerk=rina))
    qtbot.waitUntil(lambda: waiting_codes(app) == ["A001"])
    qtbot.mouseClick(app.window.buttons["next"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.window.code.text() == "A001" and not app.controller.busy)
    app.stop()
    assert counter_row(store) == ("open", rina.user_id)
    again = start_counter(qtbot, build(store, "L1", clock=clock, clerk=rina))
    try:
        assert again.window.code.text() == "A001"
    finally:
        again.stop()


def test_mini_mode_keeps_the_code_and_the_main_keys_on_top(
    qtbot: QtBot, at_l1: CounterApp, store: Store, clock: SteppingClock
) -> None:
    issue(store, "KTP", clock)
    w = at_l1.window
    qtbot.waitUntil(lambda: waiting_codes(at_l1) == ["A001"])
    qtbot.keyClick(w, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: w.mini.isVisible() and not w.isVisible())
    assert w.mini.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    qtbot.mouseClick(w.mini.buttons["next"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.mini.code.text() == "A001")
    qtbot.waitUntil(lambda: w.mini.buttons["start"].isEnabled())
    qtbot.keyClick(w.mini, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: w.mini.status_text.text() == "Sedang dilayani")
    qtbot.keyClick(w.mini, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: w.isVisible() and not w.mini.isVisible())
    assert w.code.text() == "A001"


# --- the store, and other processes -----------------------------------------------------

ISSUE_ELSEWHERE = """
import sys, datetime as dt
from shared import rules
from shared.store import Store
store = Store.open(sys.argv[1], trust_station_clock=True)
with store.transaction() as s:
    print(rules.issue(s, sys.argv[2], now=dt.datetime.fromisoformat(sys.argv[3])).ticket.code)
store.dispose()
"""


def test_the_waiting_list_follows_a_ticket_issued_by_another_process(
    qtbot: QtBot, at_l1: CounterApp, store: Store, clock: SteppingClock
) -> None:
    done = subprocess.run([sys.executable, "-c", ISSUE_ELSEWHERE, store.url, "KK", clock().isoformat()],
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "B001"
    qtbot.waitUntil(lambda: waiting_codes(at_l1) == ["B001"], timeout=3000)
    assert at_l1.window.waiting_title.text() == "Menunggu: 1 · ★ prioritas 0"


def test_two_counters_racing_next_never_hold_the_same_ticket(
    qtbot: QtBot, store: Store, clock: SteppingClock, rina: Clerk
) -> None:
    dewi = add_clerk(store, "dewi")
    for _ in range(12):
        issue(store, "KTP", clock)
    one = start_counter(qtbot, build(store, "L1", clock=clock, clerk=rina))
    two = build(store, "L2", clock=clock, clerk=dewi)
    qtbot.addWidget(two.window)
    two.window.show()
    two.start()
    held: dict[str, list[str]] = {"L1": [], "L2": []}
    one.controller.ticket_changed.connect(lambda t: t and held["L1"].append(t.code))
    two.controller.ticket_changed.connect(lambda t: t and held["L2"].append(t.code))
    try:
        qtbot.waitUntil(lambda: two.window.counter_name.text() == "Loket 2" and not two.controller.busy)
        for _ in range(7):
            # both clerks press at once (a mouse click: only the active window gets F-keys)
            qtbot.mouseClick(one.window.buttons["next"], Qt.MouseButton.LeftButton)
            qtbot.mouseClick(two.window.buttons["next"], Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: not one.controller.busy and not two.controller.busy)
            qtbot.wait(380)  # past the same-key debounce
        settle(qtbot, one)
        settle(qtbot, two)
    finally:
        one.stop()
        two.stop()
    assert held["L1"]
    assert held["L2"]
    assert not set(held["L1"]) & set(held["L2"])
    with store.reading() as s:
        called = s.scalars(select(Event.ticket_id).where(Event.kind == "ticket_called")).all()
    assert len(called) == len(set(called)) == 12


# --- the supervisor ---------------------------------------------------------------------

def test_a_supervisor_sees_every_counter_and_closes_one_remotely(
    qtbot: QtBot, fresh: CounterApp, at_l1: CounterApp, store: Store, clock: SteppingClock
) -> None:
    add_clerk(store, "dwi", role="supervisor", agency=None)
    issue(store, "KTP", clock)
    issue(store, "SKCK", clock)  # Polres has no counter open
    w = fresh.window
    log_in(qtbot, fresh, "dwi", PASSWORD)
    qtbot.waitUntil(lambda: w.supervisor_button.isVisibleTo(w))
    qtbot.mouseClick(w.supervisor_button, Qt.MouseButton.LeftButton)
    page = w.supervisor
    qtbot.waitUntil(lambda: page.counters.rowCount() == 4)
    assert page.counters.item(0, 2).text() == "Buka"
    assert page.counters.item(0, 4).text() == "rina"
    services = {page.services.item(r, 0).text(): r for r in range(page.services.rowCount())}
    assert services["SKCK"] == 0  # what needs the supervisor comes first, marked
    assert page.services.item(0, 5).text() == "⚠ Tidak ada loket buka"
    assert page.services.item(services["KTP-el"], 2).text() == "1"  # one KTP ticket waits
    assert page.services.item(services["KTP-el"], 5).text() == ""
    assert "1 perlu perhatian" in page.services_title.text()

    clerk = at_l1.window.buttons
    qtbot.mouseClick(clerk["next"], Qt.MouseButton.LeftButton)  # the clerk calls; the view follows
    qtbot.waitUntil(lambda: page.counters.item(0, 3).text() == "A001 dipanggil", timeout=3000)

    qtbot.waitUntil(clerk["finish"].isEnabled)
    qtbot.mouseClick(clerk["finish"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: at_l1.window.code.text() == "—")
    page.select_counter("L1")
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.counters.item(0, 2).text() == "Tutup")
    # the clerk's window learns it from the feed: closed, actions held, a way to reopen
    qtbot.waitUntil(lambda: at_l1.window.state_badge.text() == "Tutup", timeout=3000)
    assert not at_l1.window.buttons["next"].isEnabled()
    assert at_l1.window.resume_button.text() == "Buka loket"
    page.select_counter("L1")
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: at_l1.window.state_badge.text() == "Buka", timeout=3000)


def test_a_supervisor_expires_a_ticket_and_requeues_a_no_show(
    qtbot: QtBot, fresh: CounterApp, store: Store, clock: SteppingClock
) -> None:
    add_clerk(store, "dwi", role="supervisor", agency=None)
    issue(store, "KTP", clock)
    issue(store, "KTP", clock)
    with store.transaction() as s:
        rules.open_counter(s, "L1", now=clock())
        rules.call_next(s, "L1", now=clock())
        rules.no_show(s, "L1", now=clock())
    w = fresh.window
    log_in(qtbot, fresh, "dwi", PASSWORD)
    qtbot.waitUntil(lambda: w.supervisor_button.isVisibleTo(w))
    qtbot.mouseClick(w.supervisor_button, Qt.MouseButton.LeftButton)
    page = w.supervisor
    qtbot.waitUntil(lambda: page.counters.rowCount() == 4)
    page.ref.setText("A002")
    qtbot.mouseClick(page.expire_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.status.text() == "Tiket A002: Kedaluwarsa.")
    page.ref.setText("A001")
    qtbot.mouseClick(page.requeue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.status.text() == "Tiket A001: Menunggu.")
    assert status_of(store, "A001")[0] == "waiting"
    assert status_of(store, "A002")[0] == "expired"
    page.ref.setText("A002")
    qtbot.mouseClick(page.expire_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.status.property("kind") == "refusal")
    assert w.status.text() == "Tiket A002 sudah kedaluwarsa."


def test_a_supervisor_reprints_a_receipt_and_a_dead_printer_is_one_calm_line(
    qtbot: QtBot, store: Store, clock: SteppingClock, tmp_path: Path
) -> None:
    add_clerk(store, "dwi", role="supervisor", agency=None)
    issue(store, "KTP", clock)
    paper = tmp_path / "printer.bin"
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead_port = closed.getsockname()[1]
    closed.close()  # nothing listens there any more
    printers = {"ok": PrinterSettings(connection="file", path=str(paper)),
                "dead": PrinterSettings(connection="network", host="127.0.0.1", port=dead_port, timeout=2)}
    use = ["ok"]

    def reprint(st: Store, ref: str, now: dt.datetime) -> str:
        return printer_reprint(printers[use[0]])(st, ref, now)

    app = build(store, clock=clock, reprint=reprint)
    qtbot.addWidget(app.window)
    app.window.show()
    app.start()
    w, page = app.window, app.window.supervisor
    try:
        log_in(qtbot, app, "dwi", PASSWORD)
        qtbot.waitUntil(lambda: w.supervisor_button.isVisibleTo(w))
        qtbot.mouseClick(w.supervisor_button, Qt.MouseButton.LeftButton)
        assert page.reprint_button.isVisibleTo(w)
        page.ref.setText("a1")
        qtbot.mouseClick(page.reprint_button, Qt.MouseButton.LeftButton)
        # A file printer cannot confirm: the clerk reads that the receipt was sent, not printed.
        qtbot.waitUntil(lambda: w.status.text().startswith("Struk A001 (cetak ulang) dikirim ke "),
                        timeout=10_000)
        data = paper.read_bytes()
        assert data.startswith(b"\x1b@")  # ESC @: a real ESC/POS job
        assert b"A001" in data
        assert b"CETAK ULANG" in data

        use[0] = "dead"
        qtbot.waitUntil(lambda: page.reprint_button.isEnabled())
        qtbot.mouseClick(page.reprint_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.status.property("kind") == "error", timeout=10_000)
        assert "\n" not in w.status.text()
        assert "Traceback" not in w.status.text()
        with store.reading() as s:
            kinds = [e.kind for e in s.scalars(select(Event).order_by(Event.id))]
        assert kinds.count("receipt_reprinted") == 1
        assert "printer_failed" in kinds
    finally:
        app.stop()


def test_an_action_the_store_does_not_answer_raises_the_banner_and_lands_when_it_does(
    qtbot: QtBot, store: Store, clock: SteppingClock, rina: Clerk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(controller_module, "SLOW_MS", 300)
    issue(store, "KTP", clock)
    gated = GatedStore(store)
    app = start_counter(qtbot, build(gated, "L1", clock=clock, clerk=rina))  # type: ignore[arg-type]
    w = app.window
    try:
        qtbot.waitUntil(lambda: waiting_codes(app) == ["A001"])
        gated.gate.clear()  # the store takes the statement and says nothing
        qtbot.mouseClick(w.buttons["next"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.banner.isVisibleTo(w))
        assert "belum menjawab" in w.status.text()
        assert not w.buttons["next"].isEnabled()
        gated.gate.set()
        qtbot.waitUntil(lambda: w.code.text() == "A001" and not w.banner.isVisibleTo(w))
        assert w.buttons["recall"].isEnabled()
    finally:
        gated.gate.set()
        app.stop()
