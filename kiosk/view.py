"""The kiosk's pages. They render what the controller tells them and emit the visitor's
choices; page flow (home, agency, priority, ticket, notices, admin) and its timeouts live here.

Two designs, both at full HD: landscape 1920x1080 and portrait 1080x1920
(:func:`shared.ui.scaling.fit` picks one and scales it to the window). Touch targets are
at least 90 px at full size: 15 mm on a 24" full-HD panel.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.admin import AdminPage, PinPage
from kiosk.catalog import AgencyEntry, Catalog
from kiosk.texts import EN, ID, text
from kiosk.widgets import CardButton, Logos, Pager, named, qr_pixmap
from shared.dto import IssuedTicket, ServiceView
from shared.ui.scaling import Fit, changed, fit

HOME_TILES = 12  # 4x3 landscape, 3x4 portrait
SERVICE_BUTTONS = 6  # 2x3 landscape, 1x6 portrait
IDLE_MS = 30_000
TICKET_MS = 10_000
PHOTO_MS = 30_000  # time to photograph or write down a number whose receipt did not print
NOTICE_MS = 8_000
OUT_OF_SERVICE = "Layanan sementara tidak tersedia"

STYLE = """
#kiosk {{ background: #F2F5FA; }}
#header {{ background: #0B3D91; }}
#siteName {{ color: #FFFFFF; font-size: {h3}px; font-weight: bold; }}
#langButton {{ background: #FFFFFF; color: #0B3D91; border: none; border-radius: {radius}px;
    font-size: {body}px; font-weight: bold; padding: {pad}px {padx}px; min-height: {touch}px;
    min-width: {lang}px; }}
#prompt {{ color: #0B1F3A; font-size: {h2}px; font-weight: bold; }}
#agencyTitle {{ color: #0B1F3A; font-size: {h3}px; font-weight: bold; }}
#tile {{ background: #0B3D91; border: none; border-radius: {radius}px; }}
#tile:pressed {{ background: #072B66; }}
#tile #cardTitle {{ color: #FFFFFF; font-size: {tile}px; font-weight: bold; }}
#tile #cardDetail {{ color: #DCE6F5; font-size: {small}px; }}
#tile #cardNote {{ color: #FFD23F; font-size: {small}px; font-weight: bold; }}
#tile[available="false"] {{ background: #5B6B82; }}
#service {{ background: #FFFFFF; border: {border}px solid #0B3D91; border-radius: {radius}px; }}
#service:pressed {{ background: #DCE6F5; }}
#service #cardTitle {{ color: #0B1F3A; font-size: {svc}px; font-weight: bold; }}
#service #cardDetail {{ color: #0B3D91; font-size: {small}px; font-weight: bold; }}
#service #cardNote {{ color: #25344A; font-size: {small}px; }}
#service[state="closed"] {{ background: #E1E5EB; border: {border}px dashed #8A94A3; }}
#service[state="closed"] #cardTitle {{ color: #5A6372; }}
#service[state="closed"] #cardNote {{ color: #8A1C1C; font-weight: bold; }}
#service[state="locked"] {{ background: #F1F3F6; border-color: #D5DAE1; }}
#service[state="locked"] #cardTitle, #service[state="locked"] #cardDetail,
#service[state="locked"] #cardNote {{ color: #A4ADBA; }}
#service[state="chosen"] {{ background: #0B3D91; border-color: #0B3D91; }}
#service[state="chosen"] #cardTitle, #service[state="chosen"] #cardDetail,
#service[state="chosen"] #cardNote {{ color: #FFFFFF; }}
#pagerButton, #backButton, #doneButton, #plainButton, #keyButton, #keyWord {{
    background: #FFFFFF; color: #0B3D91; border: {border}px solid #0B3D91;
    border-radius: {radius}px; font-size: {body}px; font-weight: bold;
    padding: {pad}px {padx}px; min-height: {touch}px; }}
#pagerButton:disabled, #backButton:disabled, #plainButton:disabled {{
    color: #A4ADBA; border-color: #C9D0DA; background: #F1F3F6; }}
