"""The fields of a breach (BreachRec), in the order a DPO fills them in: what happened,
who and what it touched, what was done, and the risk with the duties it brings."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from ropa_desktop.domain.enums import BreachNature, BreachRisk, NoCommunicationReason
from ropa_desktop.domain.log_records import BreachRec
from ropa_desktop.ui.log_fields import CountEdit, EnumBoxes, caption
from ropa_desktop.ui.moment_edit import MomentEdit
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

Entries = Sequence[tuple[str, str, str]]


def _picker(what: str, parent: QWidget) -> Picker:
    picker = Picker(what, parent, rows=4)
    picker.add_button.hide()  # a breach names what exists; the pages of each add to it
    return picker


class WhatHappened(Section):
    def __init__(self, parent: QWidget) -> None:
        super().__init__("What happened", parent)
        self.reference = self.add_field(caption("reference"), line_edit(self), "reference")
        self.name = self.add_field(
            caption("name", "a"), line_edit(self, "e.g. Laptop stolen from a car"), "name"
        )
        self.description = self.add_field(
            caption("description", "d"), text_edit(self, "What happened, how it was found"),
            "description",
        )  # fmt: skip
        self.aware_at = self.add_field(
            caption("aware_at", "w"), MomentEdit(self), "aware_at",
            hint="The 72 hours of Art. 33(1) run from this moment.",
        )  # fmt: skip
        self.occurred_from = self.add_field(
            caption("occurred_from", "o"), MomentEdit(self), "occurred_from"
        )
        self.occurred_to = self.add_field(
            caption("occurred_to", "u"), MomentEdit(self), "occurred_to"
        )
        self.natures = self.add_field(
            caption("natures", "t"), EnumBoxes(self, list(BreachNature)), "natures"
        )
        self.wire(
            self.reference.textChanged, self.name.textChanged, self.description.textChanged,
            self.aware_at.edited, self.occurred_from.edited, self.occurred_to.edited,
            self.natures.edited,
        )  # fmt: skip

    def load(self, rec: BreachRec) -> None:
        self.reference.setText(rec.reference)
        self.name.setText(rec.name)
        self.description.setPlainText(rec.description)
        self.aware_at.set_value(rec.aware_at)
        self.occurred_from.set_value(rec.occurred_from)
        self.occurred_to.set_value(rec.occurred_to)
        self.natures.set_values(rec.natures)

    def apply_to(self, rec: BreachRec) -> BreachRec:
        return dataclasses.replace(
            rec,
            reference=self.reference.text().strip(),
            name=self.name.text().strip(),
            description=self.description.toPlainText().strip(),
            aware_at=self.aware_at.value(),
            occurred_from=self.occurred_from.value(),
            occurred_to=self.occurred_to.value(),
            natures=self.natures.values(),
        )


class PeopleAndData(Section):
    def __init__(self, parent: QWidget) -> None:
        super().__init__("People, data and records concerned", parent)
        self.subject_categories = self.add_field(
            caption("subject_categories", "g"), text_edit(self, "e.g. Customers, employees", 2),
            "subject_categories",
        )  # fmt: skip
        self.subjects_count = self.add_field(
            caption("subjects_count", "x"), CountEdit(self), "subjects_count"
        )
        self.data_categories = self.add_field(
            caption("data_categories", "c"), text_edit(self, "e.g. Contact details, bank data", 2),
            "data_categories",
        )  # fmt: skip
        self.records_count = self.add_field(
            caption("records_count", "m"), CountEdit(self), "records_count"
        )
        self.activities = self.add_field(
            caption("activities", "i"), _picker("activities", self), "activities"
        )
        self.processors = self.add_field(
            caption("processors", "p"), _picker("processors", self), "processors"
        )
        self.systems = self.add_field(caption("systems", "y"), _picker("systems", self), "systems")
        self.wire(
            self.subject_categories.textChanged, self.subjects_count.textChanged,
            self.data_categories.textChanged, self.records_count.textChanged,
            self.activities.edited, self.processors.edited, self.systems.edited,
        )  # fmt: skip

    def set_entries(self, *, activities: Entries, processors: Entries, systems: Entries) -> None:
        self.activities.set_entries(activities)
        self.processors.set_entries(processors)
        self.systems.set_entries(systems)

    def load(self, rec: BreachRec) -> None:
        self.subject_categories.setPlainText(rec.subject_categories)
        self.subjects_count.set_value(rec.subjects_count)
        self.data_categories.setPlainText(rec.data_categories)
        self.records_count.set_value(rec.records_count)
        self.activities.set_values(rec.activities)
        self.processors.set_values(rec.processors)
        self.systems.set_values(rec.systems)

    def apply_to(self, rec: BreachRec) -> BreachRec:
        return dataclasses.replace(
            rec,
            subject_categories=self.subject_categories.toPlainText().strip(),
            subjects_count=self.subjects_count.value(),
            data_categories=self.data_categories.toPlainText().strip(),
            records_count=self.records_count.value(),
            activities=self.activities.values(),
            processors=self.processors.values(),
            systems=self.systems.values(),
        )


class Measures(Section):
    def __init__(self, parent: QWidget) -> None:
        super().__init__("Consequences and measures", parent)
        self.consequences = self.add_field(
            caption("consequences", "q"), text_edit(self, "For the people concerned", 2),
            "consequences",
        )  # fmt: skip
        self.measures_taken = self.add_field(
            caption("measures_taken", "k"), text_edit(self, "", 2), "measures_taken"
        )
        self.measures_proposed = self.add_field(
            caption("measures_proposed", "r"), text_edit(self, "", 2), "measures_proposed"
        )
        self.wire(
            self.consequences.textChanged, self.measures_taken.textChanged,
            self.measures_proposed.textChanged,
        )  # fmt: skip

    def load(self, rec: BreachRec) -> None:
        self.consequences.setPlainText(rec.consequences)
        self.measures_taken.setPlainText(rec.measures_taken)
        self.measures_proposed.setPlainText(rec.measures_proposed)

    def apply_to(self, rec: BreachRec) -> BreachRec:
        return dataclasses.replace(
            rec,
            consequences=self.consequences.toPlainText().strip(),
            measures_taken=self.measures_taken.toPlainText().strip(),
            measures_proposed=self.measures_proposed.toPlainText().strip(),
        )


class RiskAndDuties(Section):
    def __init__(self, parent: QWidget) -> None:
        super().__init__("Risk, notification and communication (Arts. 33–34)", parent)
        self.risk = self.add_field(
            caption("risk", "b"), enum_combo(self, BreachRisk, none_label="— not assessed —"),
            "risk",
        )  # fmt: skip
        self.risk_reasons = self.add_field(
            caption("risk_reasons", "z"), text_edit(self, "", 2), "risk_reasons"
        )
        self.notified_at = self.add_field(
            caption("notified_at", "j"), MomentEdit(self), "notified_at"
        )
        self.authority_reference = self.add_field(
            caption("authority_reference"), line_edit(self, "The authority's case number"),
            "authority_reference",
        )  # fmt: skip
        self.delay_reasons = self.add_field(
            caption("delay_reasons"), text_edit(self, "Only if notified after 72 hours", 2),
            "delay_reasons",
        )  # fmt: skip
        self.communicated_at = self.add_field(
            caption("communicated_at"), MomentEdit(self), "communicated_at"
        )
        self.no_communication = self.add_field(
            caption("no_communication"),
            enum_combo(self, NoCommunicationReason, none_label="— none —"),
            "no_communication",
        )
        self.closed_on = self.add_field(caption("closed_on"), DateEdit(self), "closed_on")
        self.notes = self.add_field(caption("notes"), text_edit(self, "", 2), "notes")
        self.wire(
            self.risk.currentIndexChanged, self.risk_reasons.textChanged, self.notified_at.edited,
            self.authority_reference.textChanged, self.delay_reasons.textChanged,
            self.communicated_at.edited, self.no_communication.currentIndexChanged,
            self.closed_on.dateChanged, self.notes.textChanged,
        )  # fmt: skip

    def load(self, rec: BreachRec) -> None:
        set_combo_value(self.risk, rec.risk)
        self.risk_reasons.setPlainText(rec.risk_reasons)
        self.notified_at.set_value(rec.notified_at)
        self.authority_reference.setText(rec.authority_reference)
        self.delay_reasons.setPlainText(rec.delay_reasons)
        self.communicated_at.set_value(rec.communicated_at)
        set_combo_value(self.no_communication, rec.no_communication)
        self.closed_on.set_value(rec.closed_on)
        self.notes.setPlainText(rec.notes)

    def apply_to(self, rec: BreachRec) -> BreachRec:
        return dataclasses.replace(
            rec,
            risk=combo_value(self.risk, BreachRisk),
            risk_reasons=self.risk_reasons.toPlainText().strip(),
            notified_at=self.notified_at.value(),
            authority_reference=self.authority_reference.text().strip(),
            delay_reasons=self.delay_reasons.toPlainText().strip(),
            communicated_at=self.communicated_at.value(),
            no_communication=combo_value(self.no_communication, NoCommunicationReason),
            closed_on=self.closed_on.value(),
            notes=self.notes.toPlainText().strip(),
        )
