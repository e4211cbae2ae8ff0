"""The language the register speaks to people in (English or French), and how names sort.

The language is the register's or the app's setting when one is given, else the system
locale's when it is French, else English. Lists are sorted by the name people read in that
language, accents and case ignored, never by an internal key.
"""

from __future__ import annotations

import locale
import os

from ropa_desktop.domain.text import fold

LANGUAGES = ("en", "fr")
DEFAULT = "en"


def _language_of(tag: str | None) -> str | None:
    """ "fr_FR.UTF-8", "fr-CA" or "FR" -> "fr"; None for a language we do not speak."""
    if not tag:
        return None
    head = tag.replace("-", "_").split("_")[0].split(".")[0].casefold()
    return head if head in LANGUAGES else None


def system_language() -> str | None:
    """The language of the system locale (LC_ALL, LC_MESSAGES, LANG, then Python's
    locale), or None when it is neither English nor French."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return _language_of(value)
    return _language_of(locale.getlocale()[0])


def current_language(setting: str | None = None) -> str:
    """The language to speak: ``setting`` (the register's or the app's) when it is one we
    speak, else the system's, else English."""
    return _language_of(setting) or system_language() or DEFAULT


def sort_key(name: str) -> tuple[str, str]:
    """The key that sorts names as a reader expects in English and French: accents and
    case ignored first ("Économie" between "Dossier" and "Facture"), then as written."""
    return fold(name), name


def localized(names: dict[str, str], language: str) -> str:
    """The name in ``language`` from a {"en": ..., "fr": ...} pair, English when the
    other language has none."""
    return names.get(language) or names.get(DEFAULT) or next(iter(names.values()), "")
