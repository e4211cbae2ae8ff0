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
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

from ropa_desktop.domain.records import ActivityRec, record_title
from ropa_desktop.exporters.files import write_atomically, write_atomically_with
from ropa_desktop.exporters.json_export import document_chunks
from ropa_desktop.exporters.xlsx import log_sheets
from ropa_desktop.exporters.xlsx import register_sheets as rs
from ropa_desktop.exporters.xlsx.readme import fill_readme, readme_rows, readme_sheet
from ropa_desktop.exporters.xlsx.readonly_sheets import (
    ASSESSMENTS,
    FINDINGS,
    PROCESSORS,
    FindingSpool,
    assessment_rows,
    finding_row,
    processor_rows,
)
from ropa_desktop.exporters.xlsx.workbook import (
    BASELINE,
    SheetWriter,
    new_workbook,
    write_lists,
    write_meta,
)
from ropa_desktop.services.audit import audit_log, chain_head
from ropa_desktop.services.checks import activity_findings
from ropa_desktop.services.context import document_context, head_findings, tail_findings
from ropa_desktop.services.interchange import RegisterDoc
from ropa_desktop.services.references import reference_order
from ropa_desktop.services.register import Register
from ropa_desktop.services.register_batches import (
    activity_batches,
    batches_of,
    outline,
    register_rest,
    with_outlines,
)

GONE = "A record no longer in the register"
__all__ = ["export_xlsx", "workbook_bytes", "write_register_doc", "write_workbook"]


def workbook_bytes(
    doc: RegisterDoc,
    *,
    exported_at: dt.datetime | None = None,
    version: int | None = None,
    chain: str = "",
) -> bytes:
    """The review workbook of a register document, as .xlsx bytes.

    ``version`` is the register's version (see ``register_version``) and ``chain`` its
    audit trail's head (``ChainHead.line``); the Read me sheet shows them when given.
    """
    buffer = io.BytesIO()
    write_workbook(
        buffer,
        with_outlines(doc, []),
        batches_of(doc.activities),
        exported_at=exported_at,
        version=version,
        chain=chain,
    )
    return buffer.getvalue()


def write_workbook(
    out: IO[bytes],
    rest: RegisterDoc,
    batches: Iterable[Sequence[ActivityRec]],
    *,
    exported_at: dt.datetime | None = None,
    version: int | None = None,
    chain: str = "",
) -> None:
    """Write the review workbook to ``out``, reading the activities a batch at a time.

    ``rest`` is the register without its activities, ``batches`` its activities in
    register order (see ``services.register_batches``). One pass over the batches
    writes their rows and hashes the JSON export for the fingerprint; what the later
    sheets need of the activities is their outline, so memory does not grow with them.
    """
    when = (exported_at or dt.datetime.now()).replace(microsecond=0)
    org = rest.organisation
    # Until the pass is over ``names`` knows no activity: the rows of an activity
    # name catalogue entries, processors and rules, never another activity.
    names = rs.Names(rest)
    wb = new_workbook()
    wb.properties.title = f"Register of processing activities – {org.name if org else ''}".strip(
        " –"
    )
    wb.properties.subject = "GDPR Article 30 records of processing activities, for review"
    wb.properties.creator = "ropa-desktop"
    wb.properties.keywords = "GDPR; Article 30; RoPA; register of processing activities"
    wb.properties.created = when
    wb.properties.modified = when

    readme = readme_sheet(wb)  # first, but filled once the fingerprint is known
    writers = {spec.title: SheetWriter(wb, spec) for spec in rs.EDITABLE}
    processors = SheetWriter(wb, PROCESSORS)
    assessments = SheetWriter(wb, ASSESSMENTS)
    logs = [
        SheetWriter(wb, spec)
        for spec in (log_sheets.BREACHES, log_sheets.REQUESTS, log_sheets.EVIDENCE)
    ]
    by_year = SheetWriter(wb, log_sheets.SUMMARY)
    findings = SheetWriter(wb, FINDINGS)
    baseline = wb.create_sheet(BASELINE)
    baseline.sheet_state = "veryHidden"
    register = writers[rs.REGISTER.title]
    details = [
        writers[t]
        for t in (
            rs.PURPOSES.title,
            rs.DATA_CATEGORIES.title,
            rs.RECIPIENTS.title,
            rs.TRANSFERS.title,
        )
    ]
    # The detail sheets are written beside the Register sheet, a batch at a time; the
    # baseline lists each sheet's rows after the previous sheet's, so theirs wait.
    for writer in writers.values():
        writer.keep_baseline(baseline, later=writer in details)
    ctx = document_context(rest, today=when.date())
    rules = {r.key: r for r in rest.retention_rules}
    spool = FindingSpool()
    spool.add(finding_row(f, names, rules) for f in head_findings(rest))
    outlines: list[ActivityRec] = []

    def write_batch(batch: Sequence[ActivityRec]) -> None:
        for rec in batch:
            register.write(rs.register_row(rec, names))
            for title, row in rs.detail_rows(rec, names):
                writers[title].write(row)
            spool.add(
                finding_row(
                    f, names, rules, reference=rec.reference if f.entity_key == rec.key else None
                )
                for f in activity_findings(rec, ctx)
            )
            outlines.append(outline(rec))

    digest = hashlib.sha256()
    for chunk in document_chunks(rest, _as_read(batches, write_batch)):
        digest.update(chunk.encode("utf-8"))
    fingerprint = digest.hexdigest()
    doc = with_outlines(rest, outlines)
    names = rs.Names(doc)
    for writer in details:
        writer.copy_baseline()
    retention = writers[rs.RETENTION.title]
    # In register order, by activity reference; rules of no activity last.
    ordered = sorted(
        doc.retention_rules,
        key=lambda r: (r.activity not in names.activities, reference_order(names.reference(r))),
    )
    for rule in ordered:
        retention.write(rs.retention_row(rule, names))
    for writer in writers.values():
        writer.close()

    fill_readme(
        readme,
        readme_rows(doc, exported_at=when, fingerprint=fingerprint, version=version, chain=chain),
    )
    wb.properties.description = f"Register fingerprint (SHA-256 of the JSON export): {fingerprint}"
    for row in processor_rows(doc):
        processors.write(row)
    processors.close()
    for row in assessment_rows(doc, names):
        assessments.write(row)
    assessments.close()
    write_logs(logs, by_year, doc, log_titles(names, doc), when=when)
    spool.add(finding_row(f, names, rules) for f in tail_findings(doc, ctx))
    for row in spool.rows():
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
    wb.save(out)


