"""Read an untrusted OpenDocument spreadsheet (.ods, LibreOffice's own format) safely.

The same ``WorkbookData`` as an .xlsx gives, read by python-calamine, which executes
nothing, once ``ods_scan`` has checked content.xml against the limits and found the
formula cells (they come back as ``Formula``; calamine cannot tell them from values).

Calamine reads a stored copy of the three members it needs, inflated by Python's
zipfile, which stops at each member's declared size and checks its CRC: the zip-bomb
checks on declared sizes hold for what calamine sees too (its own zip reader is not
bounded by them).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import python_calamine
from openpyxl.utils import get_column_letter

from ropa_desktop.domain.errors import ImportFileError
from ropa_desktop.importers.xlsx.book import Formula, Limits, Sheet, WorkbookData
from ropa_desktop.importers.xlsx.ods_scan import DTD, Table, scan, unreadable

__all__ = ["MIMETYPE", "calamine_rows", "calamine_state", "is_ods", "read_ods"]

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_MANIFEST, _CONTENT = "META-INF/manifest.xml", "content.xml"


def is_ods(archive: zipfile.ZipFile) -> bool:
    """True when the zip is an OpenDocument spreadsheet (its ``mimetype`` says so)."""
    try:
        info = archive.getinfo("mimetype")
    except KeyError:
        return False
    if info.file_size != len(MIMETYPE) or _CONTENT not in archive.namelist():
        return False
    try:
        return archive.read(info) == MIMETYPE
    except (zipfile.BadZipFile, OSError, NotImplementedError):
        return False


def read_ods(name: str, archive: zipfile.ZipFile, limits: Limits) -> WorkbookData:
    """Every sheet's cell values; ``archive`` has passed the zip checks (sizes, ratios)."""
    names = archive.namelist()
    try:
        manifest = archive.read(_MANIFEST) if _MANIFEST in names else b""
        if b"encryption-data" in manifest:
            raise ImportFileError(
                f"{name} is protected with a password; open it in LibreOffice, save it again "
                "without the password (File > Save As, untick “Save with password”) and import that."
            )
        content = archive.read(_CONTENT)
    except zipfile.BadZipFile:
        raise ImportFileError(f"{name} is damaged: a part of it fails its checksum.") from None
    for part in (manifest, content):
        if b"<!DOCTYPE" in part or b"<!ENTITY" in part:
            raise unreadable(name, DTD)
    tables = scan(name, content, limits)
    has_macros = any(n.startswith(("Basic/", "Scripts/")) for n in names)
    with tempfile.TemporaryDirectory(prefix="ropa-ods-") as scratch:
        copy = Path(scratch) / "workbook.ods"
        with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as stored:
            stored.writestr("mimetype", MIMETYPE)
            if manifest:  # calamine reports a missing one
                stored.writestr(_MANIFEST, manifest)
            stored.writestr(_CONTENT, content)
        del content
        sheets = _read_values(name, copy, tables, limits)
    return WorkbookData(name=name, sheets=sheets, has_macros=has_macros)


def calamine_state(visible: Any) -> str:
    """A sheet's visibility as calamine reports it, in openpyxl's words."""
    if visible == python_calamine.SheetVisibleEnum.Hidden:
        return "hidden"
    if visible == python_calamine.SheetVisibleEnum.VeryHidden:
        return "veryHidden"
    return "visible"


def _read_values(name: str, path: Path, tables: list[Table], limits: Limits) -> dict[str, Sheet]:
    try:
        with python_calamine.CalamineWorkbook.from_path(path) as book:
            metadata = book.sheets_metadata
            if [m.name for m in metadata] != [t.title for t in tables]:
                raise unreadable(name, "its sheets could not be read as listed")
            sheets = {}
            for index, (meta, table) in enumerate(zip(metadata, tables, strict=True)):
                raw = book.get_sheet_by_index(index).to_python(skip_empty_area=False)
                sheets[meta.name] = Sheet(
                    title=meta.name,
                    state=calamine_state(meta.visible),
                    rows=calamine_rows(f"{name}, sheet “{meta.name}”", raw, limits, table.formulas),
                )
            return sheets
    except ImportFileError:
        raise
    except python_calamine.PasswordError:
        raise ImportFileError(
            f"{name} is protected with a password; save it without one."
        ) from None
    except Exception as exc:  # calamine raises several kinds on a damaged file
        text = " ".join(str(exc).split())
        raise unreadable(name, f"{type(exc).__name__}: {text[:160]}") from None


def calamine_rows(
    where: str,
    raw: list[list[Any]],
    limits: Limits,
    formulas: Iterable[tuple[int, int, int, int, str]] = (),
) -> list[tuple[Any, ...]]:
    """Calamine's rows as openpyxl gives them: None for an empty cell, dates as datetimes,
    whole numbers as int, formula cells (``formulas``, as ``ods_scan`` found them) as
    ``Formula``; trailing empty cells dropped."""
    for first, count, col, cols, text in formulas:
        for r in range(first, first + count):
            while len(raw) <= r:
                raw.append([])
            row = raw[r]
            if len(row) < col + cols:
                row.extend([""] * (col + cols - len(row)))
            row[col : col + cols] = [Formula(text)] * cols
    out: list[tuple[Any, ...]] = []
    for r, row in enumerate(raw):
        for i, value in enumerate(row):
            kind = type(value)
            if kind is str:
                if not value:
                    row[i] = None
                elif len(value) > limits.cell_chars:
                    raise ImportFileError(
                        f"{where}, cell {get_column_letter(i + 1)}{r + 1} holds {len(value):,} "
                        f"characters; the limit is {limits.cell_chars:,}."
                    )
            elif kind is float:
                if value.is_integer():
                    row[i] = int(value)
            elif kind is dt.date:
                row[i] = dt.datetime(value.year, value.month, value.day)
        while row and row[-1] is None:
            row.pop()
        out.append(tuple(row))
    while out and not out[-1]:
        out.pop()
    return out
