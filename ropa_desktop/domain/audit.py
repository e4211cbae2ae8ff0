"""Append-only audit trail of every change to the register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from ropa_desktop.domain.base import KEY_LENGTH, NAME_LENGTH, Base, enum_column
from ropa_desktop.domain.enums import AuditAction


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(NAME_LENGTH))
    entity_type: Mapped[str] = mapped_column(String(KEY_LENGTH))
    entity_key: Mapped[str] = mapped_column(String(KEY_LENGTH), index=True)
    entity_label: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    action: Mapped[AuditAction] = enum_column(AuditAction)
    # {field: {"before": ..., "after": ...}} in JSON-ready values.
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
