"""Register text as literal cell text: never a formula, never an error value.

A spreadsheet treats text that starts with ``=``, ``+``, ``-`` or ``@`` (and, in
some programs, a tab, a carriage return or the fullwidth forms) as something to
evaluate. Values from the register are data typed by people, so each one is
stored as an inline string (``t="inlineStr"``, never an ``<f>`` element), and the
risky ones also get the "quote prefix" style flag so that Excel and LibreOffice
keep them literal when a reviewer edits the cell.
"""

from __future__ import annotations

import re

# Characters that make Excel, LibreOffice or a CSV consumer evaluate a cell.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# Text openpyxl would otherwise store as an error cell (t="e").
ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
# Excel's limit for one cell; longer register text is clipped with a marker.
CELL_LIMIT = 32_767
CLIP_MARK = " […] (clipped: the full text is in the register)"
# XML 1.0 forbids these; the register's own validation refuses them, but a
# document built elsewhere (a test, a bench) may hold them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def needs_literal(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula or an error value."""
    return text.lstrip(" ").startswith(TRIGGERS) or text in ERROR_CODES


def cell_text(text: str) -> str:
    """The text as one cell can hold it: no XML-illegal characters, clipped to Excel's limit."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("\ufffd", text)
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - len(CLIP_MARK)] + CLIP_MARK
    return text


def is_clipped(text: str) -> bool:
    """True when the register text is too long for one cell."""
    return len(text) > CELL_LIMIT
