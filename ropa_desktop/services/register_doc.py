"""The whole register as records (``RegisterDoc``), read in one transaction, and as the
JSON interchange document of DESIGN.md (plain Python data; the file format lives in
exporters/ and importers/). It depends on nothing that plans or applies imports:
``services.interchange`` builds the change sets on top of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ropa_desktop.domain import ProcessingActivity, Processor
from ropa_desktop.domain.errors import ImportFileError
from ropa_desktop.domain.log_records import (
    BreachRec,
    EvidenceFileDoc,
    EvidenceRec,
    RightsRequestRec,
)
from ropa_desktop.domain.records import (
    ActivityRec,
    AssessmentRec,
    OrganisationRec,
    ProcessorRec,
    RetentionRuleRec,
    TemplateRec,
    from_plain,
    to_plain,
)
from ropa_desktop.services import questionnaires, retention
from ropa_desktop.services.breaches.records import BREACHES
from ropa_desktop.services.catalogues import CATALOGUES, list_entries
from ropa_desktop.services.countries import with_country_codes
from ropa_desktop.services.mapping import (
    ACTIVITY_LOAD,
    activity_to_rec,
    organisation_to_rec,
    processor_to_rec,
)
from ropa_desktop.services.register import Register
from ropa_desktop.services.requests.records import REQUESTS

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class RegisterDoc:
    """A whole register as records."""

    organisation: OrganisationRec | None
    catalogues: dict[str, list[Any]]
    activities: list[ActivityRec]
    processors: list[ProcessorRec]
    questionnaires: list[TemplateRec]
    assessments: list[AssessmentRec]
    retention_rules: list[RetentionRuleRec]
    # The logs; None where a document has no such section (a file from before they
    # existed), which an import then leaves as the register has them.
    breaches: list[BreachRec] | None = None
    rights_requests: list[RightsRequestRec] | None = None
    # Evidence files as listed (never their bytes, nor in the JSON document).
    evidence: list[EvidenceRec] | None = None
    # The files themselves, from a document exported with them (None: not in it).
    evidence_files: list[EvidenceFileDoc] | None = None


def read_register(session: Session) -> RegisterDoc:
    from ropa_desktop.domain import Organisation

    org = session.scalars(select(Organisation).order_by(Organisation.id)).first()
    acts = session.scalars(
        select(ProcessingActivity).options(*ACTIVITY_LOAD).order_by(ProcessingActivity.reference)
    )
    return RegisterDoc(
        organisation=organisation_to_rec(org) if org else None,
        catalogues={kind.name: list_entries(session, kind) for kind in CATALOGUES},
        activities=[activity_to_rec(a) for a in acts],
        processors=[
            processor_to_rec(p) for p in session.scalars(select(Processor).order_by(Processor.key))
        ],
        questionnaires=questionnaires.list_templates(session),
        assessments=questionnaires.list_assessments(session),
        retention_rules=retention.list_rules_in(session),
        **read_logs(session),
    )


def read_logs(session: Session) -> dict[str, Any]:
    """The breach register and the rights-request log, by reference."""
    from ropa_desktop.services.evidence import list_evidence_in

    return {
        "breaches": BREACHES.list_in(session),
        "rights_requests": REQUESTS.list_in(session),
        "evidence": list_evidence_in(session),
    }


def snapshot(register: Register) -> RegisterDoc:
    """Everything in the register, read in one transaction."""
    with register.reading() as session:
        return read_register(session)


def to_document(doc: RegisterDoc) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "organisation": to_plain(doc.organisation) if doc.organisation else None,
        "catalogues": {name: to_plain(entries) for name, entries in doc.catalogues.items()},
        "activities": to_plain(doc.activities),
        "processors": to_plain(doc.processors),
        "questionnaires": to_plain(doc.questionnaires),
        "assessments": to_plain(doc.assessments),
        "retention_rules": to_plain(doc.retention_rules),
        "breaches": to_plain(doc.breaches or []),
        "rights_requests": to_plain(doc.rights_requests or []),
    }


def export_document(register: Register) -> dict[str, Any]:
    return to_document(snapshot(register))


def from_document(data: dict[str, Any]) -> RegisterDoc:
    """Records from a (schema-valid) document; ImportFileError names the bad place."""

    def many(section: str, cls: type, items: Iterable[Any]) -> list[Any]:
        out: list[Any] = []
        for i, item in enumerate(items):
            try:
                out.append(from_plain(cls, item))
            except (TypeError, ValueError) as exc:
                raise ImportFileError(f"{section}[{i}]: {exc}.") from None
        return out

    if data.get("schema_version") != SCHEMA_VERSION:
        raise ImportFileError(
            f"The document has schema_version {json.dumps(data.get('schema_version'))}; this version reads {SCHEMA_VERSION}."
        )
    org = data.get("organisation")
    cats = data.get("catalogues", {})
    return RegisterDoc(
        organisation=many("organisation", OrganisationRec, [org])[0] if org else None,
        catalogues={
            k.name: many(f"catalogues.{k.name}", k.record, cats.get(k.name, [])) for k in CATALOGUES
        },
        activities=[
            with_country_codes(a.normalised())
            for a in many("activities", ActivityRec, data.get("activities", []))
        ],
        processors=many("processors", ProcessorRec, data.get("processors", [])),
        questionnaires=many("questionnaires", TemplateRec, data.get("questionnaires", [])),
        assessments=many("assessments", AssessmentRec, data.get("assessments", [])),
        retention_rules=many("retention_rules", RetentionRuleRec, data.get("retention_rules", [])),
        breaches=many("breaches", BreachRec, data["breaches"]) if "breaches" in data else None,
        rights_requests=(
            many("rights_requests", RightsRequestRec, data["rights_requests"])
            if "rights_requests" in data
            else None
        ),
        evidence_files=(
            many("evidence_files", EvidenceFileDoc, data["evidence_files"])
            if "evidence_files" in data
            else None
        ),
    )
