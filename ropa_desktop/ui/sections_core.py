"""Editor sections with single fields: identity and role, measures, DPIA, processor role."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QSpinBox, QWidget

from ropa_desktop.domain.enums import DpiaCriterion, Role, Status
from ropa_desktop.domain.records import ActivityRec, approval_text
from ropa_desktop.ui.lookups import Lookups
from ropa_desktop.ui.pickers import Picker
from ropa_desktop.ui.section_base import (
    DateEdit,
    Section,
    combo_value,
    enum_combo,
    line_edit,
    set_combo_value,
    text_edit,
)


class IdentitySection(Section):
    """Reference, name, description, role, status, owner and review dates."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Identity and role", parent)
        self.reference = self.add_field("&Reference", line_edit(self, "e.g. PA-14"), "reference")
        self.name = self.add_field(
            "&Name", line_edit(self, "What the processing is called"), "name"
        )
        self.description = self.add_field(
            "&Description",
            text_edit(self, "What is done with the data, in plain words"),
            "description",
        )
        self.role = self.add_field("Ro&le", enum_combo(self, Role), "role")
        self.status = self.add_field(
            "Stat&us",
            enum_combo(self, Status),
            "status",
            "Approval needs no blocking finding and nothing marked to confirm, in the "
            "activity and in the processors and retention rules it relies on.",
        )
        self.owner = self.add_field(
            "&Owner department", line_edit(self, "e.g. Marketing"), "owner_department"
        )
        self.joint = self.add_field(
            "&Joint controllers",
            text_edit(self, "Who decides with you, and how duties are shared (Art. 26)", 2),
            "joint_controllers",
        )
        self.approval = QLabel(self)
        self.approval.setObjectName("approval")
        self.approval.setWordWrap(True)
        self.approval.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow("Approval", self.approval)
        self.last_review = self.add_field("Last reviewed", DateEdit(self), "last_reviewed_on")
        self.cycle = QSpinBox(self)
        self.cycle.setRange(0, 120)
        self.cycle.setSuffix(" months")
        self.cycle.setSpecialValueText("None")
        self.add_field(
            "Revie&w cycle", self.cycle, "review_cycle_months",
            "Approving sets “Last reviewed” to today and “Next review” this many months later.",
        )  # fmt: skip
        self.next_review = self.add_field("Ne&xt review", DateEdit(self), "next_review_on")
        self.wire(
            self.reference.textChanged, self.name.textChanged, self.description.textChanged,
            self.role.currentIndexChanged, self.status.currentIndexChanged, self.owner.textChanged,
            self.joint.textChanged, self.last_review.dateChanged, self.next_review.dateChanged,
            self.cycle.valueChanged,
        )  # fmt: skip
        self.role.currentIndexChanged.connect(self._role_changed)

    def _role_changed(self) -> None:
        self.joint.setEnabled(combo_value(self.role, Role) is Role.JOINT_CONTROLLER)

    def load(self, rec: ActivityRec) -> None:
        self.reference.setText(rec.reference)
        self.name.setText(rec.name)
        self.description.setPlainText(rec.description)
        set_combo_value(self.role, rec.role)
        set_combo_value(self.status, rec.status)
        self.owner.setText(rec.owner_department)
        self.joint.setPlainText(rec.joint_controllers)
        self.last_review.set_value(rec.last_reviewed_on)
        self.next_review.set_value(rec.next_review_on)
        self.cycle.setValue(rec.review_cycle_months or 0)
        self.approval.setText(approval_text(rec))
        self._role_changed()

    def apply_to(self, rec: ActivityRec) -> ActivityRec:
        return dataclasses.replace(
            rec,
            reference=self.reference.text(),
            name=self.name.text(),
            description=self.description.toPlainText(),
            role=combo_value(self.role, Role),
            status=combo_value(self.status, Status),
            owner_department=self.owner.text(),
            joint_controllers=self.joint.toPlainText(),
            last_reviewed_on=self.last_review.value(),
            next_review_on=self.next_review.value(),
            review_cycle_months=self.cycle.value() or None,
        )


