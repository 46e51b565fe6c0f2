"""Small widgets of the board: a label that shrinks its text to fit, and a marquee."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QElapsedTimer, QEvent, Qt, QTimer
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
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
    """Running text along the bottom of the board. Text that fits is shown still, centred.

    Cheap enough to run all day on a small PC: the text is drawn once into a pixmap (again
    only when the text, size or colour changes), and each frame just blits it at the new
    offset, 20 times a second."""

    GAP_EM = 4
    STEP_MS = 50

    def __init__(self, *, speed_px_s: float = 110.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._offset = 0.0
        self._speed = speed_px_s
        self._px = 36
        self._width = 0
        self._strip: QPixmap | None = None
        self._elapsed = QElapsedTimer()
        self._timer = QTimer(self, interval=self.STEP_MS)
        self._timer.timeout.connect(self._tick)
        # It paints its own background, so a frame repaints this strip only, not the board.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._apply_font()

    def text(self) -> str:
        return self._text

    @property
    def scrolling(self) -> bool:
        return self._timer.isActive()

    def set_text(self, text: str) -> None:
        self._text = " ".join(text.split())
        self._offset = 0.0
        self._render()
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
        self._render()

    def _render(self) -> None:
        """Draw the text once, on a transparent strip as tall as the widget."""
        fm = QFontMetrics(self.font())
        self._width = fm.horizontalAdvance(self._text)
        if not self._text:
            self._strip = None
            return
        ratio = self.devicePixelRatioF()
        strip = QPixmap(int((self._width + 2) * ratio), int(self.height() * ratio))
        strip.setDevicePixelRatio(ratio)
        strip.fill(Qt.GlobalColor.transparent)
        painter = QPainter(strip)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.setFont(self.font())
        painter.drawText(0, (self.height() + fm.ascent() - fm.descent()) // 2, self._text)
        painter.end()
        self._strip = strip

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._render()

    def _scrolls(self) -> bool:
        return bool(self._text) and self._width > self.width()

    def _restart(self) -> None:
        if self._scrolls() and self.isVisible():
            self._elapsed.start()
            self._timer.start()
        else:
            self._timer.stop()
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._render()
        self._restart()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._restart()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.stop()

    def _tick(self) -> None:
        before = int(self._offset)
        self._offset += self._speed * self._elapsed.restart() / 1000.0
        period = self._width + self.GAP_EM * self._px
        if period > 0 and self._offset >= period:
            self._offset -= period
            self.update()
            return
        step = int(self._offset) - before
        if step:
            # Move the pixels already drawn; only the newly exposed sliver is painted.
            self.scroll(-step, 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Window))
        if self._strip is None:
            painter.end()
            return
        if self._scrolls():
            period = self._width + self.GAP_EM * self._px
            x = self._px - int(self._offset)
            while x < self.width():
                painter.drawPixmap(int(x), 0, self._strip)
                x += period
        else:
            painter.drawPixmap((self.width() - self._width) // 2, 0, self._strip)
        painter.end()
