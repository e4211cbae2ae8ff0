"""The reviewed Excel workbook -> a change set, shown before anything is applied.

``plan_xlsx(register, path)`` reads the workbook safely (``reader``), finds each
row beside its exported copy (``layout``), and merges what the reviewer changed
into the register as it is now (``merge``, ``schedule``): untouched cells never
change anything, edits made in the app since the export are kept and reported as
conflicts, and every problem is reported with its sheet, row and column.
``import_xlsx(register, path, dry_run=...)`` then applies the change set in one
transaction through ``services.interchange.apply_changes``, or nothing at all.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ropa_desktop.domain.errors import ImportFileError, RopaError, ValidationError
from ropa_desktop.importers.xlsx import fields as F
from ropa_desktop.importers.xlsx.layout import ReviewBook, RowError, read_review
from ropa_desktop.importers.xlsx.merge import ActivityMerge
from ropa_desktop.importers.xlsx.reader import Limits, read_workbook
from ropa_desktop.importers.xlsx.schedule import RuleMerge
from ropa_desktop.importers.xlsx.three_way import Conflict
from ropa_desktop.services.approval import ApprovalError
from ropa_desktop.services.change_words import Names
from ropa_desktop.services.checks import field_label
from ropa_desktop.services.interchange import ChangeSet, apply_changes, plan_changes, snapshot
from ropa_desktop.services.register import Register

R = TypeVar("R")

__all__ = [
    "Conflict",
    "RowError",
    "WorkbookRejected",
    "XlsxImport",
    "apply_import",
    "import_xlsx",
    "plan_xlsx",
    "read_review_workbook",
]


@dataclass
class XlsxImport:
    """What a reviewed workbook would change, what it cannot, and what was kept."""

    changes: ChangeSet = field(default_factory=ChangeSet)
    conflicts: list[Conflict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what was read but not imported, and why
    applied: bool = False
    rows: dict[str, int] = field(default_factory=dict)  # activity key -> its Register row

    @property
    def is_empty(self) -> bool:
        """Nothing to apply and nothing to decide."""
        return self.changes.is_empty and not self.conflicts

    def summary(self) -> str:
        text = self.changes.summary()
        kept = sum(1 for c in self.conflicts if not c.taken)
        taken = len(self.conflicts) - kept
        if kept:
            text += f"; {_count(kept, 'conflict')} where the register's value is kept"
        if taken:
            text += f"; {_count(taken, 'conflict')} where the workbook's value is taken"
        return text

    def lines(self) -> list[str]:
        out = [f"! {error}" for error in self.errors]
        out += [f"? {conflict}" for conflict in self.conflicts]
        out += [f"  Note: {notice}" for notice in self.notices]
        return out + self.changes.lines()


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


class WorkbookRejected(RopaError):
    """The workbook has cells the import cannot accept; nothing was written."""

    def __init__(self, result: XlsxImport) -> None:
        self.result = result
        first = result.errors[0]
        more = f" (and {len(result.errors) - 1} more)" if len(result.errors) > 1 else ""
        text = f"{first}{more}"
        super().__init__(f"The workbook was not imported: {text.rstrip('.')}.")


def read_review_workbook(path: Path, *, limits: Limits | None = None) -> ReviewBook:
    """Read a review workbook safely; its rows beside their exported copies."""
    return read_review(read_workbook(path, limits=limits))


def plan_xlsx(
    register: Register, path: str | os.PathLike[str], *, take: Set[str] = frozenset()
) -> XlsxImport:
    """The change set a reviewed workbook asks for; nothing is written.

    ``take`` holds the ids of conflicts where the workbook's value is to be applied
    (the register's is kept for every other conflict).
    """
    review = read_review_workbook(Path(path))
    current = snapshot(register)
    org = current.organisation
    if org is not None and review.meta.get("organisation") not in (None, "", org.key):
        raise ImportFileError(
            f"The workbook is the register of “{review.meta.get('organisation_name')}”, but this "
            f"register belongs to “{org.name}”; nothing was imported."
        )
    catalogues = F.Catalogues(current)
    names = Names.of(current)
    activities = ActivityMerge(review, current.activities, catalogues, names=names, take=take).run()
    rules = RuleMerge(
        review.sheets[F.RETENTION],
        current.retention_rules,
        current.activities,
        activities,
        catalogues,
        names=names,
        take=take,
    ).run()
    result = XlsxImport(
        conflicts=activities.conflicts,
        errors=review.errors + activities.errors,
        notices=review.notices,
        rows=activities.rows,
    )
    if result.errors:
        return result
    wanted = dataclasses.replace(
        current,
        activities=_merged(current.activities, activities.activities),
        retention_rules=_merged(current.retention_rules, rules),
    )
    result.changes = plan_changes(current, wanted)
    return result


def _merged(current: list[R], updates: dict[str, R | None]) -> list[R]:
    keys = {rec.key for rec in current}  # type: ignore[attr-defined]
    out = [updates.get(rec.key, rec) for rec in current]  # type: ignore[attr-defined]
    out += [rec for key, rec in updates.items() if key not in keys]
    return [rec for rec in out if rec is not None]


def import_xlsx(
    register: Register,
    path: str | os.PathLike[str],
    *,
    dry_run: bool,
    take: Set[str] = frozenset(),
) -> XlsxImport:
    """Plan, then apply the whole change set in one transaction (rolled back when ``dry_run``).

    Raises WorkbookRejected (with every row error) or another RopaError; then nothing
    was written.
    """
    return apply_import(register, plan_xlsx(register, path, take=take), dry_run=dry_run)


def apply_import(
    register: Register,
    result: XlsxImport,
    *,
    dry_run: bool,
    where: Callable[[ValidationError, XlsxImport], RowError] | None = None,
) -> XlsxImport:
    """Apply a planned import in one transaction, or nothing: WorkbookRejected names the
    place (``where``: the row the register refused) of the first refusal."""
    if result.errors:
        raise WorkbookRejected(result)
    if not result.changes.is_empty:
        try:
            apply_changes(register, result.changes, dry_run=dry_run)
        except ValidationError as exc:
            result.errors = [(where or _where)(exc, result)]
            raise WorkbookRejected(result) from None
        result.applied = not dry_run
    return result


def _where(exc: ValidationError, result: XlsxImport) -> RowError:
    """The register refused a record: name the row the reviewer knows it by."""
    entity_type, key = exc.entity
    row = result.rows.get(key, 0)
    sheet = F.REGISTER if entity_type == "activity" else F.RETENTION
    if isinstance(exc, ApprovalError):
        return RowError(sheet, row, "", f"the register refuses it: {exc}")
    detail = "; ".join(f"{field_label(e.field)}: {e.message}" for e in exc.errors)
    return RowError(sheet, row, "", f"the register refuses it: {detail}")
