"""Editable tables for the repeated parts of an activity (purposes, transfers, ...).

Rows are frozen dataclass records; an edit replaces the row with
``dataclasses.replace`` so the editor always holds plain values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ropa_desktop.ui.section_base import ERROR_STYLE

Index = QModelIndex | QPersistentModelIndex
Choices = Callable[[], Sequence[tuple[Any, str]]]
_ERROR_BG = QBrush(QColor("#fde7ea"))


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    choices: Choices | None = None  # (value, label) pairs; None value means "not set"
    check: bool = False
    width: int = 0


class RowsModel(QAbstractTableModel):
    """An editable list of records of one type."""

    edited = Signal()

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[Any] = []
        self._errors: dict[tuple[int, str], str] = {}

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._errors = {}
        self.endResetModel()

    def rows(self) -> tuple[Any, ...]:
        return tuple(self._rows)

    def insert(self, row: Any) -> int:
        at = len(self._rows)
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.append(row)
        self.endInsertRows()
        self.edited.emit()
        return at

    def remove(self, at: int) -> None:
        self.beginRemoveRows(QModelIndex(), at, at)
        del self._rows[at]
        self.endRemoveRows()
        self.edited.emit()

    def set_errors(self, errors: dict[tuple[int, str], str]) -> None:
        """Mark cells (0-based row, field) in error; the message becomes the tooltip."""
        self._errors = errors
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1)
            )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].check:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        value = getattr(self._rows[index.row()], column.field)
        error = self._errors.get((index.row(), column.field))
        if role == Qt.ItemDataRole.CheckStateRole and column.check:
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole and not column.check:
            if column.choices is not None:
                return dict(column.choices()).get(value, "" if value is None else str(value))
            return value
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.BackgroundRole and error:
            return _ERROR_BG
        if role == Qt.ItemDataRole.ToolTipRole:
            return error or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and column.check:
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        row = self._rows[index.row()]
        if getattr(row, column.field) == value:
            return False
        self._rows[index.row()] = dataclasses.replace(row, **{column.field: value})
        self._errors.pop((index.row(), column.field), None)
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box over a column's (value, label) choices."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model: RowsModel = index.model()  # type: ignore[assignment]
        column = model.columns[index.column()]
        if column.choices is None:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        for _value, label in column.choices():
            combo.addItem(label)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        column = index.model().columns[index.column()]  # type: ignore[attr-defined]
        if column.choices is None or not isinstance(editor, QComboBox):
            super().setEditorData(editor, index)
            return
        values = [v for v, _ in column.choices()]
        current = index.data(Qt.ItemDataRole.EditRole)
        editor.setCurrentIndex(values.index(current) if current in values else 0)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        column = model.columns[index.column()]
        if column.choices is None or not isinstance(editor, QComboBox):
            super().setModelData(editor, model, index)
            return
        choices = list(column.choices())
        if 0 <= editor.currentIndex() < len(choices):
            model.setData(index, choices[editor.currentIndex()][0])


class RowsEditor(QWidget):
    """A table of records with Add and Remove buttons and an error line underneath."""

    edited = Signal()

    def __init__(
        self, columns: Sequence[Column], new_row: Callable[[], Any], what: str, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._new_row = new_row
        self.model = RowsModel(columns, self)
        self.model.edited.connect(self.edited)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(ChoiceDelegate(self.view))
        # Tab leaves the table (arrows move between cells, F2 or typing edits), so a
        # keyboard user is never trapped inside a grid.
        self.view.setTabKeyNavigation(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.setWordWrap(True)
        self.view.setAccessibleName(what)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for i, column in enumerate(columns):
            if column.width:
                header.resizeSection(i, column.width)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 12)
        self.add_button = QPushButton(f"Add {what}", self)
        self.remove_button = QPushButton("Remove", self)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.errors = QLabel(self)
        self.errors.setStyleSheet(ERROR_STYLE)
        self.errors.setWordWrap(True)
        self.errors.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        layout.addWidget(self.errors)
        self._fit()
        self.model.rowsInserted.connect(self._fit)
        self.model.rowsRemoved.connect(self._fit)
        self.model.modelReset.connect(self._fit)

    @Slot()
    def _fit(self) -> None:
        # Show every row without an inner scroll bar (the editor scrolls as a whole).
        self.view.resizeRowsToContents()
        height = self.view.horizontalHeader().sizeHint().height() + 24
        height += sum(self.view.rowHeight(r) for r in range(self.model.rowCount()))
        if not self.model.rowCount():
            height += self.view.verticalHeader().defaultSectionSize()
        self.view.setFixedHeight(min(height, 420))

    @Slot()
    def add_row(self) -> None:
        at = self.model.insert(self._new_row())
        index = self.model.index(at, 0)
        self.view.setCurrentIndex(index)
        self.view.setFocus()
        self.view.edit(index)

    @Slot()
    def remove_row(self) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()}, reverse=True)
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        for row in rows:
            self.model.remove(row)

    def commit_pending(self) -> None:
        """Write a cell being typed into back to the model (before a save or a reload)."""
        focus = QApplication.focusWidget()
        if focus is not None and focus is not self.view and self.view.isAncestorOf(focus):
            self.view.commitData(focus)
            self.view.closeEditor(focus, QAbstractItemDelegate.EndEditHint.NoHint)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.commit_pending()
        self.model.set_rows(rows)

    def rows(self) -> tuple[Any, ...]:
        return self.model.rows()

    def show_errors(self, lines: list[str], cells: dict[tuple[int, str], str]) -> None:
        self.model.set_errors(cells)
        self.errors.setText("\n".join(lines))
        self.errors.setVisible(bool(lines))