def log_titles(names: rs.Names, doc: RegisterDoc) -> log_sheets.Titles:
    """How the log sheets name the records they refer to ("PA-05 · Technical support")."""
    logged = {b.key: record_title(b.reference, b.name) for b in doc.breaches or []}
    logged |= {
        r.key: record_title(r.reference, r.request_type.label) for r in doc.rights_requests or []
    }
    assessed = {a.key: f"Assessment of {names.processor(a.processor)}" for a in doc.assessments}

    def title(kind: str, key: str) -> str:
        if kind == "activity":
            act = names.activities.get(key)
            return record_title(act.reference, act.name) if act is not None else GONE
        if kind == "processor":
            return names.processor(key) if key in names.processors else GONE
        if kind == "system":
            return names.name("systems", key)
        return logged.get(key) or assessed.get(key) or GONE

    return title


def write_logs(
    logs: Sequence[SheetWriter],
    by_year: SheetWriter,
    doc: RegisterDoc,
    titles: log_sheets.Titles,
    *,
    when: dt.datetime,
) -> None:
    """The Breaches, Rights requests and Requests by year sheets, closed."""
    breaches, requests, files = logs
    now = when if when.tzinfo is not None else when.astimezone()
    for row in log_sheets.breach_rows(doc.breaches or [], titles, now=now):
        breaches.write(row)
    for row in log_sheets.request_rows(doc.rights_requests or [], titles):
        requests.write(row)
    for row in log_sheets.evidence_rows(doc.evidence or [], titles):
        files.write(row)
    for row in log_sheets.summary_rows(list(doc.rights_requests or []), today=when.date()):
        by_year.write(row)
    for writer in (*logs, by_year):
        writer.close()


def _as_read(
    batches: Iterable[Sequence[ActivityRec]], write: Callable[[Sequence[ActivityRec]], None]
) -> Iterator[Sequence[ActivityRec]]:
    # The JSON text of a batch is made after its rows are written: one batch in memory.
    for batch in batches:
        write(batch)
        yield batch


def write_register_doc(
    doc: RegisterDoc,
    path: str | os.PathLike[str],
    *,
    exported_at: dt.datetime | None = None,
    version: int | None = None,
    chain: str = "",
) -> Path:
    """Write the review workbook of a register document; a crash leaves no half file."""
    data = workbook_bytes(doc, exported_at=exported_at, version=version, chain=chain)
    return write_atomically(path, data)


def register_version(register: Register) -> int:
    """The register's version: the number of changes in its audit trail, as the PDF says it."""
    return len(audit_log(register, limit=sys.maxsize))


def export_xlsx(
    register: Register, path: str | os.PathLike[str], *, exported_at: dt.datetime | None = None
) -> Path:
    """Write the register's review workbook to ``path`` (atomically) and return the path."""
    version = register_version(register)
    chain = chain_head(register).line

    def write(out: IO[bytes]) -> None:
        # One transaction, a batch of activities at a time, straight to the file.
        with register.reading() as session:
            rest = register_rest(session)
            batches = activity_batches(session)
            write_workbook(
                out, rest, batches, exported_at=exported_at, version=version, chain=chain
            )

    return write_atomically_with(path, write)
