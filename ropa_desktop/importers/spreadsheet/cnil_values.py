"""The CNIL import's small conversions: new catalogue entries, stable keys, what the
register keeps that the template has no column for, and cells named for messages."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable
from typing import Any

from ropa_desktop.domain.enums import MeasureKind, RecipientKind
from ropa_desktop.domain.records import (
    ActivityRec,
    DataCategoryRec,
    DataUseRec,
    MeasureRec,
    PurposeRec,
    RecipientCategoryRec,
    SubjectCategoryRec,
    TransferRec,
)
from ropa_desktop.importers.spreadsheet.cnil_layout import Cell, Line, label
from ropa_desktop.importers.xlsx.layout import RowError


def new_entry(catalogue: str, key: str, text: str, special: bool, *, origin: str) -> Any:
    """A catalogue entry for words that match none, named as written, to confirm."""
    name = " ".join(text.split())[:200]
    imported = f"Imported from the {origin}; to confirm."
    if catalogue == "data_categories":
        criminal = "penal" in label(text) or "infraction" in label(text)
        return DataCategoryRec(
            key, name, imported, special=special and not criminal, criminal=criminal
        )
    if catalogue == "subject_categories":
        return SubjectCategoryRec(key, name, imported)
    if catalogue == "recipient_categories":
        return RecipientCategoryRec(key, name, RecipientKind.THIRD_PARTY, imported)
    return MeasureRec(key, name, MeasureKind.ORGANISATIONAL, imported)


def kept_data(items: tuple[DataUseRec, ...], old: ActivityRec) -> tuple[DataUseRec, ...]:
    have = {d.category: d for d in old.data_categories}
    return tuple(
        dataclasses.replace(
            d,
            art9_condition=have[d.category].art9_condition,
            art10_basis=have[d.category].art10_basis,
        )
        if d.category in have
        else d
        for d in items
    )


def kept_transfers(items: tuple[TransferRec, ...], old: ActivityRec) -> tuple[TransferRec, ...]:
    have = {(label(t.country), label(t.recipient)): t for t in old.transfers}
    out = []
    for t in items:
        was = have.get((label(t.country), label(t.recipient)))
        if was is not None:
            t = dataclasses.replace(t, tia_reference=was.tia_reference,
                                    safeguard=t.safeguard or was.safeguard,
                                    note=kept_note(t.note, was.note))  # fmt: skip
        out.append(t)
    return tuple(out)


def kept_note(new: str, was: str) -> str:
    """The register's note, with the lines the file adds that it does not already say
    (a line "Type: detail" is said when its detail is)."""
    added = [
        line
        for line in new.split("\n")
        if line.strip() and line not in was and line.partition(": ")[2] not in was
    ]
    return "\n".join(t for t in (was, *added) if t)


def still_missing(marks: list[str], values: dict[str, Any], sensitive: dict[str, str]) -> list[str]:
    """Marks for what the activity still lacks once the register's own values are kept."""
    data = values.get("data_categories", ())
    transfers = values.get("transfers", ())
    lacking = {
        "data_categories.art9_condition": any(
            sensitive.get(d.category) == "art9" and d.art9_condition is None for d in data
        ),
        "data_categories.art10_basis": any(
            sensitive.get(d.category) == "art10" and not d.art10_basis for d in data
        ),
        "transfers": any(t.safeguard is None for t in transfers),
    }
    return [m for m in dict.fromkeys(marks) if lacking.get(m, True)]


def stable_key(*parts: str) -> str:
    """A key that is the same at every import of the same words (so a second import
    changes nothing)."""
    slug = re.sub(r"[^a-z0-9]+", "-", label(parts[-1]))[:40].strip("-") or "entry"
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:8]
    return f"{parts[0]}-{slug}-{digest}"


def purpose(text: str, old: ActivityRec | None) -> PurposeRec:
    """A purpose as written; one the register already has keeps its legal basis and details."""
    for p in old.purposes if old else ():
        if " ".join(p.description.split()) == " ".join(text.split()):
            return p
    return PurposeRec(description=text)


def text(cell: Cell | None) -> str:
    return cell.text if cell is not None else ""


def address(line: Line) -> str:
    street = text(line.get("adresse"))
    town = " ".join(t for t in (text(line.get("code postal")), text(line.get("ville"))) if t)
    return ", ".join(p for p in (street, town, text(line.get("pays"))) if p)


def contact(line: Line | None) -> str:
    if line is None:
        return ""
    parts: Iterable[str] = (text(line.get("nom")), address(line), text(line.get("telephone")),
                            text(line.get("adresse mel")))  # fmt: skip
    return ", ".join(p for p in parts if p)


def error(cell: Cell, message: str) -> RowError:
    col = re.sub(r"\d+", "", cell.where.rsplit("cell ", 1)[1])
    return RowError(cell.sheet, cell.row, col, message)
