"""Read an untrusted workbook safely: bounded, read-only, no formulas, no macros.

The reusable part of every workbook import (the review workbook, vendor
questionnaires): ``read_workbook(path)`` checks the file before a parser sees it
and returns plain cell values, sheet by sheet. An Excel workbook (.xlsx) is read
by openpyxl, an OpenDocument spreadsheet (.ods, LibreOffice's own format) by
python-calamine (``ods``), both into the same ``WorkbookData``. Every refusal is
an ImportFileError in one sentence.

- Size caps on the file, on the zip's declared uncompressed sizes and on each
  member's compression ratio (a zip bomb), on sheets, rows, columns and cell text.
  Python's zipfile stops at a member's declared size, so the declared sizes bound
  what is really inflated.
- openpyxl parses XML through defusedxml (no entity expansion, no external
  entities); the reader refuses to run without it.
- Read-only mode, formulas are never evaluated: a formula cell comes back as a
  ``Formula`` so that the caller can refuse it; macros (.xlsm) are never loaded.
- A password-protected file (an OLE compound file), an old .xls, a CSV or any
  other file renamed .xlsx gets a clear message instead of a traceback.

openpyxl stays the .xlsx reader although python-calamine reads the values of the same
export some fourteen times faster (3 s against 42 s at 10,000 activities, see
bench/bench_xlsx_import.py): calamine cannot tell a formula cell from a value, which
the import must refuse, and openpyxl can.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import openpyxl.xml
from openpyxl.cell.read_only import EMPTY_CELL

from ropa_desktop.domain.errors import ImportFileError
from ropa_desktop.importers.xlsx.book import Formula, Limits, Sheet, WorkbookData
from ropa_desktop.importers.xlsx.ods import is_ods, read_ods

__all__ = ["Formula", "Limits", "Sheet", "WorkbookData", "read_bytes", "read_workbook"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


def read_workbook(path: str | os.PathLike[str], *, limits: Limits | None = None) -> WorkbookData:
    """Every sheet's cell values, after the file passed every safety check."""
    limits = limits or Limits()
    file = Path(path)
    data = read_bytes(file, limits)
    _check_container(file.name, data)
    with _open_zip(file.name, data, limits) as archive:
        if is_ods(archive):
            _check_sizes(file.name, archive, limits, total=limits.ods_bytes)
            return read_ods(file.name, archive, limits)
        has_macros = _check_xlsx(file.name, archive)
        _check_sizes(file.name, archive, limits, total=limits.uncompressed_bytes)
    return _read_xlsx(file.name, data, has_macros, limits)


def _read_xlsx(name: str, data: bytes, has_macros: bool, limits: Limits) -> WorkbookData:
    if not openpyxl.xml.DEFUSEDXML:
        raise ImportFileError(
            "Workbooks are not read without the defusedxml package; install it and try again."
        )
    try:
        wb = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_vba=False, keep_links=False
        )
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError(f"{name} is not a readable Excel workbook ({_why(exc)}).") from None
    try:
        if len(wb.sheetnames) > limits.sheets:
            raise ImportFileError(
                f"{name} has {len(wb.sheetnames)} sheets; the limit is {limits.sheets}."
            )
        sheets = {}
        for ws in wb.worksheets:
            try:
                sheets[ws.title] = _read_sheet(name, ws, limits)
            except ImportFileError:
                raise
            except Exception as exc:  # the sheet XML is parsed only now, in read-only mode
                raise ImportFileError(
                    f"{name}, sheet “{ws.title}” is not readable ({_why(exc)})."
                ) from None
    finally:
        wb.close()
    return WorkbookData(name=name, sheets=sheets, has_macros=has_macros)


def _why(exc: BaseException) -> str:
    """One line on why openpyxl gave up; XML entity tricks are named as such."""
    seen: BaseException | None = exc
    while seen is not None:
        if type(seen).__module__.startswith("defusedxml"):
            return "it declares XML entities or a DTD, which a workbook never needs; refused for safety"
        seen = seen.__cause__ or seen.__context__
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:160]}"


def read_bytes(file: Path, limits: Limits) -> bytes:
    """The file's bytes, once it is known to be a file within the size limit."""
    try:
        size = file.stat().st_size
        if file.is_dir():
            raise ImportFileError(f"{file} is a folder, not a workbook.")
        if size > limits.file_bytes:
            raise ImportFileError(
                f"{file.name} is {size / 2**20:.1f} MB; the limit for a workbook is "
                f"{limits.file_bytes // 2**20} MB."
            )
        data = file.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"No file {file}.") from None
    except PermissionError:
        raise ImportFileError(f"{file} cannot be read (permission denied).") from None
    if not data:
        raise ImportFileError(f"{file.name} is empty, not a workbook.")
    return data


