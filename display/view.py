"""The board as the hall sees it. Renders a :class:`~display.board.BoardState`; decides nothing.

Two designs, both at full size: 1920x1080 landscape (the latest call left, earlier calls
right) and 1080x1920 portrait (everything stacked: the latest call on top, earlier calls in
two columns, then the waiting counts). :func:`shared.ui.scaling.fit` picks the design and
its scale, so a 720p TV or a windowed board keeps the same proportions.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from display.board import HISTORY, AgencyCount, BoardState, Call
from display.clock import long_datetime
from display.media import MediaPane
from display.source import SiteInfo
from display.widgets import FitLabel, Marquee, named
from shared.ui.scaling import Fit, changed, fit

FLASH_TICKS = 8
FLASH_MS = 450
HISTORY_ROWS = {False: 6, True: HISTORY}
"""Earlier calls listed: landscape shares its height with the waiting counts."""
HISTORY_WITH_MEDIA = {False: 3, True: 4}
"""Earlier calls listed when the media pane takes its share of the board."""
WAITING_COLUMNS = {False: 5, True: 3}

STYLE = """
#board {{ background: #0B1F3A; }}
#header {{ background: #06142A; }}
#siteName {{ color: #FFFFFF; font-size: {h3}px; font-weight: bold; }}
#scope {{ color: #FFD23F; font-size: {h3}px; font-weight: bold; }}
#clock {{ color: #FFFFFF; font-size: {h3}px; }}
#offline {{ color: #FFB347; font-size: {small}px; }}
#callPanel {{ background: #12305A; border-radius: {radius}px; }}
#callPanel[flash="true"] {{ background: #FFD23F; }}
#caption {{ color: #C9D6E8; font-size: {caption}px; font-weight: bold; }}
#callPanel[flash="true"] #caption {{ color: #0B1F3A; }}
#code {{ color: #FFD23F; }}
#callPanel[flash="true"] #code {{ color: #0B1F3A; }}
#counter {{ color: #FFFFFF; }}
#callPanel[flash="true"] #counter {{ color: #0B1F3A; }}
#agency {{ color: #E4ECF7; }}
#service {{ color: #C9D6E8; }}
#callPanel[flash="true"] #agency, #callPanel[flash="true"] #service {{ color: #0B1F3A; }}
#empty {{ color: #C9D6E8; font-size: {h2}px; }}
#historyPanel, #waitingPanel {{ background: #0F284B; border-radius: {radius}px; }}
#historyTitle, #waitingTitle {{ color: #C9D6E8; font-size: {body}px; font-weight: bold; }}
#historyRow {{ border-top: {line}px solid #1D3F6E; }}
#historyCode {{ color: #FFD23F; }}
#historyCounter {{ color: #FFFFFF; }}
#agencyChip {{ border-top: {line}px solid #1D3F6E; }}
#agencyName {{ color: #E4ECF7; }}
#agencyCount {{ color: #FFD23F; font-size: {h3}px; font-weight: bold; }}
#agencyChip[idle="true"] #agencyCount {{ color: #6F88AA; }}
#voiceNotice {{ background: #FFB347; color: #0B1F3A; font-size: {small}px; font-weight: bold; }}
#marqueeBar {{ background: #FFD23F; }}
#marquee {{ color: #0B1F3A; background: #FFD23F; }}
#media {{ background: #000000; border-radius: {radius}px; }}
"""

DESIGN = {"h2": 56, "h3": 40, "body": 34, "small": 28, "radius": 24, "line": 2}

# Largest text sizes per design (px at scale 1). Landscape shares its height with the
# waiting counts; portrait has the full width for the number.
CODE_PX = {False: 240, True: 290}
COUNTER_PX = {False: 84, True: 110}
CAPTION_PX = {False: 32, True: 40}
CODE_MIN_PX = {False: 200, True: 260}
PORTRAIT_MEDIA_H = 380
NOTICE_ALLOWANCE = 190
"""Height (design px) the media pane gives up in portrait while a notice is shown."""
"""The number's line never gets less than this (the media pane gives way first)."""
HISTORY_CODE_PX = {False: 60, True: 56}
HISTORY_COUNTER_PX = {False: 44, True: 40}


class HistoryRow(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyRow")
        self.code = named(FitLabel(60), "historyCode")
        self.counter = named(FitLabel(44, bold=False), "historyCounter")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._layout = layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.code, 2)
        layout.addWidget(self.counter, 3)
        self.call: Call | None = None

    def show_call(self, call: Call | None) -> None:
        self.call = call
        self.code.setText(call.code if call else "")
        self.counter.setText(call.counter_name if call else "")

    def set_sizes(self, code_px: int, counter_px: int, pad: int) -> None:
        self.code.set_max_px(code_px)
        self.counter.set_max_px(counter_px)
        self._layout.setContentsMargins(0, pad, 0, pad)


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
        idle = entry.waiting == 0
        if self.property("idle") != idle:
            self.setProperty("idle", idle)
            self.count.style().unpolish(self.count)
            self.count.style().polish(self.count)

    def set_sizes(self, name_px: int, pad: int) -> None:
        self.name.set_max_px(name_px)
        self._layout.setContentsMargins(0, pad, 0, pad)
        self._layout.setSpacing(pad * 3)
        self.count.setMinimumWidth(round(name_px * 2.6))  # "999" never squeezes the name


