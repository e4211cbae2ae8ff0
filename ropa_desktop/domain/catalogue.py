"""Organisation (controller identity) and the user-extendable catalogues."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ropa_desktop.domain.base import KEY_LENGTH, NAME_LENGTH, Base, enum_column
from ropa_desktop.domain.enums import MeasureKind, RecipientKind


class Organisation(Base):
    """The controller (or processor) whose register this is: Art. 30(1)(a)."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    address: Mapped[str] = mapped_column(Text, default="")
    registration_number: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    contact_email: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    contact_phone: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    website: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    dpo_name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    dpo_email: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    dpo_phone: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    representative_name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    representative_contact: Mapped[str] = mapped_column(Text, default="")
    supervisory_authority: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    data_subject_rights: Mapped[str] = mapped_column(Text, default="")
    breach_procedure: Mapped[str] = mapped_column(Text, default="")
    to_confirm: Mapped[list[str]] = mapped_column(default=list)
    version: Mapped[int] = mapped_column(default=1)


class _CatalogueEntry:
    """Columns common to every catalogue: a stable key, a name, a description."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    description: Mapped[str] = mapped_column(Text, default="")
    builtin: Mapped[bool] = mapped_column(default=False)


class DataCategory(_CatalogueEntry, Base):
    """A category of personal data; Art. 9 special or Art. 10 criminal data flagged."""

    __tablename__ = "data_category"

    special: Mapped[bool] = mapped_column(default=False)
    criminal: Mapped[bool] = mapped_column(default=False)


class SubjectCategory(_CatalogueEntry, Base):
    """A category of data subjects (customers, prospects, employees, ...)."""

    __tablename__ = "subject_category"

    vulnerable: Mapped[bool] = mapped_column(default=False)


class RecipientCategory(_CatalogueEntry, Base):
    """A category of recipients (internal department, processors, authorities, ...)."""

    __tablename__ = "recipient_category"

    kind: Mapped[RecipientKind] = enum_column(RecipientKind)


class SecurityMeasure(_CatalogueEntry, Base):
    """A technical or organisational security measure (Art. 32)."""

    __tablename__ = "security_measure"

    kind: Mapped[MeasureKind] = enum_column(MeasureKind)


class System(_CatalogueEntry, Base):
    """An application or store where personal data lives."""

    __tablename__ = "system"

    location: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
