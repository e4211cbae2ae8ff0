"""Domain model: SQLAlchemy typed models, enums and plain records. No Qt, no files."""

from ropa_desktop.domain.activity import (
    DataCategoryUse,
    ProcessingActivity,
    Purpose,
    RecipientUse,
    Source,
    Transfer,
)
from ropa_desktop.domain.audit import AuditChain, AuditEvent
from ropa_desktop.domain.base import Base
from ropa_desktop.domain.catalogue import (
    DataCategory,
    Organisation,
    RecipientCategory,
    SecurityMeasure,
    SubjectCategory,
    System,
)
from ropa_desktop.domain.evidence import EvidenceFile
from ropa_desktop.domain.logs import Breach, RightsRequest
from ropa_desktop.domain.processor import Processor
from ropa_desktop.domain.questionnaire import Answer, Assessment, Question, QuestionnaireTemplate
from ropa_desktop.domain.retention import RetentionRule
from ropa_desktop.domain.settings import RegisterSetting

__all__ = [
    "Answer",
    "Assessment",
    "AuditChain",
    "AuditEvent",
    "Base",
    "Breach",
    "DataCategory",
    "DataCategoryUse",
    "EvidenceFile",
    "Organisation",
    "ProcessingActivity",
    "Processor",
    "Purpose",
    "Question",
    "QuestionnaireTemplate",
    "RecipientCategory",
    "RecipientUse",
    "RegisterSetting",
    "RetentionRule",
    "RightsRequest",
    "SecurityMeasure",
    "Source",
    "SubjectCategory",
    "System",
    "Transfer",
]
