"""The assessment workflow on records: legal moves, edit checks, dates. No database.

draft → sent → answered → reviewed. One step back is allowed before the review
(recall a questionnaire sent by mistake; send it back for more answers). A
reviewed assessment is the record of that round of due diligence and never
changes: the next round is a new assessment.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from ropa_desktop.domain.enums import AssessmentStatus
from ropa_desktop.domain.errors import FieldError, ValidationError
from ropa_desktop.domain.records import AnswerRec, AssessmentRec, QuestionRec, TemplateRec
from ropa_desktop.services.labels import counted
from ropa_desktop.services.scoring import add_months, parse_answer, score_answers

DRAFT, SENT = AssessmentStatus.DRAFT, AssessmentStatus.SENT
ANSWERED, REVIEWED = AssessmentStatus.ANSWERED, AssessmentStatus.REVIEWED
DEFAULT_ANSWER_DAYS = 30

# Legal moves, each with the verb a button shows.
TRANSITIONS: dict[AssessmentStatus, dict[AssessmentStatus, str]] = {
    DRAFT: {SENT: "Mark as sent"},
    SENT: {ANSWERED: "Mark as answered", DRAFT: "Back to draft"},
    ANSWERED: {REVIEWED: "Mark as reviewed", SENT: "Back to sent"},
    REVIEWED: {},
}


def allowed_moves(status: AssessmentStatus) -> dict[AssessmentStatus, str]:
    """The statuses an assessment in ``status`` may move to, with their button labels."""
    return dict(TRANSITIONS[status])


def checked_edit(
    current: AssessmentRec, edited: AssessmentRec, template: TemplateRec
) -> AssessmentRec:
    """``edited`` with answers in their stored form (by question code), the score recomputed.

    Raises ValidationError for anything an edit may not do: change a reviewed
    assessment, its processor, template or status, or give an answer that does
    not fit its question.
    """
    errors: list[FieldError] = []

    def fail(field: str, message: str) -> None:
        errors.append(FieldError(field, message))

    if current.status is REVIEWED:
        fail("status", "the assessment is reviewed; start a new assessment to reassess")
    for name in ("processor", "template", "template_version", "status"):
        if getattr(edited, name) != getattr(current, name):
            fail(name, "cannot be changed by an edit")
    questions = {q.code: q for q in template.questions}
    answers: list[AnswerRec] = []
    seen: set[str] = set()
    for i, a in enumerate(edited.answers, 1):
        question = questions.get(a.question)
        if question is None:
            fail(f"answers[{i}].question", f"“{a.question}” is not a question of this template")
            continue
        if a.question in seen:
            fail(f"answers[{i}].question", f"“{a.question}” is answered twice")
        seen.add(a.question)
        try:
            value = parse_answer(question, a.value)
        except ValueError as exc:
            fail(f"answers[{i}].value", f"question “{a.question}”: {exc}")
            continue
        if value or a.comment.strip() or a.evidence.strip():
            answers.append(AnswerRec(a.question, value, a.comment.strip(), a.evidence.strip()))
    errors += _date_errors(edited)
    if errors:
        raise ValidationError(errors, subject=f"Assessment {current.key}")
    return _rescored(
        dataclasses.replace(edited, answers=tuple(sorted(answers, key=lambda a: a.question))),
        template,
    )


def _rescored(rec: AssessmentRec, template: TemplateRec) -> AssessmentRec:
    result = score_answers(template.questions, rec.answers)
    return dataclasses.replace(rec, score=result.score, risk_rating=result.risk)


def _date_errors(rec: AssessmentRec) -> list[FieldError]:
    errors = []
    order = [DRAFT, SENT, ANSWERED, REVIEWED]
    reached = order.index(rec.status)
    for name, step in (("sent_on", SENT), ("answered_on", ANSWERED), ("reviewed_on", REVIEWED)):
        has = getattr(rec, name) is not None
        if has and reached < order.index(step):
            errors.append(FieldError(name, f"is set, but the assessment is {rec.status.label}"))
    if rec.sent_on and rec.answered_on and rec.answered_on < rec.sent_on:
        errors.append(FieldError("answered_on", "is before the date it was sent"))
    if rec.sent_on and rec.due_on and rec.due_on < rec.sent_on:
        errors.append(FieldError("due_on", "is before the date it was sent"))
    return errors


def move(
    rec: AssessmentRec, to: AssessmentStatus, on: dt.date, template: TemplateRec
) -> AssessmentRec:
    if to not in TRANSITIONS[rec.status]:
        allowed = ", ".join(s.label for s in TRANSITIONS[rec.status]) or "none (it is final)"
        raise ValidationError(
            [
                FieldError(
                    "status",
                    f"cannot go from {rec.status.label} to {to.label}; allowed: {allowed}",
                )
            ],
            subject=f"Assessment {rec.key}",
        )
    change: Callable[[], AssessmentRec] = {
        SENT: lambda: _to_sent(rec, on),
        DRAFT: lambda: dataclasses.replace(rec, status=DRAFT, sent_on=None),
        ANSWERED: lambda: _to_answered(rec, on),
        REVIEWED: lambda: _to_reviewed(rec, on, template),
    }[to]
    moved = change()
    errors = _date_errors(moved)
    if errors:
        raise ValidationError(errors, subject=f"Assessment {rec.key}")
    return moved


def _to_sent(rec: AssessmentRec, on: dt.date) -> AssessmentRec:
    if rec.status is ANSWERED:  # sent back for more answers: it keeps its sent date
        return dataclasses.replace(rec, status=SENT, answered_on=None)
    due = rec.due_on or on + dt.timedelta(days=DEFAULT_ANSWER_DAYS)
    return dataclasses.replace(rec, status=SENT, sent_on=on, due_on=due)


def _to_answered(rec: AssessmentRec, on: dt.date) -> AssessmentRec:
    if not any(a.value for a in rec.answers):
        raise ValidationError(
            [FieldError("answers", "no question is answered yet")],
            subject=f"Assessment {rec.key}",
        )
    return dataclasses.replace(rec, status=ANSWERED, answered_on=on)


def _to_reviewed(rec: AssessmentRec, on: dt.date, template: TemplateRec) -> AssessmentRec:
    if rec.score is None:
        raise ValidationError(
            [FieldError("answers", "no yes/no question is answered, so there is nothing to rate")],
            subject=f"Assessment {rec.key}",
        )
    if rec.answered_on and on < rec.answered_on:
        raise ValidationError(
            [FieldError("reviewed_on", "is before the date the answers came back")],
            subject=f"Assessment {rec.key}",
        )
    errors = review_errors(rec, template)
    if errors:
        raise ValidationError(errors, subject=f"Assessment {rec.key}")
    return dataclasses.replace(
        rec,
        status=REVIEWED,
        reviewed_on=on,
        next_review_on=add_months(on, template.review_cycle_months),
    )


def unanswered_critical(rec: AssessmentRec, template: TemplateRec) -> list[tuple[int, QuestionRec]]:
    """The critical questions ``rec`` leaves blank, with their numbers on screen (1, 2, ...)."""
    given = {a.question for a in rec.answers if a.value.strip()}
    return [
        (n, q) for n, q in enumerate(template.questions, 1) if q.critical and q.code not in given
    ]


def review_errors(rec: AssessmentRec, template: TemplateRec) -> list[FieldError]:
    """Why ``rec`` may not be reviewed: a review rates the guarantees the critical
    questions ask for (Art. 28(1)), so each one needs an answer, even “No”."""
    missing = unanswered_critical(rec, template)
    if not missing:
        return []
    # A few are named with their opening words; a long list by number only.
    names = [f"{n} (“{_clip(q.text)}”)" if len(missing) <= 3 else str(n) for n, q in missing]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    which = "question" if len(missing) == 1 else "questions"
    return [
        FieldError(
            "answers",
            f"{counted(len(missing), 'critical question')} {'is' if len(missing) == 1 else 'are'} "
            "unanswered, so it cannot be marked "
            f"as reviewed: answer {which} {listed}",
        )
    ]


def _clip(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + "…"


def merge_answers(
    stored: tuple[AnswerRec, ...], received: tuple[AnswerRec, ...]
) -> tuple[AnswerRec, ...]:
    """Stored answers updated by received ones: a non-blank received value, comment or
    evidence replaces the stored one; a blank leaves it. Order: stored, then new."""
    merged = {a.question: a for a in stored}
    for a in received:
        old = merged.get(a.question, AnswerRec(a.question))
        merged[a.question] = AnswerRec(
            a.question,
            a.value or old.value,
            a.comment or old.comment,
            a.evidence or old.evidence,
        )
    return tuple(merged.values())
