"""Breaches as records: read, validated, saved with audit and locking, deleted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ropa_desktop.domain import Breach, ProcessingActivity, Processor, System
from ropa_desktop.domain.base import MAX_COUNT, new_key
from ropa_desktop.domain.enums import BreachNature, BreachRisk
from ropa_desktop.domain.errors import FieldError
from ropa_desktop.domain.log_records import BreachRec
from ropa_desktop.domain.records import record_title
from ropa_desktop.services import logs
from ropa_desktop.services.breaches.duties import BreachFacts
from ropa_desktop.services.register import Register
from ropa_desktop.services.validation import check_key, check_text

PREFIX = "BR-"
_SHORT = ("reference", "name", "authority_reference")
_LONG = (
    "description", "subject_categories", "data_categories", "consequences", "measures_taken",
    "measures_proposed", "risk_reasons", "delay_reasons", "notes",
)  # fmt: skip


def breach_to_rec(row: Breach) -> BreachRec:
    return BreachRec(
        key=row.key,
        reference=row.reference,
        name=row.name,
        description=row.description,
        occurred_from=row.occurred_from,
        occurred_to=row.occurred_to,
        aware_at=row.aware_at,
        natures=tuple(BreachNature(v) for v in row.natures),  # type: ignore[call-arg]
        subject_categories=row.subject_categories,
        subjects_count=row.subjects_count,
        data_categories=row.data_categories,
        records_count=row.records_count,
        activities=tuple(a.key for a in row.activities),
        processors=tuple(p.key for p in row.processors),
        systems=tuple(s.key for s in row.systems),
        consequences=row.consequences,
        measures_taken=row.measures_taken,
        measures_proposed=row.measures_proposed,
        risk=row.risk,
        risk_reasons=row.risk_reasons,
        notified_at=row.notified_at,
        authority_reference=row.authority_reference,
        delay_reasons=row.delay_reasons,
        communicated_at=row.communicated_at,
        no_communication=row.no_communication,
        closed_on=row.closed_on,
        notes=row.notes,
        to_confirm=tuple(row.to_confirm),
        version=row.version,
    )


def _apply(session: Session, row: Breach, rec: BreachRec) -> None:
    for name in (
        "key", "reference", "name", "description", "occurred_from", "occurred_to", "aware_at",
        "subject_categories", "subjects_count", "data_categories", "records_count",
        "consequences", "measures_taken", "measures_proposed", "risk", "risk_reasons",
        "notified_at", "authority_reference", "delay_reasons", "communicated_at",
        "no_communication", "closed_on", "notes",
    ):  # fmt: skip
        setattr(row, name, getattr(rec, name))
    row.natures = [n.value for n in rec.natures]
    row.to_confirm = list(rec.to_confirm)
    row.activities = logs.named_rows(session, ProcessingActivity, rec.activities)
    row.processors = logs.named_rows(session, Processor, rec.processors)
    row.systems = logs.named_rows(session, System, rec.systems)


def facts(rec: BreachRec) -> BreachFacts:
    """What the duties of Arts. 33–34 are judged on."""
    return BreachFacts(
        aware_at=rec.aware_at,
        risk=rec.risk,
        risk_reasons=rec.risk_reasons,
        notified_at=rec.notified_at,
        delay_reasons=rec.delay_reasons,
        communicated_at=rec.communicated_at,
        no_communication=rec.no_communication,
    )


def title(rec: BreachRec) -> str:
    return record_title(rec.reference, rec.name)


def validate_breach(rec: BreachRec) -> list[FieldError]:
    """The rules of a breach record, whatever door it comes through."""
    errors = check_key("key", rec.key)
    errors += check_text("reference", rec.reference, required=True, short=True)
    errors += check_text("name", rec.name, required=True, short=True)
    for name in _SHORT[2:]:
        errors += check_text(name, getattr(rec, name), short=True)
    for name in _LONG:
        errors += check_text(name, getattr(rec, name))
    for name in ("occurred_from", "occurred_to", "aware_at", "notified_at", "communicated_at"):
        moment = getattr(rec, name)
        if moment is not None and moment.utcoffset() is None:
            errors.append(FieldError(name, "needs its time zone"))
    if errors:
        return errors
    errors += _in_order(rec)
    for name in ("subjects_count", "records_count"):
        count = getattr(rec, name)
        if count is not None and not 0 <= count <= MAX_COUNT:
            errors.append(FieldError(name, f"must be a number from 0 to {MAX_COUNT:,}"))
    if len(set(rec.natures)) != len(rec.natures):
        errors.append(FieldError("natures", "lists a nature twice"))
    if rec.no_communication is not None and rec.risk is not BreachRisk.HIGH:
        errors.append(
            FieldError(
                "no_communication",
                "applies only to a high-risk breach; people need not be told of a lower risk",
            )
        )
    return errors


def _in_order(rec: BreachRec) -> list[FieldError]:
    errors = []
    pairs = (
        ("occurred_to", rec.occurred_to, rec.occurred_from, "is before the breach began"),
        ("aware_at", rec.aware_at, rec.occurred_from, "is before the breach began"),
        ("notified_at", rec.notified_at, rec.aware_at, "is before the controller became aware"),
        (
            "communicated_at",
            rec.communicated_at,
            rec.aware_at,
            "is before the controller became aware",
        ),
    )
    for name, later, earlier, message in pairs:
        if later is not None and earlier is not None and later < earlier:
            errors.append(FieldError(name, message))
    aware = rec.aware_at
    if rec.closed_on is not None and aware is not None and rec.closed_on < aware.date():
        errors.append(FieldError("closed_on", "is before the controller became aware"))
    return errors


BREACHES: logs.Log[BreachRec] = logs.Log(
    entity_type="breach",
    model=Breach,
    to_rec=breach_to_rec,
    apply=_apply,
    validate=validate_breach,
    subject=lambda rec: f"Breach {title(rec)}",
    prefix=PREFIX,
)


def new_breach(register: Register, *, aware_at: dt.datetime | None = None) -> BreachRec:
    """A fresh, unsaved breach with the next free reference (BR-01, BR-02 …)."""
    return BreachRec(
        key=new_key(), reference=BREACHES.next_reference(register), name="", aware_at=aware_at
    )
