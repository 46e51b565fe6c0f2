"""The waiting list as a Qt table model over :class:`~shared.dto.TicketView` DTOs, in the
order "next" calls them (:func:`shared.rules.counter_board`): the first row is marked as the
one F1 calls."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from counter.actions import priority_text, waited_short
from shared.dto import TicketView
from shared.ui.translation import QT_TRANSLATE_NOOP, tr

HEADERS = (QT_TRANSLATE_NOOP("counter", "Nomor"), QT_TRANSLATE_NOOP("counter", "Layanan"),
           QT_TRANSLATE_NOOP("counter", "Prioritas"), QT_TRANSLATE_NOOP("counter", "Tunggu"))
Index = QModelIndex | QPersistentModelIndex
PRIORITY_BG = QColor("#FFF1C7")
NEXT_BG = QColor("#D9F2E3")
NEXT_MARK = "▶ "


class WaitingModel(QAbstractTableModel):
    def __init__(self, now: dt.datetime, parent: Any = None) -> None:
        super().__init__(parent)
        self._tickets: list[TicketView] = []
        self._tz: dt.tzinfo = dt.UTC
        self._now = now
        self._bold = QFont()
        self._bold.setBold(True)
        self._priority_names: dict[str, str] = {}

    @property
    def tickets(self) -> list[TicketView]:
        return list(self._tickets)

    def set_timezone(self, tz: dt.tzinfo) -> None:
        self._tz = tz
        self._times_changed()

    def set_priority_names(self, names: dict[str, str]) -> None:
        """The site's names for its priority classes ("Lansia", "Ibu hamil")."""
        self._priority_names = dict(names)
        if self._tickets:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._tickets) - 1, 2))

    def set_now(self, now: dt.datetime) -> None:
        """Time waited is counted up to ``now`` (the view ticks it every half minute)."""
        self._now = now
        self._times_changed()

    def _times_changed(self) -> None:
        if self._tickets:
            self.dataChanged.emit(self.index(0, 3), self.index(len(self._tickets) - 1, 3))

    def set_tickets(self, tickets: list[TicketView]) -> None:
        if tickets == self._tickets:
            return
        self.beginResetModel()
        self._tickets = list(tickets)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._tickets)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._tickets):
            return None
        t = self._tickets[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{NEXT_MARK}{t.code}" if index.row() == 0 else t.code
            if col == 1:
                return t.service_name
            if col == 2:
                return (f"★ {priority_text(t.priority_class, self._priority_names)}"
                        if t.priority_class else "")
            if col == 3:
                return waited_short(max(0.0, (self._now - t.issued_at).total_seconds()), tr)
        if role == Qt.ItemDataRole.UserRole:
            return t
        if role == Qt.ItemDataRole.BackgroundRole and index.row() == 0:
            return QBrush(NEXT_BG)
        if role == Qt.ItemDataRole.BackgroundRole and t.priority_class:
            return QBrush(PRIORITY_BG)
        if role == Qt.ItemDataRole.FontRole and (col == 0 or index.row() == 0):
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            first = tr("counter", "Dipanggil berikutnya (F1) · ") if index.row() == 0 else ""
            prio = f" · ★ {priority_text(t.priority_class, self._priority_names)}" if t.priority_class else ""
            taken = tr("counter", "diambil {time}").format(time=f"{t.issued_at.astimezone(self._tz):%H:%M}")
            return f"{first}{t.code} · {t.service_name}{prio} · {taken}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 3):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(HEADERS)):
            return tr("counter", HEADERS[section])
        return None
