"""Closed lists of the register, with the labels a DPO reads.

Values are stable identifiers stored in the database and in the JSON
interchange; labels are what screens and exports show.
"""

from __future__ import annotations

import enum


class LabelledEnum(str, enum.Enum):
    """A string enum whose members carry a human label."""

    label: str

    def __new__(cls, value: str, label: str) -> LabelledEnum:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    @classmethod
    def parse(cls, text: str) -> LabelledEnum:
        """Accept a value or a label (case-insensitive); raise ValueError otherwise."""
        wanted = text.strip().casefold()
        for member in cls:
            if wanted in (member.value.casefold(), member.label.casefold()):
                return member
        allowed = ", ".join(f"“{m.label}”" for m in cls)
        raise ValueError(f"“{text}” is not one of: {allowed}")


class Role(LabelledEnum):
    CONTROLLER = "controller", "Controller"
    JOINT_CONTROLLER = "joint_controller", "Joint controller"
    PROCESSOR = "processor", "Processor"


class Status(LabelledEnum):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    RETIRED = "retired", "Retired"


class LegalBasis(LabelledEnum):
    CONSENT = "consent", "Consent (Art. 6(1)(a))"
    CONTRACT = "contract", "Contract (Art. 6(1)(b))"
    LEGAL_OBLIGATION = "legal_obligation", "Legal obligation (Art. 6(1)(c))"
    VITAL_INTERESTS = "vital_interests", "Vital interests (Art. 6(1)(d))"
    PUBLIC_TASK = "public_task", "Public task (Art. 6(1)(e))"
    LEGITIMATE_INTERESTS = "legitimate_interests", "Legitimate interests (Art. 6(1)(f))"


class Art9Condition(LabelledEnum):
    EXPLICIT_CONSENT = "explicit_consent", "Explicit consent (Art. 9(2)(a))"
    EMPLOYMENT = "employment", "Employment and social security law (Art. 9(2)(b))"
    VITAL_INTERESTS = "vital_interests", "Vital interests (Art. 9(2)(c))"
    NOT_FOR_PROFIT = "not_for_profit", "Not-for-profit body (Art. 9(2)(d))"
    MADE_PUBLIC = "made_public", "Manifestly made public (Art. 9(2)(e))"
    LEGAL_CLAIMS = "legal_claims", "Legal claims or courts (Art. 9(2)(f))"
    SUBSTANTIAL_PUBLIC_INTEREST = (
        "substantial_public_interest",
        "Substantial public interest (Art. 9(2)(g))",
    )
    HEALTH_CARE = "health_care", "Health or social care (Art. 9(2)(h))"
    PUBLIC_HEALTH = "public_health", "Public health (Art. 9(2)(i))"
    ARCHIVING_RESEARCH = "archiving_research", "Archiving, research or statistics (Art. 9(2)(j))"


class RecipientKind(LabelledEnum):
    INTERNAL = "internal", "Internal department"
    PROCESSOR = "processor", "Processor (service provider)"
    THIRD_PARTY = "third_party", "Third party"
    PUBLIC_AUTHORITY = "public_authority", "Public authority"


class TransferSafeguard(LabelledEnum):
    ADEQUACY = "adequacy", "Adequacy decision (Art. 45)"
    SCC = "scc", "Standard contractual clauses (Art. 46(2)(c))"
    BCR = "bcr", "Binding corporate rules (Art. 47)"
    CODE_OF_CONDUCT = "code_of_conduct", "Code of conduct (Art. 46(2)(e))"
    CERTIFICATION = "certification", "Certification (Art. 46(2)(f))"
    DEROGATION = "derogation", "Derogation for specific situations (Art. 49)"


class MeasureKind(LabelledEnum):
    TECHNICAL = "technical", "Technical"
    ORGANISATIONAL = "organisational", "Organisational"


class DpiaCriterion(LabelledEnum):
    """The nine criteria of the EDPB (WP248 rev.01) DPIA guidelines."""

    EVALUATION_SCORING = "evaluation_scoring", "Evaluation or scoring"
    AUTOMATED_DECISION = "automated_decision", "Automated decision with legal or similar effect"
    SYSTEMATIC_MONITORING = "systematic_monitoring", "Systematic monitoring"
    SENSITIVE_DATA = "sensitive_data", "Sensitive or highly personal data"
    LARGE_SCALE = "large_scale", "Data processed on a large scale"
    MATCHING_COMBINING = "matching_combining", "Matching or combining datasets"
    VULNERABLE_SUBJECTS = "vulnerable_subjects", "Data concerning vulnerable data subjects"
    INNOVATIVE_TECHNOLOGY = "innovative_technology", "Innovative use or new technology"
    PREVENTS_RIGHTS = "prevents_rights", "Prevents exercising a right or using a service"


