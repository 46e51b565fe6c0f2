"""agency description: a plain line under an agency's short name on the kiosk

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.add_column(sa.Column("description", sa.String(length=80), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.drop_column("description")
