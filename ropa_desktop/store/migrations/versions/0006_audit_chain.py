"""an audit log you can prove: events chained by SHA-256, and append-only in the database

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 11:45:00

Each event gains ``prev_hash`` and ``hash`` (``domain.audit.event_hash``, the chain's fixed
definition, which is why this migration may import it), and ``audit_chain`` holds the
newest link. The events already written are chained here, in the order they were written.

Then a trigger on each backend refuses UPDATE and DELETE on ``audit_event`` (on
PostgreSQL TRUNCATE too), whoever asks: the app, a script on its connection, a login that
bypasses the app. Only dropping or disabling the trigger, which needs the table's owner,
gets past, and ``ropa audit verify`` then shows where.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ropa_desktop.domain.audit import GENESIS, event_hash

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The sentence the database answers with; services.register recognises "append-only".
REFUSAL = "the audit log is append-only: its events cannot be changed or removed"


def upgrade() -> None:
    with op.batch_alter_table("audit_event") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("head", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain")),
    )
    _chain_existing_events()
    if op.get_bind().dialect.name == "sqlite":
        for what in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_event_no_{what.lower()} BEFORE {what} ON audit_event "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'insufficient_privilege'; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
        "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
    )
    op.execute(
        "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()"
    )


def _chain_existing_events() -> None:
    audit = sa.table(
        "audit_event",
        sa.column("id", sa.Integer),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("actor", sa.String),
        sa.column("entity_type", sa.String),
        sa.column("entity_key", sa.String),
        sa.column("entity_label", sa.String),
        sa.column("action", sa.String),
        sa.column("changes", sa.JSON),
        sa.column("prev_hash", sa.String),
        sa.column("hash", sa.String),
    )
    chain = sa.table(
        "audit_chain", sa.column("id", sa.Integer), sa.column("events", sa.Integer),
        sa.column("head", sa.String),
    )  # fmt: skip
    bind = op.get_bind()
    rows = bind.execute(sa.select(audit).order_by(audit.c.id)).mappings()
    prev, links = GENESIS, []
    for row in rows:
        own = event_hash(**{**row, "prev_hash": prev})
        links.append({"row_id": row["id"], "p": prev, "h": own})
        prev = own
    if links:
        bind.execute(
            audit.update()
            .where(audit.c.id == sa.bindparam("row_id"))
            .values(prev_hash=sa.bindparam("p"), hash=sa.bindparam("h")),
            links,
        )
    bind.execute(chain.insert().values(id=1, events=len(links), head=prev))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event")
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
    op.drop_table("audit_chain")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
