"""The kiosk's pages: agencies, one agency's services, priority classes, the ticket, notices.

Each page renders what it is given and emits the visitor's choices; :mod:`kiosk.view` puts
them in one window and decides the flow. Sizes are the full-HD design (:data:`DESIGN`),
scaled by the window's style sheet.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalog import AgencyEntry
from kiosk.texts import ID, text
from kiosk.texts import wait as waiting_time
from kiosk.widgets import CardButton, Logos, Pager, named, qr_pixmap
from shared.dto import IssuedTicket, ServiceView
from shared.ui.scaling import Fit, fit

TILE_MIN = (300, 170)  # an agency tile's least size (w, h) at the full-HD design
PREVIEW_HEIGHT = 1.5  # the receipt picture on the ticket page, in QR sizes
SERVICE_BUTTONS = 6  # 2x3 landscape, 1x6 portrait

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
    """The agencies as tiles, as many to a page as fit.

    The grid sizes itself to the number of agencies: all of them on one page while each tile
    keeps at least :data:`TILE_MIN` (the name on two lines and the waiting count, far more
    than a 15 mm touch target); only past that do pages (and the pager) appear."""

    agency_chosen = Signal(str)
    priority_requested = Signal()

    def __init__(self, logos: Logos | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._agencies: tuple[AgencyEntry, ...] = ()
        self._priority_name: str | None = None
        self._lang = ID
        self._logos = logos or Logos([])
        self._logo_px = DESIGN["logo"]
        self._fit = fit(1920, 1080)
        self._tile_margin = 10
        self._columns = 0
        self._per_page = 1
        self.prompt = named(QLabel(text("choose_agency")), "prompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt.setWordWrap(True)
        # What the calendar says now: a holiday, a break and when service resumes, the cut-off.
        self.notice = named(QLabel(), "calendarNotice")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.tiles: list[CardButton] = []
        self.grid = QGridLayout()
        self.pager = Pager()
        self.pager.page_changed.connect(lambda _p: self._render())
        # Priority is chosen here too, so an agency with one service issues on the first tap.
        self.priority = CardButton("priorityBar")
        self.priority.set_lines(text("priority_ask"))
        self.priority.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.priority.clicked.connect(self.priority_requested)
        self.priority.hide()
        self.outer = QVBoxLayout(self)
        self.outer.addWidget(self.prompt)
        self.outer.addWidget(self.notice)
        self.outer.addLayout(self.grid, 1)
        self.outer.addWidget(self.pager)
        self.outer.addWidget(self.priority)

    def set_priority(self, name: str | None, *, offered: bool = True) -> None:
        self._priority_name = name
        self.priority.set_lines(_priority_line(name, "then_agency", self._lang))
        _restyle(self.priority, "active", bool(name))
        if offered != self.priority.isVisibleTo(self):
            self.priority.setVisible(offered)
            self._columns = 0
            self._layout_tiles()

    def set_footer_height(self, px: int) -> None:
        self.priority.setFixedHeight(px)
        self._columns = 0
        self._layout_tiles()

    def set_fit(self, f: Fit, tile_margin: int) -> None:
        self._fit = f
        self._tile_margin = tile_margin
        for tile in self.tiles:
            tile.set_margins(tile_margin)
            tile.set_logo_beside(not f.portrait)
        self._columns = 0
        self._layout_tiles()

    def _new_tile(self) -> CardButton:
        tile = CardButton("tile", self)
        tile.clicked.connect(lambda _=False, t=tile: self.agency_chosen.emit(t.key))
        tile.set_margins(self._tile_margin)
        tile.set_logo_beside(not self._fit.portrait)
        tile.hide()
        self.tiles.append(tile)
        return tile

    def _capacity(self) -> tuple[int, int, int]:
        """(columns, rows, per page) for the agencies in this page's room."""
        n = max(1, len(self._agencies))
        m = self.outer.contentsMargins()
        left, top, right, bottom = m.left(), m.top(), m.right(), m.bottom()
        gap = max(0, self.grid.spacing())
        room_w = max(1, self.width() - left - right)
        room_h = (self.height() - top - bottom - self.prompt.heightForWidth(room_w)
                  - self.outer.spacing())
        if not self.priority.isHidden():
            room_h -= self.priority.height() + self.outer.spacing()
        least_w, least_h = (self._fit.px(v) for v in TILE_MIN)
        cols = max(1, (room_w + gap) // (least_w + gap))
        rows = max(1, (room_h + gap) // (least_h + gap))
        if n <= cols * rows:
            rows = math.ceil(n / cols)
            return math.ceil(n / rows), rows, n
        rows = max(1, (room_h - self.pager.sizeHint().height() - self.outer.spacing() + gap)
                   // (least_h + gap))
        return cols, rows, cols * rows

    def _layout_tiles(self) -> None:
        cols, rows, per_page = self._capacity()
        if (cols, per_page) == (self._columns, self._per_page) and len(self.tiles) >= per_page:
            return
        self._columns, self._per_page = cols, per_page
        while len(self.tiles) < per_page:
            self._new_tile()
        for tile in self.tiles:
            self.grid.removeWidget(tile)
        for r in range(max(self.grid.rowCount(), rows)):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(max(self.grid.columnCount(), cols)):
            self.grid.setColumnStretch(c, 1 if c < cols else 0)
        for i, tile in enumerate(self.tiles[:per_page]):
            self.grid.addWidget(tile, i // cols, i % cols)
        page = self.pager.page
        self.pager.set_pages(_pages(len(self._agencies), per_page))
        self.pager.set_page(min(page, _pages(len(self._agencies), per_page) - 1))
        self._render()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._layout_tiles()

    def set_logo_size(self, px: int) -> None:
        self._logo_px = px
        self._render()

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self.prompt.setText(text("choose_agency", lang))
        self.pager.set_language(lang)
        self.priority.set_lines(_priority_line(self._priority_name, "then_agency", lang))
        self._render()

    def set_agencies(self, agencies: tuple[AgencyEntry, ...]) -> None:
        self._agencies = agencies
        self._columns = 0
        self._layout_tiles()
        self.pager.set_pages(_pages(len(agencies), self._per_page))
        self._render()

    def set_notice(self, notice: str | None, kind: str = "open") -> None:
        """The calendar's word for the whole site (None: an ordinary open hour)."""
        self.notice.setText(notice or "")
        _restyle(self.notice, "kind", kind)
        self.notice.setVisible(bool(notice))

    def first_page(self) -> None:
        self.pager.set_page(0)
        self._render()

    def tile_for(self, agency_code: str) -> CardButton | None:
        return next((t for t in self.tiles if t.isVisible() and t.key == agency_code), None)

    def _render(self) -> None:
        start = self.pager.page * self._per_page
        shown = self._agencies[start:start + self._per_page]
        for i, tile in enumerate(self.tiles):
            if i >= len(shown):
                tile.key = ""
                tile.setVisible(False)
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
        self.priority.set_lines(_priority_line(name, "then_service", self._lang))
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

    def choose(self, service_code: str) -> None:
        """Take a number for ``service_code`` as if its button was tapped (an agency with one
        service, chosen on the home page)."""
        if not self._issuing:
            self._chosen = service_code
            self.service_chosen.emit(service_code)

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


def _priority_line(name: str | None, then: str, lang: str) -> str:
    """The priority bar: the question, or the class chosen, what to do next, and ✕ to cancel."""
    if not name:
        return text("priority_ask", lang)
    return f"{text('priority_on', lang, name=name)} · {text(then, lang)}   ✕"


def _service_lines(svc: ServiceView, lang: str) -> tuple[str, str]:
    if not svc.available:  # the rules' reason already names the hours when it is about them
        return "", svc.unavailable_reason or text("unavailable", lang)
    hours = text("hours", lang, hours=svc.hours.replace("-", "–")) if svc.hours else ""
    if svc.waiting == 0:
        wait = text("no_queue", lang)
    else:
        wait = text("wait_est", lang, n=svc.waiting, wait=waiting_time(svc.estimated_wait_min, lang))
        if svc.past_closing:
            wait += "\n" + text("past_closing", lang, time=svc.past_closing)
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
        self._picture_key: tuple[str, int, Path | None] | None = None
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
            wait = text("ahead", self._lang, n=issued.ahead,
                        wait=waiting_time(issued.estimated_wait_min, self._lang))
            if issued.past_closing:
                wait += "\n" + text("past_closing", self._lang, time=issued.past_closing)
            self.wait.setText(wait)

    def set_receipt(self, state: str, receipt_png: Path | None = None) -> None:
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
        key = (self._issued.ticket.qr_payload, self._qr_px, self._receipt_png)
        if key == self._picture_key:
            return  # drawing a QR code costs milliseconds; the receipt's states reuse it
        self._picture_key = key
        if self._receipt_png is not None:
            pic = QPixmap(str(self._receipt_png))
            if not pic.isNull():
                # As tall as the body leaves room for beside the number (landscape) and under
                # it (portrait): taller and the label clips the top of the receipt.
                self.qr.setPixmap(pic.scaledToHeight(round(self._qr_px * PREVIEW_HEIGHT),
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

