"""Run store, printer and voice calls off the GUI thread; results come back as signals."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from shared.errors import KnownError

log = logging.getLogger(__name__)


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except KnownError as exc:
            self._relay.failed.emit(exc.message)
        except Exception:
            log.exception("background job failed")
            self._relay.failed.emit("Terjadi kesalahan. Silakan coba lagi atau hubungi petugas.")
        else:
            self._relay.succeeded.emit(result)


class Worker(QObject):
    """``run(fn, on_ok, on_error)``: ``fn`` runs in the pool; the callbacks run on the GUI thread."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relays: set[_Relay] = set()

    def run(
        self, fn: Callable[[], Any], on_ok: Callable[[Any], None],
        on_error: Callable[[str], None],
    ) -> None:
        relay = _Relay()
        self._relays.add(relay)

        def done_ok(result: Any) -> None:
            self._relays.discard(relay)
            on_ok(result)

        def done_err(message: str) -> None:
            self._relays.discard(relay)
            on_error(message)

        relay.succeeded.connect(done_ok)
        relay.failed.connect(done_err)
        self._pool.start(_Job(fn, relay))

    def wait(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)
