"""What each sheet of the review workbook says: columns, and one list of values per row.

The "Register" sheet follows the order and wording of the CNIL and ICO register
templates, which both follow Art. 30(1): the activity and who runs it, purposes,
data subjects and personal data, recipients, transfers, time limits for erasure,
security measures; then the DPIA and Art. 30(2) details.

Each column names the record field it shows (the ``field`` written to the hidden
``ropa_meta`` sheet, which the import reads); a column without a field is a
read-only summary that the import checks was left as exported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ropa_desktop.domain.records import ActivityRec, RetentionRuleRec, approval_text
from ropa_desktop.services.countries import country_label
from ropa_desktop.services.interchange import RegisterDoc

KEY_HEADER = "ropa key"
VERSION_HEADER = "ropa version"
YES, NO = "Yes", "No"


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    field: str = ""  # "" for a read-only column
    choices: str = ""  # name of a dropdown list in the hidden "ropa_lists" sheet
    # "date" or "whole": the column's cells are formatted and validated as such,
    # so that what a reviewer types is a real date or a whole number.
    kind: str = ""
    bounds: tuple[int, int] = (1, 1000)  # the whole numbers the register accepts


@dataclass(frozen=True)
class SheetSpec:
    title: str
    columns: tuple[Column, ...]
    editable: bool = True
    # In the review workbook a grey header means "not imported": a sheet that is
    # only there to be read (assessments, findings) has grey headers throughout.
    grey_headers: bool = False

    @property
    def headers(self) -> list[str]:
        heads = [c.header for c in self.columns]
        return [*heads, KEY_HEADER, VERSION_HEADER] if self.editable else heads


_REF = Column("Reference", 12, "reference")
_ACT = Column("Processing activity", 30)  # a reminder on detail sheets; read-only there

REGISTER = SheetSpec(
    "Register",
    (
        _REF,
        Column("Processing activity", 30, "name"),
        Column("Business function (owner)", 18, "owner_department"),
        Column("Role of the organisation", 16, "role", "role"),
        Column("Status", 12, "status", "status"),
        Column("Description", 45, "description"),
        Column("Purposes of the processing", 45, "purposes"),
        Column("Lawful basis (Art. 6)", 30),
        Column("Categories of data subjects", 26, "subject_categories"),
        Column("Categories of personal data", 28, "data_categories"),
        Column("Sources of the personal data", 26),
        Column("Categories of recipients", 26, "recipients"),
        Column("Processors", 22, "processors"),
        Column("Joint controllers (name and contact details)", 26, "joint_controllers"),
        Column("Transfers to third countries and safeguards", 30),
        Column("Time limits for erasure (retention)", 40),
        Column("Technical and organisational security measures", 34, "measures"),
        Column("Security measures: further details", 30, "measures_note"),
        Column("Systems (location of the data)", 22, "systems"),
        Column("DPIA criteria met (EDPB)", 26, "dpia_criteria"),
        Column("DPIA reference", 16, "dpia_reference"),
        Column(
            "Automated decision-making, including profiling", 22, "automated_decision", "yes_no"
        ),
        Column("Automated decision-making: details", 26, "automated_decision_note"),
        Column("Controllers on whose behalf (Art. 30(2))", 26, "controllers_on_behalf"),
        Column("Categories of processing (Art. 30(2))", 26, "processing_categories"),
        Column("Last reviewed", 12, "last_reviewed_on", kind="date"),
        Column("Next review", 12, "next_review_on", kind="date"),
        Column("Review cycle (months)", 12, "review_cycle_months", kind="whole", bounds=(1, 120)),
        # Recorded by the app when the activity is approved; read-only in the workbook.
        Column("Approval", 30),
    ),
)
PURPOSES = SheetSpec(
    "Purposes & legal bases",
    (
        _REF,
        _ACT,
        Column("Purpose", 45, "description"),
        Column("Lawful basis (Art. 6)", 30, "legal_basis", "legal_basis"),
        Column("Lawful basis: details", 30, "legal_basis_detail"),
        Column("Legitimate interests assessment (reference)", 22, "lia_reference"),
        Column("How consent is obtained", 28, "consent_mechanism"),
        Column("How consent is withdrawn", 28, "consent_withdrawal"),
    ),
)
DATA_CATEGORIES = SheetSpec(
    "Data categories",
    (
        _REF,
        _ACT,
        Column("Category of personal data", 30, "category"),
        Column("Special category (Art. 9) or criminal data (Art. 10)", 18),
        Column("Art. 9(2) condition", 34, "art9_condition", "art9_condition"),
        Column("Art. 10 authorisation", 28, "art10_basis"),
        Column("Note", 34, "note"),
    ),
)
RECIPIENTS = SheetSpec(
    "Recipients & processors",
    (
        _REF,
        _ACT,
        Column("Recipient", 30, "category"),
        Column("Type", 24),
        Column("Details", 45, "detail"),
        Column("Data-processing agreement signed on", 22, kind="date"),
    ),
)
TRANSFERS = SheetSpec(
    "Transfers",
    (
        _REF,
        _ACT,
        Column("Third country or international organisation", 24, "country"),
        Column("Recipient", 26, "recipient"),
        Column("Safeguard", 36, "safeguard", "safeguard"),
        Column("Transfer impact assessment (reference)", 22, "tia_reference"),
        Column("Note", 34, "note"),
    ),
)
RETENTION = SheetSpec(
    "Retention schedule",
    (
        Column("Reference", 12, "activity"),
        _ACT,
        Column("Data covered", 34, "data_description"),
        Column("Category of personal data", 24, "data_category"),
        Column("Duration", 10, "duration_value", kind="whole"),
        Column("Unit", 10, "duration_unit", "unit"),
        Column("Open-ended term", 26, "open_ended_term"),
        Column("Starting event", 18, "trigger", "trigger"),
        Column("Legal reference", 30, "legal_reference"),
        Column("At the end of the period", 26, "end_of_life_action", "end_of_life"),
        Column("Owner", 18, "owner"),
        Column("Review every (months)", 12, "review_cycle_months", kind="whole", bounds=(1, 120)),
        Column("Last reviewed", 12, "last_reviewed_on", kind="date"),
        Column("Source", 22, "source_reference"),
    ),
)
EDITABLE = (REGISTER, PURPOSES, DATA_CATEGORIES, RECIPIENTS, TRANSFERS, RETENTION)


class Names:
    """Labels for the keys records refer to, built once per export."""

    def __init__(self, doc: RegisterDoc) -> None:
        self.catalogue = {
            name: {e.key: e for e in entries} for name, entries in doc.catalogues.items()
        }
        self.processors = {p.key: p for p in doc.processors}
        self.activities = {a.key: a for a in doc.activities}
        self.rules: dict[str, list[RetentionRuleRec]] = {}
        for rule in doc.retention_rules:
            self.rules.setdefault(rule.activity or "", []).append(rule)

    def name(self, catalogue: str, key: str | None) -> str:
        if key is None:
            return ""
        entry = self.catalogue.get(catalogue, {}).get(key)
        return entry.name if entry is not None else key

    def processor(self, key: str) -> str:
        proc = self.processors.get(key)
        return proc.name if proc is not None else key

    def reference(self, rule: RetentionRuleRec) -> str:
        """The reference of the rule's activity (its key if the activity is unknown)."""
        act = self.activities.get(rule.activity or "")
        return act.reference if act is not None else (rule.activity or "")

    def rule_name(self, rule: RetentionRuleRec) -> str:
        """A rule named in full: "PA-03 Newsletter — Identity" (never shortened)."""
        act = self.activities.get(rule.activity or "")
        who = f"{act.reference} {act.name}" if act is not None else (rule.activity or "")
        what = rule_data(rule, self) or "All data"
        return f"{who} — {what}" if who else what


