"""Find the review workbook's rows: each visible row beside its row as exported.

The export writes three hidden sheets this module relies on: ``ropa_meta`` (the
format, the organisation, and which record field each column header shows),
``ropa_baseline`` (each editable row exactly as exported) and ``ropa_lists``.
Columns are found by their header text, so a reviewer may move, resize or add
columns; rows are tied by the hidden "ropa key" column, so rows may be sorted,
added or deleted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from ropa_desktop.domain.errors import ImportFileError
from ropa_desktop.importers.xlsx.cells import norm
from ropa_desktop.importers.xlsx.reader import WorkbookData

FORMAT_NAME = "ropa-desktop review workbook"
FORMAT_VERSION = 1
META, BASELINE = "ropa_meta", "ropa_baseline"
KEY, VERSION = "ropa key", "ropa version"


@dataclass(frozen=True)
class RowError:
    """A cell the import cannot accept, named the way the reviewer finds it."""

    sheet: str
    row: int
    column: str  # "G (Purposes of the processing)", or "" for the whole row
    message: str

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        where = f"sheet “{self.sheet}”" + (f", row {self.row}" if self.row else "")
        return (
            f"{where}, column {self.column}: {self.message}"
            if self.column
            else f"{where}: {self.message}"
        )


@dataclass
class Row:
    """One row of an editable sheet: what the reviewer left, and what was exported."""

    sheet: str
    number: int  # 0 for a row the reviewer deleted
    key: str
    cells: dict[str, Any]  # field (or header, for read-only columns) -> value
    base: dict[str, Any] | None  # the same as exported; None for a new row
    columns: dict[str, str] = field(default_factory=dict)  # field -> "G (header)"

    def edited(self, name: str) -> bool:
        if self.base is None:
            return norm(self.cells.get(name)) != ""
        return norm(self.cells.get(name)) != norm(self.base.get(name))

    @property
    def changed(self) -> bool:
        names = set(self.cells) | set(self.base or {})
        return any(self.edited(n) for n in names - {KEY, VERSION})

    def error(self, name: str, message: str) -> RowError:
        return RowError(self.sheet, self.number, self.columns.get(name, ""), message)

    @property
    def version(self) -> int | None:
        raw = (self.base or {}).get(VERSION)
        return int(raw) if isinstance(raw, int | float) or str(raw).isdigit() else None


@dataclass
class ReviewBook:
    meta: dict[str, Any]
    sheets: dict[str, list[Row]]  # visible rows, in sheet order, then deleted rows (number 0)
    errors: list[RowError]
    notices: list[str] = field(default_factory=list)  # what is read but not imported


def read_review(book: WorkbookData) -> ReviewBook:
    """Rows of every editable sheet, tied to their exported version by key."""
    if META not in book.sheets or BASELINE not in book.sheets:
        raise ImportFileError(
            f"{book.name} is not a review workbook exported by ropa-desktop (its hidden sheets "
            "are missing); export the register to Excel and edit that file."
        )
    meta: dict[str, Any] = {}
    fields: dict[str, dict[str, str]] = {}  # sheet -> header -> field
    for row in book.sheets[META].rows:
        if len(row) >= 3 and row[0] == "column":
            # A read-only column has no field (an empty cell): it is known by its header.
            name = str(row[3]) if len(row) > 3 and row[3] else str(row[2])
            fields.setdefault(str(row[1]), {})[str(row[2])] = name
        elif len(row) >= 2 and row[0]:
            meta[str(row[0])] = row[1]
    if meta.get("format") != FORMAT_NAME or norm(meta.get("format_version")) != str(FORMAT_VERSION):
        raise ImportFileError(f"{book.name} is not a review workbook this version can read.")
    baseline: dict[tuple[str, str], tuple[Any, ...]] = {}
    for row in book.sheets[BASELINE].rows:
        if len(row) >= 2 and row[0] and row[1]:
            baseline[(str(row[0]), str(row[1]))] = tuple(row[2:])
    errors: list[RowError] = []
    notices: list[str] = []
    sheets = {}
    for title, by_header in fields.items():
        if title not in book.sheets:
            raise ImportFileError(f"{book.name} has no sheet “{title}”; it was renamed or deleted.")
        base = {key: values for (sheet, key), values in baseline.items() if sheet == title}
        rows = book.sheets[title].rows
        notices += _added_columns(rows, title, [*by_header, KEY, VERSION])
        sheets[title] = list(_rows(rows, title, by_header, base, errors))
    return ReviewBook(meta=meta, sheets=sheets, errors=errors, notices=notices)


CELL_MAX = 32_767  # characters: the most Excel and LibreOffice keep in a cell


def _cut_cells(
    cells: dict[str, Any],
    exported: tuple[Any, ...] | None,
    names: list[str],
    number: int,
    title: str,
    columns: dict[str, str],
    errors: list[RowError],
) -> bool:
    """A changed cell that cannot be trusted to hold the whole text: refused, for that cell.

    The cell is as long as a cell can be (the spreadsheet program cut what was typed or
    pasted), or it is an edit of a text the export had to clip (the reviewer saw only its
    beginning, and taking the edit would drop the rest). A text typed over the whole cell
    is the reviewer's own and is taken.
    """
    base = dict(zip(names, exported, strict=False)) if exported else {}
    found = False
    for name, value in cells.items():
        was = base.get(name)
        if norm(value) == norm(was):
            continue
        if isinstance(value, str) and len(value) >= CELL_MAX:
            why = "the spreadsheet program cut this text; make this change in the app instead"
        elif isinstance(was, str) and len(was) >= CELL_MAX and _keeps_end(value, was):
            why = ("the register's text is longer than a cell holds and the workbook shows only "
                   "its beginning; make this change in the app instead")  # fmt: skip
        else:
            continue
        found = True
        length = len(value) if isinstance(value, str) else 0
        errors.append(RowError(title, number, columns[name],
            f"holds {length:,} characters, the most a spreadsheet cell can hold: {why}"
            if length >= CELL_MAX else why))  # fmt: skip
    return found


def _keeps_end(value: Any, exported: str) -> bool:
    """The edited cell still ends as the clipped one did: an edit inside the clipped text."""
    tail = norm(exported)[-40:]
    return isinstance(value, str) and bool(tail) and norm(value).endswith(tail)


def _added_columns(rows: list[tuple[Any, ...]], title: str, known: list[str]) -> list[str]:
    """Columns the reviewer added (a comments column, say): read, not imported, and said so."""
    if not rows:
        return []
    out = []
    for i, header in enumerate(rows[0]):
        name = norm(header)
        filled = sum(1 for r in rows[1:] if i < len(r) and norm(r[i]))
        if name in known or (not name and not filled):
            continue
        what = f"column {get_column_letter(i + 1)}" + (f" “{name}”" if name else "")
        held = f" holds {filled} filled cell{'s' if filled != 1 else ''} and" if filled else ""
        out.append(f"sheet “{title}”, {what} is not part of the export:{held} was not imported.")
    return out


def _rows(
    rows: list[tuple[Any, ...]],
    title: str,
    by_header: dict[str, str],
    baseline: dict[str, tuple[Any, ...]],
    errors: list[RowError],
) -> Iterator[Row]:
    header = [norm(h) for h in rows[0]] if rows else []
    wanted = [*by_header, KEY, VERSION]
    index: dict[str, int] = {}
    for name in wanted:
        if name not in header:
            raise ImportFileError(
                f"Sheet “{title}” has no column “{name}”; keep the exported column headers as they are."
            )
        index[name] = header.index(name)
    names = {h: by_header.get(h, h) for h in wanted}
    columns = {names[h]: f"{get_column_letter(i + 1)} ({h})" for h, i in index.items()}
    seen: dict[str, int] = {}
    for number, values in enumerate(rows[1:], 2):
        if not any(norm(v) for v in values):
            continue
        cells = {names[h]: (values[i] if i < len(values) else None) for h, i in index.items()}
        key = norm(cells.get(KEY))
        if _cut_cells(
            cells, baseline.get(key), list(names.values()), number, title, columns, errors
        ):
            continue
        base = None
        if key:
            if key in seen:
                errors.append(
                    RowError(
                        title,
                        number,
                        columns[KEY],
                        f"repeats the hidden key of row {seen[key]}: "
                        "a copied row; add new rows instead of copying",
                    )
                )
                continue
            if key not in baseline:
                errors.append(
                    RowError(
                        title, number, columns[KEY], "has a hidden key this export never wrote"
                    )
                )
                continue
            seen[key] = number
            base = dict(zip(names.values(), baseline[key], strict=False))
        yield Row(title, number, key, cells, base, columns)
    for key, values in baseline.items():
        if key not in seen:
            base = dict(zip(names.values(), values, strict=False))
            yield Row(title, 0, key, {}, base, columns)
