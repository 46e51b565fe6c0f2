"""Wiring of the kiosk: ``build(...)`` assembles it, ``main()`` runs it."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox

from kiosk.controller import Clock, FeedFactory, KioskController
from kiosk.ports import ReceiptPrinter
from kiosk.view import IDLE_MS, NOTICE_MS, TICKET_MS, KioskWindow
from shared import rules
from shared.errors import KnownError
from shared.store import Store
from shared.ui.app import install_excepthook, make_app, open_store, quit_on_signals, setup_logging
from shared.ui.feed import FeedWatcher
from shared.ui.worker import Worker

log = logging.getLogger(__name__)

APP_NAME = "Antre Kios"
TITLE = "Antre — Kios"


@dataclass
class KioskApp:
    window: KioskWindow
    controller: KioskController
    worker: Worker

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
        self.worker.wait()


def build(
    store: Store, *, printer: ReceiptPrinter | None = None, clock: Clock = rules.utc_now,
    feed_factory: FeedFactory | None = None, idle_ms: int = IDLE_MS, ticket_ms: int = TICKET_MS,
    notice_ms: int = NOTICE_MS,
) -> KioskApp:
    """Assemble the kiosk. Nothing touches the store until ``start()``."""
    worker = Worker()
    controller = KioskController(
        store, worker, clock=clock, printer=printer,
        feed_factory=feed_factory or (lambda last_id: FeedWatcher(store, last_id)),
    )
    window = KioskWindow(idle_ms=idle_ms, ticket_ms=ticket_ms, notice_ms=notice_ms)
    window.service_chosen.connect(controller.issue)
    window.home_shown.connect(controller.refresh)
    controller.catalog_changed.connect(window.show_catalog)
    controller.issuing_changed.connect(window.set_issuing)
    controller.ticket_issued.connect(window.show_ticket)
    controller.issue_refused.connect(window.show_refusal)
    controller.out_of_service.connect(window.show_out_of_service)
    controller.back_in_service.connect(window.show_in_service)
    return KioskApp(window=window, controller=controller, worker=worker)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="antre-kiosk", description="Antre: kios ambil nomor antrian.")
    p.add_argument("--db", help="store URL (default: ANTRE_DB_URL, the config file, then local)")
    p.add_argument("--windowed", action="store_true", help="a normal window instead of full screen")
    return p.parse_args(argv)


def refuse_start(exc: KnownError) -> int:
    """Say calmly why the app cannot start (no traceback), and return the exit code."""
    log.error("kiosk cannot start: %s", exc.message)
    QMessageBox.critical(None, TITLE, f"Kios tidak dapat dimulai.\n\n{exc.message}")
    return exc.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    app = make_app(APP_NAME)
    _signals = quit_on_signals(app)
    setup_logging("antre-kiosk")
    try:
        store = open_store(args.db)
    except KnownError as exc:
        return refuse_start(exc)
    kiosk = build(store)
    install_excepthook(kiosk.window.show_bug)
    app.aboutToQuit.connect(kiosk.stop)
    if args.windowed:
        kiosk.window.resize(1280, 800)
        kiosk.window.show()
    else:
        kiosk.window.showFullScreen()
    kiosk.start()
    try:
        return app.exec()
    finally:
        store.dispose()
