"""The processing activity (Art. 30(1) and 30(2)) and its parts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ropa_desktop.domain.base import KEY_LENGTH, NAME_LENGTH, Base, enum_column
from ropa_desktop.domain.catalogue import (
    DataCategory,
    Organisation,
    RecipientCategory,
    SecurityMeasure,
    SubjectCategory,
    System,
)
from ropa_desktop.domain.enums import Art9Condition, LegalBasis, Role, Status, TransferSafeguard
from ropa_desktop.domain.processor import Processor


def _link(name: str, other: str) -> Table:
    return Table(
        name,
        Base.metadata,
        Column("activity_id", ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True),
        # The primary key serves lookups by activity; this index the other way (what uses
        # this entry?), which deleting an entry asks too.
        Column(
            f"{other}_id",
            ForeignKey(f"{other}.id", ondelete="RESTRICT"),
            primary_key=True,
            index=True,
        ),
    )


activity_subject = _link("activity_subject", "subject_category")
activity_measure = _link("activity_measure", "security_measure")
activity_system = _link("activity_system", "system")
activity_processor = _link("activity_processor", "processor")


class ProcessingActivity(Base):
    __tablename__ = "activity"
    __table_args__ = (UniqueConstraint("organisation_id", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique and set before the row is written: the sentinel that lets SQLAlchemy insert
    # many rows in one statement and still match each one to the id it gets.
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True, insert_sentinel=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    reference: Mapped[str] = mapped_column(String(KEY_LENGTH))
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    description: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[Role] = enum_column(Role)
    status: Mapped[Status] = enum_column(Status)
    owner_department: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    joint_controllers: Mapped[str] = mapped_column(Text, default="")
    last_reviewed_on: Mapped[dt.date | None]
    next_review_on: Mapped[dt.date | None]
    review_cycle_months: Mapped[int | None]
    # The approval as a recorded act: who approved which version, on which day.
    approved_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    approved_on: Mapped[dt.date | None]
    approved_version: Mapped[int | None]
    measures_note: Mapped[str] = mapped_column(Text, default="")
    dpia_criteria: Mapped[list[str]] = mapped_column(default=list)
    dpia_reference: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    automated_decision: Mapped[bool] = mapped_column(default=False)
    automated_decision_note: Mapped[str] = mapped_column(Text, default="")
    # Art. 30(2): only meaningful when the organisation acts as a processor.
    controllers_on_behalf: Mapped[str] = mapped_column(Text, default="")
    processing_categories: Mapped[str] = mapped_column(Text, default="")
    to_confirm: Mapped[list[str]] = mapped_column(default=list)
    version: Mapped[int] = mapped_column(default=1)
    # The activity list's summary, kept by services.summaries in the transaction that
    # changes what it is made of, so the list reads one row per activity; NULL until made.
    summary_missing: Mapped[str | None] = mapped_column(Text)  # requirement codes lacking
    summary_bases: Mapped[str | None] = mapped_column(Text)  # legal bases, first use first
    summary_search: Mapped[str | None] = mapped_column(Text)  # casefolded words found by

    organisation: Mapped[Organisation] = relationship()
    purposes: Mapped[list[Purpose]] = relationship(
        cascade="all, delete-orphan", order_by="Purpose.position"
    )
    data_uses: Mapped[list[DataCategoryUse]] = relationship(
        cascade="all, delete-orphan", order_by="DataCategoryUse.position"
    )
    sources: Mapped[list[Source]] = relationship(
        cascade="all, delete-orphan", order_by="Source.position"
    )
    recipient_uses: Mapped[list[RecipientUse]] = relationship(
        cascade="all, delete-orphan", order_by="RecipientUse.position"
    )
    transfers: Mapped[list[Transfer]] = relationship(
        cascade="all, delete-orphan", order_by="Transfer.position"
    )
    subject_categories: Mapped[list[SubjectCategory]] = relationship(
        secondary=activity_subject, order_by=SubjectCategory.key
    )
    measures: Mapped[list[SecurityMeasure]] = relationship(
        secondary=activity_measure, order_by=SecurityMeasure.key
    )
    systems: Mapped[list[System]] = relationship(secondary=activity_system, order_by=System.key)
    processors: Mapped[list[Processor]] = relationship(
        secondary=activity_processor, order_by=Processor.key
    )


class _Child:
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)


class Purpose(_Child, Base):
    """A purpose of the processing with its Art. 6(1) legal basis."""

    __tablename__ = "purpose"

    description: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[LegalBasis | None] = enum_column(LegalBasis, nullable=True)
    legal_basis_detail: Mapped[str] = mapped_column(Text, default="")
    lia_reference: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    consent_mechanism: Mapped[str] = mapped_column(Text, default="")
    consent_withdrawal: Mapped[str] = mapped_column(Text, default="")


class DataCategoryUse(_Child, Base):
    """A category of personal data processed by an activity, with its Art. 9(2) condition."""

    __tablename__ = "data_category_use"

    data_category_id: Mapped[int] = mapped_column(
        ForeignKey("data_category.id", ondelete="RESTRICT"), index=True
    )
    art9_condition: Mapped[Art9Condition | None] = enum_column(Art9Condition, nullable=True)
    art10_basis: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")

    data_category: Mapped[DataCategory] = relationship()


class Source(_Child, Base):
    """Where the data comes from: a collection channel."""

    __tablename__ = "source"

    channel: Mapped[str] = mapped_column(String(NAME_LENGTH))
    description: Mapped[str] = mapped_column(Text, default="")
    from_data_subject: Mapped[bool] = mapped_column(default=True)


class RecipientUse(_Child, Base):
    """A category of recipients to whom the data is disclosed."""

    __tablename__ = "recipient_use"

    recipient_category_id: Mapped[int] = mapped_column(
        ForeignKey("recipient_category.id", ondelete="RESTRICT"), index=True
    )
    detail: Mapped[str] = mapped_column(Text, default="")

    recipient_category: Mapped[RecipientCategory] = relationship()


class Transfer(_Child, Base):
    """A transfer to a third country or international organisation (Art. 30(1)(e))."""

    __tablename__ = "transfer"

    country: Mapped[str] = mapped_column(String(NAME_LENGTH))
    recipient: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    safeguard: Mapped[TransferSafeguard | None] = enum_column(TransferSafeguard, nullable=True)
    tia_reference: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    note: Mapped[str] = mapped_column(Text, default="")