def rule_data(rule: RetentionRuleRec, names: Names) -> str:
    """What data a rule covers, on one line: its description, else its category."""
    return _one_line(rule.data_description) or names.name("data_categories", rule.data_category)


def _label(value: Any) -> str:
    return value.label if value is not None else ""


def _lines(items: Any) -> str:
    return "\n".join(items)


def _one_line(text: str) -> str:
    # One item per line: a line break inside an item would make it two.
    return " ".join(text.split())


def retention_text(rule: RetentionRuleRec, names: Names) -> str:
    """A rule as a lawyer says it: the data, then "Term: 3 years from end of contract, then delete".

    The term goes on its own line: data descriptions are sentences, often ending
    with a full stop, and "….: While the account is active" reads as a typo.
    """
    if rule.duration_value is not None:
        term = f"{rule.duration_value} {_label(rule.duration_unit)}".strip()
    else:
        term = rule.open_ended_term or "no term given"
    if rule.trigger is not None:
        term += f" from {rule.trigger.label.lower()}"
    if rule.end_of_life_action is not None:
        term += f", then {rule.end_of_life_action.label.lower()}"
    what = rule_data(rule, names)
    term = _one_line(term)
    return f"{what}\nTerm: {term}" if what else f"Term: {term}"


def lawful_bases(rec: ActivityRec) -> str:
    """The Art. 6 basis of each purpose, numbered in the order of the purposes.

    "Purpose 2" is the second line of the Register's purposes cell and the
    activity's second row on the purposes sheet (the Findings sheet says it the
    same way). When every purpose has the same basis it is said once.
    """
    bases = [_label(p.legal_basis) or "no lawful basis recorded" for p in rec.purposes]
    if not any(p.legal_basis for p in rec.purposes):
        return ""
    if len(set(bases)) == 1:
        return bases[0] if len(bases) == 1 else f"All purposes: {bases[0]}"
    return _lines(f"Purpose {i}: {basis}" for i, basis in enumerate(bases, 1))


