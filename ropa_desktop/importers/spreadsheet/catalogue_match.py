"""A category, subject, recipient or measure as written, matched to a catalogue entry.

Matching is by words, not by spelling distance: the value and each entry's phrases
(its name, the French and English words of ``resources/catalogue_words.json`` and any
words the caller gives) are folded (case, accents, punctuation, plurals), and an
entry matches when all the words of one of its phrases are in the value. A value
that matches nothing, or two entries equally well, gives None: the importer then
creates a new entry marked to confirm rather than guess.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ropa_desktop.importers.spreadsheet.text import words
from ropa_desktop.paths import RESOURCES

WORDS_PATH = RESOURCES / "catalogue_words.json"
# Words that say nothing about which entry is meant.
_STOPWORDS_TEXT = """de du des d la le les l un une et ou a au aux en pour par sur avec dans of the and or
    for by to in on with an data donnee information personal personnelle type categorie
    category autre other etc"""
_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
# Of the value's words, at least this share must be read by the matching phrases, so
# a long description that merely mentions "client" does not become "Customers".
_MIN_COVERAGE = 0.5


@dataclass(frozen=True)
class CatalogueEntry:
    """An entry to match against: its key, its name and extra words (any language)."""

    key: str
    name: str
    words: tuple[str, ...] = ()


EntryLike = CatalogueEntry | tuple[str, str] | tuple[str, str, Sequence[str]]


@functools.cache
def catalogue_words() -> dict[str, dict[str, tuple[str, ...]]]:
    """The shipped words of each entry, {catalogue name: {entry key: phrases}}."""
    raw = json.loads(WORDS_PATH.read_text(encoding="utf-8"))
    return {
        name: {key: tuple(phrases) for key, phrases in entries.items()}
        for name, entries in raw.items()
        if not name.startswith("_")
    }


def _shipped_words(key: str, catalogue: str | None) -> tuple[str, ...]:
    tables = catalogue_words()
    if catalogue is not None:
        return tables.get(catalogue, {}).get(key, ())
    return tuple(p for table in tables.values() for p in table.get(key, ()))


def phrase_words(text: str) -> list[str]:
    """The words of ``text`` that count in a match: folded, singular, no stopwords."""
    return list(_phrase_words(text))


# Folding is the cost of a match; an import compares every value with the same entry
# names thousands of times (9 ms an activity at 400 without these caches, see
# bench/bench_table_import.py).
@functools.lru_cache(maxsize=65_536)
def _phrase_words(text: str) -> tuple[str, ...]:
    return tuple(word for word in words(text) if word not in _STOPWORDS)


def _entry(item: EntryLike) -> CatalogueEntry:
    if isinstance(item, CatalogueEntry):
        return item
    if len(item) == 2:
        return CatalogueEntry(item[0], item[1])
    return CatalogueEntry(item[0], item[1], tuple(item[2]))


def match_catalogue(
    text: str, entries: Iterable[EntryLike], *, catalogue: str | None = None
) -> str | None:
    """The key of the entry ``text`` names, or None when none (or several) fit.

    ``entries`` are ``(key, name)`` or ``(key, name, words)`` pairs or
    ``CatalogueEntry`` values; the shipped words of each key are added (only those of
    ``catalogue``, "subject_categories" for example, when it is given).
    "Salariés" gives "employees"; "Numéro de Sécurité Sociale (ou NIR)" the national
    identification number; "Prospects et clients" None, as it names two entries.
    """
    found = [_entry(item) for item in entries]
    value = _phrase_words(_without_brackets(text)) or _phrase_words(text)
    if not value:
        return None
    exact = {e.key for e in found for p in _phrases(e, catalogue) if p == value}
    if len(exact) == 1:
        return exact.pop()
    present = set(value)
    scores: dict[str, int] = {}
    for e in found:
        read: set[str] = set()
        for phrase in _phrases(e, catalogue):
            if phrase and set(phrase) <= present:
                read |= set(phrase)
        if read:
            scores[e.key] = len(read)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best_key, best = ranked[0]
    if len(ranked) > 1 and ranked[1][1] == best:
        return None  # two entries fit as well: the value names both, or neither clearly
    if best / len(present) < _MIN_COVERAGE:
        return None
    return best_key


@functools.lru_cache(maxsize=65_536)
def _phrases(entry: CatalogueEntry, catalogue: str | None) -> tuple[tuple[str, ...], ...]:
    out = [_phrase_words(entry.name)]
    out += [_phrase_words(p) for p in (*entry.words, *_shipped_words(entry.key, catalogue))]
    return tuple(p for p in out if p)


def _without_brackets(text: str) -> str:
    return re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
