"""The open register: an engine, a session factory and who is making changes."""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, exists, or_, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ropa_desktop.domain import Organisation, ProcessingActivity, Processor
from ropa_desktop.domain.errors import NotFoundError, StoreError
from ropa_desktop.services import audit, changes_feed, summaries, team
from ropa_desktop.store.engine import resolve_url, shown_url, sqlite_path
from ropa_desktop.store.migrate import open_engine


def _fault(doing: str, exc: DBAPIError) -> str:
    """One sentence for a database that failed under us: busy, unreachable, full, damaged."""
    reason = str(exc.orig).strip().splitlines()[0].rstrip(".") if exc.orig else "unknown error"
    lowered = reason.lower()
    if "append-only" in lowered:  # the audit log's trigger (store/migrations 0006)
        return (
            f"The register could not be {doing}: its audit log only takes new events, and "
            "this would have changed or removed one; nothing was changed."
        )
    if getattr(exc.orig, "sqlstate", None) == "42501":  # a team role's limit (services.team)
        if lowered.startswith("permission denied"):
            reason = f"your team role does not allow this change ({reason})"
        return f"The register could not be {doing}: {reason}; nothing was changed."
    if "locked" in lowered or "busy" in lowered:
        return (
            f"The register could not be {doing}: someone else is writing to it; nothing was "
            "changed. Try again in a moment."
        )
    if "full" in lowered:
        return f"The register could not be {doing}: the disk is full; nothing was changed."
    if "malformed" in lowered or "not a database" in lowered:
        return (
            f"The register could not be {doing}: the database file is damaged ({reason}); "
            "nothing was changed. Restore it from its newest backup."
        )
    if exc.connection_invalidated or "connection" in lowered or "server" in lowered:
        return (
            f"The register could not be {doing}: the database server cannot be reached "
            f"({reason}); nothing was changed."
        )
    return f"The register could not be {doing} ({reason}); nothing was changed."


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return os.environ.get("USER", "unknown")


@dataclass
class Register:
    """Handle on one register database; services take it as their first argument."""

    engine: Engine
    actor: str
    location: str
    backup: Path | None = None
    notice: str = ""  # what opening had to repair, in one sentence for the user
    # The time a transaction's audit events are stamped with (a fixed one for the sample).
    clock: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))

    def __post_init__(self) -> None:
        # Approvals the last transaction lapsed (services.approval.Lapse), to tell the user.
        self.last_lapses: list[Any] = []
        # Keys of the activities committed transactions changed or deleted since the views
        # last asked (``take_changed_activities``): the rows the activity list reads again.
        self._changed_activities: set[str] = set()
        # The hashes of the audit events this handle committed, while a change feed
        # follows the register (services.changes_feed): its own saves are not a colleague's.
        self.own_events: set[str] | None = None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        summaries.track(self._sessions)

    @contextmanager
    def transaction(self, *, dry_run: bool = False) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error.

        With ``dry_run`` every statement runs (so the database validates too) and
        the whole unit is rolled back at the end.
        """
        self.last_lapses = []
        try:
            with self._sessions() as session:
                session.begin()
                try:
                    yield session
                    self.last_lapses, changed = self._settle(session)
                    session.flush()
                    written = audit.write_events(session, at=self.clock())
                    changes_feed.announce(session, written)  # delivered at commit only
                except BaseException:
                    session.rollback()
                    raise
                if dry_run:
                    session.rollback()
                else:
                    if self.own_events is not None:  # before the commit others can see
                        self.own_events.update(e["hash"] for e in written)
                    session.commit()
                    self._changed_activities |= changed
        except IntegrityError as exc:
            if "append-only" in str(exc.orig):  # SQLite's trigger answers as a constraint
                raise StoreError(_fault("written", exc)) from None
            raise StoreError(
                "Someone else saved a record with the same reference or key at the same "
                "moment; nothing was saved. Reload and try again."
            ) from None
        except DBAPIError as exc:
            raise StoreError(team.refusal(self, exc) or _fault("written", exc)) from None

    def _settle(self, session: Session) -> tuple[list[Any], set[str]]:
        # Rules judged once on what the whole transaction leaves (services.approval), then
        # the list summaries of what it changed, lapsed approvals included.
        pending = session.info.pop("ropa.approval", None)
        lapses = pending.settle(session, self.actor) if pending is not None else []
        return lapses, summaries.settle(session)

    def take_changed_activities(self) -> set[str]:
        """The keys of the activities changed or deleted since the last call."""
        changed, self._changed_activities = self._changed_activities, set()
        return changed

    @contextmanager
    def reading(self) -> Iterator[Session]:
        try:
            with self._sessions() as session:
                yield session
        except DBAPIError as exc:
            raise StoreError(_fault("read", exc)) from None

    def close(self) -> None:
        self.engine.dispose()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.url.get_backend_name() == "sqlite"


def open_register(
    target: str | os.PathLike[str] | None = None,
    *,
    actor: str | None = None,
    create: bool = True,
    server_backup: bool = True,
    clock: Callable[[], dt.datetime] | None = None,
) -> Register:
    """Open (upgrading) the register at a path or URL; None means the default.

    A missing or empty SQLite file is made a new register only with ``create`` (``ropa
    init``, ``ropa demo``, the default register on first start); otherwise StoreError.
    """
    url = resolve_url(target)
    opened = open_engine(url, create=create, server_backup=server_backup)
    path = sqlite_path(url)
    location = str(path) if path else shown_url(url)
    register = Register(
        engine=opened.engine,
        actor=actor or current_user(),
        location=location,
        backup=opened.backup,
        notice=opened.notice,
    )
    if clock is not None:
        register.clock = clock
    if team.is_team(register):  # the database checks that events name their writer
        register.actor = team.login_of(register)
    _seed(register)
    _fill_summaries(register)
    return register


def _fill_summaries(register: Register) -> None:
    # The list summaries an upgrade left to make (store/migrations 0005), made once.
    with register.transaction() as session:
        summaries.fill_summaries(session)
    register.take_changed_activities()  # a register just opened is read whole anyway


def is_empty(register: Register) -> bool:
    """True when the register holds no organisation, activity or processor: one query."""
    held = or_(
        *(exists(select(model.id)) for model in (Organisation, ProcessingActivity, Processor))
    )
    with register.reading() as session:
        return not session.scalar(select(held))


def organisation_row(session: Session, key: str | None = None) -> Organisation:
    """The organisation a command works on: the given key, else the only (first) one."""
    stmt = select(Organisation).order_by(Organisation.id)
    if key:
        stmt = stmt.where(Organisation.key == key)
    org = session.scalars(stmt).first()
    if org is None:
        raise NotFoundError(
            "The register has no organisation yet; run “ropa demo” or import a register first."
        )
    return org


def _seed(register: Register) -> None:
    # Imported here: catalogues needs Register for its signatures only, but the
    # module graph must not loop at import time.
    from ropa_desktop.services.catalogues import seed_catalogues

    seed_catalogues(register)
