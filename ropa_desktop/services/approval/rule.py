"""Approval of a processing activity: one rule for every door, a recorded act, its lapse.

The rule: an activity may be approved only when it, and every record it relies on (its
processors with their DPA, transfer safeguard and risk; its transfers; its retention
rules; its DPIA screening), has no blocking finding and no field marked to confirm.

Approval is a recorded act: who approved which version, on which day. A material change
to an approved activity, or to a processor or retention rule it relies on, puts it back
*in review* in the same transaction, and the audit log says which change lapsed it.

Saves only note what they did (``note_approved``, ``note_relied_change``); the rule is
applied once per transaction, just before it commits (``Register.transaction`` calls
``settle``), on the register as the transaction leaves it. So an import that writes an
activity before its retention rules is judged on the whole result, not half-way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ropa_desktop.domain import DataCategory
from ropa_desktop.domain.enums import DpiaCriterion, RiskRating, Status
from ropa_desktop.domain.errors import FieldError, ValidationError
from ropa_desktop.domain.records import ActivityRec, ProcessorRec, diff
from ropa_desktop.services.checks import (
    BLOCKING,
    CheckContext,
    activity_findings,
    field_label,
    processor_findings,
    retention_findings,
)
from ropa_desktop.services.retention_terms import add_months

# Fields whose change does not touch what was approved: the workflow itself.
_NOT_MATERIAL_ACTIVITY = frozenset(
    {
        "status",
        "version",
        "approved_by",
        "approved_on",
        "approved_version",
        "last_reviewed_on",
        "next_review_on",
        "review_cycle_months",
    }
)
WORKFLOW_FIELDS = _NOT_MATERIAL_ACTIVITY  # an approval's own change touches only these
_NOT_MATERIAL_PROCESSOR = frozenset({"version", "notes", "contact_name", "contact_email"})
_NOT_MATERIAL_RULE = frozenset(
    {"version", "owner", "last_reviewed_on", "review_cycle_months", "source_reference"}
)
LAPSE_FIELD = "approval_lapsed"  # the audit event's entry that says why an approval lapsed
RESTORING = "ropa.restoring"  # session.info flag: an import into an empty register


def material_changes(before: Any, after: Any) -> list[str]:
    """The fields of a change that matter to an approval, by their labels."""
    if before is None or after is None:
        return ["the record"]
    exempt = (
        _NOT_MATERIAL_ACTIVITY
        if isinstance(after, ActivityRec)
        else _NOT_MATERIAL_PROCESSOR
        if isinstance(after, ProcessorRec)
        else _NOT_MATERIAL_RULE
    )
    return [field_label(name) for name in diff(before, after) if name not in exempt]


def listed(labels: list[str]) -> str:
    quoted = [f"“{label}”" for label in labels]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


# --- the rule ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Blocker:
    """A finding that keeps an activity from approval, said in plain words."""

    field: str  # the activity's field it concerns ("processors", "retention", ...)
    message: str


def approval_blockers(
    rec: ActivityRec, ctx: CheckContext, *, rule_labels: Mapping[str, str] | None = None
) -> list[Blocker]:
    """Everything that keeps ``rec`` from approval: blocking findings and fields to confirm
    of the activity and of every processor and retention rule it relies on."""
    rec = dataclasses.replace(rec, status=Status.IN_REVIEW)  # retired records have no findings
    out = [
        Blocker(f.field, f.message)
        for f in activity_findings(rec, ctx)
        if f.severity == BLOCKING or f.code == "to_confirm"
    ]
    for key in rec.processors:
        proc = ctx.processors.get(key)
        if proc is None:
            continue
        for f in processor_findings(proc):
            if f.severity == BLOCKING or f.code in (
                "to_confirm",
                "processor_transfer_without_safeguard",
            ):
                text = f.message
                if f.code == "to_confirm":
                    text = f"Processor “{proc.name}”: {text}"
                out.append(Blocker("processors", text))
        if proc.risk_rating is RiskRating.HIGH:
            out.append(
                Blocker("processors", f"Processor “{proc.name}” is rated high risk (Art. 28(1)).")
            )
    rules = ctx.retention_for(rec.key)
    labels = dict(rule_labels or {})
    for f in retention_findings(rules, labels):
        if f.severity == BLOCKING or f.code == "to_confirm":
            out.append(Blocker("retention", f"Retention rule “{f.entity_label}”: {f.message}"))
    return out


class ApprovalError(ValidationError):
    """An approval refused: the message names the activity and every finding that blocks it."""

    def __init__(self, rec: ActivityRec, blockers: list[Blocker]) -> None:
        n = len(blockers)
        why = f"cannot be approved while {n} finding{'s' if n != 1 else ''} block{'' if n != 1 else 's'} it"
        # Beside the status field: every blocker listed; each also stands beside its field.
        listed_here = "\n".join(f"• {b.message}" for b in blockers)
        errors = [FieldError("status", f"{why}:\n{listed_here}")]
        errors += [FieldError(b.field, b.message) for b in blockers if b.field != "status"]
        super().__init__(errors, entity=("activity", rec.key))
        self.title = rec.title
        self.blockers = blockers
        shown = " ".join(b.message for b in blockers[:3])
        more = f" And {n - 3} more (“ropa check” lists them all)." if n > 3 else ""
        self.args = (f"{rec.title} {why}: {shown}{more}",)


# --- the recorded act -----------------------------------------------------------------


def cleared(rec: ActivityRec) -> ActivityRec:
    """``rec`` without a recorded approval."""
    return dataclasses.replace(rec, approved_by="", approved_on=None, approved_version=None)


@dataclass(frozen=True)
class Stamped:
    record: ActivityRec
    lapsed_because: str = ""  # set when a material change put an approved activity in review


def stamp(
    before: ActivityRec | None,
    rec: ActivityRec,
    *,
    actor: str,
    version: int,
    today: dt.date,
    restoring: bool = False,
) -> Stamped:
    """The record to store: the approval recorded, kept, lapsed or cleared."""
    if rec.status is not Status.APPROVED:
        return Stamped(cleared(rec))
    if before is not None and before.status is Status.APPROVED:
        changed = material_changes(before, rec)
        if changed:
            lapsed = cleared(dataclasses.replace(rec, status=Status.IN_REVIEW))
            return Stamped(lapsed, f"{listed(changed)} changed since its approval")
        # Kept as recorded: no form or file may rewrite who approved what.
        return Stamped(
            dataclasses.replace(
                rec,
                approved_by=before.approved_by,
                approved_on=before.approved_on,
                approved_version=before.approved_version,
            )
        )
    if restoring and before is None and rec.approved_on is not None and rec.approved_by.strip():
        # Restored from an export into an empty register: the approval as it was recorded.
        # Anywhere else a file's approval is not taken: the importer approves, or nobody.
        return Stamped(rec)
    cycle = rec.review_cycle_months
    return Stamped(
        dataclasses.replace(
            rec,
            approved_by=actor,
            approved_on=today,
            approved_version=version,
            last_reviewed_on=today,
            next_review_on=add_months(today, cycle) if cycle else rec.next_review_on,
        )
    )


def with_screening(rec: ActivityRec, categories: Iterable[str]) -> ActivityRec:
    """The DPIA screening follows the data: special-category or criminal data
    (``categories`` are the sensitive keys among the activity's) ticks the criterion."""
    if not list(categories) or DpiaCriterion.SENSITIVE_DATA in rec.dpia_criteria:
        return rec
    return dataclasses.replace(
        rec, dpia_criteria=(*rec.dpia_criteria, DpiaCriterion.SENSITIVE_DATA)
    )


def sensitive_keys(session: Session, rec: ActivityRec) -> list[str]:
    from ropa_desktop.services.lookups import current

    keys = [u.category for u in rec.data_categories]
    if not keys:
        return []
    if (batch := current(session)) is not None:
        return [k for k in dict.fromkeys(keys) if k in batch.sensitive]
    stmt = select(DataCategory.key).where(
        DataCategory.key.in_(keys), DataCategory.special | DataCategory.criminal
    )
    return list(session.scalars(stmt))
