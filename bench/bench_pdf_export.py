"""Bench: the PDF register of 1,000 activities against raw reportlab, in the same run.

"Ours" is the whole export from a register document: records to markup, our
flowables (labelled fields, contents, page count), layout and PDF bytes.
"Raw" is reportlab alone building the same content with its stock flowables:
the same markup strings (prepared before the clock starts), Paragraph and Table
for every field and schedule, its TableOfContents (seeded with the titles, as
its documentation suggests), the same running header and footer, multiBuild.

Run: .venv/bin/python bench/bench_pdf_export.py [--activities N] [--repeat R]
Goal: ours <= 1.3 x raw.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import time
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from pypdf import PdfReader
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame
from reportlab.platypus.tableofcontents import TableOfContents

from bench import report
from ropa_desktop.domain.enums import (
    DpiaCriterion,
    LegalBasis,
    RetentionUnit,
    Role,
    Status,
    TransferSafeguard,
    TriggerEvent,
)
from ropa_desktop.domain.records import (
    ActivityRec,
    DataUseRec,
    OrganisationRec,
    ProcessorRec,
    PurposeRec,
    RecipientUseRec,
    RetentionRuleRec,
    SourceRec,
    TransferRec,
)
from ropa_desktop.exporters.pdf import document_findings, register_pdf, register_story
from ropa_desktop.exporters.pdf import styles as S
from ropa_desktop.exporters.pdf.flowables import Contents, Field, Heading
from ropa_desktop.exporters.pdf.text import SANS, SANS_BOLD
from ropa_desktop.services.catalogues import builtin_entries
from ropa_desktop.services.interchange import RegisterDoc

AS_OF = dt.date(2025, 6, 30)
WORDS = [
    "customer",
    "account",
    "contract",
    "invoice",
    "newsletter",
    "consent",
    "support",
    "ticket",
    "marketing",
    "analytics",
    "payment",
    "delivery",
    "order",
    "prospect",
    "campaign",
    "survey",
    "event",
    "webinar",
    "access",
    "review",
    "security",
    "backup",
    "retention",
    "deletion",
    "transfer",
    "provider",
    "platform",
]


def synthetic_doc(n: int) -> RegisterDoc:
    """A register of ``n`` varied activities, 50 processors and one retention rule each."""
    rnd = random.Random(30)
    cats = builtin_entries()

    def sentence(lo: int, hi: int) -> str:
        return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(lo, hi))).capitalize() + "."

    def pick(name: str, k: int) -> list[str]:
        return sorted(rnd.sample([e.key for e in cats[name]], k))

    procs = [
        ProcessorRec(
            key=f"proc-{i:03d}",
            name=f"Provider {i} {rnd.choice(WORDS)}",
            services=sentence(5, 15),
            locations=("France", "Germany"),
            dpa_signed_on=dt.date(2024, 1, 1) if i % 3 else None,
            transfer_safeguard=TransferSafeguard.SCC if i % 7 == 0 else None,
            notes=sentence(10, 40),
        )
        for i in range(50)
    ]
    acts, rules = [], []
    for i in range(1, n + 1):
        acts.append(
            ActivityRec(
                key=f"act-{i:04d}",
                reference=f"PA-{i:04d}",
                name=f"Processing {i}: {sentence(2, 6)}",
                role=Role.PROCESSOR if i % 10 == 0 else Role.CONTROLLER,
                status=list(Status)[i % 4],
                description=" ".join(sentence(8, 25) for _ in range(rnd.randint(1, 5))),
                owner_department=rnd.choice(["Sales", "Marketing", "HR", ""]),
                purposes=tuple(
                    PurposeRec(sentence(4, 12), rnd.choice([*LegalBasis, None]))
                    for _ in range(rnd.randint(1, 3))
                ),
                subject_categories=tuple(pick("subject_categories", 2)),
                data_categories=tuple(
                    DataUseRec(k, note=sentence(3, 8)) for k in pick("data_categories", 4)
                ),
                sources=(SourceRec("Web form", sentence(3, 10)),),
                recipients=tuple(
                    RecipientUseRec(k, sentence(3, 10)) for k in pick("recipient_categories", 2)
                ),
                processors=tuple(sorted({f"proc-{rnd.randrange(50):03d}" for _ in range(2)})),
                transfers=(TransferRec("United States", "Cloud", TransferSafeguard.SCC),)
                if i % 5 == 0
                else (),
                measures=tuple(pick("security_measures", 5)),
                measures_note=sentence(5, 20),
                dpia_criteria=tuple(rnd.sample(list(DpiaCriterion), rnd.randint(0, 3))),
                to_confirm=("owner_department",) if i % 4 == 0 else (),
            )
        )
        rules.append(
            RetentionRuleRec(
                key=f"ret-{i:04d}",
                activity=f"act-{i:04d}",
                data_description=sentence(5, 15),
                duration_value=rnd.randint(1, 10),
                duration_unit=RetentionUnit.YEARS,
                trigger=TriggerEvent.END_OF_CONTRACT,
                legal_reference=sentence(3, 8),
            )
        )
    org = OrganisationRec(key="bench", name="Bench SAS", contact_email="dpo@bench.example")
    return RegisterDoc(org, cats, acts, procs, [], [], rules)


# --- raw reportlab ------------------------------------------------------------------------


def raw_specs(story: list[Flowable]) -> list[tuple[Any, ...]]:
    """Our story as plain data (markup strings, styles) for raw reportlab to rebuild."""
    out: list[tuple[Any, ...]] = []
    rows: list[tuple[str, str, bool]] = []
    toc_placed = False
    for f in story:
        if isinstance(f, Field):
            rows.append((f._label_markup, f._value.text, f._confirm))
            continue
        if rows:
            out.append(("fields", rows))
            rows = []
        if isinstance(f, KeepTogether):
            out.append(("keep", raw_specs(f._content)))
        elif isinstance(f, Heading):
            out.append(("heading", f.text, f.style, f.toc_entry))
        elif isinstance(f, Paragraph):
            out.append(("para", f.text, f.style))
        elif isinstance(f, Table):
            cells = [[_cell(c) for c in row] for row in f._cellvalues]
            out.append(("grid", cells, f._argW, f.repeatRows))
        elif isinstance(f, Contents):
            planned = [f.entry(i) for i in range(len(f.lines()))]
            out.append(("contents", planned))
        elif type(f).__name__ == "_ContentsLine":
            if not toc_placed:
                out.append(("toc",))
                toc_placed = True
        elif type(f).__name__ != "_PageCount":
            out.append(("as_is", f))  # PageBreak, Spacer, NextPageTemplate: stateless
    return out


def _cell(value: Any) -> tuple[str, Any]:
    """A grid cell as (markup, style): spanned cells hold plain strings."""
    if isinstance(value, Paragraph):
        return value.text, value.style
    return escape(str(value or "")), S.CELL


_FIELD_STYLE = [
    ("FONTNAME", (0, 0), (-1, -1), SANS),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (0, -1), S.LABEL_BG),
    ("LINEBELOW", (0, 0), (-1, -1), 0.4, S.RULE),
    ("LINEABOVE", (0, 0), (-1, 0), 0.8, S.NAVY),
    ("LEFTPADDING", (0, 0), (-1, -1), 5),
    ("RIGHTPADDING", (0, 0), (-1, -1), 5),
]


class RawDoc(BaseDocTemplate):
    """Stock reportlab: two page templates, header and footer, contents via afterFlowable."""

    def __init__(self, buf: io.BytesIO, org: str, version: int) -> None:
        super().__init__(buf, pagesize=S.PAGE, invariant=1, title=org, author=org)
        self.org, self.version = org, version
        self.last_pages = self.total = 0
        templates = []
        for name, size in (("portrait", S.PAGE), ("landscape", S.WIDE_PAGE)):
            w, h = size[0] - 2 * S.MARGIN_X, size[1] - S.MARGIN_TOP - S.MARGIN_BOTTOM
            frame = Frame(S.MARGIN_X, S.MARGIN_BOTTOM, w, h, 0, 0, 0, 0, id=name)
            templates.append(PageTemplate(name, [frame], onPageEnd=self.decorate, pagesize=size))
        self.addPageTemplates(templates)

    def beforeDocument(self) -> None:
        self.total, self.last_pages = self.last_pages, 0

    def afterPage(self) -> None:
        self.last_pages = self.page

    def afterFlowable(self, flowable: Flowable) -> None:
        entry = getattr(flowable, "raw_toc", None)
        if entry:
            level, text, key, outline = entry
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(outline, key, level=level)
            self.notify("TOCEntry", (level, text, self.page, key))

    def decorate(self, canv: Any, doc: Any) -> None:
        width, height = self.pageTemplate.pagesize
        canv.saveState()
        canv.setFont(SANS_BOLD, 8)
        canv.drawRightString(
            width - S.MARGIN_X, height - S.MARGIN_TOP + 14, f"Version {self.version}"
        )
        canv.setFont(SANS, 8)
        canv.drawString(S.MARGIN_X, height - S.MARGIN_TOP + 14, f"Record — {self.org}")
        canv.drawRightString(
            width - S.MARGIN_X, S.MARGIN_BOTTOM - 22, f"page {self.page} of {self.total}"
        )
        canv.restoreState()


def raw_build(specs: list[tuple[Any, ...]], org: str, version: int) -> tuple[bytes, int]:
    """Raw reportlab: stock flowables from the prepared strings, laid out by multiBuild."""
    buf = io.BytesIO()
    doc = RawDoc(buf, org, version)
    toc = TableOfContents(levelStyles=[S.TOC_0, S.TOC_1], dotsMinLevel=0)
    passes = doc.multiBuild(raw_flowables(specs, toc))
    return buf.getvalue(), passes


def raw_flowables(specs: list[tuple[Any, ...]], toc: TableOfContents) -> list[Flowable]:
    story: list[Flowable] = []
    for spec in specs:
        kind = spec[0]
        if kind == "contents":
            toc.addEntries([(lvl, text, 0, key) for lvl, text, _page, key in spec[1]])
        elif kind == "toc":
            story.append(toc)
        elif kind == "keep":
            story.append(KeepTogether(raw_flowables(spec[1], toc)))
        elif kind == "heading":
            p = Paragraph(spec[1], spec[2])
            p.raw_toc = spec[3]  # type: ignore[attr-defined]
            story.append(p)
        elif kind == "para":
            story.append(Paragraph(spec[1], spec[2]))
        elif kind == "fields":
            data, style = [], list(_FIELD_STYLE)
            for i, (label, value, confirm) in enumerate(spec[1]):
                text = f"{label}<br/>{S.TO_CONFIRM}" if confirm else label
                data.append([Paragraph(text, S.LABEL), Paragraph(value, S.CELL)])
                if confirm:
                    style.append(("BACKGROUND", (0, i), (-1, i), S.CONFIRM_BG))
            widths = (S.LABEL_WIDTH, S.WIDTH - S.LABEL_WIDTH)
            story.append(Table(data, colWidths=widths, splitInRow=1, style=TableStyle(style)))
        elif kind == "grid":
            data = [[Paragraph(text, st) for text, st in row] for row in spec[1]]
            table = Table(data, colWidths=spec[2], splitInRow=1, repeatRows=spec[3])
            table.setStyle(S.GRID)
            if spec[3]:
                table.setStyle(S.HEADER_ROW)
            story.append(table)
        else:
            story.append(spec[1])
    return story


def best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    doc = synthetic_doc(args.activities)
    findings = document_findings(doc, today=AS_OF)
    _template, story = register_story(doc, findings=findings, version=42, as_of=AS_OF)
    specs = raw_specs(story)

    def ours() -> bytes:
        return register_pdf(doc, findings=findings, version=42, as_of=AS_OF)

    ours_s, ours_pdf = best(args.repeat, ours)
    raw_s, (raw_pdf, raw_passes) = best(args.repeat, lambda: raw_build(specs, "Bench SAS", 42))
    ours_pages = len(PdfReader(io.BytesIO(ours_pdf)).pages)
    raw_pages = len(PdfReader(io.BytesIO(raw_pdf)).pages)
    size = {"ours": len(ours_pdf) / 1e6, "raw": len(raw_pdf) / 1e6}
    print(f"PDF register, {args.activities} activities, {len(findings)} findings")
    print(f"best of {args.repeat} runs:")
    print(f"  ours: {ours_s:7.2f} s  {ours_pages:5d} pages  {size['ours']:6.1f} MB")
    print(
        f"  raw : {raw_s:7.2f} s  {raw_pages:5d} pages  {size['raw']:6.1f} MB ({raw_passes} passes)"
    )
    ratio = ours_s / raw_s
    print(f"  ratio ours/raw: {ratio:.2f} (goal <= 1.30: {'met' if ratio <= 1.3 else 'NOT met'})")
    report.row(f"PDF, {args.activities:,} activities ({ours_pages:,} pages)", f"{ours_s:.1f} s",
        f"{raw_s:.1f} s (reportlab, same flowables)", ratio, "≤ 1.3× raw")  # fmt: skip


if __name__ == "__main__":
    main()
