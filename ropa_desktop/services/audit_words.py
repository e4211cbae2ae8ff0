"""An audit event in the words of the screen: fields by their label, values as the forms
show them (a catalogue entry by its name, a legal basis by its label, a purpose by its
wording), never the stored keys or JSON of the event.

The event keeps each changed field's before and after as JSON-ready values
(domain.plain); they are turned back into record values and described by the same
words as an import's change set (services.change_words).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

from ropa_desktop.domain.plain import flatten, from_plain
from ropa_desktop.domain.records import (
    ActivityRec,
    AssessmentRec,
    OrganisationRec,
    ProcessorRec,
    RetentionRuleRec,
    TemplateRec,
)
from ropa_desktop.services.change_values import NONE, Names
from ropa_desktop.services.change_words import record_fields
from ropa_desktop.services.labels import field_label

_RECORDS: dict[str, type] = {
    "activity": ActivityRec,
    "processor": ProcessorRec,
    "retention_rule": RetentionRuleRec,
    "assessment": AssessmentRec,
    "organisation": OrganisationRec,
    "questionnaire": TemplateRec,
}
_FILLER: dict[type, Any] = {str: "", int: 0}


def _blank(cls: type) -> Any:
    """A record of ``cls`` whose required fields hold placeholders (the same on both sides)."""
    required = {
        f.name: _FILLER.get(f.type if isinstance(f.type, type) else str, "")
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    if "template_version" in required:
        required["template_version"] = 0
    return cls(**required)


def event_lines(
    entity_type: str, changes: Mapping[str, Mapping[str, Any]], names: Names
) -> list[str]:
    """One line per changed field: “Legal basis of purpose 1: Consent → Contract”."""
    cls = _RECORDS.get(entity_type)
    if cls is not None:
        known = {f.name for f in dataclasses.fields(cls)}
        plain = flatten(_blank(cls))
        try:
            before: Any = from_plain(cls, {**plain, **_side(changes, "before", known)})
            after: Any = from_plain(cls, {**plain, **_side(changes, "after", known)})
        except (TypeError, ValueError):  # an event older than the record's shape
            pass
        else:
            return [f.line() for f in record_fields(entity_type, before, after, names)]
    return [
        f"{field_label(name)}: {_plain(values.get('before'))} → {_plain(values.get('after'))}"
        for name, values in changes.items()
        if name != "key"
    ]


def _side(changes: Mapping[str, Mapping[str, Any]], side: str, known: set[str]) -> dict[str, Any]:
    return {n: v.get(side) for n, v in changes.items() if n in known and v.get(side) is not None}


def _plain(value: Any) -> str:
    if value in (None, "", []):
        return NONE
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    return json.dumps(value, ensure_ascii=False)
