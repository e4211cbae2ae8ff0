"""Questionnaire templates and processor assessments: mapping and storage."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ropa_desktop.domain import Answer, Assessment, Processor, Question, QuestionnaireTemplate
from ropa_desktop.domain.enums import AssessmentStatus
from ropa_desktop.domain.errors import FieldError, ValidationError
from ropa_desktop.domain.records import AnswerRec, AssessmentRec, QuestionRec, TemplateRec
from ropa_desktop.services.assessment_workflow import review_errors
from ropa_desktop.services.audit import record_event
from ropa_desktop.services.locking import claim_version
from ropa_desktop.services.register import Register
from ropa_desktop.services.validation import check_key, check_text

_Q_FIELDS = tuple(f.name for f in dataclasses.fields(QuestionRec))
_A_SCALARS = tuple(
    f.name
    for f in dataclasses.fields(AssessmentRec)
    if f.name not in ("processor", "template", "template_version", "answers")
)


def template_to_rec(row: QuestionnaireTemplate) -> TemplateRec:
    return TemplateRec(
        key=row.key,
        template_version=row.template_version,
        name=row.name,
        description=row.description,
        review_cycle_months=row.review_cycle_months,
        questions=tuple(
            QuestionRec(**{n: getattr(q, n) for n in _Q_FIELDS}) for q in row.questions
        ),
    )


def assessment_to_rec(row: Assessment) -> AssessmentRec:
    codes = {q.id: q.code for q in row.template.questions}
    answers = sorted(row.answers, key=lambda a: codes[a.question_id])
    return AssessmentRec(
        processor=row.processor.key,
        template=row.template.key,
        template_version=row.template.template_version,
        answers=tuple(
            AnswerRec(
                question=codes[a.question_id], value=a.value, comment=a.comment, evidence=a.evidence
            )
            for a in answers
        ),
        **{n: getattr(row, n) for n in _A_SCALARS},
    )


def list_templates(session: Session) -> list[TemplateRec]:
    rows = session.scalars(
        select(QuestionnaireTemplate)
        .options(selectinload(QuestionnaireTemplate.questions))
        .order_by(QuestionnaireTemplate.key, QuestionnaireTemplate.template_version)
    )
    return [template_to_rec(r) for r in rows]


def list_assessments(session: Session) -> list[AssessmentRec]:
    rows = session.scalars(
        select(Assessment)
        .options(
            selectinload(Assessment.answers),
            selectinload(Assessment.template).selectinload(QuestionnaireTemplate.questions),
            selectinload(Assessment.processor),
        )
        .order_by(Assessment.key)
    )
    return [assessment_to_rec(r) for r in rows]


def put_template(session: Session, rec: TemplateRec, *, actor: str) -> None:
    """Add a template version; a stored version is immutable (a change is a new version)."""
    errors = check_key("key", rec.key) + check_text("name", rec.name, required=True, short=True)
    errors += check_text("description", rec.description)
    codes = [q.code for q in rec.questions]
    if len(set(codes)) != len(codes):
        errors.append(FieldError("questions", "two questions share a code"))
    for i, q in enumerate(rec.questions, 1):
        errors += check_key(f"questions[{i}].code", q.code)
        errors += check_text(f"questions[{i}].text", q.text, required=True)
        errors += check_text(f"questions[{i}].section", q.section, required=True, short=True)
        if not 0 <= q.weight <= 100:
            errors.append(FieldError(f"questions[{i}].weight", "must be between 0 and 100"))
    if errors:
        raise ValidationError(errors, subject=f"Questionnaire {rec.key} v{rec.template_version}")
    existing = session.scalars(
        select(QuestionnaireTemplate)
        .where(
            QuestionnaireTemplate.key == rec.key,
            QuestionnaireTemplate.template_version == rec.template_version,
        )
        .options(selectinload(QuestionnaireTemplate.questions))
    ).one_or_none()
    if existing is not None:
        if template_to_rec(existing) != rec:
            raise ValidationError(
                [
                    FieldError(
                        "template_version",
                        "a stored template version cannot change; give it a new version",
                    )
                ],
                subject=f"Questionnaire {rec.key}",
            )
        return
    row = QuestionnaireTemplate(
        key=rec.key,
        template_version=rec.template_version,
        name=rec.name,
        description=rec.description,
        review_cycle_months=rec.review_cycle_months,
        questions=[
            Question(position=i, **{n: getattr(q, n) for n in _Q_FIELDS})
            for i, q in enumerate(rec.questions)
        ],
    )
    session.add(row)
    record_event(
        session,
        actor=actor,
        entity_type="questionnaire",
        key=rec.key,
        label=f"{rec.name} v{rec.template_version}",
        before=None,
        after=rec,
    )


def put_assessment(session: Session, rec: AssessmentRec, *, actor: str) -> AssessmentRec:
    errors = check_key("key", rec.key) + check_text("findings", rec.findings)
    processor = session.scalars(select(Processor).where(Processor.key == rec.processor)).first()
    if processor is None:
        errors.append(FieldError("processor", f"refers to an unknown processor “{rec.processor}”"))
    template = session.scalars(
        select(QuestionnaireTemplate)
        .where(
            QuestionnaireTemplate.key == rec.template,
            QuestionnaireTemplate.template_version == rec.template_version,
        )
        .options(selectinload(QuestionnaireTemplate.questions))
    ).first()
    if template is None:
        errors.append(
            FieldError("template", f"refers to an unknown questionnaire “{rec.template}”")
        )
    questions = {q.code: q for q in template.questions} if template else {}
    for i, a in enumerate(rec.answers, 1):
        if template is not None and a.question not in questions:
            errors.append(FieldError(f"answers[{i}].question", f"unknown question “{a.question}”"))
        for name in ("value", "comment", "evidence"):
            errors += check_text(f"answers[{i}].{name}", getattr(a, name))
    if template is not None and rec.status is AssessmentStatus.REVIEWED:
        # Every door (the dialog, an import) passes here: a review needs its critical answers.
        # A restore into an empty register keeps the reviews its export recorded, as it
        # keeps approvals (services.approval.RESTORING): a backup must come back whole.
        from ropa_desktop.services.approval import RESTORING

        stored = session.scalar(select(Assessment.status).where(Assessment.key == rec.key))
        restored = stored is None and session.info.get(RESTORING, False)
        if stored is not AssessmentStatus.REVIEWED and not restored:
            errors += review_errors(rec, template_to_rec(template))
    if errors:
        named = f"The assessment of “{processor.name}”" if processor else f"Assessment {rec.key}"
        raise ValidationError(errors, subject=named)
    assert processor is not None and template is not None
    label = f"{processor.name}: {template.name}"
    if rec.version == 0:
        row = Assessment(version=1)
        session.add(row)
        before, version = None, 1
    else:
        version = claim_version(
            session, Assessment, key=rec.key, expected=rec.version, entity="assessment", label=label
        )
        row = session.scalars(select(Assessment).where(Assessment.key == rec.key)).one()
        session.refresh(row)
        before = assessment_to_rec(row)
    for name in _A_SCALARS:
        if name != "version":
            setattr(row, name, getattr(rec, name))
    row.processor = processor
    row.template = template
    row.answers = [
        Answer(
            question_id=questions[a.question].id,
            value=a.value,
            comment=a.comment,
            evidence=a.evidence,
        )
        for a in rec.answers
    ]
    saved = dataclasses.replace(rec, version=version)
    record_event(
        session,
        actor=actor,
        entity_type="assessment",
        key=rec.key,
        label=label,
        before=before,
        after=saved,
    )
    return saved


def save_assessment(register: Register, *, record: AssessmentRec) -> AssessmentRec:
    with register.transaction() as session:
        return put_assessment(session, record, actor=register.actor)
