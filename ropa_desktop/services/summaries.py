"""The activity list's summary, stored on each activity row and kept in step with it.

What a list row shows beyond the activity's own columns (completeness, legal bases) and
the words the filter finds it by are computed from the full record here, and only here,
and stored on the row. ``track`` watches every flush of a register's sessions for what
a summary is made of: the activity and its purposes, data and recipients, the retention
rules that name it, the names of the data categories it uses. ``settle`` (called by
``Register.transaction`` before commit) recomputes the summaries of the activities so
touched, whichever door the change came through. The list then reads one row per
activity, with no child table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, cast

from sqlalchemy import Table, bindparam, inspect, select, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.util import identity_key

from ropa_desktop.domain import (
    DataCategory,
    DataCategoryUse,
    ProcessingActivity,
    Processor,
    Purpose,
    RecipientCategory,
    RecipientUse,
    RetentionRule,
)
from ropa_desktop.domain.activity import activity_processor
from ropa_desktop.domain.enums import LegalBasis
from ropa_desktop.domain.records import ActivityRec, DataCategoryRec
from ropa_desktop.services.checks import CheckContext, missing_requirements
from ropa_desktop.services.mapping import activity_to_rec, read_activities

_TOUCHED = "ropa.summaries"
_WRITING = "ropa.summaries.writing"
_CHUNK = 500
# The relationships ``activity_to_rec`` reads: a row with all of them loaded needs no query.
_PARTS = frozenset(
    ("purposes", "data_uses", "sources", "recipient_uses", "transfers", "subject_categories",
     "measures", "systems", "processors")
)  # fmt: skip


@dataclass(frozen=True)
class Summary:
    """What the activity list needs beyond the activity's own columns."""

    missing: tuple[str, ...]  # checks.REQUIREMENTS codes the activity lacks
    legal_bases: tuple[LegalBasis, ...]  # in the order the purposes first name them
    # casefolded: reference, name, purposes, data categories, processors, recipients, subjects
    search_text: str

    def columns(self) -> tuple[str, str, str]:
        """The values of ``summary_missing``, ``summary_bases`` and ``summary_search``."""
        return (
            " ".join(self.missing),
            " ".join(b.value for b in self.legal_bases),
            self.search_text,
        )


@dataclass(frozen=True)
class Names:
    """The names the filter finds an activity by that live outside it, by key."""

    processors: Mapping[str, str] = field(default_factory=dict)
    recipients: Mapping[str, str] = field(default_factory=dict)  # recipient categories


def read_names(session: Session, records: Iterable[ActivityRec]) -> Names:
    """The names of the processors and recipient categories these records use."""
    records = list(records)
    procs = {k for rec in records for k in rec.processors}
    recips = {r.category for rec in records for r in rec.recipients}
    return Names(
        processors={
            k: n
            for k, n in session.execute(
                select(Processor.key, Processor.name).where(Processor.key.in_(procs))
            )
        }
        if procs
        else {},
        recipients={
            k: n
            for k, n in session.execute(
                select(RecipientCategory.key, RecipientCategory.name).where(
                    RecipientCategory.key.in_(recips)
                )
            )
        }
        if recips
        else {},
    )


def _row_names(row: ProcessingActivity) -> Names:
    """The names of a loaded activity row's processors and recipient categories."""
    return Names(
        processors={p.key: p.name for p in row.processors},
        recipients={
            u.recipient_category.key: u.recipient_category.name for u in row.recipient_uses
        },
    )


def summarise(rec: ActivityRec, ctx: CheckContext, named: Names | None = None) -> Summary:
    """The summary of a full record, against the rest of the register (``ctx``, and the
    names of its processors and recipients, ``named``)."""
    named = named or Names()
    names = [
        ctx.data_categories[d.category].name
        for d in rec.data_categories
        if d.category in ctx.data_categories
    ]
    words = [
        rec.reference,
        rec.name,
        *(p.description for p in rec.purposes),
        *names,
        *(named.processors.get(k, "") for k in rec.processors),
        *(f"{named.recipients.get(r.category, '')} {r.detail}" for r in rec.recipients),
    ]
    return Summary(
        missing=missing_requirements(rec, ctx),
        legal_bases=tuple(dict.fromkeys(p.legal_basis for p in rec.purposes if p.legal_basis)),
        search_text=" ".join([*words, *rec.subject_categories]).casefold(),
    )


