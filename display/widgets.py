"""Small widgets of the board: a label that shrinks its text to fit, and a marquee."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

MIN_PX = 12

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """Give ``widget`` the object name the style sheet selects on (PySide's stubs do not
    know the ``objectName=`` keyword)."""
    widget.setObjectName(name)
    return widget


class FitLabel(QLabel):
    """One line of text at up to ``max_px`` pixels, smaller when it would not fit the width.

    Its width comes from the layout, never from the text, so a long name cannot push the
    board around; its height is that of the largest size, so the layout never jumps. With
    ``fill_height`` it instead takes the height the layout leaves it and fits the text to
    that too (the large ticket number: as big as the panel allows, never overlapping)."""

    def __init__(self, max_px: int, *, bold: bool = True, fill_height: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._max_px = max_px
        self._bold = bold
        self._fill_height = fill_height
        self.setSizePolicy(QSizePolicy.Policy.Ignored,
                           QSizePolicy.Policy.Ignored if fill_height else QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._fit()

    def set_max_px(self, px: int) -> None:
        self._max_px = max(MIN_PX, px)
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        font = QFont(self.font())
        font.setBold(self._bold)
        font.setPixelSize(self._max_px)
        full_height = QFontMetrics(font).height()
        px = self._max_px
        available = self.contentsRect().width()
        needed = QFontMetrics(font).horizontalAdvance(self.text())
        if available > 0 and needed > available:
            px = int(self._max_px * available / needed)
        if self._fill_height and self.contentsRect().height() > 0:
            px = min(px, int(self._max_px * self.contentsRect().height() / full_height))
        font.setPixelSize(max(MIN_PX, px))
        if font != self.font():
            self.setFont(font)
        if not self._fill_height and self.height() != full_height:
            self.setFixedHeight(full_height)


class Marquee(QWidget):
    """Running text along the bottom of the board. Text that fits is shown still, centred."""

    GAP_EM = 4
    STEP_MS = 30

    def __init__(self, *, speed_px_s: float = 110.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._offset = 0.0
        self._speed = speed_px_s
        self._px = 36
        self._elapsed = QElapsedTimer()
        self._timer = QTimer(self, interval=self.STEP_MS)
        self._timer.timeout.connect(self._tick)
        self._apply_font()

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        self._text = " ".join(text.split())
        self._offset = 0.0
        self._restart()

    def set_pixel_size(self, px: int, speed_px_s: float) -> None:
        self._px = max(MIN_PX, px)
        self._speed = speed_px_s
        self._apply_font()
        self._restart()

    def _apply_font(self) -> None:
        font = QFont(self.font())
        font.setPixelSize(self._px)
        self.setFont(font)
        self.setFixedHeight(int(QFontMetrics(font).height() * 1.6))

    def _scrolls(self) -> bool:
        return bool(self._text) and self.fontMetrics().horizontalAdvance(self._text) > self.width()

    def _restart(self) -> None:
        if self._scrolls():
            self._elapsed.start()
            self._timer.start()
        else:
            self._timer.stop()
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._restart()

    def _tick(self) -> None:
        self._offset += self._speed * self._elapsed.restart() / 1000.0
        period = self.fontMetrics().horizontalAdvance(self._text) + self.GAP_EM * self._px
        if period > 0 and self._offset >= period:
            self._offset -= period
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._text:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.setFont(self.font())
        fm = self.fontMetrics()
        baseline = (self.height() + fm.ascent() - fm.descent()) // 2
        width = fm.horizontalAdvance(self._text)
        if self._scrolls():
            period = width + self.GAP_EM * self._px
            x = self._px - self._offset
            while x < self.width():
                painter.drawText(int(x), baseline, self._text)
                x += period
        else:
            painter.drawText((self.width() - width) // 2, baseline, self._text)
        painter.end()
