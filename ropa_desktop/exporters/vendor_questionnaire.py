"""A blank due-diligence questionnaire as a workbook the vendor fills in and sends back.

Sheets: “Instructions” (who asks, by when, how to answer), “Questionnaire” (one
row per question: answer from a dropdown for yes/no questions, a comment and the
evidence that backs the answer) and the very hidden ``ropa_questionnaire`` sheet
that ties the file to one assessment of one processor. Both visible sheets are
protected (only the answer, comment and evidence cells are editable) and the
workbook structure is locked, to prevent accidents, not as a security measure:
the import trusts nothing in the file. Every text cell is literal text (an
inline string), never a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ropa_desktop.domain.enums import AnswerType, AssessmentStatus
from ropa_desktop.domain.errors import RopaError
from ropa_desktop.domain.records import AssessmentRec, QuestionRec, TemplateRec
from ropa_desktop.exporters.files import write_atomically
from ropa_desktop.exporters.xlsx.safe_text import cell_text
from ropa_desktop.exporters.xlsx.styles import row_height
from ropa_desktop.services.assessments import get_assessment, template_of
from ropa_desktop.services.organisation import get_organisation
from ropa_desktop.services.processors import get_processor
from ropa_desktop.services.register import Register
from ropa_desktop.services.scoring import CHOICE_LABELS, CHOICES

FORMAT_NAME = "ropa-desktop vendor questionnaire"
FORMAT_VERSION = 1
META = "ropa_questionnaire"
INSTRUCTIONS, QUESTIONS = "Instructions", "Questionnaire"
# (header, width); column A holds the question code, hidden.
COLUMNS = (
    ("Question code", 14),
    ("No.", 5),
    ("Section", 22),
    ("Question", 60),
    ("Guidance", 40),
    ("Answer", 16),
    ("Comment", 40),
    ("Evidence (document, reference or link)", 32),
)
CODE, NUMBER, SECTION, QUESTION, GUIDANCE, ANSWER, COMMENT, EVIDENCE = range(1, 9)
EXPECTED = {
    AnswerType.YES_NO: "Choose Yes or No.",
    AnswerType.YES_NO_NA: "Choose Yes, No or Not applicable.",
    AnswerType.TEXT: "Write the answer.",
    AnswerType.DATE: "A date (year-month-day).",
    AnswerType.NUMBER: "A number.",
}

_BLUE = "1F4E79"
_HEADER = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor=_BLUE)
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_WRAP = Alignment(wrap_text=True, vertical="top")
_THIN = Side(style="thin", color="BFBFBF")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_OPEN = Protection(locked=False)


def vendor_workbook(register: Register, *, key: str, today: dt.date | None = None) -> bytes:
    """The blank questionnaire of one assessment, as .xlsx bytes."""
    rec = get_assessment(register, key=key)
    if rec.status is AssessmentStatus.REVIEWED:
        raise RopaError(
            f"The assessment {key} is reviewed; start a new assessment to question the vendor again."
        )
    template = template_of(register, rec)
    proc = get_processor(register, key=rec.processor)
    org = get_organisation(register)
    wb = Workbook()
    info = wb.active
    assert isinstance(info, Worksheet)
    info.title = INSTRUCTIONS
    _instructions(
        info,
        rec,
        template,
        processor=proc.name,
        organisation=org.name if org else "",
        contact=(org.dpo_email or org.contact_email) if org else "",
    )
    _questions(wb.create_sheet(QUESTIONS), template)
    _meta(wb.create_sheet(META), rec, template, proc.name, today or dt.date.today())
    wb.active = 1
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = f"{template.name} – {proc.name}"
    wb.properties.creator = org.name if org and org.name else "ropa-desktop"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_vendor_questionnaire(
    register: Register, *, key: str, path: str | os.PathLike[str], today: dt.date | None = None
) -> Path:
    """Write the blank questionnaire of an assessment to ``path`` (atomically)."""
    return write_atomically(path, vendor_workbook(register, key=key, today=today))


def put(ws: Worksheet, row: int, column: int, value: Any) -> Any:
    """Set one cell; text is always stored as literal text, never read as a formula."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = cell_text(value)
        cell.data_type = "s"  # openpyxl would take “=…” for a formula and “#N/A” for an error
    else:
        cell.value = value
    return cell


def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True
    # Allowed while protected: resizing rows and columns, so long answers stay readable.
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def _instructions(
    ws: Worksheet,
    rec: AssessmentRec,
    template: TemplateRec,
    *,
    processor: str,
    organisation: str,
    contact: str,
) -> None:
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 80
    put(ws, 1, 1, template.name).font = Font(bold=True, size=16, color=_BLUE)
    rows: list[tuple[str, str]] = [
        ("Sent to", processor),
        ("Sent by", organisation),
        ("Return it to", contact),
        ("Please answer by", rec.due_on.isoformat() if rec.due_on else "as soon as possible"),
        ("Reference", f"{rec.key} ({template.key}, version {template.template_version})"),
        ("", ""),
        ("Why we ask", _WHY.format(organisation=organisation or "We")),
        ("How to answer", _HOW),
        ("Evidence", _EVIDENCE),
        ("Please do not", _DONT),
    ]
    for i, (label, text) in enumerate(rows, 3):
        put(ws, i, 1, label).font = Font(bold=True)
        put(ws, i, 2, text).alignment = _WRAP
        height = row_height([text], [80])
        if height:
            ws.row_dimensions[i].height = height
    put(ws, 3 + len(rows) + 1, 1, "Questions").font = Font(bold=True)
    put(ws, 3 + len(rows) + 1, 2, f"{len(template.questions)} on the “{QUESTIONS}” sheet.")
    _fit_width(ws, landscape=False)
    _protect(ws)


