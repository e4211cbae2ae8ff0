"""A read-only table model over tuples of display values, for the smaller lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
_WARN = QBrush(QColor("#b00020"))  # blocking: the same red as error messages


@dataclass(frozen=True)
class TableColumn:
    header: str
    width: int = 0


class RowTableModel(QAbstractTableModel):
    """Rows are tuples of strings computed once; ``keys`` and ``warn`` run alongside.

    ``set_rows(rows, keys=..., warn=...)``: ``keys[i]`` is returned for KEY_ROLE,
    ``warn[i]`` paints the row in the warning colour.
    """

    def __init__(self, columns: Sequence[TableColumn], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.rows: list[tuple[str, ...]] = []
        self._keys: list[Any] = []
        self._warn: list[bool] = []

    def set_rows(
        self,
        rows: Sequence[tuple[str, ...]],
        *,
        keys: Sequence[Any] | None = None,
        warn: Sequence[bool] | None = None,
    ) -> None:
        self.beginResetModel()
        self.rows = [tuple(r) for r in rows]
        self._keys = list(keys) if keys is not None else [None] * len(self.rows)
        self._warn = list(warn) if warn is not None else [False] * len(self.rows)
        self.endResetModel()

    def key(self, row: int) -> Any:
        return self._keys[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.rows[index.row()][index.column()]
            return text if len(text) > 40 else None
        if role == KEY_ROLE:
            return self._keys[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and self._warn[index.row()]:
            return _WARN
        return None
