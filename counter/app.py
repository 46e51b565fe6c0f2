"""Wiring of the counter app: ``build(...)`` assembles it, ``main()`` runs it."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence

from counter.controller import Clock, CounterController, FeedFactory
from counter.view import CounterWindow
from shared import rules
from shared.store import Store
from shared.ui.app import AppParts, base_arguments, run
from shared.ui.feed import FeedWatcher
from shared.ui.worker import Worker

log = logging.getLogger(__name__)

APP_NAME = "Antre Loket"
TITLE = "Antre — Loket"


CounterApp = AppParts[CounterWindow, CounterController]


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
    p = base_arguments("antre-counter", "Antre: aplikasi loket.")
    p.add_argument("--counter", required=True, metavar="KODE", help="counter code, e.g. L01")
    p.set_defaults(windowed=True)
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)

    def build_checked(store: Store) -> CounterApp:
        check_counter(store, args.counter)
        return build(store, args.counter)

    return run(APP_NAME, "antre-counter", TITLE, "Aplikasi loket", args, build_checked,
               window_size=(1366, 768))
