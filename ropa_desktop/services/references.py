"""References of activities: how a new one is numbered, at every door (the editor's
New activity, an import of a table with no reference column)."""

from __future__ import annotations

__all__ = ["following", "next_reference"]


def next_reference(references: list[str], prefix: str = "PA-") -> str:
    """The next free ``PA-nn`` reference after the highest one in use."""
    numbers = [
        int(r[len(prefix) :])
        for r in references
        if r.startswith(prefix) and r[len(prefix) :].isdigit()
    ]
    width = max((len(r) - len(prefix) for r in references if r.startswith(prefix)), default=2)
    return f"{prefix}{max(numbers, default=0) + 1:0{width}d}"


def following(reference: str, prefix: str = "PA-") -> str:
    """The reference after ``reference`` ("PA-07" -> "PA-08"), at the same width."""
    number = reference[len(prefix) :]
    return f"{prefix}{int(number) + 1:0{len(number)}d}"
