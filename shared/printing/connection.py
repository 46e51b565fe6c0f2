"""Sending a rendered job to the printer, and asking it how it is, always with a time limit.

python-escpos opens each kind of connection; we only ever write finished bytes through it.
Its network default waits 60 s, so every call here takes ``settings.timeout``, and a
connection that can block in a driver (USB, serial, spooler) runs under a watchdog thread
so a stuck driver costs the kiosk a message, never a frozen window.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from shared.errors import KnownError
from shared.printing.settings import STATUS_TIMEOUT_S, PrinterSettings

log = logging.getLogger(__name__)

T = TypeVar("T")

# DLE EOT n: real-time status (ESC/POS). n=1 printer, n=4 roll paper sensor.
_ASK_ONLINE = b"\x10\x04\x01"
_ASK_PAPER = b"\x10\x04\x04"
_PAPER_OUT = 0x60
_PAPER_LOW = 0x0C
_OFFLINE = 0x08
DRAIN_S = 1.0  # how long to wait for a network printer to close after the job

# Printers (by ``settings.where``) that did not answer a status query in this process: they
# are not asked again, so a printer without status support costs one wait, not one per ticket.
_NO_STATUS: set[str] = set()

_NO_DRIVER = {
    "usb": "pyusb (pip install 'python-escpos[usb]')",
    "serial": "pyserial (pip install 'python-escpos[serial]')",
    "cups": "pycups (pip install 'python-escpos[cups]')",
    "win32": "pywin32 (pip install pywin32)",
}


class PrinterError(KnownError):
    """The printer could not print; ``message`` says why in one Indonesian line."""

    exit_code = 1


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said. ``paper`` is 'ok', 'low', 'out' or 'unknown' (no answer)."""

    online: bool
    paper: str
    message: str


