"""Scan an OpenDocument spreadsheet's content.xml before python-calamine reads it.

Calamine cannot say which cells hold a formula, it expands LibreOffice's repeated rows
and columns (one XML element may stand for a million rows) as it parses, and it loops
for ever on a content.xml that ends inside a sheet. So ``scan`` goes through the XML
first, tag by tag:

- every byte is accounted for by a tag, a comment, a CDATA section or text (quoted
  attributes included), so that the scan sees the elements calamine sees; a DTD or an
  entity declaration, text outside UTF-8 and broken nesting are refused;
- rows with values, columns and ``<text:s>`` runs of spaces are counted with their
  repeats, the text repeats would copy is added up, and so are the cells the sheets
  span, against the same limits as an .xlsx;
- the position of every formula cell is noted (``Table.formulas``).

Every refusal is an ImportFileError in one sentence.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from ropa_desktop.domain.errors import ImportFileError
from ropa_desktop.importers.xlsx.book import Limits

__all__ = ["DTD", "Table", "scan", "unreadable"]

_MAX_ROWS = 1_048_576  # the last row calamine (and a spreadsheet) has
DTD = "it declares XML entities or a DTD, which a workbook never needs; refused for safety"

_OURS = rb"table:table|table:table-row|table:table-cell|table:covered-table-cell|text:s"
_ATTRS = rb"(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+"
# Text, and every markup that is not one of our tags: a tag with quoted attributes
# (<text:p> first, the commonest), a comment, a CDATA section, a processing instruction.
_SKIP = (
    rb"(?:[^<]++|</?text:p>|</?(?!(?:" + _OURS + rb")[\s/>])[^\s/>!?<]++" + _ATTRS + rb">"
    rb"|<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>)*+"
)
_LEAD = re.compile(_SKIP, re.S)
# One of our tags (group 1: "/" on an end tag, 2: the name, 3: its attributes), or a
# DTD (group 4), then everything up to the next one; a cell's content and its end tag
# (group 5) come with its start tag, to halve the tokens.
_TOKEN = re.compile(
    rb"(?:<(/?)(" + _OURS + rb")(?=[\s/>])(" + _ATTRS + rb")>|(<!(?:DOCTYPE|ENTITY)))" + _SKIP
    + rb"(?:(</(?:table:table-cell|table:covered-table-cell)>)" + _SKIP + rb")?",
    re.S,
)  # fmt: skip
_TABLE, _ROW, _CELL, _COVERED, _SPACES = (
    b"table:table",
    b"table:table-row",
    b"table:table-cell",
    b"table:covered-table-cell",
    b"text:s",
)
_FORMULA_ATTR = re.compile(rb"table:formula\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_NAME_ATTR = re.compile(rb"table:name\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_FORMULA_PREFIX = re.compile(r"^[A-Za-z][\w.-]*:(?==)")  # "of:=SUM(...)" -> "=SUM(...)"


@dataclass
class Table:
    """One sheet as the scan saw it."""

    title: str
    formulas: list[tuple[int, int, int, int, str]] = field(default_factory=list)
    # (first row, rows, first column, columns, text), 0-based, repeats not expanded


class _Malformed(Exception):
    pass


def unreadable(name: str, why: str) -> ImportFileError:
    return ImportFileError(f"{name} is not a readable OpenDocument spreadsheet ({why}).")


def scan(name: str, xml: bytes, limits: Limits) -> list[Table]:
    """The sheets of content.xml, their formula cells, after every limit was checked."""
    head = xml[:200].lstrip(b"\xef\xbb\xbf")
    declared = re.match(rb"<\?xml[^>]*encoding\s*=\s*[\"']([\w.-]+)", head)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        declared and declared[1].lower() not in (b"utf-8", b"utf8")
    ):
        raise unreadable(name, "its content is not encoded in UTF-8, as LibreOffice writes it")
    try:
        return _Scan(name, limits).run(xml)
    except _Malformed as exc:
        raise unreadable(name, f"its content is malformed: {exc}") from None


class _Scan:
    """Walks the tokens of content.xml in order; one instance per file."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name, self.limits = name, limits
        self.tables: list[Table] = []
        self.table: Table | None = None
        self.spanned = 0  # cells the sheets span, all sheets
        self.expanded = 0  # bytes of the non-empty cells, each counted as often as repeated
        # The sheet being read: rows with values, the end of the last one, the widest row,
        # and the (0-based) row the next row element starts at.
        self.filled = self.last_row = self.width = self.row_at = 0

    def run(self, xml: bytes) -> list[Table]:
        lead = _LEAD.match(xml)
        pos = lead.end() if lead else 0
        in_row = in_cell = False
        # The row being read: its repeat count, the next column, the end of its last
        # value, the bytes of its values, its formula cells.
        rows = col = row_last = row_cost = 0
        row_formulas: list[tuple[int, int, str]] = []
        cell_start = cell_cols = extra = 0
        cell_value = False
        cell_formula: str | None = None
        for m in _TOKEN.finditer(xml, pos):
            start, end = m.span()
            if start != pos:
                raise _Malformed(f"unexpected text at byte {pos:,}")
            pos = end
            closing, tag, attrs, _, cell_end = m.groups()
            if tag is None:
                raise unreadable(self.name, DTD)
            done = False  # a cell is complete
            if tag in (_CELL, _COVERED):
                if closing:
                    if not in_cell:
                        raise _Malformed("a cell ends that never began")
                    done = True
                else:
                    if not in_row or in_cell:
                        raise _Malformed("a cell outside a row")
                    cell_start, extra, in_cell = start, 0, True
                    cell_cols = _count(attrs, _COLUMNS_REPEATED) if b"repeated" in attrs else 1
                    cell_value = b"office:" in attrs or b"table:formula" in attrs
                    cell_formula = _formula(attrs) if b"table:formula" in attrs else None
                    done = attrs.endswith(b"/")
            elif tag == _SPACES:
                if in_cell and not closing:
                    extra += _count(attrs, _SPACE_COUNT)
                    if extra > self.limits.cell_chars:
                        ref = f"{get_column_letter(col + 1)}{self.row_at + 1}"
                        raise ImportFileError(
                            f"{self._where()}, cell {ref} holds more than "
                            f"{self.limits.cell_chars:,} characters."
                        )
            elif in_cell:
                raise _Malformed("a row or a sheet inside a cell")
            elif tag == _ROW:
                if closing:
                    if not in_row:
                        raise _Malformed("a row ends that never began")
                    in_row = False
                else:
                    if self.table is None or in_row:
                        raise _Malformed("a row outside a sheet")
                    rows, col, row_last, row_cost = _count(attrs, _ROWS_REPEATED), 0, 0, 0
                    row_formulas = []
                    in_row = not attrs.endswith(b"/")
                if not in_row:
                    self._end_row(rows, row_last, row_cost, row_formulas)
            elif in_row:
                raise _Malformed("a sheet begins or ends inside a row")
            elif closing:
                self._end_table()
            else:
                self._start_table(attrs)
                if attrs.endswith(b"/"):
                    self._end_table()
            if cell_end is not None:  # a cell's end tag came with this token
                if not in_cell or done:
                    raise _Malformed("a cell ends that never began")
                done = True
            if done:  # where the cell is, what it costs
                in_cell = False
                if cell_value:
                    if col + cell_cols > self.limits.columns:
                        raise ImportFileError(
                            f"{self._where()} has more than {self.limits.columns} columns."
                        )
                    row_cost += (pos - cell_start + extra) * cell_cols
                    row_last = col + cell_cols
                    if cell_formula is not None:
                        row_formulas.append((col, cell_cols, cell_formula))
                col += cell_cols
        if pos != len(xml) or self.table is not None:
            raise _Malformed("it ends in the middle of a sheet")
        return self.tables

    def _where(self) -> str:
        return f"{self.name}, sheet “{self.table.title if self.table else ''}”"

    def _start_table(self, attrs: bytes) -> None:
        if self.table is not None:
            raise _Malformed("a sheet inside a sheet")
        title = _attr(_NAME_ATTR, attrs) or ""
        if not title:
            raise _Malformed("a sheet without a name")
        if any(t.title == title for t in self.tables):
            raise _Malformed(f"two sheets are named “{title}”")
        self.table = Table(title)
        self.tables.append(self.table)
        if len(self.tables) > self.limits.sheets:
            raise ImportFileError(
                f"{self.name} has more than {self.limits.sheets} sheets; "
                f"the limit is {self.limits.sheets}."
            )
        self.filled = self.last_row = self.width = self.row_at = 0

    def _end_row(
        self, rows: int, last: int, cost: int, formulas: list[tuple[int, int, str]]
    ) -> None:
        if last:  # the row has values
            assert self.table is not None
            self.filled += rows
            if self.filled > self.limits.rows:
                raise ImportFileError(
                    f"{self._where()} has more than {self.limits.rows:,} rows with values."
                )
            if self.row_at + rows > _MAX_ROWS:
                raise _Malformed(f"values below row {_MAX_ROWS:,}")
            self.last_row, self.width = self.row_at + rows, max(self.width, last)
            self.expanded += rows * cost
            if self.expanded > self.limits.ods_bytes:
                raise ImportFileError(
                    f"{self.name} would expand to more than {self.limits.ods_bytes // 2**20} MB "
                    "once its repeated cells are counted (possible zip bomb)."
                )
            self.table.formulas += [(self.row_at, rows, c, n, t) for c, n, t in formulas]
        self.row_at += rows

    def _end_table(self) -> None:
        if self.table is None:
            raise _Malformed("a sheet ends that never began")
        self.spanned += self.last_row * self.width
        if self.spanned > self.limits.cells:
            raise ImportFileError(
                f"{self.name} spans more than {self.limits.cells:,} cells once its repeated "
                "rows and columns are counted."
            )
        self.table = None


