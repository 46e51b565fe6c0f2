"""Layout checks for any window, at any size: no two controls a finger or a mouse can reach
overlap, and no text is cut off.

The display's test (``assert_nothing_overlaps`` in test_display.py) checks its panels and
lines by name; these checks find every widget of a window by kind, so the kiosk's and the
counter's pages are held to the same standard whatever they hold.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel, QLineEdit, QWidget

SIZES = ((1920, 1080), (1080, 1920), (1366, 768), (1280, 720))
"""The screens a kiosk, a counter PC or a wall display is likely to have."""

SLACK = 1  # px: rounding between layouts and font metrics


def box(window: QWidget, w: QWidget) -> QRect:
    """``w``'s rectangle in ``window``'s coordinates."""
    return QRect(w.mapTo(window, w.rect().topLeft()), w.size())


def shown(window: QWidget, kind: type[QWidget] | tuple[type[QWidget], ...]) -> list[QWidget]:
    return [w for w in window.findChildren(QWidget)
            if isinstance(w, kind) and w.isVisibleTo(window) and w.width() > 0 and w.height() > 0]


def controls(window: QWidget) -> list[QWidget]:
    """Everything a visitor or a clerk can press or type into, on the page shown."""
    found = shown(window, (QAbstractButton, QLineEdit, QAbstractItemView))
    # A list's own scroll bars and header buttons live inside it; only the list itself counts.
    return [w for w in found if not any(isinstance(p, QAbstractItemView) for p in _ancestors(w, window))]


def _ancestors(w: QWidget, window: QWidget) -> list[QWidget]:
    out = []
    p = w.parentWidget()
    while p is not None and p is not window:
        out.append(p)
        p = p.parentWidget()
    return out


def overlaps(window: QWidget) -> list[str]:
    """Pairs of controls that overlap, or a control outside the window."""
    problems = []
    found = controls(window)
    for i, a in enumerate(found):
        ba = box(window, a)
        if not window.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(ba):
            problems.append(f"{_name(a)} outside the window ({ba.getRect()})")
        for b in found[i + 1:]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            if ba.adjusted(SLACK, SLACK, -SLACK, -SLACK).intersects(box(window, b)):
                problems.append(f"{_name(a)} overlaps {_name(b)}")
    return problems


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def clipped(window: QWidget) -> list[str]:
    """Labels and buttons whose text does not fit in them, or that stick out of their parent."""
    problems = []
    for w in shown(window, (QLabel, QAbstractButton)):
        parent = w.parentWidget()
        if parent is not None and parent is not window and not parent.rect().adjusted(
                -SLACK, -SLACK, SLACK, SLACK).contains(w.geometry()):
            problems.append(f"{_name(w)} sticks out of {_name(parent)}")
        if isinstance(w, QLabel):
            problem = _label_clipped(w)
        else:
            assert isinstance(w, QAbstractButton)
            problem = _button_clipped(w)
        if problem:
            problems.append(f"{_name(w)} {problem}")
    return problems


def _label_clipped(label: QLabel) -> str | None:
    text = label.text()
    pic = label.pixmap()
    if pic is not None and not pic.isNull():  # a picture (a QR code, a receipt) is shown whole
        area, size = label.contentsRect(), pic.deviceIndependentSize()
        if size.width() > area.width() + SLACK or size.height() > area.height() + SLACK:
            return f"shows a {size.width():.0f}x{size.height():.0f} picture in {area.width()}x{area.height()}"
        return None
    if not text:
        return None
    if label.textFormat() == Qt.TextFormat.RichText or ("<" in text and ">" in text):
        return None
    area = label.contentsRect()
    indent = 2 * max(label.margin(), 0)
    fm = QFontMetrics(label.font())
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height() + SLACK:
            return f"needs {need} px height, has {label.height()}: {text[:40]!r}"
        return None
    widest = max(fm.horizontalAdvance(line) for line in _lines(text))
    if widest > area.width() - indent + SLACK:
        return f"needs {widest} px width, has {area.width() - indent}: {text[:40]!r}"
    lines = _lines(text)
    # One line: the ink itself (a huge ticket number's empty descent may overhang).
    tall = (fm.tightBoundingRect(text).height() if len(lines) == 1
            else fm.height() + fm.lineSpacing() * (len(lines) - 1))
    if tall > area.height() + SLACK:
        return f"needs {tall} px height, has {area.height()}: {text[:40]!r}"
    return None


def _button_clipped(button: QAbstractButton) -> str | None:
    text = button.text().replace("&&", "&")
    if not text:
        return None
    fm = QFontMetrics(button.font())
    widest = max(fm.horizontalAdvance(line) for line in _lines(text))
    tall = fm.height() + fm.lineSpacing() * (len(_lines(text)) - 1)
    if widest > button.width() + SLACK:
        return f"needs {widest} px width, has {button.width()}: {text[:40]!r}"
    if tall > button.height() + SLACK:
        return f"needs {tall} px height, has {button.height()}: {text[:40]!r}"
    return None


def _name(w: QWidget) -> str:
    label = ""
    if isinstance(w, QAbstractButton | QLabel):
        label = f" {w.text()[:24]!r}"
    return f"{type(w).__name__}#{w.objectName() or '?'}{label}"


def assert_fits(window: QWidget, where: str) -> None:
    """No two controls overlap, none is outside the window, and no text is cut off."""
    problems = overlaps(window) + clipped(window)
    assert not problems, f"{where}: " + "; ".join(problems)
