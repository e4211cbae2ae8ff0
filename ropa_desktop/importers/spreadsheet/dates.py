"""A date cell, or a date typed as text the way a French or English register writes it."""

from __future__ import annotations

import datetime as dt
import re

from ropa_desktop.importers.spreadsheet.text import fold

_MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "janv": 1, "fevr": 2, "fev": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11,
    "dec": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
}  # fmt: skip
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR_MONTH_DAY = re.compile(
    r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_DAY_NAME_YEAR = re.compile(rf"(\d{{1,2}})(?:er|st|nd|rd|th)? ({_MONTH_RE})\.? (\d{{4}})")
_NAME_DAY_YEAR = re.compile(rf"({_MONTH_RE})\.? (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})")
_WEEKDAYS = re.compile(
    r"^(?:le )?(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday),? )?(?:le )?"
)
_FORMS = "day/month/year (31/03/2025), year-month-day (2025-03-31) or 31 mars 2025"


def parse_date(value: object) -> dt.date | None:
    """The date a cell holds; None for an empty cell.

    Accepts date and datetime values, and text as day/month/year ("31/03/2025",
    "31.03.2025", "31-03-2025"), year-month-day ("2025-03-31") or with the month's
    name in French or English ("31 mars 2025", "1er janvier 2024", "March 31, 2025").
    Raises ValueError, quoting the value, for anything else: a two-digit year or a
    month alone is not guessed.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"{_shown(value)} is not a date; write it as {_FORMS}.")
    raw = " ".join(value.split())
    if not raw:
        return None
    text = _WEEKDAYS.sub("", fold(raw).replace(",", ", ").replace(" ,", ","))
    text = " ".join(text.split())
    parts: tuple[int, int, int] | None = None
    if m := _DAY_MONTH_YEAR.fullmatch(text):
        parts = int(m[3]), int(m[2]), int(m[1])
    elif m := _YEAR_MONTH_DAY.fullmatch(text):
        parts = int(m[1]), int(m[2]), int(m[3])
    elif m := _DAY_NAME_YEAR.fullmatch(text):
        parts = int(m[3]), _MONTHS[m[2]], int(m[1])
    elif m := _NAME_DAY_YEAR.fullmatch(text):
        parts = int(m[3]), _MONTHS[m[1]], int(m[2])
    if parts is None:
        raise ValueError(f"“{raw}” is not a date; write it as {_FORMS}.")
    try:
        return dt.date(*parts)
    except ValueError:
        raise ValueError(
            f"“{raw}” is not a date of the calendar (read as day/month/year); check the day and the month."
        ) from None


def _shown(value: object) -> str:
    """A non-text cell value as a person reads it, never a Python repr."""
    text = getattr(value, "text", None)  # a formula cell carries its text
    if isinstance(text, str):
        return f"“{text}”"
    if isinstance(value, bool):
        return "“TRUE”" if value else "“FALSE”"
    if isinstance(value, int | float):
        return f"“{value:g}”"
    return "The cell's value"
