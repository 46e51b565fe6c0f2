"""``antre-kiosk --self-test`` (and the counter's, and the display's): the Qt-free checks of
:mod:`shared.selftest`, then one frame of the app's real window, drawn offscreen.

The window is the one ``main()`` would show, built by the app's own ``build`` on the
configured store and this station's settings; it is started, given until its first load
has finished (or :data:`FIRST_LOAD_S`), grabbed, and stopped. The frame must be an image
with more than one colour. Qt's own messages go to the log file, not the terminal.

The app runs as it would on the floor, so a kiosk whose first load falls on a new service
day closes yesterday's tickets, as any kiosk start does; the checks of its own never write.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import time
import types
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from PySide6.QtCore import QEventLoop, QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from shared import config, logs
from shared import selftest as core
from shared.errors import KnownError
from shared.rules import utc_now
from shared.selftest import Check, Report, Station, SynthFactory, failed, passed, skipped
from shared.store import Store
from shared.ui.qapp import make_app

log = logging.getLogger(__name__)

FIRST_LOAD_S = 3.0
"""How long the app may take to show its first loaded page after ``start()``."""
SETTLE_MS = 150
"""Event-loop time after the first load, for layouts and style sheets to settle."""

Ready = Callable[[Any], bool]


def run(
    *, program: str, app_name: str, args: argparse.Namespace, build: Callable[[Store], Any],
    window_size: tuple[int, int], ready: Ready | None = None, station: Station | None = None,
    out: TextIO | None = None, synth_factory: SynthFactory | None = None,
    first_load_s: float | None = None,
    clock: Callable[[], dt.datetime] = utc_now,
) -> int:
    """The whole self-test of one app; returns the exit code (0 when everything passed)."""
    # Before any QApplication exists: a self-test never needs (or opens) a screen.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    logs.setup(program)
    log.info("self-test of %s", program)
    report = Report(out or _report_stream(program), core.header(program, app_name))
    check, store = core.check_store(args.db)
    report.add(check)
    try:
        report.add(core.guarded("berkas konfigurasi", lambda: core.check_config_file(args.db)))
        if store is not None:
            st = store
            report.add(core.guarded("peran", lambda: core.check_role(st, (station or Station()).role)))
            report.add(core.guarded("jam", lambda: core.check_clock(
                st, clock(), config.clock_margin_s(config.resolve(args.db)))))
        for c in core.station_checks(args.db, station or Station(), synth_factory=synth_factory):
            report.add(c)
        if (station or Station()).player:
            report.add(core.guarded("pemutar", check_player))
        if store is None:
            report.add(skipped("tampilan", "tidak diuji karena basis data tidak terbuka."))
        else:
            args.windowed = True  # a normal window: a locked full-screen kiosk refuses to close
            report.add(render_frame(program, app_name, lambda: build(store), window_size,
                                    ready or (lambda _app: True), first_load_s or FIRST_LOAD_S))
    finally:
        if store is not None:
            store.dispose()
    return report.finish()


def _report_stream(program: str) -> TextIO:
    """The terminal. A windowed Windows program has none: it writes to the console it was
    started from, or else to ``<log dir>/<program>-uji.txt``."""
    if sys.stdout is not None:
        return sys.stdout
    if sys.platform == "win32":
        import ctypes

        if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
            return open("CONOUT$", "w", encoding="utf-8")  # open until the process ends
    path = config.log_dir() / f"{program}-uji.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("w", encoding="utf-8")


def render_frame(
    program: str, app_name: str, build: Callable[[], Any], window_size: tuple[int, int],
    ready: Ready, first_load_s: float = FIRST_LOAD_S,
) -> Check:
    """Build and start the app, wait for its first load, grab its window, stop it."""
    name = "tampilan"
    app = make_app(app_name)
    bugs: list[str] = []
    previous_hook = sys.excepthook
    previous_handler = qInstallMessageHandler(_to_log)

    def hook(exc_type: type[BaseException], exc: BaseException, tb: types.TracebackType | None) -> None:
        log.critical("unhandled error during the self-test", exc_info=(exc_type, exc, tb))
        bugs.append(exc.message if isinstance(exc, KnownError) else core.unexpected(exc))

    sys.excepthook = hook
    built = None
    try:
        try:
            built = build()
        except KnownError as exc:
            return failed(name, f"aplikasi tidak dapat dimulai: {core.one_line(exc.message)}")
        window = built.window
        if not isinstance(window, QWidget):
            return failed(name, f"jendela aplikasi bukan QWidget ({type(window).__name__}).")
        window.resize(*window_size)
        window.show()
        started = time.monotonic()
        built.start()
        loaded = _wait(app, lambda: bool(bugs) or ready(built), first_load_s)
        took = time.monotonic() - started
        _wait(app, lambda: False, SETTLE_MS / 1000)
        image = window.grab().toImage()
        saved = _save(image, program)
        if bugs:
            return failed(name, bugs[0])
        verdict = frame_verdict(image)
        if verdict is not None:
            return failed(name, verdict)
        if not loaded:
            return failed(name, f"halaman pertama belum termuat setelah {first_load_s:g} detik"
                                + (f" (gambar: {saved})" if saved else "."))
        return passed(name, f"{image.width()}x{image.height()}, {distinct_colours(image)} warna, "
                            f"dimuat dalam {took:.1f} detik" + (f" (gambar: {saved})" if saved else ""))
    except Exception as exc:
        log.exception("self-test: drawing the window failed")
        return failed(name, core.unexpected(exc))
    finally:
        if built is not None:
            _stop(app, built)
        sys.excepthook = previous_hook
        qInstallMessageHandler(previous_handler)


PLAYER_WAIT_S = 5.0


def check_player(outputs: Callable[[], Sequence[Any]] | None = None) -> Check:
    """QtMultimedia finds its backend and decodes the chime, as the board does for every call,
    and there is an audio output to play it to.

    Nothing is played. A bundle whose FFmpeg libraries are missing or damaged fails, and so
    does a PC with no audio output (no sound card, speaker or HDMI audio, or no sound server):
    Qt would play every call into nothing. ``outputs`` lists the outputs (tests pass theirs)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

    from shared.paths import resource

    name = "pemutar"
    app = make_app("Antre")
    previous_handler = qInstallMessageHandler(_to_log)
    try:
        chime = resource("sounds", "chime.wav")
        player = QMediaPlayer()
        player.setAudioOutput(QAudioOutput(player))
        if not player.isAvailable():
            return failed(name, "QtMultimedia tidak punya backend (pustaka FFmpeg bundel hilang atau rusak); "
                                "bel dan suara tidak akan terdengar.")
        player.setSource(QUrl.fromLocalFile(str(chime)))
        done = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.InvalidMedia)
        _wait(app, lambda: player.mediaStatus() in done or player.error() != QMediaPlayer.Error.NoError,
              PLAYER_WAIT_S)
        status, error = player.mediaStatus(), player.error()
        player.setSource(QUrl())
        if error != QMediaPlayer.Error.NoError or status != QMediaPlayer.MediaStatus.LoadedMedia:
            reason = player.errorString() or status.name
            return failed(name, f"{chime.name} tidak dapat dibuka oleh QtMultimedia ({reason}).")
        devices = list((outputs or QMediaDevices.audioOutputs)())
        if not devices:
            return failed(name, "tidak ada keluaran suara (speaker, HDMI audio): panggilan tidak akan "
                                "terdengar. Pasang atau nyalakan speaker; di Linux periksa `pactl info`.")
        default = QMediaDevices.defaultAudioOutput()
        where = default.description() if outputs is None and not default.isNull() else (
            getattr(devices[0], "description", lambda: str(devices[0]))())
        return passed(name, f"QtMultimedia (FFmpeg) membuka {chime.name}; keluaran suara: {where}")
    finally:
        qInstallMessageHandler(previous_handler)


