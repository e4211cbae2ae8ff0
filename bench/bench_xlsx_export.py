"""Time the review-workbook export of 10,000 activities against raw openpyxl.

Both write the same cell values in the same run: the raw side gets every row the
exporter writes (editable sheets, findings, assessments and the hidden baseline),
already computed (the findings too), and
streams them with openpyxl's write-only mode and no styling. The exporter's time
includes building those rows, the findings, the fingerprint, styles, dropdowns.
Goal: at most 1.5 times the raw time.

    .venv/bin/python bench/bench_xlsx_export.py [ACTIVITIES]
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import time
from typing import Any

from openpyxl import Workbook

from bench import report
from ropa_desktop.domain.enums import (
    LegalBasis,
    RetentionUnit,
    Status,
    TransferSafeguard,
    TriggerEvent,
)
from ropa_desktop.domain.records import (
    ActivityRec,
    DataUseRec,
    OrganisationRec,
    ProcessorRec,
    PurposeRec,
    RecipientUseRec,
    RetentionRuleRec,
    SourceRec,
    TransferRec,
)
from ropa_desktop.exporters.xlsx import register_sheets as rs
from ropa_desktop.exporters.xlsx import workbook_bytes
from ropa_desktop.exporters.xlsx.readonly_sheets import (
    ASSESSMENTS,
    FINDINGS,
    PROCESSORS,
    assessment_rows,
    finding_rows,
    processor_rows,
)
from ropa_desktop.services.catalogues import builtin_entries
from ropa_desktop.services.context import document_findings
from ropa_desktop.services.interchange import RegisterDoc

GOAL = 1.5


def synthetic_register(count: int) -> RegisterDoc:
    """A register of ``count`` realistic activities, without a database."""
    cats = builtin_entries()
    data = [c.key for c in cats["data_categories"]]
    subjects = [c.key for c in cats["subject_categories"]]
    recipients = [c.key for c in cats["recipient_categories"]]
    measures = [c.key for c in cats["security_measures"]]
    processors = [
        ProcessorRec(key=f"proc-{i}", name=f"Vendor {i} GmbH", services="Hosting")
        for i in range(20)
    ]
    activities, rules = [], []
    for i in range(count):
        key = f"act-{i:05d}"
        activities.append(
            ActivityRec(
                key=key, reference=f"PA-{i:05d}", name=f"Processing activity number {i}",
                status=Status.APPROVED if i % 3 else Status.DRAFT, owner_department="Marketing",
                description="Collecting and using contact details of people who registered for "
                "our webinars, to send them the recordings and related offers. " * 2,
                purposes=(
                    PurposeRec("Send the webinar recording", LegalBasis.CONTRACT),
                    PurposeRec("Send related offers", LegalBasis.CONSENT, consent_withdrawal="Link in every e-mail"),
                ),
                subject_categories=(subjects[i % len(subjects)], subjects[(i + 3) % len(subjects)]),
                data_categories=tuple(DataUseRec(data[(i + k) % 12]) for k in range(3)),
                sources=(SourceRec("Webinar sign-up form", "Entered by the person"),),
                recipients=tuple(RecipientUseRec(recipients[(i + k) % 5], "Sales team") for k in range(2)),
                processors=(f"proc-{i % 20}",),
                transfers=(TransferRec("United States", "Vendor Inc.", TransferSafeguard.SCC),) if i % 4 == 0 else (),
                measures=tuple(measures[(i + k) % len(measures)] for k in range(4)),
                next_review_on=dt.date(2026, 1, 1) + dt.timedelta(days=i % 365),
                version=3,
            )
        )  # fmt: skip
        rules.append(
            RetentionRuleRec(
                key=f"ret-{i:05d}", activity=key, data_description="Contact details of participants",
                duration_value=3, duration_unit=RetentionUnit.YEARS, trigger=TriggerEvent.LAST_CONTACT,
                version=2,
            )
        )  # fmt: skip
    return RegisterDoc(
        organisation=OrganisationRec(
            key="acme", name="Acme SAS", contact_email="privacy@acme.example"
        ),
        catalogues=cats,
        activities=activities,
        processors=processors,
        questionnaires=[],
        assessments=[],
        retention_rules=rules,
    )


def same_cells(doc: RegisterDoc) -> dict[str, list[list[Any]]]:
    """Every editable row the exporter writes, by sheet (the baseline repeats them)."""
    names = rs.Names(doc)
    sheets: dict[str, list[list[Any]]] = {spec.title: [spec.headers] for spec in rs.EDITABLE}
    sheets[rs.REGISTER.title] += [rs.register_row(a, names) for a in doc.activities]
    for a in doc.activities:
        for title, row in rs.detail_rows(a, names):
            sheets[title].append(row)
    sheets[rs.RETENTION.title] += [rs.retention_row(r, names) for r in doc.retention_rules]
    baseline = [[t, row[-2], *row] for t, rows in sheets.items() for row in rows[1:]]
    sheets["ropa_baseline"] = [
        [v.isoformat() if isinstance(v, dt.date) else v for v in row] for row in baseline
    ]
    # The read-only sheets too, with the findings already computed for the raw side.
    findings = document_findings(doc, today=dt.date.today())
    sheets[FINDINGS.title] = [list(FINDINGS.headers), *finding_rows(doc, names, findings)]
    sheets[PROCESSORS.title] = [list(PROCESSORS.headers), *processor_rows(doc)]
    sheets[ASSESSMENTS.title] = [list(ASSESSMENTS.headers), *assessment_rows(doc, names)]
    return sheets


def raw_write(sheets: dict[str, list[list[Any]]]) -> bytes:
    wb = Workbook(write_only=True)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append([v if v != "" else None for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def main(count: int = 10_000) -> float:
    doc = synthetic_register(count)
    sheets = same_cells(doc)
    cells = sum(len(r) for rows in sheets.values() for r in rows)
    best_raw = best_ours = float("inf")
    for _ in range(2):  # best of two, alternating, so that neither side gets a warm cache alone
        started = time.perf_counter()
        raw = raw_write(sheets)
        best_raw = min(best_raw, time.perf_counter() - started)
        started = time.perf_counter()
        ours = workbook_bytes(doc)
        best_ours = min(best_ours, time.perf_counter() - started)
    ratio = best_ours / best_raw
    print(f"activities: {count:,}; cells written by both: {cells:,}")
    print(f"raw openpyxl write-only: {best_raw:.2f} s ({len(raw) / 2**20:.1f} MiB)")
    print(f"ropa export_xlsx:        {best_ours:.2f} s ({len(ours) / 2**20:.1f} MiB)")
    print(f"ratio: {ratio:.2f} (goal <= {GOAL})")
    report.row(f"Excel export in memory, {count:,} activities ({cells:,} cells)", f"{best_ours:.1f} s",
        f"{best_raw:.1f} s (openpyxl write-only)", ratio, f"≤ {GOAL}× raw")  # fmt: skip
    return ratio


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
