"""Processing activities: list, read, create, update, retire, duplicate, delete."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Collection
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from ropa_desktop.domain import Organisation, ProcessingActivity, RetentionRule
from ropa_desktop.domain.base import new_key
from ropa_desktop.domain.enums import AuditAction, LegalBasis, Role, Status
from ropa_desktop.domain.errors import FieldError, NotFoundError, ValidationError
from ropa_desktop.domain.records import ActivityRec, diff, record_title
from ropa_desktop.services import approval, lookups, summaries
from ropa_desktop.services.audit import record_event
from ropa_desktop.services.checks import REQUIREMENTS, Finding, activity_findings, completeness
from ropa_desktop.services.context import check_context
from ropa_desktop.services.countries import with_country_codes
from ropa_desktop.services.locking import claim_version
from ropa_desktop.services.mapping import (
    ACTIVITY_LOAD,
    activity_to_rec,
    apply_activity,
    refs_for_validation,
)
from ropa_desktop.services.register import Register, organisation_row


def _load(session: Session, key: str) -> ProcessingActivity:
    row = session.scalars(
        select(ProcessingActivity).where(ProcessingActivity.key == key).options(*ACTIVITY_LOAD)
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"No processing activity with key “{key}”.")
    return row


def get_activity(register: Register, *, key: str) -> ActivityRec:
    with register.reading() as session:
        return activity_to_rec(_load(session, key))


def list_activities(register: Register) -> list[ActivityRec]:
    """Every activity of the register, by reference."""
    with register.reading() as session:
        rows = session.scalars(
            select(ProcessingActivity)
            .options(*ACTIVITY_LOAD)
            .order_by(ProcessingActivity.reference)
        )
        return [activity_to_rec(r) for r in rows]


def _validate(session: Session, rec: ActivityRec) -> None:
    from ropa_desktop.services.validation import validate_activity

    errors = validate_activity(rec, refs_for_validation(session))
    if errors:
        raise ValidationError(errors, subject=f"Activity {rec.title}")


def _reference_taken(
    session: Session, batch: lookups.Lookups | None, org: Organisation, rec: ActivityRec
) -> bool:
    """Whether another activity of the organisation already has this reference."""
    if batch:
        return batch.references.get(rec.reference, rec.key) != rec.key
    clash = session.scalars(
        select(ProcessingActivity.key).where(
            ProcessingActivity.organisation_id == org.id,
            ProcessingActivity.reference == rec.reference,
            ProcessingActivity.key != rec.key,
        )
    ).first()
    return clash is not None


def put_activity(
    session: Session, rec: ActivityRec, *, actor: str, action: AuditAction | None = None
) -> ActivityRec:
    """Create (version 0) or update (the version edited) inside the caller's transaction.

    The approval is recorded, kept or lapsed here (``services.approval.stamp``); whether
    an approved activity may stay approved is judged when the transaction commits.
    """
    rec = rec.normalised()
    rec = with_country_codes(rec)
    _validate(session, rec)
    rec = approval.with_screening(rec, approval.sensitive_keys(session, rec))
    batch = lookups.current(session)
    org = batch.organisation if batch else organisation_row(session)
    if _reference_taken(session, batch, org, rec):
        raise ValidationError([FieldError("reference", f"“{rec.reference}” is already used")])
    if rec.version == 0:
        lookups.claim_new_key(session, ProcessingActivity, rec.key)
        row = ProcessingActivity(organisation=org, version=1)
        session.add(row)
        before = None
        version = 1
    else:
        version = claim_version(
            session,
            ProcessingActivity,
            key=rec.key,
            expected=rec.version,
            entity="activity",
            label=rec.name,
        )
        if batch is not None and rec.key in batch.held:
            batch.write_parts()  # saved twice in one batch: its first parts are the before
        row = _load(session, rec.key)
        session.refresh(row, ["version"])
        before = activity_to_rec(row)
    stamped = approval.stamp(
        before,
        rec,
        actor=actor,
        version=version,
        today=dt.date.today(),
        restoring=bool(session.info.get(approval.RESTORING)),
    )
    rec = stamped.record
    apply_activity(session, row, rec)
    if batch:
        batch.saved_activity(row, before.reference if before else None)
    saved = dataclasses.replace(rec, version=version)
    changes = None
    if stamped.lapsed_because:
        changes = {
            **diff(before, saved),
            approval.LAPSE_FIELD: {"before": None, "after": stamped.lapsed_because},
        }
        approval.note_lapse(session, saved.title, stamped.lapsed_because)
    elif saved.status is Status.APPROVED:
        fresh = before is None or before.status is not Status.APPROVED
        approval.note_approved(session, saved.key, fresh=fresh)
    record_event(
        session,
        actor=actor,
        entity_type="activity",
        key=rec.key,
        label=rec.name,
        before=before,
        after=saved,
        action=action,
        changes=changes,
    )
    return saved


def save_activity(register: Register, *, record: ActivityRec) -> ActivityRec:
    """Validate and save; returns the record with its new version.

    A record with version 0 is created. Otherwise ``record.version`` is the version
    the user edited: if someone saved meanwhile, ConflictError and nothing written.
    """
    with register.transaction() as session:
        return put_activity(session, record, actor=register.actor)


def new_activity(*, reference: str, name: str, role: Role = Role.CONTROLLER) -> ActivityRec:
    return ActivityRec(key=new_key(), reference=reference, name=name, role=role)


def retire_activity(register: Register, *, key: str, version: int) -> ActivityRec:
    with register.transaction() as session:
        rec = activity_to_rec(_load(session, key))
        rec = dataclasses.replace(rec, status=Status.RETIRED, version=version)
        return put_activity(session, rec, actor=register.actor, action=AuditAction.RETIRE)


def duplicate_activity(register: Register, *, key: str) -> ActivityRec:
    """A draft copy with a new key and a free reference."""
    with register.transaction() as session:
        rec = activity_to_rec(_load(session, key))
        taken = set(session.scalars(select(ProcessingActivity.reference)))
        n = 1
        while f"{rec.reference}-copy{n}"[:64] in taken:
            n += 1
        copy = dataclasses.replace(
            rec,
            key=new_key(),
            reference=f"{rec.reference}-copy{n}"[:64],
            name=f"Copy of {rec.name}"[:300],
            status=Status.DRAFT,
            version=0,
        )
        return put_activity(session, copy, actor=register.actor)


def delete_activity(register: Register, *, key: str, version: int) -> None:
    """Delete an activity and its retention rules; the audit trail keeps every value."""
    with register.transaction() as session:
        row = _load(session, key)
        claim_version(
            session,
            ProcessingActivity,
            key=key,
            expected=version,
            entity="activity",
            label=row.name,
        )
        remove_activity(session, row, actor=register.actor)


def remove_activity(
    session: Session,
    row: ProcessingActivity,
    *,
    actor: str,
    changes: dict[str, dict[str, object]] | None = None,
) -> None:
    """Delete an activity row with its retention rules, each with its audit event and
    before values (the database would cascade to the rules without a word)."""
    from ropa_desktop.services.evidence import refuse_if_attached
    from ropa_desktop.services.logs import refuse_if_named
    from ropa_desktop.services.retention import rule_to_rec

    before = activity_to_rec(row)
    title = f"The activity {record_title(before.reference, before.name)}"
    refuse_if_named(session, "activity", row.id, title)
    refuse_if_attached(session, "activity", [row.key], title)
    for rule in session.scalars(select(RetentionRule).where(RetentionRule.activity_id == row.id)):
        record_event(
            session,
            actor=actor,
            entity_type="retention_rule",
            key=rule.key,
            label=rule.data_description or before.name,
            before=rule_to_rec(rule),
            after=None,
        )
        session.delete(rule)
    session.delete(row)
    session.flush()
    record_event(
        session,
        actor=actor,
        entity_type="activity",
        key=before.key,
        label=before.name,
        before=before,
        after=None,
        action=AuditAction.DELETE,
        changes=changes,
    )


class ActivitySummary(NamedTuple):
    """One row of the activity list: plain values only, cheap to paint.

    A named tuple, not a frozen dataclass: as frozen, and made several times faster,
    which counts when 10,000 of them are made for the list (bench_activity_list)."""

    key: str
    reference: str
    name: str
    role: Role
    legal_bases: str
    status: Status
    complete: int
    total: int
    next_review_on: dt.date | None
    search_text: str
    version: int


_SUMMARY_COLUMNS = (
    ProcessingActivity.key,
    ProcessingActivity.reference,
    ProcessingActivity.name,
    ProcessingActivity.role,
    ProcessingActivity.status,
    ProcessingActivity.next_review_on,
    ProcessingActivity.version,
    ProcessingActivity.summary_missing,
    ProcessingActivity.summary_bases,
    ProcessingActivity.summary_search,
)


_BASES = {b.value: b for b in LegalBasis}


@functools.cache
def _missing_count(stored: str) -> int:
    return sum(code in REQUIREMENTS for code in stored.split())


@functools.cache
def _bases_text(stored: str) -> str:
    # "consent contract" -> "Consent, Contract": few combinations, each made once.
    shown = (_BASES[v].label.split(" (")[0] for v in stored.split() if v in _BASES)
    return ", ".join(dict.fromkeys(shown))


def activity_summaries(
    register: Register, *, keys: Collection[str] | None = None
) -> list[ActivitySummary]:
    """The activity list (or the rows of these keys), by reference: one query of the
    activity rows, completeness and legal bases read from their stored summary
    (services.summaries), no part of any record loaded."""
    stmt = select(*_SUMMARY_COLUMNS).order_by(ProcessingActivity.reference)
    if keys is not None:
        stmt = stmt.where(ProcessingActivity.key.in_(keys))
    with register.reading() as session:
        rows = session.execute(stmt).all()
    if any(r.summary_missing is None for r in rows):
        # Made by a version older than the summaries and not opened since: made now, once.
        with register.transaction() as session:
            summaries.fill_summaries(session)
        return activity_summaries(register, keys=keys)
    total = len(REQUIREMENTS)
    out = []
    for key, reference, name, role, status, review, version, missing, bases, search in rows:
        met = total - _missing_count(missing or "")
        shown = _bases_text(bases or "")
        out.append(
            ActivitySummary(
                key, reference, name, role, shown, status, met, total, review, search or "", version
            )
        )
    return out


def review_activity(register: Register, *, record: ActivityRec) -> tuple[int, int, list[Finding]]:
    """Completeness (met, counted) and findings of an unsaved record, for the editor."""
    with register.reading() as session:
        ctx = check_context(session, activities=[record.key])
    met, total = completeness(record, ctx)
    return met, total, activity_findings(record, ctx)


def approve_activity(register: Register, *, key: str, version: int) -> ActivityRec:
    """Approve a saved activity as it stands; ApprovalError names what blocks it."""
    with register.transaction() as session:
        rec = activity_to_rec(_load(session, key))
        rec = dataclasses.replace(rec, status=Status.APPROVED, version=version)
        return put_activity(session, rec, actor=register.actor)
