"""Stream a register into the review workbook (openpyxl write-only mode).

Rows go to disk as they are appended; nothing kept per row (row heights, baseline
copies) stays in memory, so a big register's workbook takes no more memory than a small one's.
"""

from __future__ import annotations

import datetime as dt
import pickle
import tempfile
from collections.abc import Iterable, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.filters import AutoFilter

from ropa_desktop.domain.enums import (
    Art9Condition,
    EndOfLifeAction,
    LegalBasis,
    RetentionUnit,
    Role,
    Status,
    TransferSafeguard,
    TriggerEvent,
)
from ropa_desktop.exporters.xlsx import register_sheets as rs
from ropa_desktop.exporters.xlsx.safe_text import cell_text, needs_literal
from ropa_desktop.exporters.xlsx.styles import (
    DATE_FORMAT,
    ROW_HEIGHT_CAP,
    TOP_WRAP,
    CellStyles,
    row_height,
    wrap_by_default,
)

FORMAT_NAME = "ropa-desktop review workbook"
FORMAT_VERSION = 1
META = "ropa_meta"
BASELINE = "ropa_baseline"
LISTS = "ropa_lists"
# Room for rows a reviewer adds: dropdowns and the filter cover this many extra rows.
SPARE_ROWS = 500
# Excel's first and last dates (1900-01-01 and 9999-12-31) as serial numbers.
FIRST_DAY, LAST_DAY = 1, 2_958_465
# Bold header text is wider than body text: fewer characters fit a line.
_HEADER_WIDTH = 0.9

DROPDOWNS: dict[str, list[str]] = {
    "role": [m.label for m in Role],
    "status": [m.label for m in Status],
    "legal_basis": [m.label for m in LegalBasis],
    "art9_condition": [m.label for m in Art9Condition],
    "safeguard": [m.label for m in TransferSafeguard],
    "unit": [m.label for m in RetentionUnit],
    "trigger": [m.label for m in TriggerEvent],
    "end_of_life": [m.label for m in EndOfLifeAction],
    "yes_no": [rs.YES, rs.NO],
}


class SheetWriter:
    """One streamed worksheet: header, rows, then the filter and dropdowns at the end."""

    def __init__(self, wb: Workbook, spec: rs.SheetSpec) -> None:
        self.spec = spec
        self.ws = wb.create_sheet(spec.title)
        self.styles = CellStyles(self.ws)
        self.baseline: WriteOnlyWorksheet | None = None
        self.base_styles: CellStyles | None = None
        self._spool: IO[bytes] | None = None
        self.rows = 0
        headers = spec.headers
        self.widths = [c.width for c in spec.columns]
        self.dates = [i for i, c in enumerate(spec.columns) if c.kind == "date"]
        for i, col in enumerate(spec.columns, 1):
            set_width(self.ws, i, col.width)
            if col.kind == "date":
                # Rows a reviewer adds get the date format too.
                self.ws.column_dimensions[get_column_letter(i)].number_format = DATE_FORMAT
        for i in range(len(spec.columns) + 1, len(headers) + 1):
            set_width(self.ws, i, 10, hidden=True)
        self.ws.freeze_panes = "C2"
        self.ws.print_title_rows = "1:1"
        self.ws.print_title_cols = "A:B"
        # A3 landscape, at most ~200 characters of columns per page width.
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = 8  # A3
        self.ws.page_setup.fitToWidth = -(-int(sum(self.widths)) // 200)
        self.ws.page_setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        styles = self.styles
        heads = []
        for i, title in enumerate(headers):
            readonly = i >= len(spec.columns) or not spec.columns[i].field
            grey = spec.grey_headers or (readonly and spec.editable)
            heads.append(styles.make(styles.header_readonly if grey else styles.header, title))
        self._height(1, headers, [w * _HEADER_WIDTH for w in self.widths])
        self.ws.append(heads)
        self.ws.row_dimensions.pop(1, None)

    def _height(self, row: int, values: Sequence[Any], widths: Sequence[float]) -> None:
        height = row_height(values, widths, cap=ROW_HEIGHT_CAP)
        if height is not None:
            self.ws.row_dimensions[row] = RowDimension(self.ws, index=row, ht=height)

    def _append(self, cells: list[Any]) -> None:
        self.ws.append(cells)
        # openpyxl reads a row's height as it writes the row: keeping it would hold
        # one object per row of the register until the workbook is saved.
        self.ws.row_dimensions.pop(self.rows + 2, None)

    def keep_baseline(self, baseline: WriteOnlyWorksheet, *, later: bool = False) -> None:
        """Also copy every row, as exported, to the hidden baseline sheet.

        With ``later`` the copies wait in a temporary file until ``copy_baseline``,
        so that sheets written side by side still reach the baseline one after the other.
        """
        self.baseline = baseline
        self.base_styles = CellStyles(baseline)
        if later:
            self._spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by copy_baseline)

    def copy_baseline(self) -> None:
        """Append the rows kept for later to the baseline sheet, in the order written."""
        spool, self._spool = self._spool, None
        if spool is None or self.baseline is None or self.base_styles is None:
            return
        with spool:
            spool.seek(0)
            while True:
                try:
                    row = pickle.load(spool)
                except EOFError:
                    break
                self.baseline.append(_cells(self.base_styles, row, dates=False))

    def write(self, values: Sequence[Any]) -> None:
        """Append one row; every text cell is stored as literal text."""
        self._height(self.rows + 2, values, self.widths)
        cells = _cells(self.styles, values, dates=True)
        for i in self.dates:
            if cells[i] is None:  # formatted, so that a date typed there is shown as one
                cells[i] = self.styles.make(self.styles.date, None)
        self._append(cells)
        if self._spool is not None:
            pickle.dump(
                [self.spec.title, values[-2], *values], self._spool, pickle.HIGHEST_PROTOCOL
            )
        elif self.baseline is not None and self.base_styles is not None:
            self.baseline.append(
                _cells(self.base_styles, [self.spec.title, values[-2], *values], dates=False)
            )
        self.rows += 1

    def close(self) -> None:
        width = len(self.spec.headers)
        last = get_column_letter(width)
        end = self.rows + 1 + (SPARE_ROWS if self.spec.editable else 0)
        self.ws.auto_filter = AutoFilter(ref=f"A1:{last}{self.rows + 1}")
        if end < 2:  # an empty read-only sheet: no cell to validate (F2:F1 is invalid)
            return
        for i, col in enumerate(self.spec.columns, 1):
            letter = get_column_letter(i)
            if col.choices and col.field:
                self.ws.data_validations.append(_dropdown(col.choices, f"{letter}2:{letter}{end}"))
            elif col.kind:
                self.ws.data_validations.append(_typed(col, f"{letter}2:{letter}{end}"))


