"""The supervisor page: every counter's state and ticket, the queue and longest wait per
service, and the actions on them (open or close a counter; requeue, expire or reprint a
ticket). It renders a :class:`~shared.dto.StatusView` and emits intents;
:class:`counter.supervisor.SupervisorController` runs them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter.actions import COUNTER_STATE_TEXT, service_alert, waited_short
from shared.dto import StatusView
from shared.ui.scaling import Fit

HELD_TEXT = {"called": "dipanggil", "serving": "dilayani"}
# A service that needs the supervisor: nobody can serve its queue (red), or a long wait (amber).
ALERT_BG = {"Tidak ada loket buka": QColor("#FDE7E5"), "Tunggu lama": QColor("#FFF1C7")}


def _item(text: str, *, center: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if center:
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    return item


class SupervisorPage(QWidget):
    back_requested = Signal()
    open_requested = Signal(str)
    close_requested = Signal(str)
    requeue_requested = Signal(str)
    expire_requested = Signal(str)
    reprint_requested = Signal(str)
    reports_requested = Signal()

    COUNTER_HEADERS = ("Loket", "Instansi", "Status", "Tiket", "Petugas")
    SERVICE_HEADERS = ("Layanan", "Instansi", "Tunggu", "Terlama", "Loket", "Perhatian")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Tampilan supervisor")
        self.title.setObjectName("pageTitle")
        self.back = QPushButton("Kembali")
        self.back.setObjectName("action")
        self.back.clicked.connect(self.back_requested.emit)
        self.reports_button = QPushButton("Laporan")
        self.reports_button.setObjectName("action")
        self.reports_button.clicked.connect(self.reports_requested.emit)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.reports_button)
        top.addWidget(self.back)

        self.counters = self._table(self.COUNTER_HEADERS, stretch=1)
        self.counters.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.counters.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.open_button = self._button("Buka loket terpilih")
        self.close_button = self._button("Tutup loket terpilih")
        self.open_button.clicked.connect(lambda: self._for_selected(self.open_requested))
        self.close_button.clicked.connect(lambda: self._for_selected(self.close_requested))
        counter_actions = QHBoxLayout()
        counter_actions.addWidget(self.open_button)
        counter_actions.addWidget(self.close_button)

        self.services = self._table(self.SERVICE_HEADERS, stretch=0)
        self.services.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)

        self.ref = QLineEdit()
        self.ref.setPlaceholderText("Nomor tiket (A012) atau pindai QR")
        self.requeue_button = self._button("Kembalikan ke antrean (tidak hadir)")
        self.expire_button = self._button("Batalkan tiket")
        self.reprint_button = self._button("Cetak ulang struk")
        self.requeue_button.clicked.connect(lambda: self.requeue_requested.emit(self.ref.text()))
        self.expire_button.clicked.connect(lambda: self.expire_requested.emit(self.ref.text()))
        self.reprint_button.clicked.connect(lambda: self.reprint_requested.emit(self.ref.text()))
        ticket_row = QHBoxLayout()
        ticket_row.addWidget(self.ref, 2)
        for b in (self.requeue_button, self.expire_button, self.reprint_button):
            ticket_row.addWidget(b, 1)

        self.counters_title = QLabel("Loket")
        self.services_title = QLabel("Antrean per layanan")
        for t in (self.counters_title, self.services_title):
            t.setObjectName("waitingTitle")
        left = QVBoxLayout()
        left.addWidget(self.counters_title)
        left.addWidget(self.counters, 1)
        left.addLayout(counter_actions)
        right = QVBoxLayout()
        right.addWidget(self.services_title)
        right.addWidget(self.services, 1)
        self._body = QHBoxLayout()
        self._body.addLayout(left, 5)
        self._body.addLayout(right, 6)
        self._layout = QVBoxLayout(self)
        self._layout.addLayout(top)
        self._layout.addLayout(self._body, 1)
        self._layout.addLayout(ticket_row)
        self._busy = False

    @staticmethod
    def _table(headers: tuple[str, ...], *, stretch: int) -> QTableWidget:
        t = QTableWidget(0, len(headers))
        t.setHorizontalHeaderLabels(list(headers))
        t.verticalHeader().hide()
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setWordWrap(False)
        h = t.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return t

    @staticmethod
    def _button(text: str) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName("action")
        return b

    def set_reprint_available(self, ok: bool) -> None:
        self.reprint_button.setVisible(ok)

    def selected_counter(self) -> str | None:
        rows = self.counters.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.counters.item(rows[0].row(), 0)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def select_counter(self, code: str) -> None:
        for row in range(self.counters.rowCount()):
            item = self.counters.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == code:
                self.counters.selectRow(row)
                return

    def _for_selected(self, signal: Any) -> None:
        code = self.selected_counter()
        if code is not None:
            signal.emit(code)

    def show_status(self, status: StatusView) -> None:
        selected = self.selected_counter()
        self.title.setText(f"Tampilan supervisor · {status.site_name}")
        short = {svc.agency: svc.agency_short for svc in status.services}
        self.counters.setRowCount(len(status.counters))
        for row, c in enumerate(status.counters):
            name = _item(c.name)
            name.setData(Qt.ItemDataRole.UserRole, c.code)
            state = COUNTER_STATE_TEXT.get(c.state, c.state)
            if c.state == "paused" and c.pause_reason:
                state += f" ({c.pause_reason})"
            ticket = f"{c.current} {HELD_TEXT.get(c.current_status or '', '')}" if c.current else "—"
            agency = _item(short.get(c.agency, c.agency))
            for col, item in enumerate((name, agency, _item(state), _item(ticket), _item(c.user or "—"))):
                self.counters.setItem(row, col, item)
        open_now = sum(1 for c in status.counters if c.state == "open")
        self.counters_title.setText(f"Loket ({open_now} dari {len(status.counters)} buka)")
        services = [s for s in status.services if s.waiting or s.open_counters]
        alerts = {s.code: service_alert(s, s.long_wait_s) for s in services}
        # The services that need the supervisor first, the worst (no open counter) on top.
        rank = {alert: i for i, alert in enumerate(ALERT_BG)}
        services.sort(key=lambda s: rank.get(alerts[s.code] or "", len(rank)))
        self.services.setRowCount(len(services))
        for row, svc in enumerate(services):
            longest = waited_short(svc.longest_wait_s) if svc.waiting else "—"
            alert = alerts[svc.code]
            items = (_item(svc.name), _item(svc.agency_short), _item(str(svc.waiting), center=True),
                     _item(longest, center=True), _item(str(svc.open_counters), center=True),
                     _item(f"⚠ {alert}" if alert else ""))
            for col, item in enumerate(items):
                if alert:
                    item.setBackground(QBrush(ALERT_BG[alert]))
                    if col == len(items) - 1:
                        font = item.font()
                        font.setBold(True)
                        item.setFont(font)
                self.services.setItem(row, col, item)
        waiting = sum(s.waiting for s in status.services)
        flagged = sum(1 for a in alerts.values() if a)
        self.services_title.setText(f"Antrean per layanan ({waiting} menunggu"
                                    + (f" · ⚠ {flagged} perlu perhatian)" if flagged else ")"))
        if selected is not None:
            self.select_counter(selected)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        for b in (self.open_button, self.close_button, self.requeue_button, self.expire_button,
                  self.reprint_button):
            b.setEnabled(not busy)

    def apply_fit(self, f: Fit) -> None:
        m = f.px(22)
        self._layout.setContentsMargins(m, m, m, m)
        self._layout.setSpacing(m // 2)
        self._body.setSpacing(m)
        for t in (self.counters, self.services):
            t.verticalHeader().setDefaultSectionSize(f.px(50))
