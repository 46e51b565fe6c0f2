"""The kiosk's survey mode (``antre-kiosk --survey``): the SKM questionnaire for a stand near
the exit, or a small screen facing the visitor at a counter.

The visitor scans the receipt's QR (the USB scanner types it, then Enter) or types the
number (with ``--counter CODE``, a screen facing the visitor at that counter opens by itself
when the counter finishes a ticket); answers nine questions with four big faces each; may
leave a comment and a short profile; and is thanked. Left alone, it goes back to the start.
The answer is recorded by :func:`shared.reports.record_answer` (one per served ticket, never
who the visitor is).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from shared import events, reports, rules
from shared.events import EventView
from shared.reports.survey import PROFILE, Questionnaire, SurveyTicket
from shared.store import Store
from shared.ui.feed import FeedFactory, FeedWatcher
from shared.ui.worker import Failure, Worker

log = logging.getLogger(__name__)

IDLE_MS = 30_000
THANKS_MS = 6_000
FACE_COLOURS = ("#d64541", "#f39c12", "#7cb342", "#2e7d32")


class SurveyController(QObject):
    """Store calls off the GUI thread; results come back as signals."""

    questionnaire_loaded = Signal(object)  # Questionnaire
    ticket_accepted = Signal(object)  # SurveyTicket
    ticket_refused = Signal(str)
    answer_recorded = Signal(object)  # SurveyTicket
    answer_refused = Signal(str)

    finished_here = Signal(str)  # the code of a ticket this screen's counter just finished

    def __init__(self, store: Store, worker: Worker, clock: rules.Clock = rules.utc_now, *,
                 counter: str | None = None, feed_factory: FeedFactory | None = None) -> None:
        super().__init__()
        self._store = store
        self._worker = worker
        self._clock = clock
        self._counter = counter
        self._feed_factory = feed_factory or (lambda last_id: FeedWatcher(store, last_id))
        self._feed: FeedWatcher | None = None

    def start(self) -> None:
        def load() -> tuple[Questionnaire, int]:
            with self._store.reading() as s:
                return reports.questionnaire(s), events.last_event_id(s)

        def loaded(result: tuple[Questionnaire, int]) -> None:
            questionnaire, last_id = result
            self.questionnaire_loaded.emit(questionnaire)
            if self._counter is not None and self._feed is None:
                self._feed = self._feed_factory(last_id)
                self._feed.events_arrived.connect(self._on_events)
                self._feed.start()

        self._worker.run(load, loaded, lambda f: self.questionnaire_loaded.emit(Questionnaire()))

    def stop(self) -> None:
        if self._feed is not None:
            self._feed.stop()
            self._feed = None

    def _on_events(self, batch: list[EventView]) -> None:
        """A screen facing the visitor at a counter opens when that counter finishes a ticket."""
        for e in batch:
            if e.kind == "ticket_finished" and e.data.get("counter") == self._counter and e.data.get("code"):
                self.finished_here.emit(str(e.data["code"]))

    def check(self, ref: str) -> None:
        now = self._clock()

        def check() -> SurveyTicket:
            with self._store.reading() as s:
                return reports.check_ticket(s, ref, now=now)

        self._worker.run(check, self.ticket_accepted.emit, lambda f: self.ticket_refused.emit(f.message))

    def record(self, ref: str, scores: list[int], comment: str, profile: dict[str, str]) -> None:
        now = self._clock()

        def record() -> SurveyTicket:
            with self._store.transaction() as s:
                return reports.record_answer(s, ref, scores, now=now, comment=comment, profile=profile)

        def failed(f: Failure) -> None:
            self.answer_refused.emit(f.message)

        self._worker.run(record, self.answer_recorded.emit, failed)


class FaceButton(QPushButton):
    """A big round face from sad (1) to happy (4), its answer's words under it."""

    def __init__(self, score: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score = score
        self.setObjectName(f"face{score}")
        self.setMinimumSize(150, 190)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet("QPushButton { border: none; background: transparent; }")

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        d = min(w, h - 50) - 10
        face = QRectF((w - d) / 2, 5, d, d)
        colour = QColor(FACE_COLOURS[self.score - 1])
        if self.isDown():
            colour = colour.darker(120)
        p.setBrush(colour)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawEllipse(face)
        p.setBrush(QColor("white"))
        eye = d * 0.09
        for dx in (-0.18, 0.18):
            p.drawEllipse(QPointF(face.center().x() + dx * d, face.top() + d * 0.38), eye, eye)
        pen = QPen(QColor("white"), d * 0.06)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        smile = (self.score - 2.5) / 1.5  # -1 sad … +1 happy
        y = face.top() + d * 0.68
        mouth = QPainterPath(QPointF(face.center().x() - d * 0.22, y))
        mouth.quadTo(QPointF(face.center().x(), y + smile * d * 0.2),
                     QPointF(face.center().x() + d * 0.22, y))
        p.drawPath(mouth)
        p.setPen(QColor("#1d2a3a"))
        font = p.font()
        font.setPixelSize(22)
        font.setBold(True)
        p.setFont(font)
        p.drawText(QRectF(0, face.bottom() + 6, w, 40), Qt.AlignmentFlag.AlignCenter, self.text())
        p.end()


@dataclass
class _Answer:
    ref: str = ""
    ticket: SurveyTicket | None = None


def _label(text: str, name: str, size: int, *, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet(f"font-size: {size}px; {'font-weight: bold;' if bold else ''} color: #1d2a3a;")
    return label


def _button(text: str, name: str) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setMinimumHeight(70)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    b.setStyleSheet("QPushButton { font-size: 26px; padding: 10px 30px; border-radius: 12px; "
                    "background: #1565c0; color: white; } QPushButton:checked { background: #2e7d32; }")
    return b


class SurveyWindow(QWidget):
    """Start (scan or type), nine questions, an optional comment and profile, thanks."""

    ticket_entered = Signal(str)
    answered = Signal(str, list, str, dict)

    def __init__(self, *, idle_ms: int = IDLE_MS, thanks_ms: int = THANKS_MS) -> None:
        super().__init__()
        self.setObjectName("surveyWindow")
        self.setStyleSheet("#surveyWindow { background: #f4f7fb; }")
        self.questionnaire = Questionnaire()
        self._answer = _Answer()
        self.scores: list[int] = []
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        # The window's size is the screen's: a longer question must not ask the window to grow.
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(_label("Survei Kepuasan Masyarakat", "surveyTitle", 34, bold=True))
        layout.addWidget(self.stack, 1)

        start = QWidget()
        s = QVBoxLayout(start)
        s.addStretch(1)
        s.addWidget(_label("Bagaimana pelayanan kami hari ini?", "startHeading", 40, bold=True))
        s.addWidget(_label("Pindai kode QR pada struk Anda, atau ketik nomor antrean lalu tekan Mulai.\n"
                           "Sembilan pertanyaan singkat, kurang dari satu menit.", "startHelp", 24))
        row = QHBoxLayout()
        self.entry = QLineEdit()
        self.entry.setObjectName("ticketEntry")
        self.entry.setPlaceholderText("contoh: A012")
        self.entry.setStyleSheet("font-size: 34px; padding: 10px;")
        self.entry.setMaximumWidth(420)
        self.entry.returnPressed.connect(self._on_entered)
        self.entry.textChanged.connect(self._on_typed)
        self.start_button = _button("Mulai", "startButton")
        self.start_button.clicked.connect(self._on_entered)
        row.addStretch(1)
        row.addWidget(self.entry)
        row.addWidget(self.start_button)
        row.addStretch(1)
        s.addLayout(row)
        self.notice = _label("", "startNotice", 24)
        self.notice.setStyleSheet("font-size: 24px; color: #b71c1c;")
        s.addWidget(self.notice)
        s.addStretch(2)
        self.stack.addWidget(start)

        question = QWidget()
        q = QVBoxLayout(question)
        self.progress = _label("", "questionProgress", 20)
        self.element = _label("", "questionElement", 24, bold=True)
        self.question = _label("", "questionText", 34)
        self.served = _label("", "questionTicket", 20)
        q.addWidget(self.progress)
        q.addWidget(self.served)
        q.addStretch(1)
        q.addWidget(self.element)
        q.addWidget(self.question)
        faces = QHBoxLayout()
        self.faces = [FaceButton(score) for score in reports.survey.SCORES]
        for face in self.faces:
            face.clicked.connect(lambda _=False, score=face.score: self._on_scored(score))
            faces.addWidget(face)
        q.addLayout(faces, 3)
        q.addStretch(1)
        self.stack.addWidget(question)

        extra = QWidget()
        e = QVBoxLayout(extra)
        e.addWidget(_label("Terakhir (boleh dilewati): saran atau masukan, dan sedikit tentang Anda.",
                           "extraHeading", 26, bold=True))
        self.comment = QLineEdit()
        self.comment.setObjectName("comment")
        self.comment.setPlaceholderText("Saran atau masukan (tidak wajib)")
        self.comment.setMaxLength(reports.survey.COMMENT_MAX)
        self.comment.setStyleSheet("font-size: 26px; padding: 8px;")
        e.addWidget(self.comment)
        self.profile_buttons: dict[str, list[QPushButton]] = {}
        grid = QGridLayout()
        for row_no, key in enumerate(("jenis_kelamin", "usia")):
            grid.addWidget(_label({"jenis_kelamin": "Jenis kelamin", "usia": "Usia"}[key], f"{key}Label", 22),
                           row_no, 0)
            buttons = []
            for col, value in enumerate(PROFILE[key], start=1):
                b = _button(value, f"{key}:{value}")
                b.setCheckable(True)
                b.clicked.connect(lambda checked, k=key, v=value: self._on_profile(k, v, checked))
                grid.addWidget(b, row_no, col)
                buttons.append(b)
            self.profile_buttons[key] = buttons
        e.addLayout(grid)
        e.addStretch(1)
        self.send = _button("Kirim", "sendButton")
        self.send.clicked.connect(self._on_send)
        e.addWidget(self.send)
        self.stack.addWidget(extra)

        thanks = QWidget()
        t = QVBoxLayout(thanks)
        t.addStretch(1)
        t.addWidget(_label("Terima kasih!", "thanksHeading", 56, bold=True))
        self.thanks = _label("", "thanksText", 26)
        t.addWidget(self.thanks)
        t.addStretch(1)
        self.stack.addWidget(thanks)

        self.profile: dict[str, str] = {}
        self._idle = QTimer(self, singleShot=True, interval=idle_ms)
        self._idle.timeout.connect(self.reset)
        self._thanks = QTimer(self, singleShot=True, interval=thanks_ms)
        self._thanks.timeout.connect(self.reset)
        self.reset()

    @property
    def page(self) -> str:
        return ("start", "question", "extra", "thanks")[self.stack.currentIndex()]

    def set_questionnaire(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        for face, words in zip(self.faces, questionnaire.answers, strict=True):
            face.setText(words)
            face.update()

    def reset(self) -> None:
        """Back to the start, forgetting everything of the last visitor."""
        self._idle.stop()
        self._thanks.stop()
        self._answer = _Answer()
        self.scores = []
        self.profile = {}
        self.entry.clear()
        self.comment.clear()
        for buttons in self.profile_buttons.values():
            for b in buttons:
                b.setChecked(False)
        self.notice.setText("")
        self.stack.setCurrentIndex(0)
        self.entry.setFocus()

    def _touch(self) -> None:
        self._idle.start()

    def _on_typed(self, text: str) -> None:
        """What the scanner types from the receipt's QR is for the machine: it is not shown."""
        scanned = text.upper().startswith("ANTRE")
        self.entry.setEchoMode(QLineEdit.EchoMode.NoEcho if scanned else QLineEdit.EchoMode.Normal)

    def offer(self, code: str) -> None:
        """The counter this screen faces just finished ``code``: its visitor is asked, whoever
        was here before is forgotten."""
        self.reset()
        self.entry.setText(code)
        self._on_entered()

    def _on_entered(self) -> None:
        ref = self.entry.text().strip()
        if not ref:
            self.notice.setText("Ketik nomor antrean Anda, atau pindai kode QR pada struk.")
            return
        self._answer.ref = ref
        self.notice.setText("Memeriksa…")
        self.ticket_entered.emit(ref)

    def show_ticket(self, ticket: SurveyTicket) -> None:
        self._answer.ticket = ticket
        self.served.setText(f"Tiket {ticket.code} · {ticket.service_name} ({ticket.agency_name})")
        self._show_question()

    def show_refusal(self, message: str) -> None:
        self.entry.clear()
        self.stack.setCurrentIndex(0)
        self.notice.setText(message)
        self.entry.setFocus()

    def _show_question(self) -> None:
        i = len(self.scores)
        self.progress.setText(f"Pertanyaan {i + 1} dari {len(reports.ELEMENTS)}")
        self.element.setText(reports.ELEMENTS[i])
        self.question.setText(self.questionnaire.questions[i])
        self.stack.setCurrentIndex(1)
        self._touch()

    def _on_scored(self, score: int) -> None:
        self.scores.append(score)
        if len(self.scores) < len(reports.ELEMENTS):
            self._show_question()
        else:
            self.stack.setCurrentIndex(2)
            self._touch()

    def _on_profile(self, key: str, value: str, checked: bool) -> None:
        for b in self.profile_buttons[key]:
            if b.text() != value:
                b.setChecked(False)
        if checked:
            self.profile[key] = value
        else:
            self.profile.pop(key, None)
        self._touch()

    def _on_send(self) -> None:
        self._idle.stop()
        self.answered.emit(self._answer.ref, list(self.scores), self.comment.text(), dict(self.profile))

    def show_recorded(self, ticket: SurveyTicket) -> None:
        self.thanks.setText(f"Jawaban Anda untuk {ticket.service_name} membantu kami melayani lebih baik.")
        self.stack.setCurrentIndex(3)
        self._thanks.start()

    def show_bug(self, message: str) -> None:
        self.show_refusal(message)


@dataclass
class SurveyApp:
    window: SurveyWindow
    controller: SurveyController
    worker: Worker

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
        self.worker.wait()


def build(store: Store, *, clock: rules.Clock = rules.utc_now, idle_ms: int = IDLE_MS,
          thanks_ms: int = THANKS_MS, counter: str | None = None,
          feed_factory: FeedFactory | None = None) -> SurveyApp:
    """``counter``: a screen facing the visitor at that counter, which opens the questionnaire
    by itself when the counter finishes a ticket (from the event feed)."""
    worker = Worker()
    controller = SurveyController(store, worker, clock, counter=counter, feed_factory=feed_factory)
    window = SurveyWindow(idle_ms=idle_ms, thanks_ms=thanks_ms)
    controller.questionnaire_loaded.connect(window.set_questionnaire)
    window.ticket_entered.connect(controller.check)
    controller.ticket_accepted.connect(window.show_ticket)
    controller.ticket_refused.connect(window.show_refusal)
    window.answered.connect(controller.record)
    controller.answer_recorded.connect(window.show_recorded)
    controller.answer_refused.connect(window.show_refusal)
    controller.finished_here.connect(window.offer)
    return SurveyApp(window, controller, worker)
