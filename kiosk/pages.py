"""The kiosk's pages, and what they share: one agency's services here; the agencies in
:mod:`kiosk.home`; the priority classes, the ticket and notices in :mod:`kiosk.ticket_pages`.

Each page renders what it is given and emits the visitor's choices; :mod:`kiosk.view` puts
them in one window and decides the flow. Sizes are the full-HD design (:data:`DESIGN`),
scaled by the window's style sheet.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
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
from kiosk.widgets import CardButton, Pager, named
from shared.dto import ServiceView
from shared.i18n import localized

# An agency tile's least size (w, h) at the full-HD design: the name on two lines, a one-line
# description under it (DESIGN["desc"] keeps about 20 characters on one line) and the count.
TILE_MIN = (300, 170)
PREVIEW_HEIGHT = 1.5  # the receipt picture on the ticket page, in QR sizes
SERVICE_BUTTONS = 6  # 2x3 landscape, 1x6 portrait

DESIGN = {
    "code": 260,
    "h1": 72,
    "h2": 52,
    "h3": 40,
    "tile": 42,
    "svc": 42,
    "body": 36,
    "small": 30,
    "desc": 26,
    "radius": 22,
    "border": 3,
    "pad": 14,
    "padx": 36,
    "touch": 96,
    "key": 150,
    "choice": 130,
    "lang": 240,
    "qr": 360,
    "footer": 130,
    "logo": 120,
}


def page_count(n: int, per_page: int) -> int:
    return max(1, math.ceil(n / per_page))


def restyle(widget: QWidget, name: str, value: object) -> None:
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
        self.priority.set_lines(priority_line(name, "then_service", self._lang))
        restyle(self.priority, "active", bool(name))
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
        self.pager.set_pages(page_count(len(agency.services), len(self.buttons)))
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
        shown = services[start : start + len(self.buttons)]
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
            restyle(button, "state", state)
            button.setEnabled(svc.available and not self._issuing)
            button.show()


def priority_line(name: str | None, then: str, lang: str) -> str:
    """The priority bar: the question, or the class chosen, what to do next, and ✕ to cancel."""
    if not name:
        return text("priority_ask", lang)
    return f"{text('priority_on', lang, name=name)} · {text(then, lang)}   ✕"


def agency_lines(agency: AgencyEntry, lang: str) -> tuple[str, str]:
    """An agency tile's lines under its name (and description): its waiting count, or closed."""
    if not agency.available:
        return "", text("closed", lang)
    if agency.waiting == 0:
        return text("no_queue", lang), ""
    return text("waiting", lang, n=agency.waiting), ""


def _service_lines(svc: ServiceView, lang: str) -> tuple[str, str]:
    if not svc.available:  # the rules' reason already names the hours when it is about them
        reason = svc.unavailable_reason
        return "", localized(reason, lang) if reason else text("unavailable", lang)
    hours = text("hours", lang, hours=svc.hours.replace("-", "–")) if svc.hours else ""
    if svc.waiting == 0:
        wait = text("no_queue", lang)
    else:
        wait = text("wait_est", lang, n=svc.waiting, wait=waiting_time(svc.estimated_wait_min, lang))
        if svc.past_closing:
            wait += "\n" + text("past_closing", lang, time=svc.past_closing)
    quota = "" if svc.quota is None else text("quota_left", lang, n=max(0, svc.quota - svc.issued_today))
    return wait, "  ·  ".join(x for x in (hours, quota) if x)
