"""The reviewed retention schedule: each row one rule, merged field by field."""

from __future__ import annotations

import dataclasses
from typing import Any

from ropa_desktop.domain.base import new_key
from ropa_desktop.domain.records import ActivityRec, RetentionRuleRec
from ropa_desktop.importers.xlsx import cells
from ropa_desktop.importers.xlsx import fields as F
from ropa_desktop.importers.xlsx.cells import CellError
from ropa_desktop.importers.xlsx.layout import KEY, VERSION, Row
from ropa_desktop.importers.xlsx.merge import UNKNOWN, Conflict, Outcome


class RuleMerge:
    def __init__(
        self,
        rows: list[Row],
        current: list[RetentionRuleRec],
        activities: list[ActivityRec],
        outcome: Outcome,
        catalogues: F.Catalogues,
    ) -> None:
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

    def _removed(self, row: Row) -> None:
        now = self.current.get(row.key)
        if now is None:
            return
        if now.version != row.version:
            label = now.data_description or now.key
            self.out.conflicts.append(
                Conflict("retention rule", now.key, label, "(removed)", None, now)
            )
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
        values = self._values(row, edited)
        now = self.current.get(row.key)
        if not values or any(v is UNKNOWN for v in values.values()):
            return
        label = str(values.get("data_description") or row.key)
        if now is None:
            self.out.conflicts.append(
                Conflict("retention rule", row.key, label, "(deleted in the app)", values, None)
            )
            return
        if now.activity in removed:
            self.out.errors.append(
                row.error(edited[0], "belongs to an activity the review deleted")
            )
            return
        if now.version != row.version:
            before = self._values(row, list(values), base=True)
            for name in list(values):
                theirs, ours = getattr(now, name), values[name]
                if ours != theirs and before.get(name, UNKNOWN) != theirs:
                    label = now.data_description or now.key
                    self.out.conflicts.append(
                        Conflict("retention rule", now.key, label, name, ours, theirs)
                    )
                    del values[name]
        changes = {k: v for k, v in values.items() if getattr(now, k) != v}
        if changes:
            self.rules[now.key] = dataclasses.replace(now, **changes)