class BoardWindow(QWidget):
    """The whole board. ``show_board(state)`` after every change, ``flash_call(call)`` on a
    live call, ``set_site(info)`` when the site (re)loads."""

    def __init__(
        self, *, clock: Callable[[], dt.datetime], scope_label: str = "",
        media_dir: Path | None = None, parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("board")
        self.setWindowTitle("Antre — Layar Antrian")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._clock = clock
        self._tz: zoneinfo.ZoneInfo | None = None
        self._fit: Fit | None = None
        self._flash_left = 0
        self._waiting: tuple[AgencyCount, ...] = ()

        # header: site name (and the board's zone), offline marker, clock
        self.header = named(QFrame(), "header")
        self.site_name = named(QLabel("Antre"), "siteName")
        self.scope = named(QLabel(scope_label), "scope")
        self.scope.setVisible(bool(scope_label))
        self.offline = named(QLabel("● Koneksi terputus"), "offline")
        self.offline.hide()
        self.clock = named(QLabel(""), "clock")
        self._header = QGridLayout(self.header)

        # the latest call, large
        self.call_panel = named(QFrame(), "callPanel")
        self.call_panel.setProperty("flash", False)
        self.caption_number = named(QLabel("NOMOR ANTRIAN"), "caption")
        self.code = named(FitLabel(CODE_PX[False], fill_height=True), "code")
        self.caption_go = named(QLabel("SILAKAN MENUJU"), "caption")
        self.counter = named(FitLabel(COUNTER_PX[False]), "counter")
        # One line each, shrunk to fit: a wrapped label's height-for-width upsets the grid.
        self.agency = named(FitLabel(DESIGN["h3"], bold=False), "agency")
        self.service = named(FitLabel(DESIGN["body"], bold=False), "service")
        self.empty = named(QLabel("Belum ada panggilan.\nSilakan menunggu nomor Anda dipanggil."), "empty")
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
        self.history_title = named(QLabel("PANGGILAN SEBELUMNYA"), "historyTitle")
        self.rows = [HistoryRow() for _ in range(HISTORY)]
        history_layout = QVBoxLayout(self.history_panel)
        self._history_outer = history_layout
        history_layout.addWidget(self.history_title)
        self._history_grid = QGridLayout()
        self._history_grid.setVerticalSpacing(0)
        history_layout.addLayout(self._history_grid)
        history_layout.addStretch(1)

        # waiting counts per agency
        self.waiting_panel = named(QFrame(), "waitingPanel")
        self.waiting_title = named(QLabel("JUMLAH MENUNGGU"), "waitingTitle")
        self.chips: list[AgencyChip] = []
        waiting_layout = QVBoxLayout(self.waiting_panel)
        self._waiting_outer = waiting_layout
        waiting_layout.addWidget(self.waiting_title)
        self._waiting_grid = QGridLayout()
        self._waiting_grid.setVerticalSpacing(0)
        waiting_layout.addLayout(self._waiting_grid)
        self.waiting_panel.hide()

        # the optional media pane (images or video from a folder)
        self.media = MediaPane(media_dir)
        self.media.setObjectName("media")

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
        history = state.history
        for i, row in enumerate(self.rows):
            row.show_call(history[i] if i < len(history) else None)
        self._show_rows()
        if state.waiting != self._waiting:
            self._show_waiting(state.waiting)
        if latest is None:
            self._stop_flash()

    def flash_call(self, _call: Call) -> None:
        """A call or recall just came in live: flash the large panel for a few seconds."""
        self._flash_left = FLASH_TICKS
        self._set_flash(True)
        self._flash_timer.start()

    def set_store_available(self, ok: bool) -> None:
        self.offline.setText("● Koneksi terputus")
        self.offline.setToolTip("Papan tetap tampil; data diperbarui lagi saat koneksi pulih.")
        self.offline.setVisible(not ok)

    def set_voice_notice(self, message: str | None) -> None:
        """Staff must see that calls are not spoken (only the chime plays)."""
        self._notices["voice"] = (
            f"Suara pengumuman tidak tersedia, nomor dipanggil dengan bunyi bel saja. {message}"
            if message else "")
        self._show_notices()

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
        self.offline.setText("● Gangguan sistem")
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
        text = long_datetime(now)
        if text != self.clock.text():  # one repaint a minute, not one a second
            self.clock.setText(text)

    def _show_waiting(self, counts: tuple[AgencyCount, ...]) -> None:
        self._waiting = counts
        if len(self.chips) != len(counts):
            for chip in self.chips:
                self._waiting_grid.removeWidget(chip)
                chip.deleteLater()
            self.chips = [AgencyChip() for _ in counts]
            self._place_chips()
            if self._fit is not None:
                self._size_chips(self._fit)
        for chip, entry in zip(self.chips, counts, strict=True):
            chip.show_count(entry)
        self.waiting_panel.setVisible(bool(counts))

    # --- layout -------------------------------------------------------------------------

    def _place_chips(self) -> None:
        for chip in self.chips:
            self._waiting_grid.removeWidget(chip)
        columns = WAITING_COLUMNS[self.portrait]
        for i, chip in enumerate(self.chips):
            self._waiting_grid.addWidget(chip, i // columns, i % columns)
        for c in range(max(WAITING_COLUMNS.values())):
            self._waiting_grid.setColumnStretch(c, 1 if c < columns else 0)

    def _history_slots(self) -> int:
        slots = HISTORY_WITH_MEDIA[self.portrait] if self.media.has_media else HISTORY_ROWS[self.portrait]
        if not self.portrait and any(self._notices.values()):
            slots -= 1  # the notice line takes one row's height from a landscape board
        return slots

    def _show_rows(self) -> None:
        slots = self._history_slots()
        for i, row in enumerate(self.rows):
            row.setVisible(i < slots and row.call is not None)

    def _arrange(self, portrait: bool) -> None:
        """Place the panels for the design: landscape side by side, portrait stacked."""
        grid = self._body
        for w in (self.call_panel, self.history_panel, self.waiting_panel, self.media):
            grid.removeWidget(w)
        for i in range(4):
            grid.setRowStretch(i, 0)
            grid.setColumnStretch(i, 0)
        media = self.media.has_media
        if portrait:
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
            grid.setColumnStretch(0, 3)
            grid.setColumnStretch(1, 2)
        self.media.setVisible(media)  # only now: it has its parent, never a window of its own
        # Earlier calls: one column in landscape, two side by side in portrait.
        for row in self.rows:
            self._history_grid.removeWidget(row)
        per_col = (self._history_slots() + 1) // 2 if portrait else HISTORY
        for i, row in enumerate(self.rows):
            self._history_grid.addWidget(row, i % per_col, i // per_col)
        self._history_grid.setColumnStretch(0, 1)
        self._history_grid.setColumnStretch(1, 1 if portrait else 0)
        # The header: one line in landscape; name over clock in portrait (1080 px is narrow).
        for w in (self.site_name, self.scope, self.offline, self.clock):
            self._header.removeWidget(w)
        self._header.addWidget(self.site_name, 0, 0)
        self._header.addWidget(self.scope, 0, 1)
        if portrait:
            self._header.addWidget(self.clock, 1, 0)
            self._header.addWidget(self.offline, 1, 1)
            self.clock.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self._header.setColumnStretch(0, 1)
            self._header.setColumnStretch(2, 0)
        else:
            self._header.addWidget(self.offline, 0, 2)
            self._header.addWidget(self.clock, 0, 3)
            self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self._header.setColumnStretch(0, 0)
            self._header.setColumnStretch(2, 1)
        for w in (self.scope, self.offline):
            w.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._show_rows()
        self._place_chips()

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
        self.setStyleSheet(STYLE.format(**f.sizes(DESIGN), caption=f.px(CAPTION_PX[f.portrait])))
        m = f.px(32)
        self._header.setContentsMargins(m, f.px(16), m, f.px(16))
        self._header.setHorizontalSpacing(f.px(24))
        self._body.setContentsMargins(m, m, m, m)
        self._body.setSpacing(m)
        inner = f.px(32 if f.portrait else 20)
        self._call_layout.setContentsMargins(m, inner, m, inner)
        self._call_layout.setSpacing(f.px(8 if f.portrait else 4))
        self._history_outer.setContentsMargins(m, f.px(20), m, f.px(20))
        self._history_grid.setHorizontalSpacing(f.px(48))
        self._waiting_outer.setContentsMargins(m, f.px(16), m, f.px(16))
        self._waiting_grid.setHorizontalSpacing(f.px(40))
        self.voice_notice.setContentsMargins(m, f.px(8), m, f.px(8))
        self.code.set_max_px(f.px(CODE_PX[f.portrait]))
        self.code.setMinimumHeight(f.px(CODE_MIN_PX[f.portrait]))
        self.agency.set_max_px(f.px(DESIGN["h3"]))
        self.service.set_max_px(f.px(DESIGN["body"]))
        self._size_media()
        self.counter.set_max_px(f.px(COUNTER_PX[f.portrait]))
        pad = f.px(8 if f.portrait else 10)
        for row in self.rows:
            row.set_sizes(f.px(HISTORY_CODE_PX[f.portrait]), f.px(HISTORY_COUNTER_PX[f.portrait]), pad)
        self._size_chips(f)
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

    def _size_chips(self, f: Fit) -> None:
        for chip in self.chips:
            chip.set_sizes(f.px(28), f.px(4))
