"""User text in the PDF is printed, never interpreted, in any script, at any length."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from ropa_desktop.domain.records import (
    OrganisationRec,
    PurposeRec,
    RetentionRuleRec,
    SubjectCategoryRec,
    TransferRec,
)
from ropa_desktop.exporters.pdf import document_findings, register_pdf
from ropa_desktop.exporters.pdf.text import REPLACEMENT, font_coverage, para, printable
from ropa_desktop.services.interchange import RegisterDoc
from tests.test_pdf_export import AS_OF, ORG, flat, make_doc, pages_text, render

HOSTILE = [
    "<b>not bold</b>",
    '<font color="red" size="40">not big</font>',
    '<a href="https://evil.example/">not a link</a>',
    '<img src="/etc/passwd" width="50" height="50"/>',
    "&amp; stays &amp;",
    "a < b > c & d",
    "<unbalanced",
    '</para> <br/> <onDraw name="x"/>',
    "&#65; &nbsp; &bogus;",
]


def hostile_doc() -> RegisterDoc:
    doc = make_doc(2)
    act = doc.activities[0]
    act = dataclasses.replace(
        act,
        name=f"Name {HOSTILE[0]}",
        description="\n".join(HOSTILE),
        purposes=(PurposeRec(HOSTILE[2], legal_basis_detail=HOSTILE[4]),),
        transfers=(TransferRec(HOSTILE[5], HOSTILE[6]),),
        subject_categories=("customers", "custom-subjects"),
        to_confirm=(HOSTILE[7],),
    )
    catalogues = dict(doc.catalogues)
    catalogues["subject_categories"] = [
        *doc.catalogues["subject_categories"],
        SubjectCategoryRec("custom-subjects", f"Subjects {HOSTILE[1]}"),
    ]
    rule = RetentionRuleRec("ret-x", activity=act.key, data_description=HOSTILE[3])
    proc = dataclasses.replace(doc.processors[0], name=f"Processor {HOSTILE[8]}")
    return dataclasses.replace(
        doc,
        organisation=dataclasses.replace(ORG, name="Acme <b>&amp;</b> Co"),
        catalogues=catalogues,
        activities=[act, *doc.activities[1:]],
        processors=[proc, *doc.processors[1:]],
        retention_rules=[rule, *doc.retention_rules],
    )


def test_markup_in_user_text_is_printed_literally() -> None:
    data = render(hostile_doc())
    text = flat(" ".join(pages_text(data)))
    for piece in HOSTILE:
        assert flat(piece) in text, piece
    assert "Acme <b>&amp;</b> Co" in text
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata is not None and reader.metadata.author == "Acme <b>&amp;</b> Co"
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            assert action is None or action.get("/S") != "/URI"  # contents links only
        xobjects = page["/Resources"].get("/XObject") or {}
        assert not xobjects  # no <img> was loaded


def test_accents_greek_and_cyrillic_print_and_missing_glyphs_do_not_crash() -> None:
    scripts = "Zażółć gęślą jaźń — Straße — Łódź — Ελληνικά — Кириллица — Ærøskøbing"
    # A newer emoji than any shipped font and a private-use character: no font draws them.
    missing = "\U0001fae8 \ue000"
    assert all(ord(c) not in font_coverage() for c in missing if c != " ")
    doc = make_doc(1)
    act = dataclasses.replace(
        doc.activities[0],
        name=scripts,
        description=f"{missing} nul\x00 bell\x07 escape\x1b lone\ud800 end",
    )
    org = OrganisationRec(key="x", name=f"Org \ud800 {missing}")
    odd = dataclasses.replace(doc, organisation=org, activities=[act])
    # A lone surrogate cannot be encoded as JSON, so the hash is given rather than computed.
    findings = document_findings(odd, today=AS_OF)
    data = register_pdf(odd, findings=findings, version=1, as_of=AS_OF, sha256="0" * 64)
    text = flat(" ".join(pages_text(data)))
    assert scripts in text
    assert f"{REPLACEMENT} {REPLACEMENT}" in text
    assert f"nul{REPLACEMENT} bell{REPLACEMENT} escape{REPLACEMENT} lone{REPLACEMENT} end" in text


# What people type in a register, one name per script; each must come back from the PDF.
SCRIPTS = {
    "Latin": "Zażółć gęślą jaźń",
    "Greek": "Διαχείριση πελατών",
    "Cyrillic": "Управление клиентами",
    "Armenian": "Հաճախորդների սպասարկում",
    "Georgian": "კლიენტების მართვა",
    "Chinese": "客户关系管理",
    "Japanese": "顧客管理 ひらがな カタカナ",
    "Korean": "고객 관계 관리",
    "Devanagari": "ग्राहक सेवा",
    "Bengali": "গ্রাহক সেবা",
    "Tamil": "வாடிக்கையாளர் சேவை",
    "Thai": "การจัดการลูกค้า",
    "Arabic": "خدمة العملاء",
    "Hebrew": "שירות לקוחות",
    "Emoji": "📧 🔒 😀 🚀",
}


def _pdftotext(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "scripts.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    # pdftotext wraps right-to-left runs in invisible embedding marks (U+202B ... U+202C).
    return re.sub("[\u202a-\u202e]", "", out.stdout.decode("utf-8"))


def test_every_script_prints_and_extracts_back_as_typed(tmp_path: Path) -> None:
    doc = make_doc(len(SCRIPTS))
    acts = [
        dataclasses.replace(a, name=name, description=f"{script}: {name}")
        for a, (script, name) in zip(doc.activities, SCRIPTS.items(), strict=True)
    ]
    org = dataclasses.replace(ORG, name="Acme 株式会社 שלום")
    data = render(dataclasses.replace(doc, organisation=org, activities=acts))
    text = _pdftotext(data, tmp_path)
    assert REPLACEMENT not in text
    for script, name in SCRIPTS.items():
        # In the heading, the contents, the sign-off and the description.
        assert f"{script}: {name}" in text, script
        assert text.count(name) >= 4, script
    reader = PdfReader(io.BytesIO(data))
    nested = next(item for item in reader.outline if isinstance(item, list))
    outline = [item.title for item in nested]  # the activities, as typed
    assert outline == [f"PA-{i:02d} — {name}" for i, name in enumerate(SCRIPTS.values(), 1)]
    assert reader.metadata is not None and reader.metadata.author == "Acme 株式会社 שלום"
    embedded = {
        str(f.get_object()["/BaseFont"]).split("+", 1)[1]
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert {"DroidSansFallback", "NotoSansDevanagari-Regular", "NotoSansThai-Regular"} <= embedded
    assert {"NotoSansBengali-Regular", "NotoSansTamil-Regular", "Symbola"} <= embedded


def test_right_to_left_text_is_drawn_right_to_left() -> None:
    # Drawn in the order it is seen, so that extraction (which reorders) gives the typed order.
    assert printable("PA-14 — שירות לקוחות") == "PA-14 — תוחוקל תוריש"
    assert printable("abc") == "abc"
    assert para("שלום") == "םולש"


def test_a_20000_character_description_flows_across_pages() -> None:
    words = [f"w{i:05d}" for i in range(1, 2859)]
    description = " ".join(words)
    assert len(description) >= 20_000
    long_word = "x" * 400  # no space to break at: split, not lost or overflowing
    doc = make_doc(2)
    act = dataclasses.replace(doc.activities[0], description=f"{description} {long_word}")
    data = render(dataclasses.replace(doc, activities=[act, doc.activities[1]]))
    pages = [flat(t) for t in pages_text(data)]
    start = next(i for i, p in enumerate(pages) if p.startswith("PA-01 — "))
    following = next(i for i, p in enumerate(pages) if p.startswith("PA-02 — "))
    assert following - start >= 4
    section = " ".join(pages[start:following])
    end = next(i for i in range(start, following) if "w02858" in pages[i])
    assert end - start >= 3
    for page in pages[start + 1 : end + 1]:
        assert page.startswith("Description (continued) w"), page[:40]
    assert "(continued) (continued)" not in section
    printed = [w for w in section.split() if len(w) == 6 and w.startswith("w") and w[1:].isdigit()]
    assert printed == words
    assert section.replace(" ", "").count("x" * 40) >= 9


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("a & b", "a &amp; b"),
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("line 1\nline 2\r\nline 3\rline 4", "line 1<br/>line 2<br/>line 3<br/>line 4"),
        ("  indented   twice", " &nbsp;indented &nbsp;&nbsp;twice"),
        ("tab\there", "tab &nbsp;&nbsp;&nbsp;here"),
        ("&amp;", "&amp;amp;"),
    ],
)
def test_para_escapes_and_keeps_layout(text: str, markup: str) -> None:
    assert para(text) == markup


def test_printable_replaces_only_what_cannot_be_drawn() -> None:
    assert printable("Ελληνικά ß Ł") == "Ελληνικά ß Ł"
    assert printable("tab\tnew\nline") == "tab\tnew\nline"
    assert printable("a\x00b\x7fc") == f"a{REPLACEMENT}b{REPLACEMENT}c"
    assert printable("漢\ud800\ue000") == f"漢{REPLACEMENT}{REPLACEMENT}"
    assert printable("❤\ufe0f") == "❤"  # the emoji presentation selector has no glyph
