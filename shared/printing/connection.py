"""Sending a rendered job to the printer, and asking it how it is, always with a time limit.

python-escpos opens each kind of connection; we only ever write finished bytes through it.
Its network default waits 60 s, so every call here takes ``settings.timeout``, and a
connection that can block in a driver (USB, serial, spooler) runs under a watchdog thread
so a stuck driver costs the kiosk a message, never a frozen window.

**A sent job is not a printed job.** A hung printer may accept the connection and never
read, and a receipt fits in the socket buffer. So where the printer can answer real-time
status (``network``, ``usb``, ``serial`` with ``check_status = true``) the job ends with the
four ``DLE EOT`` queries of :mod:`shared.printing.status`: the printer answers them only
after it has read every byte before them, and the answers say whether it can print. A
receipt counts as printed only when those answers come back, within ``settings.timeout``,
with no fault. A printer without status (``check_status = false``, ``file``, ``win32``,
``cups``) is "printed" once the bytes are handed over; :attr:`PrintResult.confirmed` and
docs/printers.md say which is which.
"""

from __future__ import annotations

import errno
import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from shared.errors import KnownError
from shared.printing.settings import STATUS_TIMEOUT_S, PrinterSettings
from shared.printing.status import ANSWERS, ASK_ALL, RealTimeStatus, is_status_byte

log = logging.getLogger(__name__)

T = TypeVar("T")

DRAIN_S = 1.0  # without status: how long to wait for a network printer to close after the job
STATUS_CONNECTIONS = frozenset({"network", "usb", "serial"})
"""Connections with a way back from the printer: its status can be asked."""

_NO_DRIVER = {
    "usb": "pyusb (pip install 'python-escpos[usb]')",
    "serial": "pyserial (pip install 'python-escpos[serial]')",
    "cups": "pycups (pip install 'python-escpos[cups]')",
    "win32": "pywin32 (pip install pywin32)",
}

