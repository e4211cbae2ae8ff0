"""The sheets of the review workbook that are there to be read: processors, assessments, findings.

The import never reads them, so their headers are grey like every other column
the import ignores. The findings speak the reviewer's words: what kind of record,
its reference and full name, and the field in plain words, the blocking ones first.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ropa_desktop.domain.records import RetentionRuleRec
from ropa_desktop.exporters.xlsx.register_sheets import Column, Names, SheetSpec
from ropa_desktop.services.checks import BLOCKING, Finding, field_label
from ropa_desktop.services.interchange import RegisterDoc
from ropa_desktop.services.references import reference_order

PROCESSORS = SheetSpec(
    "Processors",
    (
        Column("Processor", 30),
        Column("Services", 40),
        Column("Contact", 24),
        Column("Contact e-mail", 26),
        Column("Processing locations", 22),
        Column("DPA signed on", 13, kind="date"),
        Column("DPA reference", 18),
        Column("Transfer safeguard", 26),
        Column("Certifications", 24),
        Column("Its sub-processors", 30),
        Column("Risk rating", 12),
        Column("Latest assessment", 30),
        Column("Used by activities", 34),
    ),
    editable=False,
    grey_headers=True,
)
ASSESSMENTS = SheetSpec(
    "Processor assessments",
    (
        Column("Processor", 26),
        Column("Questionnaire", 26),
        Column("Status", 12),
        Column("Due", 12, kind="date"),
        Column("Sent", 12, kind="date"),
        Column("Answered", 12, kind="date"),
        Column("Reviewed", 12, kind="date"),
        Column("Next review", 12, kind="date"),
        Column("Score", 9),
        Column("Risk rating", 12),
        Column("Findings", 50),
    ),
    editable=False,
    grey_headers=True,
)
FINDINGS = SheetSpec(
    "Findings",
    (
        Column("Severity", 11),
        Column("Record", 14),
        Column("Reference", 12),
        Column("Name", 40),
        Column("Field", 28),
        Column("Finding", 70),
    ),
    editable=False,
    grey_headers=True,
)

# What each kind of record is called, in the order the findings list them.
RECORD_KINDS = {
    "organisation": "Organisation",
    "activity": "Activity",
    "processor": "Processor",
    "retention_rule": "Retention rule",
    "data_category": "Data category",
    "breach": "Breach",
    "rights_request": "Rights request",
}
_ORDER = {kind: i for i, kind in enumerate(RECORD_KINDS)}
# A finding on one item of a list names it "purposes[2]" (counted from 1).
_ITEM = re.compile(r"(?P<list>[a-z_]+)\[(?P<n>\d+)\](?:\.(?P<sub>[a-z_]+))?")
_ITEM_NAMES = {
    "purposes": "Purpose",
    "data_categories": "Category of personal data",
    "recipients": "Recipient",
    "transfers": "Transfer",
    "sources": "Source",
}


def processor_rows(doc: RegisterDoc) -> Iterator[list[Any]]:
    """The processor directory (Art. 28): one row per processor, used or not."""
    used: dict[str, list[str]] = {}
    for act in sorted(doc.activities, key=lambda a: reference_order(a.reference)):
        for key in act.processors:
            used.setdefault(key, []).append(f"{act.reference} {act.name}")
    latest: dict[str, Any] = {}
    for a in doc.assessments:  # the newest one started, by its key order as a tie-break
        old = latest.get(a.processor)
        if old is None or (a.due_on or a.sent_on, a.key) >= (old.due_on or old.sent_on, old.key):
            latest[a.processor] = a
    for p in sorted(doc.processors, key=lambda p: p.name.casefold()):
        a = latest.get(p.key)
        assessed = ""
        if a is not None:
            score = f", score {a.score:.0f}" if a.score is not None else ""
            assessed = f"{a.status.label}{score}, risk {a.risk_rating.label}"
        yield [
            p.name, p.services, p.contact_name, p.contact_email, "\n".join(p.locations),
            p.dpa_signed_on, p.dpa_reference,
            p.transfer_safeguard.label if p.transfer_safeguard else "",
            "\n".join(p.certifications), p.sub_processors, p.risk_rating.label,
            assessed or "None recorded", "\n".join(used.get(p.key, [])) or "None",
        ]  # fmt: skip


def assessment_rows(doc: RegisterDoc, names: Names) -> Iterator[list[Any]]:
    templates = {(t.key, t.template_version): t.name for t in doc.questionnaires}
    for a in doc.assessments:
        yield [
            names.processor(a.processor), templates.get((a.template, a.template_version), a.template),
            a.status.label, a.due_on, a.sent_on, a.answered_on, a.reviewed_on, a.next_review_on,
            a.score, a.risk_rating.label, a.findings,
        ]  # fmt: skip


def field_text(name: str) -> str:
    """A finding's field in plain words: "purposes[2]" -> "Purpose 2"."""
    base = name.partition(":")[0].strip()
    match = _ITEM.fullmatch(base)
    if match is None:
        return field_label(base) if base else ""
    text = f"{_ITEM_NAMES.get(match['list']) or field_label(match['list'])} {match['n']}"
    return f"{text}: {field_label(match['sub']).lower()}" if match["sub"] else text


