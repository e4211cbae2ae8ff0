"""Plain value objects: what forms edit, what JSON carries, what audit diffs compare.

Records never hold ORM objects. References to other records are stable keys.
Fields with metadata ``{"json": False}`` (the optimistic-locking version) stay
out of the interchange document.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from ropa_desktop.domain.enums import (
    AnswerType,
    Art9Condition,
    AssessmentStatus,
    DpiaCriterion,
    EndOfLifeAction,
    LegalBasis,
    MeasureKind,
    RecipientKind,
    RetentionUnit,
    RiskRating,
    Role,
    Status,
    TransferSafeguard,
    TriggerEvent,
)

# The conversions live in plain.py; importing them from here keeps working.
from ropa_desktop.domain.plain import diff as diff
from ropa_desktop.domain.plain import flatten as flatten
from ropa_desktop.domain.plain import from_plain as from_plain
from ropa_desktop.domain.plain import to_plain as to_plain

LOCAL = {"json": False}


def record_title(reference: str, name: str) -> str:
    """A record as people name it: reference and name (“PA-03 · Newsletter”)."""
    return " · ".join(p for p in (reference.strip(), name.strip()) if p) or "(unnamed)"


@dataclass(frozen=True)
class OrganisationRec:
    key: str
    name: str
    address: str = ""
    registration_number: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    website: str = ""
    dpo_name: str = ""
    dpo_email: str = ""
    dpo_phone: str = ""
    representative_name: str = ""
    representative_contact: str = ""
    supervisory_authority: str = ""
    data_subject_rights: str = ""
    breach_procedure: str = ""
    to_confirm: tuple[str, ...] = ()
    version: int = field(default=0, metadata=LOCAL)


@dataclass(frozen=True)
class DataCategoryRec:
    key: str
    name: str
    description: str = ""
    special: bool = False
    criminal: bool = False


@dataclass(frozen=True)
class SubjectCategoryRec:
    key: str
    name: str
    description: str = ""
    vulnerable: bool = False


@dataclass(frozen=True)
class RecipientCategoryRec:
    key: str
    name: str
    kind: RecipientKind
    description: str = ""


@dataclass(frozen=True)
class MeasureRec:
    key: str
    name: str
    kind: MeasureKind
    description: str = ""


@dataclass(frozen=True)
class SystemRec:
    key: str
    name: str
    description: str = ""
    location: str = ""


@dataclass(frozen=True)
class PurposeRec:
    description: str
    legal_basis: LegalBasis | None = None
    legal_basis_detail: str = ""
    lia_reference: str = ""
    consent_mechanism: str = ""
    consent_withdrawal: str = ""


@dataclass(frozen=True)
class DataUseRec:
    category: str
    art9_condition: Art9Condition | None = None
    art10_basis: str = ""
    note: str = ""


@dataclass(frozen=True)
class SourceRec:
    channel: str
    description: str = ""
    from_data_subject: bool = True


@dataclass(frozen=True)
class RecipientUseRec:
    category: str
    detail: str = ""


@dataclass(frozen=True)
class TransferRec:
    country: str
    recipient: str = ""
    safeguard: TransferSafeguard | None = None
    tia_reference: str = ""
    note: str = ""


@dataclass(frozen=True)
class ActivityRec:
    key: str
    reference: str
    name: str
    role: Role = Role.CONTROLLER
    status: Status = Status.DRAFT
    description: str = ""
    owner_department: str = ""
    joint_controllers: str = ""
    last_reviewed_on: dt.date | None = None
    next_review_on: dt.date | None = None
    review_cycle_months: int | None = None
    purposes: tuple[PurposeRec, ...] = ()
    subject_categories: tuple[str, ...] = ()
    data_categories: tuple[DataUseRec, ...] = ()
    sources: tuple[SourceRec, ...] = ()
    recipients: tuple[RecipientUseRec, ...] = ()
    processors: tuple[str, ...] = ()
    transfers: tuple[TransferRec, ...] = ()
    measures: tuple[str, ...] = ()
    measures_note: str = ""
    systems: tuple[str, ...] = ()
    dpia_criteria: tuple[DpiaCriterion, ...] = ()
    dpia_reference: str = ""
    automated_decision: bool = False
    automated_decision_note: str = ""
    controllers_on_behalf: str = ""
    processing_categories: str = ""
    to_confirm: tuple[str, ...] = ()
    # Set by the service when the activity is approved, never by a form or a workbook.
    approved_by: str = ""
    approved_on: dt.date | None = None
    approved_version: int | None = None
    version: int = field(default=0, metadata=LOCAL)

    @property
    def title(self) -> str:
        """How people name the activity: “PA-03 · Newsletter”."""
        return record_title(self.reference, self.name)

    def normalised(self) -> ActivityRec:
        """Key lists in the order the register stores them (sorted), so that order alone
        is never reported as a change."""
        return dataclasses.replace(
            self,
            subject_categories=tuple(sorted(self.subject_categories)),
            measures=tuple(sorted(self.measures)),
            systems=tuple(sorted(self.systems)),
            processors=tuple(sorted(self.processors)),
        )


def approval_text(rec: ActivityRec) -> str:
    """The recorded approval in words, as the editor, the workbook and the PDF show it."""
    if rec.approved_on is None:
        return "Not approved"
    who = rec.approved_by or "unknown"
    version = f" (version {rec.approved_version})" if rec.approved_version else ""
    return f"Approved by {who} on {rec.approved_on.isoformat()}{version}"


@dataclass(frozen=True)
class ProcessorRec:
    key: str
    name: str
    services: str = ""
    contact_name: str = ""
    contact_email: str = ""
    locations: tuple[str, ...] = ()
    dpa_signed_on: dt.date | None = None
    dpa_reference: str = ""
    transfer_safeguard: TransferSafeguard | None = None
    certifications: tuple[str, ...] = ()
    sub_processors: str = ""
    risk_rating: RiskRating = RiskRating.NOT_ASSESSED
    notes: str = ""
    to_confirm: tuple[str, ...] = ()
    version: int = field(default=0, metadata=LOCAL)


@dataclass(frozen=True)
class RetentionRuleRec:
    key: str
    activity: str | None = None
    data_category: str | None = None
    data_description: str = ""
    duration_value: int | None = None
    duration_unit: RetentionUnit | None = None
    open_ended_term: str = ""
    trigger: TriggerEvent | None = None
    legal_reference: str = ""
    end_of_life_action: EndOfLifeAction | None = None
    owner: str = ""
    review_cycle_months: int | None = None
    last_reviewed_on: dt.date | None = None
    source_reference: str = ""
    to_confirm: tuple[str, ...] = ()
    version: int = field(default=0, metadata=LOCAL)


@dataclass(frozen=True)
class QuestionRec:
    code: str
    section: str
    text: str
    answer_type: AnswerType
    weight: int = 1
    critical: bool = False
    guidance: str = ""


@dataclass(frozen=True)
class TemplateRec:
    key: str
    template_version: int
    name: str
    description: str = ""
    review_cycle_months: int = 12
    questions: tuple[QuestionRec, ...] = ()


@dataclass(frozen=True)
class AnswerRec:
    question: str
    value: str = ""
    comment: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class AssessmentRec:
    key: str
    processor: str
    template: str
    template_version: int
    status: AssessmentStatus = AssessmentStatus.DRAFT
    due_on: dt.date | None = None
    sent_on: dt.date | None = None
    answered_on: dt.date | None = None
    reviewed_on: dt.date | None = None
    next_review_on: dt.date | None = None
    score: float | None = None
    risk_rating: RiskRating = RiskRating.NOT_ASSESSED
    findings: str = ""
    answers: tuple[AnswerRec, ...] = ()
    version: int = field(default=0, metadata=LOCAL)
