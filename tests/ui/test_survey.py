"""The kiosk's survey mode: a served visitor scans the receipt, taps nine faces and is
thanked; the answer is stored once, without the visitor; the screen forgets them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.survey import SurveyApp, build
from shared import reports, rules
from shared.models import SurveyResponse
from shared.store import Store
from tests.conftest import T0
from tests.support import FixedClock, act, issue, open_counter


@pytest.fixture
def survey(qtbot: QtBot, store: Store) -> Iterator[SurveyApp]:
    app = build(store, clock=FixedClock(T0 + dt.timedelta(minutes=30)), idle_ms=400, thanks_ms=300)
    qtbot.addWidget(app.window)
    app.window.resize(1280, 800)
    app.window.show()
    app.start()
    yield app
    app.stop()


def served(store: Store) -> str:
    issued = issue(store, "KTP", T0)
    open_counter(store, "L1")
    act(store, rules.call_next, "L1", at=T0 + dt.timedelta(minutes=2))
    act(store, rules.finish, "L1", at=T0 + dt.timedelta(minutes=8))
    return issued.ticket.qr_payload


def scan(qtbot: QtBot, app: SurveyApp, text: str) -> None:
    qtbot.keyClicks(app.window.entry, text)  # the USB scanner types like a keyboard
    qtbot.keyClick(app.window.entry, Qt.Key.Key_Return)


def test_a_served_visitor_answers_nine_faces_and_is_thanked(qtbot: QtBot, survey: SurveyApp,
                                                            store: Store) -> None:
    qr = served(store)
    scan(qtbot, survey, qr)
    qtbot.waitUntil(lambda: survey.window.page == "question")
    assert "KTP-el" in survey.window.served.text()
    for i in range(9):
        assert survey.window.progress.text() == f"Pertanyaan {i + 1} dari 9"
        qtbot.mouseClick(survey.window.faces[3 if i != 8 else 1], Qt.MouseButton.LeftButton)
    assert survey.window.page == "extra"
    qtbot.mouseClick(survey.window.profile_buttons["usia"][2], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(survey.window.comment, "Ruang tunggu nyaman")
    qtbot.mouseClick(survey.window.send, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: survey.window.page == "thanks")
    with store.reading() as s:
        answers = list(s.scalars(select(SurveyResponse)))
    assert len(answers) == 1
    a = answers[0]
    assert [a.u1, a.u8, a.u9] == [4, 4, 2]
    assert a.comment == "Ruang tunggu nyaman"
    assert a.profile == {"usia": "30–39"}
    qtbot.waitUntil(lambda: survey.window.page == "start")  # thanked, then ready for the next
    assert survey.window.entry.text() == ""
    assert survey.window.scores == []


def test_a_ticket_not_yet_served_or_already_answered_is_refused_calmly(qtbot: QtBot, survey: SurveyApp,
                                                                        store: Store) -> None:
    waiting = issue(store, "SKCK", T0)
    scan(qtbot, survey, waiting.ticket.code)
    qtbot.waitUntil(lambda: "belum selesai" in survey.window.notice.text())
    assert survey.window.page == "start"
    qr = served(store)
    act(store, reports.record_answer, qr, [3] * 9,
        at=T0 + dt.timedelta(minutes=20))
    scan(qtbot, survey, qr)
    qtbot.waitUntil(lambda: "sudah diisi" in survey.window.notice.text())
    scan(qtbot, survey, "Z99")
    qtbot.waitUntil(lambda: "tidak ditemukan" in survey.window.notice.text())


def test_a_visitor_who_walks_away_is_forgotten(qtbot: QtBot, survey: SurveyApp, store: Store) -> None:
    scan(qtbot, survey, served(store))
    qtbot.waitUntil(lambda: survey.window.page == "question")
    qtbot.mouseClick(survey.window.faces[0], Qt.MouseButton.LeftButton)
    assert survey.window.scores == [1]
    qtbot.waitUntil(lambda: survey.window.page == "start", timeout=3000)
    assert survey.window.scores == []
    with store.reading() as s:
        assert s.scalars(select(SurveyResponse)).first() is None


def test_a_screen_facing_a_counter_opens_when_that_counter_finishes_a_ticket(
    qtbot: QtBot, store: Store
) -> None:
    app = build(store, clock=FixedClock(T0 + dt.timedelta(minutes=30)), idle_ms=60_000, counter="L1")
    qtbot.addWidget(app.window)
    app.window.resize(1280, 800)
    app.window.show()
    app.start()
    try:
        issue(store, "KTP", T0)
        issue(store, "KTP", T0)
        open_counter(store, "L1")
        open_counter(store, "L2")
        act(store, rules.call_next, "L2", at=T0 + dt.timedelta(minutes=1))  # A001 at another counter
        act(store, rules.finish, "L2", at=T0 + dt.timedelta(minutes=2))
        qtbot.wait(500)  # ten polls of the feed: another counter's finish leaves this screen be
        assert app.window.page == "start"
        act(store, rules.call_next, "L1", at=T0 + dt.timedelta(minutes=3))  # A002 here
        act(store, rules.finish, "L1", at=T0 + dt.timedelta(minutes=4))
        qtbot.waitUntil(lambda: app.window.page == "question", timeout=5000)
        assert "Tiket A002" in app.window.served.text()
    finally:
        app.stop()
