"""Links in the PDF: activities to their processors, rules and findings, and back."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, IndirectObject

from tests.test_pdf_export import make_doc, render


class Linked:
    """The pages of a PDF and, for each, the pages its links go to (1-based)."""

    def __init__(self, data: bytes) -> None:
        reader = PdfReader(io.BytesIO(data))
        self.texts = [re.sub(r"\s+", " ", p.extract_text()) for p in reader.pages]
        number = {p.indirect_reference.idnum: i + 1 for i, p in enumerate(reader.pages)}
        self.links: dict[int, list[int]] = {}
        for i, page in enumerate(reader.pages, 1):
            for annot in page.get("/Annots") or []:
                dest = annot.get_object().get("/Dest")
                assert isinstance(dest, ArrayObject), "every link goes to a place in the PDF"
                target = dest[0]
                assert isinstance(target, IndirectObject)
                self.links.setdefault(i, []).append(number[target.idnum])

    def page(self, *words: str, after: int = 0) -> int:
        """The first page after ``after`` whose text holds every one of ``words``."""
        for n, text in enumerate(self.texts[after:], after + 1):
            if all(w in text for w in words):
                return n
        raise AssertionError(f"no page holds {words}")

    def goes(self, source: int, target: int) -> bool:
        return target in self.links.get(source, [])


@pytest.fixture(scope="module")
def pdf() -> Linked:
    return Linked(render(make_doc(3)))


def _section(pdf: Linked, n: int) -> int:
    """The first page of activity PA-0n's section (its heading, then its checklist)."""
    return pdf.page(f"PA-0{n} — Activity number {n} Art. 30(1):")


def _places(pdf: Linked) -> dict[str, int]:
    annexes = pdf.page("Annex A — Processors and their assessments", "A.1 Mailer GmbH")
    return {
        "activity": _section(pdf, 1),
        "mailer": pdf.page("A.1 Mailer GmbH", "Used by activities", after=annexes - 1),
        "cloud": pdf.page("A.2 Cloud Inc", "Used by activities", after=annexes - 1),
        "retention": pdf.page("Annex B — Retention schedule", "Activity Data", after=annexes),
        "findings": pdf.page("Activity PA-01 · Activity number 1 (", after=annexes),
    }


def test_an_activity_links_to_its_processors_rules_and_findings(pdf: Linked) -> None:
    at = _places(pdf)
    # The activity's section may run over two pages; its links are on one of them.
    section = (at["activity"], at["activity"] + 1)
    for target in ("mailer", "cloud", "retention", "findings"):
        assert any(pdf.goes(p, at[target]) for p in section), target


def test_processors_rules_and_findings_link_back_to_the_activity(pdf: Linked) -> None:
    at = _places(pdf)
    for source in ("mailer", "cloud", "retention", "findings"):
        assert pdf.goes(at[source], at["activity"]), source


def test_overview_and_sign_off_link_each_activity_to_its_section(pdf: Linked) -> None:
    overview = pdf.page("Processing activities", "Ref. Processing activity")
    sign_off = pdf.page("Sign-off", "Prepared by")
    for n in (1, 2, 3):
        section = _section(pdf, n)
        assert pdf.goes(overview, section) and pdf.goes(sign_off, section), n


def test_a_processor_links_to_its_findings_and_they_back_to_it(pdf: Linked) -> None:
    at = _places(pdf)
    findings = pdf.page("Processor Mailer GmbH (", after=at["cloud"])
    assert pdf.goes(at["mailer"], findings)
    assert pdf.goes(findings, at["mailer"])
