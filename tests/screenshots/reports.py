"""The reports page (with its charts), each chart alone, a page of the daily recap PDF, and
the survey mode's screens: start, a question, the last page and the thanks."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QWidget

from counter.app import build as build_counter
from kiosk.survey import build as build_survey
from shared import reports, rules
from shared.store import Store
from tests.screenshots.common import (
    CLERK,
    COUNTER_SIZES,
    LANDSCAPE,
    NEVER_MS,
    NOW,
    Feeds,
    FixedClock,
    Shots,
    _at,
)
from tests.screenshots.counter import PASSWORD, log_in

SERVING = ("L02", "L05", "L09", "L12", "L18", "L03", "L06", "L22", "L10", "L07", "L23", "L13", "L21")
TABLET = (1280, 800)


def served_morning(store: Store) -> list[str]:
    """Counters serve a round of tickets between 09:50 and 10:25; a few visitors answer the SKM."""
    done: list[str] = []
    for k in range(3):
        for i, counter in enumerate(SERVING):
            at = _at(9, 50) + dt.timedelta(minutes=11 * k + i % 5)
            with store.transaction() as s:
                called = rules.call_next(s, counter, now=at)
            if called.ticket is None:
                continue
            with store.transaction() as s:
                rules.finish(s, counter, now=at + dt.timedelta(minutes=3 + i % 4))
            done.append(called.ticket.code)
    for n, code in enumerate(done[:-1]):
        scores = [4 - (n + e) % 3 // 2 for e in range(9)]
        with store.transaction() as s:
            reports.record_answer(s, code, scores, now=NOW)
    return done


def save(shots: Shots, widget: QWidget, name: str) -> None:
    shots.pump(60)
    path = shots.out / f"{name}-{widget.width()}x{widget.height()}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    shots.written.append(path)


def shoot(shots: Shots, store: Store) -> None:
    done = served_morning(store)
    with tempfile.TemporaryDirectory(prefix="antre-recap-") as tmp:
        shoot_reports(shots, store, Path(tmp))
    shoot_survey(shots, store, done[-1])


def shoot_reports(shots: Shots, store: Store, recap_dir: Path) -> None:
    app = build_counter(store, clock=FixedClock(NOW), feed_factory=Feeds(store), recap_dir=recap_dir)
    w = app.window
    page = w.reports
    try:
        w.resize(*LANDSCAPE)
        w.show()
        app.start()
        log_in(shots, app, "supervisor", PASSWORD)
        shots.wait(lambda: w.supervisor_button.isVisibleTo(w), "the supervisor's choice")
        w.supervisor_button.click()
        shots.wait(lambda: w.pages.currentWidget() is w.supervisor, "the supervisor view")
        w.supervisor.reports_button.click()
        shots.wait(lambda: page.day() == NOW.date() or page.day().year == NOW.year, "the reports page")
        page.by.setCurrentIndex(page.by.findData("agency"))
        page.show_button.click()
        shots.wait(lambda: page.report is not None and page.table.rowCount() > 1, "the day's report")
        shots.grab(w, "counter", "reports", COUNTER_SIZES)
        w.resize(*CLERK)
        shots.pump(50)
        for view, name in ((page.waits_view, "chart-waits"), (page.heat, "chart-arrivals"),
                           (page.sla_view, "chart-sla")):
            view.resize(620, 360)
            save(shots, view, name)
        page.recap_button.click()
        shots.wait(lambda: "Rekap PDF disimpan" in page.notice.text(), "the recap PDFs", timeout_s=30)
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm is None:
            shots.problems.append("pdftoppm (poppler-utils) is missing: no picture of the recap PDF")
            return
        for pdf in sorted(recap_dir.glob("*.pdf"))[-1:] + sorted(recap_dir.glob("*-DUKCAPIL.pdf")):
            stem = pdf.stem.replace("rekap-", "recap-")
            subprocess.run([pdftoppm, "-png", "-r", "80", "-singlefile", str(pdf), str(shots.out / stem)],
                           check=True, timeout=60)
            shots.written.append(shots.out / f"{stem}.png")
    finally:
        app.stop()
        w.close()


def shoot_survey(shots: Shots, store: Store, code: str) -> None:
    app = build_survey(store, clock=FixedClock(NOW), idle_ms=NEVER_MS, thanks_ms=NEVER_MS)
    w = app.window
    try:
        w.resize(*LANDSCAPE)
        w.show()
        app.start()
        shots.wait(lambda: w.faces[0].text() != "", "the survey's wording")
        shots.grab(w, "survey", "start", (LANDSCAPE, TABLET))
        w.entry.setText(code)
        w.start_button.click()
        shots.wait(lambda: w.page == "question", "the first question")
        for face in (3, 2, 3):
            w.faces[face].click()
        shots.grab(w, "survey", "question", (LANDSCAPE, TABLET))
        while w.page == "question":
            w.faces[3].click()
        w.profile_buttons["usia"][2].click()
        w.comment.setText("Petugas ramah, antrean tertib.")
        shots.grab(w, "survey", "last", (LANDSCAPE, TABLET))
        w.send.click()
        shots.wait(lambda: w.page == "thanks", "the thanks")
        shots.grab(w, "survey", "thanks", (LANDSCAPE, TABLET))
        w.show_refusal(f"Survei untuk tiket {code} sudah diisi. Terima kasih.")
        shots.grab(w, "survey", "refused", (TABLET,))
    finally:
        app.stop()
        w.close()
