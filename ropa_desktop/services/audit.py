"""Audit trail: every change records who, when, and each field's before and after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ropa_desktop.domain import AuditEvent
from ropa_desktop.domain.enums import AuditAction
from ropa_desktop.domain.records import diff
from ropa_desktop.services.lookups import current

if TYPE_CHECKING:
    from ropa_desktop.services.register import Register


def record_event(
    session: Session,
    *,
    actor: str,
    entity_type: str,
    key: str,
    label: str,
    before: Any | None,
    after: Any | None,
    action: AuditAction | None = None,
    changes: dict[str, dict[str, Any]] | None = None,
) -> None:
    """Append one event inside the caller's transaction (at the end of a batch of saves,
    ``services.lookups``, with the batch's other events)."""
    if action is None:
        action = (
            AuditAction.CREATE
            if before is None
            else AuditAction.DELETE
            if after is None
            else AuditAction.UPDATE
        )
    values = {
        "at": dt.datetime.now(dt.UTC),
        "actor": actor,
        "entity_type": entity_type,
        "entity_key": key,
        "entity_label": label[:300],
        "action": action,
        "changes": diff(before, after) if changes is None else changes,
    }
    if (batch := current(session)) is not None:
        batch.audit.append(values)  # written together when the batch ends
    else:
        session.add(AuditEvent(**values))


def write_events(session: Session, values: list[dict[str, Any]]) -> None:
    """Append many events in one statement (a batch's, in the order they happened)."""
    if values:
        session.execute(insert(AuditEvent), values)


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    actor: str
    entity_type: str
    entity_key: str
    entity_label: str
    action: AuditAction
    changes: dict[str, dict[str, Any]]


def audit_log(
    register: Register, *, entity_key: str | None = None, limit: int = 1000
) -> list[AuditEntry]:
    """The newest events first, optionally for one entity."""
    with register.reading() as session:
        stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
        if entity_key is not None:
            stmt = stmt.where(AuditEvent.entity_key == entity_key)
        return [
            AuditEntry(
                at=e.at,
                actor=e.actor,
                entity_type=e.entity_type,
                entity_key=e.entity_key,
                entity_label=e.entity_label,
                action=e.action,
                changes=e.changes,
            )
            for e in session.scalars(stmt)
        ]
