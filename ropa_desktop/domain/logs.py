"""The breach register (Art. 33(5)) and the log of rights requests (Arts. 12–22).

Moments of a breach keep the time zone they were recorded in (``AwareDateTime``): the
72 hours of Art. 33(1) are counted in UTC, but a DPO reads a deadline in the zone the
awareness was noted in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from ropa_desktop.domain.activity import ProcessingActivity
from ropa_desktop.domain.base import KEY_LENGTH, NAME_LENGTH, Base, enum_column
from ropa_desktop.domain.catalogue import Organisation, System
from ropa_desktop.domain.enums import (
    BreachRisk,
    IdentityCheck,
    NoCommunicationReason,
    RequestOutcome,
    RequestType,
)
from ropa_desktop.domain.processor import Processor


class AwareDateTime(TypeDecorator[dt.datetime]):
    """A moment with its UTC offset, stored as ISO 8601 text on every backend (SQLite
    has no zoned timestamps, and PostgreSQL's would keep the instant but not the zone)."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, dt.datetime) or value.utcoffset() is None:
            raise ValueError("a moment of the register needs its time zone")
        return value.isoformat()

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else dt.datetime.fromisoformat(value)


def _link(name: str, owner: str, other: str) -> Table:
    # RESTRICT: a record a breach or a request names cannot vanish under it; the
    # services refuse the deletion first, in words.
    return Table(
        name,
        Base.metadata,
        Column(f"{owner}_id", ForeignKey(f"{owner}.id", ondelete="CASCADE"), primary_key=True),
        Column(
            f"{other}_id",
            ForeignKey(f"{other}.id", ondelete="RESTRICT"),
            primary_key=True,
            index=True,
        ),
    )


breach_activity = _link("breach_activity", "breach", "activity")
breach_processor = _link("breach_processor", "breach", "processor")
breach_system = _link("breach_system", "breach", "system")
request_activity = _link("request_activity", "rights_request", "activity")


class _Logged:
    """What every record of a log has: identity, reference, marks and version."""

    @declared_attr.directive
    @classmethod
    def __table_args__(cls) -> tuple[UniqueConstraint]:
        return (UniqueConstraint("organisation_id", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    reference: Mapped[str] = mapped_column(String(KEY_LENGTH))
    closed_on: Mapped[dt.date | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    to_confirm: Mapped[list[str]] = mapped_column(default=list)
    version: Mapped[int] = mapped_column(default=1)


class Breach(_Logged, Base):
    __tablename__ = "breach"

    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    description: Mapped[str] = mapped_column(Text, default="")
    occurred_from: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())
    occurred_to: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())
    aware_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())
    natures: Mapped[list[str]] = mapped_column(default=list)
    subject_categories: Mapped[str] = mapped_column(Text, default="")
    subjects_count: Mapped[int | None] = mapped_column(BigInteger)
    data_categories: Mapped[str] = mapped_column(Text, default="")
    records_count: Mapped[int | None] = mapped_column(BigInteger)
    consequences: Mapped[str] = mapped_column(Text, default="")
    measures_taken: Mapped[str] = mapped_column(Text, default="")
    measures_proposed: Mapped[str] = mapped_column(Text, default="")
    risk: Mapped[BreachRisk | None] = enum_column(BreachRisk, nullable=True)
    risk_reasons: Mapped[str] = mapped_column(Text, default="")
    notified_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())
    authority_reference: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    delay_reasons: Mapped[str] = mapped_column(Text, default="")
    communicated_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())
    no_communication: Mapped[NoCommunicationReason | None] = enum_column(
        NoCommunicationReason, nullable=True
    )
    organisation: Mapped[Organisation] = relationship()
    activities: Mapped[list[ProcessingActivity]] = relationship(
        secondary=breach_activity, order_by=ProcessingActivity.key
    )
    processors: Mapped[list[Processor]] = relationship(
        secondary=breach_processor, order_by=Processor.key
    )
    systems: Mapped[list[System]] = relationship(secondary=breach_system, order_by=System.key)


class RightsRequest(_Logged, Base):
    __tablename__ = "rights_request"

    request_type: Mapped[RequestType] = enum_column(RequestType)
    received_on: Mapped[dt.date]
    channel: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    requester: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    identity_check: Mapped[IdentityCheck] = enum_column(IdentityCheck)
    extension_months: Mapped[int] = mapped_column(default=0)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[RequestOutcome | None] = enum_column(RequestOutcome, nullable=True)
    outcome_reason: Mapped[str] = mapped_column(Text, default="")
    organisation: Mapped[Organisation] = relationship()
    activities: Mapped[list[ProcessingActivity]] = relationship(
        secondary=request_activity, order_by=ProcessingActivity.key
    )
