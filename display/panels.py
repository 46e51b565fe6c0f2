"""The board's panels and their repeated parts: a row of the earlier calls, a counter's
tile (layout ``loket``), an agency's waiting count, and the waiting-counts panel that pages
through them when they do not all fit. Each renders what :mod:`display.view` hands it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from display.board import AgencyCount, Call, CounterSlot
from display.style import (
    GRID_NAME_PX,
    GRID_NUMBER_PX,
    READABLE_PX,
    WAITING_COLUMNS,
    WAITING_COUNT_PX,
    WAITING_PAGE_MS,
)
from display.widgets import FitLabel, named
from shared.ui.scaling import Fit
from shared.ui.translation import tr

SPEAKING, PENDING = "▶", "•"


class HistoryRow(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyRow")
        self.code = named(FitLabel(60), "historyCode")
        self.counter = named(FitLabel(44, bold=False), "historyCounter")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.mark = named(QLabel(""), "voiceMark")
        self.mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._layout = layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.mark)
        layout.addWidget(self.code, 2)
        layout.addWidget(self.counter, 3)
        self.call: Call | None = None
        self.voice = ""

    def show_call(self, call: Call | None, voice: str = "") -> None:
        """``voice``: "speaking", "pending" (not spoken yet) or "" (spoken, or read from the store)."""
        self.call = call
        self.code.setText(call.code if call else "")
        self.counter.setText(call.counter_name if call else "")
        if voice != self.voice:
            self.voice = voice
            self.mark.setText({"speaking": SPEAKING, "pending": PENDING}.get(voice, ""))
            self.setProperty("voice", voice)
            self.style().unpolish(self)  # the row's own background only: cheap on a busy floor
            self.style().polish(self)

    def set_sizes(self, code_px: int, counter_px: int, pad: int) -> None:
        self.code.set_max_px(code_px)
        self.counter.set_max_px(counter_px)
        font = QFont(self.mark.font())
        font.setPixelSize(max(12, counter_px))
        self.mark.setFont(font)
        self.mark.setFixedWidth(round(counter_px * 0.9))
        self._layout.setContentsMargins(pad, pad, pad, pad)


class CounterTile(QFrame):
    """One counter on the counter grid: 'Loket 3' over its current number."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counterTile")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.name = named(FitLabel(GRID_NAME_PX, bold=False), "tileName")
        self.number = named(FitLabel(GRID_NUMBER_PX, fill_height=True), "tileNumber")
        for label in (self.name, self.number):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.number, 1)
        self.slot: CounterSlot | None = None
        self.voice = ""

    def show_slot(self, slot: CounterSlot, voice: str = "") -> None:
        self.slot = slot
        self.name.setText(slot.name)
        mark = {"speaking": f"{SPEAKING} ", "pending": f"{PENDING} "}.get(voice, "")
        idle = tr("display", "istirahat") if slot.paused else "–"
        self.number.setText(f"{mark}{slot.current}" if slot.current else idle)
        if voice != self.voice:
            self.voice = voice
            self.setProperty("voice", voice)
            self.style().unpolish(self)
            self.style().polish(self)
        if self.property("paused") != slot.paused:
            self.setProperty("paused", slot.paused)
            for w in (self, self.number):
                w.style().unpolish(w)
                w.style().polish(w)

    def set_sizes(self, name_px: int, number_px: int, pad: int) -> None:
        self.name.set_max_px(name_px)
        self.number.set_max_px(number_px)
        self._layout.setContentsMargins(pad, pad, pad, pad)
        self._layout.setSpacing(0)


