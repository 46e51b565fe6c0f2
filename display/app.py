"""Wiring of the wall display: ``build(...)`` assembles it, ``main()`` runs it."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence

from display.controller import Clock, DisplayController, FeedFactory
from display.ports import Announcer
from display.view import BoardWindow
from shared import rules
from shared.store import Store
from shared.ui.app import AppParts, base_arguments, run
from shared.ui.feed import FeedWatcher
from shared.ui.worker import Worker

log = logging.getLogger(__name__)

APP_NAME = "Antre Layar"
TITLE = "Antre — Layar Antrian"


DisplayApp = AppParts[BoardWindow, DisplayController]


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
    p = base_arguments("antre-display", "Antre: layar antrian (TV).")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    return run(APP_NAME, "antre-display", TITLE, "Layar", args, build, window_size=(1280, 720))
