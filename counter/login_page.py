"""The counter's log-in page: user name, password, one button, and the refusal in one line.

It emits ``login_requested(username, password)``; :class:`counter.login.LoginController`
checks them and the window moves on to the counter choice.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from counter.widgets import named
from shared.ui.scaling import Fit
from shared.ui.translation import tr


class LoginPage(QWidget):
    login_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.login_title = named(QLabel(tr("counter", "Antre — Loket")), "pageTitle")
        self.login_title.setProperty("big", True)
        self.login_hint = named(QLabel(tr("counter", "Masuk dengan akun petugas Anda.")), "hint")
        self.username = QLineEdit()
        self.username.setPlaceholderText(tr("counter", "Nama pengguna"))
        self.password = QLineEdit()
        self.password.setPlaceholderText(tr("counter", "Kata sandi"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.login_button = named(QPushButton(tr("counter", "Masuk  (Enter)")), "action")
        self.login_button.setProperty("primary", True)
        self.login_message = named(QLabel(""), "loginMessage")
        self.login_message.setWordWrap(True)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._on_login)
        self.login_button.clicked.connect(self._on_login)
        form = QVBoxLayout()
        user_label = named(QLabel(tr("counter", "Nama pengguna")), "hint")
        password_label = named(QLabel(tr("counter", "Kata sandi")), "hint")
        for w in (self.login_title, self.login_hint, user_label, self.username, password_label,
                  self.password, self.login_button, self.login_message):
            form.addWidget(w)
        box = QWidget()
        box.setLayout(form)
        box.setMaximumWidth(720)
        self._login_box = box
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def reset(self, message: str = "") -> None:
        """Ready for the next clerk: no password, ``message`` (e.g. who just left) shown."""
        self.password.clear()
        self.login_message.setText(message)
        self.login_button.setEnabled(True)

    def show_refusal(self, message: str) -> None:
        self.login_message.setText(message)
        self.password.clear()
        self.password.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.login_button.setEnabled(not busy)
        if busy:
            self.login_message.setText(tr("counter", "Memeriksa…"))

    def apply_fit(self, f: Fit) -> None:
        self._login_box.setMaximumWidth(f.px(900))

    def _on_login(self) -> None:
        self.login_requested.emit(self.username.text(), self.password.text())
