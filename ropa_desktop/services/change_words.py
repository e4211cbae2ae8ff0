"""A change set in words: what a reviewer reads before anything is applied.

One model for the CLI, the app's preview and the import report. Records are named by
reference and name (“PA-05 · Technical support”), fields by their label, values as the
screen shows them (labels of closed lists, names of catalogue entries, dates as dates),
list items by position and first words, long texts as a word-level difference. Never a
Python repr, never an internal key.

``align`` pairs the items of two versions of a list; the workbook's three-way merge uses
the same pairing, so that what the preview calls “Purpose 3” is what the merge merged.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ropa_desktop.domain.records import record_title
from ropa_desktop.services.change_values import (
    NONE,
    Names,
    first_words,
    marked,
    shown,
    word_diff,
)
from ropa_desktop.services.checks import field_label
from ropa_desktop.services.countries import country_label
from ropa_desktop.services.labels import ITEM_WORDS, subfield_label
from ropa_desktop.services.retention_terms import describe_term

TERM_FIELDS = (
    "duration_value",
    "duration_unit",
    "open_ended_term",
    "trigger",
    "end_of_life_action",
)
LONG = 60  # characters past which a text is shown as a word-level difference
_HIDDEN = {"key", "version", "approved_by", "approved_on", "approved_version"}
_ENTITY_WORDS = {
    "activity": "Activity", "retention_rule": "Retention rule", "processor": "Processor",
    "organisation": "Organisation", "questionnaire": "Questionnaire",
    "assessment": "Assessment", "data_categories": "Data category",
    "subject_categories": "Data-subject category", "recipient_categories": "Recipient category",
    "security_measures": "Security measure", "systems": "System", "breach": "Breach",
    "rights_request": "Rights request",
}  # fmt: skip


def entity_word(entity_type: str) -> str:
    return _ENTITY_WORDS.get(entity_type, entity_type.replace("_", " ").capitalize())


# --- the model ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field (or one list item's field) before and after, in full, as shown."""

    label: str
    before: str
    after: str
    quoted: bool = False  # free text: shown in quotes on one line
    words: tuple[tuple[str, str], ...] = ()  # a word-level difference, for long texts

    def line(self, limit: int = 120) -> str:
        if self.words:
            return f"{self.label}: {marked(self.words)}"
        return f"{self.label}: {self._value(self.before, limit)} → {self._value(self.after, limit)}"

    def _value(self, text: str, limit: int) -> str:
        if text == NONE or not self.quoted:
            return _cut(text, limit)
        return f"“{_cut(text, limit)}”"


def _cut(text: str, limit: int) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


@dataclass(frozen=True)
class RecordChange:
    kind: str  # "added", "changed" or "removed"
    what: str  # "Activity"
    title: str  # “PA-05 · Technical support”
    fields: tuple[FieldChange, ...]

    @property
    def heading(self) -> str:
        return f"{self.what} {self.title}: {self.kind}"

    def lines(self) -> list[str]:
        sign = {"added": "+", "changed": "~", "removed": "-"}[self.kind]
        out = [f"{sign} {self.heading}"]
        if self.kind == "changed":
            out += [f"    {f.line()}" for f in self.fields]
        return out


def change(label: str, name: str, before: Any, after: Any, names: Names) -> FieldChange:
    """One field's change; long or multi-line texts get a word-level difference."""
    old, new = shown(name, before, names), shown(name, after, names)
    text = any(isinstance(v, str) and not isinstance(v, enum.Enum) for v in (before, after))
    long = text and (max(len(old), len(new)) > LONG or "\n" in old + new)
    words = word_diff("" if old == NONE else old, "" if new == NONE else new) if long else ()
    return FieldChange(label, old, new, quoted=text, words=words)


