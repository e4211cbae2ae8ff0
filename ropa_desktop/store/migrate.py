"""Open a register database: refuse what is not ours or is newer, back up, upgrade."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from ropa_desktop.domain.errors import StoreError
from ropa_desktop.store.engine import make_engine, sqlite_path

MIGRATIONS = Path(__file__).with_name("migrations")
_OURS = "activity"  # a table only a ropa-desktop register has


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _known(revision: str) -> bool:
    script = ScriptDirectory.from_config(alembic_config())
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def _sqlite_state(path: Path) -> tuple[str | None, bool]:
    """(revision, has_tables) read without writing: the file is opened read-only."""
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot open {path}: {exc}.") from None
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return revision, bool(tables - {"alembic_version"})
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a register database ({exc}).") from None
    finally:
        con.close()


def _server_state(engine: Engine) -> tuple[str | None, bool]:
    try:
        with engine.connect() as con:
            tables = set(inspect(con).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = con.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError as exc:
        raise StoreError(
            f"Cannot connect to the register database: {getattr(exc, 'orig', None) or exc}."
        ) from None
    return revision, bool(tables - {"alembic_version"})


def backup_sqlite(path: Path, *, now: dt.datetime | None = None) -> Path:
    """A consistent copy beside the file (WAL content included), named by time."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
    src = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def open_engine(url: URL) -> tuple[Engine, Path | None]:
    """Check, back up if needed and upgrade the database; return an engine and the backup."""
    path = sqlite_path(url)
    if path is not None and path.exists() and path.stat().st_size > 0:
        revision, has_tables = _sqlite_state(path)
    else:
        revision, has_tables = None, False
    engine = make_engine(url)
    if path is None:
        revision, has_tables = _server_state(engine)
    if revision is None and has_tables:
        engine.dispose()
        raise StoreError(
            "This database holds other tables and is not a ropa-desktop register; "
            "nothing was changed."
        )
    if revision is not None and not _known(revision):
        engine.dispose()
        raise StoreError(
            f"This register was written by a newer version of ropa-desktop (schema {revision}); "
            "install the newer version to open it. Nothing was changed."
        )
    backup = None
    if revision is not None and revision != head_revision() and path is not None:
        backup = backup_sqlite(path)
    upgrade(engine)
    return engine, backup


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = alembic_config()
    try:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"Cannot upgrade the register database: {getattr(exc, 'orig', None) or exc}."
        ) from None
