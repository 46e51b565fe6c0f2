"""The tables as Core objects, for the statements the hot path builds once at import."""

from __future__ import annotations

from typing import cast

from sqlalchemy import ColumnElement, Table, literal_column

from shared.models import Counter, CounterService, DaySequence, Ticket

# Literal (not bound) so the planners can match the partial indexes on status.
WAITING_SQL: ColumnElement[str] = literal_column("'waiting'")
T = cast(Table, Ticket.__table__)
C = cast(Table, Counter.__table__)
CS = cast(Table, CounterService.__table__)
SEQ = cast(Table, DaySequence.__table__)
TICKET_COLS = (T.c.id, T.c.code, T.c.number, T.c.business_day, T.c.service_id, T.c.status,
               T.c.priority_class, T.c.issued_at, T.c.called_at, T.c.started_at, T.c.call_count,
               T.c.token)

