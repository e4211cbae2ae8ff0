"""Grids -> an .ods spreadsheet (odfpy, the OpenDocument library made for this), styled as
the .xlsx is: bold headings, wrapped text, real dates, landscape pages one page wide."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from odf import number, teletype
from odf.namespaces import LOEXTNS
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import (
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableRowProperties,
    TextProperties,
)
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
from odf.text import P

from ropa_desktop.exporters.cnil.grid import Cell, Grid
from ropa_desktop.exporters.xlsx.safe_text import cell_text

# LibreOffice's "fit to one page wide" (its own extension of ODF 1.2).
_FIT_WIDTH = {(LOEXTNS, "scale-to-X"): "1", (LOEXTNS, "scale-to-Y"): "0"}
CM_PER_CHAR = 0.21  # a column width of one character of the default font, in centimetres
_TEXT = {
    "title": {"fontweight": "bold", "fontsize": "14pt", "color": "#1F4E79"},
    "part": {"fontweight": "bold", "color": "#FFFFFF"},
    "label": {"fontweight": "bold"},
    "hint": {"fontstyle": "italic", "color": "#595959"},
}


class _Styles:
    def __init__(self, doc: OpenDocumentSpreadsheet) -> None:
        self.doc = doc
        layout = PageLayout(name="cnil-page")
        layout.addElement(PageLayoutProperties(printorientation="landscape", pagewidth="29.7cm", qattributes=_FIT_WIDTH,
                                               pageheight="21cm"))  # fmt: skip
        doc.automaticstyles.addElement(layout)
        doc.masterstyles.addElement(MasterPage(name="Default", pagelayoutname=layout))
        self.table = Style(name="cnil-table", family="table", masterpagename="Default")
        doc.automaticstyles.addElement(self.table)
        date = number.DateStyle(name="cnil-date-format")
        for part in (number.Day(style="long"), number.Text(text="/"),
                     number.Month(style="long"), number.Text(text="/"), number.Year(style="long")):  # fmt: skip
            date.addElement(part)
        doc.automaticstyles.addElement(date)
        self.cells = {name: self._cell(name) for name in ("text", "date", *_TEXT)}
        self.columns: dict[float, Style] = {}
        self.rows: dict[float, Style] = {}

    def _cell(self, name: str) -> Style:
        extra: dict[str, Any] = {"datastylename": "cnil-date-format"} if name == "date" else {}
        style = Style(name=f"cnil-{name}", family="table-cell", **extra)
        props: dict[str, Any] = {"verticalalign": "top"}
        if name not in ("title", "hint"):  # a title runs over the empty cells beside it
            props["wrapoption"] = "wrap"
        if name == "part":
            props["backgroundcolor"] = "#1F4E79"
        style.addElement(TableCellProperties(**props))
        style.addElement(ParagraphProperties(textalign="start"))
        if name in _TEXT:
            style.addElement(TextProperties(**_TEXT[name]))
        self.doc.automaticstyles.addElement(style)
        return style

    def column(self, width: float) -> Style:
        if width not in self.columns:
            style = Style(name=f"cnil-col-{len(self.columns)}", family="table-column")
            style.addElement(TableColumnProperties(columnwidth=f"{width * CM_PER_CHAR:.2f}cm"))
            self.doc.automaticstyles.addElement(style)
            self.columns[width] = style
        return self.columns[width]

    def row(self, height: float) -> Style:
        if height not in self.rows:
            style = Style(name=f"cnil-row-{len(self.rows)}", family="table-row")
            style.addElement(TableRowProperties(rowheight=f"{height:.1f}pt",
                                                useoptimalrowheight="false"))  # fmt: skip
            self.doc.automaticstyles.addElement(style)
            self.rows[height] = style
        return self.rows[height]


def spreadsheet_bytes(grids: list[Grid], *, title: str) -> bytes:
    doc = OpenDocumentSpreadsheet()
    doc.meta.addElement(_title(title))
    styles = _Styles(doc)
    for grid in grids:
        doc.spreadsheet.addElement(_table(grid, styles))
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def _title(text: str) -> Any:
    from odf.dc import Title

    return Title(text=text)


def _table(grid: Grid, styles: _Styles) -> Table:
    table = Table(name=grid.title, stylename=styles.table)
    for width in grid.widths:
        table.addElement(TableColumn(stylename=styles.column(width)))
    for row, height in zip(grid.rows, grid.heights(), strict=True):
        tr = TableRow(stylename=styles.row(height)) if height else TableRow()
        for cell in row:
            tr.addElement(_cell(cell, styles))
            for _ in range(cell.span - 1):
                tr.addElement(CoveredTableCell())
        if not row:
            tr.addElement(TableCell())
        table.addElement(tr)
    return table


def _cell(cell: Cell, styles: _Styles) -> TableCell:
    out = _value_cell(cell, styles)
    if cell.span > 1:
        out.setAttribute("numbercolumnsspanned", str(cell.span))
    return out


def _value_cell(cell: Cell, styles: _Styles) -> TableCell:
    style = styles.cells.get(cell.style, styles.cells["text"])
    value = cell.value
    if isinstance(value, dt.date):
        out = TableCell(valuetype="date", datevalue=value.isoformat(), stylename=style)
        out.addElement(P(text=value.strftime("%d/%m/%Y")))
        return out
    if not value:
        return TableCell(stylename=style) if cell.style == "part" else TableCell()
    # A string cell: the spreadsheet shows it as text and never evaluates it.
    out = TableCell(valuetype="string", stylename=style)
    for line in cell_text(value).split("\n"):
        paragraph = P()
        teletype.addTextToElement(paragraph, line)
        out.addElement(paragraph)
    return out
