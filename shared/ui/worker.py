"""Run store, printer and voice calls off the GUI thread; results come back as signals."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from shared.errors import KnownError, StoreUnavailable

log = logging.getLogger(__name__)

UNEXPECTED = "Terjadi kesalahan. Silakan coba lagi atau hubungi petugas."


@dataclass(frozen=True)
class Failure:
    """Why a background job failed, for the GUI thread.

    ``message`` is one calm Indonesian line for the user. ``store_down`` tells an outage
    (the action was not applied; retry when the store is back) from a refusal by a rule.
    ``error`` is the :class:`KnownError` itself, or ``None`` for a bug (already logged).
    """

    message: str
    store_down: bool = False
    error: KnownError | None = None


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except KnownError as exc:
            self._relay.failed.emit(
                Failure(exc.message, store_down=isinstance(exc, StoreUnavailable), error=exc))
        except Exception:
            log.exception("background job failed")
            self._relay.failed.emit(Failure(UNEXPECTED))
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
        on_error: Callable[[Failure], None],
    ) -> None:
        relay = _Relay()
        self._relays.add(relay)

        def done_ok(result: Any) -> None:
            self._relays.discard(relay)
            on_ok(result)

        def done_err(failure: Failure) -> None:
            self._relays.discard(relay)
            on_error(failure)

        relay.succeeded.connect(done_ok)
        relay.failed.connect(done_err)
        self._pool.start(_Job(fn, relay))

    def wait(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)
