"""Cell values of a reviewed workbook: compare them, and turn them back into record values."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from ropa_desktop.domain.enums import LabelledEnum
from ropa_desktop.importers.xlsx.reader import Formula

YES = {"yes", "y", "true", "1", "oui", "x"}
NO = {"no", "n", "false", "0", "non", ""}


class CellError(ValueError):
    """A cell that cannot be read as what its column holds; the message is for the reviewer."""


def norm(value: Any) -> str:
    """A cell's value in a canonical form, to tell whether the reviewer changed it.

    Spreadsheet programs may turn line breaks into CR LF, drop whitespace-only
    text or give a date a time of day; none of that is an edit.
    """
    if value is None:
        return ""
    if isinstance(value, Formula):
        return "=" + value.text.lstrip("=")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def flat(text: str) -> str:
    """Text with all runs of whitespace made one space: how items are matched across sheets."""
    return " ".join(text.split())


def text(value: Any) -> str:
    if isinstance(value, Formula):
        raise CellError("holds a formula; type the text itself (a formula is never imported)")
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return norm(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def lines(value: Any) -> list[str]:
    """One item per line, blank lines and surrounding spaces ignored."""
    return [line.strip() for line in text(value).split("\n") if line.strip()]


def enum(cls: type[LabelledEnum], value: Any) -> LabelledEnum | None:
    raw = text(value)
    if not raw:
        return None
    try:
        return cls.parse(raw)
    except ValueError:
        allowed = "; ".join(m.label for m in cls)
        raise CellError(f"“{_short(raw)}” is not in the list ({allowed})") from None


def enum_lines(cls: type[LabelledEnum], value: Any) -> tuple[Any, ...]:
    out = []
    for line in lines(value):
        member = enum(cls, line)
        if member in out:
            raise CellError(f"lists “{line}” twice")
        out.append(member)
    return tuple(out)


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raw = text(value).casefold()
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise CellError(f"“{_short(raw)}” is neither Yes nor No")


_DATE_RE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        pass
    match = _DATE_RE.fullmatch(raw)
    if match:  # day/month/year, as typed in Europe
        try:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            pass
    raise CellError(
        f"“{_short(raw)}” is not a date (write it as year-month-day, 2025-03-31, "
        "or as day/month/year, 31/03/2025)"
    )


def whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        raise CellError("must be a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError(f"{value} is not a whole number")
    raw = text(value)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise CellError(f"“{_short(raw)}” is not a whole number") from None


class Resolver:
    """Catalogue entries (or processors, or activities) by key or by name, case-insensitive."""

    def __init__(self, what: str, entries: Iterable[tuple[str, str]]) -> None:
        self.what = what
        self.by_key: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = {}
        for key, name in entries:
            self.by_key[key.casefold()] = key
            self.by_name.setdefault(flat(name).casefold(), []).append(key)

    def key(self, item: str) -> str:
        wanted = flat(item).casefold()
        keys = self.by_name.get(wanted, [])
        if len(keys) == 1:
            return keys[0]
        if wanted in self.by_key:
            return self.by_key[wanted]
        if len(keys) > 1:
            raise CellError(f"“{_short(item)}” names several {self.what} entries; use its key")
        raise CellError(f"“{_short(item)}” is not a known {self.what}")

    def keys(self, value: Any) -> tuple[str, ...]:
        out: list[str] = []
        for line in lines(value):
            key = self.key(line)
            if key in out:
                raise CellError(f"lists “{line}” twice")
            out.append(key)
        return tuple(out)


def _short(raw: str, limit: int = 60) -> str:
    return raw if len(raw) <= limit else raw[: limit - 1] + "…"