def title_of(entity_type: str, rec: Any, names: Names) -> str:
    """A record as people name it."""
    if entity_type == "activity":
        return str(rec.title)
    if entity_type == "retention_rule":
        what = rec.data_description or names.entry("data_categories", rec.data_category)
        return f"“{first_words(what)}” of {names.activity(rec.activity)}"
    if entity_type == "assessment":
        return f"of {names.processors.get(rec.processor, 'a processor')}" + (
            f" due {rec.due_on.isoformat()}" if rec.due_on else ""
        )
    if entity_type == "questionnaire":
        return f"“{rec.name}” (version {rec.template_version})"
    return f"“{getattr(rec, 'name', '') or '(unnamed)'}”"


def describe(entity_type: str, kind: str, before: Any, after: Any, names: Names) -> RecordChange:
    rec = after if after is not None else before
    if kind == "changed":
        fields = tuple(record_fields(entity_type, before, after, names))
    else:
        fields = tuple(listing(entity_type, rec, names, added=kind == "added"))
    return RecordChange(kind, entity_word(entity_type), title_of(entity_type, rec, names), fields)


def listing(entity_type: str, rec: Any, names: Names, *, added: bool) -> Iterable[FieldChange]:
    """What an added (or removed) record says: each field that holds something beyond the
    default."""
    term_done = False
    for f in dataclasses.fields(rec):
        value = getattr(rec, f.name)
        if f.name in _HIDDEN or value in (None, "", ()) or value == f.default:
            continue
        if entity_type == "retention_rule" and f.name in TERM_FIELDS:
            if not term_done:
                term_done = True
                text = describe_term(rec)
                yield FieldChange("Retention term", *((NONE, text) if added else (text, NONE)))
            continue
        if f.name in ITEM_WORDS:
            for n, item in enumerate(value, 1):
                title = item_title(f.name, item, n, names)
                text = item_summary(f.name, item, names)
                yield FieldChange(title, NONE, text) if added else FieldChange(title, text, NONE)
            continue
        text = shown(f.name, value, names)
        quoted = isinstance(value, str) and not isinstance(value, enum.Enum)
        label = "Marked to confirm" if f.name == "to_confirm" else field_label(f.name)
        yield FieldChange(label, *((NONE, text) if added else (text, NONE)), quoted=quoted)


def record_fields(entity_type: str, before: Any, after: Any, names: Names) -> Iterable[FieldChange]:
    term_done = False
    for f in dataclasses.fields(after):
        name = f.name
        old, new = getattr(before, name), getattr(after, name)
        if name in _HIDDEN or old == new:
            continue
        if entity_type == "retention_rule" and name in TERM_FIELDS:
            if not term_done:
                term_done = True
                yield FieldChange("Retention term", describe_term(before), describe_term(after))
            continue
        if name in ITEM_WORDS:
            yield from item_changes(name, old, new, names)
        elif name == "to_confirm":
            yield from _marks(old, new)
        else:
            yield change(field_label(name), name, old, new, names)


def _marks(old: tuple[str, ...], new: tuple[str, ...]) -> Iterable[FieldChange]:
    cleared = [m for m in old if m not in new]
    added = [m for m in new if m not in old]
    if cleared:
        labels = "; ".join(dict.fromkeys(field_label(m) for m in cleared))
        yield FieldChange("No longer marked to confirm", labels, "(confirmed)")
    if added:
        labels = "; ".join(dict.fromkeys(field_label(m) for m in added))
        yield FieldChange("Marked to confirm", NONE, labels)


# --- list items ---------------------------------------------------------------------------


def item_ident(list_name: str, item: Any) -> Any:
    """What makes two versions of a list item the same item."""
    if list_name == "purposes":
        return " ".join(item.description.split()).casefold()
    if list_name in ("data_categories", "recipients"):
        return item.category
    if list_name == "transfers":
        return (" ".join(item.country.split()).casefold(), item.recipient.strip().casefold())
    if list_name == "sources":
        return item.channel
    if list_name == "answers":
        return item.question
    if list_name == "questions":
        return item.code
    return item


