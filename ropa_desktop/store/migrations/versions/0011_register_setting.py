"""the register's own settings: separation of duties

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 15:50:00

One row per setting. ``separation_of_duties`` = "on" keeps the last editor of an activity
from approving it (services.duties; on a team register the approval guard too).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "register_setting",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("register_setting")