def _run_with_limit(fn: Callable[[], T], seconds: float, what: str) -> T:
    """Run ``fn`` in a daemon thread and give up after ``seconds``."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except Exception as exc:  # noqa: BLE001 - re-raised in the caller thread below
            box["error"] = exc

    thread = threading.Thread(target=target, name="antre-printer", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise PrinterError(f"Printer ({what}) tidak menjawab dalam {seconds:g} detik.")
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def _explain(exc: BaseException, s: PrinterSettings) -> PrinterError:
    """One calm line for whatever the driver raised."""
    where = s.where
    name = type(exc).__name__
    if isinstance(exc, PrinterError):
        return exc
    if isinstance(exc, TimeoutError):
        return PrinterError(f"Printer ({where}) tidak menjawab dalam {s.timeout:g} detik.")
    if isinstance(exc, ConnectionRefusedError) or name in {"DeviceNotFoundError", "USBNotFoundError"}:
        return PrinterError(f"Printer ({where}) tidak terhubung. Periksa kabel, daya, dan alamatnya.")
    if isinstance(exc, ConnectionResetError | BrokenPipeError | ConnectionAbortedError):
        return PrinterError(f"Sambungan ke printer ({where}) terputus saat mencetak.")
    if name == "NoBackendError":  # pyusb without the system's libusb
        return PrinterError("Printer USB butuh pustaka sistem libusb-1.0, yang belum terpasang.")
    if isinstance(exc, ImportError):
        need = _NO_DRIVER.get(s.connection, exc.name or "driver")
        return PrinterError(f"Sambungan printer '{s.connection}' butuh {need}, yang belum terpasang.")
    if isinstance(exc, OSError):
        return PrinterError(f"Printer ({where}) bermasalah: {exc.strerror or exc}.")
    return PrinterError(f"Printer ({where}) bermasalah: {name}.")


_CLASSES = {"network": "Network", "usb": "Usb", "serial": "Serial", "win32": "Win32Raw",
            "cups": "CupsPrinter", "file": "File"}


def _open(s: PrinterSettings) -> Any:
    """An opened python-escpos connection for ``s`` (never ``preview``)."""
    from escpos import printer as ep

    name = _CLASSES.get(s.connection)
    if name is None:
        raise PrinterError(f"Sambungan printer '{s.connection}' tidak mengirim byte.")
    cls = getattr(ep, name)
    # Ask before constructing: without its driver package a class raises RuntimeError from
    # its constructor or, later, from __del__.
    if not cls.is_usable():
        raise ImportError(name=_NO_DRIVER.get(s.connection, s.connection))
    match s.connection:
        case "network":
            p: Any = cls(s.host, s.port, timeout=s.timeout, profile=s.profile)
            # Network.open() leaves the socket of a refused connection unclosed; connect here.
            p.device = socket.create_connection((s.host, s.port), timeout=s.timeout)
            return p
        case "usb":
            # pyusb takes its write timeout in milliseconds.
            p = cls(s.vendor_id, s.product_id, timeout=int(s.timeout * 1000), profile=s.profile)
        case "serial":
            p = cls(s.device, baudrate=s.baudrate, timeout=s.timeout, profile=s.profile)
        case "cups":
            kwargs = {"host": s.cups_host} if s.cups_host else {}
            p = cls(s.name, profile=s.profile, **kwargs)
        case "win32":
            p = cls(s.name, profile=s.profile)
        case _:
            p = cls(s.path, profile=s.profile)
    p.open()
    if s.connection == "serial":
        p.device.write_timeout = s.timeout
    return p


def _close(p: Any) -> None:
    try:
        p.close()
    except (OSError, AttributeError):
        log.debug("closing the printer failed", exc_info=True)


def send(s: PrinterSettings, data: bytes) -> None:
    """Write one finished job. Raises :class:`PrinterError` within about ``s.timeout``."""

    def job() -> None:
        p = _open(s)
        try:
            if s.connection == "network":
                _send_network(p.device, data)
            else:
                p._raw(data)
        finally:
            _close(p)

    try:
        if s.connection == "network":
            job()  # the socket's own timeout covers connect and the whole sendall
        else:
            _run_with_limit(job, s.timeout + 1.0, s.where)
    except Exception as exc:
        raise _explain(exc, s) from exc


def _send_network(sock: socket.socket, data: bytes) -> None:
    """sendall (bounded by the socket timeout), then half-close so the printer sees the end
    of the job, and give it a moment to close too: a printer that drops the connection
    before it has read everything answers with a reset, which is a failed print."""
    sock.sendall(data)
    sock.shutdown(socket.SHUT_WR)
    sock.settimeout(min(sock.gettimeout() or DRAIN_S, DRAIN_S))
    try:
        while sock.recv(256):
            pass  # status bytes some printers send back; nothing to do with them
    except TimeoutError:
        log.debug("printer kept the connection open after the job; it has the bytes")


def _ask(p: Any, s: PrinterSettings, question: bytes) -> int | None:
    """One real-time status byte, or None when the printer does not answer status queries."""
    if s.connection == "network":
        p.device.settimeout(min(s.timeout, STATUS_TIMEOUT_S))
    elif s.connection == "serial":
        p.device.timeout = min(s.timeout, STATUS_TIMEOUT_S)
    try:
        p._raw(question)
        answer = p._read()
    except TimeoutError:
        return None
    except Exception as exc:
        if s.connection == "usb" and type(exc).__name__ == "USBTimeoutError":
            return None
        raise
    return answer[0] if answer else None


def check(s: PrinterSettings) -> PrinterStatus:
    """Is the printer there, online, with paper? Raises :class:`PrinterError` when it is not.

    Printers that do not answer status queries (or ``check_status = false``) count as fine
    once the connection opens; ``preview`` is always fine. ``win32`` and ``cups`` hand jobs
    to a spooler, so only the printer's presence is checked there."""
    if s.connection == "preview":
        return PrinterStatus(True, "unknown", "Pratinjau: struk ditampilkan di layar.")
    if s.connection == "file":
        folder = Path(s.path).parent
        if not folder.exists():
            raise PrinterError(f"Printer ({s.where}) tidak ada: folder {folder} tidak ditemukan.")
        return PrinterStatus(True, "unknown", f"Printer berkas {s.path} siap.")

    def job() -> PrinterStatus:
        p = _open(s)
        try:
            if not s.check_status or s.connection in {"win32", "cups"} or s.where in _NO_STATUS:
                return PrinterStatus(True, "unknown", f"Printer ({s.where}) terhubung.")
            online = _ask(p, s, _ASK_ONLINE)
            if online is None:
                log.info("printer %s does not answer status queries; not asking again", s.where)
                _NO_STATUS.add(s.where)
            if online is not None and online & _OFFLINE:
                raise PrinterError(f"Printer ({s.where}) sedang offline (tutup terbuka atau ada gangguan).")
            paper_byte = _ask(p, s, _ASK_PAPER) if online is not None else None
            if paper_byte is None:
                return PrinterStatus(True, "unknown", f"Printer ({s.where}) terhubung.")
            if paper_byte & _PAPER_OUT == _PAPER_OUT:
                raise PrinterError(f"Kertas printer ({s.where}) habis.")
            if paper_byte & _PAPER_LOW == _PAPER_LOW:
                return PrinterStatus(True, "low", f"Printer ({s.where}) siap; kertas hampir habis.")
            return PrinterStatus(True, "ok", f"Printer ({s.where}) siap, kertas cukup.")
        finally:
            _close(p)

    try:
        if s.connection == "network":
            return job()
        return _run_with_limit(job, s.timeout + 1.0, s.where)
    except Exception as exc:
        raise _explain(exc, s) from exc
