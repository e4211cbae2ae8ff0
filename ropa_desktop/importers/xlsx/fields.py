"""Which record field each column holds, and how a cell becomes that field's value."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ropa_desktop.domain.enums import (
    Art9Condition,
    DpiaCriterion,
    EndOfLifeAction,
    LegalBasis,
    RetentionUnit,
    Role,
    Status,
    TransferSafeguard,
    TriggerEvent,
)
from ropa_desktop.domain.records import DataUseRec, PurposeRec, RecipientUseRec, TransferRec
from ropa_desktop.importers.xlsx import cells
from ropa_desktop.importers.xlsx.cells import CellError, Resolver
from ropa_desktop.services.countries import stored_country
from ropa_desktop.services.interchange import RegisterDoc

REGISTER = "Register"
PURPOSES = "Purposes & legal bases"
DATA = "Data categories"
RECIPIENTS = "Recipients & processors"
TRANSFERS = "Transfers"
RETENTION = "Retention schedule"
PROCESSOR_ROW = "/processor:"

ACTIVITY_TEXT = (
    "reference", "name", "owner_department", "description", "joint_controllers",
    "measures_note", "dpia_reference", "automated_decision_note", "controllers_on_behalf",
    "processing_categories",
)  # fmt: skip
# Fields of an activity made from a Register cell together with a detail sheet.
COMPOSED = ("purposes", "data_categories", "recipients", "transfers")


def _required(cls: Any) -> Callable[[Any], Any]:
    def parse(value: Any) -> Any:
        member = cells.enum(cls, value)
        if member is None:
            raise CellError("is required: choose a value from the list")
        return member

    return parse


class Catalogues:
    """Resolvers for every reference a workbook cell may hold, from the current register."""

    def __init__(self, doc: RegisterDoc) -> None:
        self.by_name = {
            name: Resolver(name.replace("_", " ").rstrip("s"), [(e.key, e.name) for e in entries])
            for name, entries in doc.catalogues.items()
        }
        self.processors = Resolver("processor", [(p.key, p.name) for p in doc.processors])

    def activity_parsers(self) -> dict[str, Callable[[Any], Any]]:
        """Field -> parser, for the Register sheet's plain (not composed) columns."""
        parsers: dict[str, Callable[[Any], Any]] = dict.fromkeys(ACTIVITY_TEXT, cells.text)
        cat = self.by_name
        parsers.update(
            role=_required(Role),
            status=_required(Status),
            subject_categories=cat["subject_categories"].keys,
            processors=self.processors.keys,
            measures=cat["security_measures"].keys,
            systems=cat["systems"].keys,
            dpia_criteria=lambda v: cells.enum_lines(DpiaCriterion, v),
            automated_decision=cells.boolean,
            last_reviewed_on=cells.date,
            next_review_on=cells.date,
            review_cycle_months=cells.whole_number,
        )
        return parsers

    def rule_parsers(self) -> dict[str, Callable[[Any], Any]]:
        """Field -> parser for the Retention schedule sheet (the activity is resolved apart)."""
        cat = self.by_name["data_categories"]
        text = cells.text
        return {
            "data_description": text,
            "data_category": lambda v: cat.key(cells.text(v)) if cells.text(v) else None,
            "duration_value": cells.whole_number,
            "duration_unit": lambda v: cells.enum(RetentionUnit, v),
            "open_ended_term": text,
            "trigger": lambda v: cells.enum(TriggerEvent, v),
            "legal_reference": text,
            "end_of_life_action": lambda v: cells.enum(EndOfLifeAction, v),
            "owner": text,
            "review_cycle_months": cells.whole_number,
            "last_reviewed_on": cells.date,
            "source_reference": text,
        }


class FieldCellError(CellError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def _field(name: str, parse: Callable[[Any], Any], row: dict[str, Any]) -> Any:
    try:
        return parse(row.get(name))
    except CellError as exc:
        raise FieldCellError(name, str(exc)) from None


@dataclass(frozen=True)
class ItemKind:
    """A list of an activity: a Register cell names the items, a detail sheet adds their details."""

    field: str
    sheet: str
    detail_field: str  # the detail sheet's column that names the item

    def ident(self, item: str, catalogues: Catalogues) -> str:
        if self.field == "purposes":
            return cells.flat(item)
        name = "data_categories" if self.field == "data_categories" else "recipient_categories"
        return catalogues.by_name[name].key(item)

    def make(self, item: str, ident: str, detail: dict[str, Any] | None) -> Any:
        d = detail or {}
        if self.field == "purposes":
            return PurposeRec(
                description=item,
                legal_basis=_field("legal_basis", lambda v: cells.enum(LegalBasis, v), d),
                legal_basis_detail=_field("legal_basis_detail", cells.text, d),
                lia_reference=_field("lia_reference", cells.text, d),
                consent_mechanism=_field("consent_mechanism", cells.text, d),
                consent_withdrawal=_field("consent_withdrawal", cells.text, d),
            )
        if self.field == "data_categories":
            return DataUseRec(
                category=ident,
                art9_condition=_field("art9_condition", lambda v: cells.enum(Art9Condition, v), d),
                art10_basis=_field("art10_basis", cells.text, d),
                note=_field("note", cells.text, d),
            )
        return RecipientUseRec(category=ident, detail=_field("detail", cells.text, d))


ITEM_KINDS = (
    ItemKind("purposes", PURPOSES, "description"),
    ItemKind("data_categories", DATA, "category"),
    ItemKind("recipients", RECIPIENTS, "category"),
)


def transfer(row: dict[str, Any]) -> TransferRec:
    country = _field("country", cells.text, row)
    if not country:
        raise FieldCellError("country", "is required: name the country or organisation")
    return TransferRec(
        country=stored_country(country),
        recipient=_field("recipient", cells.text, row),
        safeguard=_field("safeguard", lambda v: cells.enum(TransferSafeguard, v), row),
        tia_reference=_field("tia_reference", cells.text, row),
        note=_field("note", cells.text, row),
    )
