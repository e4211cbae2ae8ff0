"""The register's own settings, one row each (e.g. separation of duties)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ropa_desktop.domain.base import Base


class RegisterSetting(Base):
    __tablename__ = "register_setting"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), default="")
