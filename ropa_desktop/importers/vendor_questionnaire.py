"""A vendor's filled-in questionnaire workbook -> the answers of one assessment.

The file comes from outside and is trusted in nothing: it is read by the safe
workbook reader (size caps, zip-bomb guard, defused XML, no formula evaluated,
no macro loaded), tied to its assessment by the hidden ``ropa_questionnaire``
sheet, which is checked against the register, and every answer cell is checked
against its question. Any problem refuses the whole file with every problem
listed (``AnswersRejected``); nothing is written unless all of it is good.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ropa_desktop.domain.enums import AnswerType, AssessmentStatus
from ropa_desktop.domain.errors import ImportFileError, NotFoundError
from ropa_desktop.domain.records import AnswerRec, AssessmentRec, QuestionRec
from ropa_desktop.importers.xlsx import cells
from ropa_desktop.importers.xlsx.reader import Formula, Limits, Sheet, read_workbook
from ropa_desktop.services.assessments import get_assessment, receive_answers, template_of
from ropa_desktop.services.processors import get_processor
from ropa_desktop.services.register import Register
from ropa_desktop.services.scoring import format_number, parse_answer
from ropa_desktop.services.validation import check_text

# The layout exporters/vendor_questionnaire.py writes (importers may not import
# exporters; tests/test_vendor_questionnaire.py round-trips the two).
FORMAT_NAME = "ropa-desktop vendor questionnaire"
FORMAT_VERSION = 1
META, QUESTIONS = "ropa_questionnaire", "Questionnaire"
HEADERS = (
    "Question code",
    "No.",
    "Section",
    "Question",
    "Guidance",
    "Answer",
    "Comment",
    "Evidence (document, reference or link)",
)
ANSWER, COMMENT, EVIDENCE = 6, 7, 8  # 1-based columns
ANSWER_LIMIT = 10_000  # characters in one answer, comment or evidence cell
# A questionnaire is a few dozen rows: far tighter caps than a register workbook.
LIMITS = Limits(
    file_bytes=10 * 2**20,
    uncompressed_bytes=100 * 2**20,
    sheets=10,
    rows=2_000,
    columns=30,
)
_MAX_LISTED = 20


class AnswersRejected(ImportFileError):
    """The workbook has cells the import cannot accept; nothing was written."""

    def __init__(self, name: str, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{name} was not imported: {problems[0]}{more}.")


@dataclass(frozen=True)
class VendorAnswers:
    """What a vendor workbook says, checked against its assessment's questionnaire."""

    file: str
    assessment: AssessmentRec
    processor_name: str
    answers: tuple[AnswerRec, ...]

    @property
    def answered(self) -> int:
        return sum(1 for a in self.answers if a.value)


def read_vendor_answers(
    register: Register, path: str | os.PathLike[str], *, expected_assessment: str | None = None
) -> VendorAnswers:
    """Read and check a vendor workbook; nothing is written.

    ``expected_assessment`` is the assessment the user is importing into: a
    workbook of another assessment (or processor) is refused.
    """
    book = read_workbook(Path(path), limits=LIMITS)
    name = book.name
    meta_sheet = book.sheets.get(META)
    if meta_sheet is None:
        if "ropa_meta" in book.sheets:
            raise ImportFileError(
                f"{name} is a register review workbook, not a vendor questionnaire."
            )
        raise ImportFileError(
            f"{name} is not a questionnaire exported by ropa-desktop (it has no “{META}” sheet)."
        )
    meta = _meta(name, meta_sheet)
    rec = _assessment(register, name, meta, expected_assessment)
    template = template_of(register, rec)
    if str(meta.get("template")) != template.key or _int(meta.get("template_version")) != (
        template.template_version
    ):
        raise ImportFileError(
            f"{name} holds questionnaire “{meta.get('template')}” version "
            f"{meta.get('template_version')}, but assessment {rec.key} uses “{template.key}” "
            f"version {template.template_version}."
        )
    sheet = book.sheets.get(QUESTIONS)
    if sheet is None:
        raise ImportFileError(f"{name} has no “{QUESTIONS}” sheet; it was renamed or deleted.")
    answers, problems = _answers(sheet, {q.code: q for q in template.questions})
    if problems:
        shown = problems[:_MAX_LISTED]
        raise AnswersRejected(name, shown + ([] if shown == problems else ["…"]))
    if not any(a.value or a.comment or a.evidence for a in answers):
        raise ImportFileError(f"{name} has no answers yet; nothing was imported.")
    proc = get_processor(register, key=rec.processor)
    return VendorAnswers(name, rec, proc.name, answers)


def import_vendor_answers(
    register: Register,
    path: str | os.PathLike[str],
    *,
    expected_assessment: str | None = None,
    received_on: dt.date | None = None,
    dry_run: bool = False,
) -> tuple[VendorAnswers, AssessmentRec]:
    """Record a vendor's answers: a sent assessment becomes answered. All or nothing.

    Returns what the file said and the assessment as saved (as it is, for a dry run).
    """
    got = read_vendor_answers(register, path, expected_assessment=expected_assessment)
    if dry_run:
        return got, got.assessment
    saved = receive_answers(
        register, key=got.assessment.key, answers=got.answers, received_on=received_on
    )
    return got, saved


