"""The JSON Schema of the interchange document, derived from the records.

``resources/register.schema.json`` is this function's output, committed so that
other tools can read it; a test keeps the two equal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import types
import typing
from functools import cache
from typing import Any, Union

from ropa_desktop.domain.base import KEY_LENGTH, LONG_TEXT, MAX_COUNT, NAME_LENGTH
from ropa_desktop.domain.log_records import BreachRec, EvidenceFileDoc, RightsRequestRec
from ropa_desktop.domain.records import (
    ActivityRec,
    AssessmentRec,
    OrganisationRec,
    ProcessorRec,
    RetentionRuleRec,
    TemplateRec,
)
from ropa_desktop.paths import RESOURCES
from ropa_desktop.services.catalogues import CATALOGUES
from ropa_desktop.services.evidence import MAX_BYTES
from ropa_desktop.services.interchange import SCHEMA_VERSION

SCHEMA_PATH = RESOURCES / "register.schema.json"
_KEY_FIELDS = {
    "key",
    "reference",
    "category",
    "question",
    "processor",
    "template",
    "activity",
    "data_category",
    "code",
}
# A moment with its UTC offset, as ``datetime.isoformat`` writes it (or with Z).
_MOMENT = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$"
_NAME_FIELDS = {"name", "country", "channel", "section"}
_COUNTRY = (
    'The ISO 3166-1 alpha-2 code of the third country ("US"); a name in English or French '
    'that names one country ("United States", "Etats-Unis") is stored as its code, other '
    "words (an international organisation) as written."
)


def _string(name: str) -> dict[str, Any]:
    if name in _KEY_FIELDS:
        return {
            "type": "string",
            "minLength": 1,
            "maxLength": KEY_LENGTH,
            "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        }
    if name == "content_base64":  # an evidence file, at most MAX_BYTES before encoding
        return {"type": "string", "maxLength": 4 * (-(-MAX_BYTES // 3))}
    if name == "sha256":
        return {"type": "string", "pattern": "^[0-9a-f]{64}$"}
    if name == "country":
        return {"type": "string", "maxLength": NAME_LENGTH, "description": _COUNTRY}
    if name in _NAME_FIELDS:
        return {"type": "string", "maxLength": NAME_LENGTH}
    return {"type": "string", "maxLength": LONG_TEXT}


def _type(hint: Any, name: str, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return {"anyOf": [_type(inner, name, defs), {"type": "null"}]}
    if origin is tuple:
        return {
            "type": "array",
            "items": _type(typing.get_args(hint)[0], name, defs),
            "maxItems": 1000,
        }
    if dataclasses.is_dataclass(hint):
        ref = _object(hint, defs)  # type: ignore[arg-type]
        return {"$ref": f"#/$defs/{ref}"}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [m.value for m in hint]}
    if hint is dt.datetime:
        return {"type": "string", "format": "date-time", "pattern": _MOMENT}
    if hint is dt.date:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int and name.endswith("_count"):  # people or records in a breach
        return {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}
    if hint is int:
        return {"type": "integer", "minimum": 0, "maximum": 1_000_000}
    if hint is float:
        # Finite and bounded: a score is a percentage; nothing else is a fraction.
        return {"type": "number", "minimum": 0, "maximum": 1_000_000}
    return _string(name)


def _object(cls: type, defs: dict[str, Any]) -> str:
    name = cls.__name__
    if name in defs:
        return name
    defs[name] = {}
    hints = typing.get_type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.metadata.get("json", True)]  # type: ignore[arg-type]
    defs[name] = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            f.name
            for f in fields
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        ],
        "properties": {f.name: _type(hints[f.name], f.name, defs) for f in fields},
    }
    return name


def build_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}

    def array_of(cls: type) -> dict[str, Any]:
        return {
            "type": "array",
            "items": {"$ref": f"#/$defs/{_object(cls, defs)}"},
            "maxItems": 100_000,
        }

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://ropa-desktop.invalid/register.schema.json",
        "title": "ropa-desktop register",
        "description": "The full-fidelity interchange form of a GDPR Article 30 register.",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", "organisation", "activities"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "organisation": {
                "anyOf": [{"$ref": f"#/$defs/{_object(OrganisationRec, defs)}"}, {"type": "null"}]
            },
            "catalogues": {
                "type": "object",
                "additionalProperties": False,
                "properties": {k.name: array_of(k.record) for k in CATALOGUES},
            },
            "activities": array_of(ActivityRec),
            "processors": array_of(ProcessorRec),
            "questionnaires": array_of(TemplateRec),
            "assessments": array_of(AssessmentRec),
            "retention_rules": array_of(RetentionRuleRec),
            "breaches": array_of(BreachRec),
            "rights_requests": array_of(RightsRequestRec),
            "evidence_files": array_of(EvidenceFileDoc),
        },
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


@cache
def load_schema() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return result


if __name__ == "__main__":  # regenerate: python -m ropa_desktop.importers.schema
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