def align(
    before: Sequence[Any], after: Sequence[Any], ident: Callable[[Any], Any]
) -> list[tuple[int | None, int | None]]:
    """Pairs (index in before, index in after); None on one side for an added or removed item.

    Items are the same item when their identities are equal; items left over on both
    sides are paired in order when as many are left on each side (reworded items), else
    only where they hold the same position.
    """
    pairs: dict[int, int] = {}
    free = list(range(len(after)))
    for i, item in enumerate(before):
        key = ident(item)
        for j in free:
            if ident(after[j]) == key:
                pairs[i] = j
                free.remove(j)
                break
    left = [i for i in range(len(before)) if i not in pairs]
    if len(left) == len(free):
        pairs.update(zip(left, free, strict=True))
    else:
        for i in left:
            if i in free:
                pairs[i] = i
                free.remove(i)
    out: list[tuple[int | None, int | None]] = [(i, pairs.get(i)) for i in range(len(before))]
    out += [(None, j) for j in free]
    return out


def item_title(list_name: str, item: Any, position: int, names: Names) -> str:
    word = ITEM_WORDS.get(list_name, "Item")
    if list_name == "purposes":
        return f"{word} {position} “{first_words(item.description)}”"
    if list_name == "data_categories":
        return f"{word} “{names.entry('data_categories', item.category)}”"
    if list_name == "recipients":
        return f"{word} “{names.entry('recipient_categories', item.category)}”"
    if list_name == "transfers":
        to = f" ({item.recipient})" if item.recipient else ""
        return f"{word} {position} “{country_label(item.country)}{to}”"
    if list_name == "sources":
        return f"{word} “{first_words(item.channel)}”"
    return f"{word} {position}"


def item_summary(list_name: str, item: Any, names: Names) -> str:
    """An item in one line: its filled fields by label."""
    parts = []
    for f in dataclasses.fields(item):
        value = getattr(item, f.name)
        if value in (None, "", ()):
            continue
        name = (
            "data_category" if f.name == "category" and list_name == "data_categories" else f.name
        )
        if f.name == "category" and list_name == "recipients":
            text = names.entry("recipient_categories", value)
        else:
            text = shown(name, value, names)
        parts.append(f"{subfield_label(f.name)}: {text}")
    return "; ".join(parts) or NONE


def item_changes(
    list_name: str, old: Sequence[Any], new: Sequence[Any], names: Names
) -> Iterable[FieldChange]:
    pairs = align(old, new, lambda item: item_ident(list_name, item))
    kept = [j for i, j in sorted((i, j) for i, j in pairs if i is not None and j is not None)]
    listed = kept == sorted(kept)  # the items both sides hold are in the same order
    for i, j in pairs:
        if j is None:
            assert i is not None
            title = item_title(list_name, old[i], i + 1, names)
            yield FieldChange(f"{title} removed", item_summary(list_name, old[i], names), NONE)
        elif i is None:
            title = item_title(list_name, new[j], j + 1, names)
            yield FieldChange(f"{title} added", NONE, item_summary(list_name, new[j], names))
        elif old[i] != new[j]:
            title = item_title(list_name, new[j], j + 1, names)
            for f in dataclasses.fields(new[j]):
                a, b = getattr(old[i], f.name), getattr(new[j], f.name)
                if a != b:
                    label = f"{title} — {subfield_label(f.name)}"
                    name = "data_category" if f.name == "category" else f.name
                    yield change(label, name, a, b, names)
        elif not listed:
            listed = True  # the same items in another order: say so once
            was = "; ".join(item_title(list_name, x, k, names) for k, x in enumerate(old, 1))
            now = "; ".join(item_title(list_name, x, k, names) for k, x in enumerate(new, 1))
            yield FieldChange(f"Order of the {field_label(list_name).lower()}", was, now)


def record_label(entity_type: str, rec: Any, names: Names) -> str:
    """“Activity PA-05 · Technical support”: for conflict and error sentences."""
    return f"{entity_word(entity_type)} {title_of(entity_type, rec, names)}"


__all__ = [
    "NONE",
    "FieldChange",
    "Names",
    "RecordChange",
    "align",
    "change",
    "describe",
    "item_ident",
    "item_title",
    "record_title",
    "shown",
    "subfield_label",
    "word_diff",
]
