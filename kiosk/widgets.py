"""Touch-sized building blocks of the kiosk pages."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.texts import ID, text
from shared.printing.receipt import qr_modules

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """Give ``widget`` the object name the style sheet selects on (PySide's stubs do not
    know the ``objectName=`` keyword)."""
    widget.setObjectName(name)
    return widget


def _inner_label(object_name: str, *, wrap: bool = True) -> QLabel:
    label = named(QLabel(), object_name)
    label.setWordWrap(wrap)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    # Taps go to the button underneath, wherever the finger lands.
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return label


class _Logo(QLabel):
    """A logo drawn as large as its label allows, up to the size its card worked out, keeping
    its shape: when the layout gives it a little less, it shrinks instead of being cut."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("cardLogo")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._source: QPixmap | None = None

    def show_scaled(self, source: QPixmap, width: int, height: int) -> None:
        self._source = source
        # At most the size worked out by the card, but never a minimum: a logo must not make
        # its tile (or its row of tiles) taller, nor keep it from shrinking with the window.
        self.setMinimumSize(1, 1)
        self.setMaximumSize(width, height)
        self._draw()

    def sizeHint(self) -> QSize:
        """What the card worked out, whatever the picture's size now: the layout's room for
        the logo never follows the picture down."""
        return self.maximumSize() if self._source is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return QSize(1, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._draw()

    def _draw(self) -> None:
        """The logo as large as the label is now, at most its maximum."""
        if self._source is None:
            return
        room = self.contentsRect()
        width = min(room.width(), self.maximumWidth())
        height = min(room.height(), self.maximumHeight())
        w, h = _fitted(self._source.width(), self._source.height(), width, height)
        if w and h and self.pixmap().size().toTuple() != (w, h):
            self.setPixmap(
                self._source.scaled(
                    w, h, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            )


class CardButton(QPushButton):
    """A big button with a title, an optional plain subtitle, and up to two smaller lines.

    ``key`` is the code the button stands for (an agency or a service). A logo, when set, is
    scaled to the card: beside the texts when their lines keep their one-line width next to it,
    else above them, whichever gives the larger logo; hidden when neither leaves room."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setRetainSizeWhenHidden(True)  # a half-empty page keeps full-size buttons
        self.setSizePolicy(policy)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.key = ""
        self.logo = _Logo()
        self.logo.hide()
        self._logo_source: QPixmap | None = None
        self._logo_cap = 0
        self.title = _inner_label("cardTitle")
        self.subtitle = _inner_label("cardSubtitle")
        self.subtitle.hide()
        self.detail = _inner_label("cardDetail")
        self.note = _inner_label("cardNote")
        # [stretch, logo, texts, stretch]: the logo above the texts, or to their left when
        # the card is wide and low (see _place_logo).
        self._layout = layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        texts = QVBoxLayout()
        texts.setSpacing(0)
        texts.addStretch(1)
        texts.addWidget(self.title)
        texts.addWidget(self.subtitle)
        texts.addWidget(self.detail)
        texts.addWidget(self.note)
        texts.addStretch(1)
        layout.addStretch(1)
        layout.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addLayout(texts)
        layout.addStretch(1)
        self.set_available(True)

    def _set_logo_beside(self, beside: bool) -> None:
        layout = self._layout
        layout.setDirection(QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom)
        layout.setStretch(0, 0 if beside else 1)
        layout.setStretch(2, 1 if beside else 0)
        layout.setStretch(3, 0 if beside else 1)

    def set_lines(self, title: str, detail: str = "", note: str = "", *, subtitle: str = "") -> None:
        """The title, then ``subtitle`` (an agency's plain description), ``detail`` and ``note``."""
        self.title.setText(title)
        self.subtitle.setText(subtitle)
        self.subtitle.setVisible(bool(subtitle))
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.setAccessibleName(" — ".join(t for t in (title, subtitle, detail, note) if t))
        self._place_logo()

    def set_logo(self, pixmap: QPixmap | None, cap: int = 0) -> None:
        """An agency's logo, scaled to the card and at most ``cap`` px high (0: no cap);
        None (or a null pixmap) hides it."""
        if pixmap is None or pixmap.isNull():
            self._logo_source = None
            self.logo.clear()
            self.logo.hide()
            return
        if pixmap is not self._logo_source or cap != self._logo_cap:
            self._logo_source, self._logo_cap = pixmap, cap
            self._place_logo()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_logo()

    def _texts(self) -> list[QLabel]:
        return [w for w in (self.title, self.subtitle, self.detail, self.note) if not w.isHidden()]

    def _place_logo(self) -> None:
        """Beside the texts, keeping their one-line widths free, or above them, keeping
        their height at the card's width: whichever leaves the larger logo. Hidden when the
        logo would be lower than two thirds of a line of the title."""
        source = self._logo_source
        if source is None:
            return
        for label in self._texts():
            label.ensurePolished()
        m = self._layout.contentsMargins()
        room_w = self.width() - m.left() - m.right()
        room_h = self.height() - m.top() - m.bottom()
        gap = max(0, self._layout.spacing())
        line = self.title.fontMetrics().height()
        # Beside the logo every line keeps its one-line width: the name, and the lines under it.
        widths = [label.fontMetrics().horizontalAdvance(label.text()) for label in self._texts()]
        text_w = max(widths, default=0) + line // 2
        texts_h = sum(label.heightForWidth(room_w) for label in self._texts())
        cap = self._logo_cap or room_h
        beside = _fitted(source.width(), source.height(), room_w - text_w - gap, min(room_h, cap))
        above = _fitted(source.width(), source.height(), room_w, min(room_h - texts_h - gap, cap))
        use_beside = beside[0] * beside[1] > above[0] * above[1]
        w, h = beside if use_beside else above
        if h < line * 2 // 3:
            self.logo.hide()
            return
        self._set_logo_beside(use_beside)
        self.logo.show_scaled(source, w, h)
        self.logo.show()

    def set_available(self, available: bool) -> None:
        """Greyed (with the reason in its lines) when the service cannot issue now."""
        if self.property("available") == available:
            return
        self.setProperty("available", available)
        for w in (self, self.title, self.subtitle, self.detail, self.note):
            w.style().unpolish(w)
            w.style().polish(w)

    def set_margins(self, px: int) -> None:
        self._layout.setContentsMargins(px, px, px, px)


class Pager(QWidget):
    """Previous / "Halaman 1 dari 2" / next; hidden when there is only one page."""

    page_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page = 0
        self._pages = 1
        self._lang = ID
        self.prev = named(QPushButton(text("prev")), "pagerButton")
        self.next = named(QPushButton(text("next")), "pagerButton")
        self.label = named(QLabel(), "pagerLabel")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for b in (self.prev, self.next):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.prev.clicked.connect(lambda: self.set_page(self._page - 1, emit=True))
        self.next.clicked.connect(lambda: self.set_page(self._page + 1, emit=True))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.prev)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.next)
        self._render()

    @property
    def page(self) -> int:
        return self._page

    def set_pages(self, pages: int) -> None:
        self._pages = max(1, pages)
        self._page = min(self._page, self._pages - 1)
        self._render()

    def set_page(self, page: int, *, emit: bool = False) -> None:
        page = max(0, min(page, self._pages - 1))
        changed = page != self._page
        self._page = page
        self._render()
        if changed and emit:
            self.page_changed.emit(page)

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self.prev.setText(text("prev", lang))
        self.next.setText(text("next", lang))
        self._render()

    def _render(self) -> None:
        self.setVisible(self._pages > 1)
        self.label.setText(text("page", self._lang, page=self._page + 1, pages=self._pages))
        self.prev.setEnabled(self._page > 0)
        self.next.setEnabled(self._page < self._pages - 1)


def _fitted(width: int, height: int, room_w: int, room_h: int) -> tuple[int, int]:
    """A ``width`` x ``height`` picture scaled to fit ``room_w`` x ``room_h``, keeping its
    shape; (0, 0) when there is no room."""
    if min(width, height, room_w, room_h) <= 0:
        return 0, 0
    scale = min(room_w / width, room_h / height)
    return max(1, int(width * scale)), max(1, int(height * scale))


def qr_pixmap(payload: str, size_px: int) -> QPixmap:
    """A QR code of ``payload`` as a crisp square pixmap about ``size_px`` wide: the receipt's
    symbol (error correction M, the standard's 4-module quiet zone), so a phone photo of the
    screen scans at the counter."""
    rows = qr_modules(payload)
    side = len(rows)
    data = bytes(0 if dark else 255 for row in rows for dark in row)
    image = QImage(data, side, side, side, QImage.Format.Format_Grayscale8)
    box = max(1, size_px // side)
    return QPixmap.fromImage(
        image.scaled(
            side * box,
            side * box,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
    )  # sharp modules


LOGO_SOURCE_PX = 360  # a logo file is read once at this height (or below), then scaled per tile


class Logos:
    """Agency logos: ``<CODE>.png`` (or .jpg) in the first folder that has one, scaled to a
    height and cached. Agencies without a file show their short name only."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self._folders = [f for f in folders if f.is_dir()]
        self._cache: dict[tuple[str, int], QPixmap | None] = {}

    def source(self, code: str) -> QPixmap | None:
        """An agency's logo at most :data:`LOGO_SOURCE_PX` high, for a card to scale."""
        return self.get(code, LOGO_SOURCE_PX)

    def get(self, code: str, height: int) -> QPixmap | None:
        key = (code, height)
        if key not in self._cache:
            self._cache[key] = self._load(code, height)
        return self._cache[key]

    def _load(self, code: str, height: int) -> QPixmap | None:
        for folder in self._folders:
            for name in (code, code.lower()):
                for ext in ("png", "jpg"):
                    path = folder / f"{name}.{ext}"
                    if path.is_file():
                        pixmap = QPixmap(str(path))
                        if not pixmap.isNull():
                            return pixmap.scaledToHeight(
                                min(height, pixmap.height()), Qt.TransformationMode.SmoothTransformation
                            )
        return None
