"""approval as a recorded act, review cycle of an activity

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 21:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activity") as batch:
        batch.add_column(sa.Column("review_cycle_months", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("approved_by", sa.String(length=300), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("approved_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("approved_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("activity") as batch:
        for name in ("approved_version", "approved_on", "approved_by", "review_cycle_months"):
            batch.drop_column(name)
