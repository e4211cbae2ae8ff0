"""The register as it stood at the end of a past day, rebuilt from the audit trail.

Every change appends an event with each field's before and after value (JSON-ready,
as the JSON export writes records). Starting from the register as it is now, the
events after the end of the day are undone, newest first: a creation removes the
record, a deletion puts it back from its before values, any other change restores
the before values. The day ends at midnight UTC, as the audit trail's times are UTC.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from ropa_desktop.domain.audit import AuditEvent
from ropa_desktop.domain.enums import AuditAction
from ropa_desktop.domain.errors import RopaError
from ropa_desktop.services.interchange import RegisterDoc, from_document, read_register, to_document
from ropa_desktop.services.register import Register

__all__ = ["AsOf", "register_as_of"]

# entity_type -> the document's list of such records.
_SECTIONS = {
    "activity": "activities",
    "processor": "processors",
    "retention_rule": "retention_rules",
    "assessment": "assessments",
    "questionnaire": "questionnaires",
    "breach": "breaches",
    "rights_request": "rights_requests",
}


@dataclass(frozen=True)
class AsOf:
    """The register at the end of ``day``, and the audit events it is made of."""

    day: dt.date
    doc: RegisterDoc
    events: int  # changes recorded up to the end of the day
    last_event_id: int  # the newest of them; 0 when none


def end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)


def register_as_of(register: Register, day: dt.date, *, today: dt.date | None = None) -> AsOf:
    """The register as it stood at the end of ``day`` (UTC).

    RopaError, in one sentence, for a day after today or before the trail begins.
    """
    today = today or dt.datetime.now(dt.UTC).date()
    if day > today:
        raise RopaError(
            f"{day.isoformat()} is in the future; give a day up to today ({today.isoformat()})."
        )
    cutoff = end_of(day)
    with register.reading() as session:
        first = session.scalar(select(func.min(AuditEvent.at)))
        if first is not None and _utc(first).date() > day:
            raise RopaError(
                f"The audit trail begins on {_utc(first).date().isoformat()}, so the register "
                f"cannot be shown as of {day.isoformat()}; give that day or a later one."
            )
        doc = read_register(session)
        kept = session.scalar(select(func.count()).where(AuditEvent.at < cutoff)) or 0
        last = session.scalar(select(func.max(AuditEvent.id)).where(AuditEvent.at < cutoff))
        later = session.scalars(
            select(AuditEvent).where(AuditEvent.at >= cutoff).order_by(AuditEvent.id.desc())
        ).all()
        if not later:
            return AsOf(day, doc, kept, last or 0)
        data = to_document(doc)
        for event in later:
            _undo(data, event.entity_type, event.entity_key, event.action, event.changes)
    _sort(data)
    # Evidence files are not in the document; each is attached once and never changed,
    # so those of the day are the ones attached by its end (one removed since is not).
    files = [f for f in doc.evidence or [] if f.added_at < cutoff]
    return AsOf(day, dataclasses.replace(from_document(data), evidence=files), kept, last or 0)


def _utc(at: dt.datetime) -> dt.datetime:
    # SQLite hands back naive times; the trail writes them in UTC.
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


def _records(data: dict[str, Any], entity_type: str) -> list[dict[str, Any]] | None:
    if entity_type in _SECTIONS:
        return data[_SECTIONS[entity_type]]  # type: ignore[no-any-return]
    catalogues = data["catalogues"]
    return catalogues.get(entity_type)  # type: ignore[no-any-return]


def _undo(
    data: dict[str, Any],
    entity_type: str,
    key: str,
    action: AuditAction,
    changes: dict[str, dict[str, Any]],
) -> None:
    before = {name: change.get("before") for name, change in changes.items()}
    if entity_type == "organisation":
        if action is AuditAction.CREATE:
            data["organisation"] = None
        elif action is AuditAction.DELETE or data["organisation"] is None:
            data["organisation"] = {"key": key, **before}
        else:
            data["organisation"].update(before)
        return
    records = _records(data, entity_type)
    if records is None:
        return  # a kind of record the document does not hold
    found = [r for r in records if r.get("key") == key]
    if action is AuditAction.CREATE:
        records[:] = [r for r in records if r.get("key") != key]
    elif action is AuditAction.DELETE or not found:
        records.append({"key": key, **before})
    else:
        found[-1].update(before)


def _sort(data: dict[str, Any]) -> None:
    # In the order the register is read (services.interchange.read_register).
    data["activities"].sort(key=lambda r: r.get("reference") or "")
    data["processors"].sort(key=lambda r: r.get("key") or "")
