"""evidence files stored in the register

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 15:40:00

One table: the file's bytes with its name, sniffed type, size and SHA-256, and the
record it is attached to (by type and key, as the audit trail names records).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

KINDS = (
    "dpa", "scc", "tia", "balancing_test", "dpia", "consent", "notification", "answer",
    "questionnaire", "other",
)  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "evidence_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("owner_type", sa.String(length=40), nullable=False),
        sa.Column("owner_key", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="evidencekind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("media_type", sa.String(length=120), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.String(length=40), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_evidence_file_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_file")),
        sa.UniqueConstraint("key", name=op.f("uq_evidence_file_key")),
    )
    op.create_index(op.f("ix_evidence_file_organisation_id"), "evidence_file", ["organisation_id"])
    op.create_index("ix_evidence_file_owner", "evidence_file", ["owner_type", "owner_key"])


def downgrade() -> None:
    op.drop_table("evidence_file")
