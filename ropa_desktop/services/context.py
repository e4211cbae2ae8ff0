"""Build the read-only context that checks need, from one session."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ropa_desktop.domain import DataCategory, Processor, RetentionRule
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
from ropa_desktop.services.retention_schedule import retention_findings_extended


def check_context(session: Session, *, today: dt.date | None = None) -> CheckContext:
    from ropa_desktop.services.catalogues import BY_NAME, entry_to_rec
    from ropa_desktop.services.retention import rule_to_rec

    kind = BY_NAME["data_categories"]
    cats = {r.key: entry_to_rec(kind, r) for r in session.scalars(select(DataCategory))}
    procs = {r.key: processor_to_rec(r) for r in session.scalars(select(Processor))}
    rules = tuple(
        rule_to_rec(r) for r in session.scalars(select(RetentionRule).order_by(RetentionRule.key))
    )
    return CheckContext(
        data_categories=cats,
        processors=procs,
        retention_rules=rules,
        today=today or dt.date.today(),
    )


def register_findings(register: Register, *, today: dt.date | None = None) -> list[Finding]:
    """Every finding of the register: organisation, activities, processors, retention."""
    from ropa_desktop.services.interchange import read_register

    with register.reading() as session:
        ctx = check_context(session, today=today)
        doc = read_register(session)
    findings: list[Finding] = []
    if doc.organisation is None:
        findings.append(
            Finding(
                "missing_organisation",
                BLOCKING,
                "organisation",
                "",
                "",
                "name",
                "The register has no organisation.",
            )
        )
    else:
        findings += organisation_findings(doc.organisation)
    for rec in doc.activities:
        findings += activity_findings(rec, ctx)
    for proc in doc.processors:
        findings += processor_findings(proc)
    labels = {a.key: a.name for a in doc.activities}
    findings += retention_findings(doc.retention_rules, labels)
    findings += retention_findings_extended(
        doc.retention_rules, doc.activities, ctx.data_categories, today=ctx.today
    )
    return findings
