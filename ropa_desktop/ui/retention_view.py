"""The retention schedule: what is kept, how long, from which event, then what."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Slot
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.domain.records import RetentionRuleRec
from ropa_desktop.services.interchange import snapshot
from ropa_desktop.services.retention import delete_rule
from ropa_desktop.services.retention_schedule import ScheduleRow, build_schedule
from ropa_desktop.ui import prompts
from ropa_desktop.ui.list_page import ListPage
from ropa_desktop.ui.retention_library_dialog import RetentionLibraryDialog
from ropa_desktop.ui.retention_rule_form import RetentionRuleDialog
from ropa_desktop.ui.table_model import TableColumn
from ropa_desktop.ui.workspace import Workspace


def _blocking(row: ScheduleRow) -> bool:
    return row.rule.duration_value is None and not row.rule.open_ended_term.strip()


def _checks(row: ScheduleRow) -> list[str]:
    """What the schedule asks of the DPO for this rule, in a few words."""
    out = ["No term"] if _blocking(row) else []
    if row.in_conflict:
        out.append("Conflicting periods")
    if row.review_due:
        out.append("Review due")
    if row.rule.to_confirm:
        out.append("To confirm")
    return out


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
        TableColumn("Kept for", 220),
        TableColumn("Starting event", 110),
        TableColumn("At the end", 100),
        TableColumn("Erase by (from today)", 175),
        TableColumn("Checks", 170),
        TableColumn("Legal reference"),
    )

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        # Activities with no rule at all (Art. 30(1)(f)); filled by load_rows.
        self.missing = QLabel(self)
        self.missing.setObjectName("missing_rules")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: #b00020;")
        self.missing.hide()
        self.layout().insertWidget(1, self.missing)
        self.new_button = QPushButton("&New rule…", self)
        self.edit_button = QPushButton("Ed&it rule…", self)
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

    def edit_rule_at(self, field: str, message: str) -> None:
        """Edit the selected rule at the field a finding concerns (its message under it)."""
        rule = self._rule()
        if rule is not None:
            self._edit(rule, (field, message))

    @Slot(QModelIndex)
    def _double_clicked(self, _index: QModelIndex) -> None:
        self.edit_rule()

    def _edit(self, rule: RetentionRuleRec | None, finding: tuple[str, str] | None = None) -> None:
        dialog = RetentionRuleDialog(self.workspace, rule, self)
        if finding is not None:
            dialog.show_finding(*finding)
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
        doc = snapshot(self.workspace.register)
        cats = {c.key: c for c in doc.catalogues.get("data_categories", [])}
        schedule = build_schedule(doc.retention_rules, doc.activities, cats, today=dt.date.today())
        self._names = {a.key: f"{a.reference} {a.name}" for a in doc.activities}
        self._cats = {k: c.name for k, c in cats.items()}
        self._rows = {row.rule.key: row for row in schedule.rows}
        self._by_key = {key: row.rule for key, row in self._rows.items()}
        self.model.set_rows(
            [
                (
                    self._names.get(row.rule.activity or "", "All activities"),
                    row.rule.data_description or row.category_name,
                    term(row.rule),
                    row.rule.trigger.label if row.rule.trigger else "",
                    row.rule.end_of_life_action.label if row.rule.end_of_life_action else "",
                    row.example.erase_on.isoformat() if row.example.erase_on else "—",
                    ", ".join(_checks(row)),
                    row.rule.legal_reference.replace("\n", " "),
                )
                for row in schedule.rows
            ],
            keys=[row.rule.key for row in schedule.rows],
            warn=[_blocking(row) for row in schedule.rows],
        )
        missing = [f"{a.reference} {a.name}" for a in schedule.missing]
        self.missing.setText(
            f"No retention rule yet for {len(missing)} "
            f"{'activity' if len(missing) == 1 else 'activities'}: {', '.join(missing)}."
            if missing
            else ""
        )
        self.missing.setVisible(bool(missing))

    def describe(self, key: object) -> str:
        rule: RetentionRuleRec | None = getattr(self, "_by_key", {}).get(key)
        if rule is None:
            return ""
        lines = [
            f"Activity: {self._names.get(rule.activity or '', 'all activities')}",
            f"Data: {rule.data_description or self._cats.get(rule.data_category or '', '—')}",
            f"Kept for: {term(rule)}",
            f"Starting event: {rule.trigger.label if rule.trigger else 'not given'}",
            "At the end of the period: "
            + (rule.end_of_life_action.label if rule.end_of_life_action else "not given"),
            f"Legal reference: {rule.legal_reference or '—'}",
            f"Owner: {rule.owner or 'not given'}",
            "Review cycle: "
            + (
                f"every {rule.review_cycle_months} months"
                if rule.review_cycle_months
                else "not set"
            )
            + f"; last reviewed {rule.last_reviewed_on or 'never'}",
            f"Source: {rule.source_reference or '—'}",
        ]
        row = self._rows.get(rule.key)
        if row is not None:
            if row.example.erase_on is not None:
                lines.append(
                    f"If it started today ({row.example.trigger_date}), erase by "
                    f"{row.example.erase_on}."
                )
            elif row.example.reason:
                lines.append(row.example.reason)
            checks = _checks(row)
            if checks:
                lines.append("Checks: " + ", ".join(checks))
        return "\n".join(lines)
