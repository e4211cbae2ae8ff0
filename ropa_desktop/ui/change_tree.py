"""The import preview as a tree: conflicts first, then notices, then one item per record.

``build_rows`` turns a plan (a ChangeSet, or an XlsxImport with its conflicts and
notices) into frozen rows, in words only (``services.change_words``); the model shows
them and the filter proxy narrows them by text and by what the reviewer looks for.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from ropa_desktop.importers.xlsx import Conflict
from ropa_desktop.services.change_words import NONE, FieldChange, RecordChange
from ropa_desktop.services.interchange import ChangeSet

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
TEXT_ROLE = Qt.ItemDataRole.UserRole + 2  # everything the filter searches, casefolded
CONFLICTS, NOTICES, CHANGES = "conflicts", "notices", "changes"
EVERYTHING, ONLY_CONFLICTS, ONLY_REMOVALS = "all", "conflicts", "removals"
COL_WHAT, COL_CHANGE = 0, 1
_HEADERS = ("Record and field", "What the import does")
_SIGNS = {"added": "+", "changed": "~", "removed": "−"}
_COLOURS = {"added": "#1b5e20", "removed": "#b00020", CONFLICTS: "#8a4b00"}
_CUT = 90  # characters of a value shown on one line


@dataclass(frozen=True)
class Row:
    """One line of the tree: a group, a record, a field change, a conflict or a notice."""

    kind: str  # "group", "record", "field", "conflict" or "notice"
    section: str  # CONFLICTS, NOTICES or CHANGES
    text: str  # first column
    value: str = ""  # second column (a conflict's follows its decision: see ``decision``)
    removal: bool = False  # the import deletes something here
    record: RecordChange | None = None
    field: FieldChange | None = None
    conflict: Conflict | None = None
    conflicts: tuple[Conflict, ...] = ()  # a record's conflicts, under the conflicts group
    children: tuple[Row, ...] = ()

    @property
    def spanned(self) -> bool:
        """Groups, records and notices read as one sentence across both columns."""
        return self.kind in ("group", "record", "notice")


def plan_parts(plan: Any) -> tuple[ChangeSet, list[Conflict], list[str]]:
    """(changes, conflicts, notices) of a ChangeSet (JSON) or an XlsxImport."""
    if isinstance(plan, ChangeSet):
        return plan, [], []
    return plan.changes, list(plan.conflicts), list(plan.notices)


def cut(text: str, limit: int = _CUT) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def quoted(text: str, limit: int = _CUT) -> str:
    return text if text == NONE else f"“{cut(text, limit)}”"


def tip(text: str) -> str:
    """A tooltip: Qt reads one that looks like markup as rich text, so it is escaped
    (and, as rich text, long values wrap)."""
    return f"<p>{html.escape(text, quote=False)}</p>"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def field_value(change: FieldChange) -> str:
    """A field change on one line: before → after, or the words a long text gains and loses."""
    if change.words:
        parts = [
            f"{'removes' if op == '-' else 'adds'} “{cut(text, 60)}”"
            for op, text in change.words
            if op != "="
        ]
        return "Text edited: " + "; ".join(parts[:3]) + ("; …" if len(parts) > 3 else "")
    show = quoted if change.quoted else cut
    return f"{show(change.before)} → {show(change.after)}"


def decision(conflict: Conflict, taken: bool) -> str:
    """What the import does with a conflict, given the reviewer's choice."""
    if not conflict.choosable:
        return "Not applied: deleted in the app since the export"
    if conflict.kind == "removed":
        return (
            "Take the workbook's: deleted as the workbook asks"
            if taken
            else f"Keep the register's: kept as {quoted(conflict.register, 60)}"
        )
    if taken:
        return (
            f"Take the workbook's: {quoted(conflict.workbook, 45)} "
            f"(the register says {quoted(conflict.register, 40)})"
        )
    return (
        f"Keep the register's: {quoted(conflict.register, 45)} "
        f"(the workbook says {quoted(conflict.workbook, 40)})"
    )


