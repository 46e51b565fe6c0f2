"""The kiosk's pages. They render what the controller tells them and emit the visitor's
choices; page flow (home, agency, ticket, notices) and its timeouts live here.

Sizes are designed for a 1920x1080 touch screen and scale with the window.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalog import AgencyEntry, Catalog
from kiosk.widgets import CardButton, Pager, named
from shared.dto import IssuedTicket, ServiceView

BASE_W, BASE_H = 1920, 1080
HOME_COLUMNS, HOME_ROWS = 4, 3
SERVICE_COLUMNS, SERVICE_ROWS = 2, 3
IDLE_MS = 30_000
TICKET_MS = 8_000
NOTICE_MS = 8_000

STYLE = """
#kiosk {{ background: #F2F5FA; }}
#header {{ background: #0B3D91; }}
#siteName {{ color: #FFFFFF; font-size: {h3}px; font-weight: bold; }}
#prompt {{ color: #0B1F3A; font-size: {h2}px; font-weight: bold; }}
#agencyTitle {{ color: #0B1F3A; font-size: {h2}px; font-weight: bold; }}
#tile {{ background: #0B3D91; border: none; border-radius: {radius}px; }}
#tile:pressed {{ background: #072B66; }}
#tile #cardTitle {{ color: #FFFFFF; font-size: {tile}px; font-weight: bold; }}
#tile #cardDetail {{ color: #DCE6F5; font-size: {small}px; }}
#tile #cardNote {{ color: #FFD23F; font-size: {small}px; font-weight: bold; }}
#tile[available="false"] {{ background: #5B6B82; }}
#service {{ background: #FFFFFF; border: {border}px solid #0B3D91; border-radius: {radius}px; }}
#service:pressed {{ background: #DCE6F5; }}
#service #cardTitle {{ color: #0B1F3A; font-size: {svc}px; font-weight: bold; }}
#service #cardDetail {{ color: #25344A; font-size: {small}px; }}
#service #cardNote {{ color: #25344A; font-size: {small}px; }}
#service[available="false"] {{ background: #E1E5EB; border-color: #A4ADBA; }}
#service[available="false"] #cardTitle {{ color: #4A5361; }}
#service[available="false"] #cardNote {{ color: #8A1C1C; font-weight: bold; }}
#service:disabled[available="true"] {{ background: #EEF2F8; }}
#pagerButton, #backButton, #doneButton {{
    background: #FFFFFF; color: #0B3D91; border: {border}px solid #0B3D91;
    border-radius: {radius}px; font-size: {body}px; font-weight: bold;
    padding: {pad}px {padx}px; min-height: {touch}px; }}
