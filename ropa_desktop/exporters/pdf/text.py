"""The embedded fonts, and user text turned into markup that prints literally.

reportlab's Paragraph parses its text as markup (``<b>``, ``<font>``, ``<a href>``,
``<img src>``, entities), so every piece of user text goes through ``para()``:
``&``, ``<`` and ``>`` are escaped, line breaks become ``<br/>``, and each run of
characters DejaVu cannot draw is set in the fallback font that can (CJK, Indic, Thai,
Arabic, Hebrew, symbols and emoji); only a character no font draws becomes U+FFFD.
The fallback fonts are read the first time a register needs one.
"""

from __future__ import annotations

import functools
import re
from typing import Any
from xml.sax.saxutils import escape

from bidi import get_display
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.paths import RESOURCES

FONT_DIR = RESOURCES / "fonts"
SANS = "RopaSans"
SANS_BOLD = "RopaSans-Bold"
MONO = "RopaMono"
_FILES = {SANS: "DejaVuSans.ttf", SANS_BOLD: "DejaVuSans-Bold.ttf", MONO: "DejaVuSansMono.ttf"}
REPLACEMENT = "\ufffd"
# Tried in this order for a character DejaVu lacks; regular faces only, so bold text in
# these scripts prints regular. Each file and its licence is in resources/fonts.
FALLBACKS = {
    "RopaDevanagari": "NotoSansDevanagari-Regular.ttf",
    "RopaBengali": "NotoSansBengali-Regular.ttf",
    "RopaTamil": "NotoSansTamil-Regular.ttf",
    "RopaThai": "NotoSansThai-Regular.ttf",
    "RopaArabic": "NotoSansArabic-Regular.ttf",
    "RopaHebrew": "NotoSansHebrew-Regular.ttf",
    "RopaCJK": "DroidSansFallback.ttf",
    "RopaSymbols": "Symbola.ttf",
}
# Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# Emoji presentation selectors: no font draws them, and without them the emoji is the same.
_SELECTORS = dict.fromkeys((0xFE0E, 0xFE0F))

# ASCII control characters other than tab and line feed; they have no glyph and
# some confuse PDF viewers.
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACE_RUN = re.compile(r" {2,}")
# What a PDF string cannot hold: those, and lone surrogates (not encodable as UTF-8).
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


@functools.cache
def font_coverage() -> frozenset[int]:
    """Register the fonts once per process; the code points that every one of them can draw."""
    fonts = [_register(name, file) for name, file in _FILES.items()]
    # So that the <b> we write in labels selects the bold face.
    for bold, italic, face in ((0, 0, SANS), (1, 0, SANS_BOLD), (0, 1, SANS), (1, 1, SANS_BOLD)):
        addMapping(SANS, bold, italic, face)
    both = set(fonts[0].face.charToGlyph).intersection(fonts[1].face.charToGlyph)
    return frozenset({c for c in both if c >= 0x20 and c != 0x7F} | {0x09, 0x0A})


def _register(name: str, file: str) -> TTFont:
    path = FONT_DIR / file
    if not path.is_file():
        raise RopaError(f"The PDF font {path} is missing; reinstall ropa-desktop.")
    font = TTFont(name, str(path))
    pdfmetrics.registerFont(font)
    return font


@functools.cache
def fallback_fonts() -> dict[int, str]:
    """Register the fallback fonts once; for each code point DejaVu lacks, the font drawing it."""
    covered = font_coverage()
    found: dict[int, str] = {}
    for name, file in FALLBACKS.items():
        font = _register(name, file)
        # So that a run inside <b> or <i> keeps this font rather than failing to map.
        for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
            addMapping(name, bold, italic, name)
        for code in font.face.charToGlyph:
            if code > 0x20 and code not in covered:
                found.setdefault(code, name)
    return found


def runs(text: str) -> list[tuple[str | None, str]]:
    """The text cut into runs of one font: (None for DejaVu, else the fallback's name, text).

    Control characters and characters no font draws become U+FFFD (drawn by DejaVu).
    """
    text = _clean(text)
    covered = font_coverage()
    if text.isascii() or all(ord(c) in covered for c in text):
        return [(None, text)] if text else []
    fallback = fallback_fonts()
    out: list[tuple[str | None, str]] = []
    for char in text:
        code = ord(char)
        font = None if code in covered else fallback.get(code)
        if font is None and code not in covered:
            char = REPLACEMENT
        # A space or punctuation DejaVu draws stays in the run it sits in, so a sentence in
        # one script is one run.
        if out and font is None and char == " " and out[-1][0] is not None:
            font = out[-1][0]
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + char)
        else:
            out.append((font, char))
    return out


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = text.translate(_SELECTORS)
        if _RIGHT_TO_LEFT.search(text):
            text = "\n".join(_visual(line) for line in text.split("\n"))
    return _ASCII_CONTROL.sub(REPLACEMENT, text)


def _visual(line: str) -> str:
    # reportlab draws glyphs left to right as given; right-to-left words are given in the
    # order they are seen (Unicode bidi algorithm), so that they read right on the page and
    # a reader's text extraction (which reorders them again) gives back the typed order.
    # A right-to-left passage that wraps onto a second line keeps its words in line order.
    return str(get_display(line))


def printable(text: str) -> str:
    """Text with every character no font can draw replaced by U+FFFD."""
    return "".join(run for _font, run in runs(text))


def _keep_spaces(match: re.Match[str]) -> str:
    return " " + "&nbsp;" * (len(match.group()) - 1)


def para(text: str) -> str:
    """User text as Paragraph markup: printed as typed, line breaks and indentation kept."""
    return "".join(
        _markup(run) if font is None else f'<font name="{font}">{_markup(run)}</font>'
        for font, run in runs(text)
    )


def _markup(text: str) -> str:
    out = escape(text).replace("\t", "    ")
    if "  " in out:
        out = _SPACE_RUN.sub(_keep_spaces, out)
    return out.replace("\n", "<br/>")


def plain(text: str) -> str:
    """User text for places that are not markup (outline, metadata, running header): the
    characters as typed (outline and metadata need no font), on one line."""
    return " ".join(_UNWRITABLE.sub(REPLACEMENT, text).split())


def draw_runs(canv: Any, x: float, y: float, text: str, font: str, size: float) -> float:
    """Draw one line of text at (x, y), each run in the font that has its glyphs; its width."""
    start = x
    for name, run in runs(text):
        face = name or font
        canv.setFont(face, size)
        canv.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, face, size)
    return x - start


def text_width(text: str, font: str, size: float) -> float:
    """The width of one line drawn by ``draw_runs``."""
    return sum(pdfmetrics.stringWidth(run, name or font, size) for name, run in runs(text))


def shorten(text: str, width: float, font: str, size: float) -> str:
    """The text, cut with an ellipsis so that it fits ``width`` points."""
    if text_width(text, font, size) <= width:
        return text
    while text and text_width(text + "…", font, size) > width:
        text = text[: max(len(text) - 4, 0)]
    return text + "…"


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with code points above U+FFFF as UTF-16 surrogate pairs.

    reportlab 4 writes them as five hex digits, which readers misread (an emoji extracts
    as another character); the PDF reference wants UTF-16BE.
    """
    cmap = _REPORTLAB_CMAP(fontname, subset)
    for code in subset:
        if code > 0xFFFF:
            utf16 = chr(code).encode("utf-16-be").hex().upper()
            cmap = cmap.replace(f"> <{code:04X}>", f"> <{utf16}>")
    return cmap


_REPORTLAB_CMAP = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _to_unicode_cmap
