"""Multi-value pickers over a catalogue: tick entries, filter, or add a new one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QListView, QPushButton, QVBoxLayout, QWidget

Index = QModelIndex | QPersistentModelIndex


class CheckListModel(QAbstractListModel):
    """(key, label) entries with a tick each; remembers the order keys were ticked in."""

    toggled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[tuple[str, str, str]] = []  # key, label, tooltip
        self._chosen: list[str] = []

    def set_entries(self, entries: Sequence[tuple[str, str, str]]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._add_unknown()
        self.endResetModel()

    def set_chosen(self, keys: Sequence[str]) -> None:
        """Tick ``keys``; ticked entries move to the top so the choice reads at a glance."""
        self.beginResetModel()
        self._chosen = list(keys)
        self._add_unknown()
        rank = {k: i for i, k in enumerate(self._chosen)}
        self._entries.sort(key=lambda e: (rank.get(e[0], len(rank)), e[1].casefold()))
        self.endResetModel()

    def _add_unknown(self) -> None:
        # A reference the catalogue no longer has stays visible (and ticked) so
        # saving never drops it silently.
        known = {k for k, _, _ in self._entries}
        for key in self._chosen:
            if key not in known:
                self._entries.append((key, f"{key} (not in the catalogue)", ""))

    def chosen(self) -> tuple[str, ...]:
        return tuple(self._chosen)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key, label, tip = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if key in self._chosen else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip or None
        if role == Qt.ItemDataRole.UserRole:
            return key
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        key = self._entries[index.row()][0]
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if checked and key not in self._chosen:
            self._chosen.append(key)
        elif not checked and key in self._chosen:
            self._chosen.remove(key)
        else:
            return False
        self.dataChanged.emit(index, index)
        self.toggled.emit()
        return True


class Picker(QWidget):
    """A filterable tick list with an “Add new…” button (the owner does the adding)."""

    edited = Signal()
    add_requested = Signal()

    def __init__(self, what: str, parent: QWidget, *, rows: int = 6) -> None:
        super().__init__(parent)
        self.model = CheckListModel(self)
        self.model.toggled.connect(self.edited)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(f"Filter {what}…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(f"Filter {what}")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QListView(self)
        self.view.setModel(self.proxy)
        self.view.setAccessibleName(what)
        self.view.setFixedHeight(self.view.fontMetrics().height() * rows + 24)
        self.add_button = QPushButton("Add new…", self)
        self.add_button.setToolTip(f"Add a new entry to the {what} catalogue")
        self.add_button.clicked.connect(self.add_requested)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view)
        # The field's label leads to the filter (type to narrow, Tab to the ticks); the
        # order follows the screen: filter, Add new…, then the list.
        self.setFocusProxy(self.filter)
        QWidget.setTabOrder(self.filter, self.add_button)
        QWidget.setTabOrder(self.add_button, self.view)

    def set_entries(self, entries: Sequence[tuple[str, str, str]]) -> None:
        chosen = self.model.chosen()
        self.model.set_entries(entries)
        self.model.set_chosen(chosen)

    def set_values(self, keys: Sequence[str]) -> None:
        self.model.set_chosen(keys)

    def values(self) -> tuple[str, ...]:
        return self.model.chosen()

    @Slot(str)
    def tick(self, key: str) -> None:
        """Tick one entry (e.g. one just added) as the user would."""
        for row in range(self.model.rowCount()):
            index = self.model.index(row)
            if index.data(Qt.ItemDataRole.UserRole) == key:
                self.model.setData(
                    index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
                )