class PrinterError(KnownError):
    """The printer could not print; ``message`` says why in one Indonesian line, for staff.

    ``cause`` names the kind of trouble for wording meant for visitors: a :class:`Fault`
    kind ('paper_out', 'cover_open', ...), 'no_answer', 'not_connected', 'disconnected',
    'no_driver' or 'error'. ``unconfirmed``: the whole job was sent but the printer never
    confirmed it, so it may or may not have printed."""

    exit_code = 1

    def __init__(self, message: str, *, cause: str = "error", unconfirmed: bool = False) -> None:
        super().__init__(message)
        self.cause = cause
        self.unconfirmed = unconfirmed


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said. ``paper`` is 'ok', 'low', 'out' or 'unknown' (not asked);
    ``answered``: the printer answered real-time status (else it was only reached)."""

    online: bool
    paper: str
    message: str
    answered: bool = False


def asks_status(s: PrinterSettings) -> bool:
    """Whether this printer is asked for its status, before a job and to confirm it."""
    return s.check_status and s.connection in STATUS_CONNECTIONS


class _Progress:
    """How far a job got, read by the caller when a watchdog gives up on a stuck driver."""

    def __init__(self) -> None:
        self.sent = False


def _run_with_limit(fn: Callable[[], T], seconds: float) -> T:
    """Run ``fn`` in a daemon thread; raise ``TimeoutError`` after ``seconds``."""
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
        raise TimeoutError(f"printer driver still busy after {seconds:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


_GONE = {errno.ECONNRESET, errno.EPIPE, errno.ECONNABORTED, errno.ENOTCONN}
_UNREACHABLE = {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN, errno.ENETDOWN}


def _explain(exc: BaseException, s: PrinterSettings, stage: str) -> PrinterError:
    """One calm Indonesian line for whatever the driver raised; the OS's own words go to the
    log. ``stage``: 'check' (asking its status), 'send' (writing the job) or 'confirm'
    (waiting for the printer to answer after the whole job was sent)."""
    if isinstance(exc, PrinterError):
        return exc
    where = s.where
    name = type(exc).__name__
    code = getattr(exc, "errno", None)
    log.info("printer %s, %s: %s: %s", where, stage, name, exc)
    if isinstance(exc, TimeoutError) or name in {"USBTimeoutError", "SerialTimeoutException"}:
        if stage == "confirm":
            return PrinterError(
                f"Printer ({where}) tidak mengonfirmasi struk dalam {s.timeout:g} detik; struk "
                "mungkin tidak tercetak. Periksa printernya.", cause="no_answer", unconfirmed=True)
        if stage == "send":
            return PrinterError(f"Printer ({where}) tidak menerima struk dalam {s.timeout:g} detik "
                                "(macet atau hang?).", cause="no_answer")
        return PrinterError(f"Printer ({where}) tidak menjawab dalam {s.timeout:g} detik.", cause="no_answer")
    if isinstance(exc, ConnectionRefusedError) or name in {"DeviceNotFoundError", "USBNotFoundError"}:
        return PrinterError(f"Printer ({where}) tidak terhubung. Periksa kabel, daya, dan alamatnya.",
                            cause="not_connected")
    if isinstance(exc, socket.gaierror):
        return PrinterError(f"Alamat printer '{s.host}' tidak dikenal. Periksa host di [printer].",
                            cause="not_connected")
    if isinstance(exc, ConnectionError) or code in _GONE:
        during = "ditanya keadaannya" if stage == "check" else "mencetak"
        return PrinterError(f"Sambungan ke printer ({where}) terputus saat {during}.", cause="disconnected")
    if code in _UNREACHABLE:
        return PrinterError(f"Printer ({where}) tidak terjangkau di jaringan. Periksa kabel jaringan "
                            "dan alamatnya.", cause="not_connected")
    if name == "NoBackendError":  # pyusb without the system's libusb
        return PrinterError("Printer USB butuh pustaka sistem libusb-1.0, yang belum terpasang.",
                            cause="no_driver")
    if isinstance(exc, ImportError):
        need = _NO_DRIVER.get(s.connection, exc.name or "driver")
        return PrinterError(f"Sambungan printer '{s.connection}' butuh {need}, yang belum terpasang.",
                            cause="no_driver")
    if code == errno.ENOENT:
        return PrinterError(f"Printer ({where}) tidak ditemukan. Periksa kabelnya dan nama perangkat "
                            "di [printer].", cause="not_connected")
    if code in {errno.EACCES, errno.EPERM}:
        return PrinterError(f"Kios tidak punya izin memakai printer ({where}). Minta teknisi memberi "
                            "izin perangkatnya.", cause="not_connected")
    if code == errno.EBUSY:
        return PrinterError(f"Printer ({where}) sedang dipakai program lain.", cause="not_connected")
    log.warning("printer %s: unexpected %s during %s", where, name, stage, exc_info=exc)
    return PrinterError(f"Printer ({where}) bermasalah; rincian galatnya ada di log kios.")


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


def _write(p: Any, s: PrinterSettings, data: bytes, deadline: float) -> None:
    if s.connection == "network":
        p.device.settimeout(max(0.001, deadline - time.monotonic()))
        p.device.sendall(data)
    else:
        p._raw(data)


def _read_some(p: Any, s: PrinterSettings, want: int, remaining: float) -> bytes:
    """Whatever the printer sends back within ``remaining`` seconds (maybe nothing)."""
    match s.connection:
        case "network":
            p.device.settimeout(remaining)
            try:
                chunk = p.device.recv(64)
            except TimeoutError:
                return b""
            if not chunk:
                raise ConnectionAbortedError(errno.ECONNABORTED, "the printer closed the connection")
            return bytes(chunk)
        case "serial":
            p.device.timeout = remaining
            return bytes(p.device.read(want))
        case "usb":
            try:
                return bytes(p.device.read(p.in_ep, 64, max(1, int(remaining * 1000))))
            except Exception as exc:
                if type(exc).__name__ == "USBTimeoutError":
                    return b""
                raise
        case _:
            raise PrinterError(f"Sambungan printer '{s.connection}' tidak bisa ditanya keadaannya.")


def _answers(p: Any, s: PrinterSettings, deadline: float) -> bytes:
    """The four real-time status answers, or ``TimeoutError`` at ``deadline``. Bytes that are
    not status answers (automatic status back, say) are skipped."""
    got = bytearray()
    while len(got) < ANSWERS:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"{len(got)} of {ANSWERS} status answers before the deadline")
        for b in _read_some(p, s, ANSWERS - len(got), remaining):
            if is_status_byte(b) and len(got) < ANSWERS:
                got.append(b)
            else:
                log.debug("printer %s sent %02x, not a status answer; skipped", s.where, b)
    return bytes(got)


def _judge(s: PrinterSettings, answers: bytes) -> tuple[RealTimeStatus, str]:
    """The decoded status and the staff's line for a printer that can print; raises
    :class:`PrinterError` naming every fault when it cannot."""
    status = RealTimeStatus.parse(answers)
    log.debug("printer %s status %s", s.where, status.describe())
    faults = status.faults
    if faults:
        raise PrinterError(f"Printer ({s.where}) tidak siap: {'; '.join(map(str, faults))}.",
                           cause=faults[0].kind)
    if status.paper == "low":
        return status, f"Printer ({s.where}) siap; kertas hampir habis (siapkan gulungan baru)."
    return status, f"Printer ({s.where}) siap, kertas cukup."


def _guarded(s: PrinterSettings, fn: Callable[[], T], stage: Callable[[], str]) -> T:
    """Run ``fn`` (network: in this thread, its socket's timeouts bound it; others: under a
    watchdog) and turn any failure into a :class:`PrinterError`. ``stage()`` says how far it
    got, for the message."""
    try:
        if s.connection == "network":
            return fn()
        return _run_with_limit(fn, s.timeout + 1.0)
    except Exception as exc:
        raise _explain(exc, s, stage()) from exc


def send(s: PrinterSettings, data: bytes) -> bool:
    """Write one finished job; True when the printer confirmed it (see the module's doc),
    False when it cannot be asked and the bytes were handed over. Raises
    :class:`PrinterError` within about ``s.timeout``, also when the printer reports a fault
    after the job, or never answers (``unconfirmed``)."""
    confirm = asks_status(s)
    progress = _Progress()

    def job() -> bool:
        deadline = time.monotonic() + s.timeout
        p = _open(s)
        try:
            if not confirm:
                if s.connection == "network":
                    _send_network_unconfirmed(p.device, data)
                else:
                    p._raw(data)
                return False
            _write(p, s, data + ASK_ALL, deadline)
            progress.sent = True
            answers = _answers(p, s, deadline)
        finally:
            _close(p)
        try:
            _, line = _judge(s, answers)
        except PrinterError as exc:
            raise PrinterError(
                f"{exc.message[:-1]}. Struk tertahan di printer dan bisa keluar sendiri setelah "
                "masalahnya diatasi; periksa sebelum mencetak ulang.", cause=exc.cause) from None
        log.debug("printer %s confirmed the job: %s", s.where, line)
        return True

    return _guarded(s, job, lambda: "confirm" if progress.sent else "send")


def _send_network_unconfirmed(sock: socket.socket, data: bytes) -> None:
    """Without status: sendall (bounded by the socket timeout), then half-close so the
    printer sees the end of the job, and give it a moment to close too: a printer that
    drops the connection before it has read everything answers with a reset, a failure."""
    sock.sendall(data)
    sock.shutdown(socket.SHUT_WR)
    sock.settimeout(min(sock.gettimeout() or DRAIN_S, DRAIN_S))
    try:
        while sock.recv(256):
            pass  # bytes some printers send back; nothing to do with them
    except TimeoutError:
        log.debug("printer kept the connection open after the job; it has the bytes")


def check(s: PrinterSettings) -> PrinterStatus:
    """Is the printer there, online, with paper? Raises :class:`PrinterError` when it is not.

    Asks the four real-time statuses and names every fault (paper out, cover open, cutter,
    ...). A printer that should answer (``check_status = true`` on network, usb, serial) and
    stays silent for ``min(timeout, STATUS_TIMEOUT_S)`` has failed: it is hung, or does not
    support status and needs ``check_status = false``. Without status the printer only has
    to be reachable; ``win32`` and ``cups`` hand jobs to a spooler, so only the printer's
    presence is checked there; ``preview`` is always fine."""
    if s.connection == "preview":
        return PrinterStatus(True, "unknown", "Pratinjau: struk ditampilkan di layar.")
    if s.connection == "file":
        folder = Path(s.path).parent
        if not folder.exists():
            raise PrinterError(f"Printer ({s.where}) tidak ada: folder {folder} tidak ditemukan.",
                               cause="not_connected")
        return PrinterStatus(True, "unknown", f"Printer berkas {s.path} siap (tanpa konfirmasi cetak).")
    wait = min(s.timeout, STATUS_TIMEOUT_S)

    def job() -> PrinterStatus:
        p = _open(s)
        try:
            if not asks_status(s):
                how = ("diserahkan ke antrean cetak sistem" if s.connection in {"win32", "cups"}
                       else "status tidak ditanyakan (check_status = false)")
                return PrinterStatus(True, "unknown", f"Printer ({s.where}) terhubung; {how}.")
            deadline = time.monotonic() + wait
            _write(p, s, ASK_ALL, deadline)
            try:
                answers = _answers(p, s, deadline)
            except TimeoutError:
                raise PrinterError(
                    f"Printer ({s.where}) tersambung tetapi tidak menjawab pertanyaan status dalam "
                    f"{wait:g} detik (macet atau hang?). Printer yang memang tanpa status: isi "
                    "check_status = false di [printer].", cause="no_answer") from None
        finally:
            _close(p)
        status, line = _judge(s, answers)
        return PrinterStatus(not status.offline, status.paper, line, answered=True)

    return _guarded(s, job, lambda: "check")
