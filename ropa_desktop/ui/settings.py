"""UI state only (geometry, splitters, header state, last register and folder).

The register itself lives in its database; this file never holds record data and
never pickles Qt objects: geometry is stored as the bytes Qt gives us.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import platformdirs
from PySide6.QtCore import QByteArray, QObject, QSettings

ORGANISATION = "ropa-desktop"
APPLICATION = "ropa-desktop"


def _key(text: str) -> str:
    """A settings key for any text (headers hold slashes and spaces QSettings would read
    as groups)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def settings_path() -> Path:
    """The INI file for UI state, under the user's config folder (read at call time)."""
    return Path(platformdirs.user_config_dir(APPLICATION, ORGANISATION)) / "ui.ini"


class UiSettings:
    """Typed access to the few UI values the app remembers between runs."""

    def __init__(self, parent: QObject | None = None, path: Path | None = None) -> None:
        target = path or settings_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        self._q = QSettings(str(target), QSettings.Format.IniFormat, parent)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._q.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def geometry(self, name: str) -> QByteArray | None:
        return self._bytes(f"geometry/{name}")

    def set_geometry(self, name: str, value: QByteArray) -> None:
        self._q.setValue(f"geometry/{name}", value)

    @property
    def last_register(self) -> str:
        return str(self._q.value("register/last", "") or "")

    def remember_register(self, location: str) -> None:
        # A URL with a hidden password cannot be reopened; remember files and
        # password-less URLs only, so no secret is ever written here.
        if "***" not in location:
            self._q.setValue("register/last", location)

    @property
    def last_folder(self) -> Path:
        value = str(self._q.value("files/last_folder", "") or "")
        return Path(value) if value and Path(value).is_dir() else Path.home()

    def remember_folder(self, path: Path) -> None:
        self._q.setValue("files/last_folder", str(path if path.is_dir() else path.parent))

    def mapping(self, signature: str) -> str:
        """The column mapping (its JSON text) last chosen for a table with these headers."""
        return str(self._q.value(f"mappings/{_key(signature)}", "") or "")

    def remember_mapping(self, signature: str, text: str) -> None:
        self._q.setValue(f"mappings/{_key(signature)}", text)

    @property
    def server_login(self) -> str:
        """The connect dialog's fields last used (JSON text; never a password)."""
        return str(self._q.value("server/login", "") or "")

    def remember_server_login(self, text: str) -> None:
        self._q.setValue("server/login", text)

    def sync(self) -> None:
        self._q.sync()
