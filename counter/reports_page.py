"""The reports page, for supervisors and admins: a day, month or year per agency, service,
counter or clerk, with the SKM index, the charts, and the daily recap PDFs. It renders a
:class:`shared.reports.Report` and emits intents; :class:`counter.reports.ReportsController`
runs them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import QChart
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter.charts import HeatMap, chart_view, sla_chart, waits_chart
from shared.reports import Report
from shared.reports.export import table

KINDS = (("day", "Hari"), ("month", "Bulan"), ("year", "Tahun"))
BY = (("agency", "Instansi"), ("service", "Layanan"), ("counter", "Loket"), ("clerk", "Petugas"))

SLA_ROWS = 8
"""Agencies the page's SLA chart shows (the lowest shares): more leave no room for their names
at 1366x768. The recap PDF and the exports list every agency."""


class ReportsPage(QWidget):
    back_requested = Signal()
    report_requested = Signal(str, object, str)  # kind, day, by
    recap_requested = Signal(object)  # day

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Laporan")
        self.title.setObjectName("pageTitle")
        self.back = QPushButton("Kembali")
        self.back.setObjectName("action")
        self.back.clicked.connect(self.back_requested.emit)
        self.kind = QComboBox()
        for key, label in KINDS:
            self.kind.addItem(label, key)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd-MM-yyyy")
        self.by = QComboBox()
        for key, label in BY:
            self.by.addItem(label, key)
        self.show_button = QPushButton("Tampilkan")
        self.show_button.setObjectName("action")
        self.show_button.clicked.connect(self._on_show)
        self.recap_button = QPushButton("Rekap PDF harian")
        self.recap_button.setObjectName("action")
        self.recap_button.clicked.connect(lambda: self.recap_requested.emit(self.day()))
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        for w in (QLabel("Periode"), self.kind, self.date, QLabel("per"), self.by, self.show_button,
                  self.recap_button, self.back):
            top.addWidget(w)

        self.heading = QLabel("")
        self.heading.setObjectName("reportHeading")
        self.heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.skm = QLabel("")
        self.skm.setObjectName("reportSkm")
        self.skm.setWordWrap(True)
        self.notice = QLabel("")
        self.notice.setStyleSheet("color: #b71c1c;")
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.waits_view = chart_view(QChart())
        self.sla_view = chart_view(QChart())
        self.heat = HeatMap()
        charts = QHBoxLayout()
        charts.addWidget(self.waits_view, 1)
        charts.addWidget(self.heat, 1)
        charts.addWidget(self.sla_view, 1)

        root = QVBoxLayout(self)
        root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        root.addLayout(top)
        root.addWidget(self.heading)
        root.addWidget(self.skm)
        root.addWidget(self.notice)
        root.addWidget(self.table, 1)
        root.addLayout(charts, 1)
        self.report: Report | None = None

    def day(self) -> dt.date:
        d = self.date.date()
        return dt.date(d.year(), d.month(), d.day())

    def set_day(self, day: dt.date) -> None:
        self.date.setDate(QDate(day.year, day.month, day.day))

    def _on_show(self) -> None:
        self.notice.setText("")
        self.report_requested.emit(self.kind.currentData(), self.day(), self.by.currentData())

    def set_busy(self, busy: bool) -> None:
        self.show_button.setEnabled(not busy)
        self.recap_button.setEnabled(not busy)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)

    def show_report(self, report: Report) -> None:
        self.report = report
        self.heading.setText(f"{report.site_name} — {report.period.label}")
        idx = report.ikm
        self.skm.setText(
            f"SKM: IKM {idx.ikm:.2f}, mutu {idx.grade} ({idx.meaning}); {idx.respondents} responden "
            f"dari {report.total.served} dilayani." if idx else
            f"SKM: belum ada responden; {report.total.served} dilayani.")
        lines = table(report)
        self.table.setColumnCount(len(lines[0]))
        self.table.setHorizontalHeaderLabels([str(h) for h in lines[0]])
        self.table.setRowCount(len(lines) - 1)
        for r, line in enumerate(lines[1:]):
            for c, value in enumerate(line):
                item = QTableWidgetItem("-" if value is None else str(value))
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.waits_view.setChart(waits_chart(report))
        self.sla_view.setChart(sla_chart(report, most=SLA_ROWS))
        self.heat.show_report(report)

