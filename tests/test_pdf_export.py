"""The PDF register: content, contents page numbers, fonts, metadata, reproducibility."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from ropa_desktop.domain.enums import (
    AnswerType,
    Art9Condition,
    AssessmentStatus,
    DpiaCriterion,
    EndOfLifeAction,
    LegalBasis,
    RetentionUnit,
    RiskRating,
    Role,
    TransferSafeguard,
    TriggerEvent,
)
from ropa_desktop.domain.errors import RopaError
from ropa_desktop.domain.records import (
    AnswerRec,
    AssessmentRec,
    DataUseRec,
    OrganisationRec,
    PurposeRec,
    QuestionRec,
    RetentionRuleRec,
    TemplateRec,
    TransferRec,
)
from ropa_desktop.exporters.json_export import document_bytes, register_sha256
from ropa_desktop.exporters.pdf import document_findings, export_pdf, register_pdf, register_version
from ropa_desktop.exporters.pdf.activity import ACTIVITY_LABELS
from ropa_desktop.exporters.pdf.annexes import ANNEXES, PROCESSOR_LABELS
from ropa_desktop.services.activities import save_activity
from ropa_desktop.services.audit import chain_head
from ropa_desktop.services.catalogues import builtin_entries
from ropa_desktop.services.context import register_findings
from ropa_desktop.services.interchange import RegisterDoc, from_document, snapshot, to_document
from ropa_desktop.services.processors import save_processor
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import save_rule
from tests.factories import complete_activity, processor, retention_for

AS_OF = dt.date(2025, 6, 30)
ORG = OrganisationRec(
    key="acme",
    name="Acme SAS",
    address="1 rue de la Paix\n75002 Paris",
    contact_email="privacy@acme.example",
    dpo_name="D. Poe",
    dpo_email="dpo@acme.example",
    to_confirm=("registration_number",),
)


def make_doc(n: int = 3, *, org: OrganisationRec | None = ORG) -> RegisterDoc:
    """A register document with every kind of record, built without a database."""
    acts = [
        complete_activity(key=f"act-{i}", reference=f"PA-{i:02d}", name=f"Activity number {i}")
        for i in range(1, n + 1)
    ]
    acts[0] = dataclasses.replace(
        acts[0],
        role=Role.JOINT_CONTROLLER,
        joint_controllers="Partner GmbH",
        processors=("proc-mail", "proc-cloud"),
        transfers=(
            TransferRec("United States", "Cloud Inc", TransferSafeguard.SCC, "TIA-2024-07"),
            TransferRec("India", "Support centre"),
        ),
        data_categories=(
            DataUseRec("identity"),
            DataUseRec("health", Art9Condition.EXPLICIT_CONSENT, note="Allergies only"),
        ),
        purposes=(
            PurposeRec("Send the newsletter", LegalBasis.CONSENT, consent_mechanism="Tick box"),
            PurposeRec("Measure audience", LegalBasis.LEGITIMATE_INTERESTS),
        ),
        dpia_criteria=(DpiaCriterion.SENSITIVE_DATA, DpiaCriterion.LARGE_SCALE),
        to_confirm=("owner_department", "purposes.legal_basis", "legacy_field"),
    )
    rules = [
        retention_for("act-1"),
        RetentionRuleRec(
            key="ret-2",
            activity="act-2",
            data_description="Invoices",
            duration_value=10,
            duration_unit=RetentionUnit.YEARS,
            trigger=TriggerEvent.END_OF_CONTRACT,
            end_of_life_action=EndOfLifeAction.DELETE,
            legal_reference="Code de commerce, art. L123-22",
            owner="Finance",
            review_cycle_months=12,
            to_confirm=("owner",),
        ),
        RetentionRuleRec(key="aaa-first-key", activity="act-3", open_ended_term="While useful"),
    ]
    procs = [
        processor(dpa_signed_on=dt.date(2024, 1, 15), risk_rating=RiskRating.LOW),
        processor(
            "proc-cloud",
            name="Cloud Inc",
            locations=("United States",),
            transfer_safeguard=TransferSafeguard.SCC,
        ),
    ]
    question = QuestionRec("Q1", "Security", "Do you encrypt data at rest?", AnswerType.YES_NO)
    template = TemplateRec("vendor", 2, "Vendor security questionnaire", questions=(question,))
    assessment = AssessmentRec(
        key="as-1",
        processor="proc-mail",
        template="vendor",
        template_version=2,
        status=AssessmentStatus.REVIEWED,
        score=87.5,
        answers=(AnswerRec("Q1", "yes", "AES-256 on every disk", "SOC 2 report 2024"),),
    )
    return RegisterDoc(org, builtin_entries(), acts, procs, [template], [assessment], rules)


def render(doc: RegisterDoc, *, version: int = 7, as_of: dt.date = AS_OF) -> bytes:
    return register_pdf(
        doc, findings=document_findings(doc, today=as_of), version=version, as_of=as_of
    )


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def doc() -> RegisterDoc:
    return make_doc()


@pytest.fixture(scope="module")
def pdf(doc: RegisterDoc) -> bytes:
    return render(doc)


def test_every_activity_name_and_field_label_is_printed(doc: RegisterDoc, pdf: bytes) -> None:
    text = flat(" ".join(pages_text(pdf)))
    for act in doc.activities:
        assert f"{act.reference} — {act.name}" in text
    for label in [*ACTIVITY_LABELS.values(), *PROCESSOR_LABELS.values()]:
        assert label in text, label
    for _key, title in ANNEXES:
        assert title in text


def test_values_use_labels_and_catalogue_names_not_keys(pdf: bytes) -> None:
    text = flat(" ".join(pages_text(pdf)))
    assert "Joint controller" in text and "Partner GmbH" in text
    assert "Consent (Art. 6(1)(a))" in text
    assert "Explicit consent (Art. 9(2)(a))" in text
    assert "Standard contractual clauses (Art. 46(2)(c))" in text
    assert "Role-based access control" in text  # the catalogue name of "access-control"
    assert "access-control" not in text
    assert "Not recorded" in text
    assert "2 of 9 criteria marked: a DPIA is required (two or more)" in text
    assert "10 years" in text and "End of contract" in text
    assert "Do you encrypt data at rest?" in text and "SOC 2 report 2024" in text


def test_fields_to_confirm_are_flagged_next_to_their_label(pdf: bytes) -> None:
    text = flat(" ".join(pages_text(pdf)))
    assert "Owner department TO CONFIRM" in text
    assert "Legal basis: Consent (Art. 6(1)(a)) TO CONFIRM" in text
    assert "Also marked to confirm TO CONFIRM • legacy_field" in text
    assert "Registration number TO CONFIRM" in text


def test_contents_page_numbers_match_the_pages_where_sections_start(
    doc: RegisterDoc, pdf: bytes
) -> None:
    pages = [flat(t) for t in pages_text(pdf)]
    contents = pages[1]
    assert contents.startswith("Contents")
    titles = [
        "Sign-off",
        "Controller",
        "Processing activities",
        *(f"{a.reference} — {a.name}" for a in doc.activities),
        *(title for _key, title in ANNEXES),
    ]
    for title in titles:
        printed = re.search(re.escape(title) + r" (\d+)", contents)
        assert printed is not None, title
        start = next(i + 1 for i, text in enumerate(pages) if text.startswith(title))
        assert int(printed.group(1)) == start, title


def test_outline_points_at_each_section(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    top = [item for item in reader.outline if not isinstance(item, list)]
    titles = [item.title for item in top]
    assert titles == [
        "Sign-off",
        "Controller",
        "Processing activities",
        *(t for _k, t in ANNEXES),
    ]
    nested = next(item for item in reader.outline if isinstance(item, list))
    assert [item.title for item in nested] == [f"PA-0{i} — Activity number {i}" for i in (1, 2, 3)]
    first = reader.get_destination_page_number(nested[0])
    assert flat(reader.pages[first].extract_text()).startswith("PA-01 — Activity number 1")


def test_every_page_has_the_running_header_and_footer(pdf: bytes) -> None:
    pages = pages_text(pdf)
    section = ""
    for number, text in enumerate(pages, 1):
        body = flat(text)
        assert f"page {number} of {len(pages)}" in body
        assert "As of 2025-06-30 · SHA-256 " in body
        if number == 1:
            assert "Record of processing activities — Acme SAS" not in body  # the cover has none
            continue
        assert "Record of processing activities — Acme SAS" in body
        # The header names the section the page belongs to, also on its continuation pages.
        starts = (
            r"Contents|Sign-off|Controller|Processing activities|PA-\d\d — \D+ \d|Annex [A-E] — \S+"
        )
        heading = re.match(f"({starts})", body)
        if heading:
            section = heading.group(1)
        assert section and section in body.removeprefix(section), number


def test_cover_names_version_date_count_and_json_hash(doc: RegisterDoc, pdf: bytes) -> None:
    cover = flat(pages_text(pdf)[0])
    sha = hashlib.sha256(document_bytes(to_document(doc))).hexdigest()
    assert "Acme SAS" in cover and "privacy@acme.example" in cover and "D. Poe" in cover
    assert "Audit trail 7 changes recorded" in cover
    assert "version" not in cover.lower()  # a count of changes does not identify content
    assert "As of 2025-06-30" in cover
    assert "Processing activities 3 (3 draft)" in cover
    assert sha in cover


def test_fonts_are_embedded_truetype(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for name in fonts:
            font = fonts[name].get_object()
            assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
            seen.add(str(font["/BaseFont"]).split("+", 1)[1])
    assert seen == {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono"}


def test_metadata_title_author_subject_and_creation_date(pdf: bytes) -> None:
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None
    assert meta.title == "Record of processing activities — Acme SAS"
    assert meta.author == "Acme SAS"
    assert meta.subject is not None and "as of 2025-06-30" in meta.subject
    assert "7 events in the audit trail" in meta.subject
    assert meta.creation_date == dt.datetime(2025, 6, 30, tzinfo=dt.UTC)


def test_wide_schedules_are_on_landscape_pages(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        text = flat(page.extract_text())
        wide = page.mediabox.width > page.mediabox.height
        landscape_section = text.startswith(("Annex B", "Annex C"))
        if landscape_section or text.startswith(("Annex A", "Annex D", "PA-")):
            assert wide == landscape_section, text[:40]


def test_annexes_list_processors_retention_transfers_and_findings(pdf: bytes) -> None:
    pages = [flat(t) for t in pages_text(pdf)]
    starts = [next(i for i, p in enumerate(pages) if p.startswith(t)) for _k, t in ANNEXES]
    ends = [*starts[1:], len(pages)]
    annex = {
        title[:7]: " ".join(pages[a:b])
        for (_k, title), a, b in zip(ANNEXES, starts, ends, strict=True)
    }
    assert "Mailer GmbH" in annex["Annex A"] and "Cloud Inc" in annex["Annex A"]
    assert "Vendor security questionnaire (version 2)" in annex["Annex A"]
    assert "PA-01 · Activity number 1" in annex["Annex A"]  # used by
    assert "Invoices" in annex["Annex B"] and "Code de commerce, art. L123-22" in annex["Annex B"]
    schedule = annex["Annex B"]
    assert schedule.index("PA-01 ") < schedule.index("PA-02 ") < schedule.index("PA-03 ")
    assert "United States" in annex["Annex C"] and "TIA-2024-07" in annex["Annex C"]
    assert "India" in annex["Annex C"] and "No safeguard recorded" in annex["Annex C"]
    assert "Blocking" in annex["Annex D"]
    assert "Transfer to India outside the EEA has no safeguard" in annex["Annex D"]


def test_same_document_and_date_give_the_same_bytes_in_other_processes(
    doc: RegisterDoc, pdf: bytes, tmp_path: Path
) -> None:
    source = tmp_path / "register.json"
    source.write_bytes(document_bytes(to_document(doc)))
    # What the other processes read: the document as its JSON export gives it back.
    same = from_document(json.loads(source.read_text(encoding="utf-8")))
    script = (
        "import datetime as dt, json, sys\n"
        "from ropa_desktop.exporters.pdf import document_findings, register_pdf\n"
        "from ropa_desktop.services.interchange import from_document\n"
        "doc = from_document(json.load(open(sys.argv[1], encoding='utf-8')))\n"
        "day = dt.date(2025, 6, 30)\n"
        "found = document_findings(doc, today=day)\n"
        "data = register_pdf(doc, findings=found, version=7, as_of=day)\n"
        "sys.stdout.buffer.write(data)\n"
    )
    outputs = []
    for seed in ("1", "2"):
        run = subprocess.run(
            [sys.executable, "-c", script, str(source)],
            capture_output=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            cwd=Path(__file__).resolve().parent.parent,
        )
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1] == render(same)
    assert render(doc) == pdf
    assert render(doc, as_of=dt.date(2025, 7, 1)) != pdf


def test_empty_register_gives_a_valid_pdf_that_says_so() -> None:
    empty = RegisterDoc(None, builtin_entries(), [], [], [], [], [])
    data = render(empty, version=0)
    pages = [flat(t) for t in pages_text(data)]
    text = " ".join(pages)
    assert "0 — the register is empty" in pages[0]
    assert "The register is empty: no processing activity is recorded." in text
    assert "No organisation is recorded in the register." in text
    assert "The register has no organisation." in text  # the blocking finding
    assert "No processor is recorded." in text and "No retention rule is recorded." in text


def test_document_findings_match_the_register_service(org_register: Register) -> None:
    save_processor(org_register, record=processor())
    save_activity(org_register, record=complete_activity(processors=("proc-mail",)))
    save_rule(org_register, record=retention_for("act-crm"))
    doc = snapshot(org_register)
    assert document_findings(doc, today=AS_OF) == register_findings(org_register, today=AS_OF)


def test_export_writes_the_register_with_its_version_and_json_hash(
    org_register: Register, tmp_path: Path
) -> None:
    save_activity(org_register, record=complete_activity())
    before = register_version(org_register)
    save_rule(org_register, record=retention_for("act-crm"))
    version = register_version(org_register)
    assert version == before + 1
    at = dt.datetime.now(dt.UTC).replace(microsecond=0)  # as of its day: the register now
    path = export_pdf(org_register, tmp_path / "register.pdf", produced_at=at)
    data = path.read_bytes()
    cover = flat(pages_text(data)[0])
    assert f"Audit trail {version} events, head {chain_head(org_register).head[:16]}" in cover
    assert register_sha256(org_register) in cover
    again = export_pdf(org_register, tmp_path / "again.pdf", produced_at=at)
    assert again.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []


def test_export_of_an_empty_database(register: Register, tmp_path: Path) -> None:
    data = export_pdf(register, tmp_path / "empty.pdf", as_of=AS_OF).read_bytes()
    assert "the register is empty" in flat(pages_text(data)[0])


def test_export_to_a_missing_folder_is_a_clear_error(
    org_register: Register, tmp_path: Path
) -> None:
    with pytest.raises(RopaError, match="does not exist"):
        export_pdf(org_register, tmp_path / "nowhere" / "register.pdf")
    assert not (tmp_path / "nowhere").exists()
