"""Staff pages behind the admin PIN: the PIN pad, and the page with exit and a test print.

The PIN is never in the code or in plain text: the station config holds its argon2 hash
(``[kiosk] admin_pin_hash``; ``antre-kiosk --hash-pin`` makes one). After five wrong PINs
the pad locks for a minute.
"""

from __future__ import annotations

import time

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.widgets import named
from shared.ui.scaling import Fit

MAX_TRIES = 5
LOCK_S = 60
PIN_MAX = 12
# The command of the installed bundle (docs/deploy.md); from a source checkout it is
# ``python -m kiosk --hash-pin``, which the docs give too.
PIN_COMMAND = "antre-kiosk --hash-pin"
NO_PIN_LOCKED = ("PIN admin belum diatur, jadi kios ini tidak bisa ditutup dari layar. "
                 f"Atur PIN dengan perintah '{PIN_COMMAND}' (lihat panduan pemasangan).")


def hash_pin(pin: str) -> str:
    return PasswordHasher().hash(pin)


def pin_matches(pin_hash: str, pin: str) -> bool:
    try:
        return PasswordHasher().verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


class PinPage(QWidget):
    """A numeric pad. Emits ``accepted()`` for the right PIN, ``cancelled()``."""

    accepted = Signal()
    cancelled = Signal()

    def __init__(self, pin_hash: str | None, *, open_without_pin: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hash = pin_hash
        # With no PIN configured, a windowed kiosk (demo, set-up) opens the admin page on OK;
        # a locked kiosk in the hall stays shut: anyone could otherwise close it.
        self._open_without_pin = open_without_pin
        self._digits = ""
        self._tries = 0
        self._locked_until = 0.0
        self.title = named(QLabel("PIN admin"), "noticeTitle")
        self.dots = named(QLabel(""), "pinDots")
        self.error = named(QLabel(""), "pinError")
        for w in (self.title, self.dots, self.error):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            w.setWordWrap(True)
        self.keys: dict[str, QPushButton] = {}
        pad = QGridLayout()
        for i, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "Hapus", "0", "OK"]):
            b = named(QPushButton(key), "keyButton" if key.isdigit() else "keyWord")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _=False, k=key: self.press(k))
            pad.addWidget(b, i // 3, i % 3)
            self.keys[key] = b
        self.cancel = named(QPushButton("Batal"), "plainButton")
        self.cancel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel.clicked.connect(self.cancelled)
        self.pad = pad
        # The words above the pad in portrait; beside it in landscape, where four rows of
        # keys, the words and "Batal" are taller than the screen.
        texts = QVBoxLayout()
        texts.addStretch(1)
        texts.addWidget(self.title)
        texts.addWidget(self.dots)
        texts.addWidget(self.error)
        texts.addStretch(1)
        keys = QVBoxLayout()
        keys.addLayout(pad)
        keys.addSpacing(16)
        keys.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignHCenter)
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.addLayout(texts, 1)
        self._body.addLayout(keys)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(self._body)
        layout.addStretch(1)
        self._layout = layout

    def apply_fit(self, f: Fit) -> None:
        side = f.px(560 if f.portrait else 420)
        m = f.px(32)
        self._layout.setContentsMargins(m, m, m, m)
        self._body.setDirection(QBoxLayout.Direction.TopToBottom if f.portrait
                                else QBoxLayout.Direction.LeftToRight)
        self._body.setSpacing(f.px(48))
        self.pad.setSpacing(f.px(16))
        for b in self.keys.values():
            b.setFixedWidth(side // 3)

    def reset(self) -> None:
        self._digits = ""
        self.dots.setText("")
        if self._hash:
            self.error.setText("")
        elif self._open_without_pin:
            self.error.setText("PIN admin belum diatur di konfigurasi stasiun; tekan OK.")
        else:
            self.error.setText(NO_PIN_LOCKED)

    def press(self, key: str) -> None:
        if key == "Hapus":
            self._digits = self._digits[:-1]
        elif key == "OK":
            self._check()
            return
        elif len(self._digits) < PIN_MAX:
            self._digits += key
        self.dots.setText("●" * len(self._digits))

    def _check(self) -> None:
        if self._hash is None:  # no PIN configured yet
            self._digits = ""
            self.dots.setText("")
            if self._open_without_pin:
                self.accepted.emit()
            else:
                self.error.setText(NO_PIN_LOCKED)
            return
        now = time.monotonic()
        if now < self._locked_until:
            wait_s = int(self._locked_until - now) + 1
            self.error.setText(f"Terlalu banyak percobaan. Coba lagi dalam {wait_s} detik.")
            return
        pin, self._digits = self._digits, ""
        self.dots.setText("")
        if pin and pin_matches(self._hash, pin):
            self._tries = 0
            self.error.setText("")
            self.accepted.emit()
            return
        self._tries += 1
        if self._tries >= MAX_TRIES:
            self._tries = 0
            self._locked_until = now + LOCK_S
            self.error.setText(f"PIN salah {MAX_TRIES} kali. Pad terkunci {LOCK_S} detik.")
        else:
            self.error.setText("PIN salah.")


class AdminPage(QWidget):
    """For staff: the printer's state and a test print, leave the kiosk, or go back to
    serving visitors."""

    back_requested = Signal()
    exit_requested = Signal()
    test_print_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = named(QLabel("Pengaturan kios"), "noticeTitle")
        # For staff only (this page is behind the PIN): this PC's clock is off the server's.
        self.clock = named(QLabel(""), "clockBanner")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clock.setWordWrap(True)
        self.clock.hide()
        self.info = named(QLabel(""), "adminText")
        self.state = named(QLabel(""), "adminText")  # the latest printer check, for staff
        self.status = named(QLabel(""), "adminText")
        for w in (self.title, self.info, self.state, self.status):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            w.setWordWrap(True)
        self.test_print = named(QPushButton("Cetak struk percobaan"), "plainButton")
        self.exit = named(QPushButton("Keluar dari aplikasi kios"), "plainButton")
        self.back = named(QPushButton("Kembali melayani pengunjung"), "doneButton")
        for b in (self.test_print, self.exit, self.back):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.test_print.clicked.connect(self.test_print_requested)
        self.exit.clicked.connect(self.exit_requested)
        self.back.clicked.connect(self.back_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.clock)
        layout.addStretch(1)
        for w in (self.title, self.info, self.state, self.status):
            layout.addWidget(w)
        layout.addSpacing(24)
        for b in (self.test_print, self.exit, self.back):
            layout.addWidget(b, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self._layout = layout

    def apply_fit(self, f: Fit) -> None:
        m = f.px(32)
        self._layout.setContentsMargins(m, m, m, m)
        self._layout.setSpacing(f.px(20))
        for b in (self.test_print, self.exit, self.back):
            b.setMinimumWidth(f.px(700))

    def set_info(self, info: str) -> None:
        self.info.setText(info)

    def set_clock_warning(self, text: str) -> None:
        """The counter app's staff warning when this PC's clock is off the server's ("" hides it)."""
        self.clock.setText(text)
        self.clock.setVisible(bool(text))

    def set_status(self, status: str) -> None:
        self.status.setText(status)

    def set_printer_state(self, line: str) -> None:
        self.state.setText(f"Keadaan printer: {line}" if line else "")
