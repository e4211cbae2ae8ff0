"""approval as a recorded act, review cycle of an activity

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 21:40:00
"""

from __future__ import annotations

import datetime as dt

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
    _lapse_unrecorded_approvals()


def _lapse_unrecorded_approvals() -> None:
    """Approvals made before this version were checked against the activity alone and
    recorded no approver: they go back to in review, each with its audit event, so that a
    DPO approves them again under the rule that now applies."""
    activity = sa.table(
        "activity",
        sa.column("key", sa.String),
        sa.column("name", sa.String),
        sa.column("status", sa.String),
        sa.column("version", sa.Integer),
    )
    audit = sa.table(
        "audit_event",
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("actor", sa.String),
        sa.column("entity_type", sa.String),
        sa.column("entity_key", sa.String),
        sa.column("entity_label", sa.String),
        sa.column("action", sa.String),
        sa.column("changes", sa.JSON),
    )
    bind = op.get_bind()
    approved = bind.execute(
        sa.select(activity.c.key, activity.c.name, activity.c.version).where(
            activity.c.status == "approved"
        )
    ).all()
    now = dt.datetime.now(dt.UTC)
    for key, name, version in approved:
        bind.execute(
            activity.update()
            .where(activity.c.key == key)
            .values(status="in_review", version=version + 1)
        )
        bind.execute(
            audit.insert().values(
                at=now,
                actor="ropa-desktop upgrade",
                entity_type="activity",
                entity_key=key,
                entity_label=name[:300],
                action="update",
                changes={
                    "status": {"before": "approved", "after": "in_review"},
                    "approval_lapsed": {
                        "before": None,
                        "after": "it was approved before approvals were recorded and checked "
                        "against its processors and retention rules; approve it again",
                    },
                },
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("activity") as batch:
        for name in ("approved_version", "approved_on", "approved_by", "review_cycle_months"):
            batch.drop_column(name)
