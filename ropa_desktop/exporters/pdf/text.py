"""The embedded fonts, and user text turned into markup that prints literally.

reportlab's Paragraph parses its text as markup (``<b>``, ``<font>``, ``<a href>``,
``<img src>``, entities), so every piece of user text goes through ``para()``:
characters the fonts cannot draw become U+FFFD, then ``&``, ``<`` and ``>`` are
escaped and line breaks become ``<br/>``.
"""

from __future__ import annotations

import functools
import re
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.paths import RESOURCES

FONT_DIR = RESOURCES / "fonts"
SANS = "RopaSans"
SANS_BOLD = "RopaSans-Bold"
MONO = "RopaMono"
_FILES = {SANS: "DejaVuSans.ttf", SANS_BOLD: "DejaVuSans-Bold.ttf", MONO: "DejaVuSansMono.ttf"}
REPLACEMENT = "\ufffd"

# ASCII control characters other than tab and line feed; they have no glyph and
# some confuse PDF viewers.
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACE_RUN = re.compile(r" {2,}")


@functools.cache
def font_coverage() -> frozenset[int]:
    """Register the fonts once per process; the code points that every one of them can draw."""
    fonts = []
    for name, file in _FILES.items():
        path = FONT_DIR / file
        if not path.is_file():
            raise RopaError(f"The PDF font {path} is missing; reinstall ropa-desktop.")
        font = TTFont(name, str(path))
        pdfmetrics.registerFont(font)
        fonts.append(font)
    # So that the <b> we write in labels selects the bold face.
    for bold, italic, face in ((0, 0, SANS), (1, 0, SANS_BOLD), (0, 1, SANS), (1, 1, SANS_BOLD)):
        addMapping(SANS, bold, italic, face)
    both = set(fonts[0].face.charToGlyph).intersection(fonts[1].face.charToGlyph)
    return frozenset({c for c in both if c >= 0x20 and c != 0x7F} | {0x09, 0x0A})


def printable(text: str) -> str:
    """Text with every character the fonts cannot draw replaced by U+FFFD."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        return _ASCII_CONTROL.sub(REPLACEMENT, text)
    covered = font_coverage()
    if all(ord(c) in covered for c in text):
        return text
    return "".join(c if ord(c) in covered else REPLACEMENT for c in text)


def _keep_spaces(match: re.Match[str]) -> str:
    return " " + "&nbsp;" * (len(match.group()) - 1)


def para(text: str) -> str:
    """User text as Paragraph markup: printed as typed, line breaks and indentation kept."""
    out = escape(printable(text)).replace("\t", "    ")
    if "  " in out:
        out = _SPACE_RUN.sub(_keep_spaces, out)
    return out.replace("\n", "<br/>")


def plain(text: str) -> str:
    """User text for places that are not markup (outline, metadata, running header)."""
    return " ".join(printable(text).split())


def shorten(text: str, width: float, font: str, size: float) -> str:
    """The text, cut with an ellipsis so that it fits ``width`` points."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[: max(len(text) - 4, 0)]
    return text + "…"
