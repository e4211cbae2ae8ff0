"""How a DPO names the register's fields, in findings, change sets and marks."""

from __future__ import annotations

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


def field_label(name: str) -> str:
    """The plain-words name of a record field ("owner_department" -> "Owner department")."""
    base = name.partition(":")[0].strip()
    return FIELD_LABELS.get(base) or base.replace(".", ": ").replace("_", " ").capitalize()


def to_confirm_message(entry: str) -> str:
    """The finding for a "to confirm" mark; a mark may carry a note after a colon."""
    note = entry.partition(":")[2].strip()
    return f"“{field_label(entry)}” is marked to confirm" + (f": {note}" if note else ".")


def counted(n: int, word: str, plural: str | None = None) -> str:
    """A count with its noun agreeing: "1 blocking finding", "2 blocking findings"."""
    return f"{n} {word if n == 1 else plural or word + 's'}"
