"""Values as the screen shows them, for change sets: names for keys, labels for lists, words.

``shown`` gives a field's value as a reviewer reads it; ``word_diff`` and ``marked`` give a
long text's word-level difference.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ropa_desktop.domain.enums import LabelledEnum
from ropa_desktop.services.checks import field_label
from ropa_desktop.services.countries import country_label

NONE = "(none)"

# Fields holding keys of catalogue entries, by the catalogue they name.
_CATALOGUE_FIELDS = {
    "subject_categories": "subject_categories", "measures": "security_measures",
    "systems": "systems", "data_category": "data_categories",
}  # fmt: skip


@dataclass(frozen=True)
class Names:
    """How keys are named on screen: catalogue entries, processors, activities."""

    catalogues: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    processors: Mapping[str, str] = field(default_factory=dict)
    activities: Mapping[str, str] = field(default_factory=dict)  # key -> “PA-03 · Newsletter”

    @classmethod
    def of(cls, *docs: Any) -> Names:
        """Names from one or more RegisterDocs (later ones win: the state being written)."""
        cats: dict[str, dict[str, str]] = {}
        procs: dict[str, str] = {}
        acts: dict[str, str] = {}
        for doc in docs:
            for kind, entries in doc.catalogues.items():
                cats.setdefault(kind, {}).update({e.key: e.name for e in entries})
            procs.update({p.key: p.name for p in doc.processors})
            acts.update({a.key: a.title for a in doc.activities})
        return cls(cats, procs, acts)

    def entry(self, catalogue: str, key: str | None) -> str:
        if not key:
            return NONE
        return self.catalogues.get(catalogue, {}).get(key, "(an entry no longer in the catalogue)")

    def activity(self, key: str | None) -> str:
        if not key:
            return NONE
        return self.activities.get(key, "(an activity no longer in the register)")


# --- values as shown --------------------------------------------------------------------


def shown(name: str, value: Any, names: Names) -> str:
    """A field's value as the screen shows it; "(none)" for nothing."""
    if value is None or value == "" or value == ():
        return NONE
    if name in _CATALOGUE_FIELDS:
        catalogue = _CATALOGUE_FIELDS[name]
        keys = value if isinstance(value, tuple) else (value,)
        return "; ".join(names.entry(catalogue, k) for k in keys)
    if name == "processors":
        return "; ".join(names.processors.get(k, "(a processor no longer listed)") for k in value)
    if name in ("activity", "processor"):
        return names.activity(value) if name == "activity" else names.processors.get(value, NONE)
    if name == "to_confirm":
        return "; ".join(dict.fromkeys(field_label(m) for m in value))
    if name == "country" and isinstance(value, str):
        return country_label(value)
    return _plain(value)


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return "; ".join(_plain(v) for v in value) or NONE
    return str(value)


def first_words(text: str, words: int = 6) -> str:
    parts = text.split()
    head = " ".join(parts[:words])
    return head + ("…" if len(parts) > words else "")


# --- word-level differences -------------------------------------------------------------


def word_diff(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """(op, text) runs: "=" kept, "-" removed, "+" added; words compared as typed."""
    a, b = before.split(), after.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return tuple(out)


def marked(runs: Sequence[tuple[str, str]], context: int = 5) -> str:
    """Runs as one line: [-removed-] {+added+}, unchanged stretches cut to a few words."""
    out = []
    for i, (op, text) in enumerate(runs):
        if op == "-":
            out.append(f"[-{text}-]")
        elif op == "+":
            out.append(f"{{+{text}+}}")
        else:
            words = text.split()
            head = words[:context] if i else []
            tail = words[-context:] if i < len(runs) - 1 else []
            if len(words) > len(head) + len(tail):
                out.append(" ".join([*head, "…", *tail]).strip())
            else:
                out.append(text)
    return " ".join(p for p in out if p)
