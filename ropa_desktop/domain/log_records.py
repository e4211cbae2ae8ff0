"""Plain records of the breach register and the rights-request log (see ``logs.py``).

References to activities, processors and systems are their stable keys, as in
``records.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ropa_desktop.domain.enums import (
    BreachNature,
    BreachRisk,
    EvidenceKind,
    IdentityCheck,
    NoCommunicationReason,
    RequestOutcome,
    RequestType,
)
from ropa_desktop.domain.records import LOCAL


@dataclass(frozen=True)
class BreachRec:
    key: str
    reference: str
    name: str
    description: str = ""
    occurred_from: dt.datetime | None = None
    occurred_to: dt.datetime | None = None
    aware_at: dt.datetime | None = None
    natures: tuple[BreachNature, ...] = ()
    subject_categories: str = ""
    subjects_count: int | None = None
    data_categories: str = ""
    records_count: int | None = None
    activities: tuple[str, ...] = ()
    processors: tuple[str, ...] = ()
    systems: tuple[str, ...] = ()
    consequences: str = ""
    measures_taken: str = ""
    measures_proposed: str = ""
    risk: BreachRisk | None = None
    risk_reasons: str = ""
    notified_at: dt.datetime | None = None
    authority_reference: str = ""
    delay_reasons: str = ""
    communicated_at: dt.datetime | None = None
    no_communication: NoCommunicationReason | None = None
    closed_on: dt.date | None = None
    notes: str = ""
    to_confirm: tuple[str, ...] = ()
    version: int = field(default=0, metadata=LOCAL)


@dataclass(frozen=True)
class RightsRequestRec:
    key: str
    reference: str
    request_type: RequestType
    received_on: dt.date
    channel: str = ""
    requester: str = ""
    identity_check: IdentityCheck = IdentityCheck.PENDING
    extension_months: int = 0
    extension_reason: str = ""
    activities: tuple[str, ...] = ()
    outcome: RequestOutcome | None = None
    outcome_reason: str = ""
    closed_on: dt.date | None = None
    notes: str = ""
    to_confirm: tuple[str, ...] = ()
    version: int = field(default=0, metadata=LOCAL)


@dataclass(frozen=True)
class EvidenceRec:
    """An evidence file as listed: everything but its bytes."""

    key: str
    owner_type: str  # activity, processor, assessment, breach or rights_request
    owner_key: str
    title: str
    kind: EvidenceKind
    file_name: str
    media_type: str
    size: int
    sha256: str
    added_at: dt.datetime
    notes: str = ""
    version: int = field(default=0, metadata=LOCAL)


@dataclass(frozen=True)
class EvidenceFileDoc:
    """An evidence file in a JSON export made ``--with-evidence``: as listed, and its
    bytes in Base64."""

    file: EvidenceRec
    content_base64: str
