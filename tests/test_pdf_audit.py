"""What an auditor checks first: order, navigation, counts in words that agree."""

from __future__ import annotations

import dataclasses
import io

from pypdf import PdfReader

from ropa_desktop.exporters.pdf import document_findings, register_pdf
from ropa_desktop.services.checks import BLOCKING
from ropa_desktop.services.labels import counted
from ropa_desktop.services.references import reference_order
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
