"""Processors (vendors): list, read, save with validation and audit, delete."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select
from sqlalchemy.orm import Session

from ropa_desktop.domain import ProcessingActivity, Processor
from ropa_desktop.domain.activity import activity_processor
from ropa_desktop.domain.errors import FieldError, InUseError, NotFoundError, ValidationError
from ropa_desktop.domain.records import ProcessorRec, record_title
from ropa_desktop.services import approval
from ropa_desktop.services.audit import record_event
from ropa_desktop.services.locking import claim_version
from ropa_desktop.services.logs import refuse_if_named
from ropa_desktop.services.mapping import apply_processor, processor_to_rec
from ropa_desktop.services.register import Register, organisation_row
from ropa_desktop.services.validation import check_key, check_text


def list_processors(register: Register) -> list[ProcessorRec]:
    with register.reading() as session:
        return [
            processor_to_rec(r) for r in session.scalars(select(Processor).order_by(Processor.name))
        ]


def get_processor(register: Register, *, key: str) -> ProcessorRec:
    with register.reading() as session:
        row = session.scalars(select(Processor).where(Processor.key == key)).one_or_none()
        if row is None:
            raise NotFoundError(f"No processor with key “{key}”.")
        return processor_to_rec(row)


def activities_using(register: Register, *, key: str) -> list[tuple[str, str]]:
    """(reference, name) of the activities that use a processor."""
    with register.reading() as session:
        rows = session.execute(
            select(ProcessingActivity.reference, ProcessingActivity.name)
            .join(activity_processor, activity_processor.c.activity_id == ProcessingActivity.id)
            .join(Processor, Processor.id == activity_processor.c.processor_id)
            .where(Processor.key == key)
            .order_by(ProcessingActivity.reference)
        )
        return [(r, n) for r, n in rows]


def validate_processor(rec: ProcessorRec) -> list[FieldError]:
    errors = check_key("key", rec.key) + check_text("name", rec.name, required=True, short=True)
    for name in ("contact_name", "contact_email", "dpa_reference"):
        errors += check_text(name, getattr(rec, name), short=True)
    for name in ("services", "sub_processors", "notes"):
        errors += check_text(name, getattr(rec, name))
    for name in ("locations", "certifications"):
        for value in getattr(rec, name):
            errors += check_text(name, value, required=True, short=True)
    return errors


def put_processor(session: Session, rec: ProcessorRec, *, actor: str) -> ProcessorRec:
    errors = validate_processor(rec)
    if errors:
        raise ValidationError(errors, subject=f"Processor “{rec.name}”")
    if rec.version == 0:
        if session.scalars(select(Processor.id).where(Processor.key == rec.key)).first():
            raise ValidationError([FieldError("key", f"“{rec.key}” already exists")])
        row = Processor(organisation=organisation_row(session), version=1)
        session.add(row)
        before, version = None, 1
    else:
        version = claim_version(
            session,
            Processor,
            key=rec.key,
            expected=rec.version,
            entity="processor",
            label=rec.name,
        )
        row = session.scalars(select(Processor).where(Processor.key == rec.key)).one()
        session.refresh(row)
        before = processor_to_rec(row)
    apply_processor(row, rec)
    saved = dataclasses.replace(rec, version=version)
    changed = approval.material_changes(before, saved) if before is not None else []
    if changed:
        approval.note_relied_change(
            session,
            approval.approved_using_processor(session, row.id),
            f"processor “{rec.name}” changed ({approval.listed(changed)})",
        )
    record_event(
        session,
        actor=actor,
        entity_type="processor",
        key=rec.key,
        label=rec.name,
        before=before,
        after=saved,
    )
    return saved


def save_processor(register: Register, *, record: ProcessorRec) -> ProcessorRec:
    with register.transaction() as session:
        return put_processor(session, record, actor=register.actor)


def delete_processor(register: Register, *, key: str, version: int) -> None:
    """Delete a processor no activity uses, with its due-diligence assessments (each one
    audited); a processor still in use is refused, naming the activities."""
    from ropa_desktop.domain import Assessment
    from ropa_desktop.services.questionnaires import assessment_to_rec

    with register.transaction() as session:
        row = session.scalars(select(Processor).where(Processor.key == key)).one_or_none()
        if row is None:
            raise NotFoundError("That processor is no longer in the register; it was deleted.")
        users = session.execute(
            select(ProcessingActivity.reference, ProcessingActivity.name)
            .join(activity_processor, activity_processor.c.activity_id == ProcessingActivity.id)
            .where(activity_processor.c.processor_id == row.id)
            .order_by(ProcessingActivity.reference)
        ).all()
        if users:
            named = ", ".join(record_title(r, n) for r, n in users[:3])
            more = f" and {len(users) - 3} more" if len(users) > 3 else ""
            raise InUseError(
                f"The processor “{row.name}” is still used by {_count(len(users))}: "
                f"{named}{more}; remove it from them first. Nothing was deleted."
            )
        before = processor_to_rec(row)
        refuse_if_named(session, "processor", row.id, f"The processor “{row.name}”")
        _refuse_if_evidence(session, row)
        claim_version(
            session, Processor, key=key, expected=version, entity="processor", label=row.name
        )
        for assessment in session.scalars(
            select(Assessment).where(Assessment.processor_id == row.id)
        ):
            record_event(
                session,
                actor=register.actor,
                entity_type="assessment",
                key=assessment.key,
                label=f"Assessment of {row.name}",
                before=assessment_to_rec(assessment),
                after=None,
            )
            session.delete(assessment)
        session.flush()
        session.delete(row)
        record_event(
            session,
            actor=register.actor,
            entity_type="processor",
            key=key,
            label=before.name,
            before=before,
            after=None,
        )


def _refuse_if_evidence(session: Session, row: Processor) -> None:
    """Evidence attached to the processor, or to one of its assessments, stops the delete."""
    from ropa_desktop.domain import Assessment
    from ropa_desktop.services.evidence import refuse_if_attached

    title = f"The processor “{row.name}”"
    refuse_if_attached(session, "processor", [row.key], title)
    keys = list(session.scalars(select(Assessment.key).where(Assessment.processor_id == row.id)))
    refuse_if_attached(session, "assessment", keys, f"{title}, in its assessments,")


def _count(n: int) -> str:
    return f"{n} activit{'y' if n == 1 else 'ies'}"
