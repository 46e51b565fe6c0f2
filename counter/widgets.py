"""Building blocks of the counter's pages: the call field, the transfer picker, the mini
window, and the helpers they share (object names for the style sheet, key shortcuts)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter import actions
from counter.style import style_for
from shared.dto import TicketView
from shared.rules import CounterDay, ServiceChoice
from shared.ui.scaling import Fit, fit
from shared.ui.translation import tr

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """Give ``widget`` the object name the style sheet selects on."""
    widget.setObjectName(name)
    return widget


def repolish(w: QWidget) -> None:
    w.style().unpolish(w)
    w.style().polish(w)


def shortcut(parent: QWidget, sequence: QKeySequence | str, slot: Callable[[], None]) -> QShortcut:
    sc = QShortcut(QKeySequence(sequence), parent)
    sc.setAutoRepeat(False)  # a held key is one press
    sc.setContext(Qt.ShortcutContext.WindowShortcut)
    sc.activated.connect(slot)
    return sc


def numpad(a: actions.Action) -> QKeySequence:
    return QKeySequence(Qt.KeyboardModifier.KeypadModifier | getattr(Qt.Key, f"Key_{a.numpad}"))


NUMPAD_KEYS = {getattr(Qt.Key, f"Key_{a.numpad}"): a.key for a in actions.ACTIONS}


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
        self.setWindowTitle(tr("counter", "Alihkan ke layanan"))
        self.setModal(True)
        self.title = named(QLabel(tr("counter", "Alihkan tiket ke layanan:")), "pageTitle")
        self.title.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("counter", "Cari layanan atau instansi…"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hint = named(QLabel("↑ ↓ pilih · Enter alihkan · Esc batal"), "hint")
        cancel = named(QPushButton(tr("counter", "Batal (Esc)")), "action")
        ok = named(QPushButton(tr("counter", "Alihkan (Enter)")), "action")
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
        self.title.setText(tr("counter", "Alihkan {code} ({service}) ke layanan:").format(
            code=ticket.code, service=ticket.service_name))
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
        self.setWindowTitle(tr("counter", "Antre — Loket (mini)"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.code = named(QLabel("—"), "miniCode")
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_text = named(QLabel(""), "miniStatus")
        self.status_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.waiting = named(QLabel(tr("counter", "Menunggu: {n}").format(n=0)), "miniStatus")
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = named(QLabel(""), "miniMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMaximumWidth(420)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, a in enumerate(actions.MINI):
            label = tr("counter", a.label)
            b = named(QPushButton(f"{label}\n{a.shortcut}"), "mini")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setToolTip(f"{label} — {a.keys_text}")
            b.clicked.connect(lambda _=False, key=a.key: self.action_requested.emit(key))
            if a is actions.NEXT:
                b.setProperty("primary", True)
            self.buttons[a.key] = b
            grid.addWidget(b, i // 3, i % 3)
            shortcut(self, a.shortcut, partial(self.action_requested.emit, a.key))
            shortcut(self, numpad(a), partial(self.action_requested.emit, a.key))
        restore = named(QPushButton(tr("counter", "Layar penuh") + f"\n{actions.MINI_MODE_KEY}"), "mini")
        restore.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        restore.clicked.connect(self.restore_requested.emit)
        shortcut(self, actions.MINI_MODE_KEY, self.restore_requested.emit)
        grid.addWidget(restore, 1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.code)
        layout.addWidget(self.status_text)
        layout.addWidget(self.waiting)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        self.setStyleSheet(style_for(fit(1366, 768)))

    def show_ticket(self, ticket: TicketView | None) -> None:
        self.code.setText(ticket.code if ticket else "—")
        self.status_text.setText(
            actions.status_line(ticket, tr) if ticket else tr("counter", "Belum ada tiket"))

    def show_day(self, day: CounterDay) -> None:
        """How many wait for this counter (and how many of them are priority visitors)."""
        self.waiting.setText(tr("counter", "Menunggu: {n}").format(n=day.waiting) + (
            f" · ★ {day.priority_waiting}" if day.priority_waiting else ""))

    def show_message(self, text: str, kind: str) -> None:
        """Refusals and errors only: the mini window has no room for every note."""
        self.message.setText(text if kind != "info" else "")
        self.message.setProperty("kind", kind)
        repolish(self.message)

    def set_enabled_actions(self, keys: frozenset[str]) -> None:
        for key, b in self.buttons.items():
            b.setEnabled(key in keys)

