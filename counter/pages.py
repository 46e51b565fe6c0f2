"""The clerk's pages: the counter choice after logging in, and the work page.

Each page renders what the window hands it and emits the clerk's intents; :mod:`counter.view`
puts them in one window with the log-in page (:mod:`counter.login_page`) and the supervisor page
(:mod:`counter.supervisor_page`), and owns the keys. Sizes follow the window's fit.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter import actions
from counter.model import WaitingModel
from counter.session import Clerk
from counter.style import DESIGN
from counter.widgets import CallField, named, repolish
from shared import rules
from shared.auth import CounterChoice
from shared.dto import CounterView, TicketView
from shared.rules import CounterDay
from shared.ui.scaling import Fit
from shared.ui.translation import tr

TICK_MS = 30_000  # "time waited" moves on twice a minute


def _occupancy(c: CounterChoice, me: str) -> str:
    """"tutup", "buka: rina", "jeda: Anda"."""
    state = tr("counter", actions.COUNTER_STATE_TEXT.get(c.state, c.state)).lower()
    if c.state == "closed" or not c.user:
        return state
    return f"{state}: {tr('counter', 'Anda') if c.user == me else c.user}"


PICKER_MIN_WIDTH = 300  # a counter's button, at the full-HD design


class PickerPage(QWidget):
    """The counters this clerk may open, with their agency and who holds each; a supervisor
    also gets the supervisor view. As many columns as fit the width; a long list scrolls
    instead of squeezing its buttons over each other. Emits ``counter_chosen(code)``,
    ``supervisor_requested()``, ``left()``."""

    counter_chosen = Signal(str)
    supervisor_requested = Signal()
    left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fit: Fit | None = None
        self._columns = 0
        self.picker_title = named(QLabel(tr("counter", "Pilih loket")), "pageTitle")
        self.picker_title.setProperty("big", True)
        self.picker_title.setWordWrap(True)
        self._picker_grid = QGridLayout()
        grid_holder = QWidget()
        grid_holder.setObjectName("pickerGrid")
        grid_holder.setLayout(self._picker_grid)
        self._picker_grid.setContentsMargins(0, 0, 0, 0)
        self._picker_grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setWidget(grid_holder)
        self.picker_buttons: dict[str, QPushButton] = {}
        self.supervisor_button = named(QPushButton(tr("counter", "Tampilan supervisor")), "action")
        self.supervisor_button.clicked.connect(self.supervisor_requested.emit)
        logout = self.picker_logout = named(QPushButton(tr("counter", "Keluar")), "action")
        logout.clicked.connect(self.left.emit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.supervisor_button)
        bottom.addStretch(1)
        bottom.addWidget(logout)
        self._picker_layout = QVBoxLayout(self)
        self._picker_layout.addWidget(self.picker_title)
        self._picker_layout.addWidget(self._scroll, 1)
        self._picker_layout.addLayout(bottom)

    def show_choices(self, clerk: Clerk, counters: list[CounterChoice]) -> None:
        self.picker_title.setText(
            tr("counter", "Selamat datang, {name}. Pilih loket Anda:").format(name=clerk.full_name))
        for b in self.picker_buttons.values():
            b.deleteLater()
        self.picker_buttons.clear()  # the same dict: the window names it too
        for c in counters:
            lines = [c.name, c.agency, _occupancy(c, clerk.username)]
            b = named(QPushButton("\n".join(x for x in lines if x)), "action")
            b.setToolTip(f"{c.name} ({c.code})")
            b.clicked.connect(partial(self.counter_chosen.emit, c.code))
            self.picker_buttons[c.code] = b
        self._columns = 0
        self._place()
        self.supervisor_button.setVisible(clerk.supervisor)
        if not counters:
            self.picker_title.setText(tr("counter", "{name}: belum ada loket untuk akun ini. Hubungi admin.")
                                      .format(name=clerk.full_name))

    def _place(self) -> None:
        """As many columns as fit the page's width at the buttons' least width."""
        f = self._fit
        least = f.px(PICKER_MIN_WIDTH) if f else PICKER_MIN_WIDTH
        room = self._scroll.viewport().width() or self.width()
        columns = max(1, min(len(self.picker_buttons) or 1, room // max(1, least)))
        if columns == self._columns:
            return
        self._columns = columns
        for b in self.picker_buttons.values():
            self._picker_grid.removeWidget(b)
        for c in range(self._picker_grid.columnCount()):
            self._picker_grid.setColumnStretch(c, 1 if c < columns else 0)
        for i, b in enumerate(self.picker_buttons.values()):
            self._picker_grid.addWidget(b, i // columns, i % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def apply_fit(self, f: Fit) -> None:
        self._fit = f
        m = f.px(22)
        self._picker_layout.setContentsMargins(m * 2, m, m * 2, m)
        self._picker_grid.setSpacing(m)
        self._columns = 0
        self._place()


class WorkPage(QWidget):
    """One counter at work: its header (state, pause, mini mode, log-out), the held ticket,
    the action buttons and the call field, and the waiting list with the day's counts.

    A button, or Enter in the call field, emits ``action_pressed(key)``; a numpad digit in the
    empty call field emits ``numpad_pressed(key)``. The window debounces them together with
    the F-keys and the mini window. The header emits ``pause_requested(reason)``,
    ``close_requested()``, ``resume_requested()``, ``mini_requested()``,
    ``supervisor_requested()`` and ``logout_requested()``."""

    action_pressed = Signal(str)
    numpad_pressed = Signal(str)
    pause_requested = Signal(str)
    close_requested = Signal()
    resume_requested = Signal()
    mini_requested = Signal()
    supervisor_requested = Signal()
    logout_requested = Signal()

    def __init__(self, clock: Callable[[], dt.datetime] = rules.utc_now,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._ticket: TicketView | None = None
        self._counter: CounterView | None = None
        self._agency_short = ""
        self._clerk_name = ""
        self._priority_names: dict[str, str] = {}
        self._tz: dt.tzinfo = dt.UTC

        header = named(QFrame(), "header")
        self.counter_name = named(QLabel(tr("counter", "Loket")), "counterName")
        self.counter_info = named(QLabel(tr("counter", "Membuka loket…")), "counterInfo")
        self.counter_info.setWordWrap(True)
        self.state_badge = named(QLabel(tr("counter", "Buka")), "stateBadge")
        self.pause_button = named(QPushButton(tr("counter", "Jeda ▾")), "headerButton")
        menu = QMenu(self.pause_button)
        for reason in actions.PAUSE_REASONS:
            menu.addAction(tr("counter", reason), partial(self.pause_requested.emit, reason.lower()))
        menu.addSeparator()
        menu.addAction(tr("counter", "Tutup loket (tetap masuk)"), self.close_requested.emit)
        self.pause_button.setMenu(menu)
        self.resume_button = named(QPushButton(tr("counter", "Lanjutkan")), "headerButton")
        self.resume_button.clicked.connect(self.resume_requested.emit)
        mini = tr("counter", "Mode mini ({key})").format(key=actions.MINI_MODE_KEY)
        self.mini_button = named(QPushButton(mini), "headerButton")
        self.mini_button.clicked.connect(self.mini_requested.emit)
        self.to_supervisor = named(QPushButton(tr("counter", "Supervisor")), "headerButton")
        self.to_supervisor.clicked.connect(self.supervisor_requested.emit)
        self.logout_button = named(QPushButton(tr("counter", "Keluar (tutup loket)")), "headerButton")
        self.logout_button.clicked.connect(self.logout_requested.emit)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.counter_name)
        names.addWidget(self.counter_info)
        self._header_layout = QHBoxLayout(header)
        self._header_layout.addLayout(names, 1)
        for w in (self.state_badge, self.pause_button, self.resume_button, self.mini_button,
                  self.to_supervisor, self.logout_button):
            if isinstance(w, QPushButton):
                w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self._header_layout.addWidget(w)

        panel = named(QFrame(), "ticketPanel")
        self.caption = named(QLabel(tr("counter", "TIKET SAAT INI")), "panelCaption")
        self.code = named(QLabel("—"), "ticketCode")
        self.status_text = named(QLabel(""), "ticketStatus")
        self.detail = named(QLabel(""), "ticketDetail")
        self.detail.setWordWrap(True)
        for w in (self.caption, self.code, self.status_text, self.detail):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._panel_layout = QVBoxLayout(panel)
        self._panel_layout.setSpacing(0)
        for w in (self.caption, self.code, self.status_text, self.detail):
            self._panel_layout.addWidget(w)

        self.buttons: dict[str, QPushButton] = {}
        self._buttons_layout = QGridLayout()
        place = {"next": (0, 0, 1, 3), "recall": (1, 0, 1, 1), "start": (1, 1, 1, 1),
                 "finish": (1, 2, 1, 1), "no_show": (2, 0, 1, 1), "transfer": (2, 1, 1, 1),
                 "requeue": (2, 2, 1, 1)}
        for action in actions.ACTIONS:
            button = named(QPushButton(action.caption_in(tr)), "action")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the call field keeps the focus
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            label = tr("counter", action.label)
            button.setToolTip(
                tr("counter", "{label} — tombol {keys}").format(label=label, keys=action.keys_text))
            button.clicked.connect(lambda _=False, key=action.key: self.action_pressed.emit(key))
            self.buttons[action.key] = button
            if action is actions.NEXT:
                button.setProperty("primary", True)
                button.setText(f"{label}   ·   {action.keys_text}")
            if action.key in place:
                self._buttons_layout.addWidget(button, *place[action.key])

        self.call_field = CallField()
        self.call_field.setPlaceholderText(tr("counter", "Nomor (A012) atau pindai QR"))
        self.call_field.setToolTip(tr("counter", "Ketik nomor antrean atau pindai QR tiket, lalu Enter untuk "
                                                 "memanggilnya"))
        self.call_field.returnPressed.connect(lambda: self.action_pressed.emit(actions.CALL.key))
        self.call_field.numpad_action.connect(self.numpad_pressed.emit)
        call_row = QHBoxLayout()
        call_row.addWidget(self.call_field, 3)
        call_row.addWidget(self.buttons[actions.CALL.key], 2)

        left = QVBoxLayout()
        left.addWidget(panel)
        left.addLayout(self._buttons_layout)
        left.addLayout(call_row)
        left.addStretch(1)

        self.waiting_title = named(QLabel(actions.waiting_title([], tr)), "waitingTitle")
        self.waiting_title.setWordWrap(True)
        self.waiting_title.setToolTip(tr("counter", "Daftar ini berurutan seperti panggilan Berikutnya (F1): "
                                                    "baris ▶ dipanggil lebih dulu."))
        self.day_counts = named(QLabel(""), "dayCounts")
        self.day_counts.setWordWrap(True)
        self.model = WaitingModel(self._clock(), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        # Fixed widths (set per scale in apply_fit): measuring every row's contents on each
        # refresh costs more than the refresh itself once the list is long.
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header_view.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        right = QVBoxLayout()
        right.addWidget(self.waiting_title)
        right.addWidget(self.day_counts)
        right.addWidget(self.table, 1)

        self._body = QHBoxLayout()
        self._body.addLayout(left, 11)
        self._body.addLayout(right, 10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addLayout(self._body, 1)

        self._tick = QTimer(self, interval=TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()

    @property
    def ticket(self) -> TicketView | None:
        return self._ticket

    def open(self, timezone: str, clerk_name: str, priority_names: dict[str, str] | None = None) -> None:
        """A counter has just been opened: its times are shown in ``timezone``, its priority
        classes by the site's names."""
        self._tz = zoneinfo.ZoneInfo(timezone)
        self.model.set_timezone(self._tz)
        self._priority_names = dict(priority_names or {})
        self.model.set_priority_names(self._priority_names)
        self._clerk_name = clerk_name

    def show_counter(self, counter: CounterView, agency_short: str | None = None) -> None:
        self._counter = counter
        if agency_short is not None:
            self._agency_short = agency_short
        self.counter_name.setText(counter.name)
        parts = [self._agency_short or counter.agency]
        if counter.zone:
            parts.append(counter.zone)
        if self._clerk_name:
            parts.append(tr("counter", "Petugas: {name}").format(name=self._clerk_name))
        self.counter_info.setText(" · ".join(parts))
        state = tr("counter", actions.COUNTER_STATE_TEXT.get(counter.state, counter.state))
        if counter.state == "paused" and counter.pause_reason:
            state += f": {counter.pause_reason}"
        self.state_badge.setText(state)
        self.state_badge.setProperty("state", counter.state)
        repolish(self.state_badge)
        self.resume_button.setText(tr("counter", "Buka loket") if counter.state == "closed"
                                   else tr("counter", "Lanjutkan"))

    def show_ticket(self, ticket: TicketView | None) -> None:
        self._ticket = ticket
        if ticket is None:
            self.code.setText("—")
            self.status_text.setText(tr("counter", "Belum ada tiket"))
            self.status_text.setProperty("status", "")
            self.detail.setText(tr("counter", "Tekan Berikutnya (F1) untuk memanggil nomor berikutnya."))
        else:
            self.code.setText(ticket.code)
            self.status_text.setText(actions.status_line(ticket, tr))
            self.status_text.setProperty("status", ticket.status)
            self.detail.setText(self._detail(ticket))
        repolish(self.status_text)

    def _detail(self, t: TicketView) -> str:
        prio = (tr("counter", " · Prioritas: {name}").format(
            name=actions.priority_text(t.priority_class, self._priority_names)) if t.priority_class else "")
        taken = t.issued_at.astimezone(self._tz).strftime("%H:%M")
        waited_until = t.called_at or self._clock()
        waited = actions.waited_text(max(0.0, (waited_until - t.issued_at).total_seconds()), tr)
        times = tr("counter", "Diambil {taken} · menunggu {waited} · dipanggil {n}×").format(
            taken=taken, waited=waited, n=t.call_count)
        return f"{t.service_name}{prio}\n{times}"

    def show_waiting(self, tickets: list[TicketView]) -> None:
        self.model.set_now(self._clock())
        self.model.set_tickets(tickets)
        self.waiting_title.setText(actions.waiting_title(tickets, tr))

    def show_day(self, day: CounterDay) -> None:
        counts = tr("counter", "Hari ini di loket ini: dilayani {served} · tidak hadir {no_show} · menunggu "
                               "{waiting}").format(served=day.served, no_show=day.no_show,
                                                   waiting=day.waiting)
        self.day_counts.setText(counts + (f"\n{day.calendar}" if day.calendar else ""))

    def update_buttons(self, *, busy: bool, store_ok: bool) -> frozenset[str]:
        """Enable what the counter's state and the held ticket allow now; returns the keys
        of the actions enabled (the mini window shows the same)."""
        is_open = self._counter is None or self._counter.state == "open"
        allowed = actions.allowed(self._ticket) if is_open else frozenset()
        ready = not busy and store_ok
        enabled = frozenset(k for k in allowed if ready)
        for key, button in self.buttons.items():
            button.setEnabled(key in enabled)
        self.pause_button.setEnabled(ready and is_open and self._ticket is None)
        self.resume_button.setVisible(not is_open)
        self.pause_button.setVisible(is_open)
        self.logout_button.setEnabled(ready)
        self.call_field.setEnabled(store_ok)
        return enabled

    def _on_tick(self) -> None:
        self.model.set_now(self._clock())
        if self._ticket is not None:
            self.detail.setText(self._detail(self._ticket))

    def apply_fit(self, f: Fit) -> None:
        m = f.px(22)
        # A portrait screen stacks the ticket and its buttons over the waiting list.
        self._body.setDirection(QHBoxLayout.Direction.TopToBottom if f.portrait
                                else QHBoxLayout.Direction.LeftToRight)
        self._body.setStretch(0, 0 if f.portrait else 11)
        self._body.setStretch(1, 1 if f.portrait else 10)
        self._header_layout.setContentsMargins(m, f.px(12), m, f.px(12))
        self._header_layout.setSpacing(f.px(12))
        self._body.setContentsMargins(m, m, m, m)
        self._body.setSpacing(m)
        self._panel_layout.setContentsMargins(m, f.px(10), m, f.px(14))
        self._buttons_layout.setSpacing(f.px(12))
        self.table.verticalHeader().setDefaultSectionSize(f.px(54))
        font = self.table.font()
        font.setPixelSize(f.px(DESIGN["body"]))
        bold = QFont(font)
        bold.setBold(True)
        pad = f.px(DESIGN["pad"]) * 3
        header_view = self.table.horizontalHeader()
        header_view.resizeSection(0, QFontMetrics(bold).horizontalAdvance("▶ A0000") + pad)
        # Long site names ("Anak / Ibu Membawa Balita") are elided; the tooltip has them whole.
        header_view.resizeSection(2, QFontMetrics(font).horizontalAdvance("★ Disabilitas") + pad)
        header_view.resizeSection(3, QFontMetrics(font).horizontalAdvance("10 j 00 m") + pad)