def frame_verdict(image: QImage) -> str | None:
    """Why ``image`` is not a drawn window (``None`` when it is one)."""
    if image.isNull() or image.width() == 0 or image.height() == 0:
        return "jendela tidak tergambar (gambar kosong)."
    if distinct_colours(image) < 2:
        rgb = image.pixelColor(0, 0).name()
        return f"jendela tergambar satu warna rata ({rgb}): isinya tidak tampil."
    return None


def distinct_colours(image: QImage) -> int:
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    return len(set(memoryview(rgb.constBits()).cast("I")))


def _wait(app: QApplication, done: Callable[[], bool], seconds: float) -> bool:
    """Run the event loop until ``done()`` or ``seconds`` have passed; returns ``done()``."""
    if done():
        return True
    loop = QEventLoop()
    poll = QTimer(interval=20)
    poll.timeout.connect(lambda: loop.quit() if done() else None)
    limit = QTimer(singleShot=True, interval=max(1, int(seconds * 1000)))
    limit.timeout.connect(loop.quit)
    poll.start()
    limit.start()
    loop.exec()
    poll.stop()
    limit.stop()
    app.processEvents()
    return done()


def _stop(app: QApplication, built: Any) -> None:
    try:
        built.stop()
        window = built.window
        allow_close = getattr(window, "allow_close", None)
        if callable(allow_close):
            allow_close()
        window.close()
        _wait(app, lambda: False, 0.05)
    except Exception:
        log.exception("self-test: stopping the app failed")


def _save(image: QImage, program: str) -> Path | None:
    """Keep the frame beside the log file, for whoever reads the report remotely."""
    path = config.log_dir() / f"{program}-uji.png"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if image.save(str(path)) else None


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _to_log(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)
