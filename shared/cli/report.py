"""``antre report day|range|month|year``: how the floor went, per agency, service, counter or
clerk, with the SKM index; as a table, JSON, CSV or XLSX. ``antre report rebuild`` stores the
closed days of a period afresh (after a target changed in the site file)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from shared import reports
from shared.cli import common
from shared.reports import export
from shared.reports.period import parse


def _period(args: argparse.Namespace) -> reports.Period:
    return parse(args.kind, args.value, getattr(args, "until", None))


def _minutes(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds / 60:.1f}"


def cmd_report(args: argparse.Namespace) -> int:
    period = _period(args)
    store = common.open_store(args)
    try:
        reports.keep_closed_days(store, period, now=common.now(args))
        with store.reading() as s:
            report = reports.build(s, period, args.by)
    finally:
        store.dispose()
    if args.csv:
        export.write_csv(report, Path(args.csv))
    if args.xlsx:
        export.write_xlsx(report, Path(args.xlsx))
    if args.json:
        common.out(args, "", export.to_json(report))
        return 0
    _print(report)
    return 0


def _print(report: reports.Report) -> None:
    print(f"{report.site_name} — {report.period.label}")
    head = (f"{'':<28} {'Terbit':>6} {'Layani':>6} {'T.hadir':>7} {'Kedal.':>6} {'Alih':>5} "
            f"{'Tunggu':>7} {'Median':>7} {'p90':>7} {'Layan.':>7} {'Target':>7} {'Resp.':>5} {'IKM':>6}")
    print(head)
    lines: list[tuple[str, Any, Any]] = [(r.label, r.figures, report.ikm_rows.get(r.key))
                                         for r in report.rows]
    lines.append(("Jumlah", report.total, report.ikm))
    for label, f, idx in lines:
        target = "-" if f.within_target is None else f"{f.within_target * 100:.0f}%"
        ikm = f"{idx.ikm:.2f}{idx.grade}" if idx else "-"
        print(f"{label[:28]:<28} {f.issued:>6} {f.served:>6} {f.no_show:>7} {f.expired:>6} "
              f"{f.transferred:>5} {_minutes(f.wait_mean_s):>7} {_minutes(f.wait_median_s):>7} "
              f"{_minutes(f.wait_p90_s):>7} {_minutes(f.service_mean_s):>7} {target:>7} "
              f"{idx.respondents if idx else 0:>5} {ikm:>6}")
    print("(menit; Target = dipanggil dalam target tunggu layanan; Resp. = responden SKM)")
    if report.clerks:
        print("\nPetugas                       Dilayani  Layanan rata-rata (menit)")
        for c in report.clerks:
            print(f"{c.name[:28]:<28} {c.served:>9}  {_minutes(c.service_mean_s):>8}")


def cmd_rebuild(args: argparse.Namespace) -> int:
    period = _period(args)
    store = common.open_store(args)
    try:
        n = reports.rebuild(store, period, now=common.now(args))
    finally:
        store.dispose()
    common.out(args, f"{n} hari ditutup disimpan ulang ({period.label}).", {"days": n})
    return 0


def register(sub: Any, add: common.AddCommand) -> None:
    kinds = sub.add_parser("report", help="reports: a day, range, month or year").add_subparsers(
        dest="report_kind", required=True, metavar="PERIOD")
    helps = {"day": ("DATE", "a business day (YYYY-MM-DD)"), "range": ("FIRST", "days FIRST to LAST"),
             "month": ("YYYY-MM", "a month"), "year": ("YYYY", "a year")}
    for kind, (meta, help_) in helps.items():
        sp = add(kinds, kind, cmd_report, help_)
        sp.set_defaults(kind=kind)
        sp.add_argument("value", metavar=meta)
        if kind == "range":
            sp.add_argument("until", metavar="LAST")
        sp.add_argument("--by", choices=reports.BY, default="agency", help="rows per (default: agency)")
        sp.add_argument("--csv", metavar="F", help="also write the table as CSV")
        sp.add_argument("--xlsx", metavar="F", help="also write a workbook (XLSX)")
    sp = add(kinds, "rebuild", cmd_rebuild, "store a period's closed days afresh")
    sp.add_argument("kind", choices=("day", "range", "month", "year"))
    sp.add_argument("value")
    sp.add_argument("until", nargs="?")
