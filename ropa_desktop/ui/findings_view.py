"""Findings an auditor would flag, by severity; an activity finding opens the activity."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from ropa_desktop.services.checks import BLOCKING, Finding, field_label
from ropa_desktop.services.context import register_findings
from ropa_desktop.ui.list_page import ListPage
from ropa_desktop.ui.table_model import KEY_ROLE, TableColumn
from ropa_desktop.ui.workspace import Workspace

_ENTITY = {
    "activity": "Activity",
    "processor": "Processor",
    "organisation": "Organisation",
    "retention_rule": "Retention rule",
    "breach": "Breach",
    "rights_request": "Rights request",
}


class FindingsView(ListPage):
    finding_requested = Signal(object)  # the Finding whose record and field to show

    TITLE = "Findings"
    INTRO = "what an auditor would flag; blocking findings keep an activity from approval"
    COLUMNS = (
        TableColumn("Severity", 90),
        TableColumn("Kind", 110),
        TableColumn("Record", 260),
        TableColumn("Finding"),
    )

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.severity = QComboBox(self)
        self.severity.addItem("All severities", "")
        self.severity.addItem("Blocking only", BLOCKING)
        self.severity.addItem("Warnings only", "warning")
        self.severity.setAccessibleName("Severity filter")
        self.severity.currentIndexChanged.connect(self.refresh)
        self.tools.insertWidget(1, self.severity)
        # A register seeded from a policy carries many "to confirm" marks; hiding them
        # leaves the gaps and risks to triage first.
        self.hide_marks = QCheckBox("Hide fields to &confirm", self)
        self.hide_marks.toggled.connect(self.refresh)
        self.tools.insertWidget(2, self.hide_marks)
        self.table.activated.connect(self._activated)
        self.detail.setPlaceholderText(
            "Press Enter or double-click a finding to open its record at the field concerned."
        )

    def load_rows(self) -> None:
        wanted = self.severity.currentData()
        found = register_findings(self.workspace.register)
        self.blocking = sum(f.severity == BLOCKING for f in found)
        self.warnings = len(found) - self.blocking
        shown = [
            f
            for f in found
            if (not wanted or f.severity == wanted)
            and not (self.hide_marks.isChecked() and f.code == "to_confirm")
        ]
        order = {BLOCKING: 0}
        shown.sort(key=lambda f: (order.get(f.severity, 1), f.entity_type, f.entity_label))
        self._findings = shown
        self.model.set_rows(
            [
                (f.severity.capitalize(), _ENTITY.get(f.entity_type, f.entity_type),
                 f.entity_label or f.entity_key, f.message)
                for f in shown
            ],
            keys=list(range(len(shown))),
            warn=[f.severity == BLOCKING for f in shown],
        )  # fmt: skip
        self.title.setText(
            f"<b>{self.TITLE}</b> — {self.INTRO}: <b>{self.blocking} blocking</b>, "
            f"{self.warnings} warnings."
        )

    def finding(self, key: object) -> Finding | None:
        if isinstance(key, int) and 0 <= key < len(self._findings):
            return self._findings[key]
        return None

    def describe(self, key: object) -> str:
        f = self.finding(key)
        if f is None:
            return ""
        kind = _ENTITY.get(f.entity_type, f.entity_type)
        return f"{f.message}\n\n{kind}: {f.entity_label}\nField: {field_label(f.field)}"

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        f = self.finding(self.proxy.index(index.row(), 0).data(KEY_ROLE))
        if f is not None:
            self.finding_requested.emit(f)
