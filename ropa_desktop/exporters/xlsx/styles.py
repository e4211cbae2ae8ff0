"""The look of the review workbook: what a lawyer expects from a register in Excel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
FONT_NAME = "Calibri"

TOP_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_FONT = Font(name=FONT_NAME, bold=True, color="FFFFFF", size=11)
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
# Columns the import does not read (summaries of other sheets, computed values).
_READONLY_FILL = PatternFill("solid", fgColor="7F7F7F")
_HEADER_BORDER = Border(bottom=Side(style="medium", color="000000"))
_TITLE_FONT = Font(name=FONT_NAME, bold=True, size=16, color="1F4E79")
_LABEL_FONT = Font(name=FONT_NAME, bold=True)
_HEADING_FONT = Font(name=FONT_NAME, bold=True, size=13, color="1F4E79")


def wrap_by_default(wb: Workbook) -> None:
    """Make the workbook's default cell format wrap text and align to the top.

    Styling each of hundreds of thousands of cells doubles openpyxl's writing
    time; a default format costs nothing per cell. openpyxl has no public API
    for the default format (it never writes an alignment for format 0), so this
    points format 0 at a wrapping alignment. tests/test_xlsx_export.py checks
    the written styles.xml, so an openpyxl change that breaks this fails loudly.
    """
    wb._alignments = IndexedList([Alignment(), TOP_WRAP])
    wb._cell_styles = IndexedList([StyleArray([0, 0, 0, 0, 0, 1, 0, 0, 0])])
    # LibreOffice gives a cell without a format the "Normal" cell style, not format 0.
    for named in wb._named_styles:
        if named.name == "Normal":
            named.alignment = TOP_WRAP


LINE_HEIGHT = 15.0  # points, for Calibri 11
MAX_HEIGHT = 409.0  # Excel's largest row height
# A row of the register sheets is at most this tall, about eight lines: taller
# rows no longer fit a screen, and a reviewer can drag a row taller or widen a
# column (the text is all in the cell, wrapped).
ROW_HEIGHT_CAP = 120.0


def row_height(
    values: Sequence[Any], widths: Sequence[float], *, cap: float = MAX_HEIGHT
) -> float | None:
    """Points a row needs so that its wrapped text shows whole (up to ``cap``); None for one line.

    Neither Excel nor LibreOffice re-fits row heights when it opens a file, so
    the export estimates them: characters per line from the column width, lines
    broken between words as the spreadsheet does.
    """
    cap = min(cap, MAX_HEIGHT)
    most = int(-(-(cap - 2) // LINE_HEIGHT))  # lines beyond this would be cut anyway
    lines = 1
    for value, width in zip(values, widths, strict=False):
        if not isinstance(value, str) or (len(value) <= width and "\n" not in value):
            continue
        lines = max(lines, wrapped_lines(value, max(int(width * 1.1 - 1), 1), most))
        if lines >= most:
            break
    return None if lines == 1 else min(lines * LINE_HEIGHT + 2, cap)


def wrapped_lines(text: str, per_line: int, most: int) -> int:
    """Lines ``text`` takes, broken between words at ``per_line`` characters; at most ``most``."""
    count = 0
    for line in text.split("\n"):
        if len(line) <= per_line:
            count += 1
        elif len(line) >= per_line * most:
            return most  # long enough to fill every line whatever the words
        else:
            count += _word_wrap(line, per_line)
        if count >= most:
            return most
    return count


def _word_wrap(line: str, per_line: int) -> int:
    lines, used = 1, -1
    for word in line.split(" "):
        size = len(word)
        if used >= 0 and used + 1 + size <= per_line:
            used += 1 + size
            continue
        if used >= 0:
            lines += 1
        # A word longer than a line is broken across lines.
        extra = max(size - 1, 0) // per_line
        lines += extra
        used = size - extra * per_line
    return lines


class CellStyles:
    """Prototype cells for one worksheet; ``make`` copies a style onto a new cell cheaply."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self.header = self._proto(font=_HEADER_FONT, fill=_HEADER_FILL, border=_HEADER_BORDER)
        self.header_readonly = self._proto(
            font=_HEADER_FONT, fill=_READONLY_FILL, border=_HEADER_BORDER
        )
        self.date = self._proto(number_format=DATE_FORMAT)
        self.datetime = self._proto(
            number_format=DATETIME_FORMAT, alignment=Alignment(horizontal="left", vertical="top")
        )
        self.literal = self._proto(quotePrefix=True)
        self.title = self._proto(font=_TITLE_FONT, alignment=Alignment(vertical="top"))
        self.label = self._proto(font=_LABEL_FONT)
        self.heading = self._proto(font=_HEADING_FONT, alignment=Alignment(vertical="bottom"))

    def _proto(self, **attrs: object) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws)
        attrs.setdefault("alignment", TOP_WRAP)
        for name, value in attrs.items():
            setattr(cell, name, value)
        return cell

    def make(self, proto: WriteOnlyCell, value: object, *, literal: bool = False) -> WriteOnlyCell:
        """A new cell holding ``value`` with the prototype's style.

        ``literal`` forces text to be stored as a string even when openpyxl would
        read it as a formula or an error value.
        """
        cell = WriteOnlyCell(self.ws, value)
        cell._style = StyleArray(proto._style)
        if literal:
            cell.data_type = "s"
        return cell