def build_rows(plan: Any) -> list[Row]:
    """The tree's top level: the conflicts group, the notices group, then each record."""
    changes, conflicts, notices = plan_parts(plan)
    rows = []
    if conflicts:
        rows.append(_conflict_group(conflicts))
    if notices:
        children = tuple(Row("notice", NOTICES, _sentence(n)) for n in notices)
        title = f"Notices — read in the workbook but not imported ({len(notices)})"
        rows.append(Row("group", NOTICES, title, children=children))
    rows += [_record_row(record) for record in changes.described()]
    return rows


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _conflict_group(conflicts: Sequence[Conflict]) -> Row:
    by_record: dict[str, list[Conflict]] = {}
    for conflict in conflicts:
        by_record.setdefault(conflict.record, []).append(conflict)
    records = tuple(
        Row(
            "record",
            CONFLICTS,
            f"?  {record} — {_count(len(items), 'conflict')}",
            conflicts=tuple(items),
            children=tuple(
                Row(
                    "conflict",
                    CONFLICTS,
                    c.field or "The whole record",
                    removal=c.kind == "removed",
                    conflict=c,
                )
                for c in items
            ),
        )
        for record, items in by_record.items()
    )
    title = f"Conflicts — decide each one ({len(conflicts)})"
    return Row("group", CONFLICTS, title, children=records)


def _record_row(record: RecordChange) -> Row:
    sign = _SIGNS[record.kind]
    heading = f"{sign}  {record.what} {record.title} — {record.kind}"
    if record.fields:
        heading += f" ({_count(len(record.fields), 'field')})"
    children = tuple(
        Row(
            "field",
            CHANGES,
            f.label,
            field_value(f),
            removal=f.after == NONE and f.before != NONE,
            record=record,
            field=f,
        )
        for f in record.fields
    )
    return Row(
        "record",
        CHANGES,
        heading,
        removal=record.kind == "removed",
        record=record,
        children=children,
    )


def _haystack(row: Row) -> str:
    parts = [row.text, row.value]
    if row.field is not None:
        parts += [row.field.before, row.field.after]
    if row.conflict is not None:
        parts += [row.conflict.register, row.conflict.workbook]
    return " ".join(parts).casefold()


class ChangeTreeModel(QStandardItemModel):
    """The rows of one plan; a conflict's second column follows the reviewer's choice."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(list(_HEADERS))
        self._conflict_items: dict[str, QStandardItem] = {}

    def set_rows(self, rows: Iterable[Row], taken: Set[str]) -> None:
        self.beginResetModel()
        self.blockSignals(True)
        try:
            self.removeRows(0, self.rowCount())
            self._conflict_items = {}
            for row in rows:
                self._append(self.invisibleRootItem(), row, taken)
        finally:
            self.blockSignals(False)
        self.endResetModel()

    def _append(self, parent: QStandardItem, row: Row, taken: Set[str]) -> None:
        what, value = QStandardItem(row.text), QStandardItem(row.value)
        for item in (what, value):
            item.setEditable(False)
            item.setData(row, ROW_ROLE)
            item.setData(_haystack(row), TEXT_ROLE)
        what.setToolTip(tip(row.text) if len(row.text) > 40 else "")
        colour = _COLOURS.get(row.record.kind if row.record and row.kind == "record" else "")
        if row.kind == "group" or (row.kind == "record" and row.section == CONFLICTS):
            colour = _COLOURS.get(row.section)
        if row.kind == "field" and row.removal:
            colour = _COLOURS["removed"]  # what the import takes out of the register
        if colour:
            what.setForeground(QBrush(QColor(colour)))
        if row.kind in ("group", "record"):
            font = QFont(what.font())
            font.setBold(True)
            what.setFont(font)
        if row.conflict is not None:
            self._conflict_items[row.conflict.id] = value
            self._show_decision(value, row.conflict, row.conflict.id in taken)
        elif row.value:
            value.setToolTip(tip(row.value))
        parent.appendRow([what, value])
        for child in row.children:
            self._append(what, child, taken)

    def set_taken(self, conflict: Conflict, taken: bool) -> None:
        item = self._conflict_items.get(conflict.id)
        if item is not None:
            self._show_decision(item, conflict, taken)

    @staticmethod
    def _show_decision(item: QStandardItem, conflict: Conflict, taken: bool) -> None:
        text = decision(conflict, taken)
        item.setText(text)
        item.setToolTip(tip(text))
        font = QFont(item.font())
        font.setBold(taken)
        item.setFont(font)


class ChangeFilter(QSortFilterProxyModel):
    """Rows whose words (or whose record's words) hold the filter text, in the chosen view."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self._needle = ""
        self._mode = EVERYTHING

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = " ".join(text.split()).casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_mode(self, mode: str) -> None:
        self.beginFilterChange()
        self._mode = mode
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        source = self.sourceModel()
        index = source.index(source_row, 0, source_parent)
        row: Row = index.data(ROW_ROLE)
        if self._mode == ONLY_CONFLICTS and row.section != CONFLICTS:
            return False
        if self._mode == ONLY_REMOVALS and not row.removal:
            return False
        if not self._needle:
            return True
        while index.isValid():  # a record that matches shows all its fields
            if self._needle in index.data(TEXT_ROLE):
                return True
            index = index.parent()
        return False
