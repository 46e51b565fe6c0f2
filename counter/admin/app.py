"""Wiring the console: ``build(store, clock=...)`` and ``main()`` (``antre-admin``)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from counter.admin.controller import AdminController, Clock
from counter.admin.view import AdminWindow
from shared import rules
from shared.store import Store
from shared.ui.app import AppParts, run
from shared.ui.worker import Worker

APP_NAME = "Antre Admin"
TITLE = "Antre — Konsol Admin"

AdminApp = AppParts[AdminWindow, AdminController]


def build(store: Store, *, clock: Clock = rules.utc_now) -> AdminApp:
    """Assemble the console. Nothing touches the store until someone logs in."""
    worker = Worker()
    controller = AdminController(store, worker, clock=clock)
    window = AdminWindow()
    window.setWindowTitle(TITLE)
    window.login_requested.connect(controller.log_in)
    window.save_requested.connect(controller.save)
    window.reload_requested.connect(controller.reload)
    window.history_requested.connect(controller.load_history)
    window.history.diff_requested.connect(controller.show_diff)
    window.history.undo_requested.connect(controller.undo)
    window.password_requested.connect(controller.reset_password)
    window.unlock_requested.connect(controller.unlock)

    def export(revision: int) -> None:
        suggested = str(Path.home() / f"situs-r{revision}.toml")
        path, _ = QFileDialog.getSaveFileName(window, "Ekspor situs", suggested, "Berkas situs (*.toml)")
        if path:
            controller.export(path, revision)

    window.history.export_requested.connect(export)
    controller.logged_in.connect(window.show_logged_in)
    controller.login_refused.connect(window.show_login_refusal)
    controller.site_loaded.connect(window.show_site)
    controller.saved.connect(lambda _r: window.show_saved())
    controller.invalid.connect(window.show_invalid)
    controller.refused.connect(lambda m: window.show_status(m, "error"))
    controller.done.connect(lambda m: window.show_status(m, "ok"))
    controller.history_loaded.connect(window.history.set_history)
    controller.diff_ready.connect(window.history.show_diff)
    return AdminApp(window=window, controller=controller, worker=worker)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="antre-admin", description="Antre — konsol admin situs")
    p.add_argument("--db", help="store URL (default: the station's config)")
    p.add_argument("--self-test", action="store_true", help="check this installation and exit")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None, *, clock: Clock = rules.utc_now) -> int:
    args = parse_args(argv)
    args.windowed = True
    return run(APP_NAME, "antre-admin", TITLE, "Konsol admin", args, lambda store: build(store, clock=clock),
               window_size=(1280, 800), clock=clock)