def _fit_width(ws: Worksheet, *, landscape: bool) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


_WHY = (
    "{organisation} uses your services to process personal data on its behalf. The GDPR "
    "(Article 28) requires us to use only processors that provide sufficient guarantees, "
    "and Article 32 requires appropriate security measures. Your answers are part of our "
    "records of due diligence and are reviewed again at regular intervals."
)
_HOW = (
    f"Answer every question on the “{QUESTIONS}” sheet, in the yellow cells only. For yes/no "
    "questions choose from the list in the Answer column. Use the Comment column to qualify an "
    "answer (for example “Yes, except for …”). A question you cannot answer is better left blank "
    "with a comment than answered “Yes” by default."
)
_EVIDENCE = (
    "Name the document that backs each answer: a policy and its version, a certificate number, "
    "an audit report, a contract clause or a link. Attach the documents to your reply e-mail."
)
_DONT = (
    "add, delete, move or reword questions, or rename the sheets: the workbook is read back "
    "automatically, and a changed layout cannot be imported. Formulas in answer cells are "
    "refused; type the answer itself."
)


def _questions(ws: Worksheet, template: TemplateRec) -> None:
    for col, (header, width) in enumerate(COLUMNS, 1):
        cell = put(ws, 1, col, header)
        cell.font, cell.fill, cell.alignment, cell.border = _HEADER, _HEADER_FILL, _WRAP, _BOX
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = "E2"
    validations: dict[AnswerType, DataValidation] = {}
    widths = [w for _, w in COLUMNS]
    for i, q in enumerate(template.questions, 1):
        row = i + 1
        guidance = " ".join(x for x in (q.guidance, EXPECTED[q.answer_type]) if x)
        values = [q.code, i, q.section, q.text, guidance, None, None, None]
        for col, value in enumerate(values, 1):
            cell = put(ws, row, col, value)
            cell.alignment, cell.border = _WRAP, _BOX
        ws.cell(row=row, column=NUMBER).alignment = Alignment(horizontal="center", vertical="top")
        for col in (ANSWER, COMMENT, EVIDENCE):
            cell = ws.cell(row=row, column=col)
            cell.fill, cell.protection = _INPUT_FILL, _OPEN
        if q.answer_type is AnswerType.DATE:
            ws.cell(row=row, column=ANSWER).number_format = "yyyy-mm-dd"
        dv = validations.get(q.answer_type)
        if dv is None:
            dv = validations[q.answer_type] = _validation(q)
            ws.add_data_validation(dv)
        dv.add(f"{get_column_letter(ANSWER)}{row}")
        height = row_height(values, widths)
        if height:
            ws.row_dimensions[row].height = height
    ws.print_title_rows = "1:1"
    _fit_width(ws, landscape=True)
    _protect(ws)


def _validation(question: QuestionRec) -> DataValidation:
    kind = question.answer_type
    common: dict[str, Any] = {"allow_blank": True, "showErrorMessage": True}
    if kind in CHOICES:
        labels = ",".join(CHOICE_LABELS[c] for c in CHOICES[kind])
        return DataValidation(
            type="list",
            formula1=f'"{labels}"',
            errorTitle="Choose from the list",
            error=f"Answer with one of: {labels.replace(',', ', ')}.",
            **common,
        )
    if kind is AnswerType.NUMBER:
        return DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            errorTitle="A number",
            error="Type a number (for example 24).",
            **common,
        )
    if kind is AnswerType.DATE:
        return DataValidation(
            type="date",
            operator="greaterThan",
            formula1="1",
            errorTitle="A date",
            error="Type a date as year-month-day (for example 2025-03-31).",
            **common,
        )
    return DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1="10000",
        errorTitle="Too long",
        error="An answer holds at most 10,000 characters; attach a document instead.",
        **common,
    )


def _meta(
    ws: Worksheet, rec: AssessmentRec, template: TemplateRec, processor_name: str, day: dt.date
) -> None:
    ws.sheet_state = "veryHidden"
    items: list[tuple[str, Any]] = [
        ("format", FORMAT_NAME),
        ("format_version", FORMAT_VERSION),
        ("assessment", rec.key),
        ("processor", rec.processor),
        ("processor_name", processor_name),
        ("template", template.key),
        ("template_version", template.template_version),
        ("exported_on", day.isoformat()),
        ("questions", len(template.questions)),
    ]
    for i, (name, value) in enumerate(items, 1):
        put(ws, i, 1, name)
        put(ws, i, 2, value)
    _protect(ws)
