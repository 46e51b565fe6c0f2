"""The admin console, driven as an admin would, on SQLite and PostgreSQL: log-in for admins
only, an edit saved as a revision that a running kiosk shows, a mistake placed at its cell,
history with diff and undo, export, and the second of two concurrent saves refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot

from counter.admin.app import AdminApp, build
from kiosk.app import build as build_kiosk
from shared import auth, site
from shared.models import Role
from shared.site import revisions
from shared.store import Store
from tests.conftest import T0
from tests.support import FixedClock, act
from tests.ui.test_kiosk import FakePrinter, start_kiosk, tap

pytestmark = pytest.mark.filterwarnings(
    r"ignore:The Result\.tuples\(\) method is deprecated:sqlalchemy.exc.SADeprecationWarning")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def admin(qtbot: QtBot, store: Store, clock: FixedClock) -> Iterator[AdminApp]:
    act(store, auth.add_user, "dewi", "rahasia123", role=Role.ADMIN, full_name="Dewi")
    act(store, auth.add_user, "rina", "rahasia123", role=Role.CLERK, agency="DUKCAPIL")
    app = build(store, clock=clock)
    qtbot.addWidget(app.window)
    app.window.resize(1280, 800)
    app.window.show()
    app.start()
    yield app
    app.stop()


def log_in(qtbot: QtBot, app: AdminApp, username: str = "dewi") -> None:
    app.window.login.username.setText(username)
    app.window.login.password.setText("rahasia123")
    qtbot.mouseClick(app.window.login.button, Qt.MouseButton.LeftButton)


def logged_in(qtbot: QtBot, app: AdminApp) -> None:
    log_in(qtbot, app)
    qtbot.waitUntil(lambda: app.controller.editing is not None)


def cell(app: AdminApp, where: str, row: int, column: str) -> QTableWidgetItem:
    table = app.window.tables[where]
    col = [c.key for c in table.table.columns].index(column)
    item = table.grid.item(row, col)
    assert item is not None
    return item


def test_only_an_admin_may_log_in(qtbot: QtBot, admin: AdminApp) -> None:
    log_in(qtbot, admin, "rina")
    qtbot.waitUntil(lambda: admin.window.login.message.text() != "")
    assert admin.window.login.message.text() == "Konsol admin hanya untuk pengguna berperan admin."
    assert admin.controller.editing is None
    logged_in(qtbot, admin)
    assert admin.window.stack.currentWidget() is admin.window.main
    assert admin.window.site_form.edits["name"].text() == "MPP Uji"


def test_an_edit_is_saved_as_a_revision_that_a_running_kiosk_shows(
        qtbot: QtBot, admin: AdminApp, store: Store, clock: FixedClock) -> None:
    kiosk = start_kiosk(qtbot, build_kiosk(store, clock=clock, printer=FakePrinter()))
    try:
        logged_in(qtbot, admin)
        cell(admin, "services", 0, "name").setText("KTP Elektronik")
        admin.window.note.setText("nama layanan")
        qtbot.mouseClick(admin.window.save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: admin.window.status.text().startswith("Disimpan sebagai revisi 2"))
        with store.reading() as s:
            latest = revisions.history(s)[0]
        assert (latest.revision, latest.author, latest.note) == (2, "dewi", "nama layanan")
        assert latest.changes == ("layanan KTP: name 'KTP-el' → 'KTP Elektronik'",)
        tap(qtbot, kiosk.window.home.tile_for("DUKCAPIL"))
        qtbot.waitUntil(lambda: (b := kiosk.window.agency.button_for("KTP")) is not None
                        and b.title.text() == "KTP Elektronik", timeout=3000)
    finally:
        kiosk.stop()


def test_a_mistake_is_shown_at_its_cell_in_indonesian_and_nothing_is_saved(
        qtbot: QtBot, admin: AdminApp, store: Store) -> None:
    logged_in(qtbot, admin)
    cell(admin, "services", 1, "prefix").setText("A")  # KTP's prefix
    admin.window.site_form.edits["priority_ratio"].setText("dua")
    qtbot.mouseClick(admin.window.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: admin.window.status.text().startswith("Belum disimpan"))
    prefix = cell(admin, "services", 1, "prefix")
    assert prefix.toolTip() == "awalan 'A' sudah dipakai layanan 'KTP'"
    listed = admin.window.tables["services"].errors.text()
    assert "Baris 2, Awalan: awalan 'A' sudah dipakai layanan 'KTP'" in listed
    ratio_error = admin.window.site_form.errors["priority_ratio"]
    assert ratio_error.text() == "harus bertipe bilangan bulat (integer), bukan str ('dua')"
    assert not ratio_error.isHidden()
    with store.reading() as s:
        assert revisions.current(s).revision == 1


def test_history_shows_a_diff_and_undo_goes_back(qtbot: QtBot, admin: AdminApp, store: Store) -> None:
    logged_in(qtbot, admin)
    admin.window.site_form.edits["marquee"].setText("Selamat datang")
    qtbot.mouseClick(admin.window.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: admin.controller.editing is not None and admin.controller.editing.revision == 2)
    admin.window.tabs.setCurrentWidget(admin.window.history)
    page = admin.window.history
    qtbot.waitUntil(lambda: page.list.count() == 2)
    page.list.setCurrentRow(1)  # revision 1
    qtbot.mouseClick(page.compare, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.changes.toPlainText().startswith("Dari revisi 1 ke revisi 2"))
    assert "situs: marquee '' → 'Selamat datang'" in page.changes.toPlainText()
    qtbot.mouseClick(page.undo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.list.count() == 3)
    with store.reading() as s:
        assert revisions.current(s).data["site"]["marquee"] == ""
    # The form follows the undone revision once the console has read it back.
    qtbot.waitUntil(lambda: admin.window.site_form.edits["marquee"].text() == "")


def test_export_writes_a_file_that_loads_back(
        qtbot: QtBot, admin: AdminApp, store: Store, tmp_path: Path) -> None:
    logged_in(qtbot, admin)
    target = tmp_path / "situs.toml"
    admin.controller.export(target)
    qtbot.waitUntil(lambda: admin.window.status.text() == f"Situs diekspor ke {target}.")
    assert site.load_site_file(target).settings.name == "MPP Uji"


def test_the_second_of_two_admins_saving_the_same_revision_is_refused(
        qtbot: QtBot, admin: AdminApp, store: Store, clock: FixedClock) -> None:
    other = build(store, clock=clock)
    qtbot.addWidget(other.window)
    other.start()
    try:
        logged_in(qtbot, admin)
        logged_in(qtbot, other)
        admin.window.site_form.edits["footer"].setText("dari Dewi")
        qtbot.mouseClick(admin.window.save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: admin.window.status.text().startswith("Disimpan"))
        other.window.site_form.edits["marquee"].setText("dari admin kedua")
        qtbot.mouseClick(other.window.save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "sudah diubah" in other.window.status.text())
        assert other.window.status.text().startswith(
            "Situs sudah diubah oleh dewi pukul 09:00 (revisi 2) sejak Anda mulai menyunting revisi 1.")
        with store.reading() as s:
            assert revisions.current(s).data["site"]["marquee"] == ""
    finally:
        other.stop()


def test_an_admin_resets_a_password_and_unlocks_an_account(
        qtbot: QtBot, admin: AdminApp, store: Store, clock: FixedClock) -> None:
    for _ in range(5):
        act(store, auth.authenticate, "rina", "salah-salah")
    logged_in(qtbot, admin)
    admin.window.tabs.setCurrentWidget(admin.window.tables["users"])
    admin.controller.unlock("rina")
    qtbot.waitUntil(lambda: admin.window.status.text() == "Akun 'rina' dibuka kuncinya.")
    assert act(store, auth.authenticate, "rina", "rahasia123").ok
    admin.controller.reset_password("rina", "baru-12345")
    qtbot.waitUntil(lambda: admin.window.status.text() == "Kata sandi 'rina' diganti.")
    assert act(store, auth.authenticate, "rina", "baru-12345").ok
    admin.controller.reset_password("rina", "pendek")
    qtbot.waitUntil(lambda: admin.window.status.text() == "Kata sandi minimal 8 karakter.")


def test_an_admin_may_save_again_right_after_a_save(qtbot: QtBot, admin: AdminApp, store: Store) -> None:
    logged_in(qtbot, admin)
    admin.window.site_form.edits["marquee"].setText("satu")
    qtbot.mouseClick(admin.window.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: admin.window.status.text().startswith("Disimpan sebagai revisi 2"))
    admin.window.site_form.edits["footer"].setText("dua")  # before the console has reloaded
    qtbot.mouseClick(admin.window.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: admin.window.status.text().startswith("Disimpan sebagai revisi 3"))
    with store.reading() as s:
        data = revisions.current(s).data
    assert (data["site"]["marquee"], data["site"]["footer"]) == ("satu", "dua")
