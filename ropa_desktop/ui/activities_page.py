"""The Activities page: the filterable list on the left, the editor on the right."""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ropa_desktop.domain.enums import Status
from ropa_desktop.services.activities import ActivitySummary, activity_summaries
from ropa_desktop.services.organisation import controller_gap
from ropa_desktop.ui.activity_actions import (
    APPROVE,
    DELETE,
    RETIRE,
    next_reference,
    run_activity_action,
    run_bulk_action,
)
from ropa_desktop.ui.activity_editor import ActivityEditor
from ropa_desktop.ui.activity_model import (
    COL_BASES,
    COL_COMPLETE,
    COL_NAME,
    COL_REFERENCE,
    COL_ROLE,
    COL_STATUS,
    KEY_ROLE,
    ActivityFilterProxy,
    ActivityTableModel,
)
from ropa_desktop.ui.table_keys import KeyboardSort
from ropa_desktop.ui.workers import JobCancelled
from ropa_desktop.ui.workspace import Workspace

# Past this many changed activities (an import) the whole list is read again: one query
# of every row costs less than reading many rows by key.
_ROWS_READ_ALONE = 200

_WIDTHS = {
    COL_REFERENCE: 80,
    COL_NAME: 200,
    COL_ROLE: 76,
    COL_BASES: 130,
    COL_STATUS: 76,
    COL_COMPLETE: 66,
}


class ActivitiesPage(QWidget):
    selection_counted = Signal(int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.model = ActivityTableModel(self)
        self.proxy = ActivityFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(
            "Find by name, purpose, data, processor or recipient (Ctrl+F)"
        )
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find activities")
        self.search.textChanged.connect(self._search_changed)
        self.status = QComboBox(self)
        self.status.addItem("Every status", "")
        for member in Status:
            self.status.addItem(member.label, member.value)
        self.status.setAccessibleName("Status filter")
        self.status.currentIndexChanged.connect(self._status_changed)
        self.count = QLabel(self)
        # What every activity lacks because the controller's details do (Art. 30(1)(a)):
        # the completeness column counts an activity's own requirements only.
        self.controller_gap = QLabel(self)
        self.controller_gap.setWordWrap(True)
        self.controller_gap.setObjectName("controllerGap")
        self.controller_gap.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.controller_gap.hide()
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.keyboard_sort = KeyboardSort(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName("Processing activities")
        # Fixed row heights: the view never measures 10,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        for column, width in _WIDTHS.items():
            header.resizeSection(column, width)
        # The name takes the room a wide window gives, not the often empty Next review.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(COL_REFERENCE, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.editor = ActivityEditor(workspace, self)
        self.editor.duplicated.connect(self.select_key)
        self.editor.saved.connect(self.select_key)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(filters)
        column.addWidget(self.controller_gap)
        column.addWidget(self.table, 1)
        column.addWidget(self.count)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([640, 760])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self._following = True
        workspace.register_changed.connect(self._register_changed)

    def set_summaries(self, rows: list[ActivitySummary]) -> None:
        """Show rows read elsewhere (e.g. on a worker thread while opening)."""
        self._following = False
        try:
            self.model.set_rows(rows)
            order = self.table.horizontalHeader().sortIndicatorOrder()
            self.model.sort_rows(self.table.horizontalHeader().sortIndicatorSection(), order)
        finally:
            self._following = True
        self._update_count()
        self._update_controller_gap()
        self.follow_editor()

    def _update_controller_gap(self) -> None:
        gap = controller_gap(self.workspace.register)
        self.controller_gap.setText(gap)
        self.controller_gap.setVisible(bool(gap))

    @Slot()
    def refresh(self) -> None:
        """Re-read the list on a worker (a big register takes a moment)."""
        register = self.workspace.register
        try:
            rows = self.workspace.runner.run(
                self, "Reading the activities…", lambda: activity_summaries(register)
            )
        except JobCancelled:
            return
        self.set_summaries(rows)

    @Slot()
    def _register_changed(self) -> None:
        self._update_controller_gap()
        keys = self.workspace.changed_activities
        if keys is None or len(keys) > _ROWS_READ_ALONE:
            self.refresh()
        elif keys:
            self.refresh_rows(keys)

    def refresh_rows(self, keys: Collection[str]) -> None:
        """Read again the rows of these activities only (after a save): one small query,
        the other rows left as they are; a key no longer in the register leaves the list."""
        rows = activity_summaries(self.workspace.register, keys=keys)
        self.model.update_rows(rows, removed=set(keys) - {r.key for r in rows})
        header = self.table.horizontalHeader()
        self.model.sort_rows(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._update_count()
        self.follow_editor()

    def current_key(self) -> str:
        index = self.table.currentIndex()
        return str(index.data(KEY_ROLE)) if index.isValid() else ""

    def selected_keys(self) -> list[str]:
        return [str(i.data(KEY_ROLE)) for i in self.table.selectionModel().selectedRows()]

    def _index_of(self, key: str) -> QModelIndex:
        row = self.model.row_of(key) if key else -1
        return self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()

    @Slot()
    def follow_editor(self) -> None:
        """The list highlights the record on screen, and only it: the editor's activity
        when the list shows it, nothing for a new record or one the filter hides."""
        index = self._index_of(self.editor.current_key())
        self._following = False
        try:
            if index.isValid():
                self.table.setCurrentIndex(index)
                self.table.selectRow(index.row())
                self.table.scrollTo(index)
            else:
                self.table.selectionModel().clear()
        finally:
            self._following = True

    @Slot(str)
    def select_key(self, key: str) -> None:
        """Show an activity (the guard is already handled) and highlight it."""
        if not self._index_of(key).isValid():
            return
        if self.editor.current_key() != key and not self.editor.is_dirty:
            self.editor.open_activity(key)
        self.follow_editor()

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not self._following or not current.isValid():
            return
        key = str(current.data(KEY_ROLE))
        if key == self.editor.current_key():
            return
        if not self.editor.maybe_leave():
            # Stay on the activity being edited: its edits are still on screen. Once more
            # after the click that brought us here has finished selecting its row.
            self.follow_editor()
            QTimer.singleShot(0, self.follow_editor)
            return
        self.editor.open_activity(key)

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, *_: object) -> None:
        self.selection_counted.emit(len(self.table.selectionModel().selectedRows()))

    @Slot(str)
    def _search_changed(self, text: str) -> None:
        self._filter(lambda: self.proxy.set_text(text))

    @Slot()
    def _status_changed(self) -> None:
        value = self.status.currentData()
        self._filter(lambda: self.proxy.set_status(Status(value) if value else None))

    def _filter(self, change: Callable[[], None]) -> None:
        # Filtering only changes what the list shows: the row that moves under the cursor
        # is not a request to open it, so no guard and nothing discarded.
        self._following = False
        try:
            change()
        finally:
            self._following = True
        self._update_count()
        self.follow_editor()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(
            f"{total} activities" if shown == total else f"{shown} of {total} activities shown"
        )

    def new_activity(self) -> None:
        if not self.editor.maybe_leave():
            return
        self.editor.start_new(next_reference([r.reference for r in self.model.rows]))
        self.follow_editor()

    def run_action(self, action: str) -> None:
        keys = self.selected_keys()
        if action in (APPROVE, RETIRE, DELETE) and len(keys) > 1:
            run_bulk_action(self.editor, action, keys)
        else:
            run_activity_action(self.editor, action)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
