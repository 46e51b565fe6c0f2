"""The reports page's controller: a period's report (storing its closed days first), and the
daily recap PDFs, the MPP's and each agency's. Store work runs in the worker; the PDFs are
drawn on the GUI thread (charts are Qt objects)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from sqlalchemy import select

from counter.recap import write_recap
from shared import reports, rules
from shared.models import Agency
from shared.reports.period import parse
from shared.store import Store
from shared.ui.worker import Failure, Worker

log = logging.getLogger(__name__)


class ReportsController(QObject):
    report_ready = Signal(object)  # shared.reports.Report
    busy_changed = Signal(bool)
    failed = Signal(str)
    today_known = Signal(object)  # the business day, for the page's date
    recaps_written = Signal(list)  # paths

    def __init__(self, store: Store, worker: Worker, *, clock: rules.Clock = rules.utc_now) -> None:
        super().__init__()
        self._store = store
        self._worker = worker
        self._clock = clock

    def open(self) -> None:
        """The page opens on today's business day, by the station's clock."""
        now = self._clock()

        def today() -> dt.date:
            with self._store.reading() as s:
                return rules.business_day(rules.load_site(s), now)

        self._worker.run(today, self.today_known.emit, self._failed)

    def show(self, kind: str, day: dt.date, by: str) -> None:
        value = {"day": day.isoformat(), "month": f"{day:%Y-%m}", "year": str(day.year)}[kind]
        period = parse(kind, value)
        now = self._clock()

        def build() -> reports.Report:
            reports.keep_closed_days(self._store, period, now=now)
            with self._store.reading() as s:
                return reports.build(s, period, by)

        self.busy_changed.emit(True)
        self._worker.run(build, self._ready, self._failed)

    def write_recaps(self, day: dt.date, folder: Path) -> None:
        """``rekap-<day>.pdf`` for the MPP and ``rekap-<day>-<AGENCY>.pdf`` per agency."""
        period = reports.day(day)
        now = self._clock()

        def build() -> list[tuple[Path, reports.Report]]:
            reports.keep_closed_days(self._store, period, now=now)
            with self._store.reading() as s:
                out = [(folder / f"rekap-{day.isoformat()}.pdf", reports.build(s, period, "service"))]
                for code in s.scalars(select(Agency.code).where(Agency.active).order_by(Agency.position)):
                    out.append((folder / f"rekap-{day.isoformat()}-{code}.pdf",
                                reports.build(s, period, "service", agency=code)))
                return out

        def draw(built: list[tuple[Path, reports.Report]]) -> None:
            self.busy_changed.emit(False)
            try:
                folder.mkdir(parents=True, exist_ok=True)
                for path, report in built:
                    write_recap(report, path)
            except OSError as exc:
                self.failed.emit(f"Rekap PDF tidak bisa ditulis ke {folder}: {exc.strerror or exc}")
                return
            self.recaps_written.emit([p for p, _ in built])

        self.busy_changed.emit(True)
        self._worker.run(build, draw, self._failed)

    def _ready(self, report: reports.Report) -> None:
        self.busy_changed.emit(False)
        self.report_ready.emit(report)

    def _failed(self, failure: Failure) -> None:
        self.busy_changed.emit(False)
        self.failed.emit(failure.message)
