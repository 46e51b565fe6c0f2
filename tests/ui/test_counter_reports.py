"""The counter app's reports page: a supervisor sees the day per service with the SKM index
and the charts, and writes the daily recap PDFs (the MPP's and each agency's), which are
turned into pictures with pdftoppm to prove they are not blank."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from counter.app import CounterApp, build
from shared import reports
from shared.store import Store
from tests.service.test_reports import DAY, at, play_saturday
from tests.support import SteppingClock, act
from tests.ui.test_counter import PASSWORD, add_clerk
from tests.ui.test_counter_clerk import log_in


@pytest.fixture
def supervisor_app(qtbot: QtBot, store: Store, clock: SteppingClock, tmp_path: Path) -> Iterator[CounterApp]:
    app = build(store, clock=clock, recap_dir=tmp_path / "rekap")
    qtbot.addWidget(app.window)
    app.window.resize(1366, 768)
    app.window.show()
    app.start()
    yield app
    app.stop()


def open_reports(qtbot: QtBot, app: CounterApp, store: Store) -> None:
    add_clerk(store, "dwi", role="supervisor", agency=None)
    w = app.window
    log_in(qtbot, app, "dwi", PASSWORD)
    qtbot.waitUntil(lambda: w.supervisor_button.isVisibleTo(w))
    qtbot.mouseClick(w.supervisor_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.supervisor.reports_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.reports.day() == DAY)


def not_blank(png: Path) -> float:
    """The share of the page's pixels that are not white."""
    image = QImage(str(png))
    assert not image.isNull()
    step = 3
    inked = total = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            total += 1
            if image.pixelColor(x, y).lightness() < 240:
                inked += 1
    return inked / total


def test_a_supervisor_sees_the_day_per_service_with_the_index_and_charts(
    qtbot: QtBot, supervisor_app: CounterApp, store: Store
) -> None:
    play_saturday(store)
    act(store, reports.record_answer, "A001", [4] * 9, at=at(60))
    open_reports(qtbot, supervisor_app, store)
    page = supervisor_app.window.reports
    page.by.setCurrentIndex(page.by.findData("service"))
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.table.rowCount() == 4)
    assert [page.table.item(r, 0).text() for r in range(4)] == ["KTP", "KK", "SKCK", "TOTAL"]
    assert page.table.item(3, 2).text() == "5"  # issued
    assert "IKM 100.00, mutu A (Sangat Baik); 1 responden dari 3 dilayani" in page.skm.text()
    assert page.waits_view.chart().series()
    assert page.sla_view.chart().series()
    assert sum(map(sum, page.heat.grid)) == 5


def test_the_daily_recap_pdfs_are_one_page_each_and_not_blank(
    qtbot: QtBot, supervisor_app: CounterApp, store: Store, tmp_path: Path
) -> None:
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (poppler-utils) is needed to look at the recap PDFs"
    play_saturday(store)
    open_reports(qtbot, supervisor_app, store)
    page = supervisor_app.window.reports
    qtbot.mouseClick(page.recap_button, Qt.MouseButton.LeftButton)
    folder = tmp_path / "rekap"
    qtbot.waitUntil(lambda: "Rekap PDF disimpan" in page.notice.text(), timeout=20000)
    pdfs = sorted(p.name for p in folder.glob("*.pdf"))
    assert pdfs == [f"rekap-{DAY}-DUKCAPIL.pdf", f"rekap-{DAY}-POLRES.pdf", f"rekap-{DAY}.pdf"]
    for name in pdfs:
        out = tmp_path / name.removesuffix(".pdf")
        out.mkdir()
        subprocess.run([pdftoppm, "-png", "-r", "40", str(folder / name), str(out / "page")], check=True,
                       timeout=60)
        pages = sorted(out.glob("*.png"))
        assert len(pages) == 1, f"{name} has {len(pages)} pages"
        assert not_blank(pages[0]) > 0.03


def test_the_pages_sla_chart_names_only_the_agencies_it_has_room_for_the_lowest_first(qtbot: QtBot) -> None:
    from types import SimpleNamespace

    from PySide6.QtCharts import QBarCategoryAxis

    from counter.charts import sla_chart
    from counter.reports_page import SLA_ROWS

    shares = [0.9, 0.2, None, 0.75, 0.5, 1.0, 0.1, 0.6, 0.95, None, 0.3, 0.85, 0.4, 0.7, 0.05, 0.8, 0.65]
    rows = [SimpleNamespace(label=f"Instansi {i}", figures=SimpleNamespace(within_target=v))
            for i, v in enumerate(shares)]
    report = SimpleNamespace(sla=rows)

    def names(chart: object) -> list[str]:
        axis = next(a for a in chart.axes() if isinstance(a, QBarCategoryAxis))  # type: ignore[attr-defined]
        return list(reversed(axis.categories()))  # top to bottom

    called = [r for r in rows if r.figures.within_target is not None]  # nobody called: no share
    lowest = sorted(called, key=lambda r: r.figures.within_target)[:SLA_ROWS]
    small = sla_chart(report, most=SLA_ROWS)  # type: ignore[arg-type]
    assert names(small) == [r.label for r in lowest]
    assert f"{SLA_ROWS} instansi terendah" in small.title()
    assert names(sla_chart(report)) == [r.label for r in rows]  # the recap PDF lists every agency  # type: ignore[arg-type]


def test_a_recap_tiles_words_shrink_to_fit_the_tile(qtbot: QtBot) -> None:
    from PySide6.QtGui import QFontMetricsF

    from counter.recap import _fitted

    text = "91.67 (A, Sangat Baik)"
    font = _fitted(text, 40, 200, bold=True)
    assert QFontMetricsF(font).horizontalAdvance(text) <= 200
    assert _fitted("12", 40, 200).pixelSize() == 40  # short words keep their size
