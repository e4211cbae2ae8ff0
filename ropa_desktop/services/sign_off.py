"""Who prepared each activity, from the audit trail: the sign-off page's first column.

Approval is recorded on the activity itself (``approved_by``, ``approved_on``); who
prepared it is everyone whose change to its content the audit trail records. An event
that only moves the approval (status, stamp, lapse) prepares nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from ropa_desktop.domain.audit import AuditEvent
from ropa_desktop.services.approval import LAPSE_FIELD
from ropa_desktop.services.register import Register

__all__ = ["APPROVAL_FIELDS", "Prepared", "prepared_by"]

# Fields an approval, a submission for review or a lapse changes; and the counter.
APPROVAL_FIELDS = frozenset(
    {"status", "approved_by", "approved_on", "approved_version", "version", LAPSE_FIELD}
)


# An approval also stamps the review (services.approval.stamp).
_STAMPED_BY_APPROVAL = frozenset({"last_reviewed_on", "next_review_on"})


def _content(changes: dict[str, dict[str, object]]) -> set[str]:
    """The fields of an event's changes that are the activity's content."""
    fields = set(changes) - APPROVAL_FIELDS
    if (changes.get("approved_by") or {}).get("after"):
        fields -= _STAMPED_BY_APPROVAL
    return fields


@dataclass(frozen=True)
class Prepared:
    """The people who recorded an activity's content, first to last."""

    actors: tuple[str, ...]


def prepared_by(register: Register, *, until: dt.datetime | None = None) -> dict[str, Prepared]:
    """For each activity key, who prepared its content according to the audit trail
    (its events before ``until``, when given)."""
    stmt = (
        select(AuditEvent.entity_key, AuditEvent.actor, AuditEvent.changes)
        .where(AuditEvent.entity_type == "activity")
        .order_by(AuditEvent.id)
    )
    if until is not None:
        stmt = stmt.where(AuditEvent.at < until)
    actors: dict[str, list[str]] = {}
    with register.reading() as session:
        for key, actor, changes in session.execute(stmt):
            if changes and not _content(changes):
                continue
            names = actors.setdefault(key, [])
            if actor not in names:
                names.append(actor)
    return {key: Prepared(tuple(names)) for key, names in actors.items()}
