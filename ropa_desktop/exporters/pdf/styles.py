"""Page geometry, colours, paragraph and table styles of the PDF register."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import TableStyle

from ropa_desktop.exporters.pdf.text import SANS, SANS_BOLD

PAGE = A4
WIDE_PAGE = landscape(A4)  # for the schedules with many columns
MARGIN_X = 2 * cm
MARGIN_TOP = 2.2 * cm
MARGIN_BOTTOM = 2 * cm
WIDTH = PAGE[0] - 2 * MARGIN_X
WIDE = WIDE_PAGE[0] - 2 * MARGIN_X
LABEL_WIDTH = 5.2 * cm
NUMBER_WIDTH = 1.6 * cm
# A field taller than this may split across pages, when the page has room for a part of it
# (a label alone at its foot helps no one); a shorter one moves to the next page whole. So
# a long list of findings starts at the foot of a page instead of alone on the next one.
SPLIT_ABOVE = 4 * cm
SPLIT_ROOM = 2.5 * cm
# Rows per table in long grids: a reportlab table re-measures all its rows at each page break.
GRID_CHUNK = 25

INK = colors.HexColor("#1a1a1a")
NAVY = colors.HexColor("#1f3a5f")
MUTED = colors.HexColor("#6b6b6b")
RULE = colors.HexColor("#b8c2cc")
LABEL_BG = colors.HexColor("#eef2f6")
CONFIRM_BG = colors.HexColor("#fff4d6")
CONFIRM_INK = "#9a5b00"
BLOCKING_INK = "#b00020"
MET_INK = "#1b6e3a"
LINK_INK = "#1f4e99"  # a cross-reference: click to go to the record it names
DRAFT_INK = colors.Color(0.69, 0, 0.13, alpha=0.12)
NOT_RECORDED = '<font color="#8a8a8a">Not recorded</font>'
# For lists and optional fields: the register lists nothing, which is not a conclusion.
NONE_RECORDED = '<font color="#8a8a8a">None recorded</font>'
# A no-break space: in a narrow cell the tag must not wrap as "TO" / "CONFIRM".
TO_CONFIRM = f'<font color="{CONFIRM_INK}"><b>TO\u00a0CONFIRM</b></font>'


def _style(name: str, **kw: object) -> ParagraphStyle:
    base: dict[str, object] = {"fontName": SANS, "fontSize": 9, "leading": 11.5, "textColor": INK}
    base.update(kw)
    return ParagraphStyle(name, **base)


BODY = _style("body", spaceAfter=4)
CELL = _style("cell")
SMALL = _style("small", fontSize=8, leading=10)
LABEL = _style("label", fontName=SANS_BOLD, fontSize=8.5, leading=11, textColor=NAVY)
HEAD_CELL = _style("head", fontName=SANS_BOLD, fontSize=8, leading=10, textColor=colors.white)
NOTE = _style("note", fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=6)
H1 = _style("h1", fontName=SANS_BOLD, fontSize=16, leading=20, textColor=NAVY, spaceAfter=10)
H2 = _style(
    "h2", fontName=SANS_BOLD, fontSize=12, leading=15, textColor=NAVY, spaceBefore=10, spaceAfter=6
)
H2.keepWithNext = 1
H3 = _style(
    "h3", fontName=SANS_BOLD, fontSize=10, leading=13, textColor=NAVY, spaceBefore=8, spaceAfter=4
)
H3.keepWithNext = 1
COVER_TITLE = _style("cover-title", fontName=SANS_BOLD, fontSize=24, leading=30, textColor=NAVY)
COVER_ORG = _style("cover-org", fontName=SANS_BOLD, fontSize=17, leading=22, spaceBefore=14)
COVER_SUB = _style("cover-sub", fontSize=11, leading=15, textColor=MUTED, spaceBefore=4)
TOC_0 = _style("toc0", fontName=SANS_BOLD, fontSize=10, leading=13, spaceBefore=5)
TOC_1 = _style("toc1", fontSize=9, leading=11.5, leftIndent=12)
TOC_PAGE = _style("tocpage", fontSize=9, leading=11.5, alignment=TA_RIGHT)

GRID = TableStyle(
    [
        # Tables set their own font even when every cell is a Paragraph; keep it embedded.
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
)
HEADER_ROW = [("BACKGROUND", (0, 0), (-1, 0), NAVY)]
# The row naming a group of rows (e.g. the record that findings concern).
TITLE_ROW = [
    ("SPAN", (0, 0), (-1, 0)),
    ("BACKGROUND", (0, 0), (-1, 0), LABEL_BG),
    ("LINEABOVE", (0, 0), (-1, 0), 0.8, NAVY),
]
