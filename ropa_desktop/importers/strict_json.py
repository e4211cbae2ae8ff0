"""JSON read strictly: what Python's parser lets through, a register file may not.

Python's ``json`` keeps the last of two equal keys, reads ``NaN`` and ``Infinity``,
turns ``1e400`` into infinity, converts integers of thousands of digits (then fails
with ``ValueError``) and recurses until ``RecursionError``. Each of those is refused
here with the line and column it is at. The C parser does the work; only when it
meets one of them does a small tokenizer go over the text to find where.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 64  # far deeper than any register document; the schema is about 8 deep
MAX_INT_DIGITS = 15  # beyond what any field of the register holds


class Refused(ValueError):
    """A JSON text that is valid for Python but not for a register; says where and why."""


class _Found(Exception):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Found
        out[key] = value
    return out


def _constant(_name: str) -> Any:
    raise _Found


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Found
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Found
    return int(text)


# A UTF-16 surrogate escaped alone ("\ud800") decodes to a str that cannot be stored or
# written back as UTF-8.
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def loads(text: str) -> Any:
    """``json.loads`` that refuses duplicate keys, NaN and infinities, numbers out of range
    and nesting deeper than ``MAX_DEPTH``; raises Refused naming the line and column."""
    if "\\u" in text:
        lone = _LONE_SURROGATE.search(text)
        if lone is not None:
            raise Refused(
                f"{_where(text, lone.start())}: {lone.group()} is half of a UTF-16 pair, "
                "not a character"
            )
    try:
        return json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_constant,
            parse_float=_float,
            parse_int=_int,
        )
    except (_Found, RecursionError):
        pass
    problem = locate(text)
    if problem is None:  # pragma: no cover - the tokenizer finds what the parser refused
        raise Refused("holds a value a register cannot store")
    raise problem


_TOKEN = re.compile(
    r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|NaN|-?Infinity|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|\s+'
)


def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {column}"


def locate(text: str) -> Refused | None:
    """The first thing in ``text`` that ``loads`` refuses, with its place."""
    stack: list[set[str] | None] = []  # one entry per open bracket: keys seen, or None for [
    pending_key: tuple[str, int] | None = None
    for match in _TOKEN.finditer(text):
        token, pos = match.group(), match.start()
        first = token[0]
        if first.isspace() or token == ",":
            continue
        if token in ("{", "["):
            stack.append(set() if token == "{" else None)
            if len(stack) > MAX_DEPTH:
                return Refused(f"{_where(text, pos)}: the data nests more than {MAX_DEPTH} deep")
        elif token in ("}", "]"):
            if stack:
                stack.pop()
        elif token == ":":
            if pending_key is not None and stack and stack[-1] is not None:
                key, at = pending_key
                if key in stack[-1]:
                    return Refused(
                        f"{_where(text, at)}: the key “{key}” appears twice in the same object"
                    )
                stack[-1].add(key)
        elif token in ("NaN", "Infinity", "-Infinity"):
            return Refused(f"{_where(text, pos)}: {token} is not a number a register can store")
        elif first == "-" or first.isdigit():
            digits = re.match(r"-?(\d+)", token)
            is_int = not any(c in token for c in ".eE")
            if is_int and digits is not None and len(digits.group(1)) > MAX_INT_DIGITS:
                return Refused(
                    f"{_where(text, pos)}: a whole number of {len(digits.group(1)):,} digits "
                    "is out of range"
                )
            if not is_int and not math.isfinite(float(token)):
                return Refused(f"{_where(text, pos)}: the number {token[:30]} is out of range")
        pending_key = (json.loads(token), pos) if first == '"' else None
    return None
