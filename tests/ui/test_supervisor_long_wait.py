"""The supervisor's "Tunggu lama" flag follows the site's ``long_wait_min``, not a fixed hour."""

from __future__ import annotations

import dataclasses
import datetime as dt

from pytestqt.qtbot import QtBot

from counter.supervisor_page import SupervisorPage
from shared.dto import ServiceView, StatusView

KTP = ServiceView(
    code="KTP", name="KTP-el", agency="DUKCAPIL", agency_name="Dukcapil", agency_short="Dukcapil",
    prefix="A", quota=None, hours="08:00-15:00", issued_today=9, waiting=6, served_today=3,
    longest_wait_s=50 * 60, estimated_wait_min=36, open_counters=1, available=True,
    unavailable_reason=None)


def flag(qtbot: QtBot, service: ServiceView) -> str:
    page = SupervisorPage()
    qtbot.addWidget(page)
    page.show_status(StatusView("MPP", dt.date(2026, 11, 28), (service,), ()))
    item = page.services.item(0, len(page.SERVICE_HEADERS) - 1)
    return item.text() if item is not None else ""


def test_a_fifty_minute_wait_is_long_only_where_the_site_says_45_minutes_are(qtbot: QtBot) -> None:
    assert flag(qtbot, KTP) == ""  # the default: an hour
    assert flag(qtbot, dataclasses.replace(KTP, long_wait_s=45 * 60)) == "⚠ Tunggu lama"
