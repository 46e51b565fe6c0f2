"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("short", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "priority_class",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "site",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=True),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agency.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("prefix", sa.String(length=8), nullable=False),
        sa.Column("quota", sa.Integer(), nullable=True),
        sa.Column("hours", sa.String(length=11), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("avg_service_s", sa.Float(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agency.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("zone", sa.String(length=80), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("pause_reason", sa.String(length=120), nullable=True),
        sa.Column("current_ticket_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("regular_streak", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agency.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "day_sequence",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
        ),
        sa.PrimaryKeyConstraint("service_id", "business_day"),
    )
    op.create_table(
        "counter_service",
        sa.Column("counter_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["counter_id"],
            ["counter.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
        ),
        sa.PrimaryKeyConstraint("counter_id", "service_id"),
    )
    op.create_table(
        "ticket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("issued_service_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("token", sa.String(length=16), nullable=False),
        sa.Column("priority_class", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.Column("called_at", sa.DateTime(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("call_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["counter_id"],
            ["counter.id"],
        ),
        sa.ForeignKeyConstraint(
            ["issued_service_id"],
            ["service.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("business_day", "code", name="uq_ticket_code"),
        sa.UniqueConstraint("issued_service_id", "business_day", "number", name="uq_ticket_number"),
    )
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_service_day", ["service_id", "business_day", "status"], unique=False)
        batch_op.create_index(
            "ix_ticket_waiting_priority",
            ["business_day", "queued_at", "id"],
            unique=False,
            sqlite_where=sa.text("status = 'waiting' AND priority_class IS NOT NULL"),
            postgresql_where=sa.text("status = 'waiting' AND priority_class IS NOT NULL"),
        )
        batch_op.create_index(
            "ix_ticket_waiting_regular",
            ["business_day", "queued_at", "id"],
            unique=False,
            sqlite_where=sa.text("status = 'waiting' AND priority_class IS NULL"),
            postgresql_where=sa.text("status = 'waiting' AND priority_class IS NULL"),
        )

    # counter <-> ticket reference each other: add this side once both tables exist.
    with op.batch_alter_table("counter", schema=None) as batch_op:
        batch_op.create_foreign_key("fk_counter_current_ticket", "ticket", ["current_ticket_id"], ["id"])

    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["counter_id"],
            ["counter.id"],
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["ticket.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("event")
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_ticket_waiting_regular",
            sqlite_where=sa.text("status = 'waiting' AND priority_class IS NULL"),
            postgresql_where=sa.text("status = 'waiting' AND priority_class IS NULL"),
        )
        batch_op.drop_index(
            "ix_ticket_waiting_priority",
            sqlite_where=sa.text("status = 'waiting' AND priority_class IS NOT NULL"),
            postgresql_where=sa.text("status = 'waiting' AND priority_class IS NOT NULL"),
        )
        batch_op.drop_index("ix_ticket_service_day")

    with op.batch_alter_table("counter", schema=None) as batch_op:
        batch_op.drop_constraint("fk_counter_current_ticket", type_="foreignkey")
    op.drop_table("ticket")
    op.drop_table("counter_service")
    op.drop_table("day_sequence")
    op.drop_table("counter")
    op.drop_table("service")
    op.drop_table("app_user")
    op.drop_table("site")
    op.drop_table("priority_class")
    op.drop_table("agency")
