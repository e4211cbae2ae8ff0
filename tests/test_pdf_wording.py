"""The PDF's wording: "to confirm" marks in one line, no doubled phrases, a place to sign,
no page left with one row of a section."""

from __future__ import annotations

import dataclasses
import re

import pytest

from ropa_desktop.sample_exports import EXPORTS, NAMES
from tests.test_pdf_export import flat, make_doc, pages_text, render

SAMPLE = EXPORTS / NAMES["pdf"]


@pytest.fixture(scope="module")
def sample_pages() -> list[str]:
    return pages_text(SAMPLE.read_bytes())


def _annex_d(pages: list[str]) -> str:
    start = next(i for i, t in enumerate(pages) if t.startswith("Annex D — Open findings"))
    return flat(" ".join(pages[start:]))


def test_findings_annex_gives_a_records_marks_to_confirm_in_one_line(
    sample_pages: list[str],
) -> None:
    annex = _annex_d(sample_pages)
    assert "is marked to confirm" not in annex
    # PA-05's nine marks: one row, each field named once.
    title = "Activity PA-05 · Technical support ("
    group = annex[annex.index(title) :]
    group = group[: group.index("Activity PA-", len(title))]
    assert group.count("Marked to confirm") == 1
    (line,) = re.findall(r"\d+ fields to confirm — [^.]*?(?= Activity| Processor|$)", group)
    assert "Owner department" in line and "Legal basis of the purposes" in line
    assert "fields to confirm)" in group  # the title counts them apart from the warnings


def test_an_activitys_open_findings_row_collapses_its_marks_too() -> None:
    text = flat(" ".join(pages_text(render(make_doc(1)))))
    section = text[text.index("PA-01 — Activity number 1 Art. 30(1)") :]
    section = section[: section.index("Annex A")]
    assert "is marked to confirm" not in section
    assert (
        "3 fields to confirm — Owner department, Legal basis of the purposes, Legacy field"
        in section
    )


def test_nothing_recorded_and_to_confirm_is_one_phrase(sample_pages: list[str]) -> None:
    text = flat(" ".join(sample_pages))
    assert "Not recorded TO CONFIRM" not in text
    assert "Starting event: TO CONFIRM (nothing recorded)" in text


def test_unticked_automated_decision_marked_to_confirm_is_not_a_no(
    sample_pages: list[str],
) -> None:
    text = flat(" ".join(sample_pages))
    assert "No — Not stated" not in text
    assert "Not confirmed: no such decision is recorded Not stated." in text
    confirmed = make_doc(1)
    act = dataclasses.replace(confirmed.activities[0], to_confirm=(), automated_decision_note="")
    plain = flat(" ".join(pages_text(render(dataclasses.replace(confirmed, activities=[act])))))
    assert "Automated decision-making (Art. 22) No " in plain


def test_sign_off_page_has_a_place_for_each_signer(sample_pages: list[str]) -> None:
    sign_off = flat(next(t for t in sample_pages if t.startswith("Sign-off")))
    after = sign_off[sign_off.index("Signatures") :]
    for signer in ("Prepared by (data protection officer)", "Approved for the controller"):
        assert signer in after
    assert after.count("Name") == after.count("Role") == after.count("Date") == 2
    assert after.count("Signature") == 3  # the heading and two lines


def test_no_page_carries_a_sections_last_row_alone(sample_pages: list[str]) -> None:
    # A section's last four rows (from "Last reviewed" on) go to a new page together.
    for n, page in enumerate(sample_pages, 1):
        assert not page.startswith(("Open findings", "Review cycle", "Next review")), n