def _check_container(name: str, data: bytes) -> None:
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise ImportFileError(
                f"{name} is protected with a password; remove the password in Excel "
                "(File > Info > Protect Workbook) and save it again as .xlsx."
            )
        raise ImportFileError(
            f"{name} is an old-format Excel file (.xls); save it as an Excel workbook (.xlsx) "
            "or an OpenDocument spreadsheet (.ods)."
        )
    if data.startswith(b"PK"):
        return
    head = data[:4096]
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if text and any(sep in text for sep in (",", ";", "\t")) and "\x00" not in text:
        raise ImportFileError(
            f"{name} is a text (CSV) file, not a workbook; open it in Excel or LibreOffice and "
            "save it as .xlsx or .ods, or use the workbook the export produced."
        )
    raise ImportFileError(
        f"{name} is not an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods)."
    )


def _open_zip(name: str, data: bytes, limits: Limits) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportFileError(
            f"{name} is damaged: it is not a complete workbook (an .xlsx or .ods is a zip file)."
        ) from None
    if len(archive.infolist()) > limits.members:
        count = len(archive.infolist())
        archive.close()
        raise ImportFileError(f"{name} has {count:,} parts; a workbook has far fewer.")
    return archive


def _check_xlsx(name: str, archive: zipfile.ZipFile) -> bool:
    """Refuse a zip that is no workbook; True when it holds macros."""
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/workbook") for n in names):
        raise ImportFileError(
            f"{name} is a zip file but not an Excel workbook (.xlsx) or an OpenDocument "
            "spreadsheet (.ods)."
        )
    return any(n.lower().endswith("vbaproject.bin") for n in names)


def _check_sizes(name: str, archive: zipfile.ZipFile, limits: Limits, *, total: int) -> None:
    members = archive.infolist()
    declared = sum(m.file_size for m in members)
    if declared > total:
        raise ImportFileError(
            f"{name} would expand to {declared / 2**20:,.0f} MB; the limit is "
            f"{total // 2**20} MB (possible zip bomb)."
        )
    for m in members:
        if m.file_size > 2**20 and m.file_size > limits.ratio * max(m.compress_size, 1):
            raise ImportFileError(
                f"{name} holds a part compressed {m.file_size / max(m.compress_size, 1):,.0f} "
                "times, far beyond what a spreadsheet program writes (possible zip bomb)."
            )


def _read_sheet(name: str, ws: Any, limits: Limits) -> Sheet:
    sheet = Sheet(title=ws.title, state=getattr(ws, "sheet_state", "visible"))
    # The declared dimension may be a lie (A1:XFD1048576); never pad rows to it.
    ws.reset_dimensions()
    where = f"{name}, sheet “{ws.title}”"
    filled = 0
    # openpyxl yields one shared tuple for every row missing from the file; held here, so
    # that it is known by identity (in O(1), for a million rows).
    padding: tuple[Any, ...] | None = None
    for row in ws.iter_rows(max_col=limits.columns + 1):
        # LibreOffice writes an empty <row r="1048576"> after a row is deleted: the rows
        # between are missing from the file, and count for nothing.
        if row is padding or all(cell is EMPTY_CELL for cell in row):
            padding = row
            sheet.rows.append(())
            continue
        values = []
        for cell in row:
            value = cell.value
            if cell.data_type == "f" and value is not None:
                value = Formula(str(value))
            elif isinstance(value, str) and len(value) > limits.cell_chars:
                raise ImportFileError(
                    f"{where}, cell {cell.coordinate} holds {len(value):,} characters; "
                    f"the limit is {limits.cell_chars:,}."
                )
            values.append(value)
        if len(values) > limits.columns and values[limits.columns] is not None:
            raise ImportFileError(f"{where} has more than {limits.columns} columns.")
        while values and values[-1] is None:
            values.pop()
        if values:
            filled += 1
            if filled > limits.rows:
                raise ImportFileError(f"{where} has more than {limits.rows:,} rows with values.")
        sheet.rows.append(tuple(values))
    while sheet.rows and not sheet.rows[-1]:
        sheet.rows.pop()
    return sheet
