"""The reports' and the survey's rights on PostgreSQL, per station role: the kiosk records
an answer but never reads one; the counter app reads the answers' index and stores closed
days; the display reads neither."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from shared import reports, rules
from shared.errors import NotPermitted, RuleRefused
from shared.store import may
from tests.conftest import PG_ADMIN_URL
from tests.deployment import Deployment
from tests.when import TickingClock, server_now

pytestmark = pytest.mark.postgresql


def test_a_kiosk_records_one_answer_and_only_the_counter_app_reads_the_index(deployment: Deployment) -> None:
    clock = TickingClock.starting(server_now(PG_ADMIN_URL))  # the server stamps the kiosk's tickets
    kiosk, counter, display = (deployment.store(app) for app in ("kiosk", "counter", "display"))
    try:
        with kiosk.transaction() as s:
            code = rules.issue(s, "SKCK", now=clock()).ticket.code
        with counter.transaction() as s:
            rules.open_counter(s, "P1", now=clock())
        with counter.transaction() as s:
            rules.call_next(s, "P1", now=clock())
        with counter.transaction() as s:
            rules.finish(s, "P1", now=clock())
        with kiosk.transaction() as s:
            reports.record_answer(s, code, [3] * 9, now=clock())
        with pytest.raises(RuleRefused, match="sudah diisi"), kiosk.transaction() as s:
            reports.record_answer(s, code, [4] * 9, now=clock())
        for store in (kiosk, display):
            with pytest.raises(NotPermitted), store.reading() as s:
                s.execute(text("SELECT u1 FROM survey_response"))
        with pytest.raises(NotPermitted), display.reading() as s:
            s.execute(text("SELECT count(*) FROM report_cell")).all()
        with counter.reading() as s:
            assert may(s, "report_day", "INSERT")
            day = rules.business_day(rules.load_site(s), clock())
            report = reports.build(s, reports.day(day), "agency")
        assert report.ikm is not None
        assert report.ikm.respondents == 1
        assert report.ikm.ikm == 75
        with kiosk.reading() as s:
            assert not may(s, "report_day", "INSERT")
    finally:
        for store in (kiosk, counter, display):
            store.dispose()


