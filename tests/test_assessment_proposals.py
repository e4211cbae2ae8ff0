"""An answered assessment proposes its consequences for the processor; a review needs
every critical answer, whichever door it comes through."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from ropa_desktop.cli import main
from ropa_desktop.domain.enums import AssessmentStatus, RiskRating, TransferSafeguard
from ropa_desktop.domain.errors import ValidationError
from ropa_desktop.domain.records import AnswerRec, AssessmentRec, ProcessorRec, TemplateRec
from ropa_desktop.services import assessments as svc
from ropa_desktop.services.assessment_proposals import (
    accepted,
    latest_answered,
    processor_proposals,
    split_locations,
)
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.processors import get_processor, save_processor
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.services.templates import install_templates
from tests.conftest import ORG
from tests.factories import processor

DAY = dt.date(2026, 3, 2)
EU = processor(locations=("European Union",))


@pytest.fixture
def started(register: Register) -> tuple[Register, AssessmentRec, TemplateRec]:
    save_organisation(register, record=ORG)
    save_processor(register, record=EU)
    install_templates(register)
    rec = svc.start_assessment(register, processor=EU.key)
    rec = svc.advance(register, record=rec, to=AssessmentStatus.SENT, on=DAY)
    return register, rec, svc.template_of(register, rec)


def all_critical(template: TemplateRec, **given: str) -> dict[str, str]:
    answers = {q.code: "yes" for q in template.questions if q.critical}
    answers.update({code.replace("_", "-"): value for code, value in given.items()})
    return answers


def answered(
    register: Register, rec: AssessmentRec, answers: dict[str, str], **evidence: str
) -> AssessmentRec:
    rows = tuple(
        AnswerRec(code, value, evidence=evidence.get(code.replace("-", "_"), ""))
        for code, value in answers.items()
    )
    return svc.advance(
        register,
        record=dataclasses.replace(rec, answers=rows),
        to=AssessmentStatus.ANSWERED,
        on=DAY,
    )


def test_outside_the_eea_proposes_the_places_the_safeguard_and_the_risk(
    started: tuple[Register, AssessmentRec, TemplateRec],
) -> None:
    register, rec, template = started
    answers = all_critical(
        template, data_in_eea="no", data_location="France (OVH), USA (support access)"
    )
    rec = answered(register, rec, answers, transfer_safeguards="SCC module 3, signed 2026-01")
    proc = get_processor(register, key=EU.key)
    found = {p.field: p for p in processor_proposals(proc, rec, template)}
    assert set(found) == {"locations", "transfer_safeguard", "risk_rating"}
    places = found["locations"]
    assert places.value == ("France (OVH)", "USA (support access)")
    numbers = {q.code: n for n, q in enumerate(template.questions, 1)}
    assert places.sentence() == (
        "Processing locations: European Union → France (OVH), USA (support access). "
        f"The vendor answered “No” to question {numbers['data-in-eea']} (all processing within "
        f"the EEA) and named these places in question {numbers['data-location']}."
    )
    assert found["transfer_safeguard"].value is TransferSafeguard.SCC
    assert "“SCC module 3, signed 2026-01”" in found["transfer_safeguard"].reason
    assert found["risk_rating"].value is rec.risk_rating is not RiskRating.NOT_ASSESSED
    # Nothing is written by proposing; each proposal taken leaves the others standing.
    assert get_processor(register, key=EU.key) == proc
    taken = accepted(proc, found["locations"])
    assert {p.field for p in processor_proposals(taken, rec, template)} == {
        "transfer_safeguard",
        "risk_rating",
    }
    for p in found.values():
        proc = accepted(proc, p)
    assert processor_proposals(proc, rec, template) == []


def test_no_safeguard_confirmed_still_says_one_is_needed(
    started: tuple[Register, AssessmentRec, TemplateRec],
) -> None:
    register, rec, template = started
    answers = all_critical(template, data_in_eea="no", transfer_safeguards="no")
    rec = answered(register, rec, answers)
    found = {p.field: p for p in processor_proposals(EU, rec, template)}
    assert "locations" not in found  # the vendor named no place
    assert found["transfer_safeguard"].reason.endswith("accept once it is signed.")
    assert found["risk_rating"].value is RiskRating.HIGH  # a critical “No”


def test_processing_in_the_eea_with_a_safeguard_proposes_nothing_new(
    started: tuple[Register, AssessmentRec, TemplateRec],
) -> None:
    register, rec, template = started
    rec = answered(register, rec, all_critical(template, data_in_eea="yes"))
    proc = dataclasses.replace(EU, risk_rating=rec.risk_rating)
    assert processor_proposals(proc, rec, template) == []
    assert latest_answered([rec]) == rec
    assert latest_answered([dataclasses.replace(rec, status=AssessmentStatus.SENT)]) is None


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("France (OVH), USA (support access)", ("France (OVH)", "USA (support access)")),
        ("Ireland; Germany (Frankfurt, Berlin)\nIndia.", ("Ireland", "Germany (Frankfurt, Berlin)", "India")),
        (" , ", ()),
    ],
)  # fmt: skip
def test_places_are_split_where_the_vendor_separated_them(
    text: str, places: tuple[str, ...]
) -> None:
    assert split_locations(text) == places


def test_a_review_needs_every_critical_answer(
    started: tuple[Register, AssessmentRec, TemplateRec],
) -> None:
    register, rec, template = started
    answers = all_critical(template)
    del answers["access-mfa"], answers["audit-rights"]
    rec = answered(register, rec, answers)
    numbers = {q.code: n for n, q in enumerate(template.questions, 1)}
    with pytest.raises(ValidationError) as info:
        svc.advance(register, record=rec, to=AssessmentStatus.REVIEWED, on=DAY)
    (error,) = info.value.errors
    mfa, audit = numbers["access-mfa"], numbers["audit-rights"]
    assert error.message == (
        "2 critical questions are unanswered, so it cannot be marked as reviewed: answer "
        f"questions {mfa} (“Is multi-factor authentication required for all administrative "
        f"access…”) and {audit} (“Will you make available all information needed to…”)"
    )
    assert svc.get_assessment(register, key=rec.key).status is AssessmentStatus.ANSWERED
    # “No” is an answer: the review goes through, and rates the processor high risk.
    rec = dataclasses.replace(
        rec, answers=(*rec.answers, AnswerRec("access-mfa", "no"), AnswerRec("audit-rights", "yes"))
    )
    rec = svc.advance(register, record=rec, to=AssessmentStatus.REVIEWED, on=DAY)
    assert rec.status is AssessmentStatus.REVIEWED
    assert get_processor(register, key=EU.key).risk_rating is RiskRating.HIGH


def test_an_import_cannot_review_an_assessment_with_critical_questions_blank(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "register.sqlite")
    register = open_register(db, actor="tester")
    try:
        save_organisation(register, record=ORG)
        save_processor(register, record=EU)
        install_templates(register)
        rec = svc.start_assessment(register, processor=EU.key)
        rec = svc.advance(register, record=rec, to=AssessmentStatus.SENT, on=DAY)
        rec = answered(register, rec, {"access-mfa": "yes"})
    finally:
        register.close()
    out = tmp_path / "register.json"
    assert main(["--db", db, "export", "json", "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    (exported,) = doc["assessments"]
    exported.update(status="reviewed", reviewed_on="2026-03-09", next_review_on="2027-03-09")
    out.write_text(json.dumps(doc), encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", db, "import", "json", str(out)]) == 2
    said = capsys.readouterr().err.strip()
    assert len(said.splitlines()) == 1
    assert "critical questions are unanswered, so it cannot be marked as reviewed" in said
    assert "Traceback" not in said
    assert said.startswith("ropa: The assessment of “Mailer GmbH”: ")
    register = open_register(db, actor="tester")
    try:
        assert svc.get_assessment(register, key=rec.key).status is AssessmentStatus.ANSWERED
    finally:
        register.close()


def test_a_template_without_the_location_questions_proposes_the_risk_only() -> None:
    template = TemplateRec("tiny", 1, "Tiny", questions=())
    rec = AssessmentRec(
        "a1", "proc-mail", "tiny", 1, status=AssessmentStatus.ANSWERED, answered_on=DAY,
        risk_rating=RiskRating.MEDIUM, score=70.0,
        answers=(AnswerRec("data-in-eea", "no"), AnswerRec("data-location", "USA")),
    )  # fmt: skip
    (only,) = processor_proposals(ProcessorRec("proc-mail", "Mailer GmbH"), rec, template)
    assert (only.field, only.current, only.proposed) == ("risk_rating", "Not assessed", "Medium")
    assert only.reason == "The assessment scores 70/100 and rates the processor medium risk."


def test_a_backup_restores_a_review_recorded_before_the_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An export holding a review with a critical question blank (made before the rule, or
    by another version) comes back whole into an empty register: a backup is not judged."""
    db = str(tmp_path / "register.sqlite")
    register = open_register(db, actor="tester")
    try:
        save_organisation(register, record=ORG)
        save_processor(register, record=EU)
        install_templates(register)
        rec = svc.start_assessment(register, processor=EU.key)
        rec = svc.advance(register, record=rec, to=AssessmentStatus.SENT, on=DAY)
        rec = answered(register, rec, {"access-mfa": "yes"})
    finally:
        register.close()
    out = tmp_path / "register.json"
    assert main(["--db", db, "export", "json", "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc["assessments"][0].update(
        status="reviewed", reviewed_on="2026-03-09", next_review_on="2027-03-09"
    )
    out.write_text(json.dumps(doc), encoding="utf-8")
    fresh = str(tmp_path / "restored.sqlite")
    assert main(["--db", fresh, "init"]) == 0
    assert main(["--db", fresh, "import", "json", str(out)]) == 0
    restored = open_register(fresh, actor="tester")
    try:
        assert svc.get_assessment(restored, key=rec.key).status is AssessmentStatus.REVIEWED
    finally:
        restored.close()
