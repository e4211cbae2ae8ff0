"""Audit trail: every change records who, when, and each field's before and after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ropa_desktop.domain import AuditChain, AuditEvent
from ropa_desktop.domain.audit import GENESIS, event_hash
from ropa_desktop.domain.enums import AuditAction
from ropa_desktop.domain.records import diff

if TYPE_CHECKING:
    from ropa_desktop.services.register import Register


_CONTENT = ("at", "actor", "entity_type", "entity_key", "entity_label", "action", "changes")
_PENDING = "ropa.audit"  # session.info: the transaction's events, written at its end


def record_event(
    session: Session,
    *,
    actor: str,
    entity_type: str,
    key: str,
    label: str,
    before: Any | None,
    after: Any | None,
    action: AuditAction | None = None,
    changes: dict[str, dict[str, Any]] | None = None,
) -> None:
    """Note one event of the caller's transaction; ``write_events`` appends the
    transaction's events to the chain together when it ends."""
    if action is None:
        action = (
            AuditAction.CREATE
            if before is None
            else AuditAction.DELETE
            if after is None
            else AuditAction.UPDATE
        )
    pending = session.info.setdefault(_PENDING, [])
    pending.append(
        {
            "actor": actor,
            "entity_type": entity_type,
            "entity_key": key,
            "entity_label": label[:300],
            "action": action,
            "changes": diff(before, after) if changes is None else changes,
        }
    )


def amend_changes(session: Session, key: str, changes: dict[str, dict[str, Any]]) -> None:
    """Replace the changes of this transaction's not yet written events of one record."""
    for values in session.info.get(_PENDING, []):
        if values["entity_key"] == key:
            values["changes"] = changes


def write_events(session: Session, *, at: dt.datetime) -> list[dict[str, Any]]:
    """Append the transaction's events to the chain, in the order they happened.

    The chain's head row is read ``FOR UPDATE``: on PostgreSQL a second writer waits
    there until the first commits and then reads the new head, so two transactions never
    link to the same event (SQLite lets one writer at a time anyway). Three statements,
    whatever the number of events. Returns the events written (their values and hash).
    """
    pending: list[dict[str, Any]] = session.info.pop(_PENDING, None) or []
    if not pending:
        return pending
    events, prev = session.execute(
        select(AuditChain.events, AuditChain.head).where(AuditChain.id == 1).with_for_update()
    ).one()
    for values in pending:
        values["at"] = at
        values["prev_hash"] = prev
        values["hash"] = prev = event_hash(**values)
    session.execute(insert(AuditEvent), pending)
    session.execute(
        update(AuditChain).where(AuditChain.id == 1).values(events=events + len(pending), head=prev)
    )
    return pending


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    actor: str
    entity_type: str
    entity_key: str
    entity_label: str
    action: AuditAction
    changes: dict[str, dict[str, Any]]


def audit_log(
    register: Register, *, entity_key: str | None = None, limit: int = 1000
) -> list[AuditEntry]:
    """The newest events first, optionally for one entity."""
    with register.reading() as session:
        stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
        if entity_key is not None:
            stmt = stmt.where(AuditEvent.entity_key == entity_key)
        return [
            AuditEntry(
                at=e.at,
                actor=e.actor,
                entity_type=e.entity_type,
                entity_key=e.entity_key,
                entity_label=e.entity_label,
                action=e.action,
                changes=e.changes,
            )
            for e in session.scalars(stmt)
        ]


@dataclass(frozen=True)
class ChainHead:
    """How many events the audit trail holds and the newest one's hash."""

    events: int
    head: str

    @property
    def line(self) -> str:
        """The head as exports print it: "<count> events, head <first 16 hex>"."""
        noun = "event" if self.events == 1 else "events"
        return f"{self.events} {noun}, head {self.head[:16]}"


def chain_head(register: Register) -> ChainHead:
    """The chain's head as the register recorded it (one row)."""
    with register.reading() as session:
        events, head = session.execute(
            select(AuditChain.events, AuditChain.head).where(AuditChain.id == 1)
        ).one()
    return ChainHead(events, head)


@dataclass(frozen=True)
class Verdict:
    """What ``verify_chain`` found: the events it read and, if any, the first broken link."""

    events: int
    head: str
    broken: str | None = None

    @property
    def sentence(self) -> str:
        if self.broken is not None:
            return self.broken
        return f"Audit trail intact: {ChainHead(self.events, self.head).line}."


def _named(event: AuditEvent) -> str:
    at = event.at if event.at.tzinfo is None else event.at.astimezone(dt.UTC)
    return f"event {event.id} ({at:%Y-%m-%d %H:%M}, {event.actor}, {event.entity_label})"


def verify_chain(register: Register) -> Verdict:
    """Recompute every event's hash in the order they were written, and compare the end
    with the head the register recorded; name the first link that does not hold."""
    recorded = chain_head(register)
    prev, count, before = GENESIS, 0, None
    with register.reading() as session:
        events = session.scalars(
            select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=2000)
        )
        try:
            for event in events:
                if broken := _broken_link(event, prev, before):
                    return Verdict(count, prev, broken)
                prev, count, before = event.hash or "", count + 1, event
                session.expunge(event)
        finally:
            events.close()  # a server-side cursor on PostgreSQL, left at the broken link
    if (count, prev) != (recorded.events, recorded.head):
        recorded = chain_head(register)  # a colleague may have saved while this read
    if (count, prev) != (recorded.events, recorded.head):
        return Verdict(count, prev, _tail_broken(count, recorded, before))
    return Verdict(count, prev)


def _broken_link(event: AuditEvent, prev: str, before: AuditEvent | None) -> str | None:
    content = {c: getattr(event, c) for c in _CONTENT}
    if event.prev_hash is None or event.hash != event_hash(**content, prev_hash=event.prev_hash):
        return f"E{_named(event)[1:]} was altered after it was written."
    if event.prev_hash != prev:
        where = f"between {_named(before)} and" if before is not None else "before"
        return f"An event {where} {_named(event)} was altered or removed after it was written."
    return None


def _tail_broken(count: int, recorded: ChainHead, last: AuditEvent | None) -> str:
    after = f" after {_named(last)}" if last is not None else ""
    if count < recorded.events:
        missing = recorded.events - count
        return (
            f"The last {missing} event{'s' if missing != 1 else ''} of the audit trail"
            f"{after} {'were' if missing != 1 else 'was'} removed after being written: the "
            f"register recorded {ChainHead(recorded.events, recorded.head).line}."
        )
    return (
        f"The audit trail does not end where the register recorded it "
        f"({ChainHead(recorded.events, recorded.head).line}; it holds {count} events ending"
        f"{after}): events were removed, or added past the app."
    )
