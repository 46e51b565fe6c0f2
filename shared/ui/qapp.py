"""The process's one QApplication, named and with the apps' font. Both an app's life
(:mod:`shared.ui.app`) and its self-test (:mod:`shared.ui.selftest`) start here.

Qt's own log lines (its multimedia backends probing pipewire and FFmpeg at every start, for
one) go through Antre's logging, under ``qt.<category>``: into the app's log file, not onto
the terminal. Qt's warnings are logged at INFO, its critical messages at WARNING.

Each app does its store, printer and voice work in background threads while the GUI thread
paints. Python hands the interpreter between threads every 5 ms by default, so a worker
whose printer or store has just answered could wait that long behind a repaint, several
times per action: the apps use a 1 ms switch interval (``GIL_SWITCH_S``). On the kiosk this
took about a third off tap-to-confirmed-receipt at p95 (issue 14's benchmark)."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

GIL_SWITCH_S = 0.001

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.DEBUG,
    QtMsgType.QtWarningMsg: logging.INFO,
    QtMsgType.QtCriticalMsg: logging.WARNING,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    category = context.category or "default"
    name = category if category.startswith("qt") else f"qt.{category}"
    logging.getLogger(name).log(_LEVELS.get(kind, logging.INFO), "%s", message)


def route_qt_logging() -> None:
    """Send Qt's messages to :mod:`logging` (idempotent)."""
    qInstallMessageHandler(_qt_message)


def make_app(name: str, argv: list[str] | None = None) -> QApplication:
    route_qt_logging()
    sys.setswitchinterval(GIL_SWITCH_S)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(name)
    app.setOrganizationName("Antre")
    font = QFont("DejaVu Sans")
    font.setPointSize(12)
    app.setFont(font)
    return app
