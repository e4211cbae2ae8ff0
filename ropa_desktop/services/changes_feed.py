"""What colleagues changed: the register's other sessions' commits, as they happen.

Every committed transaction that wrote audit events tells the others:

* on PostgreSQL by ``NOTIFY ropa_register`` with one JSON payload per event (kind,
  record key, reference, name, actor, time), issued inside the transaction that wrote
  the events, so the server delivers it at commit and never for a rolled-back one;
* on SQLite, where nothing is sent, a dedicated connection's ``PRAGMA data_version``
  changes when another connection commits, and the new events are read from
  ``audit_event`` after the last one seen.

``open_feed(register)`` gives one interface for both: ``changes()`` is what others
changed since the last call, never blocking (the app polls it from its event loop).
The register's own commits are left out, whichever window or login made them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ropa_desktop.domain import AuditEvent, ProcessingActivity
from ropa_desktop.domain.enums import AuditAction
from ropa_desktop.domain.errors import StoreError
from ropa_desktop.domain.records import record_title

if TYPE_CHECKING:
    from ropa_desktop.services.register import Register

CHANNEL = "ropa_register"


@dataclass(frozen=True)
class Change:
    """One change a colleague committed: which record, who, when."""

    kind: str  # the audit trail's entity type: "activity", "processor", ...
    key: str
    title: str  # “PA-05 · Technical support”
    actor: str
    at: dt.datetime  # aware, UTC
    action: AuditAction

    def by_line(self, *, today: dt.date | None = None) -> str:
        """“Changed by bob at 14:02” in local time; the day too when it is not today."""
        local = self.at.astimezone()
        verb = "Deleted" if self.action is AuditAction.DELETE else "Changed"
        when = f"at {local:%H:%M}"
        if local.date() != (today or dt.date.today()):
            when = f"on {local:%Y-%m-%d} {when}"
        return f"{verb} by {self.actor} {when}"


# --- writing: inside the transaction ----------------------------------------------------------


def announce(session: Session, events: list[dict[str, Any]]) -> None:
    """Tell the other sessions of a PostgreSQL register about these events at commit
    (one statement); SQLite needs nothing sent."""
    if not events or session.get_bind().dialect.name != "postgresql":
        return
    references = _references(session, events)
    payloads = [json.dumps(_payload(values, references), ensure_ascii=False) for values in events]
    session.execute(
        text("SELECT pg_notify(:channel, p) FROM unnest(CAST(:payloads AS text[])) AS p"),
        {"channel": CHANNEL, "payloads": payloads},
    )


def _payload(values: Mapping[str, Any], references: Mapping[str, str]) -> dict[str, Any]:
    at: dt.datetime = values["at"]
    return {
        "kind": values["entity_type"],
        "key": values["entity_key"],
        "reference": _reference(values, references),
        "name": values["entity_label"],
        "actor": values["actor"],
        "at": _utc(at).isoformat(),
        "action": str(getattr(values["action"], "value", values["action"])),
        "hash": values["hash"],
    }


def _references(con: Session | Connection, events: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    # Only an activity has a reference; its event names it only when it changed.
    keys = {e["entity_key"] for e in events if e["entity_type"] == "activity"}
    if not keys:
        return {}
    rows = con.execute(
        select(ProcessingActivity.key, ProcessingActivity.reference).where(
            ProcessingActivity.key.in_(keys)
        )
    )
    return {key: reference for key, reference in rows}


def _reference(values: Mapping[str, Any], references: Mapping[str, str]) -> str:
    if values["entity_type"] != "activity":
        return ""
    changed = (values.get("changes") or {}).get("reference") or {}
    return str(
        references.get(values["entity_key"]) or changed.get("after") or changed.get("before") or ""
    )


def _action(value: object) -> AuditAction:
    if isinstance(value, AuditAction):
        return value
    return next(a for a in AuditAction if a.value == value)  # StopIteration: not ours


def _utc(at: dt.datetime) -> dt.datetime:
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


# --- reading: a dedicated connection ---------------------------------------------------------


class ChangeFeed:
    """The colleagues' changes since the last ``changes()``; ``fileno`` is a socket to
    watch for readability when the backend pushes (PostgreSQL), else None (poll)."""

    def __init__(self, register: Register, con: Connection) -> None:
        self._register = register
        self._con: Connection | None = con
        register.own_events = set()  # the hashes of the events this session writes

    def fileno(self) -> int | None:
        return None

    def changes(self) -> list[Change]:
        if self._con is None:
            return []
        try:
            found = self._read(self._con)
        except DBAPIError:
            # The connection is gone (server restarted, file removed): the feed stops; the
            # window's next read or save says what happened in one sentence.
            self.close()
            return []
        own = self._register.own_events or set()
        theirs = []
        for values, change in found:
            if values["hash"] in own:
                own.discard(values["hash"])  # seen once: the set stays small
            else:
                theirs.append(change)
        return theirs

    def _read(self, con: Connection) -> list[tuple[dict[str, Any], Change]]:
        raise NotImplementedError

    def close(self) -> None:
        if self._con is not None:
            con, self._con = self._con, None
            self._register.own_events = None
            try:
                con.invalidate()  # never back to the pool: it still listens / holds a snapshot
                con.close()
            except DBAPIError:
                pass


def _change(values: Mapping[str, Any], references: Mapping[str, str]) -> Change:
    return Change(
        kind=values["entity_type"],
        key=values["entity_key"],
        title=record_title(_reference(values, references), values["entity_label"]),
        actor=values["actor"],
        at=_utc(values["at"]),
        action=_action(values["action"]),
    )


class SqliteFeed(ChangeFeed):
    """Polls ``PRAGMA data_version``; reads the events after the last one seen."""

    def __init__(self, register: Register, con: Connection) -> None:
        super().__init__(register, con)
        self._version = self._data_version(con)
        self._last_id = con.scalar(select(func.coalesce(func.max(AuditEvent.id), 0))) or 0
        con.rollback()

    @staticmethod
    def _data_version(con: Connection) -> int:
        return int(con.exec_driver_sql("PRAGMA data_version").scalar_one())

    def _read(self, con: Connection) -> list[tuple[dict[str, Any], Change]]:
        version = self._data_version(con)
        if version == self._version:
            con.rollback()
            return []
        self._version = version
        columns = [c for c in AuditEvent.__table__.columns if c.name != "prev_hash"]
        rows = [
            dict(r._mapping)
            for r in con.execute(
                select(*columns).where(AuditEvent.id > self._last_id).order_by(AuditEvent.id)
            )
        ]
        references = _references(con, rows)
        con.rollback()  # no read transaction held between polls
        if rows:
            self._last_id = rows[-1]["id"]
        return [(r, _change(r, references)) for r in rows]


class PostgresFeed(ChangeFeed):
    """``LISTEN ropa_register`` on its own connection; reads what arrived, never waits."""

    def __init__(self, register: Register, con: Connection) -> None:
        super().__init__(register, con)
        con.exec_driver_sql(f"LISTEN {CHANNEL}")
        self._dbapi: Any = con.connection.driver_connection

    def fileno(self) -> int | None:
        return int(self._dbapi.fileno()) if self._con is not None else None

    def _read(self, con: Connection) -> list[tuple[dict[str, Any], Change]]:
        found = []
        for notify in self._dbapi.notifies(timeout=0):
            values = _from_payload(notify.payload)
            if values is not None:
                found.append((values, _change(values, {values["entity_key"]: values["ref"]})))
        return found


def _from_payload(payload: str) -> dict[str, Any] | None:
    # Another program may NOTIFY on the channel too: what is not ours is ignored.
    try:
        data = json.loads(payload)
        return {
            "entity_type": str(data["kind"]),
            "entity_key": str(data["key"]),
            "ref": str(data.get("reference") or ""),
            "entity_label": str(data.get("name") or ""),
            "actor": str(data["actor"]),
            "at": dt.datetime.fromisoformat(data["at"]),
            "action": _action(data["action"]),
            "hash": str(data.get("hash") or ""),
        }
    except (ValueError, KeyError, TypeError, StopIteration):
        return None


def open_feed(register: Register) -> ChangeFeed:
    """A feed on a connection of its own; StoreError if the database cannot be reached."""
    try:
        con = register.engine.connect()
        if register.is_sqlite:
            return SqliteFeed(register, con)
        con = con.execution_options(isolation_level="AUTOCOMMIT")
        return PostgresFeed(register, con)
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0].rstrip(".") if exc.orig else "unknown"
        raise StoreError(
            f"Colleagues' changes cannot be followed ({reason}); the register opens without "
            "them, and a save still checks that nobody changed the record meanwhile."
        ) from None
