"""A rights request's status in words: open, overdue by so many days, or closed with its
outcome. The due date is services.requests.summary.due_on's."""

from __future__ import annotations

import datetime as dt

from ropa_desktop.domain.log_records import RightsRequestRec
from ropa_desktop.services.labels import counted
from ropa_desktop.services.requests.deadlines import overdue_days
from ropa_desktop.services.requests.summary import due_on


def request_status(rec: RightsRequestRec, today: dt.date) -> tuple[str, bool]:
    """(the status, whether it is overdue)."""
    if rec.closed_on is not None:
        outcome = rec.outcome.label if rec.outcome else "no outcome recorded"
        return f"Closed {rec.closed_on.isoformat()}: {outcome}", False
    late = overdue_days(rec.received_on, today, rec.extension_months)
    if late:
        return f"Overdue by {counted(late, 'day')}", True
    return "Open", False


def due_line(rec: RightsRequestRec) -> str:
    """When the answer is due, and why then."""
    due = due_on(rec)
    if rec.extension_months:
        extended = counted(rec.extension_months, "further month")
        return f"Answer due by {due.isoformat()}: one month and {extended} (Art. 12(3))"
    return f"Answer due by {due.isoformat()}: one month from receipt (Art. 12(3))"