#pagerButton:disabled, #backButton:disabled {{ color: #A4ADBA; border-color: #C9D0DA; }}
#doneButton {{ background: #0B3D91; color: #FFFFFF; }}
#pagerLabel {{ color: #25344A; font-size: {small}px; }}
#busy {{ color: #0B3D91; font-size: {body}px; font-weight: bold; }}
#ticketCaption {{ color: #25344A; font-size: {h2}px; }}
#ticketCode {{ color: #0B3D91; font-size: {code}px; font-weight: bold; }}
#ticketService {{ color: #0B1F3A; font-size: {h2}px; font-weight: bold; }}
#ticketAgency {{ color: #25344A; font-size: {body}px; }}
#ticketWait {{ color: #0B1F3A; font-size: {h3}px; }}
#ticketHint {{ color: #25344A; font-size: {small}px; }}
#noticeTitle {{ color: #0B1F3A; font-size: {h1}px; font-weight: bold; }}
#noticeText {{ color: #25344A; font-size: {h3}px; }}
"""


def _sizes(scale: float) -> dict[str, int]:
    def px(v: float) -> int:
        return max(1, round(v * scale))

    return {"code": px(260), "h1": px(72), "h2": px(52), "h3": px(40), "tile": px(46), "svc": px(42),
            "body": px(36), "small": px(30), "radius": px(22), "border": px(3), "pad": px(14),
            "padx": px(36), "touch": px(90)}


def _pages(n: int, per_page: int) -> int:
    return max(1, math.ceil(n / per_page))


class HomePage(QWidget):
    """The agencies as tiles, 12 to a page."""

    agency_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._agencies: tuple[AgencyEntry, ...] = ()
        self.prompt = named(QLabel("Silakan pilih instansi tujuan Anda"), "prompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tiles = [CardButton("tile") for _ in range(HOME_COLUMNS * HOME_ROWS)]
        self.grid = QGridLayout()
        for i, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, i // HOME_COLUMNS, i % HOME_COLUMNS)
            tile.clicked.connect(lambda _=False, t=tile: self.agency_chosen.emit(t.key))
        for r in range(HOME_ROWS):
            self.grid.setRowStretch(r, 1)
        for c in range(HOME_COLUMNS):
            self.grid.setColumnStretch(c, 1)
        self.pager = Pager()
        self.pager.page_changed.connect(lambda _p: self._render())
        self.outer = QVBoxLayout(self)
        self.outer.addWidget(self.prompt)
        self.outer.addLayout(self.grid, 1)
        self.outer.addWidget(self.pager)

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
            if a.available:
                tile.set_lines(a.short, f"{a.waiting} menunggu")
            else:
                tile.set_lines(a.short, "", "Sedang tutup")
            tile.set_available(a.available)
            tile.show()


class AgencyPage(QWidget):
    """One agency's services as big buttons, 6 to a page."""

    service_chosen = Signal(str)
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._agency: AgencyEntry | None = None
        self._issuing = False
        self.back = named(QPushButton("‹  Kembali"), "backButton")
        self.back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back.clicked.connect(self.back_requested)
        self.title = named(QLabel(), "agencyTitle")
        self.title.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.back, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        self.buttons = [CardButton("service") for _ in range(SERVICE_COLUMNS * SERVICE_ROWS)]
        self.grid = QGridLayout()
        for i, button in enumerate(self.buttons):
            self.grid.addWidget(button, i // SERVICE_COLUMNS, i % SERVICE_COLUMNS)
            button.clicked.connect(lambda _=False, b=button: self._on_button(b))
        for r in range(SERVICE_ROWS):
            self.grid.setRowStretch(r, 1)
        for c in range(SERVICE_COLUMNS):
            self.grid.setColumnStretch(c, 1)
        self.busy = named(QLabel("Mohon tunggu, nomor antrian Anda sedang dibuat…"), "busy")
        self.busy.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.busy.setVisible(False)
        self.pager = Pager()
        self.pager.page_changed.connect(lambda _p: self._render())
        self.outer = QVBoxLayout(self)
        self.outer.addLayout(top)
        self.outer.addLayout(self.grid, 1)
        self.outer.addWidget(self.busy)
        self.outer.addWidget(self.pager)

    @property
    def agency_code(self) -> str | None:
        return self._agency.code if self._agency else None

    def set_agency(self, agency: AgencyEntry, *, first_page: bool = False) -> None:
        self._agency = agency
        self.title.setText(agency.name)
        self.pager.set_pages(_pages(len(agency.services), len(self.buttons)))
        if first_page:
            self.pager.set_page(0)
        self._render()

    def set_issuing(self, issuing: bool) -> None:
        self._issuing = issuing
        self.busy.setVisible(issuing)
        self.back.setEnabled(not issuing)
        self.pager.setEnabled(not issuing)
        self._render()

    def button_for(self, service_code: str) -> CardButton | None:
        return next((b for b in self.buttons if b.isVisible() and b.key == service_code), None)

    def _on_button(self, button: CardButton) -> None:
        if button.key and not self._issuing:
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
            button.set_lines(svc.name, *_service_lines(svc))
            button.set_available(svc.available)
            button.setEnabled(svc.available and not self._issuing)
            button.show()


def _service_lines(svc: ServiceView) -> tuple[str, str]:
    if not svc.available:
        return "", svc.unavailable_reason or "Tidak tersedia saat ini."
    if svc.waiting == 0:
        wait = "Tidak ada antrean"
    else:
        wait = f"{svc.waiting} menunggu · perkiraan ± {svc.estimated_wait_min} menit"
    quota = "" if svc.quota is None else f"Sisa kuota hari ini: {max(0, svc.quota - svc.issued_today)}"
    return wait, quota


class TicketPage(QWidget):
    """The number, very large, and what to do next."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = named(QLabel("Nomor antrian Anda"), "ticketCaption")
        self.code = named(QLabel(), "ticketCode")
        self.service = named(QLabel(), "ticketService")
        self.agency = named(QLabel(), "ticketAgency")
        self.wait = named(QLabel(), "ticketWait")
        self.hint = named(QLabel("Silakan duduk dan tunggu sampai nomor Anda dipanggil.\n"
                           "Layar akan kembali ke menu awal."), "ticketHint")
        self.button = named(QPushButton("Selesai"), "doneButton")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.done)
        layout = QVBoxLayout(self)
        layout.setSpacing(16)
        layout.addStretch(1)
        for w in (self.caption, self.code, self.service, self.agency, self.wait, self.hint):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            w.setWordWrap(True)
            layout.addWidget(w)
            if w is self.agency:
                layout.addSpacing(24)
        layout.addSpacing(24)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)

    def show_ticket(self, issued: IssuedTicket) -> None:
        t = issued.ticket
        self.code.setText(t.code)
        self.service.setText(t.service_name)
        self.agency.setText(t.agency_name)
        if issued.ahead == 0:
            self.wait.setText("Tidak ada antrean di depan Anda.")
        else:
            self.wait.setText(f"Di depan Anda: {issued.ahead} orang · "
                              f"perkiraan tunggu ± {issued.estimated_wait_min} menit")


class NoticePage(QWidget):
    """A calm message: a refusal (with a way back) or 'out of service' (no buttons)."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = named(QLabel(), "noticeTitle")
        self.text = named(QLabel(), "noticeText")
        self.button = named(QPushButton("Kembali ke menu awal"), "doneButton")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.done)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for w in (self.title, self.text):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            w.setWordWrap(True)
            layout.addWidget(w)
        layout.addSpacing(24)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)

    def show_notice(self, title: str, text: str, *, with_button: bool) -> None:
        self.title.setText(title)
        self.text.setText(text)
        self.button.setVisible(with_button)


