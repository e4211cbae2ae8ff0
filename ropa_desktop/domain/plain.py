"""Records to and from JSON-ready values: the one conversion the JSON export, the audit
trail's before/after values and every import use (records themselves: ``records.py``).

A record field whose metadata says ``{"json": False}`` (``records.LOCAL``) stays out."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar, Union, cast

R = TypeVar("R")


@functools.cache
def _json_fields(cls: type) -> tuple[str, ...]:
    # dataclasses.fields() is slow enough to matter when a big register is exported.
    return tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get("json", True))


_AS_IS = frozenset((str, int, float, bool, type(None)))


@functools.cache
def _record_fields(kind: type) -> tuple[str, ...] | None:
    """The JSON fields of a record type, None for a type that is not a record."""
    return _json_fields(kind) if dataclasses.is_dataclass(kind) else None


def to_plain(value: Any) -> Any:
    """A record (or any value inside one) as JSON-ready data; local fields left out."""
    kind: Any = type(value)
    if kind in _AS_IS:  # the most common values first: a big register has millions
        return value
    if kind is tuple:
        return [to_plain(v) for v in value]
    if (names := _record_fields(kind)) is not None:
        return {name: to_plain(getattr(value, name)) for name in names}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    return value


def from_plain(cls: type[R], data: dict[str, Any]) -> R:
    """Build a record from JSON-ready data; raise ValueError naming the bad field."""
    kwargs: dict[str, Any] = {}
    for name, convert in _converters(cast(type, cls)):
        if name not in data:
            continue
        try:
            kwargs[name] = convert(data[name])
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name}: {exc}") from None
    return cls(**kwargs)


@functools.cache
def _converters(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    # Worked out once per record type: reading hints for every record of a big
    # register's import took longer than everything else it does with the record.
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls))


def _converter(hint: Any) -> Callable[[Any], Any]:
    """The function that turns a JSON-ready value into a value of type ``hint``."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        inner = _converter(args[0])
        return lambda value: None if value is None else inner(value)
    if origin is tuple:
        (item,) = typing.get_args(hint)[:1]
        each = _converter(item)

        def many(value: Any) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise TypeError("expected a list")
            return tuple(each(v) for v in value)

        return many
    if dataclasses.is_dataclass(hint):

        def record(value: Any) -> Any:
            if not isinstance(value, dict):
                raise TypeError("expected an object")
            return from_plain(hint, value)  # type: ignore[arg-type]

        return record
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    if hint is dt.date:
        return dt.date.fromisoformat
    if hint is dt.datetime:
        return _moment
    return functools.partial(_checked, _EXPECTED.get(hint))


def _moment(value: Any) -> dt.datetime:
    if not isinstance(value, str):
        raise TypeError("expected a date and time")
    moment = dt.datetime.fromisoformat(value)
    if moment.utcoffset() is None:
        raise ValueError(f"“{value}” has no time zone (e.g. +01:00 or Z)")
    return moment


# What a JSON value of each plain type must be, and how a wrong one is named.
_EXPECTED: dict[Any, tuple[Callable[[Any], bool], str]] = {
    bool: (lambda v: isinstance(v, bool), "expected true or false"),
    int: (lambda v: isinstance(v, int) and not isinstance(v, bool), "expected a whole number"),
    float: (lambda v: isinstance(v, int | float), "expected a number"),
    str: (lambda v: isinstance(v, str), "expected text"),
}


def _checked(expected: tuple[Callable[[Any], bool], str] | None, value: Any) -> Any:
    if expected is not None and not expected[0](value):
        raise TypeError(expected[1])
    return value


def flatten(record: Any) -> dict[str, Any]:
    """Top-level fields of a record as JSON-ready values, for per-field diffs."""
    plain = to_plain(record)
    assert isinstance(plain, dict)
    return plain


def diff(before: Any | None, after: Any | None) -> dict[str, dict[str, Any]]:
    """Per-field before/after of two records of one kind (None for absent)."""
    old = flatten(before) if before is not None else {}
    new = flatten(after) if after is not None else {}
    return {
        name: {"before": old.get(name), "after": new.get(name)}
        for name in dict.fromkeys([*old, *new])
        if old.get(name) != new.get(name)
    }
