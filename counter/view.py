"""The counter window. Renders the held ticket, the waiting list and messages; every button
and F-key only emits the action's key for the controller.

Designed for a clerk's 1366x768 screen or larger; sizes scale with the window.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter import actions
from counter.model import WaitingModel
from shared.dto import CounterView, TicketView

BASE_W, BASE_H = 1366, 768
W = TypeVar("W", bound=QWidget)

STYLE = """
#counterWindow {{ background: #F2F5FA; }}
#banner {{ background: #B3261E; color: #FFFFFF; font-size: {body}px; font-weight: bold;
           padding: {pad}px; }}
#header {{ background: #0B3D91; }}
#counterName {{ color: #FFFFFF; font-size: {h2}px; font-weight: bold; }}
#counterInfo {{ color: #DCE6F5; font-size: {small}px; }}
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
#waitingTitle {{ color: #0B1F3A; font-size: {h3}px; font-weight: bold; }}
QTableView {{ background: #FFFFFF; color: #0B1F3A; font-size: {body}px;
    gridline-color: #E1E5EB; border: {line}px solid #C9D0DA; border-radius: {radius}px;
    selection-background-color: #DCE6F5; selection-color: #0B1F3A; }}
QHeaderView::section {{ background: #E8EDF5; color: #25344A; font-size: {small}px;
    font-weight: bold; border: none; padding: {pad}px; }}
#status {{ background: #FFFFFF; color: #0B1F3A; font-size: {body}px; padding: {pad}px;
    border-top: {line}px solid #C9D0DA; }}
#status[kind="refusal"] {{ background: #FFF4D6; color: #5C4200; }}
#status[kind="error"] {{ background: #FDE7E5; color: #8A1C1C; }}
"""


def named(widget: W, name: str) -> W:
    """Give ``widget`` the object name the style sheet selects on (PySide's stubs do not
    know the ``objectName=`` keyword)."""
    widget.setObjectName(name)
    return widget


def _sizes(scale: float) -> dict[str, int]:
    def px(v: float) -> int:
        return max(1, round(v * scale))

    return {"code": px(120), "h2": px(30), "h3": px(24), "body": px(20), "small": px(16),
            "radius": px(10), "border": px(2), "line": px(1), "pad": px(8), "touch": px(64)}


class CounterWindow(QWidget):
    """Emits ``action_requested(key)`` for a button or its F-key."""

    action_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counterWindow")
        self.setWindowTitle("Antre — Loket")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._scale = 0.0
        self._busy = True
        self._ticket: TicketView | None = None
        self._tz: dt.tzinfo = dt.UTC

        self.banner = named(QLabel("Koneksi ke basis data terputus. Mencoba menyambung kembali…"),
                            "banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.hide()

        header = named(QFrame(), "header")
        self.counter_name = named(QLabel("Loket"), "counterName")
        self.counter_info = named(QLabel("Membuka loket…"), "counterInfo")
        self.counter_info.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._header_layout = QHBoxLayout(header)
        self._header_layout.addWidget(self.counter_name)
        self._header_layout.addWidget(self.counter_info, 1)

        # the held ticket and the actions
        panel = named(QFrame(), "ticketPanel")
        self.caption = named(QLabel("TIKET SAAT INI"), "panelCaption")
        self.code = named(QLabel("—"), "ticketCode")
        self.status_text = named(QLabel(""), "ticketStatus")
        self.detail = named(QLabel(""), "ticketDetail")
        self.detail.setWordWrap(True)
        for w in (self.caption, self.code, self.status_text, self.detail):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._panel_layout = QVBoxLayout(panel)
        for w in (self.caption, self.code, self.status_text, self.detail):
            self._panel_layout.addWidget(w)

        self.buttons: dict[str, QPushButton] = {}
        self._buttons_layout = QGridLayout()
        for i, action in enumerate(actions.ACTIONS):
            button = named(QPushButton(action.caption), "action")
            button.setShortcut(QKeySequence(action.shortcut))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            button.setToolTip(f"{action.label} — tombol {action.shortcut}")
            button.clicked.connect(lambda _=False, key=action.key: self._on_button(key))
            self.buttons[action.key] = button
            if action is actions.NEXT:
                button.setProperty("primary", True)
                self._buttons_layout.addWidget(button, 0, 0, 1, 2)
            else:
                self._buttons_layout.addWidget(button, 1 + (i - 1) // 2, (i - 1) % 2)

        left = QVBoxLayout()
        left.addWidget(panel)
        left.addLayout(self._buttons_layout)
        left.addStretch(1)

        # the waiting list
        self.waiting_title = named(QLabel("Menunggu: 0"), "waitingTitle")
        self.model = WaitingModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(False)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        right = QVBoxLayout()
        right.addWidget(self.waiting_title)
        right.addWidget(self.table, 1)

        self._body = QHBoxLayout()
        self._body.addLayout(left, 5)
        self._body.addLayout(right, 4)

        self.status = named(QLabel(""), "status")
        self.status.setWordWrap(True)
        self.status.setProperty("kind", "info")

        root = QVBoxLayout(self)
        root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self.banner)
        root.addWidget(header)
        root.addLayout(self._body, 1)
        root.addWidget(self.status)

        self.show_ticket(None)
        self._apply_scale(1.0)

    # --- what the controller tells us ---------------------------------------------------

    def show_counter(self, counter: CounterView, timezone: str) -> None:
        self._tz = zoneinfo.ZoneInfo(timezone)
        self.model.set_timezone(self._tz)
        self.counter_name.setText(counter.name)
        self.setWindowTitle(f"Antre — {counter.name}")
        where = f" · {counter.zone}" if counter.zone else ""
        self.counter_info.setText(f"{counter.agency}{where} · Layanan: {', '.join(counter.services)}")

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
            taken = ticket.issued_at.astimezone(self._tz).strftime("%H:%M")
            prio = f" · prioritas: {ticket.priority_class}" if ticket.priority_class else ""
            self.detail.setText(f"{ticket.service_name}{prio}\nDiambil pukul {taken}")
        self._repolish(self.status_text)
        self._update_buttons()

    def show_waiting(self, tickets: list[TicketView]) -> None:
        self.model.set_tickets(tickets)
        self.waiting_title.setText(f"Menunggu: {len(tickets)}")

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def show_message(self, text: str, kind: str) -> None:
        self.status.setText(text)
        self.status.setProperty("kind", kind)
        self._repolish(self.status)

    def set_store_available(self, ok: bool) -> None:
        self.banner.setVisible(not ok)

    def show_bug(self, message: str) -> None:
        self.show_message(message, "error")

    # --- internals ----------------------------------------------------------------------

    def _on_button(self, key: str) -> None:
        # A press on a button that was just disabled is dropped here, and again by the
        # controller: one action at a time.
        if not self._busy and self.buttons[key].isEnabled():
            self.action_requested.emit(key)

    def _update_buttons(self) -> None:
        allowed = actions.allowed(self._ticket)
        for key, button in self.buttons.items():
            button.setEnabled(not self._busy and key in allowed)

    @staticmethod
    def _repolish(w: QWidget) -> None:
        w.style().unpolish(w)
        w.style().polish(w)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size = event.size()
        self._apply_scale(min(size.width() / BASE_W, size.height() / BASE_H))

    def _apply_scale(self, scale: float) -> None:
        scale = max(0.6, min(2.0, round(scale, 2)))
        if abs(scale - self._scale) < 0.01:
            return
        self._scale = scale
        self.setStyleSheet(STYLE.format(**_sizes(scale)))
        m = round(16 * scale)
        self._header_layout.setContentsMargins(m, round(10 * scale), m, round(10 * scale))
        self._body.setContentsMargins(m, m, m, m)
        self._body.setSpacing(m)
        self._panel_layout.setContentsMargins(m, m, m, m)
        self._buttons_layout.setSpacing(round(10 * scale))
        self.table.verticalHeader().setDefaultSectionSize(round(40 * scale))
