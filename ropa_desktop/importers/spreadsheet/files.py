"""Any spreadsheet file a register is kept in, read safely into plain values.

``read_spreadsheet(path)`` tells the format by the file's content, not its name:

* an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods): the reviewed
  workbook's reader, with every guard it has (size, zip bomb, rows, cells, formulas);
* an old Excel workbook (.xls, an OLE compound file): python-calamine, which executes
  nothing; a password-protected one is refused; rows, columns, cells and cell text are
  counted against the same limits once read (the file-size cap bounds what is read, as
  an .xls is not compressed);
* a text table (.csv, .tsv, .txt): Python's csv module; UTF-8 (with or without its
  mark), else Windows-1252, as Excel writes it; the separator (comma, semicolon, tab or
  bar) found from the first lines; a NUL byte, an unclosed quote at the end of the file,
  or too many rows, columns or characters refused.

Every refusal is an ImportFileError in one sentence.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

import python_calamine

from ropa_desktop.domain.errors import ImportFileError
from ropa_desktop.importers.xlsx.ods import calamine_rows, calamine_state
from ropa_desktop.importers.xlsx.reader import (
    Limits,
    Sheet,
    WorkbookData,
    read_bytes,
    read_workbook,
)

__all__ = ["TEXT_SUFFIXES", "read_spreadsheet"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARKS = ("EncryptionInfo".encode("utf-16-le"), b"FILEPASS")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
_SEPARATORS = ",;\t|"


def read_spreadsheet(path: str | os.PathLike[str], *, limits: Limits) -> WorkbookData:
    """Every sheet's values (a text table is one sheet named after the file)."""
    file = Path(path)
    data = read_bytes(file, limits)
    if data.startswith(b"PK"):
        return read_workbook(file, limits=limits)
    if data.startswith(_OLE_MAGIC):
        return _read_xls(file, data, limits)
    return _read_text(file, data, limits)


# --- .xls -------------------------------------------------------------------------------


def _read_xls(file: Path, data: bytes, limits: Limits) -> WorkbookData:
    name = file.name
    if any(mark in data for mark in _ENCRYPTED_MARKS):
        raise ImportFileError(
            f"{name} is protected with a password; save it again without one and import that."
        )
    try:
        with python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
            metadata = book.sheets_metadata
            if len(metadata) > limits.sheets:
                raise ImportFileError(
                    f"{name} has {len(metadata)} sheets; the limit is {limits.sheets}."
                )
            sheets: dict[str, Sheet] = {}
            cells = 0
            for index, meta in enumerate(metadata):
                where = f"{name}, sheet “{meta.name}”"
                raw = book.get_sheet_by_index(index).to_python(skip_empty_area=False)
                cells += _check_extent(where, raw, limits)
                if cells > limits.cells:
                    raise ImportFileError(
                        f"{name} has more than {limits.cells:,} cells; the limit is "
                        f"{limits.cells:,}."
                    )
                rows = calamine_rows(where, raw, limits)
                sheets[meta.name] = Sheet(meta.name, calamine_state(meta.visible), rows)
    except ImportFileError:
        raise
    except python_calamine.PasswordError:
        raise ImportFileError(
            f"{name} is protected with a password; save it again without one and import that."
        ) from None
    except Exception as exc:  # calamine raises several kinds on a damaged file
        text = " ".join(str(exc).split())[:160]
        raise ImportFileError(
            f"{name} is not a readable Excel 97–2003 workbook (.xls): {text}."
        ) from None
    return WorkbookData(name=name, sheets=sheets)


def _check_extent(where: str, rows: list[list[Any]], limits: Limits) -> int:
    filled = [r for r in rows if any(v not in (None, "") for v in r)]
    if len(filled) > limits.rows:
        raise ImportFileError(f"{where} has more than {limits.rows:,} rows with values.")
    if any(any(v not in (None, "") for v in r[limits.columns :]) for r in rows):
        raise ImportFileError(f"{where} has more than {limits.columns} columns.")
    return sum(len(r) for r in rows)


# --- text tables --------------------------------------------------------------------------


def _read_text(file: Path, data: bytes, limits: Limits) -> WorkbookData:
    name = file.name
    if b"\x00" in data:
        raise ImportFileError(
            f"{name} is neither a spreadsheet (.xlsx, .ods, .xls) nor a text table (.csv): "
            "it holds binary data."
        )
    text = _decode(name, data)
    lines = text.splitlines()
    sample = "\n".join(lines[:50])
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=_SEPARATORS)
    except csv.Error:
        # The sniffer gives up on uneven rows: take the separator the header row uses most.
        head = lines[0] if lines else ""
        counts = {sep: head.count(sep) for sep in _SEPARATORS}
        best = max(counts, key=lambda sep: counts[sep])
        if not counts[best] and len(lines) > 1:
            raise ImportFileError(
                f"{name} is not a table this version reads: no separator (comma, semicolon or "
                "tab) sets its columns apart."
            ) from None
        dialect = csv.excel
        if counts[best]:
            csv.register_dialect("ropa-table", csv.excel, delimiter=best)
            dialect = csv.get_dialect("ropa-table")
    reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=True)
    rows: list[tuple[Any, ...]] = []
    cells = 0
    try:
        for row in reader:
            line = reader.line_num
            if len(row) > limits.columns and any(row[limits.columns :]):
                raise ImportFileError(
                    f"{name} has more than {limits.columns} columns (line {line})."
                )
            values = [v if v.strip() else None for v in row[: limits.columns]]
            for i, value in enumerate(values):
                if value is not None and len(value) > limits.cell_chars:
                    raise ImportFileError(
                        f"{name}, line {line}, column {i + 1} holds {len(value):,} characters; "
                        f"the limit is {limits.cell_chars:,}."
                    )
            while values and values[-1] is None:
                values.pop()
            rows.append(tuple(values))
            cells += len(values)
            if len(rows) > limits.rows or cells > limits.cells:
                raise ImportFileError(f"{name} has more than {limits.rows:,} rows.")
    except csv.Error as exc:
        raise ImportFileError(
            f"{name} is not a well-formed table near line {reader.line_num} ({exc}); a quote "
            "may be left open."
        ) from None
    while rows and not rows[-1]:
        rows.pop()
    title = file.stem or "Table"
    return WorkbookData(name=name, sheets={title: Sheet(title, "visible", rows)})


def _decode(name: str, data: bytes) -> str:
    """UTF-8 as LibreOffice and recent Excel write it, else Windows-1252 as older Excel
    versions save “CSV (separator: semicolon)”."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        f"{name} is text in an encoding this version does not read; save it as “CSV UTF-8”."
    )
