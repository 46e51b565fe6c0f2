"""The kiosk's pages after a choice: the priority classes, the ticket, and calm notices."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.pages import DESIGN, PREVIEW_HEIGHT, restyle
from kiosk.texts import ID, text
from kiosk.texts import wait as waiting_time
from kiosk.widgets import named, qr_pixmap
from shared.dto import IssuedTicket


class PriorityPage(QWidget):
    """The site's priority classes as big choices, and "not priority"."""

    chosen = Signal(object)  # a class code, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = named(QLabel(text("priority_title")), "noticeTitle")
        self.text = named(QLabel(text("priority_text")), "noticeText")
        for w in (self.title, self.text):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            w.setWordWrap(True)
        self.choices: list[QPushButton] = []
        self.none = named(QPushButton(text("priority_none")), "plainButton")
        self.none.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.none.clicked.connect(lambda: self.chosen.emit(None))
        self._box = QGridLayout()
        self._columns = 1
        self.outer = QVBoxLayout(self)
        self.outer.addStretch(1)
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.text)
        self.outer.addSpacing(24)
        self.outer.addLayout(self._box)
        self.outer.addSpacing(24)
        self.outer.addWidget(self.none, 0, Qt.AlignmentFlag.AlignHCenter)
        self.outer.addStretch(1)

    def set_gap(self, px: int) -> None:
        self._box.setSpacing(px)

    def set_columns(self, columns: int) -> None:
        """Two columns on a landscape screen, so four classes never squeeze over each other."""
        self._columns = columns
        self._place_choices()

    def _place_choices(self) -> None:
        for b in self.choices:
            self._box.removeWidget(b)
        for c in range(max(self._box.columnCount(), self._columns)):
            self._box.setColumnStretch(c, 1 if c < self._columns else 0)
        for i, b in enumerate(self.choices):
            self._box.addWidget(b, i // self._columns, i % self._columns)

    def set_language(self, lang: str) -> None:
        self.title.setText(text("priority_title", lang))
        self.text.setText(text("priority_text", lang))
        self.none.setText(text("priority_none", lang))

    def set_classes(self, classes: tuple[tuple[str, str], ...], current: str | None) -> None:
        if [b.property("code") for b in self.choices] != [c for c, _ in classes]:
            for b in self.choices:
                self._box.removeWidget(b)
                b.deleteLater()
            self.choices = []
            for code, name in classes:
                b = named(QPushButton(name), "choice")
                b.setProperty("code", code)
                b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                b.clicked.connect(lambda _=False, c=code: self.chosen.emit(c))
                self.choices.append(b)
            self._place_choices()
        for b, (code, name) in zip(self.choices, classes, strict=True):
            b.setText(name)
            restyle(b, "chosen", code == current)

    def button_for(self, code: str) -> QPushButton | None:
        return next((b for b in self.choices if b.property("code") == code), None)


class TicketPage(QWidget):
    """The number, very large, its QR code, and whether the receipt printed."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lang = ID
        self._issued: IssuedTicket | None = None
        self._receipt_png: Path | None = None
        self._picture_key: tuple[str, int, Path | None] | None = None
        self._qr_px = DESIGN["qr"]
        self.caption = named(QLabel(text("your_number")), "ticketCaption")
        self.code = named(QLabel(), "ticketCode")
        self.priority = named(QLabel(), "ticketPriority")
        self.service = named(QLabel(), "ticketService")
        self.agency = named(QLabel(), "ticketAgency")
        self.wait = named(QLabel(), "ticketWait")
        self.closing = named(QLabel(), "ticketClosing")  # the wait runs past closing time
        self.closing.hide()
        self.status = named(QLabel(), "ticketStatus")
        self.note = named(QLabel(), "ticketNote")
        self.hint = named(QLabel(text("home_soon")), "ticketHint")
        self.qr = named(QLabel(), "qr")
        self.button = named(QPushButton(text("done")), "doneButton")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.done)
        for w in (
            self.caption,
            self.code,
            self.priority,
            self.service,
            self.agency,
            self.wait,
            self.closing,
            self.status,
            self.note,
            self.hint,
            self.qr,
        ):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            w.setWordWrap(w not in (self.code, self.qr, self.priority))
        self.hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.left = QVBoxLayout()
        self.left.addStretch(1)
        for w in (self.caption, self.code, self.priority, self.service, self.agency, self.wait):
            self.left.addWidget(
                w, 0, Qt.AlignmentFlag.AlignHCenter if w is self.priority else Qt.AlignmentFlag(0)
            )
        self.left.addStretch(1)
        self.right = QVBoxLayout()
        self.right.addStretch(1)
        self.right.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        self.right.addStretch(1)
        self.body = QHBoxLayout()
        self.body.addLayout(self.left, 3)
        self.body.addLayout(self.right, 2)
        self.outer = QVBoxLayout(self)
        self.outer.addLayout(self.body, 1)
        self.outer.addWidget(self.closing)  # the whole width: one line, the number keeps its room
        self.outer.addWidget(self.status)
        self.outer.addWidget(self.note)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.button)
        self.outer.addLayout(bottom)

    def set_portrait(self, portrait: bool) -> None:
        self.body.setDirection(
            QHBoxLayout.Direction.TopToBottom if portrait else QHBoxLayout.Direction.LeftToRight
        )

    def set_qr_size(self, px: int) -> None:
        self._qr_px = px
        self._render_picture()

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self.caption.setText(text("your_number", lang))
        self.hint.setText(text("home_soon", lang))
        self.button.setText(text("done", lang))
        if self._issued is not None:
            self._render_wait(self._issued)

    def show_ticket(self, issued: IssuedTicket, priority_name: str | None) -> None:
        self._issued = issued
        self._receipt_png = None
        t = issued.ticket
        self.code.setText(t.code)
        self.priority.setText(priority_name or "")
        self.priority.setVisible(bool(priority_name))
        self.service.setText(t.service_name)
        self.agency.setText(t.agency_name)
        self._render_wait(issued)
        self._render_picture()

    def _render_wait(self, issued: IssuedTicket) -> None:
        late = issued.ahead > 0 and bool(issued.past_closing)
        self.closing.setText(text("past_closing", self._lang, time=issued.past_closing) if late else "")
        self.closing.setVisible(late)
        if issued.ahead == 0:
            self.wait.setText(text("ahead_none", self._lang))
        else:
            self.wait.setText(
                text(
                    "ahead",
                    self._lang,
                    n=issued.ahead,
                    wait=waiting_time(issued.estimated_wait_min, self._lang),
                )
            )

    def set_receipt(self, state: str, receipt_png: Path | None = None) -> None:
        """``state``: 'printing', 'printed', 'preview', 'failed' or 'none' (no receipt)."""
        tone = {"failed": "warn", "none": "warn", "printed": "ok", "preview": "ok"}.get(state, "info")
        headline = {
            "printing": "printing",
            "printed": "printed",
            "preview": "preview",
            "failed": "photo",
            "none": "photo",
        }[state]
        self.status.setText(text(headline, self._lang))
        restyle(self.status, "tone", tone)
        note = {"failed": text("print_failed", self._lang), "none": text("no_receipt", self._lang)}
        self.note.setText(note.get(state, ""))  # the printer's own reason is for staff (event, log)
        self.note.setVisible(state in note)
        self._receipt_png = receipt_png
        self._render_picture()

    def _render_picture(self) -> None:
        if self._issued is None:
            return
        key = (self._issued.ticket.qr_payload, self._qr_px, self._receipt_png)
        if key == self._picture_key:
            return  # drawing a QR code costs milliseconds; the receipt's states reuse it
        self._picture_key = key
        if self._receipt_png is not None:
            pic = QPixmap(str(self._receipt_png))
            if not pic.isNull():
                # As tall as the body leaves room for beside the number (landscape) and under
                # it (portrait): taller and the label clips the top of the receipt.
                self.qr.setPixmap(
                    pic.scaledToHeight(
                        round(self._qr_px * PREVIEW_HEIGHT), Qt.TransformationMode.SmoothTransformation
                    )
                )
                return
        self.qr.setPixmap(qr_pixmap(self._issued.ticket.qr_payload, self._qr_px))


class NoticePage(QWidget):
    """A calm message: a refusal or printer trouble (with choices) or 'out of service'."""

    done = Signal()
    alternative = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = named(QLabel(), "noticeTitle")
        self.text = named(QLabel(), "noticeText")
        self.button = named(QPushButton(text("to_home")), "doneButton")
        self.other = named(QPushButton(), "plainButton")
        for b in (self.button, self.other):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.done)
        self.other.clicked.connect(self.alternative)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for w in (self.title, self.text):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            w.setWordWrap(True)
            layout.addWidget(w)
        layout.addSpacing(24)
        layout.addWidget(self.other, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.other.hide()

    def show_notice(
        self, title: str, body: str, *, with_button: bool, button: str = "", alternative: str = ""
    ) -> None:
        self.title.setText(title)
        self.text.setText(body)
        self.button.setVisible(with_button)
        if button:
            self.button.setText(button)
        self.other.setText(alternative)
        self.other.setVisible(bool(alternative))
