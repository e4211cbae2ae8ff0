"""Rights requests as records: read, validated, saved with audit and locking, deleted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ropa_desktop.domain import ProcessingActivity, RightsRequest
from ropa_desktop.domain.base import new_key
from ropa_desktop.domain.enums import RequestOutcome, RequestType
from ropa_desktop.domain.errors import FieldError
from ropa_desktop.domain.log_records import RightsRequestRec
from ropa_desktop.domain.records import record_title
from ropa_desktop.services import logs
from ropa_desktop.services.register import Register
from ropa_desktop.services.requests.deadlines import MAX_EXTENSION_MONTHS
from ropa_desktop.services.validation import check_key, check_text

PREFIX = "RR-"
# Outcomes the person must be given reasons for (Art. 12(4)).
NEEDS_REASON = frozenset((RequestOutcome.REFUSED, RequestOutcome.PARTLY))


def request_to_rec(row: RightsRequest) -> RightsRequestRec:
    return RightsRequestRec(
        key=row.key,
        reference=row.reference,
        request_type=row.request_type,
        received_on=row.received_on,
        channel=row.channel,
        requester=row.requester,
        identity_check=row.identity_check,
        extension_months=row.extension_months,
        extension_reason=row.extension_reason,
        activities=tuple(a.key for a in row.activities),
        outcome=row.outcome,
        outcome_reason=row.outcome_reason,
        closed_on=row.closed_on,
        notes=row.notes,
        to_confirm=tuple(row.to_confirm),
        version=row.version,
    )


def _apply(session: Session, row: RightsRequest, rec: RightsRequestRec) -> None:
    for name in (
        "key", "reference", "request_type", "received_on", "channel", "requester",
        "identity_check", "extension_months", "extension_reason", "outcome", "outcome_reason",
        "closed_on", "notes",
    ):  # fmt: skip
        setattr(row, name, getattr(rec, name))
    row.to_confirm = list(rec.to_confirm)
    row.activities = logs.named_rows(session, ProcessingActivity, rec.activities)


def title(rec: RightsRequestRec) -> str:
    return record_title(rec.reference, rec.request_type.label)


def validate_request(rec: RightsRequestRec) -> list[FieldError]:
    """The rules of a rights request, whatever door it comes through."""
    errors = check_key("key", rec.key)
    errors += check_text("reference", rec.reference, required=True, short=True)
    for name in ("channel", "requester"):
        errors += check_text(name, getattr(rec, name), short=True)
    for name in ("extension_reason", "outcome_reason", "notes"):
        errors += check_text(name, getattr(rec, name))
    if not isinstance(rec.request_type, RequestType):
        errors.append(FieldError("request_type", "is required"))
    if not isinstance(rec.received_on, dt.date):
        errors.append(FieldError("received_on", "is required"))
        return errors
    if not 0 <= rec.extension_months <= MAX_EXTENSION_MONTHS:
        errors.append(
            FieldError(
                "extension_months",
                f"can be at most {MAX_EXTENSION_MONTHS} further months (Art. 12(3))",
            )
        )
    elif rec.extension_months and not rec.extension_reason.strip():
        errors.append(
            FieldError(
                "extension_reason",
                "is required with an extension: the person must be told why (Art. 12(3))",
            )
        )
    if rec.outcome in NEEDS_REASON and not rec.outcome_reason.strip():
        errors.append(
            FieldError(
                "outcome_reason",
                f"is required when the request is {rec.outcome.label.lower()}: the person must "
                "be told why (Art. 12(4))",
            )
        )
    if rec.closed_on is not None:
        if rec.outcome is None:
            errors.append(FieldError("outcome", "is required once the request is closed"))
        if rec.closed_on < rec.received_on:
            errors.append(FieldError("closed_on", "is before the request was received"))
    elif rec.outcome is not None:
        errors.append(FieldError("closed_on", "is required once the outcome is recorded"))
    return errors


REQUESTS: logs.Log[RightsRequestRec] = logs.Log(
    entity_type="rights_request",
    model=RightsRequest,
    to_rec=request_to_rec,
    apply=_apply,
    validate=validate_request,
    subject=lambda rec: f"Rights request {title(rec)}",
    prefix=PREFIX,
)


def new_request(register: Register, *, received_on: dt.date) -> RightsRequestRec:
    """A fresh, unsaved request of access received on a day, with the next reference."""
    return RightsRequestRec(
        key=new_key(),
        reference=REQUESTS.next_reference(register),
        request_type=RequestType.ACCESS,
        received_on=received_on,
    )
