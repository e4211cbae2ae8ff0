"""Reference retention rules (resources/retention_library.json), applied in one step.

Each entry cites its sources and is a reference to confirm, not legal advice: a
rule made from it carries the library key in ``source_reference`` and marks
every field it filled as "to confirm" until the DPO reviews it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ropa_desktop.domain.base import KEY_LENGTH
from ropa_desktop.domain.enums import EndOfLifeAction, RetentionUnit, TriggerEvent
from ropa_desktop.domain.errors import ImportFileError, NotFoundError
from ropa_desktop.domain.records import RetentionRuleRec
from ropa_desktop.paths import RESOURCES
from ropa_desktop.services.language import sort_key
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import list_rules, save_rule, validate_rule

LIBRARY_PATH = RESOURCES / "retention_library.json"
LABEL = "Reference to confirm, not legal advice"
E = TypeVar("E", RetentionUnit, TriggerEvent, EndOfLifeAction)


@dataclass(frozen=True)
class LibrarySource:
    title: str
    url: str


@dataclass(frozen=True)
class ReferenceRule:
    """One reference rule of the library, with where its figure was checked."""

    key: str
    title: str
    jurisdiction: str
    data_description: str
    duration_value: int | None
    duration_unit: RetentionUnit | None
    open_ended_term: str
    trigger: TriggerEvent | None
    counted_from: str
    legal_reference: str
    end_of_life_action: EndOfLifeAction | None
    review_cycle_months: int | None
    verification: str  # "primary" or "secondary", as the library's verification_levels say
    sources: tuple[LibrarySource, ...]
    note: str = ""
    label: str = LABEL
    french: tuple[tuple[str, str], ...] = ()  # ("title", ...), ("data_description", ...)

    def title_in(self, language: str) -> str:
        """The rule's title in ``language`` ("fr" or "en"), English when it has no other."""
        return dict(self.french).get("title", self.title) if language == "fr" else self.title

    def data_description_in(self, language: str) -> str:
        """What data the rule covers, in ``language``."""
        if language == "fr":
            return dict(self.french).get("data_description", self.data_description)
        return self.data_description


@dataclass(frozen=True)
class RetentionLibrary:
    version: int
    disclaimer: str
    checked_on: str
    rules: tuple[ReferenceRule, ...]

    def by_title(self, language: str) -> list[ReferenceRule]:
        """The rules sorted by their titles in ``language``, as a list offers them."""
        return sorted(self.rules, key=lambda rule: sort_key(rule.title_in(language)))

    def get(self, key: str) -> ReferenceRule:
        for rule in self.rules:
            if rule.key == key:
                return rule
        raise NotFoundError(f"The retention library has no reference rule “{key}”.")


def _member(cls: type[E], value: Any) -> E | None:
    if value is None or value == "":
        return None
    for member in cls:
        if member.value == value:
            return member
    raise ValueError(f"“{value}” is not one of: {', '.join(m.value for m in cls)}")


def _entry(raw: Any, label: str) -> ReferenceRule:
    if not isinstance(raw, dict):
        raise TypeError("each rule must be an object")
    unit, trigger, action = (
        raw.get("duration_unit"),
        raw.get("trigger"),
        raw.get("end_of_life_action"),
    )
    for name in ("duration_value", "review_cycle_months"):
        if not isinstance(raw.get(name), int | None) or isinstance(raw.get(name), bool):
            raise TypeError(f"{raw['key']}: {name} must be a whole number or null")
    sources = tuple(LibrarySource(str(s["title"]), str(s["url"])) for s in raw["sources"])
    if not sources:
        raise ValueError(f"{raw['key']}: a reference rule must cite at least one source")
    if raw["verification"] not in ("primary", "secondary"):
        raise ValueError(f"{raw['key']}: verification must be “primary” or “secondary”")
    rule = ReferenceRule(
        key=str(raw["key"]),
        title=str(raw["title"]),
        jurisdiction=str(raw.get("jurisdiction", "")),
        data_description=str(raw["data_description"]),
        duration_value=raw.get("duration_value"),
        duration_unit=_member(RetentionUnit, unit),
        open_ended_term=str(raw.get("open_ended_term", "")),
        trigger=_member(TriggerEvent, trigger),
        counted_from=str(raw.get("counted_from", "")),
        legal_reference=str(raw["legal_reference"]),
        end_of_life_action=_member(EndOfLifeAction, action),
        review_cycle_months=raw.get("review_cycle_months"),
        verification=str(raw["verification"]),
        sources=sources,
        note=str(raw.get("note", "")),
        label=label,
        french=tuple((str(k), str(v)) for k, v in dict(raw.get("fr", {})).items()),
    )
    # A library entry must make a valid rule, so applying it never fails on its own data.
    errors = validate_rule(to_rule(rule, key="library-check", activity="library-check"))
    if errors:
        raise ValueError(f"{rule.key}: {errors[0]}")
    return rule


