"""Retention terms: erase-by dates and terms normalised for comparison.

Month arithmetic clamps to the end of the month (31 Jan + 1 month = 28 or 29 Feb;
29 Feb + 1 year = 28 Feb), the way a retention period is read in practice. An
open-ended term ("while the account is active") has no computable date, and the
functions say so rather than invent one.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from ropa_desktop.domain.enums import EndOfLifeAction, RetentionUnit, TriggerEvent
from ropa_desktop.domain.errors import RopaError
from ropa_desktop.domain.records import RetentionRuleRec


class DateRangeError(RopaError):
    """An erase-by or review date would fall outside the calendar (years 1 to 9999)."""


# --- date arithmetic ------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months; a day the target month lacks becomes its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise DateRangeError(f"{months} months from {day} falls outside the calendar.")
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def add_duration(day: dt.date, value: int, unit: RetentionUnit) -> dt.date:
    """``day`` plus a retention duration (days, weeks, months or years)."""
    if unit in (RetentionUnit.MONTHS, RetentionUnit.YEARS):
        return add_months(day, value * (12 if unit is RetentionUnit.YEARS else 1))
    days = value * (7 if unit is RetentionUnit.WEEKS else 1)
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        raise DateRangeError(
            f"{value} {unit.label} from {day} falls outside the calendar."
        ) from None


@dataclass(frozen=True)
class EraseBy:
    """The erase-by date of a rule for one trigger date, or why there is none."""

    rule_key: str
    trigger_date: dt.date
    erase_on: dt.date | None
    reason: str = ""


def erase_by(rule: RetentionRuleRec, trigger_date: dt.date) -> EraseBy:
    """When data covered by ``rule`` must be erased if its trigger event fell on ``trigger_date``.

    An open-ended term ("while the account is active") has no computable date: the
    result carries ``erase_on=None`` and a reason instead of an invented date.
    """
    if rule.duration_value is not None and rule.duration_unit is not None:
        on = add_duration(trigger_date, rule.duration_value, rule.duration_unit)
        return EraseBy(rule.key, trigger_date, on)
    if rule.open_ended_term.strip():
        reason = f"Open-ended term “{rule.open_ended_term.strip()}”: no date can be computed."
    else:
        reason = "The rule gives no duration, so no date can be computed."
    return EraseBy(rule.key, trigger_date, None, reason)


# --- terms --------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A retention term normalised for comparison: 3 years and 36 months are equal."""

    span: tuple[int, int] | None  # (months, days); None for an open-ended term
    open_ended: str  # case- and space-folded text of an open-ended term
    trigger: TriggerEvent | None
    action: EndOfLifeAction | None


def normalised_span(value: int, unit: RetentionUnit) -> tuple[int, int]:
    """(months, days): years become months and weeks become days; months and days stay
    apart because a month has no fixed number of days."""
    if unit is RetentionUnit.YEARS:
        return value * 12, 0
    if unit is RetentionUnit.MONTHS:
        return value, 0
    return 0, value * (7 if unit is RetentionUnit.WEEKS else 1)


def term_of(rule: RetentionRuleRec) -> Term | None:
    """The comparable term of a rule; None when it gives neither duration nor term."""
    if rule.duration_value is not None and rule.duration_unit is not None:
        span = normalised_span(rule.duration_value, rule.duration_unit)
        return Term(span, "", rule.trigger, rule.end_of_life_action)
    text = " ".join(rule.open_ended_term.casefold().split()).rstrip(".")
    if not text:
        return None
    return Term(None, text, rule.trigger, rule.end_of_life_action)


def term_differences(a: Term, b: Term) -> list[str]:
    """What differs between two terms; an unspecified trigger or action differs from nothing."""
    out = []
    if (a.span is None) != (b.span is None):
        out.append("open_ended_vs_fixed")
    elif a.span != b.span:
        out.append("duration")
    elif a.span is None and a.open_ended != b.open_ended:
        out.append("open_ended_term")
    if a.trigger and b.trigger and a.trigger != b.trigger:
        out.append("trigger")
    if a.action and b.action and a.action != b.action:
        out.append("end_of_life_action")
    return out


def describe_term(rule: RetentionRuleRec) -> str:
    """One line a DPO reads: "3 years from last contact, then delete"."""
    if rule.duration_value is not None and rule.duration_unit is not None:
        unit = rule.duration_unit.label
        if rule.duration_value == 1:
            unit = unit.removesuffix("s")
        text = f"{rule.duration_value} {unit}"
        if rule.trigger:
            text += f" from {rule.trigger.label.lower()}"
    elif rule.open_ended_term.strip():
        text = rule.open_ended_term.strip()
        if rule.trigger:
            text += f" (until {rule.trigger.label.lower()})"
    else:
        text = "No term given"
    if rule.end_of_life_action:
        text += f", then {rule.end_of_life_action.label.lower()}"
    return text
