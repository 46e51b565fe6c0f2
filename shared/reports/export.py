"""A report as a table (CSV, XLSX) or as JSON: the same columns everywhere."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from shared.reports.build import Report
from shared.reports.figures import Figures
from shared.reports.period import WEEKDAYS
from shared.reports.survey import ELEMENTS, Index

COLUMNS = ("Kode", "Nama", "Diterbitkan", "Dipanggil", "Dilayani", "Tidak hadir", "Kedaluwarsa",
           "Dialihkan", "Tunggu rata-rata (menit)", "Tunggu median (menit)", "Tunggu p90 (menit)",
           "Layanan rata-rata (menit)", "Dalam target (%)", "Responden SKM", "IKM", "Mutu")
_BY_TITLE = {"agency": "Instansi", "service": "Layanan", "counter": "Loket", "clerk": "Petugas"}


def _min(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def _cells(key: str, label: str, f: Figures, idx: Index | None) -> list[Any]:
    return [key, label, f.issued, f.called, f.served, f.no_show, f.expired, f.transferred,
            _min(f.wait_mean_s), _min(f.wait_median_s), _min(f.wait_p90_s), _min(f.service_mean_s),
            None if f.within_target is None else round(f.within_target * 100, 1),
            idx.respondents if idx else 0, round(idx.ikm, 2) if idx else None,
            f"{idx.grade} ({idx.meaning})" if idx else None]


def table(report: Report) -> list[list[Any]]:
    """The header, one line per row, and the total."""
    out: list[list[Any]] = [list(COLUMNS)]
    for r in report.rows:
        out.append(_cells(r.key, r.label, r.figures, report.ikm_rows.get(r.key)))
    out.append(_cells("TOTAL", "Jumlah", report.total, report.ikm))
    return out


def to_csv(report: Report) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    for line in table(report):
        w.writerow(["" if v is None else v for v in line])
    return buf.getvalue()


def write_csv(report: Report, path: Path) -> None:
    path.write_text(to_csv(report), encoding="utf-8")


def write_xlsx(report: Report, path: Path) -> None:
    """A workbook: the figures per row, the clerks, the arrivals by weekday and hour, the SKM."""
    from openpyxl import Workbook  # openpyxl is only needed by the exports
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _BY_TITLE[report.by]
    ws.append([f"Laporan {report.site_name}: {report.period.label}"])
    ws.append([])
    for line in table(report):
        ws.append(line)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    ws["A1"].font = Font(bold=True, size=13)

    clerks = wb.create_sheet("Petugas")
    clerks.append(["Petugas", "Dilayani", "Layanan rata-rata (menit)"])
    for c in report.clerks:
        clerks.append([c.name, c.served, _min(c.service_mean_s)])

    heat = wb.create_sheet("Kedatangan")
    heat.append(["Hari", *(f"{h:02d}" for h in range(24))])
    for name, row in zip(WEEKDAYS, report.arrivals, strict=True):
        heat.append([name, *row])

    skm = wb.create_sheet("SKM")
    skm.append(["Unsur", "Nilai rata-rata"])
    if report.ikm is not None:
        for name, mean in zip(ELEMENTS, report.ikm.element_means, strict=True):
            skm.append([name, round(mean, 2)])
        skm.append([])
        skm.append(["IKM", round(report.ikm.ikm, 2)])
        skm.append(["Mutu", f"{report.ikm.grade} ({report.ikm.meaning})"])
    skm.append(["Responden", report.ikm.respondents if report.ikm else 0])
    skm.append(["Dilayani", report.total.served])
    wb.save(path)


def _fig(f: Figures) -> dict[str, Any]:
    return {
        "issued": f.issued, "called": f.called, "served": f.served, "no_show": f.no_show,
        "expired": f.expired, "transferred": f.transferred, "wait_mean_s": f.wait_mean_s,
        "wait_median_s": f.wait_median_s, "wait_p90_s": f.wait_p90_s, "service_mean_s": f.service_mean_s,
        "within_target": f.within_target,
    }


def _idx(i: Index | None) -> dict[str, Any] | None:
    if i is None:
        return None
    return {"respondents": i.respondents, "element_means": list(i.element_means), "ikm": i.ikm,
            "grade": i.grade, "meaning": i.meaning}


def to_json(report: Report) -> dict[str, Any]:
    return {
        "period": {"first": report.period.first.isoformat(), "last": report.period.last.isoformat(),
                   "label": report.period.label},
        "by": report.by,
        "total": {**_fig(report.total), "skm": _idx(report.ikm)},
        "rows": [{"key": r.key, "label": r.label, **_fig(r.figures), "skm": _idx(report.ikm_rows.get(r.key))}
                 for r in report.rows],
        "clerks": [{"name": c.name, "served": c.served, "service_mean_s": c.service_mean_s}
                   for c in report.clerks],
        "arrivals": [list(r) for r in report.arrivals],
        "waits_by_hour": [{"hour": h, "called": n, "wait_mean_s": m} for h, n, m in report.waits_by_hour],
        "sla": [{"key": r.key, "label": r.label, "within_target": r.figures.within_target}
                for r in report.sla],
    }
