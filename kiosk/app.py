"""Wiring of the kiosk: ``build(...)`` assembles it, ``main()`` runs it.

The station config file (``antre`` finds it as for the other apps) may hold::

    [printer]            # see docs/printers.md; preview when absent
    connection = "network"
    host = "192.168.1.50"

    [kiosk]
    admin_pin_hash = "$argon2id$..."   # antre-kiosk --hash-pin (python -m kiosk --hash-pin)
"""

from __future__ import annotations

import argparse
import getpass
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from PySide6.QtCore import Qt

from kiosk import catalogs
from kiosk.admin import hash_pin
from kiosk.controller import PRINTER_RECHECK_MS, RETRY_MS, Clock, FeedFactory, KioskController
from kiosk.ports import ReceiptPrinter
from kiosk.printer import StationPrinter
from kiosk.view import IDLE_MS, NOTICE_MS, PHOTO_MS, TICKET_MS, KioskWindow
from kiosk.widgets import Logos
from shared import config, paths, printing, rules
from shared.errors import BadInput
from shared.selftest import Station
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
    notice_ms: int = NOTICE_MS, photo_ms: int = PHOTO_MS, admin_pin_hash: str | None = None,
    locked: bool = False, printer_info: str = "", retry_ms: int = RETRY_MS,
    printer_recheck_ms: int = PRINTER_RECHECK_MS, logo_dirs: Sequence[Path] = (),
) -> KioskApp:
    """Assemble the kiosk. Nothing touches the store or the printer until ``start()``."""
    catalogs.install()  # the visitor's English, from the compiled Qt catalog
    worker = Worker()
    controller = KioskController(
        store, worker, clock=clock, printer=printer, retry_ms=retry_ms,
        printer_recheck_ms=printer_recheck_ms,
        feed_factory=feed_factory or (lambda last_id: FeedWatcher(store, last_id)),
    )
    window = KioskWindow(idle_ms=idle_ms, ticket_ms=ticket_ms, notice_ms=notice_ms, photo_ms=photo_ms,
                         admin_pin_hash=admin_pin_hash, locked=locked, logos=Logos(logo_dirs))
    window.admin.set_info(printer_info or ("Printer: " + ("terpasang" if printer else "tidak ada")))
    window.service_chosen.connect(controller.issue)
    window.home_shown.connect(controller.refresh)
    window.test_print_requested.connect(controller.test_print)
    controller.catalog_changed.connect(window.show_catalog)
    controller.issuing_changed.connect(window.set_issuing)
    controller.ticket_issued.connect(window.show_ticket)
    controller.receipt_printed.connect(lambda issued, result: window.show_receipt_printed(
        issued, result.preview_png))
    controller.print_failed.connect(window.show_print_failed)
    controller.printer_trouble.connect(lambda trouble: window.show_printer_trouble(trouble.cause))
    controller.printer_ready.connect(window.show_printer_ready)
    controller.printer_state.connect(window.show_printer_state)
    controller.clock_warning.connect(window.admin.set_clock_warning)
    window.printer_notice_shown.connect(controller.watch_printer)
    window.admin_opened.connect(controller.check_printer)
    controller.issue_refused.connect(window.show_refusal)
    controller.out_of_service.connect(window.show_out_of_service)
    controller.back_in_service.connect(window.show_in_service)
    controller.printer_status.connect(window.show_admin_status)

    def again(with_receipt: bool) -> None:
        trouble = controller.last_printer_trouble
        if trouble is not None:
            controller.issue(trouble.service_code, trouble.priority, trouble.lang, with_receipt=with_receipt)

    window.without_receipt_chosen.connect(lambda: again(False))
    window.with_receipt_chosen.connect(lambda: again(True))
    return KioskApp(window=window, controller=controller, worker=worker)


