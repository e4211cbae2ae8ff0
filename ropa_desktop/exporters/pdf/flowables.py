"""The building blocks of the register's pages: headings, labelled fields, grids, contents."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table
from reportlab.platypus.doctemplate import IndexingFlowable

from ropa_desktop.exporters.pdf import styles as S
from ropa_desktop.exporters.pdf.text import plain

_PAD = 5.0
# Set on the canvas of a layout pass whose drawing is thrown away (see layout.py).
DRY_RUN = "ropa_dry_run"


def _dry(canv: Any) -> bool:
    return bool(getattr(canv, DRY_RUN, False))


_PAD_TOP = 3.0
_PAD_BOTTOM = 4.0


class Heading(Paragraph):
    """A section title listed in the contents and in the PDF outline."""

    def __init__(
        self,
        markup: str,
        style: ParagraphStyle,
        *,
        level: int,
        key: str,
        outline: str,
        section: str | None = None,
    ):
        super().__init__(markup, style)
        # Shown in the running header of its pages: its own title, or the part it is in.
        self.section = plain(section or outline)
        self.toc_entry = (level, markup, key, plain(outline))


class Field(Flowable):
    """One labelled value: the label in a shaded column, the value wrapped beside it.

    A field moves to the next page whole unless it is tall; a tall value splits
    and its continuation repeats the label, marked "(continued)".
    """

    def __init__(
        self,
        label: str,
        value: str | Paragraph,
        *,
        confirm: bool = False,
        first: bool = False,
        continued: bool = False,
    ) -> None:
        super().__init__()
        self._label_markup = label
        self._confirm = confirm
        self._first = first
        self._continued = continued
        shown = f"{label} (continued)" if continued else label
        shown = f"{shown}<br/>{S.TO_CONFIRM}" if confirm else shown
        self._label, self._label_height = _label(shown)
        self._value = (
            value if isinstance(value, Paragraph) else Paragraph(value or S.NOT_RECORDED, S.CELL)
        )

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self._value_width = availWidth - S.LABEL_WIDTH - 2 * _PAD
        _w, self._value_height = self._value.wrap(self._value_width, availHeight)
        self.height = max(self._label_height, self._value_height) + _PAD_TOP + _PAD_BOTTOM
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight:
            return [self]
        # Short fields move whole: a label alone at the foot of a page helps no one.
        if self.height < S.SPLIT_ABOVE or availHeight < S.SPLIT_ROOM:
            return []
        parts = self._value.split(self._value_width, availHeight - _PAD_TOP - _PAD_BOTTOM)
        if len(parts) < 2:
            return []
        head = Field(
            self._label_markup,
            parts[0],
            confirm=self._confirm,
            first=self._first,
            continued=self._continued,
        )
        rest = Field(self._label_markup, parts[1], confirm=self._confirm, continued=True)
        return [head, rest]

    def draw(self) -> None:
        canv = self.canv
        if _dry(canv):
            return
        canv.saveState()
        canv.setFillColor(S.CONFIRM_BG if self._confirm else S.LABEL_BG)
        canv.rect(0, 0, S.LABEL_WIDTH, self.height, stroke=0, fill=1)
        if self._confirm:
            canv.rect(S.LABEL_WIDTH, 0, self.width - S.LABEL_WIDTH, self.height, stroke=0, fill=1)
        # Rules on both edges: the next row's background covers half of this bottom
        # rule, and its own top rule redraws it.
        canv.setStrokeColor(S.RULE)
        canv.setLineWidth(0.4)
        canv.line(0, 0, self.width, 0)
        canv.setStrokeColor(S.NAVY if self._first else S.RULE)
        canv.setLineWidth(0.8 if self._first else 0.4)
        canv.line(0, self.height, self.width, self.height)
        canv.restoreState()
        top = self.height - _PAD_TOP
        self._label.drawOn(canv, _PAD, top - self._label_height)
        self._value.drawOn(canv, S.LABEL_WIDTH + _PAD, top - self._value_height)


@functools.lru_cache(maxsize=512)
def _label(markup: str) -> tuple[Paragraph, float]:
    # Labels are our own few texts, always at the same width: one paragraph, parsed and
    # wrapped once, serves every field (a third fewer paragraphs to parse and wrap).
    label = Paragraph(markup, S.LABEL)
    _w, height = label.wrap(S.LABEL_WIDTH - 2 * _PAD, 1e6)
    return label, height


def fields(rows: Sequence[tuple[str, str, bool]]) -> list[Flowable]:
    """Rows of (label markup, value markup, to confirm); empty values print Not recorded."""
    return [
        Field(lbl, value, confirm=confirm, first=i == 0)
        for i, (lbl, value, confirm) in enumerate(rows)
    ]


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    width: float = S.WIDTH,
) -> list[Flowable]:
    """A table with a header row, in chunks so that a long table splits in linear time."""
    scale = width / sum(widths)
    cols = [w * scale for w in widths]
    out: list[Flowable] = []
    for start in range(0, max(len(rows), 1), S.GRID_CHUNK):
        chunk = rows[start : start + S.GRID_CHUNK]
        data = [[Paragraph(c or S.NOT_RECORDED, S.SMALL) for c in row] for row in chunk]
        if start == 0:
            data.insert(0, [Paragraph(h, S.HEAD_CELL) for h in header])
        table = _Grid(data, colWidths=cols, repeatRows=1 if start == 0 else 0)
        table.setStyle(S.GRID)
        if start == 0:
            table.setStyle(S.HEADER_ROW)
        out.append(table)
    return out


def titled_grid(
    title: str, rows: Sequence[Sequence[str]], widths: Sequence[float], *, width: float = S.WIDTH
) -> Flowable:
    """A table whose first row, across every column, names what its rows are about.

    The title row repeats at the top of each page the table runs onto.
    """
    scale = width / sum(widths)
    data: list[list[Paragraph | str]] = [[Paragraph(title, S.CELL)] + [""] * (len(widths) - 1)]
    data += [[Paragraph(c or S.NOT_RECORDED, S.SMALL) for c in row] for row in rows]
    table = _Grid(data, colWidths=[w * scale for w in widths], repeatRows=1)
    table.setStyle(S.GRID)
    table.setStyle(S.TITLE_ROW)
    return table


class _Grid(Table):
    """A table that keeps each row on one page, and skips drawing in a dry pass.

    Its splits keep the class, so both hold on every page it runs onto.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # A row moves to the next page whole, like a field: the header and two lines
        # of a row at the foot of a page help no one. Only a row taller than a whole
        # page is cut, or it could never be laid out.
        self.splitInRow = 0
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if parts or not self._first_row_exceeds_page():
            return parts
        self.splitInRow = 1
        return list(super().split(availWidth, availHeight))

    def _first_row_exceeds_page(self) -> bool:
        frame = getattr(self, "_frame", None)  # set by the frame while it asks for a split
        if frame is None:
            return True
        repeat = self.repeatRows if isinstance(self.repeatRows, int) else max(self.repeatRows) + 1
        heights = self._rowHeights[: repeat + 1]
        return bool(sum(heights) > frame._aH)

    def draw(self) -> None:
        if not _dry(self.canv):
            super().draw()


