"""A page with a filter line, a sortable table (model + proxy) and a detail pane.

Pages refresh themselves from the services on ``register_changed``; a page that
is not visible only marks itself stale and refreshes when shown, so a save does
not re-read every list of a big register at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelection, QModelIndex, QSortFilterProxyModel, Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ropa_desktop.ui.table_keys import KeyboardSort
from ropa_desktop.ui.table_model import KEY_ROLE, RowTableModel, TableColumn
from ropa_desktop.ui.workspace import Workspace


class ListPage(QWidget):
    """Subclasses implement ``load_rows`` and ``describe``."""

    COLUMNS: tuple[TableColumn, ...] = ()
    # The order a page opens in: (column, order); most lists read top-down from A.
    SORT = (0, Qt.SortOrder.AscendingOrder)
    STRETCH: int | None = None  # the column a wide window widens; None: the last one
    TITLE = ""
    INTRO = ""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._stale = True
        self.model = RowTableModel(self.COLUMNS, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.title = QLabel(
            f"<b>{self.TITLE}</b> — {self.INTRO}" if self.INTRO else self.TITLE, self
        )
        self.title.setWordWrap(True)
        self.count = QLabel(self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(f"Filter {self.TITLE}")
        self.filter.textChanged.connect(self._filter_changed)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.keyboard_sort = KeyboardSort(self.table)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(self.TITLE)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The header's default indicator is descending; each page says its own order.
        self.table.sortByColumn(*self.SORT)
        for i, column in enumerate(self.COLUMNS):
            if column.width:
                header.resizeSection(i, column.width)
        if self.STRETCH is not None:
            header.setStretchLastSection(False)
            header.setSectionResizeMode(self.STRETCH, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setTabChangesFocus(True)
        self.detail.setPlaceholderText("Select a row to see its details.")
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.tools = QHBoxLayout()
        self.tools.addWidget(self.filter, 1)
        self.tools.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.tools)
        layout.addWidget(self.splitter, 1)
        workspace.register_changed.connect(self._register_changed)

    def load_rows(self) -> None:
        """Read from the services and call ``self.model.set_rows``."""
        raise NotImplementedError

    def describe(self, key: object) -> str:
        """Plain-text details of one row for the detail pane."""
        return ""

    @Slot()
    def refresh(self) -> None:
        self._stale = False
        selected = self.selected_key()
        self.load_rows()
        self._update_count()
        if selected is not None:
            self.select_key(selected)
        elif self.proxy.rowCount():
            self.table.selectRow(0)

    @Slot()
    def _register_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    @Slot(str)
    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{total} rows" if shown == total else f"{shown} of {total} rows")

    def selected_key(self) -> object | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(KEY_ROLE) if rows else None

    def select_key(self, key: object) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(KEY_ROLE) == key:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, *_: object) -> None:
        key = self.selected_key()
        self.detail.setPlainText(self.describe(key) if key is not None else "")

    def visible_rows(self) -> list[tuple[str, ...]]:
        """The rows as the table shows them (filtered and sorted)."""
        return [
            tuple(self.proxy.index(r, c).data() for c in range(self.proxy.columnCount()))
            for r in range(self.proxy.rowCount())
        ]


def join(values: Sequence[str]) -> str:
    return ", ".join(v for v in values if v)


def index_key(index: QModelIndex) -> object:
    return index.data(KEY_ROLE)
