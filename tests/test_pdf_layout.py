"""What the PDF says and where: plain-words labels, empty fields, groups, rows kept whole."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from ropa_desktop.domain.enums import LegalBasis, Role
from ropa_desktop.domain.records import (
    ActivityRec,
    OrganisationRec,
    ProcessorRec,
    PurposeRec,
    RetentionRuleRec,
)
from ropa_desktop.exporters.pdf import document_findings
from ropa_desktop.exporters.pdf import styles as S
from ropa_desktop.exporters.pdf.model import Marks, confirm_fields
from ropa_desktop.importers.json_import import read_document
from ropa_desktop.importers.sample import SAMPLE_PATH
from ropa_desktop.services.checks import FIELD_LABELS
from ropa_desktop.services.interchange import RegisterDoc
from tests.test_pdf_export import ORG, flat, make_doc, pages_text, render

SAMPLE_AS_OF = dt.date(2026, 11, 25)


def section(pages: list[str], start: str, end: str | None = None) -> str:
    """The flattened text of the pages from the one starting with ``start`` to ``end``."""
    flats = [flat(p) for p in pages]
    first = next(i for i, p in enumerate(flats) if p.startswith(start))
    stop = next((i for i, p in enumerate(flats) if end and p.startswith(end)), len(flats))
    return " ".join(flats[first:stop])


@pytest.fixture(scope="module")
def sample() -> tuple[RegisterDoc, bytes]:
    doc = read_document(SAMPLE_PATH)
    return doc, render(doc, as_of=SAMPLE_AS_OF)


def test_sample_prints_no_rule_key_or_field_name(sample: tuple[RegisterDoc, bytes]) -> None:
    doc, pdf = sample
    text = flat(" ".join(pages_text(pdf)))
    for rule in doc.retention_rules:
        assert rule.key not in text
    records = (ActivityRec, ProcessorRec, OrganisationRec, RetentionRuleRec, PurposeRec)
    names = {f.name for rec in records for f in dataclasses.fields(rec)} | set(FIELD_LABELS)
    raw = sorted(n for n in names if ("_" in n or "." in n) and n in text)
    assert raw == []


def test_to_confirm_never_wraps_inside_the_tag(sample: tuple[RegisterDoc, bytes]) -> None:
    _doc, pdf = sample
    text = "\n".join(pages_text(pdf))
    assert "TO CONFIRM" in text
    assert not re.search(r"TO\s*\n\s*CONFIRM", text)
    assert "TO\u00a0CONFIRM" in S.TO_CONFIRM


def test_footers_show_the_same_short_hash_on_portrait_and_landscape_pages(
    sample: tuple[RegisterDoc, bytes],
) -> None:
    _doc, pdf = sample
    reader = PdfReader(io.BytesIO(pdf))
    shapes, hashes = set(), set()
    for page in reader.pages:
        shapes.add(page.mediabox.width > page.mediabox.height)
        hashes.update(re.findall(r"SHA-256 ([0-9a-f]+)…", page.extract_text()))
    assert shapes == {True, False}
    assert len(hashes) == 1 and len(hashes.pop()) == 16


def _doc_with(act: ActivityRec | None = None, **changes: object) -> RegisterDoc:
    doc = make_doc(2)
    acts = [act, *doc.activities[1:]] if act else doc.activities
    return dataclasses.replace(doc, activities=acts, **changes)


def test_purposes_show_the_balancing_test_or_consent_only_under_their_basis() -> None:
    act = dataclasses.replace(
        make_doc(1).activities[0],
        purposes=(
            PurposeRec("Newsletter", LegalBasis.CONSENT, consent_mechanism="Tick box"),
            PurposeRec("Audience", LegalBasis.LEGITIMATE_INTERESTS),
            PurposeRec("Orders", LegalBasis.CONTRACT),
        ),
        to_confirm=("purposes.lia_reference", "purposes.consent_mechanism"),
    )
    text = section(pages_text(render(_doc_with(act))), "PA-01 — ", "PA-02 — ")
    purposes = text[text.index("1. Newsletter") : text.index("Categories of data subjects")]
    assert purposes.count("Balancing test (LIA)") == 1
    assert "2. Audience Legal basis: Legitimate interests (Art. 6(1)(f)) Balancing test" in purposes
    assert purposes.count("Consent is given") == purposes.count("Consent is withdrawn") == 1
    assert "Consent is given: Tick box TO CONFIRM Consent is withdrawn" in purposes
    assert "3. Orders Legal basis: Contract (Art. 6(1)(b))" in purposes


def test_empty_joint_controllers_and_transfers_say_none_recorded() -> None:
    base = make_doc(1).activities[0]
    plain = dataclasses.replace(base, role=Role.CONTROLLER, joint_controllers="", transfers=())
    text = section(pages_text(render(_doc_with(plain))), "PA-01 — ", "PA-02 — ")
    assert "Joint controllers (Art. 26) None recorded" in text
    assert "Transfers outside the EEA (Art. 30(1)(e)) None recorded" in text
    assert "Not applicable" not in text.split("Controllers on whose behalf")[0]
    joint = dataclasses.replace(plain, role=Role.JOINT_CONTROLLER)
    text = section(pages_text(render(_doc_with(joint))), "PA-01 — ", "PA-02 — ")
    assert "Joint controllers (Art. 26) Not recorded" in text  # required, so a gap


def test_controller_page_lists_its_findings_and_rights_as_bullets() -> None:
    org = dataclasses.replace(
        ORG,
        data_subject_rights="Access: write to us\nErasure, where the law allows it",
        to_confirm=("registration_number", "dpo_email: awaiting the DPO's reply"),
    )
    pages = pages_text(render(_doc_with(organisation=org)))
    text = section(pages, "Controller", "Processing activities")
    assert "• Access: write to us • Erasure, where the law allows it" in text
    # Its two marks, in one line.
    assert "Open findings Warning 2 fields to confirm — Registration number, DPO e-mail" in text
    assert "DPO e-mail TO CONFIRM dpo@acme.example To confirm: awaiting the DPO's reply" in text
    findings = section(pages, "Annex D")
    assert "DPO e-mail" in findings and "Dpo email" not in findings


def test_notes_of_marks_print_beside_their_field() -> None:
    act = dataclasses.replace(
        make_doc(1).activities[0],
        to_confirm=("owner_department: ask HR", "purposes.legal_basis: check with legal"),
    )
    text = section(pages_text(render(_doc_with(act))), "PA-01 — ", "PA-02 — ")
    assert "Owner department TO CONFIRM" in text and "To confirm: ask HR" in text
    assert "TO CONFIRM (check with legal)" in text
    assert "Also marked to confirm" not in text


def test_processor_rows_name_each_contact_field_and_the_assessments() -> None:
    doc = make_doc(1)
    mailer = dataclasses.replace(doc.processors[0], to_confirm=("contact_email",))
    text = section(
        pages_text(render(_doc_with(processors=[mailer, *doc.processors[1:]]))),
        "Annex A",
        "Annex B",
    )
    assert "Contact e-mail TO CONFIRM" in text
    assert text.count("TO CONFIRM") == 1  # once for the field, not again beside its value
    assert "Assessments • Vendor security questionnaire (version 2) — Reviewed" in text
    assert "Assessments None recorded" in text  # Cloud Inc
    assert "No assessment of this processor is recorded" not in text


def test_findings_annex_names_each_record_once_blocking_first(pdf_doc: RegisterDoc) -> None:
    found = document_findings(pdf_doc, today=dt.date(2025, 6, 30))
    text = section(pages_text(render(pdf_doc)), "Annex D")
    title = "Activity PA-01 · Activity number 1 ("
    assert text.count(title) == 1
    group = text[text.index(title) : text.index("Processor Cloud Inc (")]
    assert group.rindex("Blocking") < group.index("Warning")
    assert "Purposes, item 1" in group and "Legal basis of the purposes" in group
    # Records with a blocking finding first, then in the register's order.
    blocking = [text.index(title), text.index("Processor Cloud Inc (")]
    assert max(blocking) < text.index("Organisation Acme SAS (")
    rules = [f for f in found if f.entity_type == "retention_rule"]
    order = {f.entity_key: text.index(f"Retention rule {f.entity_label} (") for f in rules}
    assert order["ret-1"] < order["ret-2"] < order["aaa-first-key"]  # act-1, act-2, act-3


@pytest.fixture(scope="module")
def pdf_doc() -> RegisterDoc:
    return make_doc()


def test_retention_rows_stay_on_one_page_unless_taller_than_a_page() -> None:
    words = ["retained", "as", "the", "policy", "states", "and", "then", "erased"]
    rules = [
        RetentionRuleRec(
            key=f"r-{i:02d}",
            activity="act-1",
            data_description=f"BEGIN{i:02d} {' '.join(words * (2 + i % 7))} END{i:02d}",
            legal_reference="Law",
        )
        for i in range(40)
    ]
    giant = " ".join(words * 400)
    rules.append(RetentionRuleRec("r-giant", "act-1", data_description=f"BEGIN99 {giant} END99"))
    pages = [flat(p) for p in pages_text(render(_doc_with(retention_rules=rules)))]
    annex = next(i for i, p in enumerate(pages) if p.startswith("Annex B"))

    def page_of(token: str) -> int:  # in the schedule; activity pages list the rules too
        return next(i for i, p in enumerate(pages) if token in p and i >= annex)

    for i in range(40):
        assert page_of(f"BEGIN{i:02d}") == page_of(f"END{i:02d}"), i
    assert page_of("BEGIN99") < page_of("END99")  # cut, since no page holds it whole


def test_marks_read_the_field_before_the_colon() -> None:
    marks = Marks(["purposes.legal_basis: ask legal", "dpo_email: x", "dpo_email: y", "owner"])
    assert confirm_fields(marks.notes) == {"purposes", "dpo_email", "owner"}
    assert marks.any("dpo_email") and not marks.any("dpo_name")
    assert "x; y" in marks.note("dpo_email") and marks.note("owner") == ""
    assert marks.flag("dpo_name") == "" and S.TO_CONFIRM in marks.flag("owner")
