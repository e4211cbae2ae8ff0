"""Pick a reference retention rule and apply it to an activity in one step."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.domain.records import RetentionRuleRec
from ropa_desktop.services.retention_library import (
    ReferenceRule,
    RetentionLibrary,
    apply_reference_rule,
    load_library,
    to_rule,
)
from ropa_desktop.services.retention_terms import describe_term
from ropa_desktop.ui.retention_rule_form import TO_CONFIRM_STYLE, register_choices
from ropa_desktop.ui.section_base import ERROR_STYLE
from ropa_desktop.ui.table_keys import KeyboardSort
from ropa_desktop.ui.table_model import KEY_ROLE, RowTableModel, TableColumn
from ropa_desktop.ui.workspace import Workspace

COLUMNS = (
    TableColumn("Reference rule", 330),
    TableColumn("Kept for", 270),
    TableColumn("Counted from", 230),
    TableColumn("Checked in"),
)
_CHECKED = {"primary": "the legal text", "secondary": "summaries only"}


def _term(entry: ReferenceRule) -> str:
    return describe_term(to_rule(entry, key="preview", activity="preview"))


class RetentionLibraryDialog(QDialog):
    """The library as a filterable table; Apply creates the rule, marked to confirm."""

    rule_applied = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        library: RetentionLibrary | None = None,
        activity: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.applied: RetentionRuleRec | None = None
        self.setWindowTitle("Apply a reference retention rule")
        self.library = library or load_library()
        banner = QLabel(
            f"<b>{html.escape(self.library.rules[0].label if self.library.rules else '')}.</b> "
            f"{html.escape(self.library.disclaimer)} "
            f"Sources consulted on {html.escape(self.library.checked_on)}.",
            self,
        )
        banner.setObjectName("disclaimer")
        banner.setWordWrap(True)
        banner.setStyleSheet(f"{TO_CONFIRM_STYLE} font-weight: normal;")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter reference rules…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter reference rules")
        self.model = RowTableModel(COLUMNS, self)
        self.model.set_rows(
            [
                (e.title, _term(e), e.counted_from or "—", _CHECKED.get(e.verification, ""))
                for e in self.library.rules
            ],
            keys=[e.key for e in self.library.rules],
            warn=[e.verification != "primary" for e in self.library.rules],
        )
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = self._table()
        self.detail = QTextBrowser(self)
        self.detail.setOpenExternalLinks(True)
        self.detail.setAccessibleName("Reference rule details")
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.activity = QComboBox(self)
        self.activity.addItem("— choose an activity —", "")
        self.category = QComboBox(self)
        self.category.addItem("— all data of the activity —", "")
        acts, cats = register_choices(workspace)
        self._fill(self.activity, acts)
        self._fill(self.category, cats)
        self.activity.setCurrentIndex(max(0, self.activity.findData(activity or "")))
        choose = QFormLayout()
        choose.addRow("Apply to &activity", self.activity)
        choose.addRow("Only for data &category", self.category)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.apply_button = QPushButton("A&pply to the activity", self)
        self.apply_button.setDefault(True)
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(banner)
        layout.addWidget(self.filter)
        layout.addWidget(splitter, 1)
        layout.addLayout(choose)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.activity.currentIndexChanged.connect(self._update_state)
        self.resize(1040, 700)
        self._update_state()

    def _table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        self.keyboard_sort = KeyboardSort(table)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        table.setAccessibleName("Reference rules")
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, column in enumerate(COLUMNS):
            if column.width:
                header.resizeSection(i, column.width)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        return table

    @staticmethod
    def _fill(combo: QComboBox, entries: Sequence[tuple[str, str]]) -> None:
        for key, label in entries:
            combo.addItem(label, key)

    def selected(self) -> ReferenceRule | None:
        rows = self.table.selectionModel().selectedRows()
        return self.library.get(rows[0].data(KEY_ROLE)) if rows else None

    def select(self, key: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(KEY_ROLE) == key:
                self.table.selectRow(row)
                return

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, *_: object) -> None:
        entry = self.selected()
        self.detail.setHtml(self._describe(entry) if entry else "")
        self._update_state()

    @Slot()
    def _update_state(self) -> None:
        self.apply_button.setEnabled(
            self.selected() is not None and bool(self.activity.currentData())
        )

    @staticmethod
    def _describe(entry: ReferenceRule) -> str:
        e = html.escape
        sources = "".join(
            f"<li><a href='{e(s.url, quote=True)}'>{e(s.title)}</a></li>" for s in entry.sources
        )
        counted = (
            f"<p><b>Counted from:</b> {e(entry.counted_from)}</p>" if entry.counted_from else ""
        )
        note = f"<p><b>Note:</b> {e(entry.note)}</p>" if entry.note else ""
        checked = _CHECKED.get(entry.verification, entry.verification)
        return (
            f"<h3>{e(entry.title)}</h3>"
            f"<p style='color:#8a5300'><b>{e(entry.label)}.</b></p>"
            f"<p><b>Data:</b> {e(entry.data_description)}</p>"
            f"<p><b>Kept for:</b> {e(_term(entry))}</p>{counted}"
            f"<p><b>Legal reference:</b> {e(entry.legal_reference)}</p>{note}"
            f"<p><b>Sources</b> (figure checked in {e(checked)}):</p><ul>{sources}</ul>"
        )

    @Slot()
    def apply(self) -> None:
        """Create the rule through the services; errors stay in the dialog, nothing lost."""
        entry = self.selected()
        activity = self.activity.currentData()
        if entry is None or not activity:
            self._show_error("Choose a reference rule and the activity to apply it to.")
            return
        try:
            self.applied = apply_reference_rule(
                self.workspace.register,
                entry_key=entry.key,
                activity=activity,
                data_category=self.category.currentData() or None,
                library=self.library,
            )
        except RopaError as exc:
            self._show_error(str(exc))
            return
        self.workspace.notify_changed()
        self.rule_applied.emit(self.applied.key)
        self.accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
