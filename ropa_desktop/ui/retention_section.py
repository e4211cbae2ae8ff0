"""The activity editor's Retention section: the activity's rules, one line per data
category as the CNIL's fiche puts them, with Add, Edit and the reference rules.

The rules stay records of their own (services.retention); the buttons open the same
rule form and reference-rule dialog as the retention schedule, for this activity. An
activity not saved yet is saved first, after asking, since a rule names its activity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from ropa_desktop.domain.base import new_key
from ropa_desktop.domain.records import ActivityRec, RetentionRuleRec
from ropa_desktop.services.catalogues import catalogue
from ropa_desktop.services.retention_terms import describe_term
from ropa_desktop.ui import prompts
from ropa_desktop.ui.section_base import Section
from ropa_desktop.ui.table_model import RowTableModel, TableColumn

if TYPE_CHECKING:
    from ropa_desktop.ui.activity_editor import ActivityEditor

_COLUMNS = tuple(
    TableColumn(h, w) for h, w in (("Personal data", 220), ("Kept for", 260), ("Data covered", 0))
)
ALL_DATA = "All data of the activity"
NO_RULE = "No rule yet"


def rule_lines(
    categories: Sequence[str], rules: Sequence[RetentionRuleRec], names: dict[str, str]
) -> list[tuple[tuple[str, str, str], RetentionRuleRec | None, str | None]]:
    """(cells, rule, data category) per line: each category the activity lists, under its
    own rule or the activity's rule for all its data, then rules for categories it does
    not list; a category with no rule says so."""
    own: dict[str, list[RetentionRuleRec]] = {}
    for rule in rules:
        own.setdefault(rule.data_category or "", []).append(rule)
    wide = own.pop("", [])
    out: list[tuple[tuple[str, str, str], RetentionRuleRec | None, str | None]] = []
    for cat in dict.fromkeys(categories):
        name = names.get(cat, cat)
        mine = own.pop(cat, [])
        for rule in mine or wide:
            covered = rule.data_description or ("" if mine else ALL_DATA)
            out.append(((name, describe_term(rule), covered), rule, cat))
        if not (mine or wide):
            out.append(((name, NO_RULE, ""), None, cat))
    for cat, left in own.items():
        for rule in left:
            out.append(
                ((names.get(cat, cat), describe_term(rule), rule.data_description), rule, cat)
            )
    if not categories:
        for rule in wide:
            out.append(((ALL_DATA, describe_term(rule), rule.data_description), rule, None))
    return out


class RetentionSection(Section):
    """This activity's retention rules per data category; Add/Edit open the rule form."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Retention", parent)
        self._editor: ActivityEditor | None = None
        self._lines: list[tuple[tuple[str, str, str], RetentionRuleRec | None, str | None]] = []
        self._rules: list[RetentionRuleRec] = []
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.model = RowTableModel(_COLUMNS, self)
        self.view = QTableView(self)
        self.view.setObjectName("retention_rules")
        self.view.setAccessibleName("Retention rules")
        self.view.setTabKeyNavigation(False)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, column in enumerate(_COLUMNS):
            if column.width:
                self.view.setColumnWidth(i, column.width)
        self.view.setMaximumHeight(170)
        self.view.doubleClicked.connect(self._double_clicked)
        self.add_button = QPushButton("Add retention rule…", self)
        self.edit_button = QPushButton("Edit rule…", self)
        self.library_button = QPushButton("From the reference rules…", self)
        self.add_button.clicked.connect(self.add_rule)
        self.edit_button.clicked.connect(self.edit_rule)
        self.library_button.clicked.connect(self.apply_reference)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.library_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.form.addRow(self.summary)
        self.form.addRow(self.view)
        self.form.addRow(buttons)
        self.error_label("retention", self)
        self.form.addRow(self.error_labels["retention"])
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def attach(self, editor: ActivityEditor) -> None:
        """Work for ``editor``: its activity, its save, its register."""
        self._editor = editor

    # --- showing ------------------------------------------------------------------------

    def show_rules(self, rules: Sequence[RetentionRuleRec], *, saved: bool) -> None:
        self._rules = list(rules)
        categories: list[str] = []
        names: dict[str, str] = {}
        if self._editor is not None:
            categories = [u.category for u in self._editor.record().data_categories if u.category]
            names = {
                c.key: c.name for c in catalogue(self._editor.workspace.register, "data_categories")
            }
        self._lines = rule_lines(categories, self._rules, names)
        self.model.set_rows(
            [cells for cells, _, _ in self._lines],
            keys=[f"{r.key if r else ''}|{c or ''}" for _, r, c in self._lines],
            warn=[r is None for _, r, _ in self._lines],
        )
        if not saved:
            note = "Add its retention rules here: the activity is saved first."
        elif not rules:
            note = "No retention rule yet (Art. 30(1)(f)): add one per data category."
        else:
            note = "How long each category of personal data is kept (Art. 30(1)(f))."
        self.summary.setText(note)
        self.view.setVisible(bool(self._lines))
        self._selection_changed()

    def _selected(self) -> tuple[RetentionRuleRec | None, str | None]:
        rows = self.view.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self._lines):
            _, rule, cat = self._lines[rows[0].row()]
            return rule, cat
        return None, None

    @Slot()
    def _selection_changed(self, *_: object) -> None:
        rule, _ = self._selected()
        self.edit_button.setEnabled(rule is not None)

    # --- actions ------------------------------------------------------------------------

    def _activity(self) -> str | None:
        """The key of the saved activity, saving a new one first if the user agrees."""
        editor = self._editor
        if editor is None:
            return None
        if editor.is_new:
            name = editor.record().name.strip() or "the new activity"
            if not prompts.confirm(
                editor,
                "Save the activity first",
                f"A retention rule belongs to a saved activity. Save “{name}” now?",
                action="Save and go on",
            ):
                return None
            if not editor.save():
                return None
        return editor.current_key() or None

    @Slot()
    def add_rule(self) -> None:
        selected, cat = self._selected()
        key = self._activity()
        if key is None:
            return
        # A line with no rule yet is the category to cover; otherwise the user chooses.
        preset = cat if selected is None else None
        self._open(RetentionRuleRec(key=new_key(), activity=key, data_category=preset))

    @Slot()
    def edit_rule(self) -> None:
        rule, _ = self._selected()
        if rule is not None:
            self._open(rule)

    @Slot(QModelIndex)
    def _double_clicked(self, _index: QModelIndex) -> None:
        rule, _ = self._selected()
        if rule is None:
            self.add_rule()
        else:
            self._open(rule)

    def _open(self, rule: RetentionRuleRec) -> None:
        from ropa_desktop.ui.retention_rule_form import RetentionRuleDialog

        assert self._editor is not None
        dialog = RetentionRuleDialog(self._editor.workspace, rule, self._editor)
        dialog.exec()
        dialog.deleteLater()
        self._editor.refresh_rules()

    @Slot()
    def apply_reference(self) -> None:
        from ropa_desktop.ui.retention_library_dialog import RetentionLibraryDialog

        key = self._activity()
        if key is None:
            return
        assert self._editor is not None
        dialog = RetentionLibraryDialog(self._editor.workspace, self._editor, activity=key)
        dialog.exec()
        dialog.deleteLater()
        self._editor.refresh_rules()

    def load(self, rec: ActivityRec) -> None:
        return None

    def apply_to(self, rec: ActivityRec) -> ActivityRec:
        return rec

    def point_at(self, field: str) -> QWidget | None:
        # A finding about the retention rules leads to their list.
        return self.view if field == "retention" else super().point_at(field)
