"""Wiring of the wall display: ``build(...)`` assembles it, ``main()`` runs it."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox

from display.controller import Clock, DisplayController, FeedFactory
from display.ports import Announcer
from display.view import BoardWindow
from shared import rules
from shared.errors import KnownError
from shared.store import Store
from shared.ui.app import install_excepthook, make_app, open_store, quit_on_signals, setup_logging
from shared.ui.feed import FeedWatcher
from shared.ui.worker import Worker

log = logging.getLogger(__name__)

APP_NAME = "Antre Layar"
TITLE = "Antre — Layar Antrian"


@dataclass
class DisplayApp:
    window: BoardWindow
    controller: DisplayController
    worker: Worker

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
        self.worker.wait()


def build(
    store: Store, *, clock: Clock = rules.utc_now, announcer: Announcer | None = None,
    feed_factory: FeedFactory | None = None,
) -> DisplayApp:
    """Assemble the display. Nothing touches the store until ``start()``."""
    worker = Worker()
    controller = DisplayController(
        store, worker, clock=clock, announcer=announcer,
        feed_factory=feed_factory or (lambda last_id: FeedWatcher(store, last_id)),
    )
    window = BoardWindow(clock=clock)
    controller.board_changed.connect(window.show_board)
    controller.site_changed.connect(window.set_site)
    controller.store_available.connect(window.set_store_available)
    return DisplayApp(window=window, controller=controller, worker=worker)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="antre-display", description="Antre: layar antrian (TV).")
    p.add_argument("--db", help="store URL (default: ANTRE_DB_URL, the config file, then local)")
    p.add_argument("--windowed", action="store_true", help="a normal window instead of full screen")
    return p.parse_args(argv)


def refuse_start(exc: KnownError) -> int:
    """Say calmly why the app cannot start (no traceback), and return the exit code."""
    log.error("display cannot start: %s", exc.message)
    QMessageBox.critical(None, TITLE, f"Layar tidak dapat dimulai.\n\n{exc.message}")
    return exc.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    app = make_app(APP_NAME)
    _signals = quit_on_signals(app)
    setup_logging("antre-display")
    try:
        store = open_store(args.db)
    except KnownError as exc:
        return refuse_start(exc)
    display = build(store)
    install_excepthook(display.window.show_bug)
    app.aboutToQuit.connect(display.stop)
    if args.windowed:
        display.window.resize(1280, 720)
        display.window.show()
    else:
        display.window.showFullScreen()
    display.start()
    try:
        return app.exec()
    finally:
        store.dispose()
