"""Editor sections built around repeated rows: purposes, data, sources, recipients, transfers."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from ropa_desktop.domain.enums import Art9Condition, LegalBasis, TransferSafeguard
from ropa_desktop.domain.errors import FieldError
from ropa_desktop.domain.records import (
    ActivityRec,
    DataUseRec,
    PurposeRec,
    RecipientUseRec,
    SourceRec,
    TransferRec,
)
from ropa_desktop.services.labels import field_label, located
from ropa_desktop.ui.country_picker import CountryDelegate, country_choices
from ropa_desktop.ui.lookups import Lookups
from ropa_desktop.ui.pickers import Picker
from ropa_desktop.ui.record_table import Column, RowsEditor
from ropa_desktop.ui.section_base import Section, parse_field


def enum_choices(enum_cls: Any) -> Callable[[], list[tuple[Any, str]]]:
    pairs = [(None, "— not set —"), *((m, m.label) for m in enum_cls)]
    return lambda: pairs


class RowsSection(Section):
    """A section whose main field is a list of records edited in a table."""

    LIST_FIELD = ""
    ROW_WORD = "Row"

    def add_rows(self, label: str, editor: RowsEditor) -> RowsEditor:
        self.add_field(label, editor, self.LIST_FIELD)
        self.wire(editor.edited)
        return editor

    def rows_editor(self) -> RowsEditor:
        raise NotImplementedError

    def point_at(self, field: str) -> QWidget | None:
        name, index, _ = parse_field(field)
        if name != self.LIST_FIELD:
            return super().point_at(field)
        view = self.rows_editor().view
        if index is not None and 0 < index <= view.model().rowCount():
            view.selectRow(index - 1)
        return view

    def show_errors(self, errors: list[FieldError]) -> list[FieldError]:
        lines, cells, rest = [], {}, []
        for error in errors:
            name, index, sub = parse_field(error.field)
            if name != self.LIST_FIELD:
                rest.append(error)
                continue
            # A row by its number, the list as a whole by its label ("Purposes").
            where = f"{self.ROW_WORD} {index}" if index is not None else field_label(name)
            what = f"{sub.replace('_', ' ')} " if sub else ""
            lines.append(located(where, f"{what}{error.message}"))
            if index is not None:
                cells[(index - 1, sub or self.rows_editor().model.columns[0].field)] = error.message
        self.rows_editor().show_errors(lines, cells)
        return super().show_errors(rest)

    def clear_errors(self) -> None:
        super().clear_errors()
        self.rows_editor().show_errors([], {})


class PurposesSection(RowsSection):
    LIST_FIELD, ROW_WORD = "purposes", "Purpose"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Purposes and legal bases", parent)
        columns = (
            Column("description", "Purpose", width=230),
            Column("legal_basis", "Legal basis (Art. 6(1))", enum_choices(LegalBasis), width=230),
            Column("legal_basis_detail", "Basis detail", width=140),
            Column("lia_reference", "LIA reference (f)", width=120),
            Column("consent_mechanism", "Consent mechanism (a)", width=150),
            Column("consent_withdrawal", "How consent is withdrawn (a)"),
        )
        self.purposes = self.add_rows(
            "&Purposes", RowsEditor(columns, lambda: PurposeRec(""), "purpose", self)
        )

    def rows_editor(self) -> RowsEditor:
        return self.purposes

    def load(self, rec: ActivityRec) -> None:
        self.purposes.set_rows(rec.purposes)

    def apply_to(self, rec: ActivityRec) -> ActivityRec:
        return dataclasses.replace(rec, purposes=self.purposes.rows())


class SubjectsDataSection(RowsSection):
    LIST_FIELD, ROW_WORD = "data_categories", "Data category"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Data subjects and personal data", parent)
        self._lookups = Lookups()
        self.subjects = self.add_field(
            "Data su&bjects", Picker("data-subject categories", self), "subject_categories"
        )
        columns = (
            Column("category", "Personal data category", lambda: self._lookups.choices("data_categories"), width=250),
            Column("art9_condition", "Art. 9(2) condition (special data)", enum_choices(Art9Condition), width=260),
            Column("art10_basis", "Art. 10 authorisation (criminal data)", width=200),
            Column("note", "Note"),
        )  # fmt: skip
        self.data = self.add_rows(
            "Personal d&ata", RowsEditor(columns, lambda: DataUseRec(""), "data category", self)
        )
        self.wire(self.subjects.edited)

    def rows_editor(self) -> RowsEditor:
        return self.data

    def set_lookups(self, lookups: Lookups) -> None:
        self._lookups = lookups
        self.subjects.set_entries(lookups.entries("subject_categories"))
        self.data.view.viewport().update()

    def load(self, rec: ActivityRec) -> None:
        self.subjects.set_values(rec.subject_categories)
        self.data.set_rows(rec.data_categories)

    def apply_to(self, rec: ActivityRec) -> ActivityRec:
        return dataclasses.replace(
            rec, subject_categories=self.subjects.values(), data_categories=self.data.rows()
        )


class SourcesSection(RowsSection):
    LIST_FIELD, ROW_WORD = "sources", "Source"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Sources of the data", parent)
        columns = (
            Column("channel", "Collection channel", width=220),
            Column("description", "How the data is collected", width=320),
            Column("from_data_subject", "From the person", check=True),
        )
        self.sources = self.add_rows(
            "Sour&ces", RowsEditor(columns, lambda: SourceRec(""), "source", self)
        )

    def rows_editor(self) -> RowsEditor:
        return self.sources

    def load(self, rec: ActivityRec) -> None:
        self.sources.set_rows(rec.sources)

    def apply_to(self, rec: ActivityRec) -> ActivityRec:
        return dataclasses.replace(rec, sources=self.sources.rows())


class RecipientsSection(RowsSection):
    LIST_FIELD, ROW_WORD = "recipients", "Recipient"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Recipients and processors", parent)
        self._lookups = Lookups()
        columns = (
            Column("category", "Recipient category", lambda: self._lookups.choices("recipient_categories"), width=260),
            Column("detail", "Who exactly, and why"),
        )  # fmt: skip
        self.recipients = self.add_rows(
            "Rec&ipients", RowsEditor(columns, lambda: RecipientUseRec(""), "recipient", self)
        )
        self.processors = self.add_field(
            "Processors used", Picker("processors", self), "processors"
        )
        self.wire(self.processors.edited)

    def rows_editor(self) -> RowsEditor:
        return self.recipients

    def set_lookups(self, lookups: Lookups) -> None:
        self._lookups = lookups
        self.processors.set_entries(lookups.processor_entries())

    def load(self, rec: ActivityRec) -> None:
        self.recipients.set_rows(rec.recipients)
        self.processors.set_values(rec.processors)

    def apply_to(self, rec: ActivityRec) -> ActivityRec:
        return dataclasses.replace(
            rec, recipients=self.recipients.rows(), processors=self.processors.values()
        )


class TransfersSection(RowsSection):
    LIST_FIELD, ROW_WORD = "transfers", "Transfer"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Transfers outside the EEA", parent)
        columns = (
            Column("country", "Country", country_choices, width=160),
            Column("recipient", "Recipient", width=160),
            Column(
                "safeguard", "Safeguard (Chapter V)", enum_choices(TransferSafeguard), width=260
            ),
            Column("tia_reference", "TIA reference", width=120),
            Column("note", "Note"),
        )
        self.transfers = self.add_rows(
            "&Transfers", RowsEditor(columns, lambda: TransferRec(""), "transfer", self)
        )
        view = self.transfers.view
        view.setItemDelegateForColumn(0, CountryDelegate(view))

    def rows_editor(self) -> RowsEditor:
        return self.transfers

    def load(self, rec: ActivityRec) -> None:
        self.transfers.set_rows(rec.transfers)

    def apply_to(self, rec: ActivityRec) -> ActivityRec:
        return dataclasses.replace(rec, transfers=self.transfers.rows())
