"""Register -> the Excel workbook legal reviews (``ropa export xlsx -o FILE``).

Sheets: "Read me", "Register" (one row per activity, CNIL/ICO column order),
the detail sheets (purposes & legal bases, data categories, recipients &
processors, transfers, retention schedule), processor assessments, findings;
then hidden sheets the import relies on: dropdown lists, ``ropa_meta`` (format,
organisation, column map) and ``ropa_baseline`` (every editable row as exported,
so the import knows exactly which cells the reviewer changed).

No register value is ever written as a formula (see ``safe_text``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import sys
from pathlib import Path

from ropa_desktop.exporters.files import write_atomically
from ropa_desktop.exporters.json_export import document_bytes
from ropa_desktop.exporters.xlsx import register_sheets as rs
from ropa_desktop.exporters.xlsx.readme import readme_rows, write_readme
from ropa_desktop.exporters.xlsx.readonly_sheets import (
    ASSESSMENTS,
    FINDINGS,
    PROCESSORS,
    assessment_rows,
    finding_rows,
    processor_rows,
)
from ropa_desktop.exporters.xlsx.workbook import (
    BASELINE,
    SheetWriter,
    new_workbook,
    write_lists,
    write_meta,
)
from ropa_desktop.services.audit import audit_log
from ropa_desktop.services.context import document_findings
from ropa_desktop.services.interchange import RegisterDoc, snapshot, to_document
from ropa_desktop.services.register import Register

__all__ = ["export_xlsx", "workbook_bytes", "write_register_doc"]


def workbook_bytes(
    doc: RegisterDoc, *, exported_at: dt.datetime | None = None, version: int | None = None
) -> bytes:
    """The review workbook of a register document, as .xlsx bytes.

    ``version`` is the register's version (see ``register_version``); the Read me
    sheet shows it when given.
    """
    when = (exported_at or dt.datetime.now()).replace(microsecond=0)
    fingerprint = hashlib.sha256(document_bytes(to_document(doc))).hexdigest()
    org = doc.organisation
    names = rs.Names(doc)
    wb = new_workbook()
    wb.properties.title = f"Register of processing activities – {org.name if org else ''}".strip(
        " –"
    )
    wb.properties.subject = "GDPR Article 30 records of processing activities, for review"
    wb.properties.creator = "ropa-desktop"
    wb.properties.keywords = "GDPR; Article 30; RoPA; register of processing activities"
    wb.properties.description = f"Register fingerprint (SHA-256 of the JSON export): {fingerprint}"
    wb.properties.created = when
    wb.properties.modified = when

    write_readme(wb, readme_rows(doc, exported_at=when, fingerprint=fingerprint, version=version))
    writers = {spec.title: SheetWriter(wb, spec) for spec in rs.EDITABLE}
    processors = SheetWriter(wb, PROCESSORS)
    assessments = SheetWriter(wb, ASSESSMENTS)
    findings = SheetWriter(wb, FINDINGS)
    baseline = wb.create_sheet(BASELINE)
    baseline.sheet_state = "veryHidden"
    for writer in writers.values():
        writer.keep_baseline(baseline)
    # Sheets stream in order, so each sheet is written whole before the next one.
    register = writers[rs.REGISTER.title]
    for rec in doc.activities:
        register.write(rs.register_row(rec, names))
    for title in (
        rs.PURPOSES.title,
        rs.DATA_CATEGORIES.title,
        rs.RECIPIENTS.title,
        rs.TRANSFERS.title,
    ):
        writer = writers[title]
        for rec in doc.activities:
            for sheet, row in rs.detail_rows(rec, names):
                if sheet == title:
                    writer.write(row)
    retention = writers[rs.RETENTION.title]
    # In register order, by activity reference; rules of no activity last.
    rules = sorted(
        doc.retention_rules,
        key=lambda r: (r.activity not in names.activities, rs.reference_order(names.reference(r))),
    )
    for rule in rules:
        retention.write(rs.retention_row(rule, names))
    for writer in writers.values():
        writer.close()

    for row in processor_rows(doc):
        processors.write(row)
    processors.close()
    for row in assessment_rows(doc, names):
        assessments.write(row)
    assessments.close()
    for row in finding_rows(doc, names, document_findings(doc, today=when.date())):
        findings.write(row)
    findings.close()

    write_lists(wb)
    write_meta(
        wb,
        [
            ("organisation", org.key if org else ""),
            ("organisation_name", org.name if org else ""),
            ("exported_at", when.isoformat()),
            ("fingerprint", fingerprint),
            ("register_version", "" if version is None else str(version)),
        ],
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_register_doc(
    doc: RegisterDoc,
    path: str | os.PathLike[str],
    *,
    exported_at: dt.datetime | None = None,
    version: int | None = None,
) -> Path:
    """Write the review workbook of a register document; a crash leaves no half file."""
    return write_atomically(path, workbook_bytes(doc, exported_at=exported_at, version=version))


def register_version(register: Register) -> int:
    """The register's version: the number of changes in its audit trail, as the PDF says it."""
    return len(audit_log(register, limit=sys.maxsize))


def export_xlsx(
    register: Register, path: str | os.PathLike[str], *, exported_at: dt.datetime | None = None
) -> Path:
    """Write the register's review workbook to ``path`` (atomically) and return the path."""
    version = register_version(register)
    return write_register_doc(snapshot(register), path, exported_at=exported_at, version=version)