def record_kind(entity_type: str) -> str:
    return RECORD_KINDS.get(entity_type) or entity_type.replace("_", " ").capitalize()


FindingOrder = tuple[bool, int, tuple[tuple[int, int | str], ...], str]


def finding_rows(doc: RegisterDoc, names: Names, findings: Iterable[Finding]) -> list[list[Any]]:
    """The Findings sheet's rows: blocking first, then record by record in register order."""
    rules = {r.key: r for r in doc.retention_rules}
    keyed = [finding_row(f, names, rules) for f in findings]
    # A stable sort: one record's findings keep the order the checks gave them.
    keyed.sort(key=lambda item: item[0])
    return [row for _, row in keyed]


def finding_row(
    f: Finding,
    names: Names,
    rules: Mapping[str, RetentionRuleRec],
    *,
    reference: str | None = None,
) -> tuple[FindingOrder, list[Any]]:
    """A finding's place on the Findings sheet and its row. ``reference`` is the
    activity's, for a finding about an activity that ``names`` does not know yet."""
    name = f.entity_label
    if f.entity_type == "activity" and reference is None:
        known = names.activities.get(f.entity_key)
        reference = known.reference if known is not None else ""
    elif f.entity_type == "retention_rule" and f.entity_key in rules:
        rule = rules[f.entity_key]
        # The checks shorten long rule names; a reviewer filters on the whole name.
        name = names.rule_name(rule)
        if (rule.activity or "") in names.activities:
            reference = names.reference(rule)
    elif f.entity_type in ("breach", "rights_request"):
        reference, _, name = f.entity_label.partition(" · ")
    reference = reference or ""
    order = (
        f.severity != BLOCKING,
        _ORDER.get(f.entity_type, len(_ORDER)),
        reference_order(reference),
        name.casefold(),
    )
    row = [
        f.severity.capitalize(),
        record_kind(f.entity_type),
        reference,
        name,
        field_text(f.field),
        f.message,
    ]
    return order, row


class FindingSpool:
    """The Findings sheet's rows kept on disk, in a private temporary SQLite database, and
    given back in sheet order: a big register's findings are many times its activities,
    and holding them all would make the export's memory grow with the register."""

    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # "": a temporary database on disk, removed on close
        self._db.execute(
            "CREATE TABLE finding (later INTEGER, kind INTEGER, ref TEXT, name TEXT, row TEXT)"
        )

    def add(self, keyed: Iterable[tuple[FindingOrder, list[Any]]]) -> None:
        self._db.executemany(
            "INSERT INTO finding VALUES (?, ?, ?, ?, ?)",
            (
                (later, kind, _sortable(ref), name, json.dumps(row))
                for (later, kind, ref, name), row in keyed
            ),
        )

    def rows(self) -> Iterator[list[Any]]:
        """The rows in the sheet's order (insertion order among equals), then forgets them."""
        try:
            query = "SELECT row FROM finding ORDER BY later, kind, ref, name, rowid"
            for (row,) in self._db.execute(query):
                yield json.loads(row)
        finally:
            self._db.close()


def _sortable(order: tuple[tuple[int, int | str], ...]) -> str:
    """A reference's sort key as text that SQLite orders the same way (byte order of UTF-8
    is code point order; NUL, which no cell holds, ends each part)."""
    return "".join(f"0{value:020d}\0" if kind == 0 else f"1{value}\0" for kind, value in order)
