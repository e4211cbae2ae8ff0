"""The register read a batch of activities at a time, so exports and checks of a big
register hold one batch of full activity records, never all of them.

``register_rest`` is the register without its activities (a ``RegisterDoc`` whose
``activities`` is empty); ``activity_batches`` then yields the activities in
register order (by reference, as ``interchange.read_register`` reads them), each
batch converted by the same mapping as the whole-register read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ropa_desktop.domain import Organisation, ProcessingActivity, Processor, RetentionRule
from ropa_desktop.domain.records import ActivityRec, RetentionRuleRec
from ropa_desktop.services import questionnaires, retention
from ropa_desktop.services.catalogues import CATALOGUES, list_entries
from ropa_desktop.services.interchange import RegisterDoc, read_logs
from ropa_desktop.services.mapping import (
    organisation_to_rec,
    processor_to_rec,
    read_activities,
)

# Activities per batch: big enough that the per-query cost is spread thin, small
# enough that a batch of records and their rows stays a few megabytes.
BATCH_SIZE = 500


def register_rest(session: Session) -> RegisterDoc:
    """Everything in the register but its activities (``activities`` is empty)."""
    org = session.scalars(select(Organisation).order_by(Organisation.id)).first()
    return RegisterDoc(
        organisation=organisation_to_rec(org) if org else None,
        catalogues={kind.name: list_entries(session, kind) for kind in CATALOGUES},
        activities=[],
        processors=[
            processor_to_rec(p) for p in session.scalars(select(Processor).order_by(Processor.key))
        ],
        questionnaires=questionnaires.list_templates(session),
        assessments=questionnaires.list_assessments(session),
        retention_rules=_rules(session),
        **read_logs(session),
    )


def _rules(session: Session, *, size: int | None = None) -> list[RetentionRuleRec]:
    """``retention.list_rules_in`` of all rules (by key), its rows read a batch at a time:
    the records are a fraction of the rows' memory, which a whole read holds at once."""
    size = (size or BATCH_SIZE) * 4
    ids = list(session.scalars(select(RetentionRule.id).order_by(RetentionRule.key)))
    out: list[RetentionRuleRec] = []
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        rows = session.scalars(
            select(RetentionRule)
            .options(joinedload(RetentionRule.activity), joinedload(RetentionRule.data_category))
            .where(RetentionRule.id.in_(chunk))
        ).all()
        by_id = {row.id: row for row in rows}
        out += [retention.rule_to_rec(by_id[i]) for i in chunk if i in by_id]
        del rows, by_id
        session.expunge_all()
    return out


def activity_batches(session: Session, *, size: int | None = None) -> Iterator[list[ActivityRec]]:
    """The register's activities in register order, ``size`` (``BATCH_SIZE``) at a time."""
    size = size or BATCH_SIZE
    ids = list(
        session.scalars(select(ProcessingActivity.id).order_by(ProcessingActivity.reference))
    )
    for start in range(0, len(ids), size):
        found = read_activities(session, ids[start : start + size])
        yield list(found.values())


def batches_of(
    activities: Sequence[ActivityRec], *, size: int | None = None
) -> Iterator[list[ActivityRec]]:
    """Activities already read into records, in the batches ``activity_batches`` would give."""
    size = size or BATCH_SIZE
    for start in range(0, len(activities), size):
        yield list(activities[start : start + size])


def outline(rec: ActivityRec) -> ActivityRec:
    """What the rest of the register needs of an activity once its rows are written:
    its key, reference, name, status, processors and data categories."""
    return ActivityRec(
        key=rec.key,
        reference=rec.reference,
        name=rec.name,
        status=rec.status,
        processors=rec.processors,
        data_categories=rec.data_categories,
    )


def with_outlines(rest: RegisterDoc, outlines: Iterable[ActivityRec]) -> RegisterDoc:
    """The register without its full activities, their outlines in their place."""
    return RegisterDoc(
        organisation=rest.organisation,
        catalogues=rest.catalogues,
        activities=list(outlines),
        processors=rest.processors,
        questionnaires=rest.questionnaires,
        assessments=rest.assessments,
        retention_rules=rest.retention_rules,
        breaches=rest.breaches,
        rights_requests=rest.rights_requests,
        evidence=rest.evidence,
    )
