"""Text as people compare it: case, accents and ligatures set aside."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """``text`` case-folded, without accents and ligatures ("Œuvre été" -> "oeuvre ete")."""
    bare = "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )
    return bare.replace("œ", "oe").replace("æ", "ae")