class RetentionUnit(LabelledEnum):
    DAYS = "days", "days"
    WEEKS = "weeks", "weeks"
    MONTHS = "months", "months"
    YEARS = "years", "years"


class TriggerEvent(LabelledEnum):
    COLLECTION = "collection", "Collection"
    END_OF_CONTRACT = "end_of_contract", "End of contract"
    ACCOUNT_CLOSURE = "account_closure", "Account closure"
    LAST_CONTACT = "last_contact", "Last contact"
    END_OF_LEGAL_HOLD = "end_of_legal_hold", "End of legal hold"


class EndOfLifeAction(LabelledEnum):
    DELETE = "delete", "Delete"
    ANONYMISE = "anonymise", "Anonymise"
    ARCHIVE = "archive", "Archive in intermediate storage"
    RETURN = "return", "Return to the controller"


class RiskRating(LabelledEnum):
    NOT_ASSESSED = "not_assessed", "Not assessed"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class AssessmentStatus(LabelledEnum):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
    ANSWERED = "answered", "Answered"
    REVIEWED = "reviewed", "Reviewed"


class AnswerType(LabelledEnum):
    YES_NO = "yes_no", "Yes / No"
    YES_NO_NA = "yes_no_na", "Yes / No / Not applicable"
    TEXT = "text", "Free text"
    DATE = "date", "Date"
    NUMBER = "number", "Number"


class AuditAction(LabelledEnum):
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    RETIRE = "retire", "Retired"
    DELETE = "delete", "Deleted"


class BreachNature(LabelledEnum):
    """What a personal data breach broke (the EDPB's three kinds; a breach may be several)."""

    CONFIDENTIALITY = "confidentiality", "Confidentiality (disclosed or accessed)"
    INTEGRITY = "integrity", "Integrity (altered)"
    AVAILABILITY = "availability", "Availability (lost or destroyed)"


class BreachRisk(LabelledEnum):
    """The risk to people's rights and freedoms, which decides the duties of Arts. 33–34."""

    UNLIKELY = "unlikely", "Unlikely to result in a risk"
    RISK = "risk", "Risk"
    HIGH = "high", "High risk"


class NoCommunicationReason(LabelledEnum):
    """Why people need not be told of a high-risk breach (Art. 34(3))."""

    UNINTELLIGIBLE = (
        "unintelligible",
        "The data were unintelligible, e.g. encrypted (Art. 34(3)(a))",
    )
    RISK_REMOVED = "risk_removed", "Later measures removed the high risk (Art. 34(3)(b))"
    PUBLIC_NOTICE = "public_notice", "Told by public communication instead (Art. 34(3)(c))"


class RequestType(LabelledEnum):
    """The right a data subject exercises (Arts. 15–22)."""

    ACCESS = "access", "Access (Art. 15)"
    RECTIFICATION = "rectification", "Rectification (Art. 16)"
    ERASURE = "erasure", "Erasure (Art. 17)"
    RESTRICTION = "restriction", "Restriction (Art. 18)"
    PORTABILITY = "portability", "Portability (Art. 20)"
    OBJECTION = "objection", "Objection (Art. 21)"
    AUTOMATED_DECISION = "automated_decision", "Automated decision (Art. 22)"


class IdentityCheck(LabelledEnum):
    """Whether the requester was shown to be the data subject (Art. 12(6))."""

    PENDING = "pending", "Not yet checked"
    VERIFIED = "verified", "Verified"
    NOT_NEEDED = "not_needed", "Not needed (no doubt about the requester)"
    FAILED = "failed", "Could not be verified"


class RequestOutcome(LabelledEnum):
    """How a rights request was answered."""

    GRANTED = "granted", "Granted"
    PARTLY = "partly", "Partly granted"
    REFUSED = "refused", "Refused"
    NO_DATA = "no_data", "No data held"


class EvidenceKind(LabelledEnum):
    """What an evidence file proves."""

    DPA = "dpa", "Data processing agreement (Art. 28(3))"
    SCC = "scc", "Standard contractual clauses"
    TIA = "tia", "Transfer impact assessment"
    BALANCING_TEST = "balancing_test", "Legitimate-interests balancing test"
    DPIA = "dpia", "Data protection impact assessment"
    CONSENT = "consent", "Consent wording or records"
    NOTIFICATION = "notification", "Notification or correspondence with the authority"
    ANSWER = "answer", "Answer sent to the data subject"
    QUESTIONNAIRE = "questionnaire", "Answered questionnaire"
    OTHER = "other", "Other document"
