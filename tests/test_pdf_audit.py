"""What an auditor checks first: order, navigation, counts in words that agree."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

from pypdf import PdfReader

from ropa_desktop.exporters.pdf import document_findings, export_pdf, register_pdf
from ropa_desktop.services.activities import approve_activity, get_activity, save_activity
from ropa_desktop.services.art30 import ART30_ELEMENTS
from ropa_desktop.services.checks import BLOCKING, REQUIREMENTS
from ropa_desktop.services.labels import counted
from ropa_desktop.services.processors import save_processor
from ropa_desktop.services.references import reference_order
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import save_rule
from tests.factories import complete_activity, processor, retention_for
from tests.test_pdf_export import AS_OF, flat, make_doc, pages_text, render


def _outline(data: bytes) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title))

    walk(PdfReader(io.BytesIO(data)).outline, 0)
    return out


def test_references_sort_as_a_register_is_read() -> None:
    refs = ["PA-10", "PA-2", "pa-3", "PA-1", "HR-20", "HR-3", "PA-02b"]
    assert sorted(refs, key=reference_order) == [
        "HR-3", "HR-20", "PA-1", "PA-2", "PA-02b", "pa-3", "PA-10",
    ]  # fmt: skip


def test_activities_are_listed_pa_2_before_pa_10_and_processors_are_in_the_outline() -> None:
    doc = make_doc(11)
    # Stored in text order (PA-1, PA-10, PA-11, PA-2 ...), as the database sorts them.
    acts = [dataclasses.replace(a, reference=f"PA-{i}") for i, a in enumerate(doc.activities, 1)]
    acts.sort(key=lambda a: a.reference)
    data = render(dataclasses.replace(doc, activities=acts))
    outline = _outline(data)
    listed = [t.split(" — ")[0] for depth, t in outline if depth == 1 and t.startswith("PA-")]
    assert listed == [f"PA-{i}" for i in range(1, 12)]
    annex = outline.index((0, "Annex A — Processors and their assessments"))
    assert outline[annex + 1 : annex + 3] == [(1, "A.1 Mailer GmbH"), (1, "A.2 Cloud Inc")]
    pages = [flat(t) for t in pages_text(data)]
    contents = pages[1]
    assert contents.index("PA-2 — ") < contents.index("PA-10 — ")
    # The contents gives the page where the processor starts.
    number = int(contents.split("A.2 Cloud Inc ")[1].split()[0])
    assert "A.2 Cloud Inc" in pages[number - 1]
    overview = next(p for p in pages if p.startswith("Processing activities"))
    assert overview.index("PA-9 ") < overview.index("PA-10 ")


def test_counts_agree_with_their_nouns() -> None:
    assert counted(1, "blocking finding") == "1 blocking finding"
    assert counted(0, "warning") == "0 warnings"
    assert counted(1, "processing activity", "processing activities") == "1 processing activity"
    doc = make_doc(1)
    found = document_findings(doc, today=AS_OF)
    one = [
        next(f for f in found if f.severity == BLOCKING),
        next(f for f in found if f.severity != BLOCKING),
    ]
    data = register_pdf(doc, findings=one, version=1, as_of=AS_OF)
    text = flat(" ".join(pages_text(data)))
    assert "The register records 1 processing activity." in text
    assert "1 blocking finding and 1 warning, as computed" in text
    assert "1 blocking, 1 warning (Annex D)" in text


def _page_with(data: bytes, start: str) -> str:
    return next(p for p in (flat(t) for t in pages_text(data)) if p.startswith(start))


def test_sign_off_names_who_prepared_and_who_approved_and_draft_marks_every_page(
    org_register: Register, tmp_path: Path
) -> None:
    org_register.actor = "Alice Martin"
    save_processor(org_register, record=processor())
    first = save_activity(
        org_register, record=complete_activity(key="act-a", reference="PA-1", name="Payroll")
    )
    save_rule(org_register, record=retention_for("act-a"))
    save_activity(org_register, record=complete_activity(key="act-b", reference="PA-2", name="CRM"))
    org_register.actor = "Bob Dupont"
    approve_activity(org_register, key="act-a", version=first.version)
    at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    data = export_pdf(org_register, tmp_path / "r.pdf", produced_at=at).read_bytes()
    page = _page_with(data, "Sign-off")
    assert "DRAFT: 1 activity is not approved, so every page of this PDF is marked DRAFT." in page
    today = dt.date.today().isoformat()
    # Alice prepared both; Bob's approval prepared nothing.
    assert f"PA-1 · Payroll Approved Alice Martin Bob Dupont {today} version 2" in page
    assert "PA-2 · CRM Draft Alice Martin Not approved —" in page
    cover = flat(pages_text(data)[0])
    assert f"Produced {at:%Y-%m-%d %H:%M} UTC by Bob Dupont" in cover
    assert "Sign-off DRAFT — 1 activity not approved" in cover
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata is not None
    assert reader.metadata.creation_date == at  # when it was produced, not the "as of" date
    for page_obj in reader.pages:
        assert page_obj.extract_text().rstrip().endswith("DRAFT")

    save_rule(org_register, record=retention_for("act-b", key="ret-b"))
    approve_activity(
        org_register, key="act-b", version=get_activity(org_register, key="act-b").version
    )
    done = export_pdf(org_register, tmp_path / "s.pdf", produced_at=at).read_bytes()
    assert "Every processing activity in use is approved." in _page_with(done, "Sign-off")
    assert all("DRAFT" not in t for t in pages_text(done))


def test_every_completeness_requirement_is_one_of_the_seven_art_30_elements() -> None:
    # The checklist and the app's completeness indicator read the same findings.
    letters = [e.letter for e in ART30_ELEMENTS]
    assert letters == list("abcdefg")
    for code in REQUIREMENTS:
        assert sum(code in e.codes for e in ART30_ELEMENTS) == 1, code


def test_each_activity_opens_with_the_art_30_checklist_and_gaps_show_in_their_field() -> None:
    doc = make_doc(3)
    gappy = dataclasses.replace(
        doc.activities[1], purposes=(), recipients=(), subject_categories=()
    )
    rules = [r for r in doc.retention_rules if r.activity != gappy.key]
    doc = dataclasses.replace(
        doc, activities=[doc.activities[0], gappy, doc.activities[2]], retention_rules=rules
    )
    page = _page_with(render(doc), "PA-02 — ")
    assert (
        "Art. 30(1): 4 of the seven elements are missing; each gap of the activity shows in red"
        in page
    )
    header = (
        "(a) Controller (b) Purposes (c) Subjects and data (d) Recipients (e) Transfers "
        "(f) Erasure time limits (g) Security measures"
    )
    assert f"{header} ✓ Met ✗ Missing ✗ Missing ✗ Missing ✓ Met ✗ Missing ✓ Met" in page
    assert (
        "Purposes and legal bases (Art. 30(1)(b), Art. 6(1)) Not recorded "
        "Blocking: No purpose is recorded (Art. 30(1)(b))." in page
    )
    assert (
        "Time limits for erasure (Art. 30(1)(f)) Not recorded Blocking: No retention rule" in page
    )
    complete = _page_with(render(doc), "PA-03 — ")
    assert "Art. 30(1): all seven elements are recorded." in complete
    no_org = _page_with(render(dataclasses.replace(doc, organisation=None)), "PA-03 — ")
    assert (
        "1 of the seven elements is missing; the controller's details (a) are incomplete on "
        "the Controller page."
    ) in no_org
    assert "(g) Security measures ✗ Missing ✓ Met" in no_org
    assert "Blocking:" not in complete.split("Open findings")[0]
