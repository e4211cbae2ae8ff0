"""What the due diligence of processors asks of the DPO: findings and watch lists.

Findings (for ``ropa check`` and the app), all computed from records:

- ``assessment_overdue`` (warning): a draft or sent questionnaire whose due date
  has passed without answers;
- ``processor_never_assessed`` (warning): a processor with no reviewed assessment
  (Art. 28(1): use only processors “providing sufficient guarantees”);
- ``review_due`` (warning): the next review date of a processor's latest reviewed
  assessment has come, and no new questionnaire is with the vendor;
- ``processor_high_risk`` (blocking): the processor is rated high risk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from ropa_desktop.domain import Processor, QuestionnaireTemplate
from ropa_desktop.domain.enums import AssessmentStatus, RiskRating
from ropa_desktop.domain.records import AssessmentRec, ProcessorRec
from ropa_desktop.services.checks import BLOCKING, WARNING, Finding
from ropa_desktop.services.questionnaires import list_assessments
from ropa_desktop.services.register import Register

_OPEN = (AssessmentStatus.DRAFT, AssessmentStatus.SENT)
_WITH_VENDOR = (AssessmentStatus.SENT, AssessmentStatus.ANSWERED)


def is_overdue(rec: AssessmentRec, today: dt.date) -> bool:
    """Not yet answered and past its due date."""
    return rec.status in _OPEN and rec.due_on is not None and rec.due_on < today


def latest_reviewed(assessments: Iterable[AssessmentRec]) -> dict[str, AssessmentRec]:
    """The most recently reviewed assessment of each processor, by processor key."""
    latest: dict[str, AssessmentRec] = {}
    for rec in assessments:
        if rec.status is not AssessmentStatus.REVIEWED or rec.reviewed_on is None:
            continue
        old = latest.get(rec.processor)
        if old is None or (rec.reviewed_on, rec.key) > (old.reviewed_on, old.key):
            latest[rec.processor] = rec
    return latest


def assessment_findings(
    processors: Sequence[ProcessorRec],
    assessments: Sequence[AssessmentRec],
    *,
    today: dt.date,
) -> list[Finding]:
    """Findings about processors' due diligence on ``today``, processor by processor."""
    out: list[Finding] = []
    by_processor: dict[str, list[AssessmentRec]] = {}
    for rec in assessments:
        by_processor.setdefault(rec.processor, []).append(rec)
    latest = latest_reviewed(assessments)
    for proc in processors:
        own = by_processor.get(proc.key, [])
        out += _processor_findings(proc, own, latest.get(proc.key), today)
    return out


def _processor_findings(
    proc: ProcessorRec,
    own: list[AssessmentRec],
    reviewed: AssessmentRec | None,
    today: dt.date,
) -> list[Finding]:
    out: list[Finding] = []

    def add(code: str, severity: str, field: str, message: str, key: str = "") -> None:
        kind = "assessment" if key else "processor"
        out.append(Finding(code, severity, kind, key or proc.key, proc.name, field, message))

    for rec in own:
        if is_overdue(rec, today):
            what = f"sent on {rec.sent_on}" if rec.status is AssessmentStatus.SENT else "not sent"
            add(
                "assessment_overdue",
                WARNING,
                "due_on",
                f"The questionnaire to “{proc.name}” ({what}) was due on {rec.due_on} "
                "and has no answers.",
                rec.key,
            )
    if reviewed is None:
        # Any assessment under way (a draft too) is what the DPO should hear about.
        pending = [r for r in own if r.status is not AssessmentStatus.REVIEWED]
        if pending:
            message = f"No assessment of “{proc.name}” is reviewed yet: {_stage(pending[-1])}."
        else:
            message = (
                f"No due-diligence assessment of “{proc.name}” is recorded: send it a "
                "questionnaire, or record the one it answered (Art. 28(1), sufficient guarantees)."
            )
        add("processor_never_assessed", WARNING, "assessments", message)
    elif reviewed.next_review_on is not None and reviewed.next_review_on <= today:
        newer = [r for r in own if r.status in _WITH_VENDOR and r.key != reviewed.key]
        if not newer:
            add(
                "review_due",
                WARNING,
                "next_review_on",
                f"The due diligence of “{proc.name}” was reviewed on {reviewed.reviewed_on} "
                f"and is due again since {reviewed.next_review_on}.",
            )
    if proc.risk_rating is RiskRating.HIGH:
        basis = (
            f" by the assessment reviewed on {reviewed.reviewed_on} (score "
            f"{_score(reviewed.score)})"
            if reviewed is not None and reviewed.risk_rating is RiskRating.HIGH
            else ""
        )
        add(
            "processor_high_risk",
            BLOCKING,
            "risk_rating",
            f"“{proc.name}” is rated high risk{basis}: agree corrective measures or stop "
            "using it (Art. 28(1)).",
        )
    return out


