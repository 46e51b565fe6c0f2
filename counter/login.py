"""The counter's log-in: the controller that checks a clerk's name and password, says which
counters they may open, and records leaving from the counter choice. The page is
:mod:`counter.login_page`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from counter.session import Clerk, Clock, Refusal
from shared import auth
from shared.store import Store
from shared.ui.worker import Failure, Worker

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoggedIn:
    clerk: Clerk
    counters: list[auth.CounterChoice]


class LoginController(QObject):
    """``log_in(username, password)`` → ``logged_in(LoggedIn)`` or ``refused(str)``."""

    logged_in = Signal(object)
    refused = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, store: Store, worker: Worker, *, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._worker = worker
        self._clock = clock
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    def log_in(self, username: str, password: str) -> None:
        if self._busy:
            return
        if not username.strip() or not password:
            self.refused.emit("Isi nama pengguna dan kata sandi.")
            return
        now = self._clock()

        def job() -> LoggedIn | Refusal:
            with self._store.transaction() as s:  # commits the failure count on a refusal too
                outcome = auth.authenticate(s, username, password, now=now)
            if not outcome.ok or outcome.user_id is None:
                return Refusal(outcome.refusal or "Gagal masuk.")
            with self._store.reading() as s:
                counters = auth.counter_choices(s, outcome.user_id)
            clerk = Clerk(outcome.user_id, outcome.username, outcome.full_name or outcome.username,
                          outcome.role or "clerk")
            return LoggedIn(clerk, counters)

        self._set_busy(True)
        self._worker.run(job, self._on_done, self._on_failed)

    def log_out(self, clerk: Clerk) -> None:
        """Record leaving from the counter choice (no counter was opened)."""
        now = self._clock()

        def job() -> None:
            with self._store.transaction() as s:
                auth.log_out(s, clerk.user_id, now=now)

        self._worker.run(job, lambda _r: None, lambda f: log.warning("log-out not recorded: %s", f.message))

    def _on_done(self, result: LoggedIn | Refusal) -> None:
        self._set_busy(False)
        if isinstance(result, Refusal):
            log.info("log-in refused: %s", result.message)
            self.refused.emit(result.message)
            return
        log.info("%s logged in", result.clerk.username)
        self.logged_in.emit(result)

    def _on_failed(self, failure: Failure) -> None:
        self._set_busy(False)
        self.refused.emit(failure.message)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)
