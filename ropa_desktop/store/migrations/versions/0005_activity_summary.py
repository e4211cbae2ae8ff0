"""the activity list's stored summary: completeness, legal bases, search text

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 11:00:00

The columns are added empty (NULL: not made yet). They are filled when the register is
opened, right after this upgrade, by ``services.summaries.fill_summaries``: the one place
that knows how a summary is made, run against the models of the version doing the
upgrade (a migration that imported it would break once a later one changes the models).
A later change to how summaries are made sets them to NULL again in its own migration.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COLUMNS = ("summary_missing", "summary_bases", "summary_search")


def upgrade() -> None:
    with op.batch_alter_table("activity") as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("activity") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
