"""Catalogue entries named in the register's language, and sorted by that name.

A shipped entry carries its French name (and description) in resources/catalogues.json
under "fr". The register stores one name per entry, the English one for shipped entries;
an entry is shown in French when the register still holds the shipped English name, so an
entry the DPO renamed or added shows the name the DPO wrote, in every language.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from typing import Any

from ropa_desktop.paths import RESOURCES
from ropa_desktop.services.language import DEFAULT, sort_key

_Names = dict[str, dict[str, str]]  # language -> {"name": ..., "description": ...}


@functools.cache
def _shipped() -> dict[tuple[str, str], _Names]:
    raw = json.loads((RESOURCES / "catalogues.json").read_text(encoding="utf-8"))
    out: dict[tuple[str, str], _Names] = {}
    for catalogue, items in raw.items():
        for item in items:
            english = {"name": item["name"], "description": item.get("description", "")}
            out[(catalogue, item["key"])] = {DEFAULT: english, "fr": item.get("fr", {})}
    return out


def _shipped_in(catalogue: str, rec: Any, language: str) -> dict[str, str]:
    names = _shipped().get((catalogue, rec.key))
    if language == DEFAULT or names is None or names[DEFAULT]["name"] != rec.name:
        return {}
    return names.get(language, {})


def entry_name(catalogue: str, rec: Any, language: str) -> str:
    """The name of entry ``rec`` of ``catalogue`` in ``language`` ("identity" in French:
    "État civil, identité"); the stored name when it has none in that language."""
    return _shipped_in(catalogue, rec, language).get("name") or str(rec.name)


def entry_description(catalogue: str, rec: Any, language: str) -> str:
    """The entry's description in ``language``, as :func:`entry_name` chooses its name."""
    shipped = _shipped_in(catalogue, rec, language)
    if shipped.get("name"):
        return shipped.get("description", "") or str(rec.description)
    return str(rec.description)


def by_name(catalogue: str, entries: Iterable[Any], language: str) -> list[Any]:
    """``entries`` sorted by their names in ``language`` (accents and case aside), never by
    key."""
    return sorted(entries, key=lambda rec: sort_key(entry_name(catalogue, rec, language)))


def shipped_names(catalogue: str, key: str) -> _Names:
    """The names a shipped entry has in each language ({} for an entry not shipped)."""
    return _shipped().get((catalogue, key), {})
