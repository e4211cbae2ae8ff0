"""an index on every foreign key that lookups use

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# (table, column): an activity's parts are read by activity_id, and an entry's users (what
# deleting it would break, where a processor is used) by the other side of each link.
# Columns that already lead a primary key or a unique constraint are left out.
INDEXED = (
    ("purpose", "activity_id"),
    ("data_category_use", "activity_id"),
    ("data_category_use", "data_category_id"),
    ("source", "activity_id"),
    ("recipient_use", "activity_id"),
    ("recipient_use", "recipient_category_id"),
    ("transfer", "activity_id"),
    ("retention_rule", "activity_id"),
    ("retention_rule", "data_category_id"),
    ("retention_rule", "organisation_id"),
    ("processor", "organisation_id"),
    ("activity_subject", "subject_category_id"),
    ("activity_measure", "security_measure_id"),
    ("activity_system", "system_id"),
    ("activity_processor", "processor_id"),
    ("assessment", "processor_id"),
    ("assessment", "template_id"),
    ("answer", "question_id"),
)


def upgrade() -> None:
    for table, column in INDEXED:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def downgrade() -> None:
    for table, column in reversed(INDEXED):
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
