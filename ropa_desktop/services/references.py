"""References of activities: how a new one is numbered, at every door (the editor's
New activity, an import of a table with no reference column)."""

from __future__ import annotations

import re

__all__ = ["following", "next_reference", "reference_order"]

_NUMBER = re.compile(r"(\d+)")


def reference_order(reference: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts PA-2 before PA-10, as a register is read (every listing uses it)."""
    parts = _NUMBER.split(reference.casefold())
    return tuple((0, int(p)) if p.isdecimal() else (1, p) for p in parts if p)


def next_reference(references: list[str], prefix: str = "PA-") -> str:
    """The next free ``PA-nn`` reference after the highest one in use."""
    numbers = [
        int(r[len(prefix) :])
        for r in references
        if r.startswith(prefix) and r[len(prefix) :].isdecimal()
    ]
    width = max((len(r) - len(prefix) for r in references if r.startswith(prefix)), default=2)
    return f"{prefix}{max(numbers, default=0) + 1:0{width}d}"


def following(reference: str, prefix: str = "PA-") -> str:
    """The reference after ``reference`` ("PA-07" -> "PA-08"), at the same width."""
    number = reference[len(prefix) :]
    return f"{prefix}{int(number) + 1:0{len(number)}d}"
