"""a transfer's country is stored as its ISO 3166-1 alpha-2 code

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 15:00:00

A country written in words ("USA", "United States", "Etats-Unis", "UK") is replaced by
its code where the name is unambiguous (``domain.country_names.country_code``, the reader
the imports use). Any other text, an international organisation or a name two countries
could share, is kept as written and the transfer is marked to confirm on its activity
("transfers[N].country: ..."), so that nothing is lost and the DPO chooses the country.
The activities' stored summaries are made again on the next open (their completeness
counts the marks). The downgrade writes the countries' English names back.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ropa_desktop.domain.country_names import country_code, english_name

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_TRANSFER = sa.table(
    "transfer",
    sa.column("id", sa.Integer),
    sa.column("activity_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("country", sa.String),
)
_ACTIVITY = sa.table("activity", sa.column("id", sa.Integer), sa.column("to_confirm", sa.JSON))
MARK = "transfers[{n}].country: kept as written, choose the country in ISO 3166 or confirm"


def _numbered(bind: sa.Connection) -> list[tuple[int, int, int, str]]:
    """(transfer id, activity id, its number on the activity from 1, country)."""
    rows = bind.execute(
        sa.select(_TRANSFER.c.id, _TRANSFER.c.activity_id, _TRANSFER.c.country).order_by(
            _TRANSFER.c.activity_id, _TRANSFER.c.position, _TRANSFER.c.id
        )
    ).all()
    out: list[tuple[int, int, int, str]] = []
    count: dict[int, int] = {}
    for tid, aid, country in rows:
        count[aid] = count.get(aid, 0) + 1
        out.append((tid, aid, count[aid], country))
    return out


def upgrade() -> None:
    bind = op.get_bind()
    marks: dict[int, list[str]] = {}
    for tid, aid, n, country in _numbered(bind):
        stripped = country.strip()
        code = country_code(stripped) if stripped else None
        if code is not None:
            if code != country:
                bind.execute(sa.update(_TRANSFER).where(_TRANSFER.c.id == tid).values(country=code))
        else:
            marks.setdefault(aid, []).append(MARK.format(n=n))
    for aid, wanted in marks.items():
        have = bind.execute(
            sa.select(_ACTIVITY.c.to_confirm).where(_ACTIVITY.c.id == aid)
        ).scalar_one()
        merged = list(dict.fromkeys([*(have or []), *wanted]))
        bind.execute(sa.update(_ACTIVITY).where(_ACTIVITY.c.id == aid).values(to_confirm=merged))
    op.execute(
        "UPDATE activity SET summary_missing = NULL, summary_bases = NULL, summary_search = NULL"
    )


def downgrade() -> None:
    bind = op.get_bind()
    for tid, _aid, _n, country in _numbered(bind):
        if len(country) == 2 and country.isupper():
            name = english_name(country)
            if name != country:
                bind.execute(sa.update(_TRANSFER).where(_TRANSFER.c.id == tid).values(country=name))
    op.execute(
        "UPDATE activity SET summary_missing = NULL, summary_bases = NULL, summary_search = NULL"
    )
