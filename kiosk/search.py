"""The kiosk's search page: when the agencies need more than one page, a visitor types part of
a name, an acronym, a plain description or a service on big on-screen keys and taps what
comes up. The matching is :func:`kiosk.catalog.search` (pure, unit-tested); this page only
shows it."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalog import AgencyEntry, Match, search
from kiosk.pages import TILE_MIN, agency_lines
from kiosk.texts import ID, text
from kiosk.widgets import CardButton, named
from shared.ui.scaling import Fit, fit

KEY_ROWS = ("QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")
MAX_RESULTS = 12
QUERY_MAX = 40


class _Area(QWidget):
    """Where the results go; says when the layout gave it a new size."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class SearchPage(QWidget):
    """A search field, the agencies it finds as tiles (as many as fit), and a keyboard."""

    agency_chosen = Signal(str)
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._agencies: tuple[AgencyEntry, ...] = ()
        self._matches: tuple[Match, ...] = ()
        self._lang = ID
        self._fit = fit(1920, 1080)
        self._slots = 1
        self._columns = 1
        self._tile_margin = 10
        self.back = named(QPushButton(text("back")), "backButton")
        self.back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back.clicked.connect(self.back_requested)
        self.field = named(QLineEdit(), "searchField")
        self.field.setMaxLength(QUERY_MAX)
        self.field.setPlaceholderText(text("search_placeholder"))
        self.field.textChanged.connect(lambda _t: self._render())
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(self.field, 1)
        self.hint = named(QLabel(text("search_hint")), "searchHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.results: list[CardButton] = []
        # The results take the room the keyboard leaves, never more: as many tiles as fit it
        # (counted again whenever the room changes), and they never ask for more.
        self.area = _Area()
        self.area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.area.resized.connect(self._layout_results)
        self.grid = QGridLayout(self.area)
        self.grid.setSizeConstraint(QGridLayout.SizeConstraint.SetNoConstraint)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.keys: dict[str, QPushButton] = {}
        self.keyboard = QVBoxLayout()
        self._key_rows: list[QHBoxLayout] = []
        for row in KEY_ROWS:
            line = QHBoxLayout()
            self._key_rows.append(line)
            line.addStretch(1)
            for letter in row:
                line.addWidget(self._key(letter, letter, "searchKey"), 2)
            line.addStretch(1)
            self.keyboard.addLayout(line)
        words = QHBoxLayout()
        self._key_rows.append(words)
        for key, stretch in (("clear", 4), ("space", 6), ("delete", 4)):
            words.addWidget(self._key(key, text(f"key_{key}"), "searchWord"), stretch)
        self.keyboard.addLayout(words)
        self.outer = QVBoxLayout(self)
        self.outer.addLayout(top)
        self.outer.addWidget(self.hint)
        self.outer.addWidget(self.area, 1)
        self.outer.addLayout(self.keyboard)

    def _key(self, key: str, label: str, name: str) -> QPushButton:
        button = named(QPushButton(label), name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _=False, k=key: self.press(k))
        self.keys[key] = button
        return button

    # --- what the window tells us ------------------------------------------------------

    def set_agencies(self, agencies: tuple[AgencyEntry, ...]) -> None:
        self._agencies = agencies
        self._render()

    def set_fit(self, f: Fit, gap: int, key_gap: int, tile_margin: int) -> None:
        self._fit = f
        self.grid.setSpacing(gap)
        self.keyboard.setSpacing(key_gap)
        for row in self._key_rows:
            row.setSpacing(key_gap)
        for tile in self.results:
            tile.set_margins(tile_margin)
        self._tile_margin = tile_margin
        self._layout_results()

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self.back.setText(text("back", lang))
        self.field.setPlaceholderText(text("search_placeholder", lang))
        for key in ("clear", "space", "delete"):
            self.keys[key].setText(text(f"key_{key}", lang))
        self._render()

    def reset(self) -> None:
        self.field.clear()
        self._render()

    def press(self, key: str) -> None:
        """A key of the on-screen keyboard: a letter, 'space', 'delete' or 'clear'."""
        query = self.field.text()
        if key == "clear":
            query = ""
        elif key == "delete":
            query = query[:-1]
        elif key == "space":
            query = query + " " if query and not query.endswith(" ") else query
        else:
            query += key
        self.field.setText(query[:QUERY_MAX])

    def tile_for(self, agency_code: str) -> CardButton | None:
        return next((t for t in self.results if t.isVisible() and t.key == agency_code), None)

    @property
    def shown(self) -> list[str]:
        """The codes of the agencies shown, best first."""
        return [t.key for t in self.results if t.isVisible()]

    # --- drawing -----------------------------------------------------------------------

    def _layout_results(self) -> None:
        """As many result tiles as fit the room above the keyboard, each at least
        :data:`kiosk.pages.TILE_MIN`, up to :data:`MAX_RESULTS`."""
        gap = max(0, self.grid.spacing())
        least_w, least_h = (self._fit.px(v) for v in TILE_MIN)
        room_w, room_h = self.area.width(), self.area.height()
        cols = max(1, min(4, (room_w + gap) // (least_w + gap)))
        rows = max(1, (room_h + gap) // (least_h + gap))
        slots = min(MAX_RESULTS, cols * rows)
        if (slots, cols) == (self._slots, self._columns) and len(self.results) >= slots:
            return
        self._slots, self._columns = slots, cols
        while len(self.results) < slots:
            tile = CardButton("tile", self.area)
            tile.set_margins(self._tile_margin)
            tile.clicked.connect(lambda _=False, t=tile: self.agency_chosen.emit(t.key))
            tile.hide()
            self.results.append(tile)
        for tile in self.results:
            self.grid.removeWidget(tile)
        rows = math.ceil(slots / cols)
        for r in range(max(self.grid.rowCount(), rows)):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(max(self.grid.columnCount(), cols)):
            self.grid.setColumnStretch(c, 1 if c < cols else 0)
        for i, tile in enumerate(self.results[:slots]):
            self.grid.addWidget(tile, i // cols, i % cols)
        self._render()

    def _render(self) -> None:
        query = self.field.text()
        self._matches = search(self._agencies, query)
        shown = self._matches[: self._slots]
        if not query.strip():
            self.hint.setText(text("search_hint", self._lang))
        elif not self._matches:
            self.hint.setText(text("search_none", self._lang))
        elif len(shown) < len(self._matches):
            self.hint.setText(text("search_more", self._lang, n=len(self._matches), shown=len(shown)))
        else:
            self.hint.setText(text("search_found", self._lang, n=len(self._matches)))
        for i, tile in enumerate(self.results):
            if i >= len(shown) or i >= self._slots:
                tile.key = ""
                tile.hide()
                continue
            match = shown[i]
            a = match.agency
            tile.key = a.code
            about = a.description
            if match.services:
                names = [s.name for s in match.services]
                about = text(
                    "search_services",
                    self._lang,
                    names=", ".join(names[:2]) + (", …" if len(names) > 2 else ""),
                )
            tile.set_lines(a.short, *agency_lines(a, self._lang), subtitle=about)
            tile.set_available(a.available)
            tile.show()