_ROWS_REPEATED = b"table:number-rows-repeated"
_COLUMNS_REPEATED = b"table:number-columns-repeated"
_SPACE_COUNT = b"text:c"


def _count(attrs: bytes, name: bytes) -> int:
    """A repeat count (of rows, columns or spaces), the largest when given twice; 1 if none."""
    if name not in attrs:
        return 1
    values = _COUNT_ATTRS[name].findall(attrs)
    if len(values) == 1 and attrs.count(name) == 1:
        return int(values[0])
    texts = [(a or b).strip() for a, b in _COUNT_QUOTED[name].findall(attrs)]
    if not all(_NUMBER.fullmatch(t) for t in texts):
        raise _Malformed("a repeat count that is not a number")
    return max((int(t) for t in texts), default=1)


_NUMBER = re.compile(rb"\+?\d{1,12}")
_COUNT_ATTRS = {
    name: re.compile(rb"(?<![\w.-])" + re.escape(name) + rb"=\"(\d{1,12})\"")
    for name in (_ROWS_REPEATED, _COLUMNS_REPEATED, _SPACE_COUNT)
}
_COUNT_QUOTED = {
    name: re.compile(rb"(?<![\w.-])" + re.escape(name) + rb"\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
    for name in (_ROWS_REPEATED, _COLUMNS_REPEATED, _SPACE_COUNT)
}


def _attr(pattern: re.Pattern[bytes], attrs: bytes) -> str | None:
    m = pattern.search(attrs)
    if not m:
        return None
    return html.unescape((m[1] if m[1] is not None else m[2]).decode("utf-8", "replace"))


def _formula(attrs: bytes) -> str | None:
    text = _attr(_FORMULA_ATTR, attrs)
    return _FORMULA_PREFIX.sub("", text) if text else None