@dataclass
class _Touched:
    """What the flushes of one transaction changed that summaries are made of."""

    rows: set[ProcessingActivity] = field(default_factory=set)
    ids: set[int] = field(default_factory=set)
    categories: set[int] = field(default_factory=set)
    processors: set[int] = field(default_factory=set)  # renamed: their users' words change
    recipients: set[int] = field(default_factory=set)  # recipient categories renamed
    removed: set[str] = field(default_factory=set)  # keys of deleted activities
    # The full records a batch of saves wrote (by row id): their summaries are made from
    # them instead of read back, unless a later flush changed the activity again.
    written: dict[int, ActivityRec] = field(default_factory=dict)


def track(sessions: sessionmaker[Session]) -> None:
    """Watch every flush of these sessions for changes a summary depends on."""
    from sqlalchemy import event

    event.listen(sessions, "before_flush", _note_flush)


def _touched(session: Session) -> _Touched:
    found = session.info.get(_TOUCHED)
    if found is None:
        found = session.info[_TOUCHED] = _Touched()
    assert isinstance(found, _Touched)
    return found


def _note_flush(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(_WRITING):
        return
    touched = _touched(session)
    for obj in chain(session.new, session.dirty, session.deleted):
        # Values read from __dict__: a flush must not load anything it does not hold.
        held = obj.__dict__
        if isinstance(obj, ProcessingActivity):
            touched.written.pop(held.get("id") or 0, None)
            if obj in session.deleted:
                touched.removed.add(held.get("key") or "")
            else:
                touched.rows.add(obj)
        elif isinstance(obj, Purpose | DataCategoryUse | RecipientUse):
            touched.written.pop(held.get("activity_id") or 0, None)
            touched.ids.add(held.get("activity_id") or 0)
        elif isinstance(obj, RetentionRule):
            # The activity it names now, and the one it named before (a rule may move).
            before = inspect(obj).committed_state.get("activity_id")
            touched.ids.update((held.get("activity_id") or 0, before or 0))
            if held.get("activity") is not None:
                touched.rows.add(held["activity"])
        elif isinstance(obj, DataCategory) and inspect(obj).attrs.name.history.deleted:
            touched.categories.add(held.get("id") or 0)
        elif isinstance(obj, Processor) and inspect(obj).attrs.name.history.deleted:
            touched.processors.add(held.get("id") or 0)
        elif isinstance(obj, RecipientCategory) and inspect(obj).attrs.name.history.deleted:
            touched.recipients.add(held.get("id") or 0)


def touch(session: Session, written: Iterable[tuple[int, ActivityRec]]) -> None:
    """Note activities whose parts a batch wrote without the ORM's flush, with the full
    record each now holds (row id, record)."""
    touched = _touched(session)
    for i, rec in written:
        touched.ids.add(i)
        touched.written[i] = rec


def settle(session: Session) -> set[str]:
    """Recompute the summaries the transaction's changes touched; returns the keys of the
    activities it changed or deleted (what the activity list must read again)."""
    session.flush()
    touched = session.info.pop(_TOUCHED, None)
    if not isinstance(touched, _Touched):
        return set()
    ids = {i for i in touched.ids if i}
    ids.update(r.id for r in touched.rows if inspect(r).persistent)
    categories = {c for c in touched.categories if c}
    if categories:
        ids.update(
            session.scalars(
                select(DataCategoryUse.activity_id)
                .where(DataCategoryUse.data_category_id.in_(categories))
                .distinct()
            )
        )
    for used, column, among in (
        (touched.processors, activity_processor.c.processor_id, activity_processor.c.activity_id),
        (touched.recipients, RecipientUse.recipient_category_id, RecipientUse.activity_id),
    ):
        if wanted := {i for i in used if i}:
            ids.update(session.scalars(select(among).where(column.in_(wanted)).distinct()))
    keys = refresh(session, ids, touched.written)
    return keys | (touched.removed - keys - {""})


_COLUMNS = ("summary_missing", "summary_bases", "summary_search")


def refresh(
    session: Session, ids: Iterable[int], written: Mapping[int, ActivityRec] | None = None
) -> set[str]:
    """Store the summary of each of these activities (row ids); returns their keys.
    ``written`` gives the full records of some of them, so that they need not be read."""
    from ropa_desktop.services.retention import list_rules_in

    keys: set[str] = set()
    written = written or {}
    session.info[_WRITING] = True
    try:
        for chunk in _chunks(sorted(set(ids))):
            # Each activity's own rules: a context holding all the chunk's would index
            # them again for every activity.
            rules: dict[str | None, tuple[Any, ...]] = {}
            for rule in list_rules_in(session, activity_ids=chunk):
                rules[rule.activity] = (*rules.get(rule.activity, ()), rule)
            known = {i: written[i] for i in chunk if i in written}
            held, wanted = _held(session, [i for i in chunk if i not in known])
            known.update(read_activities(session, wanted))
            for row in held:
                ctx = CheckContext(
                    data_categories=_categories(row), retention_rules=rules.get(row.key, ())
                )
                values = summarise(activity_to_rec(row), ctx, _row_names(row)).columns()
                if (row.summary_missing, row.summary_bases, row.summary_search) != values:
                    row.summary_missing, row.summary_bases, row.summary_search = values
                keys.add(row.key)
            session.flush()
            if known:
                _store(session, known, rules)
                keys.update(rec.key for rec in known.values())
    finally:
        session.info.pop(_WRITING, None)
    return keys


def _store(
    session: Session,
    records: Mapping[int, ActivityRec],
    rules: Mapping[str | None, tuple[Any, ...]],
) -> None:
    """Summarise full records and store their summaries in one statement."""
    from ropa_desktop.services.catalogues import BY_NAME, entry_to_rec

    kind = BY_NAME["data_categories"]
    wanted = {d.category for rec in records.values() for d in rec.data_categories}
    found = session.scalars(select(DataCategory).where(DataCategory.key.in_(wanted)))
    cats = {c.key: entry_to_rec(kind, c) for c in found}
    named = read_names(session, records.values())
    values = []
    for i, rec in records.items():
        used = {d.category: cats[d.category] for d in rec.data_categories}
        ctx = CheckContext(data_categories=used, retention_rules=rules.get(rec.key, ()))
        values.append(
            dict(zip(_COLUMNS, summarise(rec, ctx, named).columns(), strict=True), b_id=i)
        )
    table = cast(Table, ProcessingActivity.__table__)
    session.execute(
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values({c: bindparam(c) for c in _COLUMNS}),
        values,
    )
    for i in records:
        row = session.identity_map.get(identity_key(ProcessingActivity, i))
        if row is not None:
            session.expire(row, list(_COLUMNS))


def fill_summaries(session: Session) -> int:
    """Make the summaries not made yet (after an upgrade); returns how many were made."""
    ids = list(
        session.scalars(
            select(ProcessingActivity.id).where(ProcessingActivity.summary_missing.is_(None))
        )
    )
    for chunk in _chunks(ids):
        refresh(session, chunk)
        session.expunge_all()  # a big register is not held in memory at once
    return len(ids)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _held(session: Session, ids: list[int]) -> tuple[list[ProcessingActivity], list[int]]:
    """The activities the session holds whole (a save has just loaded or written them),
    and the ids of the others, to be read."""
    held, wanted = [], []
    for i in ids:
        row = session.identity_map.get(identity_key(ProcessingActivity, i))
        if isinstance(row, ProcessingActivity) and not (inspect(row).unloaded & _PARTS):
            held.append(row)
        else:
            wanted.append(i)
    return held, wanted


def _categories(row: ProcessingActivity) -> dict[str, DataCategoryRec]:
    from ropa_desktop.services.catalogues import BY_NAME, entry_to_rec

    kind = BY_NAME["data_categories"]
    return {u.data_category.key: entry_to_rec(kind, u.data_category) for u in row.data_uses}