class MeasuresSection(Section):
    """Technical and organisational measures (Art. 32) and the systems holding the data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Security measures and systems", parent)
        self.measures = self.add_field(
            "Security &measures", Picker("security measures", self), "measures"
        )
        self.note = self.add_field(
            "Measures note",
            text_edit(self, "Measures specific to this processing", 2),
            "measures_note",
        )
        self.systems = self.add_field("S&ystems", Picker("systems", self, rows=4), "systems")
        self.wire(self.measures.edited, self.note.textChanged, self.systems.edited)

    def set_lookups(self, lookups: Lookups) -> None:
        self.measures.set_entries(lookups.entries("security_measures"))
        self.systems.set_entries(lookups.entries("systems"))

    def load(self, rec: ActivityRec) -> None:
        self.measures.set_values(rec.measures)
        self.note.setPlainText(rec.measures_note)
        self.systems.set_values(rec.systems)

    def apply_to(self, rec: ActivityRec) -> ActivityRec:
        return dataclasses.replace(
            rec, measures=self.measures.values(), measures_note=self.note.toPlainText(),
            systems=self.systems.values(),
        )  # fmt: skip


class DpiaSection(Section):
    """The nine EDPB criteria; two or more mean a DPIA is required (Art. 35)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("DPIA screening", parent)
        grid_holder = QWidget(self)
        grid = QGridLayout(grid_holder)
        grid.setContentsMargins(0, 0, 0, 0)
        self.criteria: dict[DpiaCriterion, QCheckBox] = {}
        for i, criterion in enumerate(DpiaCriterion):
            box = QCheckBox(criterion.label, grid_holder)
            # One column: two columns of these long labels made the editor wider than
            # its pane at 1024×640 (fields cut off at the right).
            grid.addWidget(box, i, 0, Qt.AlignmentFlag.AlignLeft)
            self.criteria[criterion] = box
        self.form.addRow(grid_holder)
        self.error_label("dpia_criteria", self)
        self.form.addRow(self.error_labels["dpia_criteria"])
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.form.addRow(self.verdict)
        self.reference = self.add_field(
            "DPIA reference", line_edit(self, "Where the DPIA is filed"), "dpia_reference"
        )
        self.automated = QCheckBox("Automated decision-making or profiling (Art. 22)", self)
        self.form.addRow(self.automated)
        self.automated_note = self.add_field(
            "Automated decision note", text_edit(self, "Logic involved, safeguards", 2),
            "automated_decision_note",
        )  # fmt: skip
        self.wire(
            *(box.toggled for box in self.criteria.values()), self.reference.textChanged,
            self.automated.toggled, self.automated_note.textChanged,
        )  # fmt: skip
        self.edited.connect(self._show_verdict)
        self._implied = False
        self._show_verdict()

    def set_sensitive_data(self, holds: bool) -> None:
        """The activity holds special-category or criminal data: "sensitive data" is met
        whether ticked or not (the register ticks it on save)."""
        self._implied = holds
        self._show_verdict()

    def _show_verdict(self) -> None:
        sensitive = self.criteria[DpiaCriterion.SENSITIVE_DATA]
        implied = self._implied and not sensitive.isChecked()
        met = sum(box.isChecked() for box in self.criteria.values()) + implied
        if met >= 2:
            text = f"{met} criteria met: a DPIA is required (Art. 35)."
        elif met == 1:
            text = "1 criterion met: a DPIA is not presumed; record why if you decide against one."
        else:
            text = "No criterion met."
        if implied:
            text += (
                " “Sensitive or highly personal data” counts: the activity holds special-"
                "category or criminal data."
            )
        self.verdict.setText(text)

    def load(self, rec: ActivityRec) -> None:
        for criterion, box in self.criteria.items():
            box.setChecked(criterion in rec.dpia_criteria)
        self.reference.setText(rec.dpia_reference)
        self.automated.setChecked(rec.automated_decision)
        self.automated_note.setPlainText(rec.automated_decision_note)
        self._show_verdict()

    def apply_to(self, rec: ActivityRec) -> ActivityRec:
        chosen = tuple(c for c, box in self.criteria.items() if box.isChecked())
        # Keep the stored order of criteria still ticked so an untouched record stays equal.
        ordered = tuple(c for c in rec.dpia_criteria if c in chosen)
        ordered += tuple(c for c in chosen if c not in ordered)
        return dataclasses.replace(
            rec, dpia_criteria=ordered, dpia_reference=self.reference.text(),
            automated_decision=self.automated.isChecked(),
            automated_decision_note=self.automated_note.toPlainText(),
        )  # fmt: skip


class ProcessorRoleSection(Section):
    """Art. 30(2): when the organisation processes on behalf of controllers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Processor-role details (Art. 30(2))", parent)
        self.hint = QLabel("Only needed when the role is “Processor”.", self)
        self.hint.setStyleSheet("color: #555;")
        self.form.addRow(self.hint)
        self.controllers = self.add_field(
            "Controllers on whose behalf", text_edit(self, "Name and contact of each controller", 2),
            "controllers_on_behalf",
        )  # fmt: skip
        self.categories = self.add_field(
            "Cate&gories of processing", text_edit(self, "What you do for them", 2),
            "processing_categories",
        )  # fmt: skip
        self.wire(self.controllers.textChanged, self.categories.textChanged)

    def set_role(self, role: Any) -> None:
        active = role is Role.PROCESSOR
        self.controllers.setEnabled(active)
        self.categories.setEnabled(active)
        self.hint.setVisible(not active)

    def load(self, rec: ActivityRec) -> None:
        self.controllers.setPlainText(rec.controllers_on_behalf)
        self.categories.setPlainText(rec.processing_categories)
        self.set_role(rec.role)

    def apply_to(self, rec: ActivityRec) -> ActivityRec:
        return dataclasses.replace(
            rec, controllers_on_behalf=self.controllers.toPlainText(),
            processing_categories=self.categories.toPlainText(),
        )  # fmt: skip
