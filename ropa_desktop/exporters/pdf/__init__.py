"""Register -> the PDF an auditor reads: cover, contents, one section per activity, annexes.

``register_pdf`` builds the bytes from a register document, its findings and its
version, with no database, so tests and benches can feed it anything;
``export_pdf`` reads the register and writes the file. The same document, version
and "as of" date always give the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether

from ropa_desktop.domain.errors import StoreError
from ropa_desktop.exporters.files import write_atomically
from ropa_desktop.exporters.json_export import document_bytes
from ropa_desktop.exporters.pdf.activity import activity_section
from ropa_desktop.exporters.pdf.annexes import processors_annex, retention_annex, transfers_annex
from ropa_desktop.exporters.pdf.archive import Evidence, archive
from ropa_desktop.exporters.pdf.cover import (
    Meta,
    activities_overview,
    contents_page,
    controller_section,
    cover,
)
from ropa_desktop.exporters.pdf.evidence_annex import evidence_annex
from ropa_desktop.exporters.pdf.findings import findings_annex
from ropa_desktop.exporters.pdf.flowables import Contents, Heading
from ropa_desktop.exporters.pdf.layout import RegisterTemplate, Running
from ropa_desktop.exporters.pdf.model import Lookup
from ropa_desktop.exporters.pdf.sign_off import Provenance, sign_off_section, unapproved
from ropa_desktop.exporters.pdf.text import font_coverage
from ropa_desktop.services.as_of import end_of, register_as_of
from ropa_desktop.services.audit import audit_log, chain_head
from ropa_desktop.services.checks import Finding
from ropa_desktop.services.context import document_findings
from ropa_desktop.services.interchange import RegisterDoc, to_document
from ropa_desktop.services.references import reference_order
from ropa_desktop.services.register import Register
from ropa_desktop.services.sign_off import prepared_by

__all__ = [
    # The service's, re-exported: a PDF built from a document (tests, benches) shows
    # the findings the app shows.
    "Provenance",
    "document_findings",
    "export_pdf",
    "register_pdf",
    "register_story",
    "register_version",
]

TITLE = "Record of processing activities"


def register_pdf(
    doc: RegisterDoc,
    *,
    findings: Sequence[Finding],
    version: int,
    as_of: dt.date,
    sha256: str | None = None,
    provenance: Provenance | None = None,
) -> bytes:
    """The PDF of a register document with its JSON export attached (PDF/A-3b's parts,
    see ``archive``) and that export's SHA-256 on the cover. A ``sha256`` given instead
    (a document that cannot be exported, in tests) is printed and nothing is attached."""
    export = None if sha256 else document_bytes(to_document(doc))
    sha256 = sha256 or hashlib.sha256(export or b"").hexdigest()
    template, story = register_story(
        doc, findings=findings, version=version, as_of=as_of, sha256=sha256, provenance=provenance
    )
    evidence = Evidence(json=export, sha256=sha256, as_of=as_of.isoformat(), events=version)
    return archive(template.build_pdf(story), evidence)


def register_story(
    doc: RegisterDoc,
    *,
    findings: Sequence[Finding],
    version: int,
    as_of: dt.date,
    sha256: str | None = None,
    provenance: Provenance | None = None,
) -> tuple[RegisterTemplate, list[Flowable]]:
    """The document template and the flowables of the PDF, before layout."""
    prov = provenance or Provenance()
    font_coverage()  # registers the fonts before any text is measured
    if sha256 is None:
        sha256 = hashlib.sha256(document_bytes(to_document(doc))).hexdigest()
    # Listed as a register is read (PA-2 before PA-10); the hash above is of the export's order.
    doc = dataclasses.replace(
        doc, activities=sorted(doc.activities, key=lambda a: reference_order(a.reference))
    )
    found = list(findings)
    lk = Lookup.of(doc, found)
    body: list[Flowable] = [
        *sign_off_section(doc, lk, prov),
        *controller_section(doc, lk),
        *activities_overview(doc, found),
    ]
    for rec in doc.activities:
        body += activity_section(rec, lk)
    body += processors_annex(doc, lk)
    body += retention_annex(doc, lk)
    body += transfers_annex(doc, lk)
    body += findings_annex(found, lk)
    body += evidence_annex(doc, lk)
    contents = Contents([h.toc_entry[:3] for h in _headings(body)])
    org = doc.organisation.name if doc.organisation else "Organisation not recorded"
    template = RegisterTemplate(
        Running(
            TITLE,
            org,
            version,
            as_of,
            sha256,
            draft=bool(unapproved(doc)),
            produced_at=prov.produced_at,
        ),
        title=f"{TITLE} — {org}",
        subject=(
            f"GDPR Article 30 register of {org}, as of {as_of.isoformat()}; "
            f"SHA-256 of the JSON export {sha256}; {version} events in the audit trail"
        ),
        creator=f"ropa-desktop {_app_version()}",
    )
    meta = Meta(version=version, as_of=as_of, sha256=sha256, provenance=prov)
    return template, [contents, *cover(doc, meta, found), *contents_page(contents), *body]


def _headings(story: Sequence[Flowable]) -> list[Heading]:
    """The story's headings in order, also those inside a KeepTogether."""
    out: list[Heading] = []
    for f in story:
        if isinstance(f, Heading):
            out.append(f)
        elif isinstance(f, KeepTogether):
            out += _headings(f._content)
    return out


def export_pdf(
    register: Register,
    path: str | os.PathLike[str],
    *,
    as_of: dt.date | None = None,
    produced_at: dt.datetime | None = None,
) -> Path:
    """Write the register as it stood at the end of ``as_of`` (default today, UTC) to ``path``
    (atomically), rebuilt from the audit trail, with its findings on that day.

    RopaError for a day in the future or before the audit trail begins. The PDF records
    when it was produced: ``produced_at``, else now.
    """
    produced_at = produced_at or dt.datetime.now(dt.UTC)
    as_of = as_of or produced_at.astimezone(dt.UTC).date()
    # The state and the preparers are read one after the other. Every change appends an
    # audit event, so an unchanged newest event means they agree.
    for _attempt in range(5):
        newest = audit_log(register, limit=1)
        state = register_as_of(register, as_of, today=produced_at.astimezone(dt.UTC).date())
        prepared = prepared_by(register, until=end_of(as_of))
        chain = chain_head(register).line
        if audit_log(register, limit=1) == newest:
            break
    else:
        raise StoreError("The register kept changing while it was exported; try again.")
    findings = document_findings(state.doc, today=as_of)
    prov = Provenance(
        produced_at=produced_at, produced_by=register.actor, prepared=prepared, chain=chain
    )
    data = register_pdf(
        state.doc, findings=findings, version=state.events, as_of=as_of, provenance=prov
    )
    return write_atomically(path, data)


def register_version(register: Register) -> int:
    """The register's version: the number of changes recorded in its audit trail.

    The audit trail is append-only and written in the same transaction as each
    change, so the number grows with every change and names one state.
    """
    return len(audit_log(register, limit=sys.maxsize))


def _app_version() -> str:
    try:
        return metadata.version("ropa-desktop")
    except metadata.PackageNotFoundError:
        return "development"
