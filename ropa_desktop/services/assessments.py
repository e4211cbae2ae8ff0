"""Processor assessments: start one from a template, answer it, move it through its workflow.

The rules of the workflow are in services.assessment_workflow; this module runs
them in transactions. Every save recomputes the score and risk rating
(services.scoring); the review fixes the next review date from the template's
cycle and gives the processor the rating of its latest reviewed assessment.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ropa_desktop.domain import Assessment, Processor, QuestionnaireTemplate
from ropa_desktop.domain.enums import AssessmentStatus, RiskRating
from ropa_desktop.domain.errors import FieldError, NotFoundError, ValidationError
from ropa_desktop.domain.records import AnswerRec, AssessmentRec, TemplateRec, diff
from ropa_desktop.services.assessment_workflow import (
    ANSWERED,
    DRAFT,
    REVIEWED,
    SENT,
    checked_edit,
    merge_answers,
    move,
)
from ropa_desktop.services.audit import amend_changes, record_event
from ropa_desktop.services.locking import claim_version
from ropa_desktop.services.mapping import processor_to_rec
from ropa_desktop.services.processors import put_processor
from ropa_desktop.services.questionnaires import (
    assessment_to_rec,
    put_assessment,
    template_to_rec,
)
from ropa_desktop.services.register import Register
from ropa_desktop.services.templates import DEFAULT_TEMPLATE


def get_assessment(register: Register, *, key: str) -> AssessmentRec:
    with register.reading() as session:
        row, _ = _load(session, key)
        return assessment_to_rec(row)


def assessments_of(register: Register, *, processor: str) -> list[AssessmentRec]:
    """A processor's assessments, oldest first."""
    with register.reading() as session:
        rows = session.scalars(
            select(Assessment)
            .join(Processor)
            .where(Processor.key == processor)
            .options(*_LOAD)
            .order_by(Assessment.id)
        )
        return [assessment_to_rec(r) for r in rows]


def template_of(register: Register, rec: AssessmentRec) -> TemplateRec:
    """The template version an assessment answers."""
    with register.reading() as session:
        row = session.scalars(
            select(QuestionnaireTemplate)
            .where(
                QuestionnaireTemplate.key == rec.template,
                QuestionnaireTemplate.template_version == rec.template_version,
            )
            .options(selectinload(QuestionnaireTemplate.questions))
        ).one_or_none()
        if row is None:
            raise NotFoundError(f"No questionnaire “{rec.template}” v{rec.template_version}.")
        return template_to_rec(row)


def start_assessment(
    register: Register,
    *,
    processor: str,
    template: str = DEFAULT_TEMPLATE,
    template_version: int | None = None,
    due_on: dt.date | None = None,
) -> AssessmentRec:
    """A new draft assessment of a processor against a template (its newest version)."""
    with register.transaction() as session:
        proc = session.scalars(select(Processor).where(Processor.key == processor)).first()
        if proc is None:
            raise NotFoundError(f"No processor with key “{processor}”.")
        versions = select(QuestionnaireTemplate.template_version).where(
            QuestionnaireTemplate.key == template
        )
        if template_version is not None:
            versions = versions.where(QuestionnaireTemplate.template_version == template_version)
        version = max(session.scalars(versions), default=None)
        if version is None:
            raise NotFoundError(f"No questionnaire “{template}” in the register.")
        rec = AssessmentRec(
            key=_new_key(session, processor),
            processor=processor,
            template=template,
            template_version=version,
            due_on=due_on,
        )
        return put_assessment(session, rec, actor=register.actor)


def _new_key(session: Session, processor: str) -> str:
    taken = set(session.scalars(select(Assessment.key)))
    stem = f"asm-{processor}"[:56]
    n = 1
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


def save_answers(register: Register, *, record: AssessmentRec) -> AssessmentRec:
    """Save the editable parts (answers, dates, due date, findings) without a move."""
    return _write(register, record, None, None)


def advance(
    register: Register,
    *,
    record: AssessmentRec,
    to: AssessmentStatus,
    on: dt.date | None = None,
) -> AssessmentRec:
    """Save ``record``'s edits and move it to ``to`` on ``on`` (default today), in one step.

    Illegal moves raise ValidationError and nothing is written.
    """
    return _write(register, record, to, on or dt.date.today())


