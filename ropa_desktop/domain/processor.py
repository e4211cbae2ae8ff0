"""Processors (sub-processors, vendors) used by the organisation."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ropa_desktop.domain.base import KEY_LENGTH, NAME_LENGTH, Base, enum_column
from ropa_desktop.domain.catalogue import Organisation
from ropa_desktop.domain.enums import RiskRating, TransferSafeguard


class Processor(Base):
    __tablename__ = "processor"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    services: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    contact_email: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    locations: Mapped[list[str]] = mapped_column(default=list)
    dpa_signed_on: Mapped[dt.date | None]
    dpa_reference: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    transfer_safeguard: Mapped[TransferSafeguard | None] = enum_column(
        TransferSafeguard, nullable=True
    )
    certifications: Mapped[list[str]] = mapped_column(default=list)
    sub_processors: Mapped[str] = mapped_column(Text, default="")
    risk_rating: Mapped[RiskRating] = enum_column(RiskRating)
    notes: Mapped[str] = mapped_column(Text, default="")
    to_confirm: Mapped[list[str]] = mapped_column(default=list)
    version: Mapped[int] = mapped_column(default=1)

    organisation: Mapped[Organisation] = relationship()
