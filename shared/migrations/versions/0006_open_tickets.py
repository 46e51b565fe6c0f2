"""open tickets: a partial index for the rollover's "tickets of past days still open"

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OPEN = "status IN ('waiting', 'called', 'serving')"  # shared.models.OPEN_STATUSES_SQL, as of 0006


def upgrade() -> None:
    op.create_index(
        "ix_ticket_open",
        "ticket",
        ["business_day"],
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )


def downgrade() -> None:
    op.drop_index("ix_ticket_open", table_name="ticket")