#doneButton {{ background: #0B3D91; color: #FFFFFF; }}
#keyButton, #keyWord {{ padding: 0px; min-height: {key}px; }}
#keyButton {{ font-size: {h2}px; }}
#priorityBar {{ background: #FFF4D6; border: {border}px solid #E0A100; border-radius: {radius}px; }}
#priorityBar:pressed {{ background: #FFE7A3; }}
#priorityBar #cardTitle {{ color: #5C3B00; font-size: {body}px; font-weight: bold; }}
#priorityBar[active="true"] {{ background: #E0A100; }}
#priorityBar[active="true"] #cardTitle {{ color: #1F1400; }}
#choice {{ background: #FFFFFF; color: #0B1F3A; border: {border}px solid #0B3D91;
    border-radius: {radius}px; font-size: {svc}px; font-weight: bold; min-height: {choice}px; }}
#choice[chosen="true"] {{ background: #0B3D91; color: #FFFFFF; }}
#pagerLabel {{ color: #25344A; font-size: {small}px; }}
#busy {{ color: #0B3D91; font-size: {body}px; font-weight: bold; }}
#ticketCaption {{ color: #25344A; font-size: {h2}px; }}
#ticketCode {{ color: #0B3D91; font-size: {code}px; font-weight: bold; }}
#ticketPriority {{ color: #5C3B00; background: #FFF4D6; border-radius: {radius}px;
    font-size: {body}px; font-weight: bold; padding: {pad}px; }}
#ticketService {{ color: #0B1F3A; font-size: {h2}px; font-weight: bold; }}
#ticketAgency {{ color: #25344A; font-size: {body}px; }}
#ticketWait {{ color: #0B1F3A; font-size: {h3}px; }}
#ticketStatus {{ color: #0B1F3A; background: #DCE6F5; border-radius: {radius}px;
    font-size: {body}px; font-weight: bold; padding: {pad}px {padx}px; }}
