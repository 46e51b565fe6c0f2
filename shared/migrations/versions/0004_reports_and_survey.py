"""reports and the SKM survey: a service's target wait, stored report days, survey answers

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(sa.Column("target_wait_min", sa.Integer(), nullable=False, server_default="30"))
    op.create_index("ix_event_day", "event", ["business_day"])
    op.create_table(
        "report_day",
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("span", sa.String(length=8), nullable=False),
        sa.Column("built_at", sa.DateTime(), nullable=False),
        sa.Column("tickets", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("business_day", "span"),
    )
    op.create_table(
        "report_cell",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("span", sa.String(length=8), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("issued", sa.Integer(), nullable=False),
        sa.Column("called", sa.Integer(), nullable=False),
        sa.Column("wait_sum_s", sa.Float(), nullable=False),
        sa.Column("within_target", sa.Integer(), nullable=False),
        sa.Column("served", sa.Integer(), nullable=False),
        sa.Column("service_sum_s", sa.Float(), nullable=False),
        sa.Column("no_show", sa.Integer(), nullable=False),
        sa.Column("expired", sa.Integer(), nullable=False),
        sa.Column("transferred", sa.Integer(), nullable=False),
        sa.Column("waits", sa.JSON(), nullable=False),
        sa.Column("arrivals", sa.JSON(), nullable=False),
        sa.Column("wait_hours", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"]),
        sa.ForeignKeyConstraint(["counter_id"], ["counter.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_report_cell_day", "report_cell", ["span", "business_day"])
    op.create_table(
        "survey_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        *(sa.Column(f"u{i}", sa.Integer(), nullable=False) for i in range(1, 10)),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"]),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"]),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"]),
        sa.ForeignKeyConstraint(["counter_id"], ["counter.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ticket_id", name="uq_survey_ticket"),
    )
    op.create_index("ix_survey_day", "survey_response", ["business_day"])


def downgrade() -> None:
    op.drop_index("ix_survey_day", table_name="survey_response")
    op.drop_table("survey_response")
    op.drop_index("ix_report_cell_day", table_name="report_cell")
    op.drop_table("report_cell")
    op.drop_table("report_day")
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_column("target_wait_min")
    op.drop_index("ix_event_day", table_name="event")
