"""The counter window: the log-in page, the counter choice, the clerk's work page and the
supervisor page in one stack, with the store-down banner and the status line around them,
the keys, and the mini window.

The pages live in :mod:`counter.login_page`, :mod:`counter.pages` and
:mod:`counter.supervisor_page`; their building blocks in :mod:`counter.widgets`; the style
sheet in :mod:`counter.style`. Every button, F-key and numpad key only emits an intent for
the controllers. Designed for a clerk's 1366x768 screen or larger; sizes follow
:func:`shared.ui.scaling.fit`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from counter import actions
from counter.login_page import LoginPage
from counter.pages import PickerPage, WorkPage
from counter.reports_page import ReportsPage
from counter.session import Clerk
from counter.style import style_for
from counter.supervisor_page import SupervisorPage
from counter.widgets import MiniWindow, TransferPicker, named, numpad, repolish, shortcut
from shared import rules
from shared.auth import CounterChoice
from shared.dto import CounterView, TicketView
from shared.rules import CounterDay, ServiceChoice
from shared.ui.scaling import Fit, changed, fit
from shared.ui.translation import tr

KEY_DEBOUNCE_S = 0.35  # a second press of the same key this soon after is a bounce


class CounterWindow(QWidget):
    """The pages and their intents (signals):

    - log-in page: ``login_requested(username, password)``;
    - counter choice: ``counter_chosen(code)``, ``supervisor_requested()``;
    - work page: ``action_requested(key)``, ``call_requested(ref)``, ``requeue_requested(ref)``,
      ``transfer_requested(service)``, ``pause_requested(reason)``, ``resume_requested()``,
      ``close_requested()``, ``logout_requested()``.
    """

    login_requested = Signal(str, str)
    counter_chosen = Signal(str)
    supervisor_requested = Signal()
    supervisor_left = Signal()
    reports_shown = Signal()
    picker_left = Signal()
    action_requested = Signal(str)
    call_requested = Signal(str)
    requeue_requested = Signal(str)
    transfer_requested = Signal(str)
    pause_requested = Signal(str)
    resume_requested = Signal()
    close_requested = Signal()
    logout_requested = Signal()

    def __init__(self, clock: Callable[[], dt.datetime] = rules.utc_now,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counterWindow")
        self.setWindowTitle(tr("counter", "Antre — Loket"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._fit: Fit | None = None
        self._busy = True
        self._store_ok = True
        self._services: list[ServiceChoice] = []
        self._last_press: dict[str, float] = {}
        self._supervisor_back: QWidget | None = None

        self.banner = named(QLabel("Koneksi ke basis data terputus. Tindakan ditahan; mencoba "
                                   "menyambung kembali…"), "banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.clock_banner = named(QLabel(), "clockBanner")  # this PC's clock is off the server's
        self.clock_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clock_banner.setWordWrap(True)
        self.clock_banner.hide()

        self.pages = QStackedWidget()
        self.login_page = LoginPage()
        self.login_page.login_requested.connect(self.login_requested.emit)
        self.picker_page = PickerPage()
        self.picker_page.counter_chosen.connect(self.counter_chosen.emit)
        self.picker_page.supervisor_requested.connect(self.supervisor_requested.emit)
        self.picker_page.left.connect(self.picker_left.emit)
        self.work_page = work = WorkPage(clock)
        work.action_pressed.connect(self._on_button)
        work.numpad_pressed.connect(self._on_key)
        work.pause_requested.connect(self.pause_requested.emit)
        work.close_requested.connect(self.close_requested.emit)
        work.resume_requested.connect(self.resume_requested.emit)
        work.mini_requested.connect(self.enter_mini_mode)
        work.supervisor_requested.connect(self.supervisor_requested.emit)
        work.logout_requested.connect(self.logout_requested.emit)
        self.supervisor = SupervisorPage()
        self.supervisor.back_requested.connect(self._leave_supervisor)
        self.reports = ReportsPage()
        self.supervisor.reports_requested.connect(self.show_reports)
        self.reports.back_requested.connect(lambda: self.pages.setCurrentWidget(self.supervisor))
        for page in (self.login_page, self.picker_page, self.work_page, self.supervisor, self.reports):
            self.pages.addWidget(page)

        # The pages' controls a clerk works with, by name: the keys below use the action
        # buttons and the call field; tests, screenshots and benchmarks reach all of them here.
        login = self.login_page
        self.username, self.password = login.username, login.password
        self.login_button, self.login_message = login.login_button, login.login_message
        picker = self.picker_page
        self.picker_buttons, self.supervisor_button = picker.picker_buttons, picker.supervisor_button
        self.picker_logout = picker.picker_logout
        self.counter_name, self.counter_info = work.counter_name, work.counter_info
        self.state_badge, self.resume_button = work.state_badge, work.resume_button
        self.logout_button = work.logout_button
        self.code, self.status_text = work.code, work.status_text
        self.buttons, self.call_field = work.buttons, work.call_field
        self.waiting_title, self.day_counts = work.waiting_title, work.day_counts
        self.model, self.table = work.model, work.table

        self.status = named(QLabel(""), "status")
        self.status.setWordWrap(True)
        self.status.setProperty("kind", "info")

        root = QVBoxLayout(self)
        root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self.banner)
        root.addWidget(self.clock_banner)
        root.addWidget(self.pages, 1)
        root.addWidget(self.status)

        self.mini = MiniWindow()
        self.mini.action_requested.connect(self._on_button)
        self.mini.restore_requested.connect(self.leave_mini_mode)
        self.picker = TransferPicker(self)
        self.picker.chosen.connect(self.transfer_requested.emit)

        for a in actions.ACTIONS:
            shortcut(self, a.shortcut, partial(self._on_key, a.key))
            shortcut(self, numpad(a), partial(self._on_key, a.key))
        shortcut(self, actions.MINI_MODE_KEY, self._on_mini_key)

        self.show_ticket(None)
        self._apply_fit(fit(1366, 768))
        self.show_login()

    # --- pages --------------------------------------------------------------------------

    def show_login(self, message: str = "") -> None:
        self.leave_mini_mode()
        self.show_message("", "info")  # the previous clerk's last line is not the next one's
        self.login_page.reset(message)
        self.pages.setCurrentWidget(self.login_page)
        self.username.setFocus()

    def show_login_refusal(self, message: str) -> None:
        self.login_page.show_refusal(message)

    def set_login_busy(self, busy: bool) -> None:
        self.login_page.set_busy(busy)

    def show_picker(self, clerk: Clerk, counters: list[CounterChoice]) -> None:
        self.picker_page.show_choices(clerk, counters)
        self.pages.setCurrentWidget(self.picker_page)

    def show_work(self, supervisor: bool) -> None:
        self.work_page.to_supervisor.setVisible(supervisor)
        self.pages.setCurrentWidget(self.work_page)
        self.call_field.setFocus()

    def show_supervisor(self) -> None:
        current = self.pages.currentWidget()
        if current is not self.supervisor:
            self._supervisor_back = current
        self.leave_mini_mode()
        self.pages.setCurrentWidget(self.supervisor)

    def show_reports(self) -> None:
        """The reports page, from the supervisor page (supervisors and admins only)."""
        self.pages.setCurrentWidget(self.reports)
        self.reports_shown.emit()

    def _leave_supervisor(self) -> None:
        self.pages.setCurrentWidget(self._supervisor_back or self.picker_page)
        self.supervisor_left.emit()
        if self.pages.currentWidget() is self.work_page:
            self.call_field.setFocus()

    # --- what the controller tells us ---------------------------------------------------

    def show_opened(self, counter: CounterView, agency_short: str, timezone: str,
                    services: list[ServiceChoice], clerk_name: str,
                    priority_names: dict[str, str] | None = None) -> None:
        self._services = services
        self.work_page.open(timezone, clerk_name, priority_names or {})
        self.show_counter(counter, agency_short)

    def show_counter(self, counter: CounterView, agency_short: str | None = None) -> None:
        self.work_page.show_counter(counter, agency_short)
        self.setWindowTitle(f"Antre — {counter.name}")
        self.mini.setWindowTitle(f"{counter.name} (mini)")
        self._update_buttons()

    def show_ticket(self, ticket: TicketView | None) -> None:
        self.work_page.show_ticket(ticket)
        self.mini.show_ticket(ticket)
        self._update_buttons()

    def show_waiting(self, tickets: list[TicketView]) -> None:
        self.work_page.show_waiting(tickets)

    def show_day(self, day: CounterDay) -> None:
        self.work_page.show_day(day)
        self.mini.show_day(day)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def show_message(self, text: str, kind: str) -> None:
        self.mini.show_message(text, kind)
        self.status.setText(text)
        self.status.setProperty("kind", kind)
        repolish(self.status)

    def set_store_available(self, ok: bool) -> None:
        self._store_ok = ok
        self.banner.setVisible(not ok)
        self.mini.show_message("" if ok else tr("counter", "Koneksi terputus; tombol ditahan."),
                               "info" if ok else "error")
        if ok and self.pages.currentWidget() is self.work_page:
            self.call_field.setFocus()  # it lost the focus while it was disabled
        self._update_buttons()

    def show_clock_warning(self, text: str) -> None:
        """A staff warning while this PC's clock is off the server's ("" hides it)."""
        self.clock_banner.setText(text)
        self.clock_banner.setVisible(bool(text))

    def show_bug(self, message: str) -> None:
        self.show_message(message, "error")

    # --- mini mode ----------------------------------------------------------------------

    @property
    def in_mini_mode(self) -> bool:
        return self.mini.isVisible()

    def enter_mini_mode(self) -> None:
        if self.pages.currentWidget() is not self.work_page:
            return
        screen = self.screen().availableGeometry()
        self.mini.adjustSize()
        self.mini.move(screen.right() - self.mini.width() - 16, screen.top() + 16)
        self.mini.show()
        self.hide()

    def leave_mini_mode(self) -> None:
        if self.mini.isVisible():
            self.mini.hide()
            self.show()
            self.activateWindow()

    def _on_mini_key(self) -> None:
        if self.in_mini_mode:
            self.leave_mini_mode()
        else:
            self.enter_mini_mode()

    # --- the clerk's keys ---------------------------------------------------------------

    def _on_key(self, key: str) -> None:
        if self.pages.currentWidget() is self.work_page and not self.picker.isVisible():
            self._on_button(key)

    def _on_button(self, key: str) -> None:
        # A press on a disabled button, or a bounce of the same key, is dropped here; the
        # controller also drops anything that comes while an action is in flight.
        now = time.monotonic()
        # A typed or scanned code is its own intent (a repeat is refused by the rules);
        # the other keys get a short debounce.
        bounce = key not in (actions.CALL.key, actions.REQUEUE.key)
        if bounce and now - self._last_press.get(key, -1e9) < KEY_DEBOUNCE_S:
            return
        if self._busy or not self.buttons[key].isEnabled():
            return
        self._last_press[key] = now
        if key == actions.CALL.key:
            ref = self.call_field.text()
            if not ref.strip():
                self.call_field.setFocus()
                self.show_message(tr("counter", "Ketik atau pindai nomor antrean, lalu tekan Enter."), "info")
                return
            self.call_field.clear()
            self.call_requested.emit(ref)
        elif key == actions.REQUEUE.key:
            ref = self.call_field.text()
            self.call_field.clear()
            self.requeue_requested.emit(ref)
        elif key == actions.TRANSFER.key:
            ticket = self.work_page.ticket
            if ticket is not None:
                self.picker.offer(self._services, ticket, self._fit or fit(1366, 768))
        else:
            self.action_requested.emit(key)

    def _update_buttons(self) -> None:
        enabled = self.work_page.update_buttons(busy=self._busy, store_ok=self._store_ok)
        self.mini.set_enabled_actions(enabled)

    # --- the window ---------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.mini.close()
        super().closeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size = event.size()
        self._apply_fit(fit(size.width(), size.height()))

    def _apply_fit(self, f: Fit) -> None:
        if not changed(self._fit, f):
            return
        self._fit = f
        self.setStyleSheet(style_for(f))
        self.work_page.apply_fit(f)
        self.picker_page.apply_fit(f)
        self.login_page.apply_fit(f)
        self.supervisor.apply_fit(f)