def register_row(rec: ActivityRec, names: Names) -> list[Any]:
    """The Register sheet's cells for one activity, in column order."""
    cat = names.name
    return [
        rec.reference,
        rec.name,
        rec.owner_department,
        rec.role.label,
        rec.status.label,
        rec.description,
        _lines(_one_line(p.description) for p in rec.purposes),
        lawful_bases(rec),
        _lines(cat("subject_categories", k) for k in rec.subject_categories),
        _lines(cat("data_categories", d.category) for d in rec.data_categories),
        _lines(
            _one_line(f"{s.channel}: {s.description}" if s.description else s.channel)
            for s in rec.sources
        ),
        _lines(cat("recipient_categories", r.category) for r in rec.recipients),
        _lines(names.processor(k) for k in rec.processors),
        rec.joint_controllers,
        _lines(
            _one_line(
                f"{country_label(t.country)}: {_label(t.safeguard) or 'no safeguard recorded'}"
            )
            for t in rec.transfers
        ),
        "\n\n".join(retention_text(r, names) for r in names.rules.get(rec.key, [])),
        _lines(cat("security_measures", k) for k in rec.measures),
        rec.measures_note,
        _lines(cat("systems", k) for k in rec.systems),
        _lines(c.label for c in rec.dpia_criteria),
        rec.dpia_reference,
        YES if rec.automated_decision else NO,
        rec.automated_decision_note,
        rec.controllers_on_behalf,
        rec.processing_categories,
        rec.last_reviewed_on,
        rec.next_review_on,
        rec.review_cycle_months,
        approval_text(rec),
        rec.key,
        rec.version,
    ]


def detail_rows(rec: ActivityRec, names: Names) -> Iterator[tuple[str, list[Any]]]:
    """(sheet title, cells) of the purposes, data, recipients and transfers of one activity."""
    head = [rec.reference, rec.name]
    tail = rec.version
    for i, p in enumerate(rec.purposes):
        yield PURPOSES.title, [
            *head, p.description, _label(p.legal_basis), p.legal_basis_detail, p.lia_reference,
            p.consent_mechanism, p.consent_withdrawal, f"{rec.key}/{i}", tail,
        ]  # fmt: skip
    for i, d in enumerate(rec.data_categories):
        entry = names.catalogue.get("data_categories", {}).get(d.category)
        kind = "Art. 9" if entry is not None and entry.special else ""
        kind = "Art. 10" if entry is not None and entry.criminal else kind
        yield DATA_CATEGORIES.title, [
            *head, names.name("data_categories", d.category), kind, _label(d.art9_condition),
            d.art10_basis, d.note, f"{rec.key}/{i}", tail,
        ]  # fmt: skip
    for i, r in enumerate(rec.recipients):
        entry = names.catalogue.get("recipient_categories", {}).get(r.category)
        kind = entry.kind.label if entry is not None else ""
        yield RECIPIENTS.title, [
            *head, names.name("recipient_categories", r.category), kind, r.detail, None,
            f"{rec.key}/{i}", tail,
        ]  # fmt: skip
    for key in rec.processors:
        proc = names.processors.get(key)
        detail = proc.services if proc is not None else ""
        signed = proc.dpa_signed_on if proc is not None else None
        yield RECIPIENTS.title, [
            *head, names.processor(key), "Processor (service provider)", detail, signed,
            f"{rec.key}/processor:{key}", tail,
        ]  # fmt: skip
    for i, t in enumerate(rec.transfers):
        yield TRANSFERS.title, [
            *head, country_label(t.country), t.recipient, _label(t.safeguard), t.tia_reference, t.note,
            f"{rec.key}/{i}", tail,
        ]  # fmt: skip


def retention_row(rule: RetentionRuleRec, names: Names) -> list[Any]:
    act = names.activities.get(rule.activity or "")
    return [
        names.reference(rule),
        act.name if act is not None else "",
        rule.data_description,
        names.name("data_categories", rule.data_category),
        rule.duration_value,
        _label(rule.duration_unit),
        rule.open_ended_term,
        _label(rule.trigger),
        rule.legal_reference,
        _label(rule.end_of_life_action),
        rule.owner,
        rule.review_cycle_months,
        rule.last_reviewed_on,
        rule.source_reference,
        rule.key,
        rule.version,
    ]
