"""A station's receipt printer, read from the ``[printer]`` section of its config file.

Every field is checked once, when the station starts, and a mistake is reported as one
Indonesian line that names the field (``[printer] port: ...``). With no ``[printer]``
section the station uses ``preview``: the receipt is shown on screen and saved as a PNG.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared import config
from shared.errors import BadInput

CONNECTIONS = ("preview", "network", "usb", "serial", "win32", "cups", "file")
DEFAULT_PROFILE = "TM-T88V"
DEFAULT_TIMEOUT_S = 5.0
STATUS_TIMEOUT_S = 1.5
"""How long a printer asked for its status may take to answer before it counts as hung. A
healthy printer answers in milliseconds, a slow Wi-Fi link in a few hundred; a visitor
whose printer hung learns it within this time, not after the whole ``timeout``."""

_KNOWN = {
    "connection", "host", "port", "timeout", "profile", "vendor_id", "product_id", "device",
    "baudrate", "name", "path", "folder", "check_status", "footer", "logo", "cups_host",
}


@dataclass(frozen=True)
class PrinterSettings:
    """How this station reaches its printer. Build it with :func:`from_section`."""

    connection: str = "preview"
    host: str = ""
    port: int = 9100
    timeout: float = DEFAULT_TIMEOUT_S
    """Seconds any one printer operation may take, connecting and sending included."""
    profile: str = DEFAULT_PROFILE
    vendor_id: int = 0
    product_id: int = 0
    device: str = ""
    baudrate: int = 9600
    name: str = ""
    """The printer's name in Windows (``win32``) or CUPS (``cups``)."""
    cups_host: str = ""
    path: str = ""
    """``file``: the device or file the bytes are written to (e.g. /dev/usb/lp0)."""
    folder: str = ""
    """``preview``: where receipt PNGs are saved (default: the data folder's ``receipts``)."""
    check_status: bool = True
    """``network``, ``usb``, ``serial``: ask the printer's real-time status before each
    ticket and after it, to confirm the printer took the job. ``false`` for a printer that
    cannot answer; there "printed" means "sent"."""
    footer: str | None = None
    """Overrides the site's footer on this station's receipts."""
    logo: str = ""

    @property
    def where(self) -> str:
        """The printer in a few words, for messages and logs."""
        match self.connection:
            case "network":
                return f"{self.host}:{self.port}"
            case "usb":
                return f"USB {self.vendor_id:04x}:{self.product_id:04x}"
            case "serial":
                return f"{self.device} ({self.baudrate} baud)"
            case "win32" | "cups":
                return self.name or "printer bawaan"
            case "file":
                return self.path
            case _:
                return f"pratinjau di {self.preview_folder}"

    @property
    def preview_folder(self) -> Path:
        return Path(self.folder) if self.folder else config.data_dir() / "receipts"

    def with_timeout(self, seconds: float) -> PrinterSettings:
        return dataclasses.replace(self, timeout=seconds)


def _fail(field: str, problem: str) -> BadInput:
    return BadInput(f"Konfigurasi [printer] {field}: {problem}")


def _text(raw: dict[str, Any], field: str, default: str = "") -> str:
    value = raw.get(field, default)
    if not isinstance(value, str):
        raise _fail(field, "harus berupa teks dalam tanda kutip.")
    return value.strip()


def _int(raw: dict[str, Any], field: str, default: int, lo: int, hi: int) -> int:
    value = raw.get(field, default)
    if isinstance(value, str):  # USB ids are usually written in hex: "0x04b8"
        try:
            value = int(value, 0)
        except ValueError:
            raise _fail(field, f"'{value}' bukan angka.") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(field, "harus berupa angka.")
    if not lo <= value <= hi:
        raise _fail(field, f"harus antara {lo} dan {hi}.")
    return value


def from_section(raw: dict[str, Any]) -> PrinterSettings:
    """Validate a ``[printer]`` table. Raises :class:`BadInput` naming the wrong field."""
    unknown = sorted(set(raw) - _KNOWN)
    if unknown:
        raise _fail(unknown[0], f"kolom tidak dikenal (yang dikenal: {', '.join(sorted(_KNOWN))}).")
    connection = _text(raw, "connection", "preview").lower() or "preview"
    if connection not in CONNECTIONS:
        choices = ", ".join(CONNECTIONS)
        raise _fail("connection", f"'{connection}' tidak dikenal; pilih salah satu dari {choices}.")
    timeout = raw.get("timeout", DEFAULT_TIMEOUT_S)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0.1 <= timeout <= 60:
        raise _fail("timeout", "harus berupa angka detik antara 0.1 dan 60.")
    check_status = raw.get("check_status", True)
    if not isinstance(check_status, bool):
        raise _fail("check_status", "harus true atau false.")
    footer = raw.get("footer")
    if footer is not None and not isinstance(footer, str):
        raise _fail("footer", "harus berupa teks dalam tanda kutip.")
    s = PrinterSettings(
        connection=connection,
        host=_text(raw, "host"),
        port=_int(raw, "port", 9100, 1, 65535),
        timeout=float(timeout),
        profile=_text(raw, "profile", DEFAULT_PROFILE) or DEFAULT_PROFILE,
        vendor_id=_int(raw, "vendor_id", 0, 0, 0xFFFF),
        product_id=_int(raw, "product_id", 0, 0, 0xFFFF),
        device=_text(raw, "device"),
        baudrate=_int(raw, "baudrate", 9600, 300, 921600),
        name=_text(raw, "name"),
        cups_host=_text(raw, "cups_host"),
        path=_text(raw, "path"),
        folder=_text(raw, "folder"),
        check_status=check_status,
        footer=footer,
        logo=_text(raw, "logo"),
    )
    required = {"network": "host", "usb": "vendor_id", "serial": "device", "file": "path"}
    field = required.get(connection)
    if field is not None and not getattr(s, field):
        raise _fail(field, f"wajib diisi untuk connection = \"{connection}\".")
    if connection == "usb" and not s.product_id:
        raise _fail("product_id", "wajib diisi untuk connection = \"usb\".")
    if s.logo and not Path(s.logo).is_file():
        raise _fail("logo", f"berkas '{s.logo}' tidak ditemukan.")
    _check_profile(s.profile)
    return s


def _check_profile(name: str) -> None:
    from escpos.capabilities import get_profile

    try:
        get_profile(name)
    except KeyError:
        raise _fail("profile", f"profil printer '{name}' tidak dikenal (contoh: TM-T88V).") from None


def load(settings: config.Settings | None = None) -> PrinterSettings:
    """This station's printer, from its config file (``preview`` when none is configured)."""
    settings = settings if settings is not None else config.resolve()
    return from_section(settings.section("printer"))
