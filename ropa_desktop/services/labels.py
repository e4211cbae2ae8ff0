"""How a DPO names the register's fields, in findings, change sets and marks."""

from __future__ import annotations

import re
from collections.abc import Iterable

# How a DPO names the fields that can be marked "to confirm" (record field names,
# "purposes.legal_basis" for a field of every purpose).
FIELD_LABELS = {
    "address": "Address", "approval_lapsed": "Approval lapsed because",
    "approved_by": "Approved by", "approved_on": "Approved on",
    "approved_version": "Approved version", "automated_decision": "Automated decision-making",
    "breach_procedure": "Breach procedure", "certifications": "Certifications",
    "contact_email": "Contact e-mail", "contact_name": "Contact", "contact_phone": "Contact phone",
    "data_categories": "Categories of personal data", "data_category": "Data category",
    "data_categories.art9_condition": "Art. 9(2) condition of the special categories",
    "data_categories.art10_basis": "Art. 10 authorisation of the criminal data",
    "duration_unit": "Duration unit",
    "data_description": "Data covered", "data_subject_rights": "Data-subject rights",
    "description": "Description", "dpa_reference": "DPA reference",
    "dpa_signed_on": "DPA signed on", "dpia_criteria": "DPIA criteria",
    "dpia_reference": "DPIA reference", "dpo_email": "DPO e-mail", "dpo_name": "DPO name",
    "dpo_phone": "DPO phone", "duration_value": "Duration",
    "end_of_life_action": "At the end of the period", "joint_controllers": "Joint controllers",
    "last_reviewed_on": "Last reviewed", "legal_reference": "Legal reference",
    "next_review_on": "Next review", "locations": "Processing locations",
    "measures": "Security measures", "name": "Name", "open_ended_term": "Open-ended term",
    "owner": "Owner", "owner_department": "Owner department", "processors": "Processors",
    "purposes.consent_mechanism": "How consent is obtained",
    "purposes.consent_withdrawal": "How consent is withdrawn",
    "purposes.legal_basis": "Legal basis of the purposes",
    "purposes.legal_basis_detail": "Legal basis details",
    "purposes.lia_reference": "Legitimate-interests assessment reference",
    "recipients": "Recipients", "retention": "Retention rules",
    "registration_number": "Registration number",
    "representative_name": "EU representative", "review_cycle_months": "Review cycle",
    "risk_rating": "Risk rating", "services": "Services", "sources": "Sources",
    "sub_processors": "Sub-processors", "subject_categories": "Categories of data subjects",
    "supervisory_authority": "Supervisory authority", "systems": "Systems",
    "transfer_safeguard": "Transfer safeguard", "transfers": "Transfers",
    "trigger": "Starting event", "website": "Website",
}  # fmt: skip
# The breach register's and the rights-request log's own fields.
FIELD_LABELS |= {
    "reference": "Reference", "occurred_from": "Occurred from", "occurred_to": "Occurred until",
    "aware_at": "Controller aware since", "natures": "Nature of the breach",
    "subjects_count": "Approximate number of people", "records_count":
    "Approximate number of records", "activities": "Activities concerned",
    "consequences": "Likely consequences", "measures_taken": "Measures taken",
    "measures_proposed": "Measures proposed", "risk": "Risk to people",
    "risk_reasons": "Reasons for the risk assessment",
    "notified_at": "Authority notified on", "authority_reference": "Authority's reference",
    "delay_reasons": "Reasons for a late notification",
    "communicated_at": "People told on", "no_communication": "Why people are not told",
    "closed_on": "Closed on", "notes": "Notes", "request_type": "Right exercised",
    "received_on": "Received on", "channel": "Received through", "requester": "Requester",
    "identity_check": "Identity check", "extension_months": "Extension (months)",
    "extension_reason": "Reason for the extension", "outcome": "Outcome",
    "outcome_reason": "Reasons given for the outcome",
}  # fmt: skip
_ITEM_RE = re.compile(r"([a-z_]+)\[(\d+)\](?:\.([a-z_0-9]+))?")


# What one item of a record's list is called, and the fields of an item.
ITEM_WORDS = {
    "purposes": "Purpose", "data_categories": "Data category", "recipients": "Recipient",
    "transfers": "Transfer", "sources": "Source", "questions": "Question", "answers": "Answer",
}  # fmt: skip
SUBFIELD_LABELS = {
    "description": "Description", "legal_basis": "Legal basis",
    "legal_basis_detail": "Legal basis details", "lia_reference": "LIA reference",
    "consent_mechanism": "How consent is obtained", "consent_withdrawal": "How consent is withdrawn",
    "category": "Category", "art9_condition": "Art. 9(2) condition", "art10_basis": "Art. 10 basis",
    "note": "Note", "detail": "Details", "country": "Country or organisation",
    "recipient": "Recipient", "safeguard": "Safeguard", "tia_reference": "TIA reference",
    "channel": "Channel", "from_data_subject": "From the data subject", "value": "Answer",
    "comment": "Comment", "evidence": "Evidence", "text": "Question", "code": "Code",
}  # fmt: skip


def subfield_label(name: str) -> str:
    """The label of a list item's field ("legal_basis" -> "Legal basis")."""
    return SUBFIELD_LABELS.get(name, field_label(name))


def field_label(name: str) -> str:
    """The plain-words name of a record field ("owner_department" -> "Owner department",
    "purposes[3].legal_basis" -> "Purpose 3 — Legal basis", as the import preview says)."""
    base = name.partition(":")[0].strip()
    item = _ITEM_RE.fullmatch(base)
    if item is not None and item.group(1) in ITEM_WORDS:
        where = f"{ITEM_WORDS[item.group(1)]} {item.group(2)}"
        sub = item.group(3)
        return f"{where} — {subfield_label(sub)}" if sub else where
    return FIELD_LABELS.get(base) or base.replace(".", ": ").replace("_", " ").capitalize()


def located(where: str, message: str) -> str:
    """“where: message”, unless the message already starts by naming ``where`` (a finding
    names its purpose: “Purpose 3 (“…”) has no legal basis” needs no “Purpose 3: ” before)."""
    if not where or message == where or message.startswith((f"{where} ", f"{where}:")):
        return message
    return f"{where}: {message}"


def indefinite(noun: str) -> str:
    """“an Excel workbook”, “a PDF report”: the article a written noun takes."""
    return f"{'an' if noun[:1].upper() in 'AEIOU' else 'a'} {noun}"


def to_confirm_message(entry: str) -> str:
    """The finding for a "to confirm" mark; a mark may carry a note after a colon."""
    note = entry.partition(":")[2].strip()
    return f"“{field_label(entry)}” is marked to confirm" + (f": {note}" if note else ".")


def to_confirm_summary(entries: Iterable[str]) -> str:
    """A record's "to confirm" marks in one line: "3 fields to confirm — Owner department,
    Legal basis of the purposes, Retention" (each field once, in the order marked)."""
    labels = list(dict.fromkeys(field_label(e) for e in entries))
    return f"{counted(len(labels), 'field')} to confirm — {', '.join(labels)}"


def counted(n: int, word: str, plural: str | None = None) -> str:
    """A count with its noun agreeing: "1 blocking finding", "2 blocking findings"."""
    return f"{n} {word if n == 1 else plural or word + 's'}"
