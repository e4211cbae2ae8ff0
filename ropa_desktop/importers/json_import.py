"""JSON interchange file -> validated records, with one-line errors for bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError
from jsonschema.exceptions import best_match

from ropa_desktop.domain.errors import ImportFileError
from ropa_desktop.importers import strict_json
from ropa_desktop.importers.schema import load_schema
from ropa_desktop.services.interchange import RegisterDoc, from_document

MAX_FILE_BYTES = 50 * 1024 * 1024


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
    error = best_match(Draft202012Validator(load_schema()).iter_errors(document))
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
