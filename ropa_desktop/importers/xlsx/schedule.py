"""The reviewed retention schedule: each row one rule, merged field by field."""

from __future__ import annotations

import dataclasses
from collections.abc import Set
from typing import Any

from ropa_desktop.domain.base import new_key
from ropa_desktop.domain.records import ActivityRec, RetentionRuleRec
from ropa_desktop.importers.xlsx import cells
from ropa_desktop.importers.xlsx import fields as F
from ropa_desktop.importers.xlsx.cells import CellError
from ropa_desktop.importers.xlsx.layout import KEY, VERSION, Row
from ropa_desktop.importers.xlsx.merge import UNKNOWN, Outcome, confirmed
from ropa_desktop.importers.xlsx.three_way import Merger
from ropa_desktop.services.change_words import TERM_FIELDS, Names, record_label
from ropa_desktop.services.checks import field_label
from ropa_desktop.services.retention_terms import describe_term


class RuleMerge:
    def __init__(
        self,
        rows: list[Row],
        current: list[RetentionRuleRec],
        activities: list[ActivityRec],
        outcome: Outcome,
        catalogues: F.Catalogues,
        *,
        names: Names | None = None,
        take: Set[str] = frozenset(),
    ) -> None:
        self.names = names or Names()
        self.take = take
        self.rows = rows
        self.current = {r.key: r for r in current}
        self.out = outcome
        self.parsers = catalogues.rule_parsers()
        self.references = {a.reference: a.key for a in activities}
        for ref, key in outcome.references.items():
            self.references[ref] = outcome.new_keys.get(key, key)
        self.rules: dict[str, RetentionRuleRec | None] = {}

    def run(self) -> dict[str, RetentionRuleRec | None]:
        removed = {k for k, v in self.out.activities.items() if v is None}
        for row in self.rows:
            if row.number and row.key:
                self.out.rows[row.key] = row.number
            if row.base is None:
                self._new(row)
            elif row.number == 0:
                self._removed(row)
            else:
                self._existing(row, removed)
        for rule in self.current.values():
            if rule.activity in removed and rule.key not in self.rules:
                self.rules[rule.key] = None  # goes with its activity, as in the app
        return self.rules

    def _values(self, row: Row, names: list[str], *, base: bool = False) -> dict[str, Any]:
        source = row.base if base else row.cells
        assert source is not None
        values: dict[str, Any] = {}
        for name in names:
            try:
                if name == "activity":
                    ref = cells.text(source.get(name))
                    if ref and ref not in self.references:
                        raise CellError(f"no activity has the reference “{ref}”")
                    values[name] = self.references.get(ref) if ref else None
                else:
                    values[name] = self.parsers[name](source.get(name))
            except CellError as exc:
                values[name] = UNKNOWN
                if not base:
                    self.out.errors.append(row.error(name, str(exc)))
        return values

    def _new(self, row: Row) -> None:
        values = self._values(row, ["activity", *self.parsers])
        if all(v is not UNKNOWN for v in values.values()):
            rule = RetentionRuleRec(key=new_key(), **values)
            self.rules[rule.key] = rule
            self.out.rows[rule.key] = row.number

    def _merger(self, now: RetentionRuleRec) -> Merger:
        return Merger(record_label("retention_rule", now, self.names), f"rule:{now.key}",
                      self.take, self.names)  # fmt: skip

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
        self.rules[now.key] = None

    def _existing(self, row: Row, removed: set[str]) -> None:
        names = ["activity", *self.parsers]
        for name in sorted(set(row.cells) - set(names) - {KEY, VERSION}):
            if row.edited(name):
                self.out.errors.append(
                    row.error(name, "is not imported: it repeats the Register sheet")
                )
        edited = [n for n in names if row.edited(n)]
        if any(n in TERM_FIELDS for n in edited):
            # A retention term is one value: duration, unit, starting event and action
            # are taken together, never mixed with the register's.
            edited = [n for n in names if n in edited or n in TERM_FIELDS]
        values = self._values(row, edited)
        now = self.current.get(row.key)
        if not values or any(v is UNKNOWN for v in values.values()):
            return
        if now is None:
            label = cells.text(row.cells.get("data_description")) or "(no description)"
            merger = Merger(f"Retention rule “{label}”", f"rule:{row.key}", self.take, self.names)
            merger.record_deleted()
            self.out.conflicts += merger.conflicts
            return
        if now.activity in removed:
            self.out.errors.append(
                row.error(edited[0], "belongs to an activity the review deleted")
            )
            return
        if now.version != row.version:
            values = self._merge(row, now, values)
        changes = {k: v for k, v in values.items() if getattr(now, k) != v}
        if changes:
            marks = confirmed(now.to_confirm, changes, now)
            if marks != now.to_confirm:
                changes["to_confirm"] = marks
            self.rules[now.key] = dataclasses.replace(now, **changes)

    def _merge(self, row: Row, now: RetentionRuleRec, values: dict[str, Any]) -> dict[str, Any]:
        before = self._values(row, list(values), base=True)
        merger = self._merger(now)
        out = dict(values)
        for name in [n for n in values if n not in TERM_FIELDS]:
            out[name] = merger.value(name, field_label(name), before.get(name, UNKNOWN),
                                     values[name], getattr(now, name))  # fmt: skip
        if any(n in values for n in TERM_FIELDS):
            # None for a term the export's cells no longer tell (always a conflict).
            base = tuple(before.get(n, UNKNOWN) for n in TERM_FIELDS)
            merged = merger.value(
                "term", "Retention term",
                None if UNKNOWN in base else base,
                tuple(values[n] for n in TERM_FIELDS),
                tuple(getattr(now, n) for n in TERM_FIELDS),
                show=lambda term: describe_term(dataclasses.replace(now, **dict(zip(TERM_FIELDS, term, strict=True)))),
            )  # fmt: skip
            out.update(zip(TERM_FIELDS, merged, strict=True))
        self.out.conflicts += merger.conflicts
        return out