#ticketStatus[tone="warn"] {{ color: #FFFFFF; background: #A4161A; font-size: {h3}px; }}
#ticketStatus[tone="ok"] {{ color: #0F3D1E; background: #D8F0DE; }}
#ticketHint {{ color: #25344A; font-size: {small}px; }}
#ticketNote {{ color: #25344A; font-size: {small}px; }}
#qr {{ background: #FFFFFF; border-radius: {radius}px; padding: {pad}px; }}
#noticeTitle {{ color: #0B1F3A; font-size: {h1}px; font-weight: bold; }}
#noticeText {{ color: #25344A; font-size: {h3}px; }}
#pinDots {{ color: #0B1F3A; font-size: {h1}px; font-weight: bold; min-height: {touch}px; }}
#pinError {{ color: #A4161A; font-size: {body}px; font-weight: bold; }}
#adminText {{ color: #25344A; font-size: {body}px; }}
"""

DESIGN = {"code": 260, "h1": 72, "h2": 52, "h3": 40, "tile": 46, "svc": 42, "body": 36, "small": 30,
          "radius": 22, "border": 3, "pad": 14, "padx": 36, "touch": 96, "key": 150, "choice": 130,
          "lang": 240, "qr": 360, "footer": 130, "logo": 72}


def _pages(n: int, per_page: int) -> int:
    return max(1, math.ceil(n / per_page))


def _restyle(widget: QWidget, name: str, value: object) -> None:
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    for w in (widget, *widget.findChildren(QWidget)):
        w.style().unpolish(w)
        w.style().polish(w)


def _place(grid: QGridLayout, widgets: list[CardButton], columns: int) -> None:
    """(Re)place ``widgets`` in ``columns`` columns with equal stretch."""
    rows = math.ceil(len(widgets) / columns)
    for w in widgets:
        grid.removeWidget(w)
    for r in range(max(grid.rowCount(), rows)):
        grid.setRowStretch(r, 1 if r < rows else 0)
    for c in range(max(grid.columnCount(), columns)):
        grid.setColumnStretch(c, 1 if c < columns else 0)
    for i, w in enumerate(widgets):
        grid.addWidget(w, i // columns, i % columns)


class HomePage(QWidget):
    """The agencies as tiles, 12 to a page."""

    agency_chosen = Signal(str)

    def __init__(self, logos: Logos | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._agencies: tuple[AgencyEntry, ...] = ()
        self._lang = ID
        self._logos = logos or Logos([])
        self._logo_px = DESIGN["logo"]
        self.prompt = named(QLabel(text("choose_agency")), "prompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt.setWordWrap(True)
        self.tiles = [CardButton("tile") for _ in range(HOME_TILES)]
        self.grid = QGridLayout()
        for tile in self.tiles:
            tile.clicked.connect(lambda _=False, t=tile: self.agency_chosen.emit(t.key))
        self.set_columns(4)
        self.pager = Pager()
        self.pager.page_changed.connect(lambda _p: self._render())
        self.outer = QVBoxLayout(self)
        self.outer.addWidget(self.prompt)
        self.outer.addLayout(self.grid, 1)
        self.outer.addWidget(self.pager)

    def set_columns(self, columns: int) -> None:
        _place(self.grid, self.tiles, columns)

    def set_logo_size(self, px: int) -> None:
        self._logo_px = px
        self._render()

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self.prompt.setText(text("choose_agency", lang))
        self.pager.set_language(lang)
        self._render()

    def set_agencies(self, agencies: tuple[AgencyEntry, ...]) -> None:
        self._agencies = agencies
        self.pager.set_pages(_pages(len(agencies), len(self.tiles)))
        self._render()

    def first_page(self) -> None:
        self.pager.set_page(0)
        self._render()

    def tile_for(self, agency_code: str) -> CardButton | None:
        return next((t for t in self.tiles if t.isVisible() and t.key == agency_code), None)

    def _render(self) -> None:
        start = self.pager.page * len(self.tiles)
        shown = self._agencies[start:start + len(self.tiles)]
        for i, tile in enumerate(self.tiles):
            if i >= len(shown):
                tile.key = ""
                tile.hide()
                continue
            a = shown[i]
            tile.key = a.code
            tile.set_logo(self._logos.get(a.code, self._logo_px))
            if not a.available:
                tile.set_lines(a.short, "", text("closed", self._lang))
            elif a.waiting == 0:
                tile.set_lines(a.short, text("no_queue", self._lang))
            else:
                tile.set_lines(a.short, text("waiting", self._lang, n=a.waiting))
            tile.set_available(a.available)
            tile.show()


class AgencyPage(QWidget):
    """One agency's services as big buttons, 6 to a page, and the way to priority."""

    service_chosen = Signal(str)
    back_requested = Signal()
    priority_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._agency: AgencyEntry | None = None
        self._issuing = False
        self._chosen = ""
        self._lang = ID
        self._priority_name: str | None = None
        self._offered = True
        self.back = named(QPushButton(text("back")), "backButton")
        self.back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back.clicked.connect(self.back_requested)
        self.title = named(QLabel(), "agencyTitle")
        self.title.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.back, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        self.buttons = [CardButton("service") for _ in range(SERVICE_BUTTONS)]
        self.grid = QGridLayout()
        for button in self.buttons:
            button.clicked.connect(lambda _=False, b=button: self._on_button(b))
        self.set_columns(2)
        self.priority = CardButton("priorityBar")
        self.priority.set_lines(text("priority_ask"))
        self.priority.clicked.connect(self.priority_requested)
        self.busy = named(QLabel(text("busy")), "busy")
        self.busy.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.busy.setWordWrap(True)
        # The priority bar and the "please wait" line share one slot of fixed height, so
        # the grid never moves while a number is being made.
        self.footer = QStackedWidget()
        self.footer.addWidget(QWidget())
        self.footer.addWidget(self.priority)
        self.footer.addWidget(self.busy)
        self.footer.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.pager = Pager()
        self.pager.page_changed.connect(lambda _p: self._render())
        self.outer = QVBoxLayout(self)
        self.outer.addLayout(top)
        self.outer.addLayout(self.grid, 1)
        self.outer.addWidget(self.pager)
        self.outer.addWidget(self.footer)

    def set_columns(self, columns: int) -> None:
        _place(self.grid, self.buttons, columns)

    @property
    def agency_code(self) -> str | None:
        return self._agency.code if self._agency else None

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self.back.setText(text("back", lang))
        self.busy.setText(text("busy", lang))
        self.pager.set_language(lang)
        self.set_priority(self._priority_name)
        self._render()

    def set_priority(self, name: str | None, *, offered: bool = True) -> None:
        self._priority_name = name
        self._offered = offered
        self.priority.set_lines(text("priority_on", self._lang, name=name) + "   ✕" if name
                                else text("priority_ask", self._lang))
        _restyle(self.priority, "active", bool(name))
        self._show_footer()

    def _show_footer(self) -> None:
        if self._issuing:
            self.footer.setCurrentWidget(self.busy)
        elif self._offered:
            self.footer.setCurrentWidget(self.priority)
        else:
            self.footer.setCurrentIndex(0)

    def set_footer_height(self, px: int) -> None:
        self.footer.setFixedHeight(px)

    def set_agency(self, agency: AgencyEntry, *, first_page: bool = False) -> None:
        self._agency = agency
        self.title.setText(agency.name)
        self.pager.set_pages(_pages(len(agency.services), len(self.buttons)))
        if first_page:
            self.pager.set_page(0)
        self._render()

    def set_issuing(self, issuing: bool, chosen: str | None = None) -> None:
        """Lock the page while a number is made; ``chosen`` (default: the service just
        tapped) stands out, the rest look locked."""
        self._issuing = issuing
        if chosen is not None:
            self._chosen = chosen
        if not issuing:
            self._chosen = ""
        for w in (self.back, self.pager, self.priority):
            w.setEnabled(not issuing)
        self._show_footer()
        self._render()

    def button_for(self, service_code: str) -> CardButton | None:
        return next((b for b in self.buttons if b.isVisible() and b.key == service_code), None)

    def _on_button(self, button: CardButton) -> None:
        if button.key and not self._issuing:
            self._chosen = button.key
            self.service_chosen.emit(button.key)

    def _render(self) -> None:
        services = self._agency.services if self._agency else ()
        start = self.pager.page * len(self.buttons)
        shown = services[start:start + len(self.buttons)]
        for i, button in enumerate(self.buttons):
            if i >= len(shown):
                button.key = ""
                button.hide()
                continue
            svc = shown[i]
            button.key = svc.code
            button.set_lines(svc.name, *_service_lines(svc, self._lang))
            button.set_available(svc.available)
            if not svc.available:
                state = "closed"
            elif self._issuing:
                state = "chosen" if svc.code == self._chosen else "locked"
            else:
                state = "open"
            _restyle(button, "state", state)
            button.setEnabled(svc.available and not self._issuing)
            button.show()


