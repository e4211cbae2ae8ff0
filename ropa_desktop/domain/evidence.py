"""Evidence files: the documents that prove what the register says (signed DPAs, SCCs,
transfer impact assessments, balancing tests, DPIAs, notifications), stored in the
register's own database so that a team on PostgreSQL shares them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ropa_desktop.domain.base import KEY_LENGTH, NAME_LENGTH, Base, enum_column
from ropa_desktop.domain.enums import EvidenceKind
from ropa_desktop.domain.logs import AwareDateTime


class EvidenceFile(Base):
    __tablename__ = "evidence_file"
    __table_args__ = (Index("ix_evidence_file_owner", "owner_type", "owner_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # The record it is attached to: an activity, processor, assessment, breach or request.
    owner_type: Mapped[str] = mapped_column(String(40))
    owner_key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    title: Mapped[str] = mapped_column(String(NAME_LENGTH))
    kind: Mapped[EvidenceKind] = enum_column(EvidenceKind)
    file_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    media_type: Mapped[str] = mapped_column(String(120))  # sniffed from the content
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    # Read only when the file itself is opened or exported, never with the list.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