class KioskWindow(QWidget):
    """The whole kiosk. Emits ``service_chosen(code)`` and ``home_shown()``."""

    service_chosen = Signal(str)
    home_shown = Signal()

    def __init__(
        self, *, idle_ms: int = IDLE_MS, ticket_ms: int = TICKET_MS, notice_ms: int = NOTICE_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setWindowTitle("Antre — Ambil Nomor Antrian")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._catalog: Catalog | None = None
        self._in_service = True
        self._scale = 0.0

        header = named(QFrame(), "header")
        self.site_name = named(QLabel("Ambil Nomor Antrian"), "siteName")
        self._header_layout = QHBoxLayout(header)
        self._header_layout.addWidget(self.site_name)

        self.home = HomePage()
        self.agency = AgencyPage()
        self.ticket = TicketPage()
        self.notice = NoticePage()
        self.stack = QStackedWidget()
        for page in (self.home, self.agency, self.ticket, self.notice):
            self.stack.addWidget(page)

        self._root = QVBoxLayout(self)
        self._root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self._root.setContentsMargins(0, 0, 0, 0)
        self._root.setSpacing(0)
        self._root.addWidget(header)
        self._root.addWidget(self.stack, 1)

        # Back home after a while: idle on a page, after the ticket, after a notice.
        self._home_timer = QTimer(self, singleShot=True)
        self._home_timer.timeout.connect(self.go_home)
        self._idle_ms, self._ticket_ms, self._notice_ms = idle_ms, ticket_ms, notice_ms

        self.home.agency_chosen.connect(self._on_agency_chosen)
        self.home.pager.page_changed.connect(lambda _p: self._touched())
        self.agency.service_chosen.connect(self._on_service_chosen)
        self.agency.back_requested.connect(self.go_home)
        self.agency.pager.page_changed.connect(lambda _p: self._touched())
        self.ticket.done.connect(self.go_home)
        self.notice.done.connect(self.go_home)
        QShortcut(QKeySequence("Ctrl+Shift+Q"), self, self.close)

        self.notice.show_notice("Mohon tunggu", "Menyiapkan layanan…", with_button=False)
        self.stack.setCurrentWidget(self.notice)
        self._apply_scale(1.0)

    # --- what the controller tells us ---------------------------------------------------

    def show_catalog(self, catalog: Catalog) -> None:
        first = self._catalog is None
        self._catalog = catalog
        self.site_name.setText(catalog.site_name)
        self.home.set_agencies(catalog.agencies)
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

    def show_ticket(self, issued: IssuedTicket) -> None:
        self.ticket.show_ticket(issued)
        self.stack.setCurrentWidget(self.ticket)
        self._home_timer.start(self._ticket_ms)

    def show_refusal(self, message: str) -> None:
        self.notice.show_notice("Mohon maaf", message, with_button=True)
        self.stack.setCurrentWidget(self.notice)
        self._home_timer.start(self._notice_ms)

    def show_out_of_service(self, message: str) -> None:
        self._in_service = False
        self._home_timer.stop()
        self.notice.show_notice(message, "Mohon tunggu sebentar atau hubungi petugas.\n"
                                         "Sistem mencoba menyambung kembali.", with_button=False)
        self.stack.setCurrentWidget(self.notice)

    def show_in_service(self) -> None:
        self._in_service = True
        self.go_home()

    def show_bug(self, message: str) -> None:
        """A bug was logged: say so calmly, then start again from the home page."""
        self.notice.show_notice("Layanan sementara tidak tersedia", message, with_button=False)
        self.stack.setCurrentWidget(self.notice)
        self._home_timer.start(self._notice_ms)

    # --- page flow ----------------------------------------------------------------------

    @property
    def page(self) -> str:
        """'home', 'agency', 'ticket' or 'notice' (for tests and logs)."""
        current = self.stack.currentWidget()
        if current is self.home:
            return "home"
        if current is self.agency:
            return "agency"
        if current is self.ticket:
            return "ticket"
        return "notice"

    def go_home(self) -> None:
        self._home_timer.stop()
        if not self._in_service:
            return
        if self._catalog is None:
            return
        self.home.first_page()
        self.stack.setCurrentWidget(self.home)
        self.home_shown.emit()

    def _touched(self) -> None:
        if self.stack.currentWidget() is self.agency:
            self._home_timer.start(self._idle_ms)

    def _on_agency_chosen(self, code: str) -> None:
        entry = self._catalog.agency(code) if self._catalog else None
        if entry is None:
            return
        self.agency.set_agency(entry, first_page=True)
        self.stack.setCurrentWidget(self.agency)
        self._touched()

    def _on_service_chosen(self, code: str) -> None:
        self._home_timer.stop()
        self.service_chosen.emit(code)

    # --- scaling ------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size = event.size()
        self._apply_scale(min(size.width() / BASE_W, size.height() / BASE_H))

    def _apply_scale(self, scale: float) -> None:
        scale = max(0.3, round(scale, 2))
        if abs(scale - self._scale) < 0.01:
            return
        self._scale = scale
        self.setStyleSheet(STYLE.format(**_sizes(scale)))
        m = round(32 * scale)
        gap = round(24 * scale)
        self._header_layout.setContentsMargins(m, round(18 * scale), m, round(18 * scale))
        for layout in (self.home.outer, self.agency.outer):
            layout.setContentsMargins(m, m, m, m)
            layout.setSpacing(gap)
        for grid in (self.home.grid, self.agency.grid):
            grid.setSpacing(gap)
        for button in (*self.home.tiles, *self.agency.buttons):
            button.set_margins(round(16 * scale))
