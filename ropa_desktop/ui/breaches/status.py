"""A breach's notification status in a line, as the list and the form's clock say it.

The rules (what is owed, by when) are services.breaches.duties'; this only words them.
"""

from __future__ import annotations

import datetime as dt

from ropa_desktop.domain.enums import BreachRisk
from ropa_desktop.domain.log_records import BreachRec
from ropa_desktop.services.breaches.duties import moment, notification_due, notification_left
from ropa_desktop.services.breaches.records import facts


def span(delta: dt.timedelta) -> str:
    """“23 h”, “71 h” (the 72 hours count in hours), “4 days 5 h”, “less than an hour”."""
    hours = int(abs(delta).total_seconds() // 3600)
    if hours < 1:
        return "less than an hour"
    if hours <= 72:
        return f"{hours} h"
    return f"{hours // 24} days {hours % 24} h"


def notification_status(rec: BreachRec, now: dt.datetime) -> tuple[str, bool]:
    """(the line, whether it is overdue)."""
    if rec.aware_at is None:
        return "Awareness not recorded: the 72 hours cannot be counted", True
    if rec.notified_at is not None:
        return f"Notified {rec.notified_at.date().isoformat()}", False
    if rec.risk is BreachRisk.UNLIKELY:
        return f"Not owed ({BreachRisk.UNLIKELY.label.lower()})", False
    left = notification_left(facts(rec), now)
    if left is None:  # no clock runs (covered above); kept for safety of the wording
        return "", False
    if left < dt.timedelta(0):
        return f"Overdue by {span(left)}", True
    return f"Notify by {moment(notification_due(rec.aware_at))} — {span(left)} left", False
