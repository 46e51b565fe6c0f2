"""The admin console's screens: log-in, each tab, a validation error at its cells, a
revision's diff. Users get a password first (the demo site's have none in the store)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QTableWidgetItem

from counter.admin.app import build as build_admin
from shared import auth
from shared.store import Store
from tests.screenshots.common import NOW, FixedClock, Shots

SIZES = ((1366, 768),)


def shoot(shots: Shots, store: Store) -> None:
    clock = FixedClock(NOW)
    with store.transaction() as s:
        auth.set_password(s, "admin", "demo1234", now=NOW)
    app = build_admin(store, clock=clock)
    w = app.window
    try:
        w.resize(*SIZES[0])
        w.show()
        app.start()
        w.login.username.setText("admin")
        w.login.password.setText("demo1234")
        shots.grab(w, "admin", "login", SIZES)
        w.login.button.click()
        shots.wait(lambda: app.controller.editing is not None, "the site in the console")
        for index, name in ((0, "site"), (1, "agencies"), (2, "services"), (3, "counters"), (4, "users"),
                            (5, "priority"), (6, "calendar")):
            w.tabs.setCurrentIndex(index)
            shots.grab(w, "admin", name, SIZES)

        # A mistake: a prefix already taken and a quota in words. Nothing is saved.
        services = w.tables["services"].grid
        services.item(1, 3).setText("A")
        services.item(2, 4).setText("lima puluh")
        w.save.click()
        shots.wait(lambda: w.status.text().startswith("Belum disimpan"), "the validation errors")
        shots.grab(w, "admin", "invalid", SIZES)

        # Two saves, then the history with the diff of the first against now.
        w.reload.click()
        shots.wait(lambda: not w.tables["services"].errors.isVisible(), "the site reloaded")
        w.site_form.edits["marquee"].setText("Loket Samsat pindah ke lantai 2 mulai Senin.")
        w.note.setText("teks berjalan")
        w.save.click()
        shots.wait(lambda: w.status.text().startswith("Disimpan"), "the first save")
        clock.now = NOW + dt.timedelta(minutes=12)
        w.tabs.setCurrentIndex(6)
        holidays = w.tables["calendar.holidays"]
        holidays.add.click()
        row = holidays.grid.rowCount() - 1
        for col, value in enumerate(("2026-12-31", "Cuti bersama akhir tahun", "cuti_bersama")):
            holidays.grid.setItem(row, col, QTableWidgetItem(value))
        w.note.setText("cuti bersama 31 Desember")
        w.save.click()
        shots.wait(lambda: app.controller.editing is not None and any(
            h["date"] == "2026-12-31" for h in app.controller.editing.data["calendar"]["holidays"]),
            f"the second save ({w.status.text()})")
        w.tabs.setCurrentWidget(w.history)
        shots.wait(lambda: w.history.list.count() >= 3, "the history")
        shots.grab(w, "admin", "history", SIZES)
        w.history.list.setCurrentRow(2)
        w.history.compare.click()
        shots.wait(lambda: w.history.changes.toPlainText().startswith("Dari revisi"), "the diff")
        shots.grab(w, "admin", "diff", SIZES)
    finally:
        app.stop()
        w.close()
