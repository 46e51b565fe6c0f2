"""Application bootstrap shared by the three apps: Qt app, logging, excepthook, store."""

from __future__ import annotations

import logging
import signal
import sys
import types
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from shared import config, logs
from shared.errors import KnownError
from shared.store import Store

log = logging.getLogger(__name__)


def make_app(name: str, argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(name)
    app.setOrganizationName("Antre")
    font = QFont("DejaVu Sans")
    font.setPointSize(12)
    app.setFont(font)
    return app


def install_excepthook(on_bug: Callable[[str], None] | None = None) -> None:
    """A bug anywhere in a slot is logged, and the app shows its out-of-service notice."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: types.TracebackType | None) -> None:
        log.critical("unhandled error", exc_info=(exc_type, exc, tb))
        if on_bug is not None:
            message = exc.message if isinstance(exc, KnownError) else (
                "Terjadi kesalahan. Sistem akan pulih sendiri; hubungi petugas bila berulang.")
            on_bug(message)

    sys.excepthook = hook


def quit_on_signals(app: QApplication) -> QTimer:
    """Ctrl+C and SIGTERM close the app cleanly (aboutToQuit handlers run). Qt's event loop
    never returns to Python on its own, so a short timer lets Python see the signal."""

    def request_quit(signum: int, _frame: object) -> None:
        log.info("signal %s: quitting", signum)
        app.quit()

    signal.signal(signal.SIGINT, request_quit)
    signal.signal(signal.SIGTERM, request_quit)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)
    return timer


def open_store(db: str | None) -> Store:
    settings = config.resolve(db)
    log.info("opening store from %s", settings.source)
    return Store.open(settings.db_url)


def setup_logging(app: str) -> None:
    logs.setup(app)
