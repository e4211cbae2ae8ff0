"""Plain value objects: what forms edit, what JSON carries, what audit diffs compare.

Records never hold ORM objects. References to other records are stable keys.
Fields with metadata ``{"json": False}`` (the optimistic-locking version) stay
out of the interchange document.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, Union, cast

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


# --- conversion to and from JSON-ready values -------------------------------------------

R = TypeVar("R")


@functools.cache
def _json_fields(cls: type) -> tuple[str, ...]:
    # dataclasses.fields() is slow enough to matter when a big register is exported.
    return tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get("json", True))


_AS_IS = frozenset((str, int, float, bool, type(None)))


@functools.cache
def _record_fields(kind: type) -> tuple[str, ...] | None:
    """The JSON fields of a record type, None for a type that is not a record."""
    return _json_fields(kind) if dataclasses.is_dataclass(kind) else None


def to_plain(value: Any) -> Any:
    """A record (or any value inside one) as JSON-ready data; local fields left out."""
    kind: Any = type(value)
    if kind in _AS_IS:  # the most common values first: a big register has millions
        return value
    if kind is tuple:
        return [to_plain(v) for v in value]
    if (names := _record_fields(kind)) is not None:
        return {name: to_plain(getattr(value, name)) for name in names}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    return value


def from_plain(cls: type[R], data: dict[str, Any]) -> R:
    """Build a record from JSON-ready data; raise ValueError naming the bad field."""
    kwargs: dict[str, Any] = {}
    for name, convert in _converters(cast(type, cls)):
        if name not in data:
            continue
        try:
            kwargs[name] = convert(data[name])
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name}: {exc}") from None
    return cls(**kwargs)


@functools.cache
def _converters(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    # Worked out once per record type: reading hints for every record of a big
    # register's import took longer than everything else it does with the record.
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls))


def _converter(hint: Any) -> Callable[[Any], Any]:
    """The function that turns a JSON-ready value into a value of type ``hint``."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        inner = _converter(args[0])
        return lambda value: None if value is None else inner(value)
    if origin is tuple:
        (item,) = typing.get_args(hint)[:1]
        each = _converter(item)

        def many(value: Any) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise TypeError("expected a list")
            return tuple(each(v) for v in value)

        return many
    if dataclasses.is_dataclass(hint):

        def record(value: Any) -> Any:
            if not isinstance(value, dict):
                raise TypeError("expected an object")
            return from_plain(hint, value)  # type: ignore[arg-type]

        return record
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    if hint is dt.date:
        return dt.date.fromisoformat
    return functools.partial(_checked, _EXPECTED.get(hint))


# What a JSON value of each plain type must be, and how a wrong one is named.
_EXPECTED: dict[Any, tuple[Callable[[Any], bool], str]] = {
    bool: (lambda v: isinstance(v, bool), "expected true or false"),
    int: (lambda v: isinstance(v, int) and not isinstance(v, bool), "expected a whole number"),
    float: (lambda v: isinstance(v, int | float), "expected a number"),
    str: (lambda v: isinstance(v, str), "expected text"),
}


def _checked(expected: tuple[Callable[[Any], bool], str] | None, value: Any) -> Any:
    if expected is not None and not expected[0](value):
        raise TypeError(expected[1])
    return value


def flatten(record: Any) -> dict[str, Any]:
    """Top-level fields of a record as JSON-ready values, for per-field diffs."""
    plain = to_plain(record)
    assert isinstance(plain, dict)
    return plain


def diff(before: Any | None, after: Any | None) -> dict[str, dict[str, Any]]:
    """Per-field before/after of two records of one kind (None for absent)."""
    old = flatten(before) if before is not None else {}
    new = flatten(after) if after is not None else {}
    return {
        name: {"before": old.get(name), "after": new.get(name)}
        for name in dict.fromkeys([*old, *new])
        if old.get(name) != new.get(name)
    }
