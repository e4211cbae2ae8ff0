"""the breach register and the log of rights requests

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 15:00:00

Two records and the links to what they name: a breach to its activities, processors
and systems, a request to its activities (RESTRICT: a named record is not deleted
under them). Moments of a breach are ISO 8601 text with their UTC offset.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str, nullable: bool) -> sa.Column[Any]:
    return sa.Column(
        name,
        sa.Enum(*values, name=name.replace("_", ""), native_enum=False, length=40),
        nullable=nullable,
    )


def _moment(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.String(length=40), nullable=True)


def _text(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.Text(), nullable=False)


def _common(table: str) -> list[Any]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f(f"fk_{table}_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("key", name=op.f(f"uq_{table}_key")),
        sa.UniqueConstraint(
            "organisation_id", "reference", name=op.f(f"uq_{table}_organisation_id")
        ),
    ]


def _tail() -> list[sa.Column[Any]]:
    return [
        sa.Column("closed_on", sa.Date(), nullable=True),
        _text("notes"),
        sa.Column("to_confirm", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def _link(name: str, owner: str, other: str) -> None:
    op.create_table(
        name,
        sa.Column(f"{owner}_id", sa.Integer(), nullable=False),
        sa.Column(f"{other}_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            [f"{owner}_id"],
            [f"{owner}.id"],
            name=op.f(f"fk_{name}_{owner}_id_{owner}"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            [f"{other}_id"],
            [f"{other}.id"],
            name=op.f(f"fk_{name}_{other}_id_{other}"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(f"{owner}_id", f"{other}_id", name=op.f(f"pk_{name}")),
    )
    op.create_index(op.f(f"ix_{name}_{other}_id"), name, [f"{other}_id"])


def upgrade() -> None:
    op.create_table(
        "breach",
        *_common("breach"),
        sa.Column("name", sa.String(length=300), nullable=False),
        _text("description"),
        _moment("occurred_from"),
        _moment("occurred_to"),
        _moment("aware_at"),
        sa.Column("natures", sa.JSON(), nullable=False),
        _text("subject_categories"),
        sa.Column("subjects_count", sa.BigInteger(), nullable=True),
        _text("data_categories"),
        sa.Column("records_count", sa.BigInteger(), nullable=True),
        _text("consequences"),
        _text("measures_taken"),
        _text("measures_proposed"),
        _enum("risk", "unlikely", "risk", "high", nullable=True),
        _text("risk_reasons"),
        _moment("notified_at"),
        sa.Column("authority_reference", sa.String(length=300), nullable=False),
        _text("delay_reasons"),
        _moment("communicated_at"),
        _enum("no_communication", "unintelligible", "risk_removed", "public_notice", nullable=True),
        *_tail(),
    )
    op.create_table(
        "rights_request",
        *_common("rights_request"),
        _enum(
            "request_type",
            "access",
            "rectification",
            "erasure",
            "restriction",
            "portability",
            "objection",
            "automated_decision",
            nullable=False,
        ),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=300), nullable=False),
        sa.Column("requester", sa.String(length=300), nullable=False),
        _enum("identity_check", "pending", "verified", "not_needed", "failed", nullable=False),
        sa.Column("extension_months", sa.Integer(), nullable=False),
        _text("extension_reason"),
        _enum("outcome", "granted", "partly", "refused", "no_data", nullable=True),
        _text("outcome_reason"),
        *_tail(),
    )
    _link("breach_activity", "breach", "activity")
    _link("breach_processor", "breach", "processor")
    _link("breach_system", "breach", "system")
    _link("request_activity", "rights_request", "activity")


def downgrade() -> None:
    for name in ("request_activity", "breach_system", "breach_processor", "breach_activity"):
        op.drop_table(name)
    op.drop_table("rights_request")
    op.drop_table("breach")
