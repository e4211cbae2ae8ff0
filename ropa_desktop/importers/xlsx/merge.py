"""The reviewed Register sheet and its detail sheets -> activities, merged per cell.

A field changes only where the reviewer changed its cells. Where the register also
changed in the app since the export, ``three_way`` merges cell by cell (item by item for
lists): only a cell changed on both sides is a conflict, reported in full.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Set
from dataclasses import dataclass, field
from typing import Any

from ropa_desktop.domain.base import new_key
from ropa_desktop.domain.records import ActivityRec
from ropa_desktop.importers.xlsx import cells
from ropa_desktop.importers.xlsx import fields as F
from ropa_desktop.importers.xlsx.cells import CellError
from ropa_desktop.importers.xlsx.layout import KEY, VERSION, ReviewBook, Row, RowError
from ropa_desktop.importers.xlsx.three_way import Conflict, Merger
from ropa_desktop.services.change_words import Names, record_label
from ropa_desktop.services.checks import field_label

UNKNOWN = object()
DETAIL_FIELDS = {
    F.PURPOSES: {"description", "legal_basis", "legal_basis_detail", "lia_reference",
                 "consent_mechanism", "consent_withdrawal"},
    F.DATA: {"category", "art9_condition", "art10_basis", "note"},
    F.RECIPIENTS: {"category", "detail"},
    F.TRANSFERS: {"country", "recipient", "safeguard", "tia_reference", "note"},
}  # fmt: skip


@dataclass
class Outcome:
    activities: dict[str, ActivityRec | None] = field(default_factory=dict)  # None: remove
    conflicts: list[Conflict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    references: dict[str, str] = field(default_factory=dict)  # reference in the workbook -> key
    rows: dict[str, int] = field(default_factory=dict)  # activity key -> Register row
    new_keys: dict[str, str] = field(default_factory=dict)  # "new:<row>" -> key given


class ActivityMerge:
    def __init__(
        self,
        review: ReviewBook,
        current: list[ActivityRec],
        catalogues: F.Catalogues,
        *,
        names: Names | None = None,
        take: Set[str] = frozenset(),
    ):
        self.review = review
        self.names = names or Names()
        self.take = take
        self.current = {a.key: a for a in current}
        self.catalogues = catalogues
        self.parsers = catalogues.activity_parsers()
        self.out = Outcome()
        self.details: dict[str, dict[str, list[Row]]] = {}

    def run(self) -> Outcome:
        register = self.review.sheets[F.REGISTER]
        for row in register:
            if row.number:
                ref = cells.norm(row.cells.get("reference"))
                key = row.key or f"new:{row.number}"
                if ref:
                    self.out.references.setdefault(ref, key)
                self.out.rows[key] = row.number
        for sheet in (F.PURPOSES, F.DATA, F.RECIPIENTS, F.TRANSFERS):
            self._group(sheet)
        for row in register:
            if row.base is None:
                self._new(row)
            elif row.number == 0:
                self._removed(row)
            else:
                self._existing(row)
        return self.out

    def _group(self, sheet: str) -> None:
        for row in self.review.sheets[sheet]:
            if row.key:
                owner = row.key.split("/")[0]
                if F.PROCESSOR_ROW in row.key:
                    if row.number and row.changed:
                        self.out.errors.append(row.error("", "processor rows repeat the Processors "
                            "column of the Register sheet; change that column instead"))  # fmt: skip
                    continue
            else:
                ref = cells.norm(row.cells.get("reference"))
                owner = self.out.references.get(ref, "")
                if not owner:
                    self.out.errors.append(
                        row.error(
                            "reference",
                            f"no activity has the reference “{ref}” on the Register sheet",
                        )
                    )
                    continue
            self._readonly(row, DETAIL_FIELDS[sheet])
            self.details.setdefault(owner, {}).setdefault(sheet, []).append(row)

    def _parse(self, row: Row, names: Any, *, base: bool = False) -> dict[str, Any]:
        values: dict[str, Any] = {}
        source = row.base if base else row.cells
        assert source is not None
        for name in names:
            try:
                values[name] = self.parsers[name](source.get(name))
            except CellError as exc:
                if base:
                    values[name] = UNKNOWN
                else:
                    self.out.errors.append(row.error(name, str(exc)))
        return values

    def _composed(self, key: str, row: Row, *, base: bool) -> dict[str, Any]:
        details = self.details.get(key, {})
        values: dict[str, Any] = {}
        for kind in F.ITEM_KINDS:
            rows = details.get(kind.sheet, [])
            if base or row.edited(kind.field) or any(_touched(r) for r in rows):
                values[kind.field] = self._items(kind, row, rows, base=base)
        rows = details.get(F.TRANSFERS, [])
        if base or any(_touched(r) for r in rows):
            values["transfers"] = self._transfers(rows, base=base)
        return values

    def _items(self, kind: F.ItemKind, reg: Row, rows: list[Row], *, base: bool) -> Any:
        errors: list[RowError] = []
        source = (lambda r: r.base) if base else (lambda r: r.cells)
        live = [r for r in rows if (r.base is not None if base else r.number)]
        try:
            items = cells.lines(source(reg).get(kind.field))
            idents = [kind.ident(i, self.catalogues) for i in items]
        except CellError as exc:
            return self._fail(base, [reg.error(kind.field, str(exc))])
        if len(set(idents)) != len(idents):
            return self._fail(base, [reg.error(kind.field, "lists the same item twice")])
        by_ident: dict[str, Row] = {}
        for r in live:
            try:
                ident = kind.ident(cells.text(source(r).get(kind.detail_field)), self.catalogues)
            except CellError as exc:
                errors.append(r.error(kind.detail_field, str(exc)))
                continue
            if ident in by_ident:
                errors.append(r.error(kind.detail_field, f"repeats row {by_ident[ident].number}"))
            by_ident[ident] = r
        if not base:
            for r in rows:
                if r.number == 0 and r.base is not None:
                    gone = cells.text(r.base.get(kind.detail_field))
                    if _safe_ident(kind, gone, self.catalogues) in idents:
                        errors.append(reg.error(kind.field, f"still lists “{gone}”, whose row on sheet "
                            f"“{kind.sheet}” was deleted; remove it from both or from neither"))  # fmt: skip
        matched: dict[int, Row] = {}
        for i, ident in enumerate(idents):
            if ident in by_ident:
                matched[i] = by_ident.pop(ident)
        for r in by_ident.values():
            spot = self._reworded(kind, reg, items, matched, r) if not base else None
            if spot is not None:
                matched[spot] = r
            elif not base and (r.base is None or r.changed):
                errors.append(r.error(kind.detail_field, f"is not listed in column “{reg.columns.get(kind.field, '')}” "
                    f"of row {reg.number} on the Register sheet; list it there too"))  # fmt: skip
        out = []
        for i, (item, ident) in enumerate(zip(items, idents, strict=True)):
            detail = matched.get(i)
            cells_ = source(detail) if detail is not None else None
            if detail is not None and kind.field == "purposes" and not reg.edited(kind.field):
                item = cells.text(source(detail).get("description")) or item  # keeps line breaks
            try:
                out.append(kind.make(item, ident, cells_))
            except F.FieldCellError as exc:
                errors.append(
                    detail.error(exc.name, str(exc)) if detail else reg.error(kind.field, str(exc))
                )
        return self._fail(base, errors) if errors else tuple(out)

    def _reworded(
        self, kind: F.ItemKind, reg: Row, items: list[str], matched: dict[int, Row], r: Row
    ) -> int | None:
        """The line of a purpose reworded on one sheet only, when that is unambiguous."""
        if kind.field != "purposes" or r.base is None or reg.base is None:
            return None
        old = cells.flat(cells.text(r.base.get("description")))
        free = [i for i in range(len(items)) if i not in matched]
        if reg.edited("purposes") and not r.edited("description"):
            before = [cells.flat(i) for i in cells.lines(reg.base.get("purposes"))]
            if len(before) == len(items):
                spots = [i for i in free if before[i] == old and cells.flat(items[i]) != old]
                return spots[0] if len(spots) == 1 else None
        if not reg.edited("purposes") and r.edited("description"):
            spots = [i for i in free if cells.flat(items[i]) == old]
            return spots[0] if len(spots) == 1 else None
        return None

    def _transfers(self, rows: list[Row], *, base: bool) -> Any:
        errors: list[RowError] = []
        out = []
        live = [r for r in rows if r.base is not None] if base else [r for r in rows if r.number]
        if base:
            live.sort(key=lambda r: int(r.key.rsplit("/", 1)[1]))
        for r in live:
            try:
                out.append(F.transfer(r.base if base else r.cells))  # type: ignore[arg-type]
            except F.FieldCellError as exc:
                errors.append(r.error(exc.name, str(exc)))
        return self._fail(base, errors) if errors else tuple(out)

    def _fail(self, base: bool, errors: list[RowError]) -> Any:
        if not base:
            self.out.errors.extend(errors)
        return UNKNOWN

    def _readonly(self, row: Row, editable: set[str]) -> None:
        for name in sorted(set(row.cells) - editable - {KEY, VERSION}):
            if row.base is not None and row.number and row.edited(name):
                self.out.errors.append(row.error(name, "is not imported: it repeats or summarises "
                    "other data; make the change where the Read me sheet says"))  # fmt: skip

    def _new(self, row: Row) -> None:
        key = f"new:{row.number}"
        defaults = {"role": "controller", "status": "draft", "automated_decision": "No"}
        for name, value in defaults.items():
            if not cells.norm(row.cells.get(name)):
                row.cells[name] = value
        values = self._parse(row, self.parsers)
        values.update(self._composed(key, row, base=False))
        if any(v is UNKNOWN for v in values.values()):
            return
        rec = ActivityRec(key=new_key(), **values)
        self.out.activities[rec.key] = rec
        self.out.rows[rec.key] = row.number
        self.out.new_keys[key] = rec.key

    def _merger(self, now: ActivityRec) -> Merger:
        return Merger(record_label("activity", now, self.names), f"activity:{now.key}", self.take,
                      self.names)  # fmt: skip

    def _removed(self, row: Row) -> None:
        now = self.current.get(row.key)
        if now is None:
            return
        if now.version != row.version:
            merger = self._merger(now)
            gone = merger.record_removed("changed in the app since the export")
            self.out.conflicts += merger.conflicts
            if not gone:
                return
        self.out.activities[now.key] = None

    def _existing(self, row: Row) -> None:
        now = self.current.get(row.key)
        edited = [n for n in self.parsers if row.edited(n)]
        values = self._parse(row, edited)
        values.update(self._composed(row.key, row, base=False))
        self._readonly(row, set(self.parsers) | set(F.COMPOSED))
        if not values or any(v is UNKNOWN for v in values.values()):
            return
        if now is None:
            name = cells.text(row.cells.get("name")) or cells.text(row.cells.get("reference"))
            merger = Merger(f"Activity “{name}”", f"activity:{row.key}", self.take, self.names)
            merger.record_deleted()
            self.out.conflicts += merger.conflicts
            return
        if now.version != row.version:
            before = self._parse(row, [n for n in values if n in self.parsers], base=True)
            before.update(
                {k: v for k, v in self._composed(row.key, row, base=True).items() if k in values}
            )
            merger = self._merger(now)
            for name in list(values):
                theirs, ours, base = getattr(now, name), values[name], before.get(name, UNKNOWN)
                if name in F.COMPOSED and base is not UNKNOWN:
                    values[name] = merger.items(name, base, ours, theirs)
                else:
                    values[name] = merger.value(name, field_label(name), base, ours, theirs)
            self.out.conflicts += merger.conflicts
        changes = {k: v for k, v in values.items() if getattr(now, k) != v}
        if changes:
            marks = confirmed(now.to_confirm, changes, now)
            if marks != now.to_confirm:
                changes["to_confirm"] = marks
            self.out.activities[now.key] = dataclasses.replace(now, **changes)


def confirmed(marks: tuple[str, ...], changes: dict[str, Any], now: Any) -> tuple[str, ...]:
    """The "to confirm" marks left once the reviewer filled the fields they are on.

    A mark on a field goes when the reviewer changed the field and it now holds a value;
    a mark on a field of every purpose (“purposes.legal_basis”) goes when the reviewer
    filled it where it was empty and every purpose now has it.
    """
    kept = []
    for mark in marks:
        head, _, sub = mark.partition(":")[0].strip().partition(".")
        value = changes.get(head)
        if head in changes and not sub and value not in (None, "", ()):
            continue
        if head in changes and sub and value:
            was = [getattr(i, sub, None) for i in getattr(now, head)]
            filled = [getattr(i, sub, None) for i in value]
            newly = None in was or "" in was or not was
            if newly and all(v not in (None, "") for v in filled):
                continue
        kept.append(mark)
    return tuple(kept)


def _touched(row: Row) -> bool:
    return row.number == 0 or row.base is None or row.changed


def _safe_ident(kind: F.ItemKind, item: str, catalogues: F.Catalogues) -> str | None:
    try:
        return kind.ident(item, catalogues)
    except CellError:
        return None
