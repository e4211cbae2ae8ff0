"""The breach register and the rights-request log as read-only sheets: in the review
workbook, and on their own (``ropa export breaches -o FILE.xlsx``), since a supervisory
authority asks for the breach register by itself (Art. 33(5))."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ropa_desktop.domain.log_records import BreachRec, EvidenceRec, RightsRequestRec
from ropa_desktop.exporters.xlsx.register_sheets import Column, SheetSpec
from ropa_desktop.services.breaches.duties import duties, moment, notification_deadline
from ropa_desktop.services.breaches.records import facts
from ropa_desktop.services.requests.summary import due_on, summary_lines, year_summary

# (kind, key) -> how the record is named: "PA-05 · Technical support".
Titles = Callable[[str, str], str]

BREACHES = SheetSpec(
    "Breaches",
    (
        Column("Reference", 11),
        Column("Breach", 34),
        Column("Occurred", 26),
        Column("Controller aware since", 24),
        Column("Nature", 24),
        Column("People concerned", 30),
        Column("Approx. number of people", 12),
        Column("Personal data concerned", 30),
        Column("Approx. number of records", 12),
        Column("Activities concerned", 34),
        Column("Processors and systems", 30),
        Column("Likely consequences", 40),
        Column("Measures taken", 40),
        Column("Measures proposed", 40),
        Column("Risk to people", 18),
        Column("Reasons for the risk assessment", 40),
        Column("Notify the authority by", 24),
        Column("Authority notified on", 24),
        Column("Authority's reference", 18),
        Column("Reasons for a late notification", 34),
        Column("People told on", 24),
        Column("Why people are not told", 34),
        Column("Closed on", 12, kind="date"),
        Column("Duties not met", 50),
        Column("Notes", 30),
    ),
    editable=False,
    grey_headers=True,
)
REQUESTS = SheetSpec(
    "Rights requests",
    (
        Column("Reference", 11),
        Column("Right exercised", 24),
        Column("Received on", 12, kind="date"),
        Column("Received through", 18),
        Column("Requester", 22),
        Column("Identity check", 22),
        Column("Extension (months)", 11),
        Column("Reason for the extension", 30),
        Column("Answer due", 12, kind="date"),
        Column("Activities concerned", 34),
        Column("Outcome", 16),
        Column("Reasons given for the outcome", 34),
        Column("Closed on", 12, kind="date"),
        Column("Notes", 30),
    ),
    editable=False,
    grey_headers=True,
)
ABOUT = SheetSpec(
    "About", (Column("About this file", 26), Column("", 100)), editable=False, grey_headers=True
)
EVIDENCE = SheetSpec(
    "Evidence files",
    (
        Column("File", 30),
        Column("What it proves", 30),
        Column("Title", 30),
        Column("Attached to", 36),
        Column("Type (from its content)", 22),
        Column("Size", 10),
        Column("SHA-256", 66),
        Column("Added (UTC)", 18),
        Column("Notes", 30),
    ),
    editable=False,
    grey_headers=True,
)
SUMMARY = SheetSpec(
    "Requests by year", (Column("Year", 8), Column("Summary", 110)), editable=False,
    grey_headers=True,
)  # fmt: skip


def _when(value: dt.datetime | None) -> str:
    return moment(value) if value is not None else ""


def _span(rec: BreachRec) -> str:
    start, end = _when(rec.occurred_from), _when(rec.occurred_to)
    if start and end:
        return f"{start} to {end}"
    return start or (f"until {end}" if end else "")


def breach_rows(
    breaches: Iterable[BreachRec], titles: Titles, *, now: dt.datetime
) -> Iterator[list[Any]]:
    for b in breaches:
        named = [titles("processor", k) for k in b.processors]
        named += [titles("system", k) for k in b.systems]
        yield [
            b.reference, b.name, _span(b), _when(b.aware_at),
            "\n".join(n.label for n in b.natures), b.subject_categories, b.subjects_count,
            b.data_categories, b.records_count,
            "\n".join(titles("activity", k) for k in b.activities), "\n".join(named),
            b.consequences, b.measures_taken, b.measures_proposed,
            b.risk.label if b.risk else "Not assessed", b.risk_reasons,
            notification_deadline(facts(b)),
            _when(b.notified_at), b.authority_reference, b.delay_reasons,
            _when(b.communicated_at), b.no_communication.label if b.no_communication else "",
            b.closed_on, "\n".join(d.message for d in duties(facts(b), now)) or "None",
            b.notes,
        ]  # fmt: skip


def request_rows(requests: Iterable[RightsRequestRec], titles: Titles) -> Iterator[list[Any]]:
    for r in requests:
        yield [
            r.reference, r.request_type.label, r.received_on, r.channel, r.requester,
            r.identity_check.label, r.extension_months, r.extension_reason, due_on(r),
            "\n".join(titles("activity", k) for k in r.activities),
            r.outcome.label if r.outcome else "Open", r.outcome_reason, r.closed_on, r.notes,
        ]  # fmt: skip


def evidence_rows(files: Iterable[EvidenceRec], titles: Titles) -> Iterator[list[Any]]:
    from ropa_desktop.services.evidence import size_text

    for f in files:
        yield [
            f.file_name, f.kind.label, f.title, titles(f.owner_type, f.owner_key), f.media_type,
            size_text(f.size), f.sha256, f.added_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M"),
            f.notes,
        ]  # fmt: skip


def summary_rows(requests: list[RightsRequestRec], *, today: dt.date) -> Iterator[list[Any]]:
    """One row per year that received requests, the newest first."""
    for year in sorted({r.received_on.year for r in requests}, reverse=True):
        yield [year, "\n".join(summary_lines(year_summary(requests, year, today=today)))]
