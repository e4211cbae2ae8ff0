"""Copy between ORM rows and plain records; the only place that knows both shapes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Table, delete, insert, select
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
from ropa_desktop.domain.activity import (
    activity_measure,
    activity_processor,
    activity_subject,
    activity_system,
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


def read_activities(session: Session, ids: list[int]) -> dict[int, ActivityRec]:
    """The full records of these activities (row ids), read with one query per table and
    no ORM objects: what ``activity_to_rec`` gives of the same rows, several times faster
    for a big register's exports, checks and summaries."""
    if not ids:
        return {}
    act = ProcessingActivity.__table__
    scalars = [act.c[name] for name in _ACTIVITY_SCALARS]
    values: dict[int, dict[str, Any]] = {}
    for row in session.execute(
        select(act.c.id, act.c.dpia_criteria, act.c.to_confirm, *scalars).where(act.c.id.in_(ids))
    ):
        found = dict(zip(_ACTIVITY_SCALARS, row[3:], strict=True))
        found["dpia_criteria"] = tuple(DpiaCriterion.parse(c) for c in row[1])
        found["to_confirm"] = tuple(row[2])
        for name in PART_NAMES:
            found[_REC_FIELD.get(name, name)] = []
        values[row[0]] = found

    def parts(field: str, query: Any, make: Any) -> None:
        for row in session.execute(query):
            values[row[0]][field].append(make(row))

    for model, rec_cls, field in (
        (Purpose, PurposeRec, "purposes"),
        (Source, SourceRec, "sources"),
        (Transfer, TransferRec, "transfers"),
    ):
        names = _child_fields(rec_cls)
        parts(
            field,
            select(model.activity_id, *(getattr(model, n) for n in names))
            .where(model.activity_id.in_(ids))
            .order_by(model.activity_id, model.position, model.id),
            lambda row, rec_cls=rec_cls: rec_cls(*row[1:]),
        )
    use = DataCategoryUse
    parts(
        "data_categories",
        select(use.activity_id, DataCategory.key, use.art9_condition, use.art10_basis, use.note)
        .join(DataCategory, use.data_category_id == DataCategory.id)
        .where(use.activity_id.in_(ids))
        .order_by(use.activity_id, use.position, use.id),
        lambda row: DataUseRec(*row[1:]),
    )
    parts(
        "recipients",
        select(RecipientUse.activity_id, RecipientCategory.key, RecipientUse.detail)
        .join(RecipientCategory, RecipientUse.recipient_category_id == RecipientCategory.id)
        .where(RecipientUse.activity_id.in_(ids))
        .order_by(RecipientUse.activity_id, RecipientUse.position, RecipientUse.id),
        lambda row: RecipientUseRec(*row[1:]),
    )
    for name, table, column, model in _LINKS:
        parts(
            name,
            select(table.c.activity_id, model.key)
            .join(model, table.c[column] == model.id)
            .where(table.c.activity_id.in_(ids))
            .order_by(table.c.activity_id, model.key),
            lambda row: row[1],
        )
    out = {}
    for i in ids:
        if (read := values.get(i)) is not None:
            for name in _TUPLES:
                read[name] = tuple(read[name])
            out[i] = ActivityRec(**read)
    return out


def _rows_by_key(session: Session, model: Any, keys: tuple[str, ...]) -> list[Any]:
    from ropa_desktop.services.lookups import current

    if not keys:
        return []
    if (batch := current(session)) is not None:
        return batch.rows_by_key(model, keys)
    found = {r.key: r for r in session.scalars(select(model).where(model.key.in_(keys)))}
    return [found[k] for k in keys]


def apply_activity(session: Session, row: ProcessingActivity, rec: ActivityRec) -> None:
    """Make ``row`` say what ``rec`` says (references already validated).

    Inside a batch of saves (``services.lookups``) the parts (purposes, data, sources,
    recipients, transfers and the links to catalogues and processors) are written when the
    batch ends, all activities' together (``write_parts``), instead of as ORM objects.
    """
    from ropa_desktop.services.lookups import current

    for name in _ACTIVITY_SCALARS:
        if name not in ("version",):
            setattr(row, name, getattr(rec, name))
    row.dpia_criteria = [c.value for c in rec.dpia_criteria]
    row.to_confirm = list(rec.to_confirm)
    if (batch := current(session)) is not None:
        batch.hold_parts(row, rec)
        return
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


