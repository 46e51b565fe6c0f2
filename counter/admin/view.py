"""The console's window: log-in, then one tab per part of the site, the calendar, and the
history. Views render and emit intents; :class:`~counter.admin.controller.AdminController` decides."""

from __future__ import annotations

import copy
import zoneinfo
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter.admin import forms
from shared.calendar import DAYS
from shared.calendar.words import DAY_NAMES
from shared.site.revisions import Editable, RevisionInfo

STYLE = """
QWidget { font-size: 14px; }
#title { font-size: 22px; font-weight: bold; color: #0B3D91; }
#fieldError, #tableErrors { color: #A4161A; font-weight: bold; }
#status[kind="error"] { color: #A4161A; font-weight: bold; }
#status[kind="ok"] { color: #0F5F2A; font-weight: bold; }
#saveButton { background: #0B3D91; color: white; font-weight: bold; padding: 8px 20px; }
"""
_BAD = QColor("#F9D7D7")


def _scrolling(page: QWidget) -> QScrollArea:
    """A page that scrolls when the window is smaller than its fields."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(page)
    return area


def _repolish(w: QWidget) -> None:
    style = w.style()
    style.unpolish(w)
    style.polish(w)


class LoginPage(QWidget):
    submitted = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        title = QLabel("Konsol Admin Antre")
        title.setObjectName("title")
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.button = QPushButton("Masuk")
        self.message = QLabel("")
        self.message.setObjectName("fieldError")
        form = QFormLayout()
        form.addRow("Nama pengguna", self.username)
        form.addRow("Kata sandi", self.password)
        box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(title, alignment=Qt.AlignmentFlag.AlignCenter)
        box.addLayout(form)
        box.addWidget(self.button)
        box.addWidget(self.message)
        box.addStretch(2)
        self.button.clicked.connect(self._on_submit)
        self.password.returnPressed.connect(self._on_submit)

    def _on_submit(self) -> None:
        self.message.setText("")
        self.submitted.emit(self.username.text(), self.password.text())


class FieldForm(QWidget):
    """Text fields with an error line under each."""

    def __init__(self, columns: tuple[forms.Column, ...]) -> None:
        super().__init__()
        self.columns = columns
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        for c in columns:
            edit = QLineEdit()
            error = QLabel("")
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            holder = QWidget()
            inner = QVBoxLayout(holder)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(edit)
            inner.addWidget(error)
            layout.addRow(c.label, holder)
            self.edits[c.key], self.errors[c.key] = edit, error

    def set_values(self, values: dict[str, Any]) -> None:
        for c in self.columns:
            self.edits[c.key].setText(forms.show(values.get(c.key), c.kind))

    def values(self) -> dict[str, Any]:
        return {c.key: forms.read(self.edits[c.key].text(), c.kind) for c in self.columns
                if not (c.optional and not self.edits[c.key].text().strip())}

    def show_errors(self, errors: dict[str, list[str]]) -> None:
        for key, label in self.errors.items():
            label.setText("; ".join(errors.get(key, [])))
            label.setVisible(key in errors)


class SectionTable(QWidget):
    """One list of the site as an editable table, its mistakes marked at their cells and
    listed under it."""

    def __init__(self, table: forms.Table) -> None:
        super().__init__()
        self.table = table
        self.grid = QTableWidget(0, len(table.columns))
        self.grid.setHorizontalHeaderLabels([c.label for c in table.columns])
        self.grid.horizontalHeader().setStretchLastSection(True)
        self.add = QPushButton("Tambah baris")
        self.remove = QPushButton("Hapus baris terpilih")
        self.errors = QLabel("")
        self.errors.setObjectName("tableErrors")
        self.errors.setWordWrap(True)
        self.errors.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        self.buttons = buttons
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.grid, 1)
        box.addWidget(self.errors)
        box.addLayout(buttons)
        self.add.clicked.connect(lambda: self.grid.insertRow(self.grid.rowCount()))
        self.remove.clicked.connect(self._on_remove)

    def _on_remove(self) -> None:
        rows = sorted({i.row() for i in self.grid.selectedIndexes()}, reverse=True)
        for r in rows:
            self.grid.removeRow(r)

    def set_rows(self, rows: list[list[str]]) -> None:
        self.grid.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                self.grid.setItem(r, c, QTableWidgetItem(cell))
        self.grid.resizeColumnsToContents()
        self.show_errors({})

    def rows(self) -> list[list[str]]:
        out = []
        for r in range(self.grid.rowCount()):
            out.append([(item.text() if (item := self.grid.item(r, c)) is not None else "")
                        for c in range(self.grid.columnCount())])
        return out

    def selected_cell(self, column: int) -> str | None:
        r = self.grid.currentRow()
        item = self.grid.item(r, column) if r >= 0 else None
        return item.text() if item is not None else None

    def show_errors(self, errors: dict[tuple[int | None, str | None], list[str]]) -> None:
        keys = [c.key for c in self.table.columns]
        for r in range(self.grid.rowCount()):
            for c in range(self.grid.columnCount()):
                item = self.grid.item(r, c)
                if item is None:
                    item = QTableWidgetItem("")
                    self.grid.setItem(r, c, item)
                msgs = errors.get((r, keys[c]), [])
                item.setBackground(_BAD if msgs or (r, None) in errors else QColor(Qt.GlobalColor.white))
                item.setToolTip("; ".join(msgs))
        lines = []
        for (row, fld), msgs in sorted(errors.items(), key=lambda kv: (kv[0][0] or -1, kv[0][1] or "")):
            label = next((c.label for c in self.table.columns if c.key == fld), fld)
            at = f"Baris {row + 1}" if row is not None else self.table.title
            lines += [f"{at}" + (f", {label}" if label else "") + f": {m}" for m in msgs]
        self.errors.setText("\n".join(lines))
        self.errors.setVisible(bool(lines))


class HistoryPage(QWidget):
    diff_requested = Signal(int, int)
    undo_requested = Signal(int)
    export_requested = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.list = QListWidget()
        self.changes = QPlainTextEdit()
        self.changes.setReadOnly(True)
        self.compare = QPushButton("Bandingkan dengan revisi sekarang")
        self.undo = QPushButton("Kembali ke revisi ini")
        self.export = QPushButton("Ekspor revisi ini ke TOML…")
        buttons = QHBoxLayout()
        for b in (self.compare, self.undo, self.export):
            buttons.addWidget(b)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(QLabel("Riwayat revisi situs (terbaru di atas)"))
        box.addWidget(self.list, 1)
        box.addWidget(QLabel("Perubahan"))
        box.addWidget(self.changes, 1)
        box.addLayout(buttons)
        self._revisions: list[RevisionInfo] = []
        self.timezone = "Asia/Jakarta"  # the site's: revisions are listed in its local time
        self.list.currentRowChanged.connect(self._on_row)
        self.compare.clicked.connect(lambda: self._with_selected(
            lambda r: self.diff_requested.emit(r, self._revisions[0].revision)))
        self.undo.clicked.connect(lambda: self._with_selected(self.undo_requested.emit))
        self.export.clicked.connect(lambda: self._with_selected(self.export_requested.emit))

    def set_history(self, revs: list[RevisionInfo]) -> None:
        self._revisions = revs
        self.list.clear()
        for r in revs:
            when = r.at.astimezone(zoneinfo.ZoneInfo(self.timezone)).strftime("%Y-%m-%d %H:%M")
            note = f" — {r.note}" if r.note else ""
            self.list.addItem(QListWidgetItem(
                f"Revisi {r.revision} · {when} · {r.author or '-'} · {len(r.changes)} perubahan{note}"))
        if revs:
            self.list.setCurrentRow(0)

    def selected(self) -> int | None:
        row = self.list.currentRow()
        return self._revisions[row].revision if 0 <= row < len(self._revisions) else None

    def _with_selected(self, fn: Any) -> None:
        rev = self.selected()
        if rev is not None and self._revisions:
            fn(rev)

    def _on_row(self, row: int) -> None:
        if 0 <= row < len(self._revisions):
            self.changes.setPlainText("\n".join(self._revisions[row].changes) or "(tidak ada perubahan)")

    def show_diff(self, old: int, new: int, lines: list[str]) -> None:
        head = f"Dari revisi {old} ke revisi {new}:\n"
        self.changes.setPlainText(head + ("\n".join(lines) if lines else "(sama)"))


class AdminWindow(QWidget):
    """Intents: ``login_requested(user, password)``, ``save_requested(data, note)``,
    ``reload_requested()``, ``history_requested()``, ``diff_requested(old, new)``,
    ``undo_requested(rev)``, ``export_requested(rev)``, ``password_requested(user, password)``,
    ``unlock_requested(user)``."""

    login_requested = Signal(str, str)
    save_requested = Signal(object, str)
    reload_requested = Signal()
    history_requested = Signal()
    password_requested = Signal(str, str)
    unlock_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("admin")
        self.setStyleSheet(STYLE)
        self._edit: Editable | None = None
        self.login = LoginPage()
        self.site_form = FieldForm(forms.SITE_FIELDS)
        self.tables = {t.where: SectionTable(t) for t in forms.TABLES}
        self.calendar_form = FieldForm(forms.CALENDAR_FIELDS)
        self.flags = {key: QCheckBox(label) for key, label in forms.CALENDAR_FLAGS}
        self.week = FieldForm(tuple(forms.Column(d, f"{name} ({d})", optional=True)
                                    for d, name in zip(DAYS, DAY_NAMES, strict=True)))
        self.history = HistoryPage()
        self.tabs = QTabWidget()
        self.site_page = _scrolling(self.site_form)
        self.tabs.addTab(self.site_page, "Situs")
        for where in ("agencies", "services", "counters", "users", "priority_classes"):
            self.tabs.addTab(self.tables[where], self.tables[where].table.title)
        self.calendar_page = _scrolling(self._calendar_page())
        self.tabs.addTab(self.calendar_page, "Kalender")
        self.tabs.addTab(self.history, "Riwayat")
        self._user_tools()
        self.note = QLineEdit()
        self.note.setPlaceholderText("Catatan perubahan (mis. jam Samsat berubah mulai Senin)")
        self.save = QPushButton("Simpan sebagai revisi baru")
        self.save.setObjectName("saveButton")
        self.reload = QPushButton("Muat ulang")
        self.status = QLabel("")
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.who = QLabel("")
        bar = QHBoxLayout()
        bar.addWidget(self.note, 1)
        bar.addWidget(self.reload)
        bar.addWidget(self.save)
        main = QWidget()
        box = QVBoxLayout(main)
        box.addWidget(self.who)
        box.addWidget(self.tabs, 1)
        box.addWidget(self.status)
        box.addLayout(bar)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.login)
        self.stack.addWidget(main)
        self.main = main
        root = QVBoxLayout(self)
        # The window's size is the operator's: no minimum pushed to the window system (which
        # the offscreen platform cannot take, as the other apps' windows do).
        root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        root.addWidget(self.stack)

        self.login.submitted.connect(self.login_requested.emit)
        self.save.clicked.connect(self._on_save)
        self.reload.clicked.connect(self.reload_requested.emit)
        self.tabs.currentChanged.connect(self._on_tab)

    def _calendar_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.calendar_form)
        for flag in self.flags.values():
            left.addWidget(flag)
        left.addStretch(1)
        top.addLayout(left, 1)
        week = QVBoxLayout()
        week.addWidget(QLabel("Jam yang berbeda per hari (kosong: jam situs)"))
        week.addWidget(self.week)
        top.addLayout(week, 1)
        box.addLayout(top)
        box.addWidget(QLabel("Hari libur dan cuti bersama"))
        box.addWidget(self.tables["calendar.holidays"], 2)
        box.addWidget(QLabel("Istirahat (mis. sholat Jumat)"))
        box.addWidget(self.tables["calendar.breaks"], 1)
        return page

    def _user_tools(self) -> None:
        users = self.tables["users"]
        self.new_password = QLineEdit()
        self.new_password.setPlaceholderText("Kata sandi baru (min. 8)")
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reset_password = QPushButton("Ganti kata sandi")
        self.unlock = QPushButton("Buka kunci")
        users.buttons.addWidget(self.new_password)
        users.buttons.addWidget(self.reset_password)
        users.buttons.addWidget(self.unlock)
        self.reset_password.clicked.connect(self._on_reset_password)
        self.unlock.clicked.connect(self._on_unlock)

    def _selected_user(self) -> str | None:
        name = self.tables["users"].selected_cell(0)
        if not name:
            self.show_status("Pilih dulu baris penggunanya.", "error")
        return name or None

    def _on_reset_password(self) -> None:
        name = self._selected_user()
        if name:
            self.password_requested.emit(name, self.new_password.text())
            self.new_password.clear()

    def _on_unlock(self) -> None:
        name = self._selected_user()
        if name:
            self.unlock_requested.emit(name)

    def _on_tab(self, index: int) -> None:
        if self.tabs.widget(index) is self.history:
            self.history_requested.emit()

    # --- what the controller tells us ----------------------------------------------------

    def show_login_refusal(self, message: str) -> None:
        self.login.message.setText(message)

    def show_logged_in(self, username: str) -> None:
        self.who.setText(f"Masuk sebagai {username}")
        self.stack.setCurrentWidget(self.main)

    def show_site(self, edit: Editable) -> None:
        self._edit = edit
        data = edit.data
        self.history.timezone = str(data.get("site", {}).get("timezone") or "Asia/Jakarta")
        self.site_form.set_values(data.get("site", {}))
        self.calendar_form.set_values(data.get("calendar", {}))
        for key, box in self.flags.items():
            box.setChecked(bool(data.get("calendar", {}).get(key, False)))
        self.week.set_values(forms.week_hours(data))
        for table in self.tables.values():
            table.set_rows(forms.rows(table.table, data))
        self.site_form.show_errors({})
        self.calendar_form.show_errors({})
        self.setWindowTitle(f"Antre — Konsol Admin · revisi {edit.revision}")

    def edited(self) -> dict[str, Any]:
        """The site's data as the forms now say."""
        data = copy.deepcopy(self._edit.data) if self._edit is not None else {}
        site = dict(data.get("site", {}))
        for key in ("marquee", "footer"):
            site.pop(key, None)
        site.update(self.site_form.values())
        data["site"] = site
        cal = data.setdefault("calendar", {})
        cal.update(self.calendar_form.values())
        for key, box in self.flags.items():
            cal[key] = box.isChecked()
        forms.put_week_hours(data, {k: str(v) for k, v in self.week.values().items()})
        for table in self.tables.values():
            forms.put_rows(table.table, data, table.rows())
        return data

    def _on_save(self) -> None:
        self.show_status("Menyimpan…", "info")
        self.save_requested.emit(self.edited(), self.note.text().strip())

    def show_saved(self) -> None:
        self.note.clear()

    def show_invalid(self, placed: dict[forms.Place, list[str]]) -> None:
        site = {p.field or "": m for p, m in placed.items() if p.where == "site"}
        self.site_form.show_errors(site)
        self.calendar_form.show_errors({p.field or "": m for p, m in placed.items()
                                        if p.where == "calendar" and p.row is None})
        for where, table in self.tables.items():
            table.show_errors({(p.row, p.field): m for p, m in placed.items() if p.where == where})
        first = next(iter(placed), None)
        if first is not None:
            target = self._tab_of(first.where)
            if target is not None:
                self.tabs.setCurrentWidget(target)

    def _tab_of(self, where: str) -> QWidget | None:
        if where == "site":
            return self.site_page
        if where.startswith("calendar"):
            return self.calendar_page
        return self.tables.get(where)

    def show_status(self, text: str, kind: str = "ok") -> None:
        self.status.setText(text)
        self.status.setProperty("kind", kind)
        _repolish(self.status)

    def show_bug(self, message: str) -> None:
        self.show_status(message, "error")