def _stage(rec: AssessmentRec) -> str:
    if rec.status is AssessmentStatus.DRAFT:
        return "the questionnaire is a draft, not sent yet"
    if rec.status is AssessmentStatus.ANSWERED:
        when = f" on {rec.answered_on}" if rec.answered_on else ""
        return f"the answers received{when} await review"
    when = f" on {rec.sent_on}" if rec.sent_on else ""
    return f"the questionnaire sent{when} awaits answers"


def _score(value: float | None) -> str:
    return "none" if value is None else f"{value:.0f}/100"


@dataclass(frozen=True)
class AssessmentRow:
    """One line of an assessment list: the record plus the names a reader needs."""

    record: AssessmentRec
    processor_name: str
    template_name: str
    overdue: bool

    @property
    def key(self) -> str:
        return self.record.key


def assessment_rows(
    register: Register, *, processor: str | None = None, today: dt.date | None = None
) -> list[AssessmentRow]:
    """Every assessment (or one processor's), with names, by processor then key."""
    day = today or dt.date.today()
    with register.reading() as session:
        names = dict(session.execute(select(Processor.key, Processor.name)).all())
        titles = {
            (k, v): n
            for k, v, n in session.execute(
                select(
                    QuestionnaireTemplate.key,
                    QuestionnaireTemplate.template_version,
                    QuestionnaireTemplate.name,
                )
            ).all()
        }
        recs = list_assessments(session)
    rows = [
        AssessmentRow(
            record=r,
            processor_name=names.get(r.processor, r.processor),
            template_name=f"{titles.get((r.template, r.template_version), r.template)} "
            f"v{r.template_version}",
            overdue=is_overdue(r, day),
        )
        for r in recs
        if processor is None or r.processor == processor
    ]
    return sorted(rows, key=lambda row: (row.processor_name.casefold(), row.key))


def overdue_assessments(register: Register, *, today: dt.date | None = None) -> list[AssessmentRow]:
    """Questionnaires past their due date without answers."""
    return [row for row in assessment_rows(register, today=today) if row.overdue]


def high_risk_assessments(register: Register) -> list[AssessmentRow]:
    """Assessments rated high risk that still count: answered ones awaiting review, and
    the latest reviewed one of each processor (older reviews are history)."""
    rows = assessment_rows(register)
    latest = {r.key for r in latest_reviewed(row.record for row in rows).values()}
    return [
        row
        for row in rows
        if row.record.risk_rating is RiskRating.HIGH
        and (row.record.status is AssessmentStatus.ANSWERED or row.key in latest)
    ]


def register_assessment_findings(
    register: Register, *, today: dt.date | None = None
) -> list[Finding]:
    """``assessment_findings`` over the whole register, read in one session."""
    from ropa_desktop.services.mapping import processor_to_rec

    with register.reading() as session:
        procs = [
            processor_to_rec(p) for p in session.scalars(select(Processor).order_by(Processor.name))
        ]
        recs = list_assessments(session)
    return assessment_findings(procs, recs, today=today or dt.date.today())
