"""Declarative base and column helpers shared by every model."""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import JSON, Enum, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ropa_desktop.domain.enums import LabelledEnum

# Stable constraint names so that Alembic batch migrations on SQLite can find them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

KEY_LENGTH = 64
NAME_LENGTH = 300
SHORT_TEXT = 2_000
LONG_TEXT = 100_000
MAX_COUNT = 10**12  # people or records a breach concerns


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}  # noqa: RUF012


def new_key() -> str:
    """A fresh stable key for a record created in this register."""
    return uuid.uuid4().hex


def readable_key(name: str, taken: set[str], *, prefix: str = "", fallback: str = "entry") -> str:
    """A key made from a name ("Cloudy SAS" -> "proc-cloudy-sas"), unique among ``taken``."""
    base = prefix + (re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:50] or fallback)
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def enum_column(enum_cls: type[LabelledEnum], *, nullable: bool = False) -> Any:
    """A portable VARCHAR column holding the enum's value (not its Python name)."""
    return mapped_column(
        Enum(
            enum_cls,
            native_enum=False,
            length=40,
            values_callable=lambda cls: [m.value for m in cls],
            validate_strings=True,
        ),
        nullable=nullable,
    )


def key_column() -> Mapped[str]:
    return mapped_column(String(KEY_LENGTH), unique=True, default=new_key)
