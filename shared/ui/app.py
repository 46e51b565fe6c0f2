"""Application bootstrap shared by the three apps: Qt app, logging, excepthook, store."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import signal
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from shared import config, link, logs
from shared.errors import KnownError
from shared.rules import utc_now
from shared.selftest import Station
from shared.store import Store
from shared.ui import selftest, translation
from shared.ui.qapp import make_app
from shared.ui.worker import Worker

log = logging.getLogger(__name__)

W = TypeVar("W")
C = TypeVar("C", bound="_Controller")


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
        modal = QApplication.activeModalWidget()
        if modal is not None:  # e.g. the "cannot start" notice
            modal.close()
        app.quit()
        QTimer.singleShot(0, app.quit)  # also when the signal came before the event loop ran

    signal.signal(signal.SIGINT, request_quit)
    signal.signal(signal.SIGTERM, request_quit)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)
    return timer


class _Controller(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...


@dataclass
class AppParts(Generic[W, C]):
    """What each app's ``build(...)`` assembles: its window, its controller, its worker pool."""

    window: W
    controller: C
    worker: Worker

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
        self.worker.wait()


class AppWindow(Protocol):
    def show_bug(self, message: str) -> None: ...
    def show(self) -> None: ...
    def showFullScreen(self) -> None: ...
    def resize(self, w: int, h: int) -> None: ...
    def setGeometry(self, rect: QRect) -> None: ...


class BuiltApp(Protocol):
    """What each app's ``build(...)`` returns."""

    @property
    def window(self) -> AppWindow: ...
    def start(self) -> None: ...
    def stop(self) -> None: ...


def tile_spec(value: str) -> tuple[int, int]:
    """``--tile I/N``: slot I (from 1) of N windows side by side."""
    try:
        slot, count = (int(x) for x in value.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}': expected I/N, e.g. 2/3") from None
    if not 1 <= slot <= count:
        raise argparse.ArgumentTypeError(f"'{value}': I must be between 1 and N")
    return slot, count


def tile_rect(area: QRect, slot: int, count: int) -> QRect:
    """Slot ``slot`` (from 1) of ``count`` equal columns of ``area``."""
    width = area.width() // count
    return QRect(area.x() + (slot - 1) * width, area.y(), width, area.height())


def base_arguments(prog: str, description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description=description)
    p.add_argument("--db", help="store URL (default: ANTRE_DB_URL, the config file, then local)")
    p.add_argument("--windowed", action="store_true", help="a normal window instead of full screen")
    p.add_argument("--tile", type=tile_spec, metavar="I/N",
                   help="a window in column I of N side by side on the screen (antre demo uses it)")
    p.add_argument("--lang", choices=translation.LANGUAGES,
                   help="the language of this station's screen: id (default) or en; or lang in the "
                        "app's section of the config file")
    p.add_argument("--self-test", action="store_true",
                   help="check the store, this station's settings and one frame drawn offscreen, "
                        "print one line per check, and exit (0 when all pass)")
    return p


def refuse_start(title: str, what: str, exc: KnownError) -> int:
    """Say calmly why an app cannot start (no traceback), and return the exit code."""
    log.error("%s cannot start: %s", title, exc.message)
    QMessageBox.critical(None, title, f"{what} tidak dapat dimulai.\n\n{exc.message}")
    return exc.exit_code


def run(
    name: str, log_name: str, title: str, what: str, args: argparse.Namespace,
    build: Callable[[Store], BuiltApp], *, window_size: tuple[int, int],
    ready: Callable[[Any], bool] | None = None, station: Station | None = None,
    clock: Callable[[], dt.datetime] = utc_now, catalog: str | None = None,
) -> int:
    """The life of an app: Qt, logging, the store, the window, the event loop, the end.
    ``build`` may raise a KnownError (e.g. an unknown counter) to refuse calmly. ``catalog``
    names the app's Qt catalog (``counter``: ``resources/translations/counter_<lang>.qm``),
    installed before the window is built in the station's language (:func:`station_language`).

    With ``--self-test`` the app checks itself instead (:mod:`shared.ui.selftest`): the store,
    the ``station``'s printer and voice, and one frame of the window ``build`` makes, drawn
    offscreen once ``ready(built)`` says its first load has finished. ``clock`` is the
    station's time, which the self-test compares with the store's."""
    if getattr(args, "self_test", False):
        return selftest.run(program=log_name, app_name=name, args=args, build=build,
                            window_size=window_size, ready=ready, station=station, clock=clock)
    app = make_app(name)
    _signals = quit_on_signals(app)
    setup_logging(log_name)
    link.identify(log_name)  # e.g. "antre-kiosk" in the server's pg_stat_activity
    try:
        if catalog is not None:
            translation.install(catalog, station_language(args, catalog))
        store = open_store(args.db)
    except KnownError as exc:
        return refuse_start(title, what, exc)
    try:
        built = build(store)
    except KnownError as exc:
        store.dispose()
        return refuse_start(title, what, exc)
    install_excepthook(built.window.show_bug)
    app.aboutToQuit.connect(built.stop)
    tile = getattr(args, "tile", None)
    screen = app.primaryScreen()
    if tile is not None and screen is not None:
        built.window.setGeometry(tile_rect(screen.availableGeometry(), *tile))
        built.window.show()
    elif getattr(args, "windowed", True):
        built.window.resize(*window_size)
        built.window.show()
    else:
        # A kiosk PC often runs a bare X session with no window manager to honour "full
        # screen": cover the screen ourselves too.
        if screen is not None:
            built.window.setGeometry(screen.geometry())
        built.window.showFullScreen()
    built.start()
    try:
        return app.exec()
    finally:
        store.dispose()


def station_language(args: argparse.Namespace, app: str) -> str:
    """``--lang``, else ``lang`` in the ``[app]`` section of the station's config file, else
    Indonesian (BadInput names a wrong value)."""
    chosen = getattr(args, "lang", None)
    if chosen:
        return str(chosen)
    value = config.resolve(getattr(args, "db", None)).section(app).get("lang", translation.ID)
    return translation.checked_language(value, f"Konfigurasi [{app}] lang")


def open_store(db: str | None) -> Store:
    settings = config.resolve(db)
    log.info("opening store from %s", settings.source)
    # Each start checks a SQLite file is whole; only the default folder is made for it.
    return Store.open(settings.db_url, check_integrity=True, create_folder=settings.source == "default",
                      clock_margin_s=config.clock_margin_s(settings))


def setup_logging(app: str) -> None:
    logs.setup(app)
