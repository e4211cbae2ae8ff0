"""Open a register database: refuse what is not ours or is newer, back up, upgrade."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from ropa_desktop.domain.errors import StoreError
from ropa_desktop.store.backups import (
    backup_server,
    backup_sqlite,
    copy_database,
    newest_backup,
)
from ropa_desktop.store.connect_errors import connection_problem
from ropa_desktop.store.engine import make_engine, sqlite_path

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_OURS = "activity"  # a table only a ropa-desktop register has

# The newest migration's revision, so that opening a register already at it needs no
# alembic (which, with the mako and pygments it brings, is a third of a cold start).
# tests/test_store.py holds it equal to what alembic reads from migrations/versions.
HEAD_REVISION = "0011"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest revision, as alembic reads it from the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _known(revision: str) -> bool:
    if revision == HEAD_REVISION:
        return True
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def _sqlite_state(path: Path) -> tuple[str | None, bool]:
    """(revision, has_tables) read without writing: the file is opened read-only, and
    SQLite's quick integrity check must pass (a damaged file is never written into)."""
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot open {path}: {exc}.") from None
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        check = con.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise StoreError(damaged(path, str(check)))
        revision = None
        if "alembic_version" in tables:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return revision, bool(tables - {"alembic_version"})
    except sqlite3.DatabaseError as exc:
        if "malformed" in str(exc) or "corrupt" in str(exc):
            raise StoreError(damaged(path, str(exc))) from None
        if "disk I/O" in str(exc) or "full" in str(exc):
            raise StoreError(
                f"Cannot open {path}: SQLite cannot write its working files beside it ({exc}; "
                "is the disk full?); nothing was changed."
            ) from None
        raise StoreError(
            f"{path} is not a ropa-desktop register (SQLite says: {exc}); nothing was changed."
        ) from None
    finally:
        con.close()


def damaged(path: Path, detail: str) -> str:
    """The sentence for a register file that fails SQLite's integrity check."""
    backup = newest_backup(path)
    where = (
        f"its newest backup is {backup}: copy it in place of the damaged file, or open it "
        "with File › Open"
        if backup is not None
        else "no backup of it was found beside it"
    )
    first = detail.splitlines()[0] if detail else "integrity check failed"
    return f"{path} is damaged ({first}) and was not opened, so nothing was written to it; {where}."


def _server_state(engine: Engine) -> tuple[str | None, bool]:
    try:
        with engine.connect() as con:
            tables = set(inspect(con).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = con.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc)
        raise StoreError(f"{connection_problem(engine.url, reason)} Nothing was changed.") from None
    return revision, bool(tables - {"alembic_version"})


def open_engine(url: URL, *, create: bool = True, server_backup: bool = True) -> Opened:
    """Check, back up if needed and upgrade the database; return an engine and the backup.

    A missing or empty SQLite file becomes a new register only with ``create``.
    """
    path = sqlite_path(url)
    if path is not None:
        _check_new_file(path, create=create)
    if path is not None and path.exists() and path.stat().st_size > 0:
        revision, has_tables = _sqlite_state(path)
    else:
        revision, has_tables = None, False
    engine = make_engine(url)
    if path is None:
        revision, has_tables = _server_state(engine)
    notice = ""
    if revision is None and has_tables and path is not None and _half_created(path):
        # An older version's creation, killed half-way: our tables only, every one empty.
        _drop_tables(engine, _file_tables(path))
        revision, has_tables = None, False
        notice = (
            f"The creation of {path.name} had been interrupted by an earlier version of "
            "ropa-desktop; it held no data and was created again."
        )
    if revision is None and has_tables:
        engine.dispose()
        where = path if path is not None else "This database"
        raise StoreError(
            f"{where} holds other tables and is not a ropa-desktop register; nothing was changed."
        )
    if revision is not None and not _known(revision):
        engine.dispose()
        raise StoreError(
            f"This register was written by a newer version of ropa-desktop (schema {revision}); "
            "install the newer version to open it. Nothing was changed."
        )
    if (
        path is not None
        and revision not in (None, HEAD_REVISION)
        and _half_upgraded(path, revision)
    ):
        engine.dispose()
        notice = _roll_back(path, revision)
        engine = make_engine(url)
    if revision == HEAD_REVISION:
        # Already current: nothing to back up or upgrade, and no write lock taken to learn so.
        return Opened(engine, None, notice)
    backup = None
    if revision is not None:
        try:
            if path is not None:
                backup = backup_sqlite(path)
            elif server_backup:
                backup = backup_server(url)
        except StoreError:
            engine.dispose()
            raise
    upgrade(engine)
    return Opened(engine, backup, notice)


