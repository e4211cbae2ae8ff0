"""Answer values, the assessment score and the processor risk rating: pure rules.

The score is the share of the weight of the answered, applicable yes/no questions
that was answered “yes”, from 0 to 100. The risk rating follows these rules, in order:

1. a “no” to a critical question means HIGH risk, whatever the score;
2. with no applicable yes/no question answered there is no score: NOT ASSESSED;
3. a score below ``MEDIUM_FROM`` (50) is HIGH, below ``LOW_FROM`` (80) MEDIUM, else LOW;
4. LOW needs every critical question answered and at least ``COVERAGE_FOR_LOW`` (80 %)
   of the applicable weight answered; otherwise the rating is MEDIUM at best, because
   silence is not a guarantee (Art. 28(1): “sufficient guarantees”).

“Not applicable” (on yes/no/not-applicable questions) removes a question from the
sum. Text, date and number questions inform the reviewer and are never scored.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ropa_desktop.domain.enums import AnswerType, RiskRating
from ropa_desktop.domain.records import AnswerRec, QuestionRec

YES, NO, NA = "yes", "no", "na"
LOW_FROM = 80.0
MEDIUM_FROM = 50.0
COVERAGE_FOR_LOW = 0.8

CHOICES: dict[AnswerType, tuple[str, ...]] = {
    AnswerType.YES_NO: (YES, NO),
    AnswerType.YES_NO_NA: (YES, NO, NA),
}
CHOICE_LABELS = {YES: "Yes", NO: "No", NA: "Not applicable"}
_SYNONYMS = {
    "yes": YES,
    "y": YES,
    "oui": YES,
    "no": NO,
    "n": NO,
    "non": NO,
    "na": NA,
    "n/a": NA,
    "n.a.": NA,
    "not applicable": NA,
}
_NUMBER_RE = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


def is_scored(question: QuestionRec) -> bool:
    return question.answer_type in CHOICES


def parse_answer(question: QuestionRec, raw: str) -> str:
    """The stored form of an answer typed for ``question``; ValueError says what is expected.

    Yes/no answers are stored as ``yes``, ``no`` or ``na``; dates as ISO dates;
    numbers in plain decimal notation; text as typed (trimmed). Blank means unanswered.
    """
    text = raw.strip()
    if not text:
        return ""
    kind = question.answer_type
    if kind in CHOICES:
        value = _SYNONYMS.get(text.casefold())
        if value is None or value not in CHOICES[kind]:
            allowed = ", ".join(CHOICE_LABELS[c] for c in CHOICES[kind])
            raise ValueError(f"“{_clip(text)}” is not an answer to this question; use {allowed}")
        return value
    if kind is AnswerType.DATE:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(f"“{_clip(text)}” is not a date; use YYYY-MM-DD") from None
    if kind is AnswerType.NUMBER:
        if not _NUMBER_RE.fullmatch(text):
            raise ValueError(f"“{_clip(text)}” is not a number")
        number = float(text.replace(",", "."))
        if not math.isfinite(number):
            raise ValueError(f"“{_clip(text)}” is not a number")
        return format_number(number)
    return text


def format_number(number: float) -> str:
    """Whole numbers without a decimal point, others as short as they are exact."""
    # str() of a float is its shortest exact decimal form ("72.5").
    return str(int(number)) if number == int(number) else str(number)


def answer_label(question: QuestionRec, value: str) -> str:
    """What a reader sees for a stored answer (“Yes”, “Not applicable”, the text)."""
    if is_scored(question):
        return CHOICE_LABELS.get(value, value)
    return value


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Score:
    """The outcome of scoring one set of answers against a template."""

    score: float | None
    risk: RiskRating
    answered: int  # scored questions answered yes or no
    scored: int  # scored questions not answered “not applicable”
    coverage: float  # answered share of the applicable weight, 0..1
    critical_no: tuple[str, ...]
    critical_open: tuple[str, ...]

    def reasons(self, names: Mapping[str, str] | None = None) -> list[str]:
        """Why the rating is what it is, in sentences a reviewer can quote.

        ``names`` says how to call each question (e.g. "question 4" by its number on
        screen); the question code otherwise.
        """
        names = names or {}

        def called(codes: tuple[str, ...]) -> str:
            return ", ".join(names.get(code, code) for code in codes)

        out = []
        if self.critical_no:
            out.append(
                "“No” to critical question(s) "
                + called(self.critical_no)
                + ": high risk whatever the score."
            )
        if self.score is None:
            out.append("No applicable yes/no question is answered yet.")
        else:
            out.append(
                f"Score {self.score:.0f} / 100 over {self.answered} of {self.scored} "
                f"applicable questions ({self.coverage:.0%} of the weight answered)."
            )
        if self.critical_open:
            out.append("Critical question(s) not answered: " + called(self.critical_open) + ".")
        return out


def score_answers(questions: Iterable[QuestionRec], answers: Iterable[AnswerRec]) -> Score:
    """Score answers (stored forms) against the questions of their template."""
    by_code = {a.question: a.value for a in answers}
    yes_weight = answered_weight = applicable_weight = 0
    answered = scored = 0
    critical_no: list[str] = []
    critical_open: list[str] = []
    for q in questions:
        if not is_scored(q):
            continue
        value = by_code.get(q.code, "")
        if value == NA:
            continue
        scored += 1
        applicable_weight += q.weight
        if value not in (YES, NO):
            if q.critical:
                critical_open.append(q.code)
            continue
        answered += 1
        answered_weight += q.weight
        if value == YES:
            yes_weight += q.weight
        elif q.critical:
            critical_no.append(q.code)
    coverage = answered_weight / applicable_weight if applicable_weight else 0.0
    score = round(100 * yes_weight / answered_weight, 1) if answered_weight else None
    return Score(
        score=score,
        risk=_rating(score, coverage, bool(critical_no), bool(critical_open)),
        answered=answered,
        scored=scored,
        coverage=coverage,
        critical_no=tuple(critical_no),
        critical_open=tuple(critical_open),
    )


def _rating(score: float | None, coverage: float, critical_no: bool, open_: bool) -> RiskRating:
    if critical_no:
        return RiskRating.HIGH
    if score is None:
        return RiskRating.NOT_ASSESSED
    if score < MEDIUM_FROM:
        return RiskRating.HIGH
    if score < LOW_FROM or open_ or coverage < COVERAGE_FOR_LOW:
        return RiskRating.MEDIUM
    return RiskRating.LOW


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, kept on the last day when the month is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
