"""Catalogues (data, subject and recipient categories, measures, systems): seeded, extendable."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ropa_desktop.domain import (
    DataCategory,
    RecipientCategory,
    SecurityMeasure,
    SubjectCategory,
    System,
)
from ropa_desktop.domain.errors import FieldError, ValidationError
from ropa_desktop.domain.records import (
    DataCategoryRec,
    MeasureRec,
    RecipientCategoryRec,
    SubjectCategoryRec,
    SystemRec,
    diff,
    from_plain,
)
from ropa_desktop.paths import RESOURCES
from ropa_desktop.services.audit import record_event
from ropa_desktop.services.catalogue_names import by_name
from ropa_desktop.services.language import current_language
from ropa_desktop.services.validation import check_key, check_text

if TYPE_CHECKING:
    from ropa_desktop.services.register import Register


@dataclass(frozen=True)
class CatalogueKind:
    name: str  # the key in the JSON document and in resources/catalogues.json
    label: str
    model: Any
    record: Any


CATALOGUES: tuple[CatalogueKind, ...] = (
    CatalogueKind("data_categories", "data category", DataCategory, DataCategoryRec),
    CatalogueKind(
        "subject_categories", "data-subject category", SubjectCategory, SubjectCategoryRec
    ),
    CatalogueKind(
        "recipient_categories", "recipient category", RecipientCategory, RecipientCategoryRec
    ),
    CatalogueKind("security_measures", "security measure", SecurityMeasure, MeasureRec),
    CatalogueKind("systems", "system", System, SystemRec),
)
BY_NAME = {kind.name: kind for kind in CATALOGUES}


def builtin_entries() -> dict[str, list[Any]]:
    """The shipped catalogue entries, as records, by catalogue name."""
    raw = json.loads((RESOURCES / "catalogues.json").read_text(encoding="utf-8"))
    return {
        kind.name: [from_plain(kind.record, item) for item in raw.get(kind.name, [])]
        for kind in CATALOGUES
    }


def seed_catalogues(register: Register) -> int:
    """Add shipped entries missing from the database; never touch existing ones."""
    added = 0
    with register.transaction() as session:
        for kind in CATALOGUES:
            existing = set(session.scalars(select(kind.model.key)))
            for rec in builtin_entries()[kind.name]:
                if rec.key not in existing:
                    session.add(kind.model(builtin=True, **_columns(rec)))
                    added += 1
    return added


def _columns(rec: Any) -> dict[str, Any]:
    return {f.name: getattr(rec, f.name) for f in fields(rec)}


def entry_to_rec(kind: CatalogueKind, row: Any) -> Any:
    return kind.record(**{f.name: getattr(row, f.name) for f in fields(kind.record)})


def list_entries(session: Session, kind: CatalogueKind) -> list[Any]:
    rows = session.scalars(select(kind.model).order_by(kind.model.key))
    return [entry_to_rec(kind, row) for row in rows]


def catalogue(register: Register, name: str, language: str | None = None) -> list[Any]:
    """Every entry of one catalogue, sorted by its name in ``language`` (the current
    language when None), as a list offers them."""
    with register.reading() as session:
        entries = list_entries(session, BY_NAME[name])
    return by_name(name, entries, current_language(language))


def keys_by_catalogue(session: Session) -> dict[str, dict[str, int]]:
    """{catalogue name: {key: row id}} for resolving references in records."""
    return {
        kind.name: dict(session.execute(select(kind.model.key, kind.model.id)).all())
        for kind in CATALOGUES
    }


def validate_entry(kind: CatalogueKind, rec: Any) -> list[FieldError]:
    errors = check_key("key", rec.key)
    errors += check_text("name", rec.name, required=True, short=True)
    errors += check_text("description", rec.description)
    return errors


def put_entry(session: Session, kind: CatalogueKind, rec: Any, *, actor: str) -> None:
    """Insert or update one catalogue entry inside the caller's transaction."""
    errors = validate_entry(kind, rec)
    if errors:
        raise ValidationError(errors, subject=f"{kind.label} {rec.key}")
    row = session.scalars(select(kind.model).where(kind.model.key == rec.key)).one_or_none()
    before = entry_to_rec(kind, row) if row is not None else None
    changes = diff(before, rec)
    if not changes:
        return
    if row is None:
        session.add(kind.model(**_columns(rec)))
    else:
        for name, value in _columns(rec).items():
            setattr(row, name, value)
        flags = {"special", "criminal"} & set(changes)
        if kind.name == "data_categories" and flags:
            from ropa_desktop.services import approval

            approval.note_category_change(session, row.id, rec.name)
    record_event(
        session,
        actor=actor,
        entity_type=kind.name,
        key=rec.key,
        label=rec.name,
        before=before,
        after=rec,
    )


def save_entry(register: Register, *, catalogue_name: str, record: Any) -> None:
    """Add a new entry to a catalogue (or update one), with an audit event."""
    with register.transaction() as session:
        put_entry(session, BY_NAME[catalogue_name], record, actor=register.actor)
