"""The retention schedule: what is kept, how long, from which event, then what."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Slot
from PySide6.QtWidgets import QPushButton, QWidget

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.domain.records import RetentionRuleRec
from ropa_desktop.services.activities import activity_summaries
from ropa_desktop.services.catalogues import catalogue
from ropa_desktop.services.retention import delete_rule, list_rules
from ropa_desktop.ui import prompts
from ropa_desktop.ui.list_page import ListPage
from ropa_desktop.ui.retention_library_dialog import RetentionLibraryDialog
from ropa_desktop.ui.retention_rule_form import RetentionRuleDialog
from ropa_desktop.ui.table_model import TableColumn
from ropa_desktop.ui.workspace import Workspace


def term(rule: RetentionRuleRec) -> str:
    if rule.duration_value is not None and rule.duration_unit is not None:
        return f"{rule.duration_value} {rule.duration_unit.label}"
    return rule.open_ended_term or "not given"


class RetentionView(ListPage):
    TITLE = "Retention schedule"
    INTRO = "time limits for erasure (Art. 30(1)(f)), one rule per kind of data"
    COLUMNS = (
        TableColumn("Activity", 200),
        TableColumn("Data", 220),
        TableColumn("Kept for", 300),
        TableColumn("From", 120),
        TableColumn("Then", 120),
        TableColumn("Legal reference"),
    )

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.new_button = QPushButton("&New rule…", self)
        self.edit_button = QPushButton("&Edit rule…", self)
        self.library_button = QPushButton("Apply a &reference rule…", self)
        self.delete_button = QPushButton("&Delete rule…", self)
        self.new_button.clicked.connect(self.new_rule)
        self.edit_button.clicked.connect(self.edit_rule)
        self.library_button.clicked.connect(self.apply_reference)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.doubleClicked.connect(self._double_clicked)
        for button in (self.new_button, self.edit_button, self.library_button, self.delete_button):
            self.tools.addWidget(button)

    def _rule(self) -> RetentionRuleRec | None:
        key = self.selected_key()
        rule: RetentionRuleRec | None = getattr(self, "_by_key", {}).get(key)
        return rule

    @Slot()
    def new_rule(self) -> None:
        self._edit(None)

    @Slot()
    def edit_rule(self) -> None:
        rule = self._rule()
        if rule is None:
            prompts.inform(self, "Edit a rule", "Select a rule in the schedule first.")
            return
        self._edit(rule)

    @Slot(QModelIndex)
    def _double_clicked(self, _index: QModelIndex) -> None:
        self.edit_rule()

    def _edit(self, rule: RetentionRuleRec | None) -> None:
        dialog = RetentionRuleDialog(self.workspace, rule, self)
        if dialog.exec() == RetentionRuleDialog.DialogCode.Accepted and dialog.saved:
            self.refresh()
            self.select_key(dialog.saved.key)
        dialog.deleteLater()

    @Slot()
    def apply_reference(self) -> None:
        rule = self._rule()
        dialog = RetentionLibraryDialog(
            self.workspace, self, activity=rule.activity if rule is not None else None
        )
        if dialog.exec() == RetentionLibraryDialog.DialogCode.Accepted and dialog.applied:
            self.refresh()
            self.select_key(dialog.applied.key)
        dialog.deleteLater()

    @Slot()
    def delete_selected(self) -> None:
        rule = self._rule()
        if rule is None:
            prompts.inform(self, "Delete a rule", "Select a rule in the schedule first.")
            return
        what = rule.data_description or self._cats.get(rule.data_category or "", "this data")
        if not prompts.confirm(
            self,
            "Delete the retention rule",
            f"Delete the rule for “{what}”? The audit log keeps a record of it.",
            action="Delete",
        ):
            return
        try:
            delete_rule(self.workspace.register, key=rule.key, version=rule.version)
        except RopaError as exc:
            prompts.warn(self, "Not deleted", str(exc))
            return
        self.workspace.notify_changed()

    def load_rows(self) -> None:
        register = self.workspace.register
        names = {s.key: f"{s.reference} {s.name}" for s in activity_summaries(register)}
        cats = {c.key: c.name for c in catalogue(register, "data_categories")}
        self._by_key = {r.key: r for r in list_rules(register)}
        rules = sorted(self._by_key.values(), key=lambda r: names.get(r.activity or "", "~"))
        self._names, self._cats = names, cats
        self.model.set_rows(
            [
                (
                    names.get(r.activity or "", "All activities"),
                    r.data_description or cats.get(r.data_category or "", ""),
                    term(r),
                    r.trigger.label if r.trigger else "",
                    r.end_of_life_action.label if r.end_of_life_action else "",
                    r.legal_reference.replace("\n", " "),
                )
                for r in rules
            ],
            keys=[r.key for r in rules],
            warn=[r.duration_value is None and not r.open_ended_term.strip() for r in rules],
        )

    def describe(self, key: object) -> str:
        rule: RetentionRuleRec | None = getattr(self, "_by_key", {}).get(key)
        if rule is None:
            return ""
        lines = [
            f"Activity: {self._names.get(rule.activity or '', 'all activities')}",
            f"Data: {rule.data_description or self._cats.get(rule.data_category or '', '—')}",
            f"Kept for: {term(rule)}"
            + (f" from {rule.trigger.label.lower()}" if rule.trigger else ""),
            f"Then: {rule.end_of_life_action.label if rule.end_of_life_action else 'not given'}",
            f"Legal reference: {rule.legal_reference or '—'}",
            f"Owner: {rule.owner or '—'}",
            f"Review every: {rule.review_cycle_months or '—'} months; last reviewed {rule.last_reviewed_on or '—'}",
            f"Source: {rule.source_reference or '—'}",
        ]
        return "\n".join(lines)
