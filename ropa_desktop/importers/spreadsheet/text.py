"""Text folding shared by the phrase readers: case, accents, apostrophes, plurals."""

from __future__ import annotations

import re
import unicodedata

# Typographic variants people paste from word processors, and ligatures NFKD keeps.
_SUBSTITUTES = {
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'",
    "–": "-", "—": "-", "‑": "-", "‐": "-", "−": "-",
    "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d",
}  # fmt: skip
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold_mapped(text: str) -> tuple[str, list[int]]:
    """``text`` case-folded, without accents, every space a plain space; with, for each
    character of the result, the index of the character of ``text`` it comes from."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for part in unicodedata.normalize("NFKD", ch.casefold()):
            if unicodedata.combining(part):
                continue
            for out in _SUBSTITUTES.get(part, part):
                chars.append(" " if out.isspace() else out)
                where.append(i)
    return "".join(chars), where


def fold(text: str) -> str:
    """``text`` case-folded and without accents ("Salariés" -> "salaries")."""
    return fold_mapped(text)[0]


def singular(word: str) -> str:
    """A folded word without its plural ending, the same way on both sides of a match.

    Not grammar: "salaries" and "salariees" both become "salarie", "sociaux" becomes
    "social", "categories" becomes "category"; short words are left alone.
    """
    if len(word) <= 3 or word.endswith("ss") or word.isdigit():
        return word
    if word.endswith("eaux"):
        return word[:-1]
    if word.endswith("aux") and len(word) > 4:
        return word[:-3] + "al"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word[-1] in "sx":
        word = word[:-1]
    if word.endswith("ee"):
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    """The folded, singular words of ``text``; punctuation separates words."""
    return [singular(w) for w in _NON_WORD.split(fold(text)) if w]
