"""Wiring of the counter app: ``build(...)`` assembles it, ``main()`` runs it."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox

from counter.controller import Clock, CounterController, FeedFactory
from counter.view import CounterWindow
from shared import rules
from shared.errors import KnownError
from shared.store import Store
from shared.ui.app import install_excepthook, make_app, open_store, quit_on_signals, setup_logging
from shared.ui.feed import FeedWatcher
from shared.ui.worker import Worker

log = logging.getLogger(__name__)

APP_NAME = "Antre Loket"
TITLE = "Antre — Loket"


@dataclass
class CounterApp:
    window: CounterWindow
    controller: CounterController
    worker: Worker

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
        self.worker.wait()


def build(
    store: Store, counter_code: str, *, clock: Clock = rules.utc_now,
    feed_factory: FeedFactory | None = None,
) -> CounterApp:
    """Assemble the counter app. Nothing touches the store until ``start()``."""
    worker = Worker()
    controller = CounterController(
        store, worker, counter_code, clock=clock,
        feed_factory=feed_factory or (lambda last_id: FeedWatcher(store, last_id)),
    )
    window = CounterWindow()
    window.action_requested.connect(controller.run_action)
    controller.counter_opened.connect(window.show_counter)
    controller.ticket_changed.connect(window.show_ticket)
    controller.waiting_changed.connect(window.show_waiting)
    controller.busy_changed.connect(window.set_busy)
    controller.message.connect(window.show_message)
    controller.store_available.connect(window.set_store_available)
    return CounterApp(window=window, controller=controller, worker=worker)


def check_counter(store: Store, counter_code: str) -> None:
    """Fail fast, before any window, when the site is not loaded or the counter is unknown."""
    with store.reading() as s:
        rules.load_site(s)
        rules.counter_ticket(s, counter_code)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="antre-counter", description="Antre: aplikasi loket.")
    p.add_argument("--db", help="store URL (default: ANTRE_DB_URL, the config file, then local)")
    p.add_argument("--counter", required=True, metavar="KODE", help="counter code, e.g. L01")
    return p.parse_args(argv)


def refuse_start(exc: KnownError) -> int:
    """Say calmly why the app cannot start (no traceback), and return the exit code."""
    log.error("counter cannot start: %s", exc.message)
    QMessageBox.critical(None, TITLE, f"Aplikasi loket tidak dapat dimulai.\n\n{exc.message}")
    return exc.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    app = make_app(APP_NAME)
    _signals = quit_on_signals(app)
    setup_logging("antre-counter")
    try:
        store = open_store(args.db)
    except KnownError as exc:
        return refuse_start(exc)
    try:
        check_counter(store, args.counter)
    except KnownError as exc:
        store.dispose()
        return refuse_start(exc)
    counter = build(store, args.counter)
    install_excepthook(counter.window.show_bug)
    app.aboutToQuit.connect(counter.stop)
    counter.window.resize(1366, 768)
    counter.window.show()
    counter.start()
    try:
        return app.exec()
    finally:
        store.dispose()
