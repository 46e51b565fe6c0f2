"""Receipts on ESC/POS thermal printers (python-escpos), behind a small API. No Qt.

A station's printer comes from the ``[printer]`` section of its config file
(``docs/printers.md``); ``preview`` (receipt on screen + PNG) when none is configured::

    settings = printing.load_settings()          # BadInput naming the wrong field
    printing.check(settings)                     # PrinterError naming every fault (paper, cover...)
    printing.print_issued(store, issued, settings, context, now=now)  # after the ticket was issued
    printing.reprint(store, "A012", settings=settings, now=now)      # from any app's worker or the CLI
    result.line()                                # "Struk A012 dicetak di ...": the one sentence

A receipt is printed only when the printer confirms it: the job ends with real-time status
queries, and the printer must answer them, fault-free, within the timeout
(:mod:`shared.printing.connection`; :mod:`shared.printing.status` reads the answers).

Every call may block up to ``settings.timeout`` seconds, so apps run them in their worker.
Failures raise :class:`PrinterError` (a ``KnownError``, exit code 1) with one Indonesian
line for staff and a ``cause`` for wording meant for visitors; a failed ticket print or
reprint also writes a ``printer_failed`` event, or ``printer_unconfirmed`` when the job was
sent and never confirmed (data: code, reason, cause, printer, connection, reprint) in its
own transaction; a reprint that worked writes ``receipt_reprinted``;
:func:`record_not_ready` writes ``printer_not_ready`` (no ticket) for a check that failed.
The ticket itself is never undone by a printer failure.
"""

import hashlib
import json
import logging
import os
import pickle
import platform
import tempfile
from importlib import resources
from pathlib import Path

from shared import config
from shared.printing.connection import PrinterError, PrinterStatus, asks_status, check, send
from shared.printing.receipt import Receipt, receipt_for, render_escpos, render_image, render_png
from shared.printing.service import (
    PrintResult,
    ReceiptContext,
    print_issued,
    print_receipt,
    receipt_context,
    record_failure,
    record_not_ready,
    reprint,
    sample_receipt,
)
from shared.printing.settings import PrinterSettings, from_section
from shared.printing.settings import load as load_settings

log = logging.getLogger(__name__)

__all__ = [
    "PrintResult",
    "PrinterError",
    "PrinterSettings",
    "PrinterStatus",
    "Receipt",
    "ReceiptContext",
    "asks_status",
    "check",
    "from_section",
    "load_settings",
    "print_issued",
    "print_receipt",
    "receipt_context",
    "receipt_for",
    "record_failure",
    "record_not_ready",
    "render_escpos",
    "render_image",
    "render_png",
    "reprint",
    "sample_receipt",
    "send",
]


ESCPOS_CACHE_ENV = "ESCPOS_CAPABILITIES_PICKLE_DIR"
ESCPOS_FILE_ENV = "ESCPOS_CAPABILITIES_FILE"


def _escpos_profile_cache() -> None:
    """python-escpos caches its printer profiles as a pickle, in a new temporary folder on
    every start unless told where; without the cache each start spends about a second
    parsing the profiles as YAML. Keep one cache in the user's own (private) cache folder.

    python-escpos writes that pickle in place, so a second program starting while the first
    writes it (``antre demo`` starts three; a PC may start the kiosk and the display at
    once) reads half a file and fails on import. So Antre writes the pickle itself, whole,
    under a temporary name renamed into place, in a folder named after the profiles file
    (its path, size and time): a newer python-escpos gets its own cache instead of two
    installations rewriting one. The profiles are JSON; Python's json reads them in a few
    milliseconds into the same data python-escpos's YAML parser gives.

    The modules above import escpos only inside their functions, so this runs first."""
    if ESCPOS_CACHE_ENV in os.environ:
        return
    try:
        source = Path(os.environ.get(ESCPOS_FILE_ENV) or str(resources.files("escpos") / "capabilities.json"))
        seen = source.stat()
        key = hashlib.sha256(f"{source}|{seen.st_size}|{seen.st_mtime_ns}".encode()).hexdigest()[:16]
        folder = config.cache_dir() / "escpos" / key
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        cache = folder / f"{platform.python_version()}.capabilities.pickle"
        if not cache.exists():
            data = pickle.dumps(json.loads(source.read_text(encoding="utf-8")), protocol=2)
            fd, partial = tempfile.mkstemp(dir=folder, prefix=".capabilities-", suffix=".partial")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(partial, cache)
            except BaseException:
                Path(partial).unlink(missing_ok=True)
                raise
    except (OSError, ValueError, ImportError):
        log.debug("no shared cache for python-escpos's profiles", exc_info=True)
        return  # python-escpos falls back to a temporary folder of its own
    os.environ[ESCPOS_CACHE_ENV] = str(folder)


_escpos_profile_cache()
