"""The fields of a processor (ProcessorRec), as one form section with errors beside them."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QWidget

from ropa_desktop.domain.enums import RiskRating, TransferSafeguard
from ropa_desktop.domain.records import ProcessorRec
from ropa_desktop.ui.section_base import (
    DateEdit,
    Section,
    combo_value,
    enum_combo,
    line_edit,
    set_combo_value,
    text_edit,
)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class ProcessorFields(Section):
    """The processor's own fields, in the order of a due-diligence file."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Processor", parent)
        self.name = self.add_field("N&ame", line_edit(self, "Company name"), "name")
        self.services = self.add_field(
            "Serv&ices", text_edit(self, "What it does for you, on which data", 3), "services"
        )
        self.contact_name = self.add_field(
            "&Contact", line_edit(self, "Person or team"), "contact_name"
        )
        self.contact_email = self.add_field(
            "Contact e-&mail", line_edit(self, "privacy@vendor.example"), "contact_email"
        )
        self.locations = self.add_field(
            "&Processing locations",
            text_edit(self, "One country or region per line", 3),
            "locations",
        )
        self.dpa_signed_on = self.add_field("&DPA signed on", DateEdit(self), "dpa_signed_on")
        self.dpa_reference = self.add_field(
            "DPA &reference", line_edit(self, "Contract number or file name"), "dpa_reference"
        )
        self.transfer_safeguard = self.add_field(
            "Transfer safe&guard",
            enum_combo(
                self, TransferSafeguard, none_label="— none (no transfer outside the EEA) —"
            ),
            "transfer_safeguard",
        )
        self.certifications = self.add_field(
            "Cer&tifications",
            text_edit(self, "One per line, e.g. ISO/IEC 27001:2022 (certificate no.)", 3),
            "certifications",
        )
        self.sub_processors = self.add_field(
            "Its s&ub-processors",
            text_edit(self, "Who it subcontracts to, for what, where", 3),
            "sub_processors",
        )
        self.risk_rating = self.add_field(
            "Ris&k rating",
            enum_combo(self, RiskRating),
            "risk_rating",
            hint="Set by the latest reviewed assessment; change it by hand only with a reason "
            "in the notes.",
        )
        self.notes = self.add_field("Notes", text_edit(self, "", 3), "notes")
        self.wire(
            self.name.textChanged, self.services.textChanged, self.contact_name.textChanged,
            self.contact_email.textChanged, self.locations.textChanged,
            self.dpa_signed_on.dateChanged, self.dpa_reference.textChanged,
            self.transfer_safeguard.currentIndexChanged, self.certifications.textChanged,
            self.sub_processors.textChanged, self.risk_rating.currentIndexChanged,
            self.notes.textChanged,
        )  # fmt: skip

    def load(self, rec: ProcessorRec) -> None:
        self.name.setText(rec.name)
        self.services.setPlainText(rec.services)
        self.contact_name.setText(rec.contact_name)
        self.contact_email.setText(rec.contact_email)
        self.locations.setPlainText("\n".join(rec.locations))
        self.dpa_signed_on.set_value(rec.dpa_signed_on)
        self.dpa_reference.setText(rec.dpa_reference)
        set_combo_value(self.transfer_safeguard, rec.transfer_safeguard)
        self.certifications.setPlainText("\n".join(rec.certifications))
        self.sub_processors.setPlainText(rec.sub_processors)
        set_combo_value(self.risk_rating, rec.risk_rating)
        self.notes.setPlainText(rec.notes)

    def apply_to(self, rec: ProcessorRec) -> ProcessorRec:
        return dataclasses.replace(
            rec,
            name=self.name.text().strip(),
            services=self.services.toPlainText().strip(),
            contact_name=self.contact_name.text().strip(),
            contact_email=self.contact_email.text().strip(),
            locations=_lines(self.locations.toPlainText()),
            dpa_signed_on=self.dpa_signed_on.value(),
            dpa_reference=self.dpa_reference.text().strip(),
            transfer_safeguard=combo_value(self.transfer_safeguard, TransferSafeguard),
            certifications=_lines(self.certifications.toPlainText()),
            sub_processors=self.sub_processors.toPlainText().strip(),
            risk_rating=combo_value(self.risk_rating, RiskRating) or RiskRating.NOT_ASSESSED,
            notes=self.notes.toPlainText().strip(),
        )
