"""The process's one QApplication, named and with the apps' font. Both an app's life
(:mod:`shared.ui.app`) and its self-test (:mod:`shared.ui.selftest`) start here."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication


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
