"""What a run of many saves in one transaction checks against, read once.

A save of one record asks the database what it needs to know: which catalogue entries
exist, whether a reference is taken, which data categories are sensitive. An import of
thousands of records would ask the same questions thousands of times, and every question
would first flush the records before it one by one. Inside ``batch(session)`` the
writers (``activities.put_activity``, ``retention.put_rule``) take the answers from one
read made at the start and kept up to date as they write, and nothing is flushed until
the batch ends, when the unit of work inserts each table's new rows together.

The rules stay in the writers; this module only answers their questions.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ropa_desktop.domain import (
    DataCategory,
    Organisation,
    ProcessingActivity,
    Processor,
    RecipientCategory,
    RetentionRule,
    SecurityMeasure,
    SubjectCategory,
    System,
)
from ropa_desktop.domain.errors import FieldError, ValidationError

_KEY = "ropa.lookups"
_MODELS: tuple[Any, ...] = (
    DataCategory,
    RecipientCategory,
    SubjectCategory,
    SecurityMeasure,
    System,
    Processor,
)


@dataclass
class Lookups:
    """The answers, as of the batch's start plus what the batch itself wrote."""

    organisation: Organisation
    refs: Mapping[str, Mapping[str, object]]  # for validate_activity
    rows: dict[Any, dict[str, Any]]  # model -> {key: ORM row}
    sensitive: frozenset[str]  # keys of special-category and criminal data categories
    references: dict[str, str]  # activity reference -> key
    keys: dict[Any, set[str]]  # model -> the keys its rows have (activities, rules)
    session: Session
    created: dict[str, ProcessingActivity] = field(default_factory=dict)  # by key
    activities: dict[str, ProcessingActivity] | None = None  # by key, read on first use
    # Retention-rule changes whose activities' approvals may lapse: (activity ids, label,
    # what), judged together when the batch ends (``approval.note_rule_changes``).
    rule_notes: list[tuple[set[int], str, str]] = field(default_factory=list)
    # Activities' parts, written together once the activities are flushed (write_parts):
    # the record to write by activity key, and the ids of activities whose old parts go.
    held: dict[str, tuple[ProcessingActivity, Any]] = field(default_factory=dict)
    replaced: set[int] = field(default_factory=set)

    def hold_parts(self, row: ProcessingActivity, rec: Any) -> None:
        """Keep what ``row``'s parts must be until the batch writes them."""
        if row.id is not None:
            self.replaced.add(row.id)
        self.held[row.key] = (row, rec)

    def write_parts(self) -> None:
        """Flush, then write every held activity's parts (one statement per table)."""
        from ropa_desktop.services.mapping import write_parts
        from ropa_desktop.services.summaries import touch

        if not self.held:
            return
        self.session.flush()
        held, self.held = list(self.held.values()), {}
        replaced, self.replaced = self.replaced, set()
        write_parts(self.session, held, replaced, self.rows)
        touch(self.session, ((row.id, rec) for row, rec in held))

    def rows_by_key(self, model: Any, keys: tuple[str, ...]) -> list[Any]:
        found = self.rows[model]
        return [found[k] for k in keys]

    def activity(self, key: str) -> ProcessingActivity | None:
        """The activity row with this key, read with all the others on first use."""
        if self.activities is None:
            self.activities = {a.key: a for a in self.session.scalars(select(ProcessingActivity))}
        return self.activities.get(key) or self.created.get(key)

    def saved_activity(self, row: ProcessingActivity, old_reference: str | None) -> None:
        if old_reference is not None and self.references.get(old_reference) == row.key:
            del self.references[old_reference]
        self.references[row.reference] = row.key
        self.created.setdefault(row.key, row)


def claim_new_key(session: Session, model: Any, key: str) -> None:
    """Refuse a new record whose key another record of its kind already has."""
    batch = current(session)
    if batch is not None:
        taken = key in batch.keys[model]
        batch.keys[model].add(key)
    else:
        taken = session.scalars(select(model.id).where(model.key == key)).first() is not None
    if taken:
        raise ValidationError([FieldError("key", f"“{key}” already exists")])


def current(session: Session) -> Lookups | None:
    """The batch's answers, or None outside a batch (ask the database)."""
    found = session.info.get(_KEY)
    return found if isinstance(found, Lookups) else None


def _load(session: Session, organisation: Organisation) -> Lookups:
    from ropa_desktop.services.mapping import refs_for_validation

    rows = {m: {r.key: r for r in session.scalars(select(m))} for m in _MODELS}
    return Lookups(
        organisation=organisation,
        session=session,
        refs=refs_for_validation(session),
        rows=rows,
        sensitive=frozenset(k for k, c in rows[DataCategory].items() if c.special or c.criminal),
        references=dict(
            session.execute(
                select(ProcessingActivity.reference, ProcessingActivity.key).where(
                    ProcessingActivity.organisation_id == organisation.id
                )
            ).all()
        ),
        keys={m: set(session.scalars(select(m.key))) for m in (ProcessingActivity, RetentionRule)},
    )


@contextmanager
def batch(session: Session) -> Iterator[Lookups]:
    """Answer the writers' questions from one read until the block ends; then flush once."""
    from ropa_desktop.services.approval import note_rule_changes
    from ropa_desktop.services.register import organisation_row

    if (held := current(session)) is not None:
        yield held
        return
    session.flush()
    found = _load(session, organisation_row(session))
    session.info[_KEY] = found
    try:
        with session.no_autoflush:
            yield found
        session.flush()
        found.write_parts()
        note_rule_changes(session, found.rule_notes)
    finally:
        session.info.pop(_KEY, None)
