"""What an ESC/POS printer's real-time status bytes mean, named for staff in Indonesian.

``DLE EOT n`` (n = 1..4) asks for four status bytes: the printer status, the offline cause,
the error cause and the roll paper sensor. Up to four may be asked at once (Epson's
reference), so one write of :data:`ASK_ALL` gets all four answers. Every answer has the
form ``0xx1xx10``: bits 0, 1, 4 and 7 are fixed, which tells a status byte apart from
anything else a printer may send (automatic status back, for one).

Pure: no I/O. :mod:`shared.printing.connection` asks, this module reads the answers.
An Epson-style printer sets "offline" when its paper runs out or its cover opens, so the
offline bit alone never names the cause: the other three bytes do.
"""

from __future__ import annotations

from dataclasses import dataclass

ASK_ALL = b"\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04"
"""DLE EOT 1, 2, 3 and 4 in one write; the printer answers with four bytes, in order."""
ANSWERS = 4

_FIXED_MASK = 0x93
_FIXED_BITS = 0x12

# n = 1: printer status
_OFFLINE = 0x08
_WAITING_RECOVERY = 0x20
_FEED_BUTTON = 0x40
# n = 2: offline cause
_COVER_OPEN = 0x04
_FEEDING = 0x08
_PAPER_END_STOP = 0x20
_ERROR = 0x40
# n = 3: error cause
_RECOVERABLE = 0x04
_CUTTER = 0x08
_UNRECOVERABLE = 0x20
_AUTO_RECOVERABLE = 0x40
# n = 4: roll paper sensor
_NEAR_END = 0x0C
_PAPER_OUT = 0x60


def is_status_byte(value: int) -> bool:
    """Whether ``value`` has the fixed bits of a real-time status answer."""
    return value & _FIXED_MASK == _FIXED_BITS


@dataclass(frozen=True)
class Fault:
    """One reason the printer cannot print, for staff: what is wrong and what to do.

    ``kind``: 'paper_out', 'cover_open', 'cutter', 'jam', 'broken', 'overheat', 'feeding',
    'waiting' or 'offline' (offline with no cause reported)."""

    kind: str
    what: str
    todo: str

    def __str__(self) -> str:
        return f"{self.what} ({self.todo})"


_FAULTS = {
    "paper_out": Fault("paper_out", "kertas habis", "pasang gulungan kertas baru"),
    "cover_open": Fault("cover_open", "penutup printer terbuka", "tutup rapat penutupnya"),
    "cutter": Fault("cutter", "pisau pemotong macet",
                    "buka penutup, singkirkan sobekan kertas, lalu tutup lagi"),
    "jam": Fault("jam", "gangguan mekanis, misalnya kertas tersangkut",
                 "periksa jalur kertas, lalu tutup penutupnya lagi"),
    "broken": Fault("broken", "kerusakan yang tidak pulih sendiri",
                    "matikan printer dan hubungi teknisi"),
    "overheat": Fault("overheat", "kepala cetak terlalu panas atau penutup dibuka saat mencetak",
                      "tunggu sebentar, printer pulih sendiri"),
    "feeding": Fault("feeding", "kertas sedang diumpankan dengan tombol FEED", "lepaskan tombol FEED"),
    "waiting": Fault("waiting", "printer menunggu dipulihkan", "tekan tombol FEED sekali"),
    "offline": Fault("offline", "printer offline tanpa sebab yang dilaporkan",
                     "matikan lalu nyalakan lagi printernya"),
}


@dataclass(frozen=True)
class RealTimeStatus:
    """The four answers to :data:`ASK_ALL`, decoded."""

    printer: int
    offline_cause: int
    error_cause: int
    paper_sensor: int

    @classmethod
    def parse(cls, answers: bytes) -> RealTimeStatus:
        if len(answers) != ANSWERS or not all(is_status_byte(b) for b in answers):
            raise ValueError(f"not four real-time status bytes: {answers.hex(' ')}")
        return cls(*answers)

    @property
    def offline(self) -> bool:
        return bool(self.printer & _OFFLINE)

    @property
    def paper(self) -> str:
        """'out', 'low' or 'ok', from the roll paper sensor (and the paper-end stop)."""
        if self.paper_sensor & _PAPER_OUT or self.offline_cause & _PAPER_END_STOP:
            return "out"
        if self.paper_sensor & _NEAR_END:
            return "low"
        return "ok"

    @property
    def faults(self) -> tuple[Fault, ...]:
        """Every cause the printer reports, most actionable first; empty when it can print."""
        found: list[str] = []
        if self.paper == "out":
            found.append("paper_out")
        if self.offline_cause & _COVER_OPEN:
            found.append("cover_open")
        if self.error_cause & _CUTTER:
            found.append("cutter")
        if self.error_cause & _RECOVERABLE:
            found.append("jam")
        if self.error_cause & _UNRECOVERABLE:
            found.append("broken")
        if self.error_cause & _AUTO_RECOVERABLE:
            found.append("overheat")
        if self.offline and not found:  # passing states, named only when they hold the printer
            if self.offline_cause & _FEEDING or self.printer & _FEED_BUTTON:
                found.append("feeding")
            elif self.printer & _WAITING_RECOVERY:
                found.append("waiting")
            else:
                found.append("offline")
        return tuple(_FAULTS[k] for k in found)

    def describe(self) -> str:
        """All four bytes in hex, for the log."""
        return " ".join(f"{b:02x}" for b in (self.printer, self.offline_cause, self.error_cause,
                                             self.paper_sensor))


def fault(kind: str) -> Fault:
    return _FAULTS[kind]
