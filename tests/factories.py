"""Records for tests: a complete activity and the parts it refers to."""

from __future__ import annotations

import datetime as dt

from ropa_desktop.domain.enums import LegalBasis, Status
from ropa_desktop.domain.records import (
    ActivityRec,
    DataUseRec,
    ProcessorRec,
    PurposeRec,
    RecipientUseRec,
    RetentionRuleRec,
    SourceRec,
)


def complete_activity(
    key: str = "act-crm", reference: str = "PA-01", **changes: object
) -> ActivityRec:
    rec = ActivityRec(
        key=key,
        reference=reference,
        name="Customer relationship management",
        description="Managing customer accounts and contracts.",
        status=Status.DRAFT,
        purposes=(PurposeRec("Manage customer contracts", LegalBasis.CONTRACT),),
        subject_categories=("customers",),
        data_categories=(DataUseRec("identity"), DataUseRec("contact-details")),
        sources=(SourceRec("Customer account", "Entered by the customer"),),
        recipients=(RecipientUseRec("internal-departments", "Sales and support"),),
        measures=("access-control", "encryption-transit"),
        next_review_on=dt.date(2030, 1, 1),
    )
    return _replace(rec, **changes)


def _replace(rec: ActivityRec, **changes: object) -> ActivityRec:
    import dataclasses

    return dataclasses.replace(rec, **changes)  # type: ignore[arg-type]


def retention_for(activity_key: str, key: str = "ret-1") -> RetentionRuleRec:
    return RetentionRuleRec(
        key=key,
        activity=activity_key,
        data_description="Customer data",
        open_ended_term="While the account is active",
    )


def processor(key: str = "proc-mail", **changes: object) -> ProcessorRec:
    import dataclasses

    rec = ProcessorRec(
        key=key, name="Mailer GmbH", services="E-mail delivery", locations=("Germany",)
    )
    return dataclasses.replace(rec, **changes)  # type: ignore[arg-type]
