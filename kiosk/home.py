"""The kiosk's home page: the agencies as tiles, as many to a page as fit."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.catalog import AgencyEntry
from kiosk.pages import DESIGN, TILE_MIN, agency_lines, page_count, priority_line, restyle
from kiosk.texts import ID, text
from kiosk.widgets import CardButton, Logos, Pager, named
from shared.ui.scaling import Fit, fit


class HomePage(QWidget):
    """The agencies as tiles, as many to a page as fit.

    The grid sizes itself to the number of agencies: all of them on one page while each tile
    keeps at least :data:`TILE_MIN` (the name on two lines, its description and the waiting
    count, far more than a 15 mm touch target); only past that do pages (with the pager) and
    the search button appear."""

    agency_chosen = Signal(str)
    priority_requested = Signal()
    search_requested = Signal()

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
        # When the agencies need more than one page, a visitor may search instead of paging.
        # It shares the pager's row on a landscape screen, and sits above it on a portrait one.
        self.search = named(QPushButton(text("search_open")), "searchButton")
        self.search.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.search.clicked.connect(self.search_requested)
        self.search.hide()
        self.paging = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.paging.addWidget(self.search)
        self.paging.addWidget(self.pager, 1)
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
        self.outer.addLayout(self.paging)
        self.outer.addWidget(self.priority)

    def set_priority(self, name: str | None, *, offered: bool = True) -> None:
        self._priority_name = name
        self.priority.set_lines(priority_line(name, "then_agency", self._lang))
        restyle(self.priority, "active", bool(name))
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
        self.paging.setDirection(
            QBoxLayout.Direction.TopToBottom if f.portrait else QBoxLayout.Direction.LeftToRight
        )
        for tile in self.tiles:
            tile.set_margins(tile_margin)
        self._columns = 0
        self._layout_tiles()

    def _new_tile(self) -> CardButton:
        tile = CardButton("tile", self)
        tile.clicked.connect(lambda _=False, t=tile: self.agency_chosen.emit(t.key))
        tile.set_margins(self._tile_margin)
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
        room_h = self.height() - top - bottom - self.prompt.heightForWidth(room_w) - self.outer.spacing()
        if not self.priority.isHidden():
            room_h -= self.priority.height() + self.outer.spacing()
        least_w, least_h = (self._fit.px(v) for v in TILE_MIN)
        cols = max(1, (room_w + gap) // (least_w + gap))
        rows = max(1, (room_h + gap) // (least_h + gap))
        if n <= cols * rows:
            rows = math.ceil(n / cols)
            return math.ceil(n / rows), rows, n
        pager, search = self.pager.sizeHint().height(), self.search.sizeHint().height()
        gap_paging = max(0, self.paging.spacing())
        row = pager + search + gap_paging if self._fit.portrait else max(pager, search)
        paging = row + self.outer.spacing()
        rows = max(1, (room_h - paging + gap) // (least_h + gap))
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
        self.search.setVisible(per_page < len(self._agencies))
        self.pager.set_pages(page_count(len(self._agencies), per_page))
        self.pager.set_page(min(page, page_count(len(self._agencies), per_page) - 1))
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
        self.search.setText(text("search_open", lang))
        self.pager.set_language(lang)
        self.priority.set_lines(priority_line(self._priority_name, "then_agency", lang))
        self._render()

    def set_agencies(self, agencies: tuple[AgencyEntry, ...]) -> None:
        self._agencies = agencies
        self._columns = 0
        self._layout_tiles()
        self.pager.set_pages(page_count(len(agencies), self._per_page))
        self._render()

    def set_notice(self, notice: str | None, kind: str = "open") -> None:
        """The calendar's word for the whole site (None: an ordinary open hour)."""
        self.notice.setText(notice or "")
        restyle(self.notice, "kind", kind)
        self.notice.setVisible(bool(notice))

    def first_page(self) -> None:
        self.pager.set_page(0)
        self._render()

    def tile_for(self, agency_code: str) -> CardButton | None:
        return next((t for t in self.tiles if t.isVisible() and t.key == agency_code), None)

    def _render(self) -> None:
        start = self.pager.page * self._per_page
        shown = self._agencies[start : start + self._per_page]
        for i, tile in enumerate(self.tiles):
            if i >= len(shown):
                tile.key = ""
                tile.setVisible(False)
                continue
            a = shown[i]
            tile.key = a.code
            tile.set_logo(self._logos.source(a.code), self._logo_px)
            tile.set_lines(a.short, *agency_lines(a, self._lang), subtitle=a.description)
            tile.set_available(a.available)
            tile.show()
