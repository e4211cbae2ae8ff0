"""Approval, once per transaction: what the saves noted is settled just before commit.

Saves call the ``note_*`` functions; ``Register.transaction`` calls ``Pending.settle``
(through ``session.info``), which lapses approvals whose processors, rules or data
categories changed, then judges every approval the transaction made or kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ropa_desktop.domain import ProcessingActivity
from ropa_desktop.domain.enums import AuditAction, Status
from ropa_desktop.domain.records import ActivityRec, diff
from ropa_desktop.services.approval.rule import (
    LAPSE_FIELD,
    RESTORING,
    WORKFLOW_FIELDS,
    ApprovalError,
    approval_blockers,
    cleared,
)
from ropa_desktop.services.audit import record_event
from ropa_desktop.services.duties import check_duties

_PENDING = "ropa.approval"


@dataclass(frozen=True)
class Lapse:
    """An approval that lapsed in a transaction, for the user to read."""

    title: str
    reason: str

    def __str__(self) -> str:
        return f"{self.title} went back to in review: {self.reason}."


@dataclass
class Pending:
    """What the saves of one transaction did that the approval rule must settle."""

    approved: set[str] = field(default_factory=set)  # saved as approved in this transaction
    fresh: set[str] = field(default_factory=set)  # approved (or restored) in this transaction
    relied: dict[str, str] = field(default_factory=dict)  # activity key -> what changed
    lapses: list[Lapse] = field(default_factory=list)

    def settle(self, session: Session, actor: str) -> list[Lapse]:
        """Lapse what a changed processor or rule touched, then check every approval."""
        for key, reason in self.relied.items():
            if key not in self.fresh:
                _lapse(session, key, reason, actor, self.lapses)
        keys = sorted(self.approved)
        if keys:
            _check(session, keys, self.fresh, actor, self.lapses)
        return self.lapses


def pending(session: Session) -> Pending:
    found = session.info.get(_PENDING)
    if found is None:
        found = session.info[_PENDING] = Pending()
    assert isinstance(found, Pending)
    return found


def note_approved(session: Session, key: str, *, fresh: bool) -> None:
    p = pending(session)
    p.approved.add(key)
    if fresh:
        p.fresh.add(key)


def note_lapse(session: Session, title: str, reason: str) -> None:
    pending(session).lapses.append(Lapse(title, reason))


def note_relied_change(session: Session, activity_keys: Iterable[str], reason: str) -> None:
    """A processor or retention rule that approved activities rely on changed materially."""
    p = pending(session)
    for key in activity_keys:
        p.relied.setdefault(key, reason)


def approved_using_processor(session: Session, processor_id: int) -> list[str]:
    from ropa_desktop.domain.activity import activity_processor

    return list(
        session.scalars(
            select(ProcessingActivity.key)
            .join(activity_processor, activity_processor.c.activity_id == ProcessingActivity.id)
            .where(
                activity_processor.c.processor_id == processor_id,
                ProcessingActivity.status == Status.APPROVED,
            )
            # Waits for a colleague's approval of the same activity to commit, then sees it.
            .with_for_update(of=ProcessingActivity)
        )
    )


def note_category_change(session: Session, category_id: int, name: str) -> None:
    """A data category became (or stopped being) special or criminal data."""
    from ropa_desktop.domain import DataCategoryUse

    keys = session.scalars(
        select(ProcessingActivity.key)
        .join(DataCategoryUse, DataCategoryUse.activity_id == ProcessingActivity.id)
        .where(
            DataCategoryUse.data_category_id == category_id,
            ProcessingActivity.status == Status.APPROVED,
        )
        .with_for_update(of=ProcessingActivity)
    )
    note_relied_change(
        session, keys, f"the data category “{name}” changed whether it is special or criminal data"
    )


def note_rule_change(
    session: Session, activity_ids: Iterable[int | None], label: str, what: str
) -> None:
    """A retention rule was added, changed or deleted: the approvals of its activity lapse.

    Inside a batch of saves (``services.lookups``) the question waits for the batch's end.
    """
    from ropa_desktop.services.lookups import current

    ids = {i for i in activity_ids if i is not None}
    if (batch := current(session)) is not None:
        batch.rule_notes.append((ids, label, what))
    else:
        note_rule_changes(session, [(ids, label, what)])


def note_rule_changes(session: Session, notes: list[tuple[set[int], str, str]]) -> None:
    """Several retention-rule changes at once, with one query per 500 activities."""
    ids = sorted({i for found, _, _ in notes for i in found})
    approved: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        approved.update(
            session.execute(
                select(ProcessingActivity.id, ProcessingActivity.key)
                .where(
                    ProcessingActivity.id.in_(ids[start : start + 500]),
                    ProcessingActivity.status == Status.APPROVED,
                )
                .with_for_update()
            ).all()
        )
    for found, label, what in notes:
        keys = sorted(approved[i] for i in found if i in approved)
        note_relied_change(session, keys, f"retention rule “{label}” {what}")


def _load(session: Session, keys: list[str]) -> list[ActivityRec]:
    from ropa_desktop.services.mapping import ACTIVITY_LOAD, activity_to_rec

    out = []
    for i in range(0, len(keys), 500):
        rows = session.scalars(
            select(ProcessingActivity)
            .where(ProcessingActivity.key.in_(keys[i : i + 500]))
            .options(*ACTIVITY_LOAD)
            .execution_options(populate_existing=True)
        )
        out += [activity_to_rec(r) for r in rows]
    return out


def _lock_relied(session: Session, recs: list[ActivityRec]) -> None:
    """On PostgreSQL, hold the processors and retention rules an approval is judged on, so
    that a colleague's change to them waits for this approval and then lapses it."""
    from ropa_desktop.domain import Processor, RetentionRule

    procs = sorted({k for r in recs for k in r.processors})
    if procs:
        session.execute(
            select(Processor.id).where(Processor.key.in_(procs)).with_for_update(read=True)
        )
    ids = select(ProcessingActivity.id).where(ProcessingActivity.key.in_([r.key for r in recs]))
    session.execute(
        select(RetentionRule.id)
        .where(RetentionRule.activity_id.in_(ids))
        .with_for_update(read=True)
    )