def _service_lines(svc: ServiceView, lang: str) -> tuple[str, str]:
    if not svc.available:  # the rules' reason already names the hours when it is about them
        return "", svc.unavailable_reason or text("unavailable", lang)
    hours = text("hours", lang, hours=svc.hours.replace("-", "–")) if svc.hours else ""
    if svc.waiting == 0:
        wait = text("no_queue", lang)
    else:
        wait = text("wait_est", lang, n=svc.waiting, m=svc.estimated_wait_min)
    quota = "" if svc.quota is None else text("quota_left", lang, n=max(0, svc.quota - svc.issued_today))
    return wait, "  ·  ".join(x for x in (hours, quota) if x)


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
        self._box = QVBoxLayout()
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
                self._box.addWidget(b)
                self.choices.append(b)
        for b, (code, name) in zip(self.choices, classes, strict=True):
            b.setText(name)
            _restyle(b, "chosen", code == current)

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
        self._qr_px = DESIGN["qr"]
        self.caption = named(QLabel(text("your_number")), "ticketCaption")
        self.code = named(QLabel(), "ticketCode")
        self.priority = named(QLabel(), "ticketPriority")
        self.service = named(QLabel(), "ticketService")
        self.agency = named(QLabel(), "ticketAgency")
        self.wait = named(QLabel(), "ticketWait")
        self.status = named(QLabel(), "ticketStatus")
        self.note = named(QLabel(), "ticketNote")
        self.hint = named(QLabel(text("home_soon")), "ticketHint")
        self.qr = named(QLabel(), "qr")
        self.button = named(QPushButton(text("done")), "doneButton")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.done)
        for w in (self.caption, self.code, self.priority, self.service, self.agency, self.wait,
                  self.status, self.note, self.hint, self.qr):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            w.setWordWrap(w not in (self.code, self.qr, self.priority))
        self.hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.left = QVBoxLayout()
        self.left.addStretch(1)
        for w in (self.caption, self.code, self.priority, self.service, self.agency, self.wait):
            self.left.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter if w is self.priority else
                                Qt.AlignmentFlag(0))
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
        self.outer.addWidget(self.status)
        self.outer.addWidget(self.note)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.button)
        self.outer.addLayout(bottom)

    def set_portrait(self, portrait: bool) -> None:
        self.body.setDirection(QHBoxLayout.Direction.TopToBottom if portrait
                               else QHBoxLayout.Direction.LeftToRight)

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
        if issued.ahead == 0:
            self.wait.setText(text("ahead_none", self._lang))
        else:
            self.wait.setText(text("ahead", self._lang, n=issued.ahead, m=issued.estimated_wait_min))

    def set_receipt(self, state: str, detail: str = "", receipt_png: Path | None = None) -> None:
        """``state``: 'printing', 'printed', 'preview', 'failed' or 'none' (no receipt)."""
        tone = {"failed": "warn", "none": "warn", "printed": "ok", "preview": "ok"}.get(state, "info")
        headline = {"printing": "printing", "printed": "printed", "preview": "preview",
                    "failed": "photo", "none": "photo"}[state]
        self.status.setText(text(headline, self._lang))
        _restyle(self.status, "tone", tone)
        note = {"failed": text("print_failed", self._lang), "none": text("no_receipt", self._lang)}
        self.note.setText(note.get(state, ""))  # the printer's own reason is for staff (event, log)
        self.note.setVisible(state in note)
        self._receipt_png = receipt_png
        self._render_picture()

    def _render_picture(self) -> None:
        if self._issued is None:
            return
        if self._receipt_png is not None:
            pic = QPixmap(str(self._receipt_png))
            if not pic.isNull():
                self.qr.setPixmap(pic.scaledToHeight(round(self._qr_px * 1.9),
                                                     Qt.TransformationMode.SmoothTransformation))
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

    def show_notice(self, title: str, body: str, *, with_button: bool, button: str = "",
                    alternative: str = "") -> None:
        self.title.setText(title)
        self.text.setText(body)
        self.button.setVisible(with_button)
        if button:
            self.button.setText(button)
        self.other.setText(alternative)
        self.other.setVisible(bool(alternative))


