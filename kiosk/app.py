"""Wiring of the kiosk: ``build(...)`` assembles it, ``main()`` runs it."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence

from kiosk.controller import Clock, FeedFactory, KioskController
from kiosk.ports import ReceiptPrinter
from kiosk.view import IDLE_MS, NOTICE_MS, TICKET_MS, KioskWindow
from shared import rules
from shared.store import Store
from shared.ui.app import AppParts, base_arguments, run
from shared.ui.feed import FeedWatcher
from shared.ui.worker import Worker

log = logging.getLogger(__name__)

APP_NAME = "Antre Kios"
TITLE = "Antre — Kios"


KioskApp = AppParts[KioskWindow, KioskController]


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
    p = base_arguments("antre-kiosk", "Antre: kios ambil nomor antrian.")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    return run(APP_NAME, "antre-kiosk", TITLE, "Kios", args, build, window_size=(1280, 800))