class AgencyChip(QFrame):
    """One agency's waiting count: 'Dukcapil ........ 18'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agencyChip")
        self.name = named(FitLabel(28, bold=False), "agencyName")
        self.count = named(QLabel(""), "agencyCount")
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._layout = layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name, 1)
        layout.addWidget(self.count)
        self._layout.setSpacing(12)

    def show_count(self, entry: AgencyCount) -> None:
        self.name.setText(entry.short)
        self.count.setText(str(entry.waiting))

    def set_sizes(self, name_px: int, count_px: int, pad: int) -> None:
        self.name.set_max_px(name_px)
        self._layout.setContentsMargins(0, pad, 0, pad)
        self._layout.setSpacing(pad * 3)
        self.count.setMinimumWidth(round(count_px * 1.9))  # "999" never squeezes the name


class WaitingPanel(QFrame):
    """How many wait, per agency: only where people wait, a page at a time when they do
    not all fit (the board sets how many do, and in how many columns, with
    :meth:`set_shape`), every count readable from 10 m. Pages turn by themselves every few
    seconds. The panel holds no reference to its board: the board tells it what it needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waitingPanel")
        self._per_page = WAITING_COLUMNS[False]
        self._columns = WAITING_COLUMNS[False]
        self._fit: Fit | None = None
        self._counts: tuple[AgencyCount, ...] = ()
        self.page = 0
        self.title = named(QLabel(tr("display", "JUMLAH MENUNGGU")), "waitingTitle")
        self.chips: list[AgencyChip] = []
        self._outer = QVBoxLayout(self)
        self._outer.addWidget(self.title)
        self._grid = QGridLayout()
        self._grid.setVerticalSpacing(0)
        self._outer.addLayout(self._grid)
        self.hide()
        self._timer = QTimer(self, interval=WAITING_PAGE_MS)
        self._timer.timeout.connect(self._next_page)

    def set_shape(self, per_page: int, columns: int) -> None:
        """How many counts fit a page, in how many columns (the design and the media pane decide)."""
        self._per_page = max(1, per_page)
        self._columns = max(1, columns)

    @property
    def counts(self) -> tuple[AgencyCount, ...]:
        return self._counts

    def show_counts(self, counts: tuple[AgencyCount, ...]) -> None:
        self._counts = counts
        self.show_page()

    @property
    def pages(self) -> int:
        shown = sum(1 for c in self._counts if c.waiting > 0)
        return max(1, -(-shown // self._per_page))

    def _next_page(self) -> None:
        self.page += 1
        self.show_page()

    def show_page(self) -> None:
        per_page = self._per_page
        waiting = [c for c in self._counts if c.waiting > 0]
        pages = self.pages
        self.page %= pages
        page = waiting[self.page * per_page:(self.page + 1) * per_page]
        if len(self.chips) != len(page):
            for chip in self.chips:
                self._grid.removeWidget(chip)
                chip.deleteLater()
            self.chips = [AgencyChip() for _ in page]
            self.place_chips()
            if self._fit is not None:
                self._size_chips(self._fit)
        for chip, entry in zip(self.chips, page, strict=True):
            chip.show_count(entry)
        self.setVisible(bool(page))
        self.title.setText(tr("display", "JUMLAH MENUNGGU")
                           + (f"  {self.page + 1}/{pages}" if pages > 1 else ""))
        if pages > 1 and not self._timer.isActive():
            self._timer.start()
        elif pages == 1:
            self._timer.stop()

    def place_chips(self) -> None:
        for chip in self.chips:
            self._grid.removeWidget(chip)
        columns = self._columns
        for i, chip in enumerate(self.chips):
            self._grid.addWidget(chip, i // columns, i % columns)
        for c in range(max(WAITING_COLUMNS.values())):
            self._grid.setColumnStretch(c, 1 if c < columns else 0)

    def apply_fit(self, f: Fit, margin: int) -> None:
        self._fit = f
        self._outer.setContentsMargins(margin, f.px(16), margin, f.px(16))
        self._grid.setHorizontalSpacing(f.px(32))
        self._size_chips(f)

    def _size_chips(self, f: Fit) -> None:
        for chip in self.chips:
            chip.set_sizes(f.px(READABLE_PX), f.px(WAITING_COUNT_PX), f.px(4))
