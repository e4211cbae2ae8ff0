"""Retention schedule: how long each kind of data is kept (Art. 30(1)(f))."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ropa_desktop.domain.activity import ProcessingActivity
from ropa_desktop.domain.base import KEY_LENGTH, NAME_LENGTH, Base, enum_column
from ropa_desktop.domain.catalogue import DataCategory, Organisation
from ropa_desktop.domain.enums import EndOfLifeAction, RetentionUnit, TriggerEvent


class RetentionRule(Base):
    """A duration (number + unit) or an open-ended term, counted from a trigger event."""

    __tablename__ = "retention_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique and set before the row is written: the sentinel that lets SQLAlchemy insert
    # many rows in one statement and still match each one to the id it gets.
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True, insert_sentinel=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    data_category_id: Mapped[int | None] = mapped_column(
        ForeignKey("data_category.id", ondelete="RESTRICT"), index=True
    )
    data_description: Mapped[str] = mapped_column(Text, default="")
    duration_value: Mapped[int | None]
    duration_unit: Mapped[RetentionUnit | None] = enum_column(RetentionUnit, nullable=True)
    open_ended_term: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    trigger: Mapped[TriggerEvent | None] = enum_column(TriggerEvent, nullable=True)
    legal_reference: Mapped[str] = mapped_column(Text, default="")
    end_of_life_action: Mapped[EndOfLifeAction | None] = enum_column(EndOfLifeAction, nullable=True)
    owner: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    review_cycle_months: Mapped[int | None]
    last_reviewed_on: Mapped[dt.date | None]
    source_reference: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    to_confirm: Mapped[list[str]] = mapped_column(default=list)
    version: Mapped[int] = mapped_column(default=1)

    organisation: Mapped[Organisation] = relationship()
    activity: Mapped[ProcessingActivity | None] = relationship()
    data_category: Mapped[DataCategory | None] = relationship()
