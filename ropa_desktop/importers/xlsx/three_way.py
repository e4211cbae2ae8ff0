"""Three-way merge per cell: the workbook as exported (base), as reviewed (ours), the register now (theirs).

A value changes where the reviewer changed it. Where the register also changed the same
cell since the export, and to something else, that cell is a conflict: listed in full,
and the register's value stays unless the reviewer's is chosen (``take``). Lists of items
(purposes, data categories, recipients, transfers) merge item by item and, within an
item, field by field: a change to purpose 1 in the app and one to purpose 3 in the
workbook are both kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Set
from dataclasses import dataclass
from typing import Any

from ropa_desktop.services.change_words import (
    NONE,
    Names,
    align,
    item_ident,
    item_summary,
    item_title,
    shown,
    subfield_label,
)

KEEP, TAKE = "register", "workbook"


@dataclass(frozen=True)
class Conflict:
    """A cell both the reviewer and someone in the app changed since the export."""

    id: str  # how a choice names it; never shown
    record: str  # “Activity PA-05 · Technical support”
    field: str  # “Purpose 3 “Keep your…” — Legal basis”, or "" for the whole record
    register: str  # the register's value, as shown
    workbook: str  # the workbook's value, as shown
    kind: str = "cell"  # "cell"; "removed": the reviewer deleted what the app changed;
    # "deleted": the reviewer edited what the app deleted (cannot be taken)
    taken: bool = False  # the workbook's value is the one applied

    @property
    def choosable(self) -> bool:
        return self.kind != "deleted"

    def __str__(self) -> str:
        where = f"{self.record}, {self.field}" if self.field else self.record
        if self.kind == "removed":
            then = "it is deleted as the workbook asks" if self.taken else "it is kept"
            return f"{where}: deleted in the workbook, but changed in the app since the export; {then}."
        if self.kind == "deleted":
            return (f"{where}: edited in the workbook, but deleted in the app since the export; "
                    "the edits are not applied.")  # fmt: skip
        then = "the workbook's value is applied" if self.taken else "the register's value is kept"
        return (f"{where}: changed on both sides since the export — the register says "
                f"{_q(self.register)}, the workbook says {_q(self.workbook)}; {then}.")  # fmt: skip


CELL_MAX = 32_767  # characters: the most a spreadsheet cell holds


def _clipped_from(base: Any, theirs: Any) -> bool:
    """The exported cell is the beginning of the register's text, clipped to fit a cell
    (the export's clip mark, or the spreadsheet program's cut, spoils at most its end)."""
    return (
        isinstance(base, str)
        and isinstance(theirs, str)
        and len(base) >= CELL_MAX
        and len(theirs) > len(base) - 60
        and theirs.startswith(base[:-60])
    )


def _as_read(base: Any, theirs: Any) -> bool:
    """The exported cell, read back, is the register's text as a cell gives it back
    (line breaks as LF, no surrounding spaces)."""
    if not isinstance(base, str) or not isinstance(theirs, str):
        return False
    return base == theirs.replace("\r\n", "\n").replace("\r", "\n").strip()


def _q(text: str) -> str:
    one = " ".join(text.split())
    one = one if len(one) <= 100 else one[:99] + "…"
    return one if one == NONE else f"“{one}”"


class Merger:
    """Collects the conflicts of one record's merge; ``take`` holds the ids where the workbook wins."""

    def __init__(self, record: str, prefix: str, take: Set[str], names: Names) -> None:
        self.record, self.prefix, self.take, self.names = record, prefix, take, names
        self.conflicts: list[Conflict] = []

    def value(self, name: str, label: str, base: Any, ours: Any, theirs: Any,
              show: Callable[[Any], str] | None = None) -> Any:  # fmt: skip
        """One cell (or one value made of several cells): the merged value."""
        if _clipped_from(base, theirs) or _as_read(base, theirs):
            # The export could show only the text's beginning, or the cell reads back
            # without the spaces around it: the app left the value as it was.
            base = theirs
        if ours in (base, theirs):
            return theirs
        if theirs == base:
            return ours
        cid = f"{self.prefix}/{name}"
        taken = cid in self.take
        show = show or (lambda v: shown(name, v, self.names))
        self.conflicts.append(
            Conflict(cid, self.record, label, show(theirs), show(ours), taken=taken)
        )
        return ours if taken else theirs

    def items(self, list_name: str, base: tuple[Any, ...], ours: tuple[Any, ...],
              theirs: tuple[Any, ...]) -> tuple[Any, ...]:  # fmt: skip
        """A list merged item by item, then field by field within an item."""
        if ours in (base, theirs):
            return theirs
        if theirs == base:
            return ours

        def ident(item: Any) -> Any:
            return item_ident(list_name, item)

        to_ours = align(base, ours, ident)
        w_of = {i: j for i, j in to_ours if i is not None}
        r_of = {i: j for i, j in align(base, theirs, ident) if i is not None}
        base_of = {j: i for i, j in r_of.items() if j is not None}
        out: list[Any] = []
        for j, item in enumerate(theirs):
            b = base_of.get(j)
            if b is None:  # added in the app
                out.append(item)
                continue
            w = w_of.get(b)
            title = item_title(list_name, item, j + 1, self.names)
            if w is None:  # the reviewer deleted it
                if item != base[b] and not self._whole(f"{list_name}/{b}", title, "removed", item):
                    out.append(item)
                continue
            out.append(self._fields(list_name, b, title, base[b], ours[w], item))
        for b, j in r_of.items():
            w = w_of.get(b)
            if j is None and w is not None and ours[w] != base[b]:  # deleted in the app
                title = item_title(list_name, ours[w], w + 1, self.names)
                if self._whole(f"{list_name}/{b}", title, "deleted-item", ours[w]):
                    out.append(ours[w])
        have = {ident(item) for item in out}
        out += [ours[j] for i, j in to_ours if i is None and ident(ours[j]) not in have]
        return tuple(out)

    def _fields(self, list_name: str, b: int, title: str, base: Any, ours: Any, theirs: Any) -> Any:
        changes = {}
        for f in dataclasses.fields(theirs):
            name = f.name
            sub = Merger(self.record, f"{self.prefix}/{list_name}/{b}", self.take, self.names)
            label = f"{title} — {subfield_label(name)}"
            shown_as = (
                "data_category" if name == "category" and list_name == "data_categories" else name
            )
            merged = sub.value(shown_as, label, getattr(base, name), getattr(ours, name),
                               getattr(theirs, name))  # fmt: skip
            self.conflicts += [
                dataclasses.replace(c, id=f"{sub.prefix}/{name}") for c in sub.conflicts
            ]
            if merged != getattr(theirs, name):
                changes[name] = merged
        return dataclasses.replace(theirs, **changes) if changes else theirs

    def _whole(self, cid_tail: str, title: str, kind: str, item: Any) -> bool:
        """An item deleted on one side and changed on the other; True when the workbook wins."""
        cid = f"{self.prefix}/{cid_tail}"
        taken = cid in self.take
        list_name = cid_tail.split("/")[0]
        summary = item_summary(list_name, item, self.names)
        if kind == "removed":
            self.conflicts.append(
                Conflict(cid, self.record, title, summary, "(deleted)", "removed", taken)
            )
        else:
            self.conflicts.append(Conflict(cid, self.record, title, "(deleted in the app)", summary,
                                           "cell", taken))  # fmt: skip
        return taken

    def record_removed(self, summary: str) -> bool:
        """The reviewer deleted a record the app changed since; True when it goes anyway."""
        cid = f"{self.prefix}/(removed)"
        taken = cid in self.take
        self.conflicts.append(
            Conflict(cid, self.record, "", summary, "(deleted)", "removed", taken)
        )
        return taken

    def record_deleted(self) -> None:
        """The reviewer edited a record deleted in the app since the export."""
        self.conflicts.append(
            Conflict(f"{self.prefix}/(deleted)", self.record, "", "(deleted)", "", "deleted")
        )
