"""The fields of a rights request (RightsRequestRec): who asked for what and when, the
deadline's extension, and how it was answered."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtWidgets import QSpinBox, QWidget

from ropa_desktop.domain.enums import IdentityCheck, RequestOutcome, RequestType
from ropa_desktop.domain.log_records import RightsRequestRec
from ropa_desktop.services.requests.deadlines import MAX_EXTENSION_MONTHS
from ropa_desktop.ui.log_fields import caption
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


class TheRequest(Section):
    def __init__(self, parent: QWidget) -> None:
        super().__init__("The request", parent)
        self.reference = self.add_field(caption("reference"), line_edit(self), "reference")
        self.request_type = self.add_field(
            caption("request_type", "r"), enum_combo(self, RequestType), "request_type"
        )
        self.received_on = self.add_field(
            caption("received_on", "o"), DateEdit(self), "received_on"
        )
        self.channel = self.add_field(
            caption("channel", "d"), line_edit(self, "e.g. rgpd@… mailbox, letter, phone"),
            "channel",
        )  # fmt: skip
        self.requester = self.add_field(
            caption("requester", "q"), line_edit(self, "Who asked"), "requester"
        )
        self.identity_check = self.add_field(
            caption("identity_check", "i"), enum_combo(self, IdentityCheck), "identity_check"
        )
        self.activities = self.add_field(
            caption("activities", "t"), Picker("activities", self, rows=4), "activities"
        )
        self.activities.add_button.hide()  # a request names activities the register has
        self.wire(
            self.reference.textChanged, self.request_type.currentIndexChanged,
            self.received_on.dateChanged, self.channel.textChanged, self.requester.textChanged,
            self.identity_check.currentIndexChanged, self.activities.edited,
        )  # fmt: skip

    def set_entries(self, activities: Sequence[tuple[str, str, str]]) -> None:
        self.activities.set_entries(activities)

    def load(self, rec: RightsRequestRec) -> None:
        self.reference.setText(rec.reference)
        set_combo_value(self.request_type, rec.request_type)
        self.received_on.set_value(rec.received_on)
        self.channel.setText(rec.channel)
        self.requester.setText(rec.requester)
        set_combo_value(self.identity_check, rec.identity_check)
        self.activities.set_values(rec.activities)

    def apply_to(self, rec: RightsRequestRec) -> RightsRequestRec:
        return dataclasses.replace(
            rec,
            reference=self.reference.text().strip(),
            request_type=combo_value(self.request_type, RequestType),
            received_on=self.received_on.value(),  # type: ignore[arg-type]  # None: refused
            channel=self.channel.text().strip(),
            requester=self.requester.text().strip(),
            identity_check=combo_value(self.identity_check, IdentityCheck),
            activities=self.activities.values(),
        )


class TheAnswer(Section):
    def __init__(self, parent: QWidget) -> None:
        super().__init__("Deadline and answer (Art. 12)", parent)
        months = QSpinBox(self)
        months.setRange(0, MAX_EXTENSION_MONTHS)
        months.setSpecialValueText("No extension")
        months.setSuffix(" further month(s)")
        self.extension_months = self.add_field(
            caption("extension_months", "x"), months, "extension_months",
            hint="Up to two further months where necessary; tell the person why within the "
            "first month.",
        )  # fmt: skip
        self.extension_reason = self.add_field(
            caption("extension_reason", "a"), text_edit(self, "", 2), "extension_reason"
        )
        self.outcome = self.add_field(
            caption("outcome", "u"), enum_combo(self, RequestOutcome, none_label="— open —"),
            "outcome",
        )  # fmt: skip
        self.outcome_reason = self.add_field(
            caption("outcome_reason", "g"), text_edit(self, "", 2), "outcome_reason"
        )
        self.closed_on = self.add_field(caption("closed_on", "c"), DateEdit(self), "closed_on")
        self.notes = self.add_field(caption("notes"), text_edit(self, "", 2), "notes")
        self.wire(
            months.valueChanged, self.extension_reason.textChanged,
            self.outcome.currentIndexChanged, self.outcome_reason.textChanged,
            self.closed_on.dateChanged, self.notes.textChanged,
        )  # fmt: skip

    def load(self, rec: RightsRequestRec) -> None:
        self.extension_months.setValue(rec.extension_months)
        self.extension_reason.setPlainText(rec.extension_reason)
        set_combo_value(self.outcome, rec.outcome)
        self.outcome_reason.setPlainText(rec.outcome_reason)
        self.closed_on.set_value(rec.closed_on)
        self.notes.setPlainText(rec.notes)

    def apply_to(self, rec: RightsRequestRec) -> RightsRequestRec:
        return dataclasses.replace(
            rec,
            extension_months=self.extension_months.value(),
            extension_reason=self.extension_reason.toPlainText().strip(),
            outcome=combo_value(self.outcome, RequestOutcome),
            outcome_reason=self.outcome_reason.toPlainText().strip(),
            closed_on=self.closed_on.value(),
            notes=self.notes.toPlainText().strip(),
        )
