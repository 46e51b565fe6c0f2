"""the server's side of the rules on PostgreSQL: the event turn, server-assigned numbers,
ticket transitions, a day that only moves forward, and log-ins without reading a hash

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared import pgfunctions

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The ticket transitions of shared.rules.states as of this revision (a migration is a
# snapshot; tests/unit check it still equals the rules' table, and `antre init` re-creates
# the functions from the live table).
TRANSITIONS = frozenset({
    ("called", "done"), ("called", "expired"), ("called", "no_show"), ("called", "serving"),
    ("called", "waiting"), ("no_show", "called"), ("no_show", "expired"), ("no_show", "waiting"),
    ("serving", "done"), ("serving", "expired"), ("serving", "waiting"), ("waiting", "called"),
    ("waiting", "expired"),
})


def upgrade() -> None:
    op.create_table("event_turn", sa.Column("id", sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint("id"))
    op.execute("INSERT INTO event_turn (id) VALUES (1)")
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        schema = bind.execute(sa.text("SELECT current_schema()")).scalar_one()
        cursor = bind.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        for stmt in pgfunctions.statements(schema, TRANSITIONS):
            cursor.execute(stmt)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for trigger, table in (("antre_issue_ticket", "ticket"), ("antre_ticket_moves", "ticket"),
                               ("antre_day_moves_forward", "site")):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        for fn in ("antre_issue_ticket()", "antre_ticket_moves()", "antre_day_moves_forward()",
                   *pgfunctions.FUNCTIONS):
            op.execute(f"DROP FUNCTION IF EXISTS {fn}")
    op.drop_table("event_turn")
