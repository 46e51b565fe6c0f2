"""The board as the hall sees it. Renders a :class:`~display.board.BoardState`; decides nothing.

Two designs, both at full size: 1920x1080 landscape (the latest call left, earlier calls
right, in two columns) and 1080x1920 portrait (everything stacked: the latest call on top,
earlier calls in two columns, then the waiting counts). :func:`shared.ui.scaling.fit` picks
the design and its scale, so a 720p TV or a windowed board keeps the same proportions.

Ten calls are always in sight, and the voice's progress is marked on them: the call being
spoken (▶, highlighted) and the calls it has not reached yet (•), which stay listed until
they have been spoken (:func:`display.board.shown_history`).

Waiting counts are readable from 10 m: their letters are at least
:data:`display.style.READABLE_PX` design pixels (25 mm on a 55-inch 1080p screen;
docs/voice.md), and only agencies where people wait are listed, a page at a time when they
do not all fit (:class:`display.panels.WaitingPanel`). The rows, tiles and counts are in
:mod:`display.panels`, the style sheet and sizes in :mod:`display.style`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Hashable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from display.board import HISTORY, BoardState, Call, shown_history
from display.clock import long_datetime
from display.media import MediaPane
from display.panels import PENDING, SPEAKING, AgencyChip, CounterTile, HistoryRow, WaitingPanel
from display.source import SiteInfo
from display.style import (
    CAPTION_PX,
    CODE_MIN_PX,
    CODE_PX,
    COUNTER_PX,
    DESIGN,
    GRID_NAME_PX,
    GRID_NUMBER_PX,
    HISTORY_CODE_PX,
    HISTORY_COUNTER_PX,
    HISTORY_MEDIA_SCALE,
    HISTORY_PER_COLUMN,
    NOTICE_ALLOWANCE,
    PORTRAIT_MEDIA_H,
    STYLE,
    WAITING_COLUMNS,
    WAITING_COUNT_PX,
    WAITING_ROWS,
)
from display.widgets import FitLabel, Marquee, named
from shared.ui.scaling import Fit, changed, fit
from shared.ui.translation import QT_TRANSLATE_NOOP, language, tr
from shared.voice.announcer import Progress

FLASH_TICKS = 8
FLASH_MS = 450
LAYOUTS = ("papan", "loket")
"""``papan``: the latest call large, earlier calls beside it. ``loket``: every open counter
with its current number, the board of many MPP halls (and of a zone)."""
VOICE_OFF = QT_TRANSLATE_NOOP("display", "● suara mati")
"""The staff-only mark: calls are not read out (the chime alone, or no sound at all)."""


class BoardWindow(QWidget):
    """The whole board. ``show_board(state)`` after every change, ``flash_call(call)`` on a
    live call, ``set_site(info)`` when the site (re)loads."""

    def __init__(
        self, *, clock: Callable[[], dt.datetime], scope_label: str = "",
        media_dir: Path | None = None, layout: str = "papan", parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.layout_name = layout if layout in LAYOUTS else LAYOUTS[0]
        self.setObjectName("board")
        self.setWindowTitle(tr("display", "Antre — Layar Antrean"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._clock = clock
        self._tz: zoneinfo.ZoneInfo | None = None
        self._fit: Fit | None = None
        self._flash_left = 0
        self._state = BoardState()
        self._speaking: Hashable | None = None
        self._unspoken: frozenset[Hashable] = frozenset()
        self._voice_due = False

        # header: site name (and the board's zone), offline marker, clock
        self.header = named(QFrame(), "header")
        self.site_name = named(QLabel("Antre"), "siteName")
        self.scope = named(QLabel(scope_label), "scope")
        self.scope.setVisible(bool(scope_label))
        self.offline = named(QLabel(tr("display", "● Koneksi terputus")), "offline")
        self.offline.hide()
        # For staff only: small, in the header's corner, and never the configuration itself.
        self.staff_mark = named(QLabel(""), "staffMark")
        self.staff_mark.hide()
        self.marks = QWidget()
        marks = QHBoxLayout(self.marks)
        marks.setContentsMargins(0, 0, 0, 0)
        marks.addStretch(1)
        marks.addWidget(self.staff_mark)
        marks.addWidget(self.offline)
        self.clock = named(QLabel(""), "clock")
        self._header = QGridLayout(self.header)

        # the latest call, large
        self.call_panel = named(QFrame(), "callPanel")
        self.call_panel.setProperty("flash", False)
        self.caption_number = named(QLabel(tr("display", "NOMOR ANTREAN")), "caption")
        self.code = named(FitLabel(CODE_PX[False], fill_height=True), "code")
        self.caption_go = named(QLabel(tr("display", "SILAKAN MENUJU")), "caption")
        self.counter = named(FitLabel(COUNTER_PX[False]), "counter")
        # One line each, shrunk to fit: a wrapped label's height-for-width upsets the grid.
        self.agency = named(FitLabel(DESIGN["h3"], bold=False), "agency")
        self.service = named(FitLabel(DESIGN["body"], bold=False), "service")
        nothing_yet = tr("display", "Belum ada panggilan.\nSilakan menunggu nomor Anda dipanggil.")
        self.empty = named(QLabel(nothing_yet), "empty")
        self.empty.setWordWrap(True)
        self._call_widgets = (self.caption_number, self.code, self.caption_go, self.counter,
                              self.agency, self.service)
        for label in (*self._call_widgets, self.empty):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._call_layout = QVBoxLayout(self.call_panel)
        for w in (*self._call_widgets, self.empty):
            # The number takes the height the others leave (or the empty-day text does).
            self._call_layout.addWidget(w, 1 if w in (self.code, self.empty) else 0)

        # earlier calls
        self.history_panel = named(QFrame(), "historyPanel")
        self.history_title = named(QLabel(tr("display", "PANGGILAN SEBELUMNYA")), "historyTitle")
        self.rows = [HistoryRow() for _ in range(HISTORY)]
        history_layout = QVBoxLayout(self.history_panel)
        self._history_outer = history_layout
        history_layout.addWidget(self.history_title)
        self._history_grid = QGridLayout()
        self._history_grid.setVerticalSpacing(0)
        history_layout.addLayout(self._history_grid)
        history_layout.addStretch(1)

        # waiting counts per agency
        self.waiting_panel = WaitingPanel()
        self.waiting_title = self.waiting_panel.title

        # the optional media pane (images or video from a folder)
        self.media = MediaPane(media_dir if self.layout_name == "papan" else None)
        self.media.setObjectName("media")
        self.waiting_panel.set_shape(self._per_page(), WAITING_COLUMNS[self.portrait])

        # the counter grid (layout "loket")
        self.grid_panel = named(QFrame(self), "gridPanel")  # a child from the start, never a window
        self._tiles_grid = QGridLayout(self.grid_panel)
        self._tiles_grid.setContentsMargins(0, 0, 0, 0)
        self.tiles: list[CounterTile] = []
        self.grid_panel.hide()

        self._notices: dict[str, str] = {}
        self.voice_notice = named(QLabel(""), "voiceNotice")
        self.voice_notice.setWordWrap(True)
        self.voice_notice.hide()

        bar = named(QFrame(), "marqueeBar")
        self.marquee = named(Marquee(), "marquee")
        bar_layout = QVBoxLayout(bar)
        bar_layout.setContentsMargins(0, 0, 0, 0)
        bar_layout.addWidget(self.marquee)

        self._body = QGridLayout()
        self._root = QVBoxLayout(self)
        # The board fills its screen; it must not impose a minimum size on the window.
        self._root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self._root.setContentsMargins(0, 0, 0, 0)
        self._root.setSpacing(0)
        self._root.addWidget(self.header)
        self._root.addLayout(self._body, 1)
        self._root.addWidget(self.voice_notice)
        self._root.addWidget(bar)

        self._clock_timer = QTimer(self, interval=1000)
        self._clock_timer.timeout.connect(self._tick_clock)
        self._clock_timer.start()
        self._flash_timer = QTimer(self, interval=FLASH_MS)
        self._flash_timer.timeout.connect(self._flash_step)
        QShortcut(QKeySequence("Ctrl+Shift+Q"), self, self.close)

        self.show_board(BoardState())
        self._apply_fit(fit(1920, 1080))

    # --- rendering ----------------------------------------------------------------------

    @property
    def portrait(self) -> bool:
        return self._fit is not None and self._fit.portrait

    def set_site(self, site: SiteInfo) -> None:
        self.site_name.setText(site.name)
        self.marquee.set_text(site.running_text)
        self.marquee.setVisible(bool(site.running_text))
        self._tz = zoneinfo.ZoneInfo(site.timezone)
        self._tick_clock()

    def show_board(self, state: BoardState) -> None:
        self._state = state
        latest = state.latest
        for w in self._call_widgets:
            w.setVisible(latest is not None)
        self.empty.setVisible(latest is None)
        if latest is not None:
            self.code.setText(latest.code)
            where = latest.counter_name + (f" · {latest.zone}" if latest.zone else "")
            self.counter.setText(where)
            self.agency.setText(latest.agency_name)
            self.service.setText(latest.service_name)
            self.service.setVisible(bool(latest.service_name))
        self._show_history()
        if self.layout_name == "loket":
            self._show_tiles()
        if state.waiting != self.waiting_panel.counts:
            self.waiting_panel.show_counts(state.waiting)
        if latest is None:
            self._stop_flash()

    def show_voice(self, progress: Progress) -> None:
        """Mark the call being spoken and those the voice has not reached yet. Drawn once the
        event loop is free: a burst of calls updates the board first, the marks after."""
        self._speaking = progress.speaking
        self._unspoken = frozenset(progress.waiting) | (
            {progress.speaking} if progress.speaking is not None else set())
        if not self._voice_due:
            self._voice_due = True
            QTimer.singleShot(0, self._draw_voice)

    def _draw_voice(self) -> None:
        self._voice_due = False
        self._show_history()

    def _voice_of(self, call: Call | None) -> str:
        if call is None or call.key not in self._unspoken:
            return ""
        return "speaking" if call.key == self._speaking else "pending"

    def _show_history(self) -> None:
        history = shown_history(self._state, self._unspoken, len(self.rows))
        for i, row in enumerate(self.rows):
            call = history[i] if i < len(history) else None
            row.show_call(call, self._voice_of(call))
        latest = self._state.latest
        voice = self._voice_of(latest)
        self.caption_number.setText({
            "speaking": f"{SPEAKING} " + tr("display", "NOMOR ANTREAN · SEDANG DIBACAKAN"),
            "pending": f"{PENDING} " + tr("display", "NOMOR ANTREAN · SEGERA DIBACAKAN"),
        }.get(voice, tr("display", "NOMOR ANTREAN")))
        self._show_rows()
        if self.layout_name == "loket" and self.tiles:
            self._show_tiles()

    def _show_tiles(self) -> None:
        slots = self._state.counters
        if len(self.tiles) != len(slots):
            for tile in self.tiles:
                self._tiles_grid.removeWidget(tile)
                tile.deleteLater()
            self.tiles = [CounterTile() for _ in slots]
            self._place_tiles()
        voice_by_code = {c.code: self._voice_of(c) for c in self._state.calls if c.key in self._unspoken}
        for tile, slot in zip(self.tiles, slots, strict=True):
            tile.show_slot(slot, voice_by_code.get(slot.current, "") if slot.current else "")

    def _grid_columns(self) -> int:
        n = max(1, len(self.tiles))
        if self.portrait:
            return 3 if n <= 12 else 4
        return 4 if n <= 12 else 5 if n <= 20 else 6

    def _place_tiles(self) -> None:
        for tile in self.tiles:
            self._tiles_grid.removeWidget(tile)
        columns = self._grid_columns()
        for i, tile in enumerate(self.tiles):
            self._tiles_grid.addWidget(tile, i // columns, i % columns)
        for c in range(8):
            self._tiles_grid.setColumnStretch(c, 1 if c < columns else 0)
        rows = -(-len(self.tiles) // columns)
        for r in range(12):
            self._tiles_grid.setRowStretch(r, 1 if r < rows else 0)
        if self._fit is not None:
            self._size_tiles(self._fit)

    def _size_tiles(self, f: Fit) -> None:
        for tile in self.tiles:
            tile.set_sizes(f.px(GRID_NAME_PX), f.px(GRID_NUMBER_PX), f.px(8))
        self._tiles_grid.setSpacing(f.px(16))

    def flash_call(self, _call: Call) -> None:
        """A call or recall just came in live: flash the large panel for a few seconds."""
        self._flash_left = FLASH_TICKS
        self._set_flash(True)
        self._flash_timer.start()

    def set_store_available(self, ok: bool) -> None:
        self.offline.setText(tr("display", "● Koneksi terputus"))
        self.offline.setToolTip(tr("display", "Papan tetap tampil; data diperbarui lagi saat koneksi pulih."))
        self.offline.setVisible(not ok)

    def set_voice_notice(self, message: str | None) -> None:
        """Staff must see that calls are not spoken: a small mark in the header's corner.
        Why (``message``, which may quote the station's config) goes to the log and the
        self-test, never onto the hall's screen."""
        self.staff_mark.setText(tr("display", VOICE_OFF) if message else "")
        self.staff_mark.setVisible(bool(message))

    def set_scope_problem(self, message: str | None) -> None:
        """A ``--zone``/``--agency`` that the site does not have: this board would stay empty."""
        self._notices["scope"] = message or ""
        self._show_notices()

    def _show_notices(self) -> None:
        text = "\n".join(m for m in self._notices.values() if m)
        self.voice_notice.setText(text)
        self.voice_notice.setVisible(bool(text))
        self._show_rows()
        self._size_media()

    def show_bug(self, message: str) -> None:
        """A bug was logged; the board keeps running and marks it discreetly."""
        self.offline.setText(tr("display", "● Gangguan sistem"))
        self.offline.setToolTip(message)
        self.offline.show()

    @property
    def flashing(self) -> bool:
        return self._flash_timer.isActive()

    def _flash_step(self) -> None:
        self._flash_left -= 1
        if self._flash_left <= 0:
            self._stop_flash()
        else:
            self._set_flash(not self.call_panel.property("flash"))

    def _stop_flash(self) -> None:
        self._flash_timer.stop()
        if self.call_panel.property("flash"):
            self._set_flash(False)

    def _set_flash(self, on: bool) -> None:
        self.call_panel.setProperty("flash", on)
        for w in (self.call_panel, *self.call_panel.findChildren(QLabel)):
            w.style().unpolish(w)
            w.style().polish(w)

    def _tick_clock(self) -> None:
        now = self._clock()
        if self._tz is not None:
            now = now.astimezone(self._tz)
        text = long_datetime(now, language("display"))
        if text != self.clock.text():  # one repaint a minute, not one a second
            self.clock.setText(text)

    @property
    def chips(self) -> list[AgencyChip]:
        """The waiting counts on screen now (this page's)."""
        return self.waiting_panel.chips

    def _per_page(self) -> int:
        rows = WAITING_ROWS[self.portrait] - (1 if self.portrait and self.media.has_media else 0)
        if self.layout_name == "loket":
            rows = 1  # the grid takes the height

        return WAITING_COLUMNS[self.portrait] * rows

    @property
    def waiting_pages(self) -> int:
        return self.waiting_panel.pages

    # --- layout -------------------------------------------------------------------------

    def _show_rows(self) -> None:
        for row in self.rows:
            row.setVisible(row.call is not None)

    def _arrange(self, portrait: bool) -> None:
        """Place the panels for the design: landscape side by side, portrait stacked."""
        grid = self._body
        for w in (self.call_panel, self.history_panel, self.waiting_panel, self.media, self.grid_panel):
            grid.removeWidget(w)
        for i in range(4):
            grid.setRowStretch(i, 0)
            grid.setColumnStretch(i, 0)
        media = self.media.has_media
        loket = self.layout_name == "loket"
        if loket:
            # Every open counter with its number, over the waiting counts.
            grid.addWidget(self.grid_panel, 0, 0)
            grid.addWidget(self.waiting_panel, 1, 0)
            grid.setRowStretch(0, 1)
            grid.setColumnStretch(0, 1)
            self._place_tiles()
        elif portrait:
            grid.addWidget(self.call_panel, 0, 0)
            grid.addWidget(self.history_panel, 1, 0)
            grid.addWidget(self.waiting_panel, 2, 0)
            grid.addWidget(self.media, 3, 0)
            grid.setRowStretch(0, 1)  # the media pane has a fixed height here (_apply_fit)
        else:
            # [latest call | earlier calls (under the media pane, if any)] over the counts.
            grid.addWidget(self.call_panel, 0, 0, 2, 1)
            if media:
                grid.addWidget(self.media, 0, 1)
                grid.addWidget(self.history_panel, 1, 1)
                grid.setRowStretch(0, 1)
            else:
                grid.addWidget(self.history_panel, 0, 1, 2, 1)
                grid.setRowStretch(1, 1)
            grid.addWidget(self.waiting_panel, 2, 0, 1, 2)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1)
        self.media.setVisible(media)  # only now: it has its parent, never a window of its own
        if loket:
            self.call_panel.hide()
            self.history_panel.hide()
        self.grid_panel.setVisible(loket)
        # Earlier calls: two columns side by side, newest first down the left one.
        for row in self.rows:
            self._history_grid.removeWidget(row)
        for i, row in enumerate(self.rows):
            self._history_grid.addWidget(row, i % HISTORY_PER_COLUMN, i // HISTORY_PER_COLUMN)
        self._history_grid.setColumnStretch(0, 1)
        self._history_grid.setColumnStretch(1, 1)
        # The header: one line in landscape; name over clock in portrait (1080 px is narrow).
        for part in (self.site_name, self.scope, self.marks, self.clock):
            self._header.removeWidget(part)
        self._header.addWidget(self.site_name, 0, 0)
        self._header.addWidget(self.scope, 0, 1)
        if portrait:
            self._header.addWidget(self.clock, 1, 0)
            self._header.addWidget(self.marks, 1, 1)
            self.clock.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self._header.setColumnStretch(0, 1)
            self._header.setColumnStretch(2, 0)
        else:
            self._header.addWidget(self.marks, 0, 2)
            self._header.addWidget(self.clock, 0, 3)
            self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self._header.setColumnStretch(0, 0)
            self._header.setColumnStretch(2, 1)
        for w in (self.scope, self.offline):
            w.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._show_rows()
        self.waiting_panel.set_shape(self._per_page(), WAITING_COLUMNS[portrait])
        self.waiting_panel.show_page()
        self.waiting_panel.place_chips()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size = event.size()
        self._apply_fit(fit(size.width(), size.height()))

    def _apply_fit(self, f: Fit) -> None:
        if not changed(self._fit, f):
            return
        old = self._fit
        self._fit = f
        if old is None or old.portrait != f.portrait:
            self._arrange(f.portrait)
        self.setStyleSheet(STYLE.format(**f.sizes(DESIGN), caption=f.px(CAPTION_PX[f.portrait]),
                                        count=f.px(WAITING_COUNT_PX)))
        m = f.px(32)
        self._header.setContentsMargins(m, f.px(16), m, f.px(16))
        self._header.setHorizontalSpacing(f.px(24))
        self._body.setContentsMargins(m, m, m, m)
        self._body.setSpacing(m)
        inner = f.px(32 if f.portrait else 20)
        self._call_layout.setContentsMargins(m, inner, m, inner)
        self._call_layout.setSpacing(f.px(8 if f.portrait else 4))
        self._history_outer.setContentsMargins(m, f.px(20), m, f.px(20))
        self._history_grid.setHorizontalSpacing(f.px(32))
        self.voice_notice.setContentsMargins(m, f.px(8), m, f.px(8))
        self.code.set_max_px(f.px(CODE_PX[f.portrait]))
        self.code.setMinimumHeight(f.px(CODE_MIN_PX[f.portrait]))
        self.agency.set_max_px(f.px(DESIGN["h3"]))
        self.service.set_max_px(f.px(DESIGN["body"]))
        self._size_media()
        self.counter.set_max_px(f.px(COUNTER_PX[f.portrait]))
        self._size_rows(f)
        self.waiting_panel.apply_fit(f, m)
        self._size_tiles(f)
        self.marquee.set_pixel_size(f.px(40), speed_px_s=120 * f.scale)

    def _size_media(self) -> None:
        f = self._fit
        if f is None:
            return
        if f.portrait:
            # A fixed share in portrait (less while a notice needs its lines), so the calls
            # above it keep their size.
            notice = NOTICE_ALLOWANCE if any(self._notices.values()) else 0
            self.media.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            self.media.setFixedHeight(f.px(PORTRAIT_MEDIA_H - notice))
        else:
            self.media.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            self.media.setMinimumHeight(0)
            self.media.setMaximumHeight(16_777_215)  # QWIDGETSIZE_MAX: the layout decides

    def _size_rows(self, f: Fit) -> None:
        shrink = HISTORY_MEDIA_SCALE if self.media.has_media else 1.0
        pad = f.px((8 if f.portrait else 10) * shrink)
        for row in self.rows:
            row.set_sizes(f.px(HISTORY_CODE_PX[f.portrait] * shrink),
                          f.px(HISTORY_COUNTER_PX[f.portrait] * shrink), pad)
