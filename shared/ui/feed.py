"""The event feed as a QObject: a reader thread that waits on the store's wake-up
(PostgreSQL NOTIFY, or SQLite's data_version poll), reads ``events_since(last_id)`` and
hands batches to the GUI thread through a queued signal. The table is the truth: after a
store outage the thread reconnects and catches up from its last id."""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from sqlalchemy.exc import DBAPIError

from shared import events
from shared.errors import KnownError
from shared.store import Store

log = logging.getLogger(__name__)


class FeedWatcher(QObject):
    """Emits ``events_arrived(list[EventView])`` and ``store_available(bool)``."""

    events_arrived = Signal(list)
    store_available = Signal(bool)

    def __init__(
        self,
        store: Store,
        last_id: int = 0,
        *,
        poll_interval: float = 0.05,
        idle_timeout: float = 1.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._last_id = last_id
        self._poll_interval = poll_interval
        self._idle_timeout = idle_timeout
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._ok: bool | None = None

    @property
    def last_id(self) -> int:
        return self._last_id

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="antre-feed", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=3)
            self._thread = None

    def _set_ok(self, ok: bool) -> None:
        if ok != self._ok:
            self._ok = ok
            self.store_available.emit(ok)

    def _wait_for_news(self, waker: events.Waker) -> None:
        """Until a wake-up, or ``idle_timeout`` (the catch-up that covers a lost wake-up).
        Waits in short slices so stop() is prompt; the table is read only after it returns,
        so an idle app reads it once a second, not on every slice."""
        deadline = time.monotonic() + self._idle_timeout
        while not self._stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0 or waker.wait(min(left, 0.25)):
                return

    def _run(self) -> None:
        backoff = 0.5
        while not self._stop.is_set():
            waker = None
            try:
                waker = events.make_waker(self._store.url, self._poll_interval)
                self._set_ok(True)
                backoff = 0.5
                while not self._stop.is_set():
                    with self._store.readers() as s:
                        batch = events.events_since(s, self._last_id)
                    if batch:
                        self._last_id = batch[-1].id
                        self.events_arrived.emit(batch)
                        continue
                    self._wait_for_news(waker)
            except Exception as exc:  # the store went away: report, back off, reconnect, catch up
                why = outage(exc)
                if why is None:  # not the store's doing: keep the whole story for a developer
                    log.warning("event feed lost the store; retrying in %.1fs", backoff, exc_info=True)
                else:
                    log.warning("event feed lost the store (%s); retrying in %.1fs", why, backoff)
                self._set_ok(False)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)
            finally:
                if waker is not None:
                    try:
                        waker.close()
                    except Exception:  # closing a dead connection may fail; nothing to keep
                        log.debug("closing waker failed", exc_info=True)


def outage(exc: BaseException) -> str | None:
    """One line for a store that went away or refused a connection (the environment's fault,
    logged without a traceback); None for anything else."""
    kinds: tuple[type[BaseException], ...] = (KnownError, DBAPIError, OSError, sqlite3.Error)
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None:
        kinds += (psycopg.Error,)
    if not isinstance(exc, kinds):
        return None
    text = exc.message if isinstance(exc, KnownError) else str(getattr(exc, "orig", None) or exc)
    lines = text.strip().splitlines()
    return lines[0] if lines else type(exc).__name__


FeedFactory = Callable[[int], FeedWatcher]
"""Makes the feed an app follows, from a last event id (tests pass feeds of their own)."""
