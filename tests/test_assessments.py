"""Scoring and risk rules, the assessment workflow, templates and due-diligence findings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ropa_desktop.domain.enums import AnswerType, AssessmentStatus, RiskRating
from ropa_desktop.domain.errors import (
    ConflictError,
    ImportFileError,
    NotFoundError,
    ValidationError,
)
from ropa_desktop.domain.records import AnswerRec, QuestionRec, TemplateRec
from ropa_desktop.services import assessments as svc
from ropa_desktop.services.assessment_checks import (
    assessment_findings,
    high_risk_assessments,
    overdue_assessments,
    register_assessment_findings,
)
from ropa_desktop.services.interchange import snapshot
from ropa_desktop.services.processors import get_processor, save_processor
from ropa_desktop.services.register import Register
from ropa_desktop.services.scoring import add_months, parse_answer, score_answers
from ropa_desktop.services.templates import (
    DEFAULT_TEMPLATE,
    install_templates,
    parse_template,
    read_template,
    shipped_templates,
    template_files,
)
from tests.factories import processor

SENT, ANSWERED, REVIEWED = (
    AssessmentStatus.SENT,
    AssessmentStatus.ANSWERED,
    AssessmentStatus.REVIEWED,
)
YN, YNA = AnswerType.YES_NO, AnswerType.YES_NO_NA
QUESTIONS = (
    QuestionRec("mfa", "Access", "MFA for admins?", YN, weight=3, critical=True),
    QuestionRec("logs", "Logging", "Access logged?", YN, weight=2),
    QuestionRec("iso", "Certifications", "ISO 27001?", YNA, weight=1),
    QuestionRec("where", "Location", "Where is the data?", AnswerType.TEXT, weight=0),
    QuestionRec("hours", "Breaches", "Notification delay (h)?", AnswerType.NUMBER, weight=0),
)
SMALL = TemplateRec("small", 1, "Small questionnaire", review_cycle_months=6, questions=QUESTIONS)
DAY = dt.date(2026, 3, 2)


def answers(**values: str) -> tuple[AnswerRec, ...]:
    return tuple(AnswerRec(code, value) for code, value in values.items())


# --- answer values ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "raw", "stored"),
    [
        ("mfa", " Yes ", "yes"),
        ("mfa", "NO", "no"),
        ("iso", "Not applicable", "na"),
        ("iso", "n/a", "na"),
        ("hours", "24", "24"),
        ("hours", "1,5", "1.5"),
        ("where", "  Frankfurt, Germany ", "Frankfurt, Germany"),
        ("mfa", "   ", ""),
    ],
)
def test_answers_are_stored_in_one_form(code: str, raw: str, stored: str) -> None:
    question = next(q for q in QUESTIONS if q.code == code)
    assert parse_answer(question, raw) == stored


@pytest.mark.parametrize(
    ("code", "raw", "says"),
    [
        ("mfa", "Not applicable", "use Yes, No"),  # a yes/no question has no N/A
        ("mfa", "maybe", "is not an answer"),
        ("hours", "soon", "is not a number"),
        ("hours", "inf", "is not a number"),
    ],
)
def test_answers_that_do_not_fit_are_refused(code: str, raw: str, says: str) -> None:
    question = next(q for q in QUESTIONS if q.code == code)
    with pytest.raises(ValueError, match=says):
        parse_answer(question, raw)


def test_date_answers_are_iso_dates() -> None:
    question = QuestionRec("since", "S", "Since when?", AnswerType.DATE)
    assert parse_answer(question, "2025-06-30") == "2025-06-30"
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_answer(question, "30/06/2025")


# --- score and risk ---------------------------------------------------------------------


def test_all_yes_scores_100_and_low_risk() -> None:
    result = score_answers(QUESTIONS, answers(mfa="yes", logs="yes", iso="yes"))
    assert (result.score, result.risk) == (100.0, RiskRating.LOW)


def test_score_is_weighted_over_answered_applicable_questions() -> None:
    # mfa yes (3), logs no (2), iso not applicable (left out): 3 / 5 = 60 %.
    result = score_answers(QUESTIONS, answers(mfa="yes", logs="no", iso="na"))
    assert result.score == 60.0
    assert result.risk is RiskRating.MEDIUM
    assert (result.answered, result.scored) == (2, 2)


def test_a_no_on_a_critical_question_is_high_risk_whatever_the_score() -> None:
    many = (*QUESTIONS, *(QuestionRec(f"q{i}", "More", "?", YN, weight=10) for i in range(9)))
    given_answers = answers(mfa="no", logs="yes", iso="yes", **{f"q{i}": "yes" for i in range(9)})
    result = score_answers(many, given_answers)
    assert result.score is not None and result.score > 95
    assert result.risk is RiskRating.HIGH
    assert result.critical_no == ("mfa",)
    assert "high risk whatever the score" in " ".join(result.reasons())


def test_nothing_answered_is_not_assessed() -> None:
    result = score_answers(QUESTIONS, answers(where="Paris", hours="24", iso="na"))
    assert (result.score, result.risk) == (None, RiskRating.NOT_ASSESSED)


def test_an_unanswered_critical_question_keeps_the_rating_above_low() -> None:
    result = score_answers(QUESTIONS, answers(logs="yes", iso="yes"))
    assert result.score == 100.0
    assert result.risk is RiskRating.MEDIUM
    assert result.critical_open == ("mfa",)


def test_low_needs_most_of_the_weight_answered() -> None:
    many = (*QUESTIONS, QuestionRec("big", "More", "?", YN, weight=10))
    # 6 of 16 applicable weight answered, all yes: a perfect but thin score.
    result = score_answers(many, answers(mfa="yes", logs="yes", iso="yes"))
    assert result.score == 100.0
    assert result.coverage < 0.8
    assert result.risk is RiskRating.MEDIUM


@pytest.mark.parametrize(
    ("yes", "no", "risk"),
    [
        (80, 20, RiskRating.LOW),
        (79, 21, RiskRating.MEDIUM),
        (50, 50, RiskRating.MEDIUM),
        (49, 51, RiskRating.HIGH),
    ],
)
def test_thresholds(yes: int, no: int, risk: RiskRating) -> None:
    qs = (QuestionRec("y", "S", "?", YN, weight=yes), QuestionRec("n", "S", "?", YN, weight=no))
    assert score_answers(qs, answers(y="yes", n="no")).risk is risk


@given(st.lists(st.sampled_from(["yes", "no", "na", ""]), min_size=3, max_size=3))
def test_score_bounds_and_critical_rule_hold_for_any_answers(values: list[str]) -> None:
    qs = tuple(dataclasses.replace(q, answer_type=YNA) for q in QUESTIONS[:3])
    given_answers = tuple(AnswerRec(q.code, v) for q, v in zip(qs, values, strict=True))
    result = score_answers(qs, given_answers)
    assert result.score is None or 0 <= result.score <= 100
    assert (values[0] == "no") <= (result.risk is RiskRating.HIGH)
    if result.risk is RiskRating.LOW:  # the critical question is answered, and not “no”
        assert values[0] in ("yes", "na")


def test_turning_a_no_into_a_yes_never_raises_the_risk() -> None:
    order = [RiskRating.NOT_ASSESSED, RiskRating.LOW, RiskRating.MEDIUM, RiskRating.HIGH]
    before = score_answers(QUESTIONS, answers(mfa="yes", logs="no", iso="no"))
    after = score_answers(QUESTIONS, answers(mfa="yes", logs="yes", iso="no"))
    assert order.index(after.risk) <= order.index(before.risk)
    assert after.score is not None and before.score is not None and after.score > before.score


def test_add_months_keeps_month_ends() -> None:
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2025, 11, 15), 12) == dt.date(2026, 11, 15)
    assert add_months(dt.date(2025, 12, 1), 1) == dt.date(2026, 1, 1)


# --- templates --------------------------------------------------------------------------


def test_the_default_questionnaire_covers_articles_28_and_32() -> None:
    (default,) = [t for t in shipped_templates() if t.key == DEFAULT_TEMPLATE]
    text = " ".join(f"{q.section} {q.text}".casefold() for q in default.questions)
    for topic in (
        "confidentiality",
        "sub-processor",
        "outside the european economic area",
        "in transit",
        "at rest",
        "multi-factor",
        "logged",
        "backup",
        "restoring",
        "incident",
        "breach",
        "iso/iec 27001",
        "soc 2",
        "delete or return",
        "audits",
        "data protection officer",
        "training",
    ):
        assert topic in text, topic
    assert all(q.answer_type in (YN, YNA) for q in default.questions if q.critical)
    assert default.review_cycle_months == 12


def test_template_files_are_named_after_key_and_version() -> None:
    for path in template_files():
        rec = read_template(path)
        assert path.name == f"{rec.key}.v{rec.template_version}.json"


def test_bad_template_files_get_one_sentence(tmp_path: Path) -> None:
    good = json.loads(template_files()[0].read_text(encoding="utf-8"))
    cases = {
        "not json": b"{",
        "wrong format": json.dumps({"format": "other"}).encode(),
        "bad weight": json.dumps(
            {**good, "questions": [{**good["questions"][0], "weight": 1000}]}
        ).encode(),
        "critical text": json.dumps(
            {**good, "questions": [{**good["questions"][6], "critical": True}]}
        ).encode(),
        "twice": json.dumps({**good, "questions": [good["questions"][0]] * 2}).encode(),
    }
    for what, data in cases.items():
        with pytest.raises(ImportFileError) as info:
            parse_template(data, name="t.json")
        assert str(info.value).startswith("t.json"), what
    with pytest.raises(ImportFileError, match="No file"):
        read_template(tmp_path / "missing.json")


def test_installing_templates_is_idempotent_and_versions_are_immutable(
    register: Register,
) -> None:
    assert [t.key for t in install_templates(register)] == [DEFAULT_TEMPLATE]
    assert install_templates(register) == []
    changed = dataclasses.replace(shipped_templates()[0], name="Edited in place")
    with pytest.raises(ValidationError, match="new version"):
        install_templates(register, [changed])
    v2 = dataclasses.replace(changed, template_version=2)
    assert install_templates(register, [v2]) == [v2]
    assert len(snapshot(register).questionnaires) == 2


# --- workflow ---------------------------------------------------------------------------


@pytest.fixture
def started(org_register: Register) -> tuple[Register, svc.AssessmentRec]:
    save_processor(org_register, record=processor())
    install_templates(org_register, [SMALL])
    rec = svc.start_assessment(org_register, processor="proc-mail", template="small")
    return org_register, rec


def test_a_full_round_of_due_diligence(started: tuple[Register, svc.AssessmentRec]) -> None:
    register, rec = started
    assert (rec.status, rec.key, rec.template_version) == (
        AssessmentStatus.DRAFT,
        "asm-proc-mail-1",
        1,
    )
    rec = svc.advance(register, record=rec, to=SENT, on=DAY)
    assert (rec.sent_on, rec.due_on) == (DAY, DAY + dt.timedelta(days=30))
    filled = dataclasses.replace(
        rec,
        answers=(
            AnswerRec("mfa", "Yes", "Enforced for all admins", "SEC-POL-4 §2"),
            AnswerRec("logs", "no", "Planned for Q3"),
            AnswerRec("hours", "48"),
        ),
    )
    rec = svc.advance(register, record=filled, to=ANSWERED, on=DAY + dt.timedelta(days=10))
    assert rec.answers == (  # stored forms, in question-code order
        AnswerRec("hours", "48"),
        AnswerRec("logs", "no", "Planned for Q3"),
        AnswerRec("mfa", "yes", "Enforced for all admins", "SEC-POL-4 §2"),
    )
    assert (rec.score, rec.risk_rating) == (60.0, RiskRating.MEDIUM)
    reviewed_on = dt.date(2026, 8, 31)
    rec = svc.advance(register, record=rec, to=REVIEWED, on=reviewed_on)
    assert rec.next_review_on == dt.date(2027, 2, 28)  # six-month cycle, month end kept
    assert get_processor(register, key="proc-mail").risk_rating is RiskRating.MEDIUM
    assert svc.get_assessment(register, key=rec.key) == rec


def test_the_latest_review_sets_the_processor_rating(
    started: tuple[Register, svc.AssessmentRec],
) -> None:
    register, first = started

    def review(rec: svc.AssessmentRec, on: dt.date, **values: str) -> None:
        rec = svc.advance(register, record=rec, to=SENT, on=on)
        rec = dataclasses.replace(rec, answers=answers(**values))
        rec = svc.advance(register, record=rec, to=ANSWERED, on=on)
        svc.advance(register, record=rec, to=REVIEWED, on=on)

    review(first, DAY, mfa="no", logs="yes", iso="yes")
    assert get_processor(register, key="proc-mail").risk_rating is RiskRating.HIGH
    second = svc.start_assessment(register, processor="proc-mail", template="small")
    assert second.key == "asm-proc-mail-2"
    review(second, DAY + dt.timedelta(days=200), mfa="yes", logs="yes", iso="yes")
    assert get_processor(register, key="proc-mail").risk_rating is RiskRating.LOW


@pytest.mark.parametrize(
    ("path", "to"),
    [
        ((), ANSWERED),  # draft -> answered skips sending
        ((), REVIEWED),
        ((SENT,), REVIEWED),  # sent -> reviewed skips the answers
        ((SENT,), SENT),
        ((SENT, ANSWERED, REVIEWED), ANSWERED),  # a review is final
        ((SENT, ANSWERED, REVIEWED), AssessmentStatus.DRAFT),
    ],
)
def test_illegal_moves_are_refused_and_change_nothing(
    started: tuple[Register, svc.AssessmentRec],
    path: tuple[AssessmentStatus, ...],
    to: AssessmentStatus,
) -> None:
    register, rec = started
    rec = dataclasses.replace(rec, answers=answers(mfa="yes"))
    for step in path:
        rec = svc.advance(register, record=rec, to=step, on=DAY)
    before = svc.get_assessment(register, key=rec.key)
    with pytest.raises(ValidationError, match="status"):
        svc.advance(register, record=rec, to=to, on=DAY)
    assert svc.get_assessment(register, key=rec.key) == before


def test_steps_back_clear_the_date_of_the_step_undone(
    started: tuple[Register, svc.AssessmentRec],
) -> None:
    register, rec = started
    rec = svc.advance(register, record=rec, to=SENT, on=DAY)
    rec = svc.advance(register, record=rec, to=AssessmentStatus.DRAFT, on=DAY)
    assert (rec.status, rec.sent_on) == (AssessmentStatus.DRAFT, None)
    rec = svc.advance(register, record=rec, to=SENT, on=DAY)
    rec = dataclasses.replace(rec, answers=answers(logs="yes"))
    rec = svc.advance(register, record=rec, to=ANSWERED, on=DAY)
    rec = svc.advance(register, record=rec, to=SENT, on=DAY)
    assert (rec.status, rec.sent_on, rec.answered_on) == (SENT, DAY, None)


def test_answered_needs_answers_and_reviewed_needs_a_score(
    started: tuple[Register, svc.AssessmentRec],
) -> None:
    register, rec = started
    rec = svc.advance(register, record=rec, to=SENT, on=DAY)
    with pytest.raises(ValidationError, match="no question is answered"):
        svc.advance(register, record=rec, to=ANSWERED, on=DAY)
    rec = dataclasses.replace(rec, answers=answers(where="Ireland"))
    rec = svc.advance(register, record=rec, to=ANSWERED, on=DAY)
    with pytest.raises(ValidationError, match="nothing to rate"):
        svc.advance(register, record=rec, to=REVIEWED, on=DAY)


def test_bad_edits_are_refused_with_the_field_named(
    started: tuple[Register, svc.AssessmentRec],
) -> None:
    register, rec = started
    bad = dataclasses.replace(
        rec,
        answers=(AnswerRec("mfa", "perhaps"), AnswerRec("nope", "yes"), AnswerRec("logs", "yes")),
    )
    with pytest.raises(ValidationError) as info:
        svc.save_answers(register, record=bad)
    fields = [e.field for e in info.value.errors]
    assert fields == ["answers[1].value", "answers[2].question"]
    with pytest.raises(ValidationError, match="processor"):
        svc.save_answers(register, record=dataclasses.replace(rec, processor="other"))
    with pytest.raises(ValidationError, match="due_on"):
        sent = svc.advance(register, record=rec, to=SENT, on=DAY)
        svc.save_answers(register, record=dataclasses.replace(sent, due_on=DAY.replace(day=1)))
    assert svc.get_assessment(register, key=rec.key).answers == ()


def test_a_stale_edit_is_a_conflict(started: tuple[Register, svc.AssessmentRec]) -> None:
    register, rec = started
    svc.save_answers(register, record=dataclasses.replace(rec, answers=answers(mfa="yes")))
    with pytest.raises(ConflictError):
        svc.save_answers(register, record=dataclasses.replace(rec, answers=answers(mfa="no")))


def test_a_reviewed_assessment_cannot_be_edited(
    started: tuple[Register, svc.AssessmentRec],
) -> None:
    register, rec = started
    rec = svc.advance(register, record=rec, to=SENT, on=DAY)
    rec = svc.advance(
        register, record=dataclasses.replace(rec, answers=answers(mfa="yes")), to=ANSWERED, on=DAY
    )
    rec = svc.advance(register, record=rec, to=REVIEWED, on=DAY)
    with pytest.raises(ValidationError, match="start a new assessment"):
        svc.save_answers(register, record=dataclasses.replace(rec, findings="Changed my mind"))


def test_received_answers_merge_and_move_a_sent_assessment(
    started: tuple[Register, svc.AssessmentRec],
) -> None:
    register, rec = started
    with pytest.raises(ValidationError, match="mark it as sent"):
        svc.receive_answers(register, key=rec.key, answers=answers(mfa="yes"))
    rec = svc.save_answers(
        register, record=dataclasses.replace(rec, answers=(AnswerRec("logs", "", "ask IT"),))
    )
    rec = svc.advance(register, record=rec, to=SENT, on=DAY)
    got = svc.receive_answers(
        register,
        key=rec.key,
        answers=(AnswerRec("mfa", "Yes"), AnswerRec("logs", "no", "", "Log policy v2")),
        received_on=DAY,
    )
    assert got.status is ANSWERED and got.answered_on == DAY
    assert got.answers == (
        AnswerRec("logs", "no", "ask IT", "Log policy v2"),
        AnswerRec("mfa", "yes"),
    )


def test_only_drafts_can_be_deleted(started: tuple[Register, svc.AssessmentRec]) -> None:
    register, rec = started
    sent = svc.advance(register, record=rec, to=SENT, on=DAY)
    with pytest.raises(ValidationError, match="only a draft"):
        svc.delete_assessment(register, key=rec.key, version=sent.version)
    back = svc.advance(register, record=sent, to=AssessmentStatus.DRAFT, on=DAY)
    svc.delete_assessment(register, key=rec.key, version=back.version)
    with pytest.raises(NotFoundError):
        svc.get_assessment(register, key=rec.key)


def test_starting_needs_a_known_processor_and_template(
    started: tuple[Register, svc.AssessmentRec],
) -> None:
    register, _ = started
    with pytest.raises(NotFoundError, match="processor"):
        svc.start_assessment(register, processor="ghost", template="small")
    with pytest.raises(NotFoundError, match="questionnaire"):
        svc.start_assessment(register, processor="proc-mail", template="ghost")


# --- findings and lists -----------------------------------------------------------------


def test_due_diligence_findings(started: tuple[Register, svc.AssessmentRec]) -> None:
    register, rec = started
    save_processor(register, record=processor("proc-new", name="Newcomer SA"))

    def codes(today: dt.date) -> dict[tuple[str, str], str]:
        found = register_assessment_findings(register, today=today)
        return {(f.code, f.entity_key): f.severity for f in found}

    assert codes(DAY) == {
        ("processor_never_assessed", "proc-mail"): "warning",
        ("processor_never_assessed", "proc-new"): "warning",
    }
    rec = svc.advance(register, record=rec, to=SENT, on=DAY)
    late = DAY + dt.timedelta(days=31)
    assert ("assessment_overdue", rec.key) in codes(late)
    assert [r.key for r in overdue_assessments(register, today=late)] == [rec.key]
    assert overdue_assessments(register, today=DAY) == []
    rec = dataclasses.replace(rec, answers=answers(mfa="no", logs="yes"))
    rec = svc.advance(register, record=rec, to=ANSWERED, on=DAY)
    assert [r.key for r in high_risk_assessments(register)] == [rec.key]
    svc.advance(register, record=rec, to=REVIEWED, on=DAY)
    found = codes(late)
    assert found[("processor_high_risk", "proc-mail")] == "blocking"
    assert ("processor_never_assessed", "proc-mail") not in found
    assert ("review_due", "proc-mail") not in found
    assert ("review_due", "proc-mail") in codes(add_months(DAY, 6))


def test_review_due_waits_while_a_new_questionnaire_is_out() -> None:
    proc = processor()
    done = svc.AssessmentRec(
        "a1",
        proc.key,
        "small",
        1,
        status=REVIEWED,
        reviewed_on=DAY,
        next_review_on=add_months(DAY, 6),
        score=90.0,
        risk_rating=RiskRating.LOW,
    )
    later = add_months(DAY, 7)
    assert [f.code for f in assessment_findings([proc], [done], today=later)] == ["review_due"]
    out = svc.AssessmentRec("a2", proc.key, "small", 1, status=SENT, sent_on=later)
    assert assessment_findings([proc], [done, out], today=later) == []


def test_high_risk_rating_set_by_hand_is_a_finding_too(org_register: Register) -> None:
    save_processor(org_register, record=processor(risk_rating=RiskRating.HIGH))
    found = register_assessment_findings(org_register, today=DAY)
    assert {f.code for f in found} == {"processor_never_assessed", "processor_high_risk"}


def test_the_audit_trail_shows_what_an_answer_was(
    started: tuple[Register, svc.AssessmentRec],
) -> None:
    from ropa_desktop.services.audit import audit_log

    register, rec = started
    rec = svc.save_answers(register, record=dataclasses.replace(rec, answers=answers(mfa="yes")))
    svc.save_answers(register, record=dataclasses.replace(rec, answers=answers(mfa="no")))
    latest = audit_log(register, entity_key=rec.key)[0]
    assert latest.changes["answers"] == {
        "before": [{"question": "mfa", "value": "yes", "comment": "", "evidence": ""}],
        "after": [{"question": "mfa", "value": "no", "comment": "", "evidence": ""}],
    }
    assert latest.changes["risk_rating"] == {"before": "medium", "after": "high"}


def test_overdue_and_high_risk_show_in_ropa_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ropa_desktop.cli import main
    from ropa_desktop.services.organisation import save_organisation
    from ropa_desktop.services.register import open_register
    from tests.conftest import ORG

    db = tmp_path / "r.sqlite"
    register = open_register(db, actor="dpo")
    try:
        save_organisation(register, record=ORG)
        install_templates(register)
        save_processor(register, record=processor("proc-late", name="Late Vendor"))
        save_processor(register, record=processor("proc-risky", name="Risky Vendor"))
        late = svc.start_assessment(register, processor="proc-late", due_on=DAY)
        svc.advance(register, record=late, to=SENT, on=DAY - dt.timedelta(days=10))
        save_processor(
            register,
            record=dataclasses.replace(
                get_processor(register, key="proc-risky"), risk_rating=RiskRating.HIGH
            ),
        )
    finally:
        register.close()
    assert main(["--db", str(db), "check", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    codes = {(f["code"], f["entity_label"]) for f in found}
    assert ("assessment_overdue", "Late Vendor") in codes
    assert ("processor_high_risk", "Risky Vendor") in codes
