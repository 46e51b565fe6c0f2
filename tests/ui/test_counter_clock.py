"""A counter PC whose clock is off the server's (issue 15): the queue runs on the server's time,
and the clerk's window says so to staff until the clock is set right."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from counter.app import build
from counter.session import Clerk
from shared import auth
from shared.store import Store
from tests.service.test_clock import DAY, pg  # noqa: F401  (the fixture: a store on the server's clock)
from tests.ui.test_counter import PASSWORD, start_counter
from tests.when import server_clock, server_now


def clerk_on(store: Store, now: dt.datetime) -> Clerk:
    with store.transaction() as s:
        user = auth.add_user(s, "rina", PASSWORD, role="clerk", full_name="Rina", agency="DUKCAPIL", now=now)
        return Clerk(user.id, user.username, user.full_name, user.role)


def test_a_counter_a_day_ahead_warns_staff_and_one_on_time_does_not(qtbot: QtBot, pg: Store) -> None:  # noqa: F811
    clerk = clerk_on(pg, server_now(pg.url))

    on_time = start_counter(qtbot, build(pg, "L1", clock=server_clock(pg.url), clerk=clerk))
    qtbot.wait(300)
    assert on_time.window.clock_banner.isHidden()
    on_time.stop()

    ahead = start_counter(qtbot, build(pg, "L1", clock=server_clock(pg.url, DAY), clerk=clerk))
    try:
        qtbot.waitUntil(lambda: ahead.window.clock_banner.isVisible(), timeout=5000)
        text = ahead.window.clock_banner.text()
        assert text.startswith("Jam PC ini 1 hari 0 jam 0 menit")
        assert "lebih cepat dari jam server" in text
        assert "Antre memakai jam server" in text
    finally:
        ahead.stop()
