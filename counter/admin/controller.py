"""The console's controller: log-in (admin role only), the site as it is, saving an edit as a
new revision, history, diff, undo, export, and the users' password and lock. Every store call
runs in the worker; answers come back as signals."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from counter.admin import forms
from shared import auth
from shared.errors import SiteFileError
from shared.models import Role
from shared.site import revisions
from shared.site.revisions import Editable
from shared.store import Store
from shared.ui.worker import Failure, Worker

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


class AdminController(QObject):
    """Signals (facts): ``logged_in(str)``, ``login_refused(str)``, ``site_loaded(Editable)``,
    ``saved(ApplyReport)``, ``invalid(dict[Place, list[str]])``, ``refused(str)``,
    ``history_loaded(list)``, ``diff_ready(int, int, list)``, ``done(str)``.

    Commands: ``log_in``, ``reload``, ``save``, ``load_history``, ``show_diff``, ``undo``,
    ``export``, ``reset_password``, ``unlock``."""

    logged_in = Signal(str)
    login_refused = Signal(str)
    site_loaded = Signal(object)
    saved = Signal(object)
    invalid = Signal(object)
    refused = Signal(str)
    history_loaded = Signal(list)
    diff_ready = Signal(int, int, list)
    done = Signal(str)

    def __init__(self, store: Store, worker: Worker, *, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._worker = worker
        self._clock = clock
        self.username: str | None = None
        self._user_id: int | None = None
        self.editing: Editable | None = None
        self._running = False
        self._pending: dict[str, Any] = {}  # the edit being saved, to place its problems

    def start(self) -> None:
        self._running = True

    def stop(self) -> None:
        self._running = False

    def _run(self, job: Callable[[], Any], ok: Callable[[Any], None]) -> None:
        def answered(result: Any) -> None:
            if self._running:
                ok(result)

        def failed(failure: Failure) -> None:
            if not self._running:
                return
            if isinstance(failure.error, SiteFileError) and self.editing is not None:
                self.invalid.emit(forms.placed(failure.error.details, self._pending))
                self.refused.emit(f"Belum disimpan: {len(failure.error.details)} kesalahan; "
                                  "lihat keterangan merah di samping isian.")
                return
            self.refused.emit(failure.message)

        self._worker.run(job, answered, failed)

    # --- log-in ---------------------------------------------------------------------------

    def log_in(self, username: str, password: str) -> None:
        now = self._clock()

        def job() -> auth.LoginOutcome:
            with self._store.transaction() as s:
                return auth.authenticate(s, username, password, now=now)

        def answered(outcome: auth.LoginOutcome) -> None:
            if not outcome.ok:
                self.login_refused.emit(outcome.refusal or "")
            elif outcome.role != Role.ADMIN:
                self.login_refused.emit("Konsol admin hanya untuk pengguna berperan admin.")
            else:
                self.username, self._user_id = outcome.username, outcome.user_id
                self.logged_in.emit(outcome.username)
                self.reload()

        self._worker.run(job, answered, lambda f: self.login_refused.emit(f.message))

    # --- the site -------------------------------------------------------------------------

    def reload(self) -> None:
        def job() -> Editable:
            with self._store.reading() as s:
                return revisions.current(s)

        def loaded(edit: Editable) -> None:
            self.editing = edit
            self.site_loaded.emit(edit)

        self._run(job, loaded)

    def save(self, data: dict[str, Any], note: str = "") -> None:
        """Save ``data`` (the edit of the revision last loaded) as the next revision."""
        if self.editing is None or self.username is None:
            return
        base, by, user_id, now = self.editing.revision, self.username, self._user_id, self._clock()
        self._pending = data

        def job() -> Any:
            with self._store.transaction() as s:
                return revisions.save(s, data, base_revision=base, by=by, user_id=user_id, now=now,
                                      note=note)

        def ok(report: Any) -> None:
            # The next save builds on this one at once, even before the reload answers.
            self.editing = Editable(report.revision, data)
            self.saved.emit(report)
            self.done.emit(f"Disimpan sebagai revisi {report.revision} ({len(report.changes)} perubahan).")
            self.reload()

        self._run(job, ok)

    def load_history(self) -> None:
        def job() -> list[revisions.RevisionInfo]:
            with self._store.reading() as s:
                return revisions.history(s)

        self._run(job, self.history_loaded.emit)

    def show_diff(self, old: int, new: int) -> None:
        def job() -> list[str]:
            with self._store.reading() as s:
                return revisions.changes_between(s, old, new)

        self._run(job, lambda lines: self.diff_ready.emit(old, new, lines))

    def undo(self, revision: int) -> None:
        if self.editing is None or self.username is None:
            return
        base, by, user_id, now = self.editing.revision, self.username, self._user_id, self._clock()

        def job() -> Any:
            with self._store.transaction() as s:
                return revisions.undo_to(s, revision, base_revision=base, by=by, user_id=user_id, now=now)

        def ok(report: Any) -> None:
            if self.editing is not None:
                self.editing = Editable(report.revision, self.editing.data)
            self.done.emit(f"Situs kembali ke isi revisi {revision}, "
                           f"disimpan sebagai revisi {report.revision}.")
            self.reload()
            self.load_history()

        self._run(job, ok)

    def export(self, path: str | Path, revision: int | None = None) -> None:
        def job() -> str:
            with self._store.reading() as s:
                text = revisions.export_toml(s, revision)
            Path(path).write_text(text, encoding="utf-8")
            return str(path)

        self._run(job, lambda p: self.done.emit(f"Situs diekspor ke {p}."))

    # --- users ----------------------------------------------------------------------------

    def reset_password(self, username: str, password: str) -> None:
        now = self._clock()

        def job() -> None:
            with self._store.transaction() as s:
                auth.set_password(s, username, password, now=now)

        self._run(job, lambda _r: self.done.emit(f"Kata sandi '{username}' diganti."))

    def unlock(self, username: str) -> None:
        now = self._clock()

        def job() -> None:
            with self._store.transaction() as s:
                auth.unlock_user(s, username, now=now)

        self._run(job, lambda _r: self.done.emit(f"Akun '{username}' dibuka kuncinya."))
