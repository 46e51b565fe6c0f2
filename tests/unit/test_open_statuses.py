"""The rollover's open statuses, written as SQL for the partial index ix_ticket_open, are
exactly the statuses that allow closing the day (shared.rules.states)."""

from __future__ import annotations

import re

from shared.models import OPEN_STATUSES_SQL
from shared.rules.states import TicketAction, statuses_allowing


def test_the_open_statuses_sql_names_the_statuses_that_close_with_the_day() -> None:
    named = re.findall(r"'([a-z_]+)'", OPEN_STATUSES_SQL)
    assert len(named) == len(set(named))
    assert set(named) == {str(s) for s in statuses_allowing(TicketAction.CLOSE_DAY)}
