"""The activity list: a table model over frozen ActivitySummary rows and a fast proxy.

Speed on 10,000 rows (see bench/bench_activity_list.py): the stock proxy asks
Python ``data()`` for every cell on every keystroke, and sorts by calling
``data()`` per comparison (over a second each). Here each row carries a
precomputed casefolded ``search_text`` and precomputed sort keys: a keystroke is
one list comprehension plus one cheap ``filterAcceptsRow`` per row, and sorting
reorders the source rows in Python with ``list.sort``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from itertools import pairwise
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from ropa_desktop.domain.enums import Status
from ropa_desktop.services.activities import ActivitySummary

COL_REFERENCE, COL_NAME, COL_ROLE, COL_BASES, COL_STATUS, COL_COMPLETE, COL_REVIEW = range(7)
_HEADERS = ("Reference", "Name", "Role", "Legal bases", "Status", "Complete", "Next review")
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_WARN = QBrush(QColor("#a33a00"))
_MUTED = QBrush(QColor("#777777"))

Index = QModelIndex | QPersistentModelIndex


def _sort_key(row: ActivitySummary, column: int) -> Any:
    if column == COL_REFERENCE:
        return row.reference.casefold()
    if column == COL_NAME:
        return row.name.casefold()
    if column == COL_ROLE:
        return row.role.label
    if column == COL_BASES:
        return row.legal_bases
    if column == COL_STATUS:
        return list(Status).index(row.status)
    if column == COL_COMPLETE:
        return row.complete / row.total if row.total else 1.0
    return row.next_review_on or dt.date.max


class ActivityTableModel(QAbstractTableModel):
    """Rows are ActivitySummary snapshots; painting never touches the database."""

    def __init__(self, parent: QObject | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ActivitySummary] = []
        # The texts of each row by key, made when a row is first painted: a load of 10,000
        # rows makes those on screen only.
        self._display: dict[str, tuple[str, ...]] = {}
        self._today = today or dt.date.today()
        # Bumped at every change of the rows, before the signal: what the proxy's cached
        # filter result is checked against (it may hear the signal before it is told).
        self.generation = 0

    # --- content -----------------------------------------------------------------
    def set_rows(self, rows: Sequence[ActivitySummary]) -> None:
        """Replace every row (after a load or a register change)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._display = {}
        self.generation += 1
        self.endResetModel()

    def update_rows(
        self, rows: Sequence[ActivitySummary], *, removed: Collection[str] = ()
    ) -> None:
        """Put each row in place of the one with its key (a new key is added at the end)
        and drop the ``removed`` keys; every other row is left as it is."""
        where = {r.key: i for i, r in enumerate(self._rows)}
        last = len(_HEADERS) - 1
        for row in rows:
            i = where.get(row.key)
            if i is None:
                i = where[row.key] = len(self._rows)
                self.beginInsertRows(QModelIndex(), i, i)
                self._rows.append(row)
                self.generation += 1
                self.endInsertRows()
            else:
                self._rows[i] = row
                self._display.pop(row.key, None)
                self.generation += 1
                self.dataChanged.emit(self.index(i, 0), self.index(i, last))
        for key in removed:
            i = self.row_of(key)
            if i < 0:
                continue
            self.beginRemoveRows(QModelIndex(), i, i)
            del self._rows[i]
            self._display.pop(key, None)
            self.generation += 1
            self.endRemoveRows()

    @staticmethod
    def _texts(r: ActivitySummary) -> tuple[str, ...]:
        review = r.next_review_on.isoformat() if r.next_review_on else ""
        return (r.reference, r.name, r.role.label, r.legal_bases, r.status.label,
                f"{r.complete} / {r.total}", review)  # fmt: skip

    @property
    def rows(self) -> list[ActivitySummary]:
        return self._rows

    def row_of(self, key: str) -> int:
        """Source row of an activity key, or -1."""
        for i, r in enumerate(self._rows):
            if r.key == key:
                return i
        return -1

    def sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        """Reorder rows by a precomputed key, keeping selections (persistent indexes).

        Rows already in that order (the list as read, by reference; a save that did not
        move its row) are left alone: no layout change for the view to redo."""
        if not 0 <= column < len(_HEADERS):
            return
        keys = [(_sort_key(r, column), r.reference) for r in self._rows]
        descending = order == Qt.SortOrder.DescendingOrder
        # A stable sort leaves equal keys as they are, either way round.
        if all(b <= a if descending else a <= b for a, b in pairwise(keys)):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_keys = [(self._rows[i.row()].key, i.column()) for i in old]
        ranks = sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
        self._rows = [self._rows[i] for i in ranks]
        where = {r.key: i for i, r in enumerate(self._rows)}
        self.changePersistentIndexList(old, [self.index(where[k], c) for k, c in old_keys])
        self.generation += 1
        self.layoutChanged.emit()

    # --- Qt model interface ----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        summary = self._rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self._display.get(summary.key)
            if texts is None:
                texts = self._display[summary.key] = self._texts(summary)
            return texts[column]
        if role == KEY_ROLE:
            return summary.key
        if role == SORT_ROLE:
            return _sort_key(summary, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(summary, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_COMPLETE:
            missing = summary.total - summary.complete
            if not missing:
                return "All Art. 30 items recorded"
            return f"{missing} Art. 30 item(s) missing"
        return None

    def _colour(self, summary: ActivitySummary, column: int) -> QBrush | None:
        if summary.status is Status.RETIRED:
            return _MUTED
        if column == COL_COMPLETE and summary.complete < summary.total:
            return _WARN
        if column == COL_REVIEW and summary.next_review_on and summary.next_review_on < self._today:
            return _WARN
        return None


class ActivityFilterProxy(QSortFilterProxyModel):
    """Filter as you type over the precomputed search text, plus a status filter.

    Sorting is delegated to the source model's precomputed keys; this proxy keeps
    no sort column of its own, so a keystroke never triggers a Python-level sort.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._status: Status | None = None
        self._accepted: list[bool] | None = None
        self._generation = -1  # of the source rows ``_accepted`` was computed from

    def setSourceModel(self, model: Any) -> None:
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self._forget)
        model.layoutAboutToBeChanged.connect(self._forget)

    def _forget(self, *args: Any) -> None:
        self._accepted = None

    def set_text(self, text: str) -> None:
        """Filter on every word of ``text`` (name, purposes, categories, reference)."""
        self._text = text.strip().casefold()
        self._refilter()

    def set_status(self, status: Status | None) -> None:
        """Show one status only; None shows every status."""
        self._status = status
        self._refilter()

    def _refilter(self) -> None:
        self.beginFilterChange()
        self._accepted = None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _compute(self) -> list[bool]:
        source: ActivityTableModel = self.sourceModel()  # type: ignore[assignment]
        words = self._text.split()
        status = self._status
        return [
            (status is None or r.status is status) and all(w in r.search_text for w in words)
            for r in source.rows
        ]

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._text and self._status is None:
            return True
        source: ActivityTableModel = self.sourceModel()  # type: ignore[assignment]
        if self._accepted is None or self._generation != source.generation:
            self._accepted, self._generation = self._compute(), source.generation
        return self._accepted[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, ActivityTableModel):
            source.sort_rows(column, order)

    def key_at(self, row: int) -> str:
        return str(self.index(row, 0).data(KEY_ROLE))
