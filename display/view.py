"""The board as the hall sees it. Renders a :class:`~display.board.BoardState`; decides nothing.

Sizes are designed for 1920x1080 and scale with the window, so a 720p TV or a windowed
board keeps the same proportions.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from display.board import HISTORY, BoardState, Call
from display.clock import long_datetime
from display.source import SiteInfo
from display.widgets import FitLabel, Marquee, named

BASE_W, BASE_H = 1920, 1080
FLASH_TICKS = 8
FLASH_MS = 450

STYLE = """
#board {{ background: #0B1F3A; }}
#header {{ background: #06142A; }}
#siteName {{ color: #FFFFFF; font-size: {h3}px; font-weight: bold; }}
#clock {{ color: #FFFFFF; font-size: {h3}px; }}
#offline {{ color: #FFB347; font-size: {small}px; }}
#callPanel {{ background: #12305A; border-radius: {radius}px; }}
#callPanel[flash="true"] {{ background: #FFD23F; }}
#caption {{ color: #C9D6E8; font-size: {h3}px; font-weight: bold; }}
#callPanel[flash="true"] #caption {{ color: #0B1F3A; }}
#code {{ color: #FFD23F; }}
#callPanel[flash="true"] #code {{ color: #0B1F3A; }}
#counter {{ color: #FFFFFF; }}
#callPanel[flash="true"] #counter {{ color: #0B1F3A; }}
#agency {{ color: #E4ECF7; font-size: {h3}px; }}
#service {{ color: #C9D6E8; font-size: {body}px; }}
#callPanel[flash="true"] #agency, #callPanel[flash="true"] #service {{ color: #0B1F3A; }}
#empty {{ color: #C9D6E8; font-size: {h2}px; }}
#historyPanel {{ background: #0F284B; border-radius: {radius}px; }}
#historyTitle {{ color: #C9D6E8; font-size: {body}px; font-weight: bold; }}
#historyRow {{ border-top: {line}px solid #1D3F6E; }}
#historyCode {{ color: #FFD23F; }}
#historyCounter {{ color: #FFFFFF; }}
#marqueeBar {{ background: #FFD23F; }}
#marquee {{ color: #0B1F3A; }}
"""


def _sizes(scale: float) -> dict[str, int]:
    def px(v: float) -> int:
        return max(1, round(v * scale))

    return {"h2": px(56), "h3": px(40), "body": px(34), "small": px(28), "radius": px(24),
            "line": px(2)}


class HistoryRow(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyRow")
        self.code = FitLabel(64)
        self.code.setObjectName("historyCode")
        self.counter = FitLabel(48, bold=False)
        self.counter.setObjectName("historyCounter")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._layout = layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.code, 2)
        layout.addWidget(self.counter, 3)

    def show_call(self, call: Call | None) -> None:
        self.code.setText(call.code if call else "")
        self.counter.setText(call.counter_name if call else "")
        self.setVisible(call is not None)

    def set_scale(self, scale: float) -> None:
        self.code.set_max_px(round(64 * scale))
        self.counter.set_max_px(round(48 * scale))
        pad = round(10 * scale)
        self._layout.setContentsMargins(0, pad, 0, pad)


class BoardWindow(QWidget):
    """The whole board. ``show_board(state)`` after every change; ``set_site(info)`` once."""

    def __init__(self, *, clock: Callable[[], dt.datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board")
        self.setWindowTitle("Antre — Layar Antrian")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._clock = clock
        self._tz: zoneinfo.ZoneInfo | None = None
        self._scale = 0.0
        self._flash_seen = 0
        self._flash_left = 0

        # header: site name, offline marker, clock
        header = named(QFrame(), "header")
        self.site_name = named(QLabel("Antre"), "siteName")
        self.offline = named(QLabel("● Koneksi terputus"), "offline")
        self.offline.hide()
        self.clock = named(QLabel(""), "clock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._header_layout = QHBoxLayout(header)
        self._header_layout.addWidget(self.site_name, 1)
        self._header_layout.addWidget(self.offline)
        self._header_layout.addSpacing(24)
        self._header_layout.addWidget(self.clock)

        # the latest call, large
        self.call_panel = named(QFrame(), "callPanel")
        self.call_panel.setProperty("flash", False)
        self.caption_number = named(QLabel("NOMOR ANTRIAN"), "caption")
        self.code = FitLabel(300)
        self.code.setObjectName("code")
        self.caption_go = named(QLabel("SILAKAN MENUJU"), "caption")
        self.counter = FitLabel(110)
        self.counter.setObjectName("counter")
        self.agency = named(QLabel(""), "agency")
        self.agency.setWordWrap(True)
        self.service = named(QLabel(""), "service")
        self.service.setWordWrap(True)
        self.empty = named(QLabel("Belum ada panggilan.\nSilakan menunggu nomor Anda dipanggil."),
                           "empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        for label in (self.caption_number, self.code, self.caption_go, self.counter,
                      self.agency, self.service):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._call_layout = QVBoxLayout(self.call_panel)
        self._call_layout.addStretch(1)
        for w in (self.caption_number, self.code, self.caption_go, self.counter, self.agency,
                  self.service, self.empty):
            self._call_layout.addWidget(w)
        self._call_layout.addStretch(1)

        # earlier calls
        history = named(QFrame(), "historyPanel")
        self.history_title = named(QLabel("PANGGILAN SEBELUMNYA"), "historyTitle")
        self.rows = [HistoryRow() for _ in range(HISTORY)]
        self._history_layout = QVBoxLayout(history)
        self._history_layout.addWidget(self.history_title)
        for row in self.rows:
            self._history_layout.addWidget(row)
        self._history_layout.addStretch(1)

        self._body = QHBoxLayout()
        self._body.addWidget(self.call_panel, 3)
        self._body.addWidget(history, 2)

        bar = named(QFrame(), "marqueeBar")
        self.marquee = Marquee()
        self.marquee.setObjectName("marquee")
        bar_layout = QVBoxLayout(bar)
        bar_layout.setContentsMargins(0, 0, 0, 0)
        bar_layout.addWidget(self.marquee)

        self._root = QVBoxLayout(self)
        # The board fills its screen; it must not impose a minimum size on the window.
        self._root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self._root.setContentsMargins(0, 0, 0, 0)
        self._root.setSpacing(0)
        self._root.addWidget(header)
        self._root.addLayout(self._body, 1)
        self._root.addWidget(bar)

        self._clock_timer = QTimer(self, interval=1000)
        self._clock_timer.timeout.connect(self._tick_clock)
        self._clock_timer.start()
        self._flash_timer = QTimer(self, interval=FLASH_MS)
        self._flash_timer.timeout.connect(self._flash_step)
        QShortcut(QKeySequence("Ctrl+Shift+Q"), self, self.close)

        self.show_board(BoardState())
        self._apply_scale(1.0)

    # --- rendering ----------------------------------------------------------------------

    def set_site(self, site: SiteInfo) -> None:
        self.site_name.setText(site.name)
        self.marquee.set_text(site.marquee)
        self.marquee.setVisible(bool(site.marquee))
        self._tz = zoneinfo.ZoneInfo(site.timezone)
        self._tick_clock()

    def show_board(self, state: BoardState) -> None:
        latest = state.latest
        for w in (self.caption_number, self.code, self.caption_go, self.counter, self.agency,
                  self.service):
            w.setVisible(latest is not None)
        self.empty.setVisible(latest is None)
        if latest is not None:
            self.code.setText(latest.code)
            where = latest.counter_name + (f" · {latest.zone}" if latest.zone else "")
            self.counter.setText(where)
            self.agency.setText(latest.agency_name)
            self.service.setText(latest.service_name)
        history = state.history
        for i, row in enumerate(self.rows):
            row.show_call(history[i] if i < len(history) else None)
        if latest is not None and state.flash > self._flash_seen:
            self._start_flash()
        self._flash_seen = state.flash

    def set_store_available(self, ok: bool) -> None:
        self.offline.setText("● Koneksi terputus")
        self.offline.setVisible(not ok)

    def show_bug(self, message: str) -> None:
        """A bug was logged; the board keeps running and marks it discreetly."""
        self.offline.setText("● Gangguan sistem")
        self.offline.setToolTip(message)
        self.offline.show()

    @property
    def flashing(self) -> bool:
        return self._flash_timer.isActive()

    def _start_flash(self) -> None:
        self._flash_left = FLASH_TICKS
        self._set_flash(True)
        self._flash_timer.start()

    def _flash_step(self) -> None:
        self._flash_left -= 1
        if self._flash_left <= 0:
            self._flash_timer.stop()
            self._set_flash(False)
        else:
            self._set_flash(not self.call_panel.property("flash"))

    def _set_flash(self, on: bool) -> None:
        self.call_panel.setProperty("flash", on)
        for w in (self.call_panel, *self.call_panel.findChildren(QLabel)):
            w.style().unpolish(w)
            w.style().polish(w)

    def _tick_clock(self) -> None:
        now = self._clock()
        if self._tz is not None:
            now = now.astimezone(self._tz)
        self.clock.setText(long_datetime(now))

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
        self._header_layout.setContentsMargins(m, round(16 * scale), m, round(16 * scale))
        self._body.setContentsMargins(m, m, m, m)
        self._body.setSpacing(m)
        self._call_layout.setContentsMargins(m, m, m, m)
        self._call_layout.setSpacing(round(8 * scale))
        self._history_layout.setContentsMargins(m, m, m, m)
        self.code.set_max_px(round(300 * scale))
        self.counter.set_max_px(round(110 * scale))
        for row in self.rows:
            row.set_scale(scale)
        self.marquee.set_pixel_size(round(40 * scale), speed_px_s=120 * scale)
