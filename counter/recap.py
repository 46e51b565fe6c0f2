"""The one-page daily recap as a PDF, drawn with Qt's PDF writer: the day's figures, the
table per service, the waits across the day, the SLA per agency, the arrivals heat map and
the SKM index. For the whole MPP, or for one agency (a report built for it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import QChart
from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QGraphicsScene

from counter.charts import HeatMap, sla_chart, waits_chart
from shared.reports import Report
from shared.reports.export import table

DPI = 150
MAX_ROWS = 16
INK = QColor("#1d2a3a")
MUTED = QColor("#5b6b7f")


def _minutes(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds / 60:.1f} mnt"


def _pair(a: float | None, b: float | None) -> str:
    if a is None or b is None:
        return "-"
    return f"{a / 60:.1f} / {b / 60:.1f} mnt"


def _font(px: float, *, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(max(1, round(px)))
    f.setBold(bold)
    return f


def _fitted(text: str, px: float, width: float, *, bold: bool = False) -> QFont:
    """``px`` pixels, or smaller until ``text`` fits in ``width`` (a tile's label or value)."""
    font = _font(px, bold=bold)
    while px > 4 and QFontMetricsF(font).horizontalAdvance(text) > width:
        px *= 0.92
        font = _font(px, bold=bold)
    return font


def _draw_chart(p: QPainter, chart: QChart, area: QRectF) -> None:
    scene = QGraphicsScene()
    scene.addItem(chart)
    chart.setGeometry(QRectF(0, 0, area.width(), area.height()))
    scene.setSceneRect(QRectF(0, 0, area.width(), area.height()))
    scene.render(p, area, QRectF(0, 0, area.width(), area.height()))
    scene.removeItem(chart)


def write_recap(report: Report, path: Path) -> None:
    """One A4 page for ``report`` (a day's, usually)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    writer.setTitle(f"Rekap {report.site_name} {report.period.label}")
    writer.setCreator("Antre")
    p = QPainter(writer)
    try:
        _draw_page(p, report, QRectF(0, 0, writer.width(), writer.height()))
    finally:
        p.end()


def _draw_page(p: QPainter, report: Report, page: QRectF) -> None:
    w = page.width()
    unit = w / 100
    y = page.top()
    p.setPen(INK)
    p.setFont(_font(unit * 3.4, bold=True))
    who = f"{report.site_name} — {report.agency_name}" if report.agency_name else report.site_name
    p.drawText(QRectF(0, y, w, unit * 5), Qt.AlignmentFlag.AlignLeft, f"Rekap harian {who}")
    y += unit * 5
    p.setPen(MUTED)
    p.setFont(_font(unit * 2.2))
    p.drawText(QRectF(0, y, w, unit * 3.5), Qt.AlignmentFlag.AlignLeft, report.period.label)
    y += unit * 5

    f = report.total
    ikm = report.ikm
    tiles = [
        ("Diterbitkan", str(f.issued)), ("Dilayani", str(f.served)), ("Tidak hadir", str(f.no_show)),
        ("Kedaluwarsa", str(f.expired)), ("Tunggu rata-rata", _minutes(f.wait_mean_s)),
        ("Tunggu median / p90", _pair(f.wait_median_s, f.wait_p90_s)),
        ("Layanan rata-rata", _minutes(f.service_mean_s)),
        ("Dalam target", "-" if f.within_target is None else f"{f.within_target * 100:.0f}%"),
        (f"IKM: {ikm.meaning}" if ikm else "IKM (SKM)",
         f"{ikm.ikm:.2f} ({ikm.grade})" if ikm else "belum ada"),
        ("Responden / dilayani", f"{ikm.respondents if ikm else 0} / {f.served}"),
    ]
    cols, tile_h = 5, unit * 9
    tile_w = w / cols
    for i, (label, value) in enumerate(tiles):
        r = QRectF((i % cols) * tile_w, y + (i // cols) * tile_h, tile_w - unit, tile_h - unit)
        p.fillRect(r, QColor("#eef3fa"))
        inner = r.width() - 2 * unit
        p.setPen(MUTED)
        p.setFont(_fitted(label, unit * 1.6, inner))
        p.drawText(r.adjusted(unit, unit * 0.6, -unit, 0), Qt.AlignmentFlag.AlignLeft, label)
        p.setPen(INK)
        p.setFont(_fitted(value, unit * 2.4, inner, bold=True))
        p.drawText(r.adjusted(unit, unit * 3.4, -unit, 0), Qt.AlignmentFlag.AlignLeft, value)
    y += tile_h * 2 + unit * 2

    lines = table(report)
    shown = [0, 1, 2, 4, 5, 6, 8, 10, 12, 13, 14]  # a page's worth of the columns
    widths = [7, 21, 8, 8, 8, 8, 8, 8, 8, 8, 8]
    headers = ["Kode", "Nama", "Terbit", "Dilayani", "Tidak hadir", "Kedalu- warsa", "Tunggu rata-rata",
               "Tunggu p90", "Dalam target %", "Respon- den", "IKM"]
    row_h = unit * 2.6
    if len(lines) > MAX_ROWS + 2:  # a page's worth of rows, the total always
        lines = [*lines[:MAX_ROWS], ["", f"… {len(lines) - MAX_ROWS - 1} baris lagi (lihat XLSX)",
                                     *[""] * (len(lines[0]) - 2)], lines[-1]]
    for n, line in enumerate(lines):
        x = 0.0
        bold = n == 0 or n == len(lines) - 1
        if n == 0:
            p.fillRect(QRectF(0, y, w, row_h * 1.9), QColor("#dde6f2"))
        p.setPen(INK)
        p.setFont(_font(unit * (1.35 if n == 0 else 1.6), bold=bold))
        h = row_h * (1.9 if n == 0 else 1)
        for i, (col, cw) in enumerate(zip(shown, widths, strict=True)):
            value = headers[i] if n == 0 else line[col]
            text = "-" if value is None else str(value)
            r = QRectF(x + unit * 0.3, y, cw * unit - unit * 0.6, h)
            if n:  # the figures' lines stay one line each: long names are cut with "…"
                text = p.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(r.width()))
            flags = Qt.AlignmentFlag.AlignVCenter | (Qt.TextFlag.TextWordWrap if n == 0 else 0)
            flags |= Qt.AlignmentFlag.AlignLeft if col in (0, 1) else Qt.AlignmentFlag.AlignRight
            p.drawText(r, flags, text)
            x += cw * unit
        y += h
    y += unit * 2

    chart_h = unit * 36
    _draw_chart(p, waits_chart(report), QRectF(0, y, w * 0.5 - unit, chart_h))
    _draw_chart(p, sla_chart(report), QRectF(w * 0.5 + unit, y, w * 0.5 - unit, chart_h))
    y += chart_h + unit * 2
    heat = HeatMap()
    heat.grid = report.arrivals
    heat.draw(p, QRectF(0, y, w, min(unit * 34, page.bottom() - y - unit * 4)))
    p.setPen(MUTED)
    p.setFont(_font(unit * 1.4))
    p.drawText(QRectF(0, page.bottom() - unit * 3, w, unit * 3), Qt.AlignmentFlag.AlignLeft,
               "Dibuat oleh Antre. Waktu dalam menit; IKM menurut PermenPANRB 14/2017.")
