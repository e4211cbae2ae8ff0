"""The committed JSON Schema is the one the records define, and exports satisfy it."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator

from ropa_desktop.exporters.json_export import register_json
from ropa_desktop.importers.sample import load_sample
from ropa_desktop.importers.schema import SCHEMA_PATH, schema_text
from ropa_desktop.services.register import Register


def test_committed_schema_is_up_to_date() -> None:
    # Regenerate with: python -m ropa_desktop.importers.schema
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()


def test_schema_is_valid_and_accepts_the_sample_export(sqlite_register: Register) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    load_sample(sqlite_register)
    document = json.loads(register_json(sqlite_register))
    assert not list(Draft202012Validator(schema).iter_errors(document))