def station_options(settings: config.Settings) -> tuple[printing.PrinterSettings, str | None]:
    """This station's printer and admin PIN hash, checked (BadInput names the wrong field)."""
    printer = printing.from_section(settings.section("printer"))
    pin_hash = settings.section("kiosk").get("admin_pin_hash")
    if pin_hash is not None and (not isinstance(pin_hash, str) or not pin_hash.startswith("$argon2")):
        raise BadInput("Konfigurasi [kiosk] admin_pin_hash: bukan hash argon2; buat dengan "
                       "'antre-kiosk --hash-pin' (dari kode sumber: 'python -m kiosk --hash-pin').")
    return printer, pin_hash


def unlock_on_signals(window: KioskWindow) -> None:
    """A locked window refuses to close, and Qt 6 cancels ``quit()`` when a window refuses;
    so SIGTERM and Ctrl+C first unlock the window, then quit as every app does."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        previous = signal.getsignal(signum)

        def handler(num: int, frame: FrameType | None, previous: Any = previous) -> None:
            window.allow_close()
            if callable(previous):
                previous(num, frame)

        signal.signal(signum, handler)


def logo_folders(settings: config.Settings) -> list[Path]:
    """Where agency logos (``<CODE>.png``) are looked for: ``[kiosk] logos``, then the bundle's
    ``resources/logos``."""
    folders = []
    configured = settings.section("kiosk").get("logos")
    if configured is not None:
        if not isinstance(configured, str) or not Path(configured).is_dir():
            raise BadInput(f"Konfigurasi [kiosk] logos: folder '{configured}' tidak ditemukan.")
        folders.append(Path(configured))
    folders.append(paths.resource("logos"))
    return folders


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = base_arguments("antre-kiosk", "Antre: kios ambil nomor antrean.")
    p.add_argument("--hash-pin", action="store_true",
                   help="read an admin PIN and print the line for the station config file")
    p.add_argument("--survey", action="store_true",
                   help="survey mode: the SKM questionnaire for served visitors (kiosk/survey.py)")
    p.add_argument("--counter", metavar="CODE",
                   help="with --survey: a screen facing the visitor at this counter, opened by its finishes")
    return p.parse_args(argv)


def _print_pin_hash() -> int:
    typed = sys.stdin.isatty()
    pin = getpass.getpass("PIN admin baru (angka): ") if typed else sys.stdin.readline().strip()
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        sys.stderr.write("antre-kiosk: PIN harus 4 sampai 12 angka.\n")
        return 2
    # A typo here would lock the operator out of a full-screen kiosk: typed PINs are asked twice.
    if typed and getpass.getpass("Ulangi PIN: ") != pin:
        sys.stderr.write("antre-kiosk: kedua PIN tidak sama; tidak ada yang diubah.\n")
        return 2
    sys.stdout.write(f'[kiosk]\nadmin_pin_hash = "{hash_pin(pin)}"\n')
    return 0


def main(argv: Sequence[str] | None = None, *, clock: Clock = rules.utc_now) -> int:
    """Run the kiosk; ``clock`` is the station's time (tests and benchmarks pass theirs)."""
    args = parse_args(argv)
    if args.hash_pin:
        return _print_pin_hash()
    if args.survey:
        from kiosk import survey

        return run("Antre Survei", "antre-kiosk", "Antre — Survei", "Survei", args,
                   lambda store: survey.build(store, clock=clock, counter=args.counter),
                   window_size=(1280, 800),
                   station=Station(), clock=clock)

    def build_station(store: Store) -> Any:
        station = config.resolve(args.db)
        settings, pin_hash = station_options(station)
        locked = not args.windowed
        kiosk = build(store, printer=StationPrinter(store, settings, clock), clock=clock,
                      admin_pin_hash=pin_hash,
                      locked=locked, printer_info=f"Printer: {settings.connection} — {settings.where}",
                      logo_dirs=logo_folders(station))
        if locked:  # full screen, no title bar, no window controls
            unlock_on_signals(kiosk.window)
            kiosk.window.setWindowFlags(
                Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        return kiosk

    return run(APP_NAME, "antre-kiosk", TITLE, "Kios", args, build_station, window_size=(1280, 800),
               ready=lambda kiosk: kiosk.controller.catalog is not None,
               station=Station(printer="status", role="issue"), clock=clock)
