"""The kiosk window: the pages of :mod:`kiosk.home`, :mod:`kiosk.pages`,
:mod:`kiosk.ticket_pages` and :mod:`kiosk.admin` in one stack,
the page flow and its timeouts, the language switch, the lockdown, and the scaling.

Two designs, both at full HD: landscape 1920x1080 and portrait 1080x1920
(:func:`shared.ui.scaling.fit` picks one and scales it to the window). Touch targets are
at least 90 px at full size: 15 mm on a 24" full-HD panel.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.admin import AdminPage, PinPage
from kiosk.catalog import Catalog
from kiosk.home import HomePage
from kiosk.pages import DESIGN, AgencyPage
from kiosk.search import SearchPage
from kiosk.style import STYLE
from kiosk.texts import EN, ID, printer_reason, text
from kiosk.ticket_pages import NoticePage, PriorityPage, TicketPage
from kiosk.widgets import Logos, named
from shared.dto import IssuedTicket
from shared.i18n import localized
from shared.ui.scaling import Fit, changed, fit

IDLE_MS = 30_000
TICKET_MS = 10_000
PHOTO_MS = 30_000  # time to photograph or write down a number whose receipt did not print
NOTICE_MS = 8_000
OUT_OF_SERVICE = "Layanan sementara tidak tersedia"

log = logging.getLogger(__name__)



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
    ``without_receipt_chosen()``, ``with_receipt_chosen()`` (the printer is back),
    ``printer_notice_shown(bool)`` (a printer-trouble notice is up, or gone),
    ``admin_opened()``, ``test_print_requested()`` and ``exit_requested()``."""

    service_chosen = Signal(str, object, str)
    home_shown = Signal()
    without_receipt_chosen = Signal()
    with_receipt_chosen = Signal()
    printer_notice_shown = Signal(bool)
    admin_opened = Signal()
    test_print_requested = Signal()
    exit_requested = Signal()

    def __init__(
        self, *, idle_ms: int = IDLE_MS, ticket_ms: int = TICKET_MS, notice_ms: int = NOTICE_MS,
        photo_ms: int = PHOTO_MS, admin_pin_hash: str | None = None, locked: bool = False,
        hold_ms: int = 3000, logos: Logos | None = None, parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setWindowTitle("Antre — Ambil Nomor Antrean")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._catalog: Catalog | None = None
        self._in_service = True
        self._fit: Fit | None = None
        self._lang = ID
        self._priority: str | None = None
        self._ticket_code = ""
        self._locked = locked
        self._may_close = not locked
        self._notice_kind = ""

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
        self.search = SearchPage()
        self.agency = AgencyPage()
        self.priority = PriorityPage()
        self.ticket = TicketPage()
        self.notice = NoticePage()
        self.pin = PinPage(admin_pin_hash, open_without_pin=not locked)
        self.admin = AdminPage()
        self.stack = QStackedWidget()
        for page in (self.home, self.search, self.agency, self.priority, self.ticket, self.notice, self.pin,
                     self.admin):
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
        self.home.priority_requested.connect(self._on_priority_requested)
        self.home.search_requested.connect(self._on_search_requested)
        self.search.agency_chosen.connect(self._on_agency_chosen)
        self.search.back_requested.connect(lambda: self.go_home())
        self._priority_from: QWidget = self.home
        self.agency.service_chosen.connect(self._on_service_chosen)
        self.agency.back_requested.connect(lambda: self.go_home())
        self.agency.priority_requested.connect(self._on_priority_requested)
        self.priority.chosen.connect(self._on_priority_chosen)
        self.ticket.done.connect(lambda: self.go_home(reset=True))
        self.notice.done.connect(lambda: self.go_home())
        self.notice.alternative.connect(self._on_notice_alternative)
        self.stack.currentChanged.connect(self._on_page_changed)
        self.pin.accepted.connect(self._on_pin_accepted)
        self.pin.cancelled.connect(lambda: self.go_home())
        self.admin.back_requested.connect(lambda: self.go_home())
        self.admin.exit_requested.connect(self._on_exit)
        self.admin.test_print_requested.connect(self.test_print_requested)
        QShortcut(QKeySequence("Ctrl+Shift+Q"), self, self.open_admin)

        self._show_notice("starting", text("wait_title"), text("starting"), with_button=False)
        self._apply_fit(fit(1920, 1080))

    # --- what the controller tells us ---------------------------------------------------

    def show_catalog(self, catalog: Catalog) -> None:
        first = self._catalog is None
        self._catalog = catalog
        self.site_name.setText(catalog.site_name)
        self.home.set_agencies(catalog.agencies)
        self.search.set_agencies(catalog.agencies)
        self._show_priority()
        self._show_site_notice()
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
        log.info("receipt of %s failed, number kept on screen: %s", issued.ticket.code, message)
        self.ticket.set_receipt("failed")
        self._home_timer.start(self._photo_ms)

    def show_printer_trouble(self, cause: str) -> None:
        """No receipt possible now: say why in the visitor's words (``cause`` of the
        PrinterError; the staff's line with the printer's address goes to the log and the
        admin page) and offer a number without a receipt."""
        self._show_notice("printer_trouble", text("printer_trouble", self._lang),
                          text("printer_trouble_text", self._lang, reason=printer_reason(cause, self._lang)),
                          with_button=True, button=text("back", self._lang),
                          alternative=text("without_receipt", self._lang))
        self._home_timer.start(self._notice_ms * 2)

    def show_printer_ready(self) -> None:
        """The printer can print again while its trouble notice is up: offer the receipt."""
        if self._notice_kind != "printer_trouble" or self.stack.currentWidget() is not self.notice:
            return
        self._show_notice("printer_ready", text("printer_ready", self._lang),
                          text("printer_ready_text", self._lang), with_button=True,
                          button=text("back", self._lang), alternative=text("with_receipt", self._lang))
        self._home_timer.start(self._notice_ms * 2)

    def show_printer_state(self, message: str) -> None:
        """The staff's line from the latest printer check, for the admin page."""
        self.admin.set_printer_state(message)

    def show_refusal(self, message: str) -> None:
        """A rule's refusal: its reason (a :class:`shared.i18n.Text`) in the visitor's language."""
        self._show_notice("refusal", text("sorry", self._lang), localized(message, self._lang),
                          with_button=True,
                          button=text("to_home", self._lang))
        self._home_timer.start(self._notice_ms)

    def show_out_of_service(self, message: str) -> None:
        self._in_service = False
        self._home_timer.stop()
        if self.stack.currentWidget() in (self.pin, self.admin):
            return  # staff at work; the notice comes when they leave
        self._show_notice("out", message, text("out_text", self._lang), with_button=False)

    def show_in_service(self) -> None:
        self._in_service = True
        if self.stack.currentWidget() is self.notice:
            self.go_home()

    def show_bug(self, message: str) -> None:
        """A bug was logged: say so calmly, then start again from the home page."""
        self._show_notice("bug", OUT_OF_SERVICE, message, with_button=False)
        self._home_timer.start(self._notice_ms)

    def show_admin_status(self, message: str) -> None:
        self.admin.set_status(message)

    # --- page flow ----------------------------------------------------------------------

    @property
    def page(self) -> str:
        """'home', 'search', 'agency', 'priority', 'ticket', 'notice', 'pin' or 'admin'."""
        pages: dict[QWidget, str] = {self.home: "home", self.search: "search", self.agency: "agency",
                                     self.priority: "priority",
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
        self._show_priority()
        self.language.show()
        if not self._in_service:
            self._show_notice("out", OUT_OF_SERVICE, text("out_text", self._lang), with_button=False)
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
        for page in (self.home, self.search, self.agency, self.priority, self.ticket):
            page.set_language(lang)
        self._show_site_notice()

    def _show_site_notice(self) -> None:
        """What the calendar says about the whole site (a break, a holiday), in the visitor's language."""
        if self._catalog is not None:
            notice = self._catalog.notice
            self.home.set_notice(localized(notice, self._lang) if notice else None, self._catalog.notice_kind)

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
        self.admin_opened.emit()

    def _show_notice(self, kind: str, title: str, body: str, **options: Any) -> None:
        self.notice.show_notice(title, body, **options)
        self._set_notice_kind(kind)
        self.stack.setCurrentWidget(self.notice)

    def _set_notice_kind(self, kind: str) -> None:
        was = self._notice_kind == "printer_trouble"
        self._notice_kind = kind
        if was != (kind == "printer_trouble"):
            self.printer_notice_shown.emit(not was)

    def _on_page_changed(self, _index: int) -> None:
        if self.stack.currentWidget() is not self.notice:
            self._set_notice_kind("")

    def _on_notice_alternative(self) -> None:
        if self._notice_kind == "printer_trouble":
            self.without_receipt_chosen.emit()
        elif self._notice_kind == "printer_ready":
            self.with_receipt_chosen.emit()

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

    def _show_priority(self) -> None:
        offered = bool(self._catalog.priorities) if self._catalog else False
        self.agency.set_priority(self._priority_name(), offered=offered)
        self.home.set_priority(self._priority_name(), offered=offered)

    def _on_agency_chosen(self, code: str) -> None:
        entry = self._catalog.agency(code) if self._catalog else None
        if entry is None:
            return
        self.agency.set_agency(entry, first_page=True)
        self.stack.setCurrentWidget(self.agency)
        self._home_timer.start(self._idle_ms)
        if len(entry.services) == 1 and entry.services[0].available:
            self.agency.choose(entry.services[0].code)  # one service: no second tap

    def _on_search_requested(self) -> None:
        self.search.reset()
        self.stack.setCurrentWidget(self.search)
        self._home_timer.start(self._idle_ms)

    def _on_priority_requested(self) -> None:
        if self._priority is not None:  # the bar says "✕": a tap cancels the priority
            self._priority = None
            self._show_priority()
            self._home_timer.start(self._idle_ms)
            return
        self._priority_from = self.stack.currentWidget() or self.home
        self.priority.set_classes(self._catalog.priorities if self._catalog else (), self._priority)
        self.stack.setCurrentWidget(self.priority)
        self._home_timer.start(self._idle_ms)

    def _on_priority_chosen(self, code: str | None) -> None:
        self._priority = code
        self._show_priority()
        self.stack.setCurrentWidget(self._priority_from)
        self._home_timer.start(self._idle_ms)

    def _on_service_chosen(self, code: str) -> None:
        self._home_timer.stop()
        self.service_chosen.emit(code, self._priority, self._lang)

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
        self.home.set_footer_height(sizes["footer"])
        m, gap = new.px(32), new.px(24)
        self._header_layout.setContentsMargins(m, new.px(14), m, new.px(14))
        for layout in (self.home.outer, self.agency.outer, self.ticket.outer, self.priority.outer):
            layout.setContentsMargins(m, m, m, m)
            layout.setSpacing(gap)
        for grid in (self.home.grid, self.agency.grid):
            grid.setSpacing(gap)
        self.home.paging.setSpacing(gap)
        for button in (*self.agency.buttons, self.agency.priority):
            button.set_margins(new.px(10))
        self.home.set_fit(new, new.px(10))
        self.search.outer.setContentsMargins(m, m, m, m)
        self.search.outer.setSpacing(gap)
        self.search.set_fit(new, gap, new.px(10), new.px(10))
        self.priority.set_gap(gap)
        if old is None or old.portrait != new.portrait:
            self.agency.set_columns(1 if new.portrait else 2)
            self.priority.set_columns(1 if new.portrait else 2)
            self.ticket.set_portrait(new.portrait)
        self.ticket.set_qr_size(sizes["qr"])
        self.home.set_logo_size(sizes["logo"])
        self.pin.apply_fit(new)
        self.admin.apply_fit(new)

