"""Backups taken before an upgrade: a SQLite copy beside the file, a pg_dump of a server."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL

from ropa_desktop.domain.errors import StoreError
from ropa_desktop.store.engine import APP_AUTHOR, APP_NAME


def newest_backup(path: Path) -> Path | None:
    backups = sorted(path.parent.glob(f"{path.stem}.backup-*{path.suffix}"))
    return backups[-1] if backups else None


def backup_sqlite(path: Path, *, now: dt.datetime | None = None) -> Path:
    """A consistent copy beside the file (WAL content included), named by time."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
    try:
        copy_database(path, target)
    except (OSError, sqlite3.Error) as exc:
        target.unlink(missing_ok=True)  # never leave a 0-byte "backup" to be trusted later
        reason = "the disk is full" if "full" in str(exc).lower() else str(exc)
        raise StoreError(
            f"Could not back up {path.name} before upgrading it ({reason}); the register was "
            "not upgraded and is unchanged."
        ) from None
    return target


def find_pg_dump() -> Path | None:
    """PostgreSQL's pg_dump: the newest installed, so that it can dump any older server."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_dump"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if versions:
        return versions[-1]
    found = shutil.which("pg_dump")
    return Path(found) if found else None


def backup_server(url: URL, *, now: dt.datetime | None = None) -> Path:
    """A ``pg_dump`` of the register's database into the user's data folder, before an
    upgrade. Without pg_dump the upgrade is refused: a register is not upgraded unsaved."""
    tool = find_pg_dump()
    if tool is None:
        raise StoreError(
            "This register needs an upgrade, and ropa-desktop backs a PostgreSQL register up "
            "with pg_dump first, which is not installed here; install PostgreSQL's client tools, "
            "or take a backup yourself and run “ropa init --no-backup”. Nothing was changed."
        )
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    folder = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)) / "backups"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"Could not back up the register before upgrading it ({folder}: {exc.strerror}); "
            "the register was not upgraded and is unchanged."
        ) from None
    target = folder / f"{url.database or 'register'}.backup-{stamp}.dump"
    query = {k: v for k, v in url.query.items() if k.lower() != "password"}
    plain = url.set(drivername="postgresql", query=query)._replace(password=None)
    password = url.password or url.query.get("password")
    env = {**os.environ}
    if password:
        # Never on the command line, where any user's ps shows it.
        env["PGPASSWORD"] = str(password if isinstance(password, str) else password[0])
    try:
        run = subprocess.run(
            [
                str(tool),
                "--format=custom",
                f"--file={target}",
                f"--dbname={plain.render_as_string()}",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=3600,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        target.unlink(missing_ok=True)
        raise StoreError(
            f"Could not back up the register before upgrading it (pg_dump: {exc}); the register "
            "was not upgraded and is unchanged."
        ) from None
    if run.returncode != 0:
        target.unlink(missing_ok=True)
        reason = (run.stderr.strip().splitlines() or ["pg_dump failed"])[-1]
        raise StoreError(
            f"Could not back up the register before upgrading it ({reason}); the register was "
            "not upgraded and is unchanged."
        )
    return target


def copy_database(source: Path, target: Path) -> None:
    """Copy a database with SQLite's backup API (its WAL included), replacing the target's
    whole content."""
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