def _lapse(session: Session, key: str, reason: str, actor: str, lapses: list[Lapse]) -> None:
    from ropa_desktop.services.locking import claim_version
    from ropa_desktop.services.mapping import ACTIVITY_LOAD, activity_to_rec

    session.flush()
    row = session.scalars(
        select(ProcessingActivity)
        .where(ProcessingActivity.key == key)
        .options(*ACTIVITY_LOAD)
        .execution_options(populate_existing=True)
    ).one_or_none()
    if row is None or row.status is not Status.APPROVED:
        return
    before = activity_to_rec(row)
    claim_version(
        session, ProcessingActivity, key=key, expected=row.version, entity="activity",
        label=before.title,
    )  # fmt: skip
    session.refresh(row, ["version"])
    after = cleared(dataclasses.replace(before, status=Status.IN_REVIEW, version=row.version))
    row.status = after.status
    row.approved_by, row.approved_on, row.approved_version = "", None, None
    record_event(
        session, actor=actor, entity_type="activity", key=key, label=before.name,
        before=before, after=after, action=AuditAction.UPDATE,
        changes={**diff(before, after), LAPSE_FIELD: {"before": None, "after": reason}},
    )  # fmt: skip
    lapses.append(Lapse(before.title, reason))


def _check(
    session: Session, keys: list[str], fresh: set[str], actor: str, lapses: list[Lapse]
) -> None:
    from ropa_desktop.services.context import check_context
    from ropa_desktop.services.retention_schedule import rule_label

    session.flush()
    recs = [r for r in _load(session, keys) if r.status is Status.APPROVED]
    if not recs:
        return
    _lock_relied(session, recs)
    ctx = check_context(session, activities=[r.key for r in recs])  # their rules, not all
    acts = {r.key: r for r in recs}
    names = {k: c.name for k, c in ctx.data_categories.items()}
    labels = {r.key: rule_label(r, acts, names) for r in ctx.retention_rules if r.activity in acts}
    restoring = bool(session.info.get(RESTORING))
    for rec in recs:
        if rec.key in fresh and not restoring:
            check_duties(session, rec, actor, workflow=WORKFLOW_FIELDS)
        blockers = approval_blockers(rec, ctx, rule_labels=labels)
        if not blockers:
            continue
        if rec.key in fresh:
            raise ApprovalError(rec, blockers)
        # An approval kept through a change that was not its own: it no longer holds.
        _lapse(session, rec.key, blockers[0].message.rstrip("."), actor, lapses)
