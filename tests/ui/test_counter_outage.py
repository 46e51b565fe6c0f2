"""The store goes away and comes back, for real: the counter app talks to PostgreSQL through
a small TCP proxy that the test can cut (every live connection dropped, new ones refused)
and restore. The shared server itself keeps running.

Shown here: an action cut off before its commit leaves nothing behind, actions are held
while the banner is up, and the app comes back by itself."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from counter.app import build
from shared import rules, site
from shared.models import Event
from shared.store import Store
from tests.conftest import MINI_SITE, T0, drop_pg_database, new_pg_database, require_pg
from tests.support import SteppingClock, issue
from tests.ui.test_counter import add_clerk, start_counter, waiting_codes

pytestmark = pytest.mark.postgresql


class CuttableProxy:
    """127.0.0.1:<port> → the PostgreSQL server, byte for byte, until ``cut()``."""

    def __init__(self, target: tuple[str, int]) -> None:
        self._target = target
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self.port = 0
        self.accepted = 0
        self.restore()

    def restore(self) -> None:
        """Listen again (on the same port) and forward new connections."""
        listener = socket.create_server(("127.0.0.1", self.port))
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), name="proxy-accept", daemon=True).start()

    def cut(self) -> None:
        """Refuse new connections and drop every live one, as a dead server or cable would."""
        listener, self._listener = self._listener, None
        if listener is not None:
            with suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() blocked on it
            listener.close()
        with self._lock:
            live, self._sockets = self._sockets, set()
        for s in live:
            with suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self._target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._sockets |= {client, upstream}
                self.accepted += 1
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), name="proxy-pump", daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)


class CutBeforeCommit(Store):
    """The real store; ``before_commit`` (set by the test) runs once, after an action's
    statements reached the server and just before its commit."""

    before_commit: Callable[[], None] | None = None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with super().transaction() as s:
            yield s
            hook, self.before_commit = self.before_commit, None
            if hook is not None:
                s.flush()
                hook()


@pytest.fixture
def pg_url() -> Iterator[str]:
    require_pg()
    url, name = new_pg_database()
    try:
        direct = Store.open(url, trust_station_clock=True)
        with direct.transaction() as s:
            site.apply_site(s, site.load_site_file(MINI_SITE), now=T0)
        direct.dispose()
        yield url
    finally:
        drop_pg_database(name)


def held_and_waiting(store: Store) -> tuple[str | None, str | None, list[str], int]:
    with store.reading() as s:
        held = rules.counter_ticket(s, "L1")
        waiting = [t.code for t in rules.waiting_list(s, "L1", now=T0)]
        calls = s.scalar(select(func.count()).select_from(Event).where(Event.kind == "ticket_called")) or 0
    return (held.code if held else None, held.status if held else None, waiting, int(calls))


def test_a_store_outage_applies_nothing_holds_the_actions_and_the_app_recovers_by_itself(
    qtbot: QtBot, pg_url: str, clock: SteppingClock
) -> None:
    # the test's own view of the truth, not through the proxy
    direct = Store.open(pg_url, trust_station_clock=True)
    rina = add_clerk(direct)
    issue(direct, "KTP", clock)
    issue(direct, "KTP", clock)
    target = make_url(pg_url)
    proxy = CuttableProxy((target.host or "127.0.0.1", target.port or 5432))
    opened = Store.open(pg_url.replace(f":{target.port or 5432}/", f":{proxy.port}/"),
                        trust_station_clock=True)
    store = CutBeforeCommit(url=opened.url, engine=opened.engine, sessions=opened.sessions,
                            readers=opened.readers)
    app = start_counter(qtbot, build(store, "L1", clock=clock, clerk=rina))
    w = app.window
    try:
        qtbot.waitUntil(lambda: waiting_codes(app) == ["A001", "A002"])
        qtbot.mouseClick(w.buttons["next"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.code.text() == "A001" and not app.controller.busy)
        before = held_and_waiting(direct)
        assert before == ("A001", "called", ["A002"], 1)

        # "next" reaches the server (A001 passed over, A002 claimed) and the line dies before commit
        store.before_commit = proxy.cut
        qtbot.wait(400)  # past the same-key debounce
        qtbot.mouseClick(w.buttons["next"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.banner.isVisibleTo(w), timeout=10_000)
        qtbot.waitUntil(lambda: not app.controller.busy)
        assert held_and_waiting(direct) == before  # nothing of it was kept
        assert w.code.text() == "A001"  # the window still shows what the store holds
        assert w.status.property("kind") == "error"
        assert all(not b.isEnabled() for b in w.buttons.values())
        app.controller.call_next()  # anything that still gets through is refused, not sent
        assert "tidak dikirim" in w.status.text()
        qtbot.wait(300)
        assert held_and_waiting(direct) == before

        proxy.restore()
        qtbot.waitUntil(lambda: not w.banner.isVisibleTo(w), timeout=20_000)
        qtbot.waitUntil(lambda: w.buttons["next"].isEnabled(), timeout=5_000)
        assert w.code.text() == "A001"
        qtbot.mouseClick(w.buttons["next"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.code.text() == "A002" and not app.controller.busy, timeout=5_000)
        assert held_and_waiting(direct) == ("A002", "called", [], 2)
    finally:
        app.stop()
        proxy.cut()
        store.dispose()
        direct.dispose()