# The parts of an activity: (ORM attribute, child model or link table, the rec's field).
_OWNED = (
    ("purposes", Purpose),
    ("data_uses", DataCategoryUse),
    ("sources", Source),
    ("recipient_uses", RecipientUse),
    ("transfers", Transfer),
)
_LINKS: tuple[tuple[str, Table, str, Any], ...] = (
    ("subject_categories", activity_subject, "subject_category_id", SubjectCategory),
    ("measures", activity_measure, "security_measure_id", SecurityMeasure),
    ("systems", activity_system, "system_id", System),
    ("processors", activity_processor, "processor_id", Processor),
)
PART_NAMES = tuple(name for name, _ in _OWNED) + tuple(link[0] for link in _LINKS)
# The record's field for each part where its name differs from the ORM attribute's.
_REC_FIELD = {"data_uses": "data_categories", "recipient_uses": "recipients"}
_TUPLES = tuple(_REC_FIELD.get(name, name) for name in PART_NAMES)


def write_parts(
    session: Session,
    held: Iterable[tuple[ProcessingActivity, ActivityRec]],
    replaced: Iterable[int],
    rows: Mapping[Any, Mapping[str, Any]],
) -> None:
    """Write the parts of many flushed activities in one statement per table: the old
    parts of ``replaced`` (activity ids) removed first. ``rows`` gives the catalogue and
    processor rows by key. The activities' part collections are expired, to be read
    back from the database when next asked for."""
    gone = sorted(replaced)
    for start in range(0, len(gone), 500):
        chunk = gone[start : start + 500]
        for _, model in _OWNED:
            session.execute(
                delete(model).where(model.activity_id.in_(chunk)),
                execution_options={"synchronize_session": False},
            )
        for _, table, _, _ in _LINKS:
            session.execute(table.delete().where(table.c.activity_id.in_(chunk)))
    owned: dict[Any, list[dict[str, Any]]] = {model: [] for _, model in _OWNED}
    linked: dict[Table, list[dict[str, Any]]] = {link[1]: [] for link in _LINKS}
    cats, recips = rows[DataCategory], rows[RecipientCategory]
    touched = []
    for row, rec in held:
        touched.append(row)
        aid = row.id
        owned[Purpose] += _numbered(aid, rec.purposes, _PURPOSE)
        owned[DataCategoryUse] += _numbered(
            aid,
            rec.data_categories,
            ("art9_condition", "art10_basis", "note"),
            lambda u: {"data_category_id": cats[u.category].id},
        )
        owned[Source] += _numbered(aid, rec.sources, _SOURCE)
        owned[RecipientUse] += _numbered(
            aid,
            rec.recipients,
            ("detail",),
            lambda u: {"recipient_category_id": recips[u.category].id},
        )
        owned[Transfer] += _numbered(aid, rec.transfers, _TRANSFER)
        for name, table, column, model in _LINKS:
            found = rows[model]
            linked[table] += (
                {"activity_id": aid, column: found[k].id} for k in dict.fromkeys(getattr(rec, name))
            )
    for model, values in owned.items():
        if values:
            session.execute(insert(model), values)
    for table, values in linked.items():
        if values:
            session.execute(table.insert(), values)
    for row in touched:
        session.expire(row, PART_NAMES)


def _numbered(
    activity_id: int,
    items: tuple[Any, ...],
    names: tuple[str, ...],
    more: Any = lambda item: {},
) -> list[dict[str, Any]]:
    """The rows of an activity's parts: its id, their position and these fields."""
    return [
        {"activity_id": activity_id, "position": i, **{n: getattr(item, n) for n in names}}
        | more(item)
        for i, item in enumerate(items)
    ]


_PURPOSE = _child_fields(PurposeRec)
_SOURCE = _child_fields(SourceRec)
_TRANSFER = _child_fields(TransferRec)
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
