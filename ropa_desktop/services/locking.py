"""Optimistic locking: a save names the version it edited; a stale one is refused."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from ropa_desktop.domain.errors import ConflictError


def claim_version(
    session: Session, model: Any, *, key: str, expected: int, entity: str, label: str
) -> int:
    """Bump the row's version if it is still ``expected``; else raise ConflictError.

    The conditional UPDATE is atomic on both SQLite (write lock) and PostgreSQL
    (row lock), so two saves of the same version cannot both win.
    """
    result = session.execute(
        update(model)
        .where(model.key == key, model.version == expected)
        .values(version=model.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        actual = session.execute(
            model.__table__.select().with_only_columns(model.version).where(model.key == key)
        ).scalar()
        raise ConflictError(entity=entity, label=label, expected=expected, actual=actual)
    return expected + 1
