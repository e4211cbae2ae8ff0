"""Retention rules: read, save with validation and audit, delete."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from ropa_desktop.domain import DataCategory, ProcessingActivity, RetentionRule
from ropa_desktop.domain.errors import FieldError, NotFoundError, ValidationError
from ropa_desktop.domain.records import RetentionRuleRec
from ropa_desktop.services import approval, lookups
from ropa_desktop.services.audit import record_event
from ropa_desktop.services.locking import claim_version
from ropa_desktop.services.register import Register, organisation_row
from ropa_desktop.services.validation import check_key, check_text

_SCALARS = tuple(
    f.name
    for f in dataclasses.fields(RetentionRuleRec)
    if f.name not in ("activity", "data_category", "to_confirm")
)


def rule_to_rec(row: RetentionRule) -> RetentionRuleRec:
    values = {n: getattr(row, n) for n in _SCALARS}
    return RetentionRuleRec(
        activity=row.activity.key if row.activity else None,
        data_category=row.data_category.key if row.data_category else None,
        to_confirm=tuple(row.to_confirm),
        **values,
    )


def list_rules_in(
    session: Session, *, activity_ids: Collection[int] | Select[Any] | None = None
) -> list[RetentionRuleRec]:
    """The rules by key: all of them, or those of the activities with these row ids."""
    stmt = (
        select(RetentionRule)
        .options(joinedload(RetentionRule.activity), joinedload(RetentionRule.data_category))
        .order_by(RetentionRule.key)
    )
    if activity_ids is not None:
        stmt = stmt.where(RetentionRule.activity_id.in_(activity_ids))
    return [rule_to_rec(r) for r in session.scalars(stmt)]


def activity_ids(keys: Collection[str]) -> Select[Any]:
    """The row ids of the activities with these keys, as a subquery (no round trip)."""
    return select(ProcessingActivity.id).where(ProcessingActivity.key.in_(keys))


def list_rules(register: Register, *, activity: str | None = None) -> list[RetentionRuleRec]:
    """The whole retention schedule by key, or the rules of one activity."""
    with register.reading() as session:
        if activity is None:
            return list_rules_in(session)
        return list_rules_in(session, activity_ids=activity_ids([activity]))


def validate_rule(rec: RetentionRuleRec) -> list[FieldError]:
    errors = check_key("key", rec.key)
    errors += check_text("data_description", rec.data_description)
    errors += check_text("open_ended_term", rec.open_ended_term, short=True)
    errors += check_text("legal_reference", rec.legal_reference)
    errors += check_text("owner", rec.owner, short=True)
    errors += check_text("source_reference", rec.source_reference, short=True)
    if rec.duration_value is not None:
        if rec.duration_value <= 0 or rec.duration_value > 1000:
            errors.append(FieldError("duration_value", "must be between 1 and 1000"))
        if rec.duration_unit is None:
            errors.append(FieldError("duration_unit", "is required with a duration"))
        if rec.open_ended_term.strip():
            errors.append(
                FieldError("open_ended_term", "give a duration or an open-ended term, not both")
            )
    if rec.review_cycle_months is not None and not 1 <= rec.review_cycle_months <= 120:
        errors.append(FieldError("review_cycle_months", "must be between 1 and 120"))
    if rec.activity is None and rec.data_category is None and not rec.data_description.strip():
        errors.append(FieldError("data_description", "say which data the rule covers"))
    return errors


def put_rule(session: Session, rec: RetentionRuleRec, *, actor: str) -> RetentionRuleRec:
    errors = validate_rule(rec)
    batch = lookups.current(session)
    activity = category = None
    if rec.activity is not None:
        activity = (
            batch.activity(rec.activity)
            if batch
            else session.scalars(
                select(ProcessingActivity).where(ProcessingActivity.key == rec.activity)
            ).first()
        )
        if activity is None:
            errors.append(FieldError("activity", f"refers to an unknown activity “{rec.activity}”"))
    if rec.data_category is not None:
        category = (
            batch.rows[DataCategory].get(rec.data_category)
            if batch
            else session.scalars(
                select(DataCategory).where(DataCategory.key == rec.data_category)
            ).first()
        )
        if category is None:
            errors.append(
                FieldError(
                    "data_category", f"refers to an unknown data category “{rec.data_category}”"
                )
            )
    if errors:
        raise ValidationError(errors, subject=f"Retention rule {rec.key}")
    label = rec.data_description or (activity.name if activity else rec.key)
    if rec.version == 0:
        lookups.claim_new_key(session, RetentionRule, rec.key)
        row = RetentionRule(
            organisation=batch.organisation if batch else organisation_row(session), version=1
        )
        session.add(row)
        before, version = None, 1
    else:
        version = claim_version(
            session,
            RetentionRule,
            key=rec.key,
            expected=rec.version,
            entity="retention rule",
            label=label,
        )
        row = session.scalars(select(RetentionRule).where(RetentionRule.key == rec.key)).one()
        session.refresh(row)
        before = rule_to_rec(row)
    old_activity = row.activity_id if before is not None else None
    for name in _SCALARS:
        if name != "version":
            setattr(row, name, getattr(rec, name))
    row.activity = activity
    row.data_category = category
    row.to_confirm = list(rec.to_confirm)
    saved = dataclasses.replace(rec, version=version)
    changed = approval.material_changes(before, saved) if before is not None else []
    if before is None or changed:
        approval.note_rule_change(
            session,
            {old_activity, activity.id if activity is not None else None},
            label,
            f"changed ({approval.listed(changed)})" if changed else "was added",
        )
    record_event(
        session,
        actor=actor,
        entity_type="retention_rule",
        key=rec.key,
        label=label,
        before=before,
        after=saved,
    )
    return saved


def save_rule(register: Register, *, record: RetentionRuleRec) -> RetentionRuleRec:
    with register.transaction() as session:
        return put_rule(session, record, actor=register.actor)


def delete_rule(register: Register, *, key: str, version: int) -> None:
    with register.transaction() as session:
        row = session.scalars(select(RetentionRule).where(RetentionRule.key == key)).one_or_none()
        if row is None:
            raise NotFoundError(f"No retention rule with key “{key}”.")
        before = rule_to_rec(row)
        claim_version(
            session, RetentionRule, key=key, expected=version, entity="retention rule", label=key
        )
        approval.note_rule_change(
            session, [row.activity_id], before.data_description or key, "was deleted"
        )
        session.delete(row)
        record_event(
            session,
            actor=register.actor,
            entity_type="retention_rule",
            key=key,
            label=before.data_description or key,
            before=before,
            after=None,
        )