def _meta(name: str, sheet: Sheet) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for row in sheet.rows[:50]:
        if not row or row[0] is None:
            continue
        if any(isinstance(v, Formula) for v in row[:2]):
            raise ImportFileError(f"{name}: its hidden identification sheet holds a formula.")
        meta[str(row[0])] = row[1] if len(row) > 1 else None
    if meta.get("format") != FORMAT_NAME:
        raise ImportFileError(f"{name} is not a questionnaire exported by ropa-desktop.")
    if _int(meta.get("format_version")) != FORMAT_VERSION:
        raise ImportFileError(
            f"{name} is a questionnaire of format version {meta.get('format_version')}; "
            f"this version reads {FORMAT_VERSION}."
        )
    return meta


def _int(value: Any) -> int | None:
    try:
        return cells.whole_number(value)
    except cells.CellError:
        return None


def _assessment(
    register: Register, name: str, meta: dict[str, Any], expected: str | None
) -> AssessmentRec:
    key = str(meta.get("assessment") or "")
    who = meta.get("processor_name") or meta.get("processor")
    if expected is not None and key != expected:
        raise ImportFileError(
            f"{name} answers assessment {key or '(none)'} of “{who}”, not assessment {expected}."
        )
    try:
        rec = get_assessment(register, key=key)
    except NotFoundError:
        raise ImportFileError(
            f"{name} answers assessment {key or '(none)'} of “{who}”, which is not in this register."
        ) from None
    if rec.processor != meta.get("processor"):
        raise ImportFileError(
            f"{name} was made for processor “{who}”, but assessment {key} is of another processor."
        )
    if rec.status in (AssessmentStatus.DRAFT, AssessmentStatus.REVIEWED):
        hint = (
            "mark it as sent first"
            if rec.status is AssessmentStatus.DRAFT
            else "start a new assessment for new answers"
        )
        raise ImportFileError(f"Assessment {key} is {rec.status.label.lower()}: {hint}.")
    return rec


def _answers(
    sheet: Sheet, questions: dict[str, QuestionRec]
) -> tuple[tuple[AnswerRec, ...], list[str]]:
    problems: list[str] = []
    headers = [cells.norm(v) for v in (sheet.rows[0] if sheet.rows else ())]
    if headers[: len(HEADERS)] != list(HEADERS):
        return (), [f"the columns of the “{QUESTIONS}” sheet were changed; use the file as sent"]
    out: list[AnswerRec] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(sheet.rows[1:], 2):
        values = list(row) + [None] * (len(HEADERS) - len(row))
        where = f"row {number}"
        code = values[0]
        given = [values[c - 1] for c in (ANSWER, COMMENT, EVIDENCE)]
        if isinstance(code, Formula) or not isinstance(code, str | type(None)):
            problems.append(f"{where}: the hidden question code was changed")
            continue
        if not code:
            if any(v not in (None, "") for v in given):
                problems.append(f"{where}: has answers but no question; do not add rows")
            continue
        question = questions.get(code)
        if question is None:
            problems.append(f"{where}: “{code[:40]}” is not a question of this questionnaire")
            continue
        if code in seen:
            problems.append(f"{where}: repeats the question of row {seen[code]}")
            continue
        seen[code] = number
        where = f"{where} (question “{code}”)"
        parsed = []
        for col, value in zip((ANSWER, COMMENT, EVIDENCE), given, strict=True):
            try:
                parsed.append(_cell(question if col == ANSWER else None, value))
            except ValueError as exc:
                problems.append(f"{where}, column “{HEADERS[col - 1]}”: {exc}")
        if len(parsed) == 3:
            out.append(AnswerRec(code, *parsed))
    return tuple(out), problems


def _cell(question: QuestionRec | None, value: Any) -> str:
    """A cell as stored text: an answer checked against its question, or free text."""
    if isinstance(value, Formula):
        raise ValueError("holds a formula; type the answer itself (formulas are never imported)")
    kind = question.answer_type if question else AnswerType.TEXT
    if isinstance(value, bool):
        text = "Yes" if value else "No"
    elif isinstance(value, dt.datetime | dt.date):
        if kind not in (AnswerType.DATE, AnswerType.TEXT):
            raise ValueError(f"{cells.norm(value)} is a date, not an answer to this question")
        text = cells.norm(value)
    elif isinstance(value, int | float):
        number = kind is AnswerType.NUMBER and math.isfinite(value)
        text = format_number(float(value)) if number else cells.text(value)
    elif value is None or isinstance(value, str):
        text = cells.text(value)
    else:
        raise ValueError("holds a value of an unexpected kind")
    for error in check_text("cell", text, limit=ANSWER_LIMIT):
        raise ValueError(error.message)
    if question is None:
        return text
    if kind is AnswerType.DATE and text:
        day = cells.date(text)  # also reads day/month/year as typed in Europe
        text = day.isoformat() if day else ""
    return parse_answer(question, text)
