"""Build the read-only context that checks need, from one session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ropa_desktop.domain import DataCategory, Processor
from ropa_desktop.domain.records import ActivityRec
from ropa_desktop.services.assessment_checks import assessment_findings
from ropa_desktop.services.checks import (
    BLOCKING,
    CheckContext,
    Finding,
    activity_findings,
    organisation_findings,
    processor_findings,
    retention_findings,
)
from ropa_desktop.services.mapping import processor_to_rec
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention_schedule import retention_findings_extended, rule_label

if TYPE_CHECKING:
    from ropa_desktop.services.interchange import RegisterDoc


def check_context(
    session: Session,
    *,
    today: dt.date | None = None,
    activities: Collection[str] | None = None,
) -> CheckContext:
    """What checks need of the register; with ``activities`` (keys), the retention rules
    of those activities only, which is all that checking them asks (a big register has
    thousands of rules)."""
    from ropa_desktop.services.catalogues import BY_NAME, entry_to_rec
    from ropa_desktop.services.retention import activity_ids, list_rules_in

    kind = BY_NAME["data_categories"]
    cats = {r.key: entry_to_rec(kind, r) for r in session.scalars(select(DataCategory))}
    procs = {r.key: processor_to_rec(r) for r in session.scalars(select(Processor))}
    ids = None if activities is None else activity_ids(activities)
    rules = tuple(list_rules_in(session, activity_ids=ids))  # one query, not one per rule
    return CheckContext(
        data_categories=cats,
        processors=procs,
        retention_rules=rules,
        today=today or dt.date.today(),
    )


def document_context(doc: RegisterDoc, *, today: dt.date) -> CheckContext:
    """The check context of a whole register already read into records."""
    return CheckContext(
        data_categories={c.key: c for c in doc.catalogues.get("data_categories", [])},
        processors={p.key: p for p in doc.processors},
        retention_rules=tuple(doc.retention_rules),
        today=today,
    )


def document_findings(doc: RegisterDoc, *, today: dt.date) -> list[Finding]:
    """Every finding of a register read into records: the one list that ``ropa check``,
    the app and the exports show."""
    ctx = document_context(doc, today=today)
    findings = head_findings(doc)
    for rec in doc.activities:
        findings += activity_findings(rec, ctx)
    return findings + tail_findings(doc, ctx)


def head_findings(doc: RegisterDoc) -> list[Finding]:
    """The findings that come before the activities': the organisation's."""
    if doc.organisation is None:
        return [
            Finding(
                "missing_organisation",
                BLOCKING,
                "organisation",
                "",
                "",
                "name",
                "The register has no organisation.",
            )
        ]
    return organisation_findings(doc.organisation)


def tail_findings(doc: RegisterDoc, ctx: CheckContext) -> list[Finding]:
    """The findings after the activities': processors, retention, due diligence.

    Of ``doc.activities`` they need only what ``register_batches.outline`` keeps,
    so a register read in batches passes the outlines of its activities.
    """
    findings: list[Finding] = []
    for proc in doc.processors:
        findings += processor_findings(proc)
    acts = {a.key: a for a in doc.activities}
    names = {k: c.name for k, c in ctx.data_categories.items()}
    labels = {r.key: rule_label(r, acts, names) for r in doc.retention_rules}
    findings += retention_findings(doc.retention_rules, labels)
    findings += retention_findings_extended(
        doc.retention_rules, doc.activities, ctx.data_categories, today=ctx.today
    )
    # Due diligence of processors (Art. 28(1)): overdue questionnaires, processors
    # never assessed or due for review, high-risk processors.
    findings += assessment_findings(doc.processors, doc.assessments, today=ctx.today)
    findings += log_findings(doc, ctx.today)
    return findings


def log_findings(doc: RegisterDoc, today: dt.date) -> list[Finding]:
    """The breach register's duties and the rights requests' deadlines. Checked for a
    past day, the breaches are judged at its end; for today, at this moment."""
    from ropa_desktop.services.breaches.findings import breach_findings
    from ropa_desktop.services.requests.summary import request_findings

    now = dt.datetime.now(dt.UTC)
    if today != now.date():
        now = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    return breach_findings(doc.breaches or [], now=now) + request_findings(
        doc.rights_requests or [], today=today
    )


def batched_findings(
    rest: RegisterDoc, batches: Iterable[Sequence[ActivityRec]], *, today: dt.date
) -> tuple[list[Finding], list[ActivityRec]]:
    """``document_findings`` of a register read in batches (see ``register_batches``),
    and the outlines of its activities; only one batch of full records is held."""
    from ropa_desktop.services.register_batches import outline, with_outlines

    ctx = document_context(rest, today=today)
    findings = head_findings(rest)
    outlines: list[ActivityRec] = []
    for batch in batches:
        for rec in batch:
            findings += activity_findings(rec, ctx)
            outlines.append(outline(rec))
    return findings + tail_findings(with_outlines(rest, outlines), ctx), outlines


def register_findings(register: Register, *, today: dt.date | None = None) -> list[Finding]:
    """Every finding of the register: organisation, activities, processors, retention."""
    from ropa_desktop.services.register_batches import activity_batches, register_rest

    with register.reading() as session:
        rest = register_rest(session)
        findings, _ = batched_findings(
            rest, activity_batches(session), today=today or dt.date.today()
        )
    return findings
