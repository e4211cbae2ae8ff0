"""The retention schedule computed: reviews due, gaps, conflicts and findings.

Pure functions over records, so the app, ``ropa check`` and the exports agree;
``retention_schedule(register)`` reads everything once for a view or an export.
Date arithmetic lives in ``retention_terms``, conflict detection in ``retention_conflicts``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ropa_desktop.domain.enums import Status
from ropa_desktop.domain.records import ActivityRec, DataCategoryRec, RetentionRuleRec
from ropa_desktop.services.checks import WARNING, Finding
from ropa_desktop.services.retention_conflicts import (
    RetentionConflict,
    find_conflicts,
    rules_in_force,
)
from ropa_desktop.services.retention_terms import (
    DateRangeError,
    EraseBy,
    add_months,
    describe_term,
    erase_by,
)

if TYPE_CHECKING:
    from ropa_desktop.services.register import Register

# A rule reviewed once but given no cycle is assumed to be reviewed yearly; findings say so.
DEFAULT_REVIEW_CYCLE_MONTHS = 12
_LABEL_LIMIT = 48


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _LABEL_LIMIT else line[: _LABEL_LIMIT - 1].rstrip() + "…"


def rule_label(
    rule: RetentionRuleRec,
    activities: Mapping[str, ActivityRec],
    category_names: Mapping[str, str],
) -> str:
    """A short name for a rule: the activity, then what data ("PA-03 Newsletter — Identity")."""
    what = category_names.get(rule.data_category or "", rule.data_category or "")
    what = what or _short(rule.data_description) or "All data"
    act = activities.get(rule.activity or "")
    who = f"{act.reference} {act.name}" if act is not None else (rule.activity or "")
    return f"{who} — {what}" if who else what


# --- reviews and gaps ---------------------------------------------------------


@dataclass(frozen=True)
class ReviewDue:
    rule_key: str
    last_reviewed_on: dt.date | None
    cycle_months: int | None
    due_on: dt.date | None  # None when never reviewed

    @property
    def never_reviewed(self) -> bool:
        return self.last_reviewed_on is None


def review_due_on(rule: RetentionRuleRec) -> dt.date | None:
    """The next review date of a rule; None when it was never reviewed (due now)."""
    if rule.last_reviewed_on is None:
        return None
    cycle = rule.review_cycle_months or DEFAULT_REVIEW_CYCLE_MONTHS
    return add_months(rule.last_reviewed_on, cycle)


def reviews_due(
    rules: Iterable[RetentionRuleRec],
    activities: Iterable[ActivityRec] = (),
    *,
    today: dt.date,
) -> list[ReviewDue]:
    """Rules never reviewed, or whose last review plus the review cycle is today or past."""
    acts = {a.key: a for a in activities}
    out = []
    for rule in rules_in_force(rules, acts):
        due = review_due_on(rule)
        if due is None or due <= today:
            out.append(ReviewDue(rule.key, rule.last_reviewed_on, rule.review_cycle_months, due))
    return out


def activities_without_rule(
    activities: Iterable[ActivityRec], rules: Iterable[RetentionRuleRec]
) -> list[ActivityRec]:
    """Activities (not retired) that no retention rule names."""
    covered = {r.activity for r in rules if r.activity}
    return [a for a in activities if a.status is not Status.RETIRED and a.key not in covered]


# --- findings -----------------------------------------------------------------------

_REASON_TEXT = {
    "duration": "durations differ",
    "open_ended_vs_fixed": "an open-ended term against a fixed duration",
    "open_ended_term": "open-ended terms differ",
    "trigger": "trigger events differ",
    "end_of_life_action": "end-of-life actions differ",
}


def retention_findings_extended(
    rules: Sequence[RetentionRuleRec],
    activities: Sequence[ActivityRec],
    data_categories: Mapping[str, DataCategoryRec],
    *,
    today: dt.date,
) -> list[Finding]:
    """Warnings on the schedule: reviews due and conflicting periods.

    Activities with no rule are reported by ``checks.activity_findings``
    (``missing_retention``) and are not repeated here.
    """
    acts = {a.key: a for a in activities}
    names = {k: c.name for k, c in data_categories.items()}
    by_key = {r.key: r for r in rules}
    out = []
    for conflict in find_conflicts(rules, activities, names):
        why = ", ".join(_REASON_TEXT.get(r, r) for r in conflict.reasons)
        out.append(
            Finding(
                "retention_conflict",
                WARNING,
                "data_category",
                conflict.data_category,
                conflict.category_name,
                "retention",
                f"“{conflict.category_name}” is kept for conflicting periods {conflict.scope} "
                f"({why}): "
                f"{conflict.periods()}. Review which period applies.",
            )
        )
    reviews = []
    for due in reviews_due(rules, activities, today=today):
        rule = by_key[due.rule_key]
        if due.due_on is None:
            message = "The rule has never been reviewed; confirm it and record the review date."
        else:
            cycle = (
                f"every {due.cycle_months} months"
                if due.cycle_months
                else f"no review cycle is set, {DEFAULT_REVIEW_CYCLE_MONTHS} months assumed"
            )
            message = (
                f"Review was due on {due.due_on} (last reviewed {due.last_reviewed_on}, {cycle})."
            )
        label = rule_label(rule, acts, names)
        reviews.append(
            Finding(
                "retention_review_due",
                WARNING,
                "retention_rule",
                rule.key,
                label,
                "last_reviewed_on",
                message,
            )
        )
    # In the order a DPO reads the register: by activity reference, then data.
    return out + sorted(reviews, key=lambda f: f.entity_label.casefold())


# --- the schedule for views and exports -------------------------------------------------


@dataclass(frozen=True)
class ScheduleRow:
    """One rule as the schedule shows it: plain values, cheap to paint or write."""

    rule: RetentionRuleRec
    label: str
    activity_reference: str
    activity_name: str
    activity_retired: bool
    category_name: str
    term: str
    example: EraseBy
    review_due_on: dt.date | None
    review_due: bool
    in_conflict: bool


@dataclass(frozen=True)
class RetentionSchedule:
    today: dt.date
    rows: tuple[ScheduleRow, ...]
    conflicts: tuple[RetentionConflict, ...]
    reviews: tuple[ReviewDue, ...]
    missing: tuple[ActivityRec, ...]
    findings: tuple[Finding, ...]


def build_schedule(
    rules: Sequence[RetentionRuleRec],
    activities: Sequence[ActivityRec],
    data_categories: Mapping[str, DataCategoryRec],
    *,
    today: dt.date,
) -> RetentionSchedule:
    """Every computation of the schedule at once; the example erase-by assumes the
    trigger event happens ``today``."""
    acts = {a.key: a for a in activities}
    names = {k: c.name for k, c in data_categories.items()}
    conflicts = find_conflicts(rules, activities, names)
    conflicted = {k for c in conflicts for k in c.rule_keys}
    reviews = reviews_due(rules, activities, today=today)
    due_keys = {r.rule_key for r in reviews}

    def sort_key(rule: RetentionRuleRec) -> tuple[str, str, str]:
        act = acts.get(rule.activity or "")
        return (act.reference if act else "~", names.get(rule.data_category or "", ""), rule.key)

    rows = []
    for rule in sorted(rules, key=sort_key):
        act = acts.get(rule.activity or "")
        try:
            example = erase_by(rule, today)
        except DateRangeError as exc:
            example = EraseBy(rule.key, today, None, str(exc))
        rows.append(
            ScheduleRow(
                rule=rule,
                label=rule_label(rule, acts, names),
                activity_reference=act.reference if act else "",
                activity_name=act.name if act else "",
                activity_retired=act is not None and act.status is Status.RETIRED,
                category_name=names.get(rule.data_category or "", rule.data_category or ""),
                term=describe_term(rule),
                example=example,
                review_due_on=review_due_on(rule),
                review_due=rule.key in due_keys,
                in_conflict=rule.key in conflicted,
            )
        )
    return RetentionSchedule(
        today=today,
        rows=tuple(rows),
        conflicts=tuple(conflicts),
        reviews=tuple(reviews),
        missing=tuple(activities_without_rule(activities, rules)),
        findings=tuple(
            retention_findings_extended(rules, activities, data_categories, today=today)
        ),
    )


def retention_schedule(register: Register, *, today: dt.date | None = None) -> RetentionSchedule:
    """The whole schedule of a register, read in one transaction."""
    # Imported here: interchange imports activities, which imports context, which
    # imports this module; a module-level import would close that loop.
    from ropa_desktop.services.interchange import snapshot

    doc = snapshot(register)
    categories = {c.key: c for c in doc.catalogues.get("data_categories", [])}
    return build_schedule(
        doc.retention_rules, doc.activities, categories, today=today or dt.date.today()
    )
