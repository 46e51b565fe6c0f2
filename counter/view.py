"""The counter window: log-in, counter choice, the clerk's work page and the supervisor view,
one page at a time, with the store-down banner and the status line around them.

Every button, F-key and numpad key only emits an intent for the controllers. Designed for a
clerk's 1366x768 screen or larger; sizes follow :func:`shared.ui.scaling.fit`.
"""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter import actions
from counter.controller import Clerk
from counter.model import WaitingModel
from counter.supervisor import SupervisorPage
from shared import rules
from shared.auth import CounterChoice
from shared.dto import CounterView, TicketView
from shared.rules import CounterDay, ServiceChoice
from shared.ui.scaling import Fit, changed, fit

W = TypeVar("W", bound=QWidget)
KEY_DEBOUNCE_S = 0.35  # a second press of the same key this soon after is a bounce
TICK_MS = 30_000  # "time waited" moves on twice a minute

# Sizes at the 1920x1080 design; a 1366x768 clerk screen gets 71 % of them.
DESIGN = {"code": 190, "h1": 44, "h2": 40, "h3": 32, "body": 27, "small": 22, "radius": 12,
          "border": 3, "line": 1, "pad": 11, "touch": 84, "mini_code": 56}

STYLE = """
#counterWindow, #miniWindow, #transferPicker {{ background: #F2F5FA; }}
#banner {{ background: #B3261E; color: #FFFFFF; font-size: {body}px; font-weight: bold;
           padding: {pad}px; }}
#header {{ background: #0B3D91; }}
#counterName {{ color: #FFFFFF; font-size: {h2}px; font-weight: bold; }}
#counterInfo {{ color: #DCE6F5; font-size: {small}px; }}
#stateBadge {{ color: #FFFFFF; background: #1B6E20; border-radius: {radius}px; font-size: {small}px;
    font-weight: bold; padding: {pad}px; }}
#stateBadge[state="paused"] {{ background: #9A6700; }}
#stateBadge[state="closed"] {{ background: #8A1C1C; }}
QPushButton#headerButton {{ background: #0B3D91; color: #FFFFFF; border: {line}px solid #DCE6F5;
    border-radius: {radius}px; font-size: {small}px; padding: {pad}px; min-height: {h2}px; }}
QPushButton#headerButton:disabled {{ color: #7A8FB5; border-color: #3A5C9A; }}
#ticketPanel {{ background: #FFFFFF; border: {line}px solid #C9D0DA; border-radius: {radius}px; }}
#panelCaption {{ color: #25344A; font-size: {small}px; font-weight: bold; }}
#ticketCode {{ color: #0B3D91; font-size: {code}px; font-weight: bold; }}
#ticketStatus {{ color: #0B1F3A; font-size: {h3}px; font-weight: bold; }}
#ticketStatus[status="serving"] {{ color: #1B6E20; }}
#ticketDetail {{ color: #25344A; font-size: {body}px; }}
QPushButton#action {{ background: #FFFFFF; color: #0B3D91; border: {border}px solid #0B3D91;
    border-radius: {radius}px; font-size: {body}px; font-weight: bold; min-height: {touch}px;
    padding: {pad}px; }}
QPushButton#action[primary="true"] {{ background: #0B3D91; color: #FFFFFF; }}
QPushButton#action:pressed {{ background: #DCE6F5; }}
QPushButton#action:disabled {{ background: #E6E9EE; color: #7A8494; border-color: #C9D0DA; }}
QLineEdit {{ background: #FFFFFF; color: #0B1F3A; font-size: {body}px; padding: {pad}px;
    border: {border}px solid #7A8494; border-radius: {radius}px; min-height: {h2}px; }}
QLineEdit:focus {{ border-color: #0B3D91; }}
#waitingTitle, #pageTitle {{ color: #0B1F3A; font-size: {h3}px; font-weight: bold; }}
#pageTitle[big="true"] {{ font-size: {h1}px; }}
#dayCounts, #hint {{ color: #25344A; font-size: {small}px; }}
#loginMessage {{ color: #8A1C1C; font-size: {body}px; font-weight: bold; }}
QTableView, QListWidget {{ background: #FFFFFF; color: #0B1F3A; font-size: {body}px;
    gridline-color: #E1E5EB; border: {line}px solid #C9D0DA; border-radius: {radius}px;
    selection-background-color: #DCE6F5; selection-color: #0B1F3A; }}
QListWidget::item {{ padding: {pad}px; }}
QHeaderView::section {{ background: #E8EDF5; color: #25344A; font-size: {small}px;
    font-weight: bold; border: none; padding: {pad}px; }}
#status {{ background: #FFFFFF; color: #0B1F3A; font-size: {body}px; padding: {pad}px;
    border-top: {line}px solid #C9D0DA; }}
#status[kind="refusal"] {{ background: #FFF4D6; color: #5C4200; }}
#status[kind="error"] {{ background: #FDE7E5; color: #8A1C1C; }}
#miniCode {{ color: #0B3D91; font-size: {mini_code}px; font-weight: bold; }}
#miniStatus {{ color: #25344A; font-size: {small}px; }}
#miniMessage {{ color: #5C4200; font-size: {small}px; }}
#miniMessage[kind="error"] {{ color: #8A1C1C; font-weight: bold; }}
QPushButton#mini {{ background: #FFFFFF; color: #0B3D91; border: {line}px solid #0B3D91;
    border-radius: {radius}px; font-size: {small}px; font-weight: bold; padding: {pad}px; }}
QPushButton#mini[primary="true"] {{ background: #0B3D91; color: #FFFFFF; }}
QPushButton#mini:disabled {{ background: #E6E9EE; color: #7A8494; border-color: #C9D0DA; }}
QMenu {{ font-size: {body}px; }}
"""