def _check_new_file(path: Path, *, create: bool) -> None:
    if not create and not path.exists():
        raise StoreError(
            f"There is no register at {path}; to start a new one there, run "
            f"“ropa --db {path} init”. Nothing was written."
        )
    if not create and path.is_file() and path.stat().st_size == 0:
        raise StoreError(
            f"{path} is an empty file (0 bytes), not a register; to start a new register in it, "
            f"run “ropa --db {path} init”. Nothing was changed."
        )
    folder = path.parent if path.parent.exists() else None
    if folder is not None and not os.access(folder, os.W_OK):
        raise StoreError(
            f"Cannot open {path}: its folder {folder} is read-only, and SQLite writes its journal "
            "beside the register. Copy the register to a folder you can write to; nothing was "
            "changed."
        )


@dataclass(frozen=True)
class Opened:
    """An open, current register database; ``notice`` says what had to be repaired."""

    engine: Engine
    backup: Path | None = None
    notice: str = ""


@functools.cache
def _tables_at(revision: str) -> frozenset[str]:
    """The tables a register has at ``revision``, from a scratch in-memory database."""
    scratch = make_engine(URL.create("sqlite"))
    try:
        upgrade(scratch, revision)
        with scratch.connect() as con:
            return frozenset(inspect(con).get_table_names())
    finally:
        scratch.dispose()


def _file_tables(path: Path) -> frozenset[str]:
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return frozenset(
            r[0]
            for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if not r[0].startswith("sqlite_")
        )
    finally:
        con.close()


def _half_created(path: Path) -> bool:
    """No version recorded, and only tables of ours, all of them empty."""
    tables = _file_tables(path)
    if not tables or not tables <= _tables_at(HEAD_REVISION):
        return False
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return all(
            con.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone() is None for name in tables
        )
    finally:
        con.close()


def _drop_tables(engine: Engine, tables: frozenset[str]) -> None:
    with _schema_transaction(engine) as connection:
        connection.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        for name in sorted(tables):
            connection.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}"')


def _half_upgraded(path: Path, revision: str) -> bool:
    """Tables of a later schema beside an older version number: an upgrade that an older
    ropa-desktop (whose SQLite upgrades were not one transaction) did not finish."""
    return bool(_file_tables(path) - _tables_at(revision))


def _roll_back(path: Path, revision: str) -> str:
    """Put back the backup taken just before the unfinished upgrade; keep the half-upgraded
    file beside it. Only the newest backup will do: an older one would lose later edits."""
    # The newest backup at the same version that is itself whole: an older version took a
    # backup at each attempt, so the newest ones may be copies of the half-upgraded file.
    # A backup at this version cannot predate edits: none could be made once it failed.
    newest = next(
        (
            b
            for b in sorted(path.parent.glob(f"{path.stem}.backup-*{path.suffix}"), reverse=True)
            if _usable_backup(b, revision)
        ),
        None,
    )
    if newest is None:
        raise StoreError(
            f"{path.name} was left half-upgraded by an earlier version of ropa-desktop and no "
            "backup taken just before that upgrade was found beside it; nothing was changed."
        )
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    kept = path.with_name(f"{path.stem}.half-upgraded-{stamp}{path.suffix}")
    copy_database(path, kept)
    copy_database(newest, path)
    return (
        "The register had been left half-upgraded by an earlier version of ropa-desktop; "
        f"it was rolled back to its backup {newest.name} and upgraded again. "
        f"The half-upgraded file is kept as {kept.name}."
    )


def _usable_backup(path: Path, revision: str) -> bool:
    try:
        return (
            _sqlite_state(path)[0] == revision
            and not _half_upgraded(path, revision)
            and _intact(path)
        )
    except StoreError:
        return False


def _intact(path: Path) -> bool:
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return bool(con.execute("PRAGMA quick_check").fetchone()[0] == "ok")
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` in one transaction: all of them or none."""
    from alembic import command

    cfg = alembic_config()
    try:
        with _schema_transaction(engine) as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"Cannot upgrade the register database: {getattr(exc, 'orig', None) or exc}."
        ) from None


@contextmanager
def _schema_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection whose DDL runs in one transaction, committed at the end.

    PostgreSQL's DDL is transactional as it is. SQLite's is too, but the pysqlite
    driver commits on its own before a CREATE or ALTER unless it is told to leave
    transactions to us (``isolation_level = None``); then one BEGIN IMMEDIATE covers
    every statement, and a crash half-way leaves the file as it was.
    """
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            yield connection
        return
    with engine.connect() as connection:
        dbapi = connection.connection.dbapi_connection
        assert dbapi is not None
        saved = dbapi.isolation_level
        dbapi.isolation_level = None
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            yield connection
            connection.commit()
        finally:
            if connection.in_transaction():
                connection.rollback()
            dbapi.isolation_level = saved
