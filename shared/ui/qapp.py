"""The process's one QApplication, named and with the apps' font. Both an app's life
(:mod:`shared.ui.app`) and its self-test (:mod:`shared.ui.selftest`) start here.

Qt's own log lines (its multimedia backends probing pipewire and FFmpeg at every start, for
one) go through Antre's logging, under ``qt.<category>``: into the app's log file, not onto
the terminal. Qt's warnings are logged at INFO, its critical messages at WARNING."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

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
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(name)
    app.setOrganizationName("Antre")
    font = QFont("DejaVu Sans")
    font.setPointSize(12)
    app.setFont(font)
    return app
