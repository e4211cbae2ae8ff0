"""JSON interchange file -> validated records, with one-line errors for bad input."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError
from jsonschema.exceptions import best_match

from ropa_desktop.domain.errors import ImportFileError
from ropa_desktop.importers import strict_json
from ropa_desktop.importers.schema import load_schema
from ropa_desktop.services.interchange import RegisterDoc, from_document

# Reading a register's JSON takes about five times the file's size in memory (measured:
# 320 MB above the process's own for the 66 MB export of 10,000 activities, bench/
# bench_json_import.py), so this cap admits the app's own export of some 38,000 activities
# and holds a hostile file's cost to about 1.3 GB.
MAX_FILE_BYTES = 256 * 1024 * 1024


def _where(error: SchemaError) -> str:
    parts = []
    for p in error.absolute_path:
        parts.append(f"[{p}]" if isinstance(p, int) else f".{p}")
    return "".join(parts).lstrip(".") or "the document"


def _describe(error: SchemaError) -> str:
    value = error.instance
    if error.validator == "maxLength" and isinstance(value, str):
        return f"is {len(value):,} characters long; the limit is {error.validator_value:,}"
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"{_short(value)} is not one of: {allowed}"
    if error.validator == "type":
        return f"{_short(value)} should be of type {error.validator_value}"
    if error.validator == "additionalProperties":
        return error.message.split(" (")[0][:200]
    if error.validator in ("minimum", "maximum", "minLength", "pattern", "format", "required"):
        return error.message[:200]
    # anyOf and the like: their own message repeats the whole value.
    return f"{_short(value)} is not what a register holds here"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:59] + "…"


@functools.cache
def _compiled() -> Callable[[Any], Any]:
    import fastjsonschema

    return fastjsonschema.compile(load_schema())  # type: ignore[no-any-return]


def _schema_error(document: Any) -> SchemaError | None:
    """The error that best says how the document breaks the schema, or None.

    fastjsonschema compiles the schema to Python and checks a 10,000-activity register
    about ten times faster than jsonschema, but stops at the first error with terse words
    (and checks formats jsonschema leaves to the records). So only when it refuses does
    jsonschema, the reference implementation, judge again and name the error: what is
    accepted, and every message, stay jsonschema's.
    """
    import fastjsonschema

    try:
        _compiled()(document)
    except fastjsonschema.JsonSchemaException:
        return best_match(Draft202012Validator(load_schema()).iter_errors(document))
    return None


def parse_document(data: bytes, *, name: str = "the file") -> RegisterDoc:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"{name} is not UTF-8 text (byte {exc.start}); nothing was imported."
        ) from None
    try:
        document = strict_json.loads(text)
    except strict_json.Refused as exc:
        raise ImportFileError(f"{name}: at {exc}; nothing was imported.") from None
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); nothing was imported."
        ) from None
    if not isinstance(document, dict):
        raise ImportFileError(f"{name} is not a ropa-desktop register (expected a JSON object).")
    error = _schema_error(document)
    if error is not None:
        raise ImportFileError(
            f"{name}: at {_where(error)}: {_describe(error)}; nothing was imported."
        )
    return from_document(document)


def read_document(path: str | os.PathLike[str]) -> RegisterDoc:
    """Read and validate a JSON register file; ImportFileError in one sentence otherwise."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFileError(
                f"{file.name} is {size / 1e6:.0f} MB; the limit for a register file is {MAX_FILE_BYTES // 2**20} MB."
            )
        data = file.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"No file {file}.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{file} is a folder, not a register file.") from None
    except PermissionError:
        raise ImportFileError(f"{file} cannot be read (permission denied).") from None
    return parse_document(data, name=file.name)
