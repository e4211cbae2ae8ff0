"""The retention schedule as its own workbook (``ropa export retention-xlsx -o FILE``).

Sheets: "Read me" (whose schedule, how to read it), "Retention schedule" (one row
per rule, with the erase-by date if the starting event happened on the export
day, review status, conflicts and what is still to confirm) and "Schedule
findings". It reuses the review workbook's sheet writer, so every text cell is
literal text (``exporters.xlsx.safe_text``), dates are real dates and the unit,
starting event and end-of-life columns offer the register's values as dropdowns.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from ropa_desktop.exporters.files import write_atomically
from ropa_desktop.exporters.xlsx.readme import write_readme
from ropa_desktop.exporters.xlsx.register_sheets import Column, SheetSpec
from ropa_desktop.exporters.xlsx.safe_text import cell_text, needs_literal
from ropa_desktop.exporters.xlsx.styles import TOP_WRAP
from ropa_desktop.exporters.xlsx.workbook import SheetWriter, new_workbook, write_lists
from ropa_desktop.services.interchange import RegisterDoc, snapshot
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention_schedule import RetentionSchedule, ScheduleRow, build_schedule

_FLAG_FILL = PatternFill("solid", fgColor="FCE4C4")
_FLAG_FONT = Font(name="Calibri", color="8A5300", bold=True)
# Field names as the schedule's column headers say them, for the "To confirm" column.
_FIELD_LABELS = {
    "activity": "activity",
    "data_category": "category",
    "data_description": "data covered",
    "duration_value": "duration",
    "duration_unit": "unit",
    "open_ended_term": "open-ended term",
    "trigger": "starting event",
    "legal_reference": "legal reference",
    "end_of_life_action": "end of the period",
    "owner": "owner",
    "review_cycle_months": "review cycle",
    "last_reviewed_on": "last review",
}


def schedule_spec(today: dt.date) -> SheetSpec:
    """The columns of the schedule sheet; the erase-by header names its example date."""
    return SheetSpec(
        "Retention schedule",
        (
            Column("Reference", 12, "activity"),
            Column("Processing activity", 28),
            Column("Data covered", 38, "data_description"),
            Column("Category of personal data", 20, "data_category"),
            Column("Duration", 9, "duration_value"),
            Column("Unit", 9, "duration_unit", "unit"),
            Column("Open-ended term", 24, "open_ended_term"),
            Column("Starting event", 16, "trigger", "trigger"),
            Column("Retention period", 30),
            Column(f"Erase by, for an event on {today.isoformat()}", 16),
            Column("Legal reference", 44, "legal_reference"),
            Column("At the end of the period", 22, "end_of_life_action", "end_of_life"),
            Column("Owner", 16, "owner"),
            Column("Review every (months)", 11, "review_cycle_months"),
            Column("Last reviewed", 12, "last_reviewed_on"),
            Column("Review", 22),
            Column("Kept differently by other activities", 36),
            Column("To confirm", 24),
            Column("Source", 30, "source_reference"),
            Column("Rule key", 16),
        ),
        editable=False,
    )


FINDINGS = SheetSpec(
    "Schedule findings",
    (
        Column("Severity", 11),
        Column("Finding", 24),
        Column("Concerns", 40),
        Column("What to do", 90),
    ),
    editable=False,
)


def _flag(writer: SheetWriter, text: str) -> Any:
    """An amber cell for what needs the DPO's attention; still literal text."""
    if not text:
        return None
    text = cell_text(text)
    cell = WriteOnlyCell(writer.ws, text)
    cell.fill = _FLAG_FILL
    cell.font = _FLAG_FONT
    cell.alignment = TOP_WRAP
    if needs_literal(text):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _review_text(row: ScheduleRow) -> str:
    if row.rule.last_reviewed_on is None:
        return "Never reviewed: due now"
    if row.review_due:
        return f"Due since {row.review_due_on}"
    return f"Next review by {row.review_due_on}"


def _conflict_text(row: ScheduleRow, schedule: RetentionSchedule) -> str:
    parts = []
    for conflict in schedule.conflicts:
        for term, labels, count in conflict.partner_groups(row.rule.key):
            more = f" and {count - len(labels)} more" if count > len(labels) else ""
            parts.append(f"{conflict.category_name}: {term} ({', '.join(labels)}{more})")
    return "\n".join(parts)


