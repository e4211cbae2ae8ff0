"""the activity list's search finds processors and recipients too: summaries made again

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 12:50:00

The stored search text now holds the names of an activity's processors and recipient
categories and the recipients' details. The summaries are set to NULL (not made yet) and
made again when the register is opened, by ``services.summaries.fill_summaries``, as
0005 describes.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "UPDATE activity SET summary_missing = NULL, summary_bases = NULL, summary_search = NULL"
    )


def downgrade() -> None:
    # The summaries of 0006 are made the same way but for the extra words; NULL makes
    # them again on the next open.
    op.execute(
        "UPDATE activity SET summary_missing = NULL, summary_bases = NULL, summary_search = NULL"
    )
