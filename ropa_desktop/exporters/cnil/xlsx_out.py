"""Grids -> an .xlsx workbook (openpyxl): bold headings, wrapped text, real dates,
landscape pages one page wide."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ropa_desktop.exporters.cnil.grid import Cell, Grid
from ropa_desktop.exporters.xlsx.safe_text import cell_text, needs_literal

DATE_FORMAT = "dd/mm/yyyy"
_WRAP = Alignment(wrap_text=True, vertical="top")
_ONE_LINE = Alignment(vertical="top")  # a title runs over the empty cells beside it
_FONTS = {
    "title": Font(name="Calibri", bold=True, size=14, color="1F4E79"),
    "part": Font(name="Calibri", bold=True, color="FFFFFF"),
    "label": Font(name="Calibri", bold=True),
    "hint": Font(name="Calibri", italic=True, color="595959"),
}
_PART_FILL = PatternFill("solid", fgColor="1F4E79")


def workbook_bytes(grids: list[Grid], *, title: str) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = title
    wb.properties.creator = "ropa-desktop"
    for grid in grids:
        _sheet(wb.create_sheet(grid.title), grid)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _sheet(ws: Worksheet, grid: Grid) -> None:
    for i, width in enumerate(grid.widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for r, (row, height) in enumerate(zip(grid.rows, grid.heights(), strict=True), 1):
        c = 1
        for cell in row:
            _cell(ws, r, c, cell)
            if cell.span > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + cell.span - 1)
            c += cell.span
        if height is not None:
            ws.row_dimensions[r].height = height
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.gridLines = False


def _cell(ws: Worksheet, r: int, c: int, cell: Cell) -> None:
    if cell.value is None and cell.style in ("text", "date", "label"):
        return
    target = ws.cell(row=r, column=c)
    value = cell.value
    if isinstance(value, str):
        text = cell_text(value)
        target.value = text
        target.data_type = "s"  # literal text, never a formula or an error value
        if needs_literal(text):
            target.quotePrefix = True
    elif isinstance(value, dt.date):
        target.value = value
        target.number_format = DATE_FORMAT
    target.alignment = _ONE_LINE if cell.style in ("title", "hint") else _WRAP
    if cell.style in _FONTS:
        target.font = _FONTS[cell.style]
    if cell.style == "part":
        target.fill = _PART_FILL
