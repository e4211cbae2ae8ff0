"""The retention rule form: what data, how long, from which event, then what.

``RetentionRuleForm`` is a ``load(record)`` / ``record()`` pair over a
RetentionRuleRec with validation messages next to the fields; ``RetentionRuleDialog``
wraps it with Save and Cancel for the retention schedule page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ropa_desktop.domain.base import new_key
from ropa_desktop.domain.enums import EndOfLifeAction, RetentionUnit, Status, TriggerEvent
from ropa_desktop.domain.errors import FieldError, RopaError, ValidationError
from ropa_desktop.domain.records import RetentionRuleRec
from ropa_desktop.services.activities import activity_summaries
from ropa_desktop.services.catalogues import catalogue
from ropa_desktop.services.checks import field_label
from ropa_desktop.services.retention import save_rule, validate_rule
from ropa_desktop.services.retention_terms import DateRangeError, erase_by
from ropa_desktop.ui.read_only import read_only_dialog
from ropa_desktop.ui.section_base import (
    ERROR_STYLE,
    TO_CONFIRM_STYLE,
    DateEdit,
    Section,
    combo_value,
    enum_combo,
    lead_to,
    line_edit,
    set_combo_value,
    text_edit,
)
from ropa_desktop.ui.workspace import Workspace

_CAPTIONS = {
    "activity": "&Activity",
    "data_category": "Data &category",
    "data_description": "Data &description",
    "duration_value": "&Kept for",
    "trigger": "Starting &event",
    "legal_reference": "&Legal reference",
    "end_of_life_action": "A&t the end of the period",
    "owner": "O&wner",
    "review_cycle_months": "Re&view every",
    "last_reviewed_on": "Last reviewed o&n",
}


def _keyed_combo(parent: QWidget, none_label: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem(none_label, "")
    return combo


class RetentionRuleForm(Section):
    """Edits one retention rule; ``record()`` is always what the screen shows."""

    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__("Retention rule", parent)
        self.today = today or dt.date.today()
        self._rec = RetentionRuleRec(key=new_key())
        self.activity = self.add_field(
            _CAPTIONS["activity"], _keyed_combo(self, "— none: a rule for the category —"),
            "activity",
        )  # fmt: skip
        self.category = self.add_field(
            _CAPTIONS["data_category"], _keyed_combo(self, "— all data of the activity —"),
            "data_category",
        )  # fmt: skip
        self.description = self.add_field(
            _CAPTIONS["data_description"],
            text_edit(self, "Which records, e.g. “Invoices and supporting documents”", 2),
            "data_description",
        )
        term_row = self._term_row()
        self.form.addRow(_CAPTIONS["duration_value"], term_row)
        kept_for = self.form.labelForField(term_row)
        if isinstance(kept_for, QLabel):
            kept_for.setBuddy(self.fixed)
        self.trigger = self.add_field(
            _CAPTIONS["trigger"], enum_combo(self, TriggerEvent, none_label="— not set —"),
            "trigger",
        )  # fmt: skip
        self.legal = self.add_field(
            _CAPTIONS["legal_reference"],
            text_edit(self, "Law, guideline or internal policy that sets the period", 4),
            "legal_reference",
        )
        self.action = self.add_field(
            _CAPTIONS["end_of_life_action"],
            enum_combo(self, EndOfLifeAction, none_label="— not set —"),
            "end_of_life_action",
        )
        self.owner = self.add_field(
            _CAPTIONS["owner"], line_edit(self, "Who applies the rule"), "owner"
        )
        cycle = QSpinBox(self)
        cycle.setRange(0, 120)
        cycle.setSpecialValueText("Not set")
        cycle.setSuffix(" months")
        self.cycle = self.add_field(_CAPTIONS["review_cycle_months"], cycle, "review_cycle_months")
        self.reviewed = self.add_field(
            _CAPTIONS["last_reviewed_on"], DateEdit(self), "last_reviewed_on"
        )
        self.example_date = DateEdit(self)
        self.example_date.set_value(self.today)
        self.example_date.setAccessibleName("Example trigger date")
        self.erase_label = QLabel(self)
        self.erase_label.setObjectName("erase_by")
        self.erase_label.setWordWrap(True)
        self.form.addRow("Preview: if it starts on", self.example_date)
        self.form.addRow("", self.erase_label)
        self.confirm_label = QLabel(self)
        self.confirm_label.setObjectName("to_confirm")
        self.confirm_label.setWordWrap(True)
        self.confirm_label.setStyleSheet(TO_CONFIRM_STYLE)
        self.confirm_button = QPushButton("&Mark as confirmed and reviewed today", self)
        self.confirm_button.clicked.connect(self.mark_confirmed)
        self.source_label = QLabel(self)
        self.source_label.setWordWrap(True)
        self.source_label.setStyleSheet("color: #555;")
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outer.addWidget(self.confirm_label)
        self.outer.addWidget(self.confirm_button)
        self.outer.addWidget(self.source_label)
        self.wire(
            self.activity.currentIndexChanged, self.category.currentIndexChanged,
            self.description.textChanged, self.fixed.toggled, self.value.valueChanged,
            self.unit.currentIndexChanged, self.open_term.textChanged,
            self.trigger.currentIndexChanged, self.legal.textChanged,
            self.action.currentIndexChanged, self.owner.textChanged, self.cycle.valueChanged,
            self.reviewed.dateChanged, self.example_date.dateChanged,
        )  # fmt: skip
        self.edited.connect(self._refresh_hints)
        self.load(self._rec)

    def _term_row(self) -> QWidget:
        holder = QWidget(self)
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        self.fixed = QRadioButton("D&uration", holder)
        self.open_ended = QRadioButton("&Open-ended term", holder)
        self.value = QSpinBox(holder)
        self.value.setRange(1, 1000)
        self.value.setAccessibleName("Duration")
        self.unit = enum_combo(holder, RetentionUnit)
        self.unit.setAccessibleName("Duration unit")
        self.open_term = line_edit(holder, "e.g. While the account is active")
        self.open_term.setAccessibleName("Open-ended term")
        group = QButtonGroup(holder)
        group.addButton(self.fixed)
        group.addButton(self.open_ended)
        grid.addWidget(self.fixed, 0, 0)
        grid.addWidget(self.value, 0, 1)
        grid.addWidget(self.unit, 0, 2)
        grid.addWidget(self.error_label("duration_value", holder), 1, 1, 1, 2)
        grid.addWidget(self.error_label("duration_unit", holder), 2, 1, 1, 2)
        grid.addWidget(self.open_ended, 3, 0)
        grid.addWidget(self.open_term, 3, 1, 1, 2)
        grid.addWidget(self.error_label("open_ended_term", holder), 4, 1, 1, 2)
        grid.setColumnStretch(2, 1)
        self.fixed.toggled.connect(self._term_mode)
        return holder

    @Slot()
    def _term_mode(self) -> None:
        fixed = self.fixed.isChecked()
        self.value.setEnabled(fixed)
        self.unit.setEnabled(fixed)
        self.open_term.setEnabled(not fixed)

    def set_choices(
        self, *, activities: Sequence[tuple[str, str]], categories: Sequence[tuple[str, str]]
    ) -> None:
        """(key, label) pairs for the activity and data-category lists; keeps the selection."""
        rec = self.record()
        for combo, entries in ((self.activity, activities), (self.category, categories)):
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for key, label in entries:
                combo.addItem(label, key)
            combo.blockSignals(False)
        self.load(rec)

    @staticmethod
    def _select_key(combo: QComboBox, key: str | None) -> None:
        if key and combo.findData(key) < 0:
            # A reference the lists no longer offer stays visible, so saving never drops it.
            combo.addItem(f"{key} (not found)", key)
        combo.setCurrentIndex(max(0, combo.findData(key or "")))

    def load(self, rec: RetentionRuleRec) -> None:
        self._rec = rec
        for child in self.findChildren(QWidget):
            child.blockSignals(True)
        try:
            self._select_key(self.activity, rec.activity)
            self._select_key(self.category, rec.data_category)
            self.description.setPlainText(rec.data_description)
            fixed = rec.duration_value is not None or not rec.open_ended_term.strip()
            self.fixed.setChecked(fixed)
            self.open_ended.setChecked(not fixed)
            self.value.setValue(rec.duration_value or 1)
            set_combo_value(self.unit, rec.duration_unit or RetentionUnit.YEARS)
            self.open_term.setText(rec.open_ended_term)
            self.open_term.setCursorPosition(0)  # show the start of a long term, not its end
            set_combo_value(self.trigger, rec.trigger)
            self.legal.setPlainText(rec.legal_reference)
            set_combo_value(self.action, rec.end_of_life_action)
            self.owner.setText(rec.owner)
            self.cycle.setValue(rec.review_cycle_months or 0)
            self.reviewed.set_value(rec.last_reviewed_on)
        finally:
            for child in self.findChildren(QWidget):
                child.blockSignals(False)
        self._term_mode()
        self.clear_errors()
        self._refresh_hints()

    def apply_to(self, rec: RetentionRuleRec) -> RetentionRuleRec:
        fixed = self.fixed.isChecked()
        return dataclasses.replace(
            rec,
            activity=self.activity.currentData() or None,
            data_category=self.category.currentData() or None,
            data_description=self.description.toPlainText().strip(),
            duration_value=self.value.value() if fixed else None,
            duration_unit=combo_value(self.unit, RetentionUnit) if fixed else None,
            open_ended_term="" if fixed else self.open_term.text().strip(),
            trigger=combo_value(self.trigger, TriggerEvent),
            legal_reference=self.legal.toPlainText().strip(),
            end_of_life_action=combo_value(self.action, EndOfLifeAction),
            owner=self.owner.text().strip(),
            review_cycle_months=self.cycle.value() or None,
            last_reviewed_on=self.reviewed.value(),
        )

    def record(self) -> RetentionRuleRec:
        """The rule as the form shows it (key, version and markers kept from ``load``)."""
        return self.apply_to(self._rec)

    def validate(self) -> list[FieldError]:
        """Check the rule as the services will; show the messages next to the fields."""
        rec = self.record()
        errors = validate_rule(rec)
        if not rec.duration_value and not rec.open_ended_term:
            errors.append(FieldError("open_ended_term", "give a duration or an open-ended term"))
        self.clear_errors()
        self.show_errors(errors)
        return errors

    @Slot()
    def mark_confirmed(self) -> None:
        """The DPO has checked every marked field: clear the markers, record the review."""
        self.load(dataclasses.replace(self.record(), to_confirm=(), last_reviewed_on=self.today))
        self.edited.emit()

    def _refresh_hints(self) -> None:
        rec = self.record()
        try:
            result = erase_by(rec, self.example_date.value() or self.today)
            text = (
                f"Erase by <b>{result.erase_on.isoformat()}</b>"
                if result.erase_on
                else result.reason
            )
        except DateRangeError as exc:
            text = str(exc)
        self.erase_label.setText(text)
        marks = [m for m in rec.to_confirm if m]
        names = [_CAPTIONS[m].replace("&", "") if m in _CAPTIONS else field_label(m) for m in marks]
        self.confirm_label.setText(
            "To confirm: " + ", ".join(names) + "." if names else "Nothing marked to confirm."
        )
        self.confirm_label.setStyleSheet(TO_CONFIRM_STYLE if names else "color: #555;")
        self.confirm_button.setEnabled(bool(marks))
        for name, caption in _CAPTIONS.items():
            widget = self.error_labels[name].parentWidget()
            label = self.form.labelForField(widget)
            if isinstance(label, QLabel):
                flagged = name in marks or (name == "duration_value" and "open_ended_term" in marks)
                label.setText(caption + (" ⚑" if flagged else ""))
                label.setStyleSheet(TO_CONFIRM_STYLE if flagged else "")
                label.setToolTip("Marked to confirm" if flagged else "")
        self.source_label.setText(f"Source: {rec.source_reference}" if rec.source_reference else "")


def register_choices(workspace: Workspace) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(activities, data categories) as (key, label) pairs, read through the services."""
    register = workspace.register
    acts = [
        (s.key, f"{s.reference} {s.name}" + (" (retired)" if s.status is Status.RETIRED else ""))
        for s in activity_summaries(register)
    ]
    cats = [(c.key, c.name) for c in catalogue(register, "data_categories")]
    return acts, cats