class _HoldToOpen(QObject):
    """Pressing and holding the header for ``ms`` opens the admin PIN pad (staff know it)."""

    def __init__(self, target: QWidget, ms: int, on_hold: QTimer) -> None:
        super().__init__(target)
        self._timer = on_hold
        self._timer.setInterval(ms)
        target.installEventFilter(self)

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            self._timer.start()
        elif event.type() == QEvent.Type.MouseButtonRelease:
            self._timer.stop()
        return False


class KioskWindow(QWidget):
    """The whole kiosk. Emits ``service_chosen(code, priority)``, ``home_shown()``,
    ``without_receipt_chosen()``, ``test_print_requested()`` and ``exit_requested()``."""

    service_chosen = Signal(str, object)
    home_shown = Signal()
    without_receipt_chosen = Signal()
    test_print_requested = Signal()
    exit_requested = Signal()

    def __init__(
        self, *, idle_ms: int = IDLE_MS, ticket_ms: int = TICKET_MS, notice_ms: int = NOTICE_MS,
        photo_ms: int = PHOTO_MS, admin_pin_hash: str | None = None, locked: bool = False,
        hold_ms: int = 3000, logos: Logos | None = None, parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setWindowTitle("Antre — Ambil Nomor Antrian")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._catalog: Catalog | None = None
        self._in_service = True
        self._fit: Fit | None = None
        self._lang = ID
        self._priority: str | None = None
        self._ticket_code = ""
        self._locked = locked
        self._may_close = not locked

        header = named(QFrame(), "header")
        self.site_name = named(QLabel(text("title")), "siteName")
        self.site_name.setWordWrap(True)
        self.language = named(QPushButton(text("switch")), "langButton")
        self.language.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.language.clicked.connect(self._on_language)
        keep = self.language.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # the header keeps its height on staff pages
        self.language.setSizePolicy(keep)
        self._header_layout = QHBoxLayout(header)
        self._header_layout.addWidget(self.site_name, 1)
        self._header_layout.addWidget(self.language)
        self.header = header

        self.home = HomePage(logos)
        self.agency = AgencyPage()
        self.priority = PriorityPage()
        self.ticket = TicketPage()
        self.notice = NoticePage()
        self.pin = PinPage(admin_pin_hash)
        self.admin = AdminPage()
        self.stack = QStackedWidget()
        for page in (self.home, self.agency, self.priority, self.ticket, self.notice, self.pin, self.admin):
            self.stack.addWidget(page)

        self._root = QVBoxLayout(self)
        self._root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self._root.setContentsMargins(0, 0, 0, 0)
        self._root.setSpacing(0)
        self._root.addWidget(header)
        self._root.addWidget(self.stack, 1)
        self.stack.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

        # Back home after a while: idle on any page, after the ticket, after a notice.
        self._home_timer = QTimer(self, singleShot=True)
        self._home_timer.timeout.connect(lambda: self.go_home(reset=True))
        self._idle_ms, self._ticket_ms, self._notice_ms = idle_ms, ticket_ms, notice_ms
        self._photo_ms = photo_ms
        hold = QTimer(self, singleShot=True)
        hold.timeout.connect(self.open_admin)
        self._hold = _HoldToOpen(header, hold_ms, hold)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # any touch anywhere restarts the idle timer

        self.home.agency_chosen.connect(self._on_agency_chosen)
        self.agency.service_chosen.connect(self._on_service_chosen)
        self.agency.back_requested.connect(lambda: self.go_home())
        self.agency.priority_requested.connect(self._on_priority_requested)
        self.priority.chosen.connect(self._on_priority_chosen)
        self.ticket.done.connect(lambda: self.go_home(reset=True))
        self.notice.done.connect(lambda: self.go_home())
        self.notice.alternative.connect(self.without_receipt_chosen)
        self.pin.accepted.connect(self._on_pin_accepted)
        self.pin.cancelled.connect(lambda: self.go_home())
        self.admin.back_requested.connect(lambda: self.go_home())
        self.admin.exit_requested.connect(self._on_exit)
        self.admin.test_print_requested.connect(self.test_print_requested)
        QShortcut(QKeySequence("Ctrl+Shift+Q"), self, self.open_admin)

        self.notice.show_notice(text("wait_title"), text("starting"), with_button=False)
        self.stack.setCurrentWidget(self.notice)
        self._apply_fit(fit(1920, 1080))

    # --- what the controller tells us ---------------------------------------------------

    def show_catalog(self, catalog: Catalog) -> None:
        first = self._catalog is None
        self._catalog = catalog
        self.site_name.setText(catalog.site_name)
        self.home.set_agencies(catalog.agencies)
        self.agency.set_priority(self._priority_name(), offered=bool(catalog.priorities))
        code = self.agency.agency_code
        entry = catalog.agency(code) if code else None
        if entry is not None:
            self.agency.set_agency(entry)
        elif self.stack.currentWidget() is self.agency:
            self.go_home()  # the agency left the site
        if first and self._in_service:
            self.go_home()

    def set_issuing(self, issuing: bool) -> None:
        self.agency.set_issuing(issuing)
        if issuing:
            self._home_timer.stop()

    def show_ticket(self, issued: IssuedTicket, printing: bool) -> None:
        self._ticket_code = issued.ticket.code
        self.ticket.show_ticket(issued, self._priority_name(issued.ticket.priority_class))
        self.ticket.set_receipt("printing" if printing else "none")
        self.stack.setCurrentWidget(self.ticket)
        self._home_timer.start(self._ticket_ms if printing else self._photo_ms)

    def show_receipt_printed(self, issued: IssuedTicket, preview_png: Path | None) -> None:
        if issued.ticket.code != self._ticket_code or self.stack.currentWidget() is not self.ticket:
            return
        self.ticket.set_receipt("preview" if preview_png else "printed", receipt_png=preview_png)

    def show_print_failed(self, issued: IssuedTicket, message: str) -> None:
        """The ticket exists but its receipt did not print: keep the number on screen, long."""
        if issued.ticket.code != self._ticket_code:
            return
        if self.stack.currentWidget() not in (self.ticket, self.home):
            return  # the next visitor is choosing; the failure is recorded for staff to reprint
        if self.stack.currentWidget() is not self.ticket:
            self.ticket.show_ticket(issued, self._priority_name(issued.ticket.priority_class))
            self.stack.setCurrentWidget(self.ticket)
        self.ticket.set_receipt("failed", message)
        self._home_timer.start(self._photo_ms)

    def show_printer_trouble(self, message: str) -> None:
        self.notice.show_notice(text("printer_trouble", self._lang),
                                text("printer_trouble_text", self._lang, reason=message),
                                with_button=True, button=text("back", self._lang),
                                alternative=text("without_receipt", self._lang))
        self.stack.setCurrentWidget(self.notice)
        self._home_timer.start(self._notice_ms * 2)

    def show_refusal(self, message: str) -> None:
        self.notice.show_notice(text("sorry", self._lang), message, with_button=True,
                                button=text("to_home", self._lang))
        self.stack.setCurrentWidget(self.notice)
        self._home_timer.start(self._notice_ms)

    def show_out_of_service(self, message: str) -> None:
        self._in_service = False
        self._home_timer.stop()
        if self.stack.currentWidget() in (self.pin, self.admin):
            return  # staff at work; the notice comes when they leave
        self.notice.show_notice(message, text("out_text", self._lang), with_button=False)
        self.stack.setCurrentWidget(self.notice)

    def show_in_service(self) -> None:
        self._in_service = True
        if self.stack.currentWidget() is self.notice:
            self.go_home()

    def show_bug(self, message: str) -> None:
        """A bug was logged: say so calmly, then start again from the home page."""
        self.notice.show_notice(OUT_OF_SERVICE, message, with_button=False)
        self.stack.setCurrentWidget(self.notice)
        self._home_timer.start(self._notice_ms)

    def show_admin_status(self, message: str) -> None:
        self.admin.set_status(message)

    # --- page flow ----------------------------------------------------------------------

    @property
    def page(self) -> str:
        """'home', 'agency', 'priority', 'ticket', 'notice', 'pin' or 'admin'."""
        pages: dict[QWidget, str] = {self.home: "home", self.agency: "agency", self.priority: "priority",
                                     self.ticket: "ticket", self.pin: "pin", self.admin: "admin"}
        current = self.stack.currentWidget()
        return pages.get(current, "notice") if current is not None else "notice"

    @property
    def language_code(self) -> str:
        return self._lang

    @property
    def priority_choice(self) -> str | None:
        return self._priority

    def go_home(self, *, reset: bool = False) -> None:
        """Home page; ``reset`` (a timeout or a finished ticket) also forgets the visitor's
        choices: language and priority, so the next visitor starts afresh."""
        self._home_timer.stop()
        if reset or self.stack.currentWidget() in (self.ticket, self.pin, self.admin):
            self._priority = None
            if self._lang != ID:
                self.set_language(ID)
        self.agency.set_priority(self._priority_name(),
                                 offered=bool(self._catalog and self._catalog.priorities))
        self.language.show()
        if not self._in_service:
            self.notice.show_notice(OUT_OF_SERVICE, text("out_text", self._lang), with_button=False)
            self.stack.setCurrentWidget(self.notice)
            return
        if self._catalog is None:
            return
        self.home.first_page()
        self.stack.setCurrentWidget(self.home)
        self.home_shown.emit()

    def open_admin(self) -> None:
        self._home_timer.stop()
        self.language.hide()  # staff pages are in Indonesian only
        self.pin.reset()
        self.stack.setCurrentWidget(self.pin)
        self._home_timer.start(self._idle_ms)

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self.language.setText(text("switch", lang))
        if self._catalog is None:
            self.site_name.setText(text("title", lang))
        for page in (self.home, self.agency, self.priority, self.ticket):
            page.set_language(lang)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin) and \
                self._home_timer.isActive() and self.stack.currentWidget() is not self.ticket:
            self._home_timer.start(max(self._home_timer.interval(), self._idle_ms))
        return super().eventFilter(obj, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_close:
            event.ignore()  # locked down: only the admin page's exit closes the kiosk
            self.open_admin()
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)

    def allow_close(self) -> None:
        """Let the next close through (the system is stopping the kiosk: SIGTERM, Ctrl+C)."""
        self._may_close = True

    def _on_exit(self) -> None:
        self._may_close = True
        self.exit_requested.emit()
        self.close()

    def _on_pin_accepted(self) -> None:
        self.admin.set_status("")
        self.stack.setCurrentWidget(self.admin)
        self._home_timer.start(self._idle_ms * 2)

    def _on_language(self) -> None:
        self.set_language(EN if self._lang == ID else ID)
        if self.stack.currentWidget() is not self.home:
            self._home_timer.start(self._idle_ms)

    def _priority_name(self, code: str | None = None) -> str | None:
        code = code if code is not None else self._priority
        if code is None:
            return None
        names = dict(self._catalog.priorities) if self._catalog else {}
        return names.get(code, code)

    def _on_agency_chosen(self, code: str) -> None:
        entry = self._catalog.agency(code) if self._catalog else None
        if entry is None:
            return
        self.agency.set_agency(entry, first_page=True)
        self.stack.setCurrentWidget(self.agency)
        self._home_timer.start(self._idle_ms)

    def _on_priority_requested(self) -> None:
        if self._priority is not None:  # the bar says "✕": a tap cancels the priority
            self._priority = None
            self.agency.set_priority(None)
            self._home_timer.start(self._idle_ms)
            return
        self.priority.set_classes(self._catalog.priorities if self._catalog else (), self._priority)
        self.stack.setCurrentWidget(self.priority)
        self._home_timer.start(self._idle_ms)

    def _on_priority_chosen(self, code: str | None) -> None:
        self._priority = code
        self.agency.set_priority(self._priority_name())
        self.stack.setCurrentWidget(self.agency)
        self._home_timer.start(self._idle_ms)

    def _on_service_chosen(self, code: str) -> None:
        self._home_timer.stop()
        self.service_chosen.emit(code, self._priority)

    # --- scaling ------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size = event.size()
        self._apply_fit(fit(size.width(), size.height()))

    def _apply_fit(self, new: Fit) -> None:
        if not changed(self._fit, new):
            return
        old, self._fit = self._fit, new
        design = dict(DESIGN)
        if new.portrait:
            design["tile"] = 40  # three tiles across: long one-word names must fit
        else:
            design["code"] = 220  # the number and the QR share the width
        sizes = new.sizes(design)
        self.setStyleSheet(STYLE.format(**sizes))
        self.agency.set_footer_height(sizes["footer"])
        m, gap = new.px(32), new.px(24)
        self._header_layout.setContentsMargins(m, new.px(14), m, new.px(14))
        for layout in (self.home.outer, self.agency.outer, self.ticket.outer, self.priority.outer):
            layout.setContentsMargins(m, m, m, m)
            layout.setSpacing(gap)
        for grid in (self.home.grid, self.agency.grid):
            grid.setSpacing(gap)
        for button in (*self.home.tiles, *self.agency.buttons, self.agency.priority):
            button.set_margins(new.px(10))
        self.priority.set_gap(gap)
        if old is None or old.portrait != new.portrait:
            self.home.set_columns(3 if new.portrait else 4)
            for tile in self.home.tiles:
                tile.set_logo_beside(not new.portrait)
            self.agency.set_columns(1 if new.portrait else 2)
            self.ticket.set_portrait(new.portrait)
        self.ticket.set_qr_size(sizes["qr"])
        self.home.set_logo_size(sizes["logo"])
        self.pin.apply_fit(new)
        self.admin.apply_fit(new)