def set_width(ws: WriteOnlyWorksheet, index: int, width: float, *, hidden: bool = False) -> None:
    """Column width, with the default top-aligned wrapping format as the column's format."""
    dim = ws.column_dimensions[get_column_letter(index)]
    dim.width = width
    dim.hidden = hidden
    dim.alignment = TOP_WRAP


def _cells(styles: CellStyles, values: Iterable[Any], *, dates: bool) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if isinstance(value, str):
            text = cell_text(value)
            if needs_literal(text):
                out.append(styles.make(styles.literal, text, literal=True))
            else:
                out.append(text or None)
        elif isinstance(value, dt.date):
            out.append(styles.make(styles.date, value) if dates else value.isoformat())
        else:
            out.append(value)
    return out


def _dropdown(choices: str, ref: str) -> DataValidation:
    position = list(DROPDOWNS).index(choices) + 1
    letter = get_column_letter(position)
    count = len(DROPDOWNS[choices])
    dv = DataValidation(
        type="list",
        formula1=f"{LISTS}!${letter}$2:${letter}${count + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Choose from the list",
        error="Pick one of the values in the list (the register accepts only these).",
    )
    dv.add(ref)
    return dv


def _typed(col: rs.Column, ref: str) -> DataValidation:
    """Excel and LibreOffice refuse what is not a date (or a whole number) in this column."""
    if col.kind == "date":
        low, high = FIRST_DAY, LAST_DAY
        title, error = "Not a date", "Type a date as year-month-day, for example 2025-03-31."
    else:
        low, high = col.bounds
        title, error = "Not a whole number", f"Type a whole number from {low} to {high}."
    dv = DataValidation(
        type=col.kind,
        operator="between",
        formula1=str(low),
        formula2=str(high),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=error,
    )
    dv.add(ref)
    return dv


def new_workbook() -> Workbook:
    wb = Workbook(write_only=True)
    wrap_by_default(wb)
    return wb


def write_lists(wb: Workbook) -> None:
    ws = wb.create_sheet(LISTS)
    ws.sheet_state = "veryHidden"
    columns = list(DROPDOWNS.values())
    ws.append(list(DROPDOWNS))
    for i in range(max(len(c) for c in columns)):
        ws.append([c[i] if i < len(c) else None for c in columns])


def write_meta(wb: Workbook, items: Sequence[tuple[str, Any]]) -> None:
    """The hidden sheet the import reads first: format, origin and the column map."""
    ws = wb.create_sheet(META)
    ws.sheet_state = "veryHidden"
    styles = CellStyles(ws)
    ws.append(["format", FORMAT_NAME])
    ws.append(["format_version", FORMAT_VERSION])
    for name, value in items:
        ws.append(_cells(styles, [name, value], dates=False))
    for spec in rs.EDITABLE:
        for col in spec.columns:
            ws.append(_cells(styles, ["column", spec.title, col.header, col.field], dates=False))
