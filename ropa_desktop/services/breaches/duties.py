"""What Arts. 33 and 34 ask of a controller once it is aware of a breach, judged at a moment.

The 72 hours of Art. 33(1) run from the moment the controller became aware, whatever the
time zone it was recorded in: every moment here is a time-zone-aware datetime, and all
arithmetic is done in UTC (Python adds hours to a zoned datetime on its wall clock, so 72
hours across a change to summer time would otherwise be 71). The rules live here once; the breach page, the checks and the exports ask them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ropa_desktop.domain.enums import BreachRisk, NoCommunicationReason

NOTIFY_WITHIN = dt.timedelta(hours=72)
BLOCKING = "blocking"
WARNING = "warning"


@dataclass(frozen=True)
class BreachFacts:
    """What the duties depend on. Moments are aware datetimes; None where not recorded."""

    aware_at: dt.datetime | None
    risk: BreachRisk | None = None
    risk_reasons: str = ""
    notified_at: dt.datetime | None = None  # to the supervisory authority
    delay_reasons: str = ""  # why the notification came after 72 hours
    communicated_at: dt.datetime | None = None  # to the data subjects
    no_communication: NoCommunicationReason | None = None


@dataclass(frozen=True)
class Duty:
    """One thing the register must show about a breach, met or not, in one sentence."""

    code: str
    severity: str  # BLOCKING or WARNING
    field: str
    message: str


def notification_due(aware_at: dt.datetime) -> dt.datetime:
    """The moment the supervisory authority must have been notified by (Art. 33(1)), in
    the time zone awareness was recorded in."""
    return (_utc(aware_at, "awareness") + NOTIFY_WITHIN).astimezone(aware_at.tzinfo)


NOT_OWED = "Not owed: judged unlikely to result in a risk (Art. 33(1))"


def notification_deadline(facts: BreachFacts) -> str:
    """The deadline as the register shows it: the moment, or why none runs."""
    if facts.risk is BreachRisk.UNLIKELY:
        return NOT_OWED
    return moment(notification_due(facts.aware_at)) if facts.aware_at is not None else ""


def notification_left(facts: BreachFacts, now: dt.datetime) -> dt.timedelta | None:
    """What is left of the 72 hours (negative once passed); None when no clock runs: not
    yet aware, already notified, or no notification is owed."""
    if facts.aware_at is None or facts.notified_at is not None:
        return None
    if facts.risk is BreachRisk.UNLIKELY:
        return None
    return _utc(notification_due(facts.aware_at), "the deadline") - _utc(now, "now")


def duties(facts: BreachFacts, now: dt.datetime) -> list[Duty]:
    """The duties not met, as findings: blocking where the law is already missed."""
    now = _utc(now, "now")
    if facts.aware_at is None:
        return [
            Duty(
                "breach_awareness_missing",
                BLOCKING,
                "aware_at",
                "When the controller became aware is not recorded; the 72 hours of Art. 33(1) "
                "run from that moment.",
            )
        ]
    shown = notification_due(facts.aware_at)  # in the zone awareness was recorded in
    due = _utc(shown, "the deadline")
    out: list[Duty] = []
    if facts.risk is None:
        out.append(
            Duty(
                "breach_risk_missing",
                BLOCKING if now > due else WARNING,
                "risk",
                "The risk to people is not assessed; it decides whether the supervisory "
                "authority must be notified by " + moment(shown) + ".",
            )
        )
    elif facts.risk is BreachRisk.UNLIKELY and not facts.risk_reasons.strip():
        out.append(
            Duty(
                "breach_unnotified_undocumented",
                BLOCKING,
                "risk_reasons",
                "The breach is judged unlikely to result in a risk, so it is not notified, "
                "but the reasons are not recorded (Art. 33(5)).",
            )
        )
    out += _notification(facts, due, now, shown)
    out += _communication(facts)
    return out


def _notification(
    facts: BreachFacts, due: dt.datetime, now: dt.datetime, shown: dt.datetime
) -> list[Duty]:
    if facts.risk is BreachRisk.UNLIKELY:
        return []
    if facts.notified_at is None:
        if facts.risk is None and now <= due:
            return []  # said once, by the missing risk
        if now > due:
            return [
                Duty(
                    "breach_notification_overdue",
                    BLOCKING,
                    "notified_at",
                    f"The supervisory authority was due to be notified by {moment(shown)} "
                    f"({_hours(now - due)} ago); notify it now, with the reasons for the delay "
                    "(Art. 33(1)).",
                )
            ]
        return [
            Duty(
                "breach_notification_due",
                WARNING,
                "notified_at",
                f"Notify the supervisory authority by {moment(shown)}: {_hours(due - now)} left "
                "(Art. 33(1)).",
            )
        ]
    late = _utc(facts.notified_at, "the notification") - due
    if late > dt.timedelta(0) and not facts.delay_reasons.strip():
        return [
            Duty(
                "breach_delay_unexplained",
                BLOCKING,
                "delay_reasons",
                f"The notification came {_hours(late)} after the 72 hours and the reasons for "
                "the delay are not recorded (Art. 33(1)).",
            )
        ]
    return []


def _communication(facts: BreachFacts) -> list[Duty]:
    if facts.risk is not BreachRisk.HIGH:
        return []
    if facts.communicated_at is None and facts.no_communication is None:
        return [
            Duty(
                "breach_subjects_not_told",
                BLOCKING,
                "communicated_at",
                "A high-risk breach must be communicated to the people concerned without undue "
                "delay (Art. 34(1)), or the Art. 34(3) reason not to recorded.",
            )
        ]
    return []


def moment(when: dt.datetime) -> str:
    """A moment as the register shows it: its own date, time and UTC offset."""
    return when.strftime("%Y-%m-%d %H:%M (UTC%z)").replace("(UTC+0000)", "(UTC)")


def _hours(span: dt.timedelta) -> str:
    hours = int(span.total_seconds() // 3600)
    if hours < 1:
        return "less than an hour"
    if hours < 48:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{hours // 24} days {hours % 24} h"


def _utc(when: dt.datetime, what: str) -> dt.datetime:
    """The moment in UTC, where arithmetic on it counts real hours."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"The time of {what} needs its time zone to be compared.")
    return when.astimezone(dt.UTC)
