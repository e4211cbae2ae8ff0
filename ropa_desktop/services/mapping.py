"""Copy between ORM rows and plain records; the only place that knows both shapes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ropa_desktop.domain import (
    DataCategory,
    DataCategoryUse,
    Organisation,
    ProcessingActivity,
    Processor,
    Purpose,
    RecipientCategory,
    RecipientUse,
    SecurityMeasure,
    Source,
    SubjectCategory,
    System,
    Transfer,
)
from ropa_desktop.domain.enums import DpiaCriterion
from ropa_desktop.domain.records import (
    ActivityRec,
    DataUseRec,
    OrganisationRec,
    ProcessorRec,
    PurposeRec,
    RecipientUseRec,
    SourceRec,
    TransferRec,
)

ACTIVITY_LOAD = (
    selectinload(ProcessingActivity.purposes),
    selectinload(ProcessingActivity.data_uses).joinedload(DataCategoryUse.data_category),
    selectinload(ProcessingActivity.sources),
    selectinload(ProcessingActivity.recipient_uses).joinedload(RecipientUse.recipient_category),
    selectinload(ProcessingActivity.transfers),
    selectinload(ProcessingActivity.subject_categories),
    selectinload(ProcessingActivity.measures),
    selectinload(ProcessingActivity.systems),
    selectinload(ProcessingActivity.processors),
)

_ACTIVITY_SCALARS = (
    "key",
    "reference",
    "name",
    "role",
    "status",
    "description",
    "owner_department",
    "joint_controllers",
    "last_reviewed_on",
    "next_review_on",
    "review_cycle_months",
    "approved_by",
    "approved_on",
    "approved_version",
    "measures_note",
    "dpia_reference",
    "automated_decision",
    "automated_decision_note",
    "controllers_on_behalf",
    "processing_categories",
    "version",
)


def _child_fields(rec_cls: Any) -> tuple[str, ...]:
    from dataclasses import fields

    return tuple(f.name for f in fields(rec_cls))


def activity_to_rec(row: ProcessingActivity) -> ActivityRec:
    values: dict[str, Any] = {name: getattr(row, name) for name in _ACTIVITY_SCALARS}
    values["purposes"] = tuple(
        PurposeRec(**{n: getattr(p, n) for n in _child_fields(PurposeRec)}) for p in row.purposes
    )
    values["data_categories"] = tuple(
        DataUseRec(
            category=u.data_category.key,
            art9_condition=u.art9_condition,
            art10_basis=u.art10_basis,
            note=u.note,
        )
        for u in row.data_uses
    )
    values["sources"] = tuple(
        SourceRec(**{n: getattr(s, n) for n in _child_fields(SourceRec)}) for s in row.sources
    )
    values["recipients"] = tuple(
        RecipientUseRec(category=r.recipient_category.key, detail=r.detail)
        for r in row.recipient_uses
    )
    values["transfers"] = tuple(
        TransferRec(**{n: getattr(t, n) for n in _child_fields(TransferRec)}) for t in row.transfers
    )
    values["subject_categories"] = tuple(c.key for c in row.subject_categories)
    values["measures"] = tuple(m.key for m in row.measures)
    values["systems"] = tuple(s.key for s in row.systems)
    values["processors"] = tuple(p.key for p in row.processors)
    values["dpia_criteria"] = tuple(DpiaCriterion.parse(c) for c in row.dpia_criteria)
    values["to_confirm"] = tuple(row.to_confirm)
    return ActivityRec(**values)


def _rows_by_key(session: Session, model: Any, keys: tuple[str, ...]) -> list[Any]:
    from ropa_desktop.services.lookups import current

    if not keys:
        return []
    if (batch := current(session)) is not None:
        return batch.rows_by_key(model, keys)
    found = {r.key: r for r in session.scalars(select(model).where(model.key.in_(keys)))}
    return [found[k] for k in keys]


def apply_activity(session: Session, row: ProcessingActivity, rec: ActivityRec) -> None:
    """Make ``row`` say what ``rec`` says (references already validated)."""
    for name in _ACTIVITY_SCALARS:
        if name not in ("version",):
            setattr(row, name, getattr(rec, name))
    row.dpia_criteria = [c.value for c in rec.dpia_criteria]
    row.to_confirm = list(rec.to_confirm)
    row.purposes = [
        Purpose(position=i, **{n: getattr(p, n) for n in _child_fields(PurposeRec)})
        for i, p in enumerate(rec.purposes)
    ]
    cats = {
        r.key: r
        for r in _rows_by_key(session, DataCategory, tuple(u.category for u in rec.data_categories))
    }
    row.data_uses = [
        DataCategoryUse(
            position=i,
            data_category=cats[u.category],
            art9_condition=u.art9_condition,
            art10_basis=u.art10_basis,
            note=u.note,
        )
        for i, u in enumerate(rec.data_categories)
    ]
    row.sources = [
        Source(position=i, **{n: getattr(s, n) for n in _child_fields(SourceRec)})
        for i, s in enumerate(rec.sources)
    ]
    recips = {
        r.key: r
        for r in _rows_by_key(session, RecipientCategory, tuple(u.category for u in rec.recipients))
    }
    row.recipient_uses = [
        RecipientUse(position=i, recipient_category=recips[u.category], detail=u.detail)
        for i, u in enumerate(rec.recipients)
    ]
    row.transfers = [
        Transfer(position=i, **{n: getattr(t, n) for n in _child_fields(TransferRec)})
        for i, t in enumerate(rec.transfers)
    ]
    row.subject_categories = _rows_by_key(session, SubjectCategory, rec.subject_categories)
    row.measures = _rows_by_key(session, SecurityMeasure, rec.measures)
    row.systems = _rows_by_key(session, System, rec.systems)
    row.processors = _rows_by_key(session, Processor, rec.processors)


_ORG_FIELDS = _child_fields(OrganisationRec)
_PROC_FIELDS = _child_fields(ProcessorRec)


def organisation_to_rec(row: Organisation) -> OrganisationRec:
    values = {n: getattr(row, n) for n in _ORG_FIELDS}
    values["to_confirm"] = tuple(row.to_confirm)
    return OrganisationRec(**values)


def apply_organisation(row: Organisation, rec: OrganisationRec) -> None:
    for name in _ORG_FIELDS:
        if name != "version":
            setattr(row, name, getattr(rec, name))
    row.to_confirm = list(rec.to_confirm)


def processor_to_rec(row: Processor) -> ProcessorRec:
    values = {n: getattr(row, n) for n in _PROC_FIELDS}
    for name in ("locations", "certifications", "to_confirm"):
        values[name] = tuple(getattr(row, name))
    return ProcessorRec(**values)


def apply_processor(row: Processor, rec: ProcessorRec) -> None:
    for name in _PROC_FIELDS:
        if name != "version":
            setattr(row, name, getattr(rec, name))
    for name in ("locations", "certifications", "to_confirm"):
        setattr(row, name, list(getattr(rec, name)))


def refs_for_validation(session: Session) -> Mapping[str, Mapping[str, object]]:
    from ropa_desktop.services.catalogues import keys_by_catalogue
    from ropa_desktop.services.lookups import current

    if (batch := current(session)) is not None:
        return batch.refs

    refs: dict[str, Mapping[str, object]] = dict(keys_by_catalogue(session))
    refs["processors"] = dict(session.execute(select(Processor.key, Processor.id)).all())
    return refs
