"""The vendor questionnaire workbook: export blank, fill like a vendor, import; hostile files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ropa_desktop.domain.enums import AnswerType, AssessmentStatus, RiskRating
from ropa_desktop.domain.errors import ImportFileError, RopaError
from ropa_desktop.domain.records import AssessmentRec, QuestionRec, TemplateRec
from ropa_desktop.exporters.vendor_questionnaire import (
    META,
    QUESTIONS,
    export_vendor_questionnaire,
)
from ropa_desktop.importers.vendor_questionnaire import (
    AnswersRejected,
    import_vendor_answers,
)
from ropa_desktop.services import assessments as svc
from ropa_desktop.services.audit import audit_log
from ropa_desktop.services.processors import save_processor
from ropa_desktop.services.register import Register
from ropa_desktop.services.templates import install_templates, shipped_templates
from tests.conftest import ORG
from tests.factories import processor

DAY = dt.date(2026, 3, 2)
ANSWER, COMMENT, EVIDENCE = 6, 7, 8


def sent_assessment(register: Register, key: str = "proc-mail", **changes: Any) -> AssessmentRec:
    from ropa_desktop.services.organisation import save_organisation

    if not any(e.entity_type == "organisation" for e in audit_log(register)):
        save_organisation(register, record=ORG)
    save_processor(register, record=processor(key, **changes))
    install_templates(register)
    rec = svc.start_assessment(register, processor=key)
    return svc.advance(register, record=rec, to=AssessmentStatus.SENT, on=DAY)


def rows_by_code(ws: Any) -> dict[str, int]:
    return {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value}


def fill(path: Path, out: Path, edit: Callable[[Any, dict[str, int]], None] | None = None) -> Path:
    """Answer every question the way a vendor would in Excel, then apply ``edit``."""
    wb = openpyxl.load_workbook(path)
    ws = wb[QUESTIONS]
    codes = rows_by_code(ws)
    for code, row in codes.items():
        if code in ("subprocessor-list", "data-location"):
            ws.cell(row, ANSWER).value = "None" if code == "subprocessor-list" else "France"
        elif code == "breach-notification-hours":
            ws.cell(row, ANSWER).value = 24
        elif code == "transfer-safeguards":
            ws.cell(row, ANSWER).value = "Not applicable"
        else:
            ws.cell(row, ANSWER).value = "Yes"
    ws.cell(codes["iso-27001"], COMMENT).value = "Certificate 12345, valid until 2027-01"
    ws.cell(codes["iso-27001"], EVIDENCE).value = "ISO-27001-certificate.pdf"
    ws.cell(codes["soc2"], ANSWER).value = "No"
    if edit is not None:
        edit(ws, codes)
    wb.save(out)
    return out


@pytest.fixture
def blank(sqlite_register: Register, tmp_path: Path) -> tuple[Register, AssessmentRec, Path]:
    rec = sent_assessment(sqlite_register)
    path = export_vendor_questionnaire(
        sqlite_register, key=rec.key, path=tmp_path / "blank.xlsx", today=DAY
    )
    return sqlite_register, rec, path


def test_round_trip(register: Register, tmp_path: Path) -> None:
    rec = sent_assessment(register)
    blank = export_vendor_questionnaire(register, key=rec.key, path=tmp_path / "q.xlsx")
    got, saved = import_vendor_answers(
        register, fill(blank, tmp_path / "filled.xlsx"), received_on=DAY + dt.timedelta(days=9)
    )
    assert got.answered == 27 and got.processor_name == "Mailer GmbH"
    assert saved.status is AssessmentStatus.ANSWERED
    assert saved.answered_on == dt.date(2026, 3, 11)
    answers = {a.question: a for a in saved.answers}
    assert answers["iso-27001"].comment == "Certificate 12345, valid until 2027-01"
    assert answers["iso-27001"].evidence == "ISO-27001-certificate.pdf"
    assert answers["breach-notification-hours"].value == "24"
    assert answers["transfer-safeguards"].value == "na"
    # Only SOC 2 (weight 1) is “No”: high score, every critical question answered yes.
    assert saved.risk_rating is RiskRating.LOW and saved.score is not None and saved.score > 95
    assert svc.get_assessment(register, key=rec.key) == saved


def test_the_blank_workbook_is_what_a_vendor_needs(
    blank: tuple[Register, AssessmentRec, Path],
) -> None:
    _, _, path = blank
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Instructions", QUESTIONS, META]
    assert wb[META].sheet_state == "veryHidden"
    assert wb.security is not None and wb.security.lockStructure
    ws = wb[QUESTIONS]
    assert ws.protection.sheet and wb["Instructions"].protection.sheet
    assert ws.column_dimensions["A"].hidden
    assert ws.max_row == 28  # a header and 27 questions
    assert all(ws.cell(r, ANSWER).value is None for r in range(2, 29))
    assert not ws.cell(2, ANSWER).protection.locked and ws.cell(2, 4).protection.locked
    lists = {
        dv.formula1: str(dv.sqref).split()
        for dv in ws.data_validations.dataValidation
        if dv.type == "list"
    }
    assert set(lists) == {'"Yes,No"', '"Yes,No,Not applicable"'}
    (default,) = shipped_templates()
    yes_no = [
        q for q in default.questions if q.answer_type in (AnswerType.YES_NO, AnswerType.YES_NO_NA)
    ]
    assert sum(len(cells) for cells in lists.values()) == len(yes_no) == 24
    info = {
        wb["Instructions"].cell(r, 1).value: wb["Instructions"].cell(r, 2).value
        for r in range(1, 20)
    }
    assert info["Sent to"] == "Mailer GmbH" and info["Sent by"] == "Acme SAS"
    assert info["Please answer by"] == (DAY + dt.timedelta(days=30)).isoformat()


def test_text_that_looks_like_a_formula_is_written_as_text(
    sqlite_register: Register, tmp_path: Path
) -> None:
    hostile = '=HYPERLINK("http://evil.example","Click")'
    rec = sent_assessment(sqlite_register, name=hostile)
    tricky = TemplateRec(
        "tricky",
        1,
        "+Tricky",
        questions=(QuestionRec("q1", "@Section", "-1+2", AnswerType.YES_NO, guidance="#N/A"),),
    )
    install_templates(sqlite_register, [tricky])
    other = svc.start_assessment(sqlite_register, processor=rec.processor, template="tricky")
    for key in (rec.key, other.key):
        path = export_vendor_questionnaire(sqlite_register, key=key, path=tmp_path / f"{key}.xlsx")
        with zipfile.ZipFile(path) as archive:
            xml = b"".join(archive.read(n) for n in archive.namelist() if "worksheets/" in n)
        assert b"<f>" not in xml and b"<f " not in xml
        assert b't="e"' not in xml
    wb = openpyxl.load_workbook(tmp_path / f"{other.key}.xlsx")
    assert [wb[QUESTIONS].cell(2, c).value for c in (3, 4)] == ["@Section", "-1+2"]
    assert wb["Instructions"].cell(3, 2).value == hostile


HOSTILE: dict[str, tuple[Callable[[Any, dict[str, int]], None], str]] = {
    "formula answer": (
        lambda ws, c: setattr(ws.cell(c["access-mfa"], ANSWER), "value", "=1=1"),
        "holds a formula",
    ),
    "formula evidence": (
        lambda ws, c: setattr(ws.cell(c["logging"], EVIDENCE), "value", "=WEBSERVICE(A1)"),
        "holds a formula",
    ),
    "huge comment": (
        lambda ws, c: setattr(ws.cell(c["backups"], COMMENT), "value", "x" * 20_000),
        "20,000 characters long; the limit is 10,000",
    ),
    "not a yes/no": (
        lambda ws, c: setattr(ws.cell(c["access-mfa"], ANSWER), "value", "Mostly"),
        "“Mostly” is not an answer to this question; use Yes, No",
    ),
    "number for yes/no": (
        lambda ws, c: setattr(ws.cell(c["access-mfa"], ANSWER), "value", 1),
        "“1” is not an answer",
    ),
    "date for yes/no": (
        lambda ws, c: setattr(ws.cell(c["access-mfa"], ANSWER), "value", dt.datetime(2025, 1, 1)),
        "is a date, not an answer",
    ),
    "text for a number": (
        lambda ws, c: setattr(ws.cell(c["breach-notification-hours"], ANSWER), "value", "asap"),
        "“asap” is not a number",
    ),
    "n/a on a yes/no question": (
        lambda ws, c: setattr(ws.cell(c["encryption-rest"], ANSWER), "value", "Not applicable"),
        "use Yes, No",
    ),
    "unknown question code": (
        lambda ws, c: setattr(ws.cell(c["logging"], 1), "value", "made-up"),
        "“made-up” is not a question of this questionnaire",
    ),
    "question twice": (
        lambda ws, c: setattr(ws.cell(c["logging"], 1), "value", "backups"),
        "repeats the question of row",
    ),
    "added row": (
        lambda ws, c: setattr(ws.cell(ws.max_row + 1, ANSWER), "value", "Yes"),
        "has answers but no question",
    ),
    "changed columns": (
        lambda ws, c: setattr(ws.cell(1, ANSWER), "value", "Response"),
        "columns of the “Questionnaire” sheet were changed",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_cells_are_refused_and_nothing_changes(
    blank: tuple[Register, AssessmentRec, Path], tmp_path: Path, case: str
) -> None:
    register, rec, path = blank
    edit, says = HOSTILE[case]
    events = len(audit_log(register))
    with pytest.raises(AnswersRejected) as info:
        import_vendor_answers(register, fill(path, tmp_path / "bad.xlsx", edit))
    assert says in str(info.value)
    assert str(info.value).startswith("bad.xlsx was not imported: ")
    assert svc.get_assessment(register, key=rec.key) == rec
    assert len(audit_log(register)) == events


def test_every_problem_is_listed(
    blank: tuple[Register, AssessmentRec, Path], tmp_path: Path
) -> None:
    register, _, path = blank

    def many(ws: Any, codes: dict[str, int]) -> None:
        for code in ("access-mfa", "logging", "backups"):
            ws.cell(codes[code], ANSWER).value = "Perhaps"

    with pytest.raises(AnswersRejected) as info:
        import_vendor_answers(register, fill(path, tmp_path / "bad.xlsx", many))
    assert len(info.value.problems) == 3
    assert "(and 2 more)" in str(info.value)


def edit_meta(path: Path, out: Path, **values: Any) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[META]
    for row in range(1, ws.max_row + 1):
        name = ws.cell(row, 1).value
        if name in values:
            ws.cell(row, 2).value = values[name]
    wb.save(out)
    return out


def test_a_workbook_of_another_assessment_or_processor_is_refused(
    blank: tuple[Register, AssessmentRec, Path], tmp_path: Path
) -> None:
    register, rec, path = blank
    other = sent_assessment(register, "proc-other", name="Other Ltd")
    filled = fill(path, tmp_path / "filled.xlsx")
    with pytest.raises(ImportFileError, match=f"answers assessment {rec.key} of “Mailer GmbH”"):
        import_vendor_answers(register, filled, expected_assessment=other.key)
    swapped = edit_meta(filled, tmp_path / "swapped.xlsx", processor="proc-other")
    with pytest.raises(ImportFileError, match="of another processor"):
        import_vendor_answers(register, swapped)
    unknown = edit_meta(filled, tmp_path / "unknown.xlsx", assessment="asm-elsewhere-9")
    with pytest.raises(ImportFileError, match="not in this register"):
        import_vendor_answers(register, unknown)
    version = edit_meta(filled, tmp_path / "version.xlsx", template_version=7)
    with pytest.raises(ImportFileError, match="version 7"):
        import_vendor_answers(register, version)
    formula = edit_meta(filled, tmp_path / "formula.xlsx", assessment="=A1")
    with pytest.raises(ImportFileError, match="formula"):
        import_vendor_answers(register, formula)
    assert svc.get_assessment(register, key=rec.key) == rec
    assert svc.get_assessment(register, key=other.key) == other


def test_wrong_files_get_one_sentence(
    blank: tuple[Register, AssessmentRec, Path], tmp_path: Path
) -> None:
    register, _, path = blank
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    csv = tmp_path / "answers.xlsx"
    csv.write_text("code,answer\naccess-mfa,Yes\n", encoding="utf-8")
    cases = {
        plain: "not a questionnaire exported by ropa-desktop",
        csv: "CSV",
        path: "has no answers yet",
        tmp_path / "missing.xlsx": "No file",
    }
    for file, says in cases.items():
        with pytest.raises(ImportFileError, match=says):
            import_vendor_answers(register, file)


def test_only_sent_or_answered_assessments_take_answers(
    blank: tuple[Register, AssessmentRec, Path], tmp_path: Path
) -> None:
    register, rec, path = blank
    filled = fill(path, tmp_path / "filled.xlsx")
    back = svc.advance(register, record=rec, to=AssessmentStatus.DRAFT, on=DAY)
    with pytest.raises(ImportFileError, match="draft: mark it as sent first"):
        import_vendor_answers(register, filled)
    sent = svc.advance(register, record=back, to=AssessmentStatus.SENT, on=DAY)
    _, answered = import_vendor_answers(register, filled, received_on=DAY)
    reviewed = svc.advance(register, record=answered, to=AssessmentStatus.REVIEWED, on=DAY)
    with pytest.raises(ImportFileError, match="reviewed: start a new assessment"):
        import_vendor_answers(register, filled)
    with pytest.raises(RopaError, match="reviewed"):
        export_vendor_questionnaire(register, key=sent.key, path=tmp_path / "again.xlsx")
    assert svc.get_assessment(register, key=rec.key) == reviewed


def test_a_dry_run_changes_nothing(
    blank: tuple[Register, AssessmentRec, Path], tmp_path: Path
) -> None:
    register, rec, path = blank
    got, same = import_vendor_answers(register, fill(path, tmp_path / "filled.xlsx"), dry_run=True)
    assert got.answered == 27 and same == rec
    assert svc.get_assessment(register, key=rec.key) == rec


def test_answers_come_back_again_after_more_questions(
    blank: tuple[Register, AssessmentRec, Path], tmp_path: Path
) -> None:
    register, _, path = blank

    def partial(ws: Any, codes: dict[str, int]) -> None:
        ws.cell(codes["soc2"], ANSWER).value = None

    _, first = import_vendor_answers(register, fill(path, tmp_path / "one.xlsx", partial))
    assert "soc2" not in {a.question for a in first.answers if a.value}
    again = svc.advance(register, record=first, to=AssessmentStatus.SENT, on=DAY)
    assert again.answered_on is None
    _, second = import_vendor_answers(register, fill(path, tmp_path / "two.xlsx"))
    assert {a.question: a.value for a in second.answers}["soc2"] == "no"
    assert dataclasses.replace(second, version=0).status is AssessmentStatus.ANSWERED


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_workbook_filled_in_libreoffice_imports(
    blank: tuple[Register, AssessmentRec, Path], tmp_path: Path
) -> None:
    register, _, path = blank
    filled = fill(path, tmp_path / "filled.xlsx")
    out = tmp_path / "lo"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(filled)],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    _, saved = import_vendor_answers(register, out / "filled.xlsx")
    assert saved.status is AssessmentStatus.ANSWERED
    assert len([a for a in saved.answers if a.value]) == 27