class RetentionRuleDialog(QDialog):
    """Create or edit one rule; Save validates, saves through the services and closes."""

    def __init__(
        self,
        workspace: Workspace,
        record: RetentionRuleRec | None = None,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.saved: RetentionRuleRec | None = None
        self.setWindowTitle(
            "Edit retention rule" if record and record.version else "New retention rule"
        )
        self.form = RetentionRuleForm(self, today=today)
        acts, cats = register_choices(workspace)
        self.form.set_choices(activities=acts, categories=cats)
        if record is not None:
            self.form.load(record)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(680, self.sizeHint().height())
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        read_only_dialog(self, workspace.abilities, keep=[cancel])

    @Slot()
    def save(self) -> None:
        """Save when valid; otherwise show why next to the fields and stay open."""
        self.error.hide()
        if self.form.validate():
            return
        try:
            self.saved = save_rule(self.workspace.register, record=self.form.record())
        except ValidationError as exc:
            rest = self.form.show_errors(exc.errors)
            if rest:
                self._show_error("; ".join(str(e) for e in rest))
            return
        except RopaError as exc:  # a conflict or a store error: one sentence, nothing lost
            self._show_error(str(exc))
            return
        self.workspace.notify_changed()
        self.accept()

    def show_finding(self, field: str, message: str) -> bool:
        """Lead to the field a finding concerns; False when the form has no such field."""
        self.form.clear_errors()
        widget = lead_to([self.form], None, field, message)
        if widget is None:
            return False
        # Asked before the dialog is shown: the focus is given once it is on screen.
        QTimer.singleShot(0, lambda: widget.setFocus(Qt.FocusReason.OtherFocusReason))
        return True

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
