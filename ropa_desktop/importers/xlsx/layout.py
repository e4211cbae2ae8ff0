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
        where = f"sheet “{self.sheet}”, row {self.row}"
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
    sheets = {}
    for title, by_header in fields.items():
        if title not in book.sheets:
            raise ImportFileError(f"{book.name} has no sheet “{title}”; it was renamed or deleted.")
        base = {key: values for (sheet, key), values in baseline.items() if sheet == title}
        sheets[title] = list(_rows(book.sheets[title].rows, title, by_header, base, errors))
    return ReviewBook(meta=meta, sheets=sheets, errors=errors)


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
