"""Engines for the register: SQLite by default, any SQLAlchemy URL for a team."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from ropa_desktop.domain.errors import StoreError

APP_NAME = "ropa-desktop"
APP_AUTHOR = "ropa-desktop"
DEFAULT_FILE = "register.sqlite"


def default_database_path() -> Path:
    """The embedded register in the user's data directory."""
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)) / DEFAULT_FILE


def resolve_url(target: str | os.PathLike[str] | None) -> URL:
    """Turn ``--db`` / ``ROPA_DB`` (a URL or a file path) into a SQLAlchemy URL."""
    if target is None or str(target) == "":
        env = os.environ.get("ROPA_DB", "")
        target = env or default_database_path()
    text = os.fspath(target)
    if "://" in text:
        try:
            url = make_url(text)
            url.port  # noqa: B018 - parsed lazily; a port that is not a number fails here
        except (ArgumentError, ValueError):
            raise StoreError(
                f"“{shown_url(text)}” is not a database URL; give a SQLite file path or "
                "postgresql://user@host:port/database."
            ) from None
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise StoreError(
                f"ropa-desktop keeps its register in a SQLite file or on a PostgreSQL server; "
                f"“{shown_url(text)}” is neither."
            )
        return url
    return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))


def shown_url(url: URL | str) -> str:
    """A URL as the app may show or store it: never with a password, in the user part
    or in the query string (libpq's ``password=``)."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except (ArgumentError, ValueError):
        text = re.sub(r"(://[^:/@]*):[^@/]*@", r"\1@", str(url))
        return re.sub(r"(?i)([?&](?:ssl)?password=)[^&]*", r"\1***", text)
    query = {k: v for k, v in parsed.query.items() if k.lower() not in ("password", "sslpassword")}
    parsed = parsed._replace(password=None).set(query=query)
    return parsed.render_as_string(hide_password=False)


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory ones."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Every connection: WAL for readers beside a writer, foreign keys enforced,
    # and FULL sync so a committed register survives a power cut.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: URL) -> Engine:
    """An engine with the project's connection settings applied."""
    if url.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)