def schedule_row(row: ScheduleRow, schedule: RetentionSchedule, writer: SheetWriter) -> list[Any]:
    """One rule as a list of cell values (text, numbers, dates or flagged cells)."""
    rule = row.rule
    erase: Any = row.example.erase_on
    if erase is None:
        erase = "No date: open-ended term" if rule.open_ended_term.strip() else "No date: no term"
    marks = ", ".join(_FIELD_LABELS.get(m, m.replace("_", " ")) for m in rule.to_confirm)
    review = _review_text(row)
    return [
        row.activity_reference or (rule.activity or "All activities"),
        row.activity_name + (" (retired)" if row.activity_retired else ""),
        rule.data_description,
        row.category_name or ("All data of the activity" if rule.activity else ""),
        rule.duration_value,
        rule.duration_unit.label if rule.duration_unit else "",
        rule.open_ended_term,
        rule.trigger.label if rule.trigger else "",
        row.term,
        erase,
        rule.legal_reference,
        rule.end_of_life_action.label if rule.end_of_life_action else "",
        rule.owner,
        rule.review_cycle_months,
        rule.last_reviewed_on,
        _flag(writer, review) if row.review_due else review,
        _flag(writer, _conflict_text(row, schedule)),
        _flag(writer, marks),
        rule.source_reference,
        rule.key,
    ]


def _readme_rows(
    doc: RegisterDoc, schedule: RetentionSchedule, when: dt.datetime
) -> list[list[Any]]:
    org = doc.organisation
    return [
        [f"Retention schedule — {org.name}" if org else "Retention schedule"],
        ["Organisation", org.name if org else "(no organisation recorded)"],
        ["Exported on", when.strftime("%Y-%m-%d %H:%M")],
        [
            "Contents",
            f"{len(schedule.rows)} retention rules, {len(schedule.conflicts)} conflicting "
            f"categories, {len(schedule.reviews)} reviews due, "
            f"{len(schedule.missing)} activities without a rule",
        ],
        [],
        ["How to read the schedule"],
        [
            "Erase by",
            f"The date data must be erased if its starting event happened on "
            f"{schedule.today.isoformat()}: months and years end on the same day of the month, "
            "or on the month's last day (31 January + 1 month = 28 or 29 February). An "
            "open-ended term (“while the account is active”) has no date.",
        ],
        [
            "Review",
            "A rule is due for review when it was never reviewed, or when its last review plus "
            "its review cycle (12 months if none is set) is today or past.",
        ],
        [
            "Conflicts",
            "The same category of personal data kept for different periods, from different "
            "events, or with different end-of-life actions by different activities. Check which "
            "period applies; they may be legitimate if the purposes differ.",
        ],
        [
            "To confirm",
            "Fields someone marked as not yet confirmed. Rules applied from the reference "
            "library are references to confirm, not legal advice; their source is in the "
            "Source and Legal reference columns.",
        ],
    ]


def _findings_rows(doc: RegisterDoc, schedule: RetentionSchedule) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [
            "Blocking",
            "No retention rule",
            f"{a.reference} {a.name}",
            "Add a retention rule: the time limits for erasure are required (Art. 30(1)(f)).",
        ]
        for a in schedule.missing
    ]
    titles = {"retention_review_due": "Review due", "retention_conflict": "Conflicting periods"}
    for f in schedule.findings:
        rows.append(
            [f.severity.capitalize(), titles.get(f.code, f.code), f.entity_label, f.message]
        )
    return rows


def retention_workbook_bytes(doc: RegisterDoc, *, exported_at: dt.datetime | None = None) -> bytes:
    """The standalone retention schedule workbook of a register document, as .xlsx bytes."""
    when = (exported_at or dt.datetime.now()).replace(microsecond=0)
    categories = {c.key: c for c in doc.catalogues.get("data_categories", [])}
    schedule = build_schedule(doc.retention_rules, doc.activities, categories, today=when.date())
    wb = new_workbook()
    org = doc.organisation
    wb.properties.title = f"Retention schedule – {org.name}" if org else "Retention schedule"
    wb.properties.subject = "GDPR Art. 30(1)(f): envisaged time limits for erasure"
    wb.properties.creator = "ropa-desktop"
    wb.properties.created = when
    wb.properties.modified = when
    write_readme(wb, iter(_readme_rows(doc, schedule, when)))
    spec = schedule_spec(schedule.today)
    if not schedule.rows:
        # SheetWriter would give an empty read-only sheet an invalid dropdown range (F2:F1).
        spec = dataclasses.replace(
            spec, columns=tuple(dataclasses.replace(c, choices="") for c in spec.columns)
        )
    sheet = SheetWriter(wb, spec)
    for row in schedule.rows:
        sheet.write(schedule_row(row, schedule, sheet))
    sheet.close()
    findings = SheetWriter(wb, FINDINGS)
    for values in _findings_rows(doc, schedule):
        findings.write(values)
    findings.close()
    write_lists(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_retention_doc(
    doc: RegisterDoc, path: str | os.PathLike[str], *, exported_at: dt.datetime | None = None
) -> Path:
    """Write the schedule workbook of a document; a crash leaves no half-written file."""
    return write_atomically(path, retention_workbook_bytes(doc, exported_at=exported_at))


def export_retention_xlsx(register: Register, path: Path) -> Path:
    """Write the register's retention schedule workbook to ``path`` and return the path."""
    return write_retention_doc(snapshot(register), path)