def delete_assessment(register: Register, *, key: str, version: int) -> None:
    """Delete a draft started by mistake; anything sent is part of the record."""
    with register.transaction() as session:
        row, _ = _load(session, key)
        if row.status is not DRAFT:
            raise ValidationError(
                [FieldError("status", f"is {row.status.label}; only a draft can be deleted")],
                subject=f"Assessment {key}",
            )
        before = assessment_to_rec(row)
        label = f"{row.processor.name}: {row.template.name}"
        claim_version(
            session, Assessment, key=key, expected=version, entity="assessment", label=label
        )
        session.delete(row)
        record_event(
            session,
            actor=register.actor,
            entity_type="assessment",
            key=key,
            label=label,
            before=before,
            after=None,
        )


_LOAD = (
    selectinload(Assessment.answers),
    selectinload(Assessment.template).selectinload(QuestionnaireTemplate.questions),
    selectinload(Assessment.processor),
)


def _load(session: Session, key: str) -> tuple[Assessment, TemplateRec]:
    row = session.scalars(
        select(Assessment).where(Assessment.key == key).options(*_LOAD)
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"No assessment with key “{key}”.")
    return row, template_to_rec(row.template)


def _write(
    register: Register, record: AssessmentRec, to: AssessmentStatus | None, on: dt.date | None
) -> AssessmentRec:
    with register.transaction() as session:
        row, template = _load(session, record.key)
        current = assessment_to_rec(row)
        wanted = checked_edit(current, record, template)
        if to is not None:
            assert on is not None
            wanted = move(wanted, to, on, template)
        saved = _update(session, row, current, wanted, actor=register.actor)
        if saved.status is REVIEWED:
            session.flush()
            _rate_processor(session, row.processor, actor=register.actor)
        return saved


def _update(
    session: Session,
    row: Assessment,
    current: AssessmentRec,
    wanted: AssessmentRec,
    *,
    actor: str,
) -> AssessmentRec:
    """``put_assessment`` of an existing assessment, with its answers replaced safely.

    put_assessment replaces the answer rows by new ones, and the unit of work
    inserts before it deletes, which breaks the unique (assessment, question)
    constraint. Until it updates rows in place, the old rows go first, and the
    audit event gets back its true “before”.
    """
    row.answers.clear()
    session.flush()
    saved = put_assessment(session, wanted, actor=actor)
    amend_changes(session, wanted.key, diff(current, saved))
    return saved


def _rate_processor(session: Session, processor: Processor, *, actor: str) -> None:
    """Give the processor the risk rating of its most recently reviewed assessment."""
    rows = session.scalars(
        select(Assessment).where(
            Assessment.processor_id == processor.id, Assessment.status == REVIEWED
        )
    ).all()
    latest = max(rows, key=lambda r: (r.reviewed_on or dt.date.min, r.id))
    rating: RiskRating = latest.risk_rating
    current = processor_to_rec(processor)
    if current.risk_rating is not rating:
        put_processor(session, dataclasses.replace(current, risk_rating=rating), actor=actor)


def receive_answers(
    register: Register,
    *,
    key: str,
    answers: tuple[AnswerRec, ...],
    received_on: dt.date | None = None,
) -> AssessmentRec:
    """Record the answers a vendor sent back; a sent assessment becomes answered.

    Each answer given replaces the stored value, comment and evidence of its
    question; questions the vendor left blank keep what the register had. A draft
    (never sent) or reviewed assessment is refused, with nothing written.
    """
    with register.transaction() as session:
        row, template = _load(session, key)
        current = assessment_to_rec(row)
        if current.status is DRAFT:
            raise ValidationError(
                [FieldError("status", "is Draft; mark it as sent before importing answers")],
                subject=f"Assessment {key}",
            )
        edited = dataclasses.replace(current, answers=merge_answers(current.answers, answers))
        wanted = checked_edit(current, edited, template)
        if wanted.status is SENT:
            wanted = move(wanted, ANSWERED, received_on or dt.date.today(), template)
        return _update(session, row, current, wanted, actor=register.actor)