def named(widget: W, name: str) -> W:
    """Give ``widget`` the object name the style sheet selects on."""
    widget.setObjectName(name)
    return widget


def repolish(w: QWidget) -> None:
    w.style().unpolish(w)
    w.style().polish(w)


def style_for(f: Fit) -> str:
    return STYLE.format(**f.sizes(DESIGN))


def _shortcut(parent: QWidget, sequence: QKeySequence | str, slot: Callable[[], None]) -> QShortcut:
    sc = QShortcut(QKeySequence(sequence), parent)
    sc.setAutoRepeat(False)  # a held key is one press
    sc.setContext(Qt.ShortcutContext.WindowShortcut)
    sc.activated.connect(slot)
    return sc


def _numpad(a: actions.Action) -> QKeySequence:
    return QKeySequence(Qt.KeyboardModifier.KeypadModifier | getattr(Qt.Key, f"Key_{a.numpad}"))


NUMPAD_KEYS = {getattr(Qt.Key, f"Key_{a.numpad}"): a.key for a in actions.ACTIONS}


def _occupancy(c: CounterChoice, me: str) -> str:
    """"tutup", "buka: rina", "jeda: Anda"."""
    state = actions.COUNTER_STATE_TEXT.get(c.state, c.state).lower()
    if c.state == "closed" or not c.user:
        return state
    return f"{state}: {'Anda' if c.user == me else c.user}"


class CallField(QLineEdit):
    """Where a clerk types a ticket code or a keyboard-wedge scanner types the receipt's QR
    followed by Enter. While it is empty, a numpad digit is the action's shortcut instead."""

    numpad_action = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        keypad = bool(event.modifiers() & Qt.KeyboardModifier.KeypadModifier)
        key = NUMPAD_KEYS.get(Qt.Key(event.key()))
        if keypad and key is not None and not self.text():
            if not event.isAutoRepeat():
                self.numpad_action.emit(key)
            event.accept()
            return
        super().keyPressEvent(event)