def load_library(path: Path = LIBRARY_PATH) -> RetentionLibrary:
    """Read and check the reference library; a broken file is an ImportFileError."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        label = str(data.get("label") or LABEL)
        rules = tuple(_entry(raw, label) for raw in data["rules"])
        library = RetentionLibrary(
            version=int(data["library_version"]),
            disclaimer=str(data["disclaimer"]),
            checked_on=str(data.get("checked_on", "")),
            rules=rules,
        )
    except OSError as exc:
        raise ImportFileError(
            f"The retention library {path} cannot be read: {exc.strerror}."
        ) from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ImportFileError(f"The retention library {path} is not valid: {exc}.") from None
    keys = [r.key for r in library.rules]
    if len(set(keys)) != len(keys):
        raise ImportFileError(f"The retention library {path} repeats a rule key.")
    return library


def to_rule(
    entry: ReferenceRule, *, key: str, activity: str, data_category: str | None = None
) -> RetentionRuleRec:
    """The retention rule a reference entry gives for one activity, marked to confirm."""
    legal = entry.legal_reference
    if entry.counted_from:
        legal += f"\nCounted from {entry.counted_from}."
    checked = "the legal text" if entry.verification == "primary" else "summaries only"
    more = len(entry.sources) - 1
    legal += f"\nSource (figure checked in {checked}): {entry.sources[0].url}"
    if more:
        legal += f" and {more} more in the retention library"
    if entry.note:
        legal += f"\nNote: {entry.note}"
    term_field = "duration_value" if entry.duration_value is not None else "open_ended_term"
    marks = [term_field, "trigger", "legal_reference", "end_of_life_action", "owner"]
    return RetentionRuleRec(
        key=key,
        activity=activity,
        data_category=data_category,
        data_description=entry.data_description,
        duration_value=entry.duration_value,
        duration_unit=entry.duration_unit,
        open_ended_term=entry.open_ended_term,
        trigger=entry.trigger,
        legal_reference=legal,
        end_of_life_action=entry.end_of_life_action,
        review_cycle_months=entry.review_cycle_months,
        source_reference=f"Retention library “{entry.key}”: {entry.title} ({entry.label})",
        to_confirm=tuple(marks),
    )


def _free_key(base: str, taken: set[str]) -> str:
    base = base[:KEY_LENGTH]
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: KEY_LENGTH - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        n += 1


def apply_reference_rule(
    register: Register,
    *,
    entry_key: str,
    activity: str,
    data_category: str | None = None,
    library: RetentionLibrary | None = None,
) -> RetentionRuleRec:
    """Create the rule a library entry gives for ``activity`` (and optionally one data
    category), audited like any save; returns the saved rule."""
    entry = (library or load_library()).get(entry_key)
    taken = {r.key for r in list_rules(register)}
    key = _free_key(f"ret-{activity}-{entry.key}", taken)
    rec = to_rule(entry, key=key, activity=activity, data_category=data_category)
    return save_rule(register, record=rec)


def applied_from(rule: RetentionRuleRec) -> str | None:
    """The library key a rule was applied from, if its source reference says so."""
    prefix = "Retention library “"
    if rule.source_reference.startswith(prefix):
        return rule.source_reference[len(prefix) :].split("”", 1)[0]
    return None
