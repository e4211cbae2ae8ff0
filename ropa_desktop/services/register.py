"""The open register: an engine, a session factory and who is making changes."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ropa_desktop.domain import Organisation
from ropa_desktop.domain.errors import NotFoundError, StoreError
from ropa_desktop.store.engine import resolve_url, sqlite_path
from ropa_desktop.store.migrate import open_engine


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

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self, *, dry_run: bool = False) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error.

        With ``dry_run`` every statement runs (so the database validates too) and
        the whole unit is rolled back at the end.
        """
        try:
            with self._sessions() as session:
                session.begin()
                try:
                    yield session
                    session.flush()
                except BaseException:
                    session.rollback()
                    raise
                if dry_run:
                    session.rollback()
                else:
                    session.commit()
        except OperationalError as exc:
            raise StoreError(f"The register database could not be written: {exc.orig}.") from None

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.url.get_backend_name() == "sqlite"


def open_register(
    target: str | os.PathLike[str] | None = None, *, actor: str | None = None
) -> Register:
    """Open (creating or upgrading) the register at a path or URL; None means the default."""
    url = resolve_url(target)
    engine, backup = open_engine(url)
    path = sqlite_path(url)
    location = str(path) if path else url.render_as_string(hide_password=True)
    register = Register(
        engine=engine, actor=actor or current_user(), location=location, backup=backup
    )
    _seed(register)
    return register


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
