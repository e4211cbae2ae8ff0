"""Append-only audit trail of every change to the register, chained by SHA-256.

Each event carries the hash of the event before it (``prev_hash``; the first one
``GENESIS``) and its own ``hash`` over its content and that link, so that changing or
removing an event after it was written breaks the chain at that event. ``audit_chain``
holds the newest link (how many events, the last hash): the tail cannot be cut off
unseen, and its row lock serialises appends between writers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from ropa_desktop.domain.base import KEY_LENGTH, NAME_LENGTH, Base, enum_column
from ropa_desktop.domain.enums import AuditAction

HASH_LENGTH = 64  # SHA-256 in hex
GENESIS = "0" * HASH_LENGTH  # the link before the first event


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
    prev_hash: Mapped[str | None] = mapped_column(String(HASH_LENGTH))
    hash: Mapped[str | None] = mapped_column(String(HASH_LENGTH))


class AuditChain(Base):
    """One row: the number of events in the trail and the newest event's hash."""

    __tablename__ = "audit_chain"

    id: Mapped[int] = mapped_column(primary_key=True)
    events: Mapped[int]
    head: Mapped[str] = mapped_column(String(HASH_LENGTH))


def event_hash(
    *,
    at: dt.datetime,
    actor: str,
    entity_type: str,
    entity_key: str,
    entity_label: str,
    action: AuditAction | str,
    changes: dict[str, Any],
    prev_hash: str,
    **_: Any,
) -> str:
    """The SHA-256 (hex) of an event's content and the link before it.

    The serialisation is the chain's definition, fixed once: a JSON array, keys sorted,
    no spaces, UTF-8; the time in UTC as "YYYY-MM-DD HH:MM:SS.ffffff" (a time without a
    zone is UTC, as SQLite gives it back). Changing it would break every chain written.
    """
    if at.tzinfo is not None:
        at = at.astimezone(dt.UTC).replace(tzinfo=None)
    content = [
        at.isoformat(sep=" ", timespec="microseconds"),
        actor,
        entity_type,
        entity_key,
        entity_label,
        str(getattr(action, "value", action)),
        changes,
        prev_hash,
    ]
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