class TransferPicker(QDialog):
    """A searchable list of every service: type a few letters, pick with Enter or a tap."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transferPicker")
        self.setWindowTitle("Alihkan ke layanan")
        self.setModal(True)
        self.title = named(QLabel("Alihkan tiket ke layanan:"), "pageTitle")
        self.title.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari layanan atau instansi…")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hint = named(QLabel("↑ ↓ pilih · Enter alihkan · Esc batal"), "hint")
        cancel = named(QPushButton("Batal (Esc)"), "action")
        ok = named(QPushButton("Alihkan (Enter)"), "action")
        ok.setProperty("primary", True)
        for b in (cancel, ok):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        cancel.clicked.connect(self.reject)
        ok.clicked.connect(self._accept_current)
        self.list.itemActivated.connect(lambda _i: self._accept_current())
        self.list.itemClicked.connect(lambda _i: self._accept_current())
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addWidget(ok)
        layout = QVBoxLayout(self)
        # No minimum size pushed to the window system (the offscreen platform warns about it).
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        self._choices: list[ServiceChoice] = []
        self._exclude: str | None = None

    def offer(self, choices: list[ServiceChoice], ticket: TicketView, f: Fit) -> None:
        self._choices = choices
        self._exclude = ticket.service
        self.title.setText(f"Alihkan {ticket.code} ({ticket.service_name}) ke layanan:")
        self.setStyleSheet(style_for(f))
        self.resize(f.px(1000), f.px(900))
        self.search.clear()
        self._filter("")
        self.open()
        self.search.setFocus()

    def visible_codes(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def _filter(self, text: str) -> None:
        self.list.clear()
        for c in self._choices:
            if c.code != self._exclude and c.matches(text):
                item = QListWidgetItem(f"{c.name}  ·  {c.agency_short}")
                item.setData(Qt.ItemDataRole.UserRole, c.code)
                self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            row = self.list.currentRow()
            if event.key() == Qt.Key.Key_Down:
                self.list.setCurrentRow(min(row + 1, self.list.count() - 1))
                return True
            if event.key() == Qt.Key.Key_Up:
                self.list.setCurrentRow(max(row - 1, 0))
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._accept_current()
                return True
        return super().eventFilter(watched, event)

    def _accept_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.accept()
        self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))


class MiniWindow(QWidget):
    """A compact always-on-top window: the held code and the main buttons, so the clerk can
    keep another program open beside it."""

    action_requested = Signal(str)
    restore_requested = Signal()

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("miniWindow")
        self.setWindowTitle("Antre — Loket (mini)")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.code = named(QLabel("—"), "miniCode")
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_text = named(QLabel(""), "miniStatus")
        self.status_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = named(QLabel(""), "miniMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMaximumWidth(420)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, a in enumerate(actions.MINI):
            b = named(QPushButton(f"{a.label}\n{a.shortcut}"), "mini")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setToolTip(f"{a.label} — {a.keys_text}")
            b.clicked.connect(lambda _=False, key=a.key: self.action_requested.emit(key))
            if a is actions.NEXT:
                b.setProperty("primary", True)
            self.buttons[a.key] = b
            grid.addWidget(b, i // 3, i % 3)
            _shortcut(self, a.shortcut, partial(self.action_requested.emit, a.key))
            _shortcut(self, _numpad(a), partial(self.action_requested.emit, a.key))
        restore = named(QPushButton(f"Layar penuh\n{actions.MINI_MODE_KEY}"), "mini")
        restore.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        restore.clicked.connect(self.restore_requested.emit)
        _shortcut(self, actions.MINI_MODE_KEY, self.restore_requested.emit)
        grid.addWidget(restore, 1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.code)
        layout.addWidget(self.status_text)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        self.setStyleSheet(style_for(fit(1366, 768)))

    def show_ticket(self, ticket: TicketView | None) -> None:
        self.code.setText(ticket.code if ticket else "—")
        self.status_text.setText(actions.status_line(ticket) if ticket else "Belum ada tiket")

    def show_message(self, text: str, kind: str) -> None:
        """Refusals and errors only: the mini window has no room for every note."""
        self.message.setText(text if kind != "info" else "")
        self.message.setProperty("kind", kind)
        repolish(self.message)

    def set_enabled_actions(self, keys: frozenset[str]) -> None:
        for key, b in self.buttons.items():
            b.setEnabled(key in keys)


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
        self.setWindowTitle("Antre — Loket")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._clock = clock
        self._fit: Fit | None = None
        self._busy = True
        self._store_ok = True
        self._ticket: TicketView | None = None
        self._counter: CounterView | None = None
        self._services: list[ServiceChoice] = []
        self._agency_short = ""
        self._clerk_name = ""
        self._tz: dt.tzinfo = dt.UTC
        self._last_press: dict[str, float] = {}
        self._supervisor_back: QWidget | None = None

        self.banner = named(QLabel("Koneksi ke basis data terputus. Tindakan ditahan; mencoba "
                                   "menyambung kembali…"), "banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.pages = QStackedWidget()
        self.login_page = self._build_login()
        self.picker_page = self._build_picker()
        self.work_page = self._build_work()
        self.supervisor = SupervisorPage()
        self.supervisor.back_requested.connect(self._leave_supervisor)
        for page in (self.login_page, self.picker_page, self.work_page, self.supervisor):
            self.pages.addWidget(page)

        self.status = named(QLabel(""), "status")
        self.status.setWordWrap(True)
        self.status.setProperty("kind", "info")

        root = QVBoxLayout(self)
        root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self.banner)
        root.addWidget(self.pages, 1)
        root.addWidget(self.status)

        self.mini = MiniWindow()
        self.mini.action_requested.connect(self._on_button)
        self.mini.restore_requested.connect(self.leave_mini_mode)
        self.picker = TransferPicker(self)
        self.picker.chosen.connect(self.transfer_requested.emit)

        for a in actions.ACTIONS:
            _shortcut(self, a.shortcut, partial(self._on_key, a.key))
            _shortcut(self, _numpad(a), partial(self._on_key, a.key))
        _shortcut(self, actions.MINI_MODE_KEY, self._on_mini_key)

        self._tick = QTimer(self, interval=TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()

        self.show_ticket(None)
        self._apply_fit(fit(1366, 768))
        self.show_login()

    # --- pages --------------------------------------------------------------------------

    def _build_login(self) -> QWidget:
        page = QWidget()
        self.login_title = named(QLabel("Antre — Loket"), "pageTitle")
        self.login_title.setProperty("big", True)
        self.login_hint = named(QLabel("Masuk dengan akun petugas Anda."), "hint")
        self.username = QLineEdit()
        self.username.setPlaceholderText("Nama pengguna")
        self.password = QLineEdit()
        self.password.setPlaceholderText("Kata sandi")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.login_button = named(QPushButton("Masuk  (Enter)"), "action")
        self.login_button.setProperty("primary", True)
        self.login_message = named(QLabel(""), "loginMessage")
        self.login_message.setWordWrap(True)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._on_login)
        self.login_button.clicked.connect(self._on_login)
        form = QVBoxLayout()
        user_label = named(QLabel("Nama pengguna"), "hint")
        password_label = named(QLabel("Kata sandi"), "hint")
        for w in (self.login_title, self.login_hint, user_label, self.username, password_label,
                  self.password, self.login_button, self.login_message):
            form.addWidget(w)
        box = QWidget()
        box.setLayout(form)
        box.setMaximumWidth(720)
        self._login_box = box
        outer = QVBoxLayout(page)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        return page

    def _build_picker(self) -> QWidget:
        page = QWidget()
        self.picker_title = named(QLabel("Pilih loket"), "pageTitle")
        self.picker_title.setProperty("big", True)
        self._picker_grid = QGridLayout()
        self.picker_buttons: dict[str, QPushButton] = {}
        self.supervisor_button = named(QPushButton("Tampilan supervisor"), "action")
        self.supervisor_button.clicked.connect(self.supervisor_requested.emit)
        logout = self.picker_logout = named(QPushButton("Keluar"), "action")
        logout.clicked.connect(self.picker_left.emit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.supervisor_button)
        bottom.addStretch(1)
        bottom.addWidget(logout)
        self._picker_layout = QVBoxLayout(page)
        self._picker_layout.addWidget(self.picker_title)
        self._picker_layout.addLayout(self._picker_grid)
        self._picker_layout.addStretch(1)
        self._picker_layout.addLayout(bottom)
        return page

    def _build_work(self) -> QWidget:
        page = QWidget()
        header = named(QFrame(), "header")
        self.counter_name = named(QLabel("Loket"), "counterName")
        self.counter_info = named(QLabel("Membuka loket…"), "counterInfo")
        self.state_badge = named(QLabel("Buka"), "stateBadge")
        self.pause_button = named(QPushButton("Jeda ▾"), "headerButton")
        menu = QMenu(self.pause_button)
        for reason in actions.PAUSE_REASONS:
            menu.addAction(reason, partial(self.pause_requested.emit, reason.lower()))
        menu.addSeparator()
        menu.addAction("Tutup loket (tetap masuk)", self.close_requested.emit)
        self.pause_button.setMenu(menu)
        self.resume_button = named(QPushButton("Lanjutkan"), "headerButton")
        self.resume_button.clicked.connect(self.resume_requested.emit)
        self.mini_button = named(QPushButton(f"Mode mini ({actions.MINI_MODE_KEY})"), "headerButton")
        self.mini_button.clicked.connect(self.enter_mini_mode)
        self.to_supervisor = named(QPushButton("Supervisor"), "headerButton")
        self.to_supervisor.clicked.connect(self.supervisor_requested.emit)
        self.logout_button = named(QPushButton("Keluar (tutup loket)"), "headerButton")
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
        self.caption = named(QLabel("TIKET SAAT INI"), "panelCaption")
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
            button = named(QPushButton(action.caption), "action")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the call field keeps the focus
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            button.setToolTip(f"{action.label} — tombol {action.keys_text}")
            button.clicked.connect(lambda _=False, key=action.key: self._on_button(key))
            self.buttons[action.key] = button
            if action is actions.NEXT:
                button.setProperty("primary", True)
                button.setText(f"{action.label}   ·   {action.keys_text}")
            if action.key in place:
                self._buttons_layout.addWidget(button, *place[action.key])

        self.call_field = CallField()
        self.call_field.setPlaceholderText("Nomor (A012) atau pindai QR")
        self.call_field.setToolTip("Ketik nomor antrian atau pindai QR tiket, lalu Enter untuk memanggilnya")
        self.call_field.returnPressed.connect(lambda: self._on_button(actions.CALL.key))
        self.call_field.numpad_action.connect(self._on_key)
        call_row = QHBoxLayout()
        call_row.addWidget(self.call_field, 3)
        call_row.addWidget(self.buttons[actions.CALL.key], 2)

        left = QVBoxLayout()
        left.addWidget(panel)
        left.addLayout(self._buttons_layout)
        left.addLayout(call_row)
        left.addStretch(1)

        self.waiting_title = named(QLabel("Menunggu: 0"), "waitingTitle")
        self.day_counts = named(QLabel(""), "dayCounts")
        self.model = WaitingModel(self._clock(), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        # Fixed widths (set per scale in _apply_fit): measuring every row's contents on each
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
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addLayout(self._body, 1)
        return page

    def show_login(self, message: str = "") -> None:
        self.leave_mini_mode()
        self.password.clear()
        self.login_message.setText(message)
        self.login_button.setEnabled(True)
        self.pages.setCurrentWidget(self.login_page)
        self.username.setFocus()

    def show_login_refusal(self, message: str) -> None:
        self.login_message.setText(message)
        self.password.clear()
        self.password.setFocus()

    def set_login_busy(self, busy: bool) -> None:
        self.login_button.setEnabled(not busy)
        if busy:
            self.login_message.setText("Memeriksa…")

    def show_picker(self, clerk: Clerk, counters: list[CounterChoice]) -> None:
        self.picker_title.setText(f"Selamat datang, {clerk.full_name}. Pilih loket Anda:")
        for b in self.picker_buttons.values():
            b.deleteLater()
        self.picker_buttons = {}
        for i, c in enumerate(counters):
            b = named(QPushButton(f"{c.name}\n{c.code} · {_occupancy(c, clerk.username)}"), "action")
            b.clicked.connect(partial(self.counter_chosen.emit, c.code))
            self.picker_buttons[c.code] = b
            self._picker_grid.addWidget(b, i // 4, i % 4)
        self.supervisor_button.setVisible(clerk.supervisor)
        if not counters:
            self.picker_title.setText(f"{clerk.full_name}: belum ada loket untuk akun ini. Hubungi admin.")
        self.pages.setCurrentWidget(self.picker_page)

    def show_work(self, supervisor: bool) -> None:
        self.to_supervisor.setVisible(supervisor)
        self.pages.setCurrentWidget(self.work_page)
        self.call_field.setFocus()

    def show_supervisor(self) -> None:
        current = self.pages.currentWidget()
        if current is not self.supervisor:
            self._supervisor_back = current
        self.leave_mini_mode()
        self.pages.setCurrentWidget(self.supervisor)

    def _leave_supervisor(self) -> None:
        self.pages.setCurrentWidget(self._supervisor_back or self.picker_page)
        self.supervisor_left.emit()
        if self.pages.currentWidget() is self.work_page:
            self.call_field.setFocus()

    # --- what the controller tells us ---------------------------------------------------

    def show_opened(self, counter: CounterView, agency_short: str, timezone: str,
                    services: list[ServiceChoice], clerk_name: str) -> None:
        self._tz = zoneinfo.ZoneInfo(timezone)
        self._services = services
        self.model.set_timezone(self._tz)
        self._clerk_name = clerk_name
        self.show_counter(counter, agency_short)

    def show_counter(self, counter: CounterView, agency_short: str | None = None) -> None:
        self._counter = counter
        if agency_short is not None:
            self._agency_short = agency_short
        self.counter_name.setText(counter.name)
        self.setWindowTitle(f"Antre — {counter.name}")
        self.mini.setWindowTitle(f"{counter.name} (mini)")
        parts = [self._agency_short or counter.agency]
        if counter.zone:
            parts.append(counter.zone)
        if self._clerk_name:
            parts.append(f"Petugas: {self._clerk_name}")
        self.counter_info.setText(" · ".join(parts))
        state = actions.COUNTER_STATE_TEXT.get(counter.state, counter.state)
        if counter.state == "paused" and counter.pause_reason:
            state += f": {counter.pause_reason}"
        self.state_badge.setText(state)
        self.state_badge.setProperty("state", counter.state)
        repolish(self.state_badge)
        self.resume_button.setText("Buka loket" if counter.state == "closed" else "Lanjutkan")
        self._update_buttons()

    def show_ticket(self, ticket: TicketView | None) -> None:
        self._ticket = ticket
        if ticket is None:
            self.code.setText("—")
            self.status_text.setText("Belum ada tiket")
            self.status_text.setProperty("status", "")
            self.detail.setText("Tekan Berikutnya (F1) untuk memanggil nomor berikutnya.")
        else:
            self.code.setText(ticket.code)
            self.status_text.setText(actions.status_line(ticket))
            self.status_text.setProperty("status", ticket.status)
            self.detail.setText(self._detail(ticket))
        repolish(self.status_text)
        self.mini.show_ticket(ticket)
        self._update_buttons()

    def _detail(self, t: TicketView) -> str:
        prio = f" · Prioritas: {actions.priority_text(t.priority_class)}" if t.priority_class else ""
        taken = t.issued_at.astimezone(self._tz).strftime("%H:%M")
        waited_until = t.called_at or self._clock()
        waited = actions.waited_text(max(0.0, (waited_until - t.issued_at).total_seconds()))
        return (f"{t.service_name}{prio}\nDiambil {taken} · menunggu {waited} · "
                f"dipanggil {t.call_count}×")

    def show_waiting(self, tickets: list[TicketView]) -> None:
        self.model.set_now(self._clock())
        self.model.set_tickets(tickets)
        self.waiting_title.setText(f"Menunggu: {len(tickets)}")

    def show_day(self, day: CounterDay) -> None:
        self.day_counts.setText(f"Hari ini di loket ini: dilayani {day.served} · tidak hadir {day.no_show}"
                                f" · menunggu {day.waiting}")

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
        self.mini.show_message("" if ok else "Koneksi terputus; tombol ditahan.", "info" if ok else "error")
        if ok and self.pages.currentWidget() is self.work_page:
            self.call_field.setFocus()  # it lost the focus while it was disabled
        self._update_buttons()

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

    # --- internals ----------------------------------------------------------------------

    def _on_login(self) -> None:
        self.login_requested.emit(self.username.text(), self.password.text())

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
                self.show_message("Ketik atau pindai nomor antrian, lalu tekan Enter.", "info")
                return
            self.call_field.clear()
            self.call_requested.emit(ref)
        elif key == actions.REQUEUE.key:
            ref = self.call_field.text()
            self.call_field.clear()
            self.requeue_requested.emit(ref)
        elif key == actions.TRANSFER.key:
            if self._ticket is not None:
                self.picker.offer(self._services, self._ticket, self._fit or fit(1366, 768))
        else:
            self.action_requested.emit(key)

    def _update_buttons(self) -> None:
        is_open = self._counter is None or self._counter.state == "open"
        allowed = actions.allowed(self._ticket) if is_open else frozenset()
        ready = not self._busy and self._store_ok
        enabled = frozenset(k for k in allowed if ready)
        for key, button in self.buttons.items():
            button.setEnabled(key in enabled)
        self.mini.set_enabled_actions(enabled)
        self.pause_button.setEnabled(ready and is_open and self._ticket is None)
        self.resume_button.setVisible(not is_open)
        self.pause_button.setVisible(is_open)
        self.logout_button.setEnabled(ready)
        self.call_field.setEnabled(self._store_ok)

    def _on_tick(self) -> None:
        self.model.set_now(self._clock())
        if self._ticket is not None:
            self.detail.setText(self._detail(self._ticket))

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
        m = f.px(22)
        self._header_layout.setContentsMargins(m, f.px(12), m, f.px(12))
        self._header_layout.setSpacing(f.px(12))
        self._body.setContentsMargins(m, m, m, m)
        self._body.setSpacing(m)
        self._panel_layout.setContentsMargins(m, f.px(10), m, f.px(14))
        self._buttons_layout.setSpacing(f.px(12))
        self._picker_layout.setContentsMargins(m * 2, m * 2, m * 2, m * 2)
        self._picker_grid.setSpacing(m)
        self._login_box.setMaximumWidth(f.px(900))
        self.table.verticalHeader().setDefaultSectionSize(f.px(54))
        font = self.table.font()
        font.setPixelSize(f.px(DESIGN["body"]))
        bold = QFont(font)
        bold.setBold(True)
        pad = f.px(DESIGN["pad"]) * 3
        header_view = self.table.horizontalHeader()
        header_view.resizeSection(0, QFontMetrics(bold).horizontalAdvance("A0000") + pad)
        header_view.resizeSection(2, QFontMetrics(font).horizontalAdvance("★ Disabilitas") + pad)
        header_view.resizeSection(3, QFontMetrics(font).horizontalAdvance("10 j 00 m") + pad)
        self.supervisor.apply_fit(f)
