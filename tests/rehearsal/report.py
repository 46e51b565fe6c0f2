"""The rehearsal's results: ``perf-results/rehearsal.json``, a one-page HTML report with
inline SVG charts (no browser, no chart library: the page is plain text to keep) and the
same page as ``rehearsal.png`` (drawn with Qt's SVG renderer, offscreen)."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parents[2] / "perf-results"
W, H, PAD = 640, 200, 40
FAULT_COLOURS = {
    "printer_stall": "#e0a100",
    "paper_out": "#c46b00",
    "counter_kill": "#b3261e",
    "pg_restart": "#6a1b9a",
    "clock_ahead": "#1565c0",
    "midnight": "#263238",
}


def summary(kind: str, r: dict[str, Any]) -> str:
    rec = ", ".join(f"{k} {v if v is not None else '-'} s" for k, v in r["recovery_s"].items())
    verdict = "PASSED" if r["passed"] else "FAILED: " + "; ".join(r["failures"])
    return (
        f"[rehearsal] {kind}: {r['tickets']} tickets, lost {r['lost']}, double calls "
        f"{r['double_calls']}, duplicates {r['duplicates']}, board p95 {r['board_p95_ms']} ms, "
        f"speech lag p95 {r['speech_lag_p95_s']} s; recovery: {rec}. {verdict}"
    )


def write(results: dict[str, dict[str, Any]], out: Path | None = None) -> tuple[Path, Path]:
    folder = out or RESULTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    public = {k: {key: v for key, v in r.items() if not key.startswith("_")} for k, r in results.items()}
    json_path = folder / "rehearsal.json"
    json_path.write_text(json.dumps(public, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    html_path = folder / "rehearsal.html"
    html_path.write_text(page(results), encoding="utf-8")
    picture(html_path.read_text(encoding="utf-8"), folder / "rehearsal.png")
    return json_path, html_path


def picture(page_html: str, path: Path) -> None:
    """The page's table and charts as one PNG, for a machine with no browser."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QByteArray, QRectF
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QTextDocument
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    svgs = re.findall(r"<svg.*?</svg>", page_html, re.S)
    heads = [re.sub("<.*?>", "", h) for h in re.findall(r"<h2>(.*?)</h2>", page_html, re.S)]
    table = re.search(r"<table>.*?</table>", page_html, re.S)
    doc = QTextDocument()
    doc.setDefaultFont(QFont("DejaVu Sans", 9))
    doc.setHtml(
        "<h3>Antre: a compressed MPP day through the real programs</h3>"
        + (table.group(0) if table else "").replace("<table>", "<table border=1 cellspacing=0 cellpadding=3>")
    )
    doc.setTextWidth(2 * W + 30)
    top = int(doc.size().height()) + 10
    per_store = len(svgs) // max(1, len(heads))
    chart_h = H + 30
    image = QImage(2 * W + 40, top + len(heads) * (2 * chart_h + 30) + 10, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    doc.drawContents(painter)
    y = top
    for i, head in enumerate(heads):
        painter.setFont(QFont("DejaVu Sans", 11, QFont.Weight.Bold))
        painter.drawText(10, y + 20, head)
        y += 28
        for j, svg in enumerate(svgs[i * per_store : (i + 1) * per_store]):
            QSvgRenderer(QByteArray(svg.encode())).render(
                painter, QRectF(10 + (j % 2) * (W + 10), y + (j // 2) * chart_h, W, chart_h)
            )
        y += 2 * chart_h
    painter.end()
    image.save(str(path))


def page(results: dict[str, dict[str, Any]]) -> str:
    parts = [
        "<!doctype html><html lang='id'><meta charset='utf-8'><title>Antre: gladi satu hari</title>",
        "<style>body{font:14px/1.4 sans-serif;margin:24px;color:#1b1b1b;max-width:1400px}"
        "h1{font-size:20px}h2{font-size:16px;margin-top:20px}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}th{background:#f3f3f3}"
        ".ok{color:#1b5e20;font-weight:bold}.bad{color:#b3261e;font-weight:bold}"
        ".row{display:flex;gap:24px;flex-wrap:wrap}svg{background:#fafafa;border:1px solid #ddd}"
        "small{color:#555}</style>",
        "<h1>Antre: a compressed MPP day through the real programs</h1>",
        "<p><small>Kiosk, four counter PCs, two wall displays as real processes; faults on a "
        "schedule. See docs/rehearsal.md for what each figure means and its bound.</small></p>",
        _table(results),
    ]
    for kind, r in results.items():
        chart = r.get("_chart", {})
        parts.append(
            f"<h2>{html.escape(kind)}: "
            + ("<span class='ok'>passed</span>" if r["passed"] else "<span class='bad'>failed</span>")
            + "</h2>"
        )
        if r["failures"]:
            parts.append(
                "<ul>" + "".join(f"<li class='bad'>{html.escape(f)}</li>" for f in r["failures"]) + "</ul>"
            )
        parts.append("<div class='row'>")
        parts.append(_bars("Numbers issued per hour (local time)", chart.get("hourly", {})))
        parts.append(_recovery(r))
        parts.append(
            _scatter(
                "Board latency per call (ms): commit → both boards",
                chart.get("board", []),
                chart.get("faults", []),
                chart.get("day_s", 1),
            )
        )
        parts.append(
            _scatter(
                "Speech lag per call (floor s): commit → sentence starts",
                chart.get("speech", []),
                chart.get("faults", []),
                chart.get("day_s", 1),
            )
        )
        parts.append("</div>")
    parts.append("</html>\n")
    return "".join(parts)


def _table(results: dict[str, dict[str, Any]]) -> str:
    rows = [
        ("tickets", "tickets"),
        ("lost", "lost"),
        ("called twice", "double_calls"),
        ("numbered twice", "duplicates"),
        ("calls (incl. recalls)", "calls"),
        ("board p50 / p95 (ms)", ("board_p50_ms", "board_p95_ms")),
        ("speech lag p50 / p95 (floor s)", ("speech_lag_p50_s", "speech_lag_p95_s")),
        ("numbers without receipt", "receipts_without_printer"),
        ("unserved at close", "unserved_at_close"),
        ("hours × speed", ("hours", "speed")),
    ]
    head = "<tr><th></th>" + "".join(f"<th>{html.escape(k)}</th>" for k in results) + "</tr>"
    body = []
    for label, key in rows:
        cells = []
        for r in results.values():
            value = " / ".join(str(r.get(k)) for k in key) if isinstance(key, tuple) else str(r.get(key))
            cells.append(f"<td>{html.escape(value)}</td>")
        body.append(f"<tr><th style='text-align:left'>{html.escape(label)}</th>{''.join(cells)}</tr>")
    kinds = sorted({k for r in results.values() for k in r["recovery_s"]})
    for kind in kinds:
        cells = []
        for r in results.values():
            v, bound = r["recovery_s"].get(kind), r["recovery_bound_s"].get(kind)
            text = "n/a" if kind not in r["recovery_s"] else f"{v} s (≤ {bound:g})"
            cls = "ok" if v is not None and bound is not None and v <= bound else "bad"
            cells.append(f"<td class='{cls if kind in r['recovery_s'] else ''}'>{html.escape(text)}</td>")
        body.append(
            f"<tr><th style='text-align:left'>recovery: {html.escape(kind)}</th>{''.join(cells)}</tr>"
        )
    return f"<table>{head}{''.join(body)}</table>"


def _svg(title: str, inner: str) -> str:
    return (
        f"<svg width='{W}' height='{H + 30}' viewBox='0 0 {W} {H + 30}' xmlns='http://www.w3.org/2000/svg'>"
        f"<text x='{PAD}' y='16' font-size='13' font-weight='bold'>{html.escape(title)}</text>{inner}</svg>"
    )


def _bars(title: str, hourly: dict[Any, int]) -> str:
    if not hourly:
        return _svg(title, "")
    items = sorted(hourly.items(), key=lambda kv: (kv[0].endswith(")"), kv[0]))
    top = max(n for _, n in items) or 1
    bw = (W - 2 * PAD) / len(items)
    inner = []
    for i, (hour, n) in enumerate(items):
        h = (H - 40) * n / top
        x = PAD + i * bw
        inner.append(
            f"<rect x='{x + 2:.1f}' y='{H - h:.1f}' width='{bw - 4:.1f}' height='{h:.1f}' fill='#1565c0'/>"
            f"<text x='{x + bw / 2:.1f}' y='{H + 14}' font-size='11' text-anchor='middle'>"
            f"{html.escape(hour)}</text>"
            f"<text x='{x + bw / 2:.1f}' y='{H - h - 3:.1f}' font-size='11' text-anchor='middle'>{n}</text>"
        )
    return _svg(title, "".join(inner))


def _recovery(r: dict[str, Any]) -> str:
    items = list(r["recovery_s"].items())
    if not items:
        return _svg("Recovery per fault", "")
    top = max([*(v or 0 for _, v in items), *(r["recovery_bound_s"].get(k, 0) for k, _ in items)]) or 1
    bh = (H - 30) / len(items)
    inner = []
    for i, (kind, v) in enumerate(items):
        y = 26 + i * bh
        bound = r["recovery_bound_s"].get(kind, 0)
        w = (W - 2 * PAD - 110) * (v or 0) / top
        bx = 110 + (W - 2 * PAD - 110) * bound / top
        colour = FAULT_COLOURS.get(kind, "#555") if v is not None else "#b3261e"
        inner.append(
            f"<text x='4' y='{y + bh * 0.6:.1f}' font-size='11'>{html.escape(kind)}</text>"
            f"<rect x='110' y='{y + 2:.1f}' width='{max(w, 1):.1f}' height='{bh - 6:.1f}' fill='{colour}'/>"
            f"<line x1='{bx:.1f}' x2='{bx:.1f}' y1='{y:.1f}' y2='{y + bh:.1f}' stroke='#b3261e' "
            f"stroke-dasharray='3,2'/><text x='{110 + w + 4:.1f}' y='{y + bh * 0.6:.1f}' "
            f"font-size='11'>{'never' if v is None else f'{v:.1f} s'}</text>"
        )
    return _svg("Recovery per fault (real s; dashed: bound)", "".join(inner))


def _scatter(
    title: str, points: list[tuple[float, float]], faults: list[tuple[str, float, float]], day_s: float
) -> str:
    if not points:
        return _svg(title, "<text x='40' y='60'>no data</text>")
    top = max(v for _, v in points) * 1.1 or 1
    span = max(day_s, max(t for t, _ in points)) or 1

    def x(t: float) -> float:
        return PAD + (W - 2 * PAD) * max(0.0, t) / span

    def y(v: float) -> float:
        return H - (H - 30) * v / top

    inner = []
    for i, (kind, a, b) in enumerate(faults):
        colour = FAULT_COLOURS.get(kind, "#555")
        inner.append(
            f"<rect x='{x(a):.1f}' y='24' width='{max(2.0, x(b) - x(a)):.1f}' height='{H - 24}' "
            f"fill='{colour}' opacity='0.18'><title>{html.escape(kind)}</title></rect>"
            f"<text x='{x(a):.1f}' y='{H + 14 + 10 * (i % 2)}' font-size='9' fill='{colour}'>"
            f"{html.escape(kind)}</text>"
        )
    inner.append(
        f"<line x1='{PAD}' x2='{W - PAD}' y1='{H}' y2='{H}' stroke='#999'/>"
        f"<text x='4' y='{y(top / 1.1) + 4:.1f}' font-size='10'>{top / 1.1:.0f}</text>"
        f"<text x='4' y='{H}' font-size='10'>0</text>"
        f"<text x='{W - PAD}' y='{H + 28}' font-size='10' text-anchor='end'>{span:.0f} s real</text>"
    )
    for t, v in points:
        inner.append(f"<circle cx='{x(t):.1f}' cy='{y(v):.1f}' r='1.8' fill='#263238'/>")
    return _svg(title, "".join(inner))