class Contents(IndexingFlowable):
    """Collects where each section starts; ``lines()`` print what the last pass found."""

    def __init__(self, planned: Sequence[tuple[int, str, str]]) -> None:
        super().__init__()
        self._entries: list[tuple[int, str, int, str]] = []
        # Seeded with page 0: the right titles, hence the right height, before any page is known.
        self._last = [(level, markup, 0, key) for level, markup, key in planned]

    def beforeBuild(self) -> None:
        if self._entries:
            self._last = self._entries
        self._entries = []

    def isSatisfied(self) -> bool:
        return self._entries == self._last

    def notify(self, kind: str, stuff: Any) -> None:
        if kind == "TOCEntry":
            self._entries.append(stuff)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass

    def entry(self, index: int) -> tuple[int, str, int, str]:
        return self._last[index]

    def lines(self) -> list[Flowable]:
        return [_ContentsLine(self, i) for i in range(len(self._last))]


_NUMBER_STYLES: dict[str, ParagraphStyle] = {}


def _number_style(style: ParagraphStyle) -> ParagraphStyle:
    if style.name not in _NUMBER_STYLES:
        _NUMBER_STYLES[style.name] = ParagraphStyle(
            f"{style.name}-page", parent=style, alignment=TA_RIGHT, leftIndent=0, spaceBefore=0
        )
    return _NUMBER_STYLES[style.name]


class _ContentsLine(Flowable):
    """One contents entry: the title wrapped on the left, its page on the last line's right."""

    def __init__(self, contents: Contents, index: int) -> None:
        super().__init__()
        self._contents = contents
        self._index = index

    def _style(self) -> ParagraphStyle:
        return S.TOC_0 if self._contents.entry(self._index)[0] == 0 else S.TOC_1

    def getSpaceBefore(self) -> float:
        return float(self._style().spaceBefore)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _level, markup, page, self._key = self._contents.entry(self._index)
        style = self._style()
        self._title = Paragraph(markup, style)
        self._number = Paragraph(str(page or ""), _number_style(style))
        self.width = availWidth
        _w, self.height = self._title.wrap(availWidth - S.NUMBER_WIDTH, availHeight)
        self._number.wrap(S.NUMBER_WIDTH, availHeight)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        if _dry(canv):
            return
        self._title.drawOn(canv, 0, 0)
        # Same font and leading: the number's only line sits on the title's last baseline.
        self._number.drawOn(canv, self.width - S.NUMBER_WIDTH, 0)
        style = self._title.style
        last = self._title.blPara.lines[-1]
        spare = last[0] if isinstance(last, tuple) else last.extraSpace
        start = self.width - S.NUMBER_WIDTH - spare + 4
        end = self.width - stringWidth(self._number.text, style.fontName, style.fontSize) - 4
        if end - start > 8:
            baseline = style.leading - style.fontSize + 1
            canv.saveState()
            canv.setStrokeColor(S.RULE)
            canv.setDash(0.8, 2.4)
            canv.line(start, baseline, end, baseline)
            canv.restoreState()
        canv.linkRect("", self._key, (0, 0, self.width, self.height), relative=1)
