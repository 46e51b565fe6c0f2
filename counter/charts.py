"""The reports' charts, built from a :class:`shared.reports.Report`: waits across the day and
the SLA per agency with QtCharts, and the arrivals by weekday and hour as a heat map (QtCharts
has no heat-map series, so that one is painted). Used by the reports page and the PDF recap."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from shared.reports import Report
from shared.reports.period import WEEKDAYS

BLUE = QColor("#1565c0")
GREEN = QColor("#2e7d32")


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont()
    font.setPixelSize(15)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.legend().hide()
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    return chart


def _small() -> QFont:
    font = QFont()
    font.setPixelSize(11)
    return font


def waits_chart(report: Report) -> QChart:
    """Mean waiting time (minutes) by hour of issue."""
    chart = _chart("Rata-rata tunggu per jam datang (menit)")
    bars = QBarSet("Tunggu")
    bars.setColor(BLUE)
    hours = [h for h, n, _ in report.waits_by_hour if n] or [8]
    first, last = min(hours), max(hours)
    by_hour = {h: (m or 0) / 60 for h, _, m in report.waits_by_hour}
    categories = [f"{h:02d}" for h in range(first, last + 1)]
    for h in range(first, last + 1):
        bars.append(round(by_hour.get(h, 0.0), 1))
    series = QBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    chart.addSeries(series)
    x = QBarCategoryAxis()
    x.setLabelsFont(_small())
    x.append(categories)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(x)
    y = QValueAxis()
    y.setRange(0, max([1.0, *by_hour.values()]) * 1.15)
    y.setLabelFormat("%.0f")
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(y)
    return chart


def sla_chart(report: Report, *, most: int | None = None) -> QChart:
    """The share of tickets called within their service's target wait, per agency (%).
    With ``most``, only that many agencies, the lowest shares first: a small chart keeps
    its names readable and shows where the floor falls short."""
    rows = list(report.sla)
    title = "Dipanggil dalam target tunggu, per instansi (%)"
    if most is not None and len(rows) > most:
        # Agencies nobody was called at have no share: they come after every real one.
        rows = sorted(rows, key=lambda r: (r.figures.within_target is None, r.figures.within_target or 0.0))
        rows = rows[:most]
        title = f"Dalam target tunggu: {most} instansi terendah (%)"
    chart = _chart(title)
    bars = QBarSet("Dalam target")
    bars.setColor(GREEN.lighter(150))
    bars.setLabelColor(QColor("#1d2a3a"))
    labels = []
    for row in reversed(rows):
        labels.append(row.label)
        bars.append(round((row.figures.within_target or 0.0) * 100, 1))
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsInsideBase)
    series.setLabelsFormat("@value%")
    chart.addSeries(series)
    y = QBarCategoryAxis()
    y.setLabelsFont(_small())
    y.append(labels or ["-"])
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(y)
    x = QValueAxis()
    x.setRange(0, 100)
    x.setLabelFormat("%.0f")
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(x)
    return chart


def chart_view(chart: QChart) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(220)
    return view


class HeatMap(QWidget):
    """Tickets issued per weekday (rows) and hour (columns): the darker, the busier."""

    FIRST_HOUR, LAST_HOUR = 6, 20

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid: tuple[tuple[int, ...], ...] = tuple((0,) * 24 for _ in range(7))
        self.setMinimumHeight(220)

    def show_report(self, report: Report) -> None:
        self.grid = report.arrivals
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        self.draw(p, QRectF(self.rect()))
        p.end()

    def draw(self, p: QPainter, area: QRectF) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(area, QColor("white"))
        font = QFont()
        font.setPixelSize(max(9, int(area.height() / 22)))
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor("#1d2a3a"))
        title_h = area.height() * 0.12
        p.drawText(QRectF(area.left(), area.top(), area.width(), title_h), Qt.AlignmentFlag.AlignCenter,
                   "Kedatangan per hari dan jam")
        font.setBold(False)
        p.setFont(font)
        hours = range(self.FIRST_HOUR, self.LAST_HOUR + 1)
        label_w = area.width() * 0.11
        top = area.top() + title_h
        cell_w = (area.width() - label_w) / len(hours)
        cell_h = (area.height() - title_h - area.height() * 0.1) / 7
        peak = max([1, *(v for row in self.grid for v in row)])
        for r, name in enumerate(WEEKDAYS):
            y = top + r * cell_h
            p.setPen(QColor("#1d2a3a"))
            p.drawText(QRectF(area.left(), y, label_w - 4, cell_h),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
            for c, hour in enumerate(hours):
                share = self.grid[r][hour] / peak
                colour = QColor.fromHsvF(0.58, 0.08 + 0.85 * share, 1.0 - 0.45 * share)
                x = area.left() + label_w + c * cell_w
                p.fillRect(QRectF(x + 1, y + 1, cell_w - 2, cell_h - 2), colour)
        p.setPen(QColor("#1d2a3a"))
        for c, hour in enumerate(hours):
            if hour % 2 == 0:
                p.drawText(QRectF(area.left() + label_w + c * cell_w, top + 7 * cell_h, cell_w,
                                  area.height() * 0.1), Qt.AlignmentFlag.AlignCenter, f"{hour:02d}")
