"""How a team register on a PostgreSQL server is reached, and where its password lives.

A connection is host, port, database, user, libpq's TLS mode (``sslmode``) and root
certificate (``sslrootcert``), or a libpq service name (``service=``, read from
PGSERVICEFILE or ~/.pg_service.conf). The password is never the app's to keep: libpq
reads it from its password file (PGPASSFILE, ~/.pgpass) or the service file, or it comes
from the system keyring (the ``keyring`` library), stored there by host and user.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from ropa_desktop.domain.errors import StoreError
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.store.connect_errors import DEFAULT_PORT, connection_problem, server_where

# libpq's sslmode values, weakest first, with what each means for the user.
TLS_MODES = {
    "disable": "Off: never encrypt",
    "allow": "Allow: encrypt only if the server insists",
    "prefer": "Prefer: encrypt when the server can (libpq's default)",
    "require": "Require: always encrypt, without checking the server's certificate",
    "verify-ca": "Verify CA: encrypt, and check the certificate against the root certificate",
    "verify-full": "Verify full: also check that the certificate names this host",
}
KEYRING_SERVICE = "ropa-desktop"


@dataclass(frozen=True)
class ServerLogin:
    """Where and as whom to connect; holds no password."""

    host: str = ""
    port: int = DEFAULT_PORT
    database: str = ""
    user: str = ""
    sslmode: str = "prefer"
    sslrootcert: str = ""
    service: str = ""

    def url(self, password: str | None = None) -> URL:
        """The SQLAlchemy URL the register opens (the password only in memory)."""
        query: dict[str, str] = {}
        if self.service:
            query["service"] = self.service
        if self.sslmode and (self.sslmode != "prefer" or not self.service):
            query["sslmode"] = self.sslmode
        if self.sslrootcert:
            query["sslrootcert"] = self.sslrootcert
        return URL.create(
            "postgresql+psycopg",
            username=self.user or None,
            password=password or None,
            host=self.host or None,
            port=self.port if self.host and self.port != DEFAULT_PORT else None,
            database=self.database or None,
            query=query,
        )

    def where(self) -> str:
        """How a sentence names the server: “db.example.org:5432” or “service “ropa””."""
        return server_where(self.url())

    def check(self) -> None:
        """StoreError in one sentence when the fields cannot make a connection."""
        if self.sslmode not in TLS_MODES:
            raise StoreError(f"“{self.sslmode}” is not a TLS mode; choose one of the list.")
        if not self.service and not (self.host and self.database and self.user):
            raise StoreError(
                "Give the server's host, the database and your user name, or a service name "
                "from your service file."
            )
        if self.sslmode in ("verify-ca", "verify-full") and not self.sslrootcert:
            raise StoreError(
                f"TLS mode “{self.sslmode}” checks the server's certificate: choose the root "
                "certificate file that signed it."
            )

    def to_settings(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_settings(cls, values: dict[str, Any]) -> ServerLogin:
        """What was remembered; anything unknown or malformed is left at its default."""
        known = {f.name: f.type for f in fields(cls)}
        kept: dict[str, Any] = {}
        for name, value in values.items():
            if name == "port":
                try:
                    kept[name] = int(value)
                except (TypeError, ValueError):
                    continue
            elif name in known and isinstance(value, str):
                kept[name] = value
        return cls(**kept)


# --- the system keyring ----------------------------------------------------------------------


def _keyring_name(login: ServerLogin) -> str:
    return f"{KEYRING_SERVICE} {login.host or login.service}"


def keyring_password(login: ServerLogin) -> str | None:
    """The password the keyring holds for this host and user, if a keyring is there."""
    import keyring
    from keyring.errors import KeyringError

    if not login.user:
        return None
    try:
        return keyring.get_password(_keyring_name(login), login.user)
    except (KeyringError, RuntimeError):  # no keyring on this desktop: libpq's files only
        return None


def keep_in_keyring(login: ServerLogin, password: str) -> str:
    """Store the password in the system keyring; "" or why it could not be kept."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(_keyring_name(login), login.user, password)
    except (KeyringError, RuntimeError) as exc:
        return (
            f"The password was not kept: this desktop has no usable keyring ({exc}); put it in "
            "your password file (~/.pgpass) instead."
        )
    return ""


# --- opening -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Connected:
    register: Register
    url: URL  # with the password, in memory only (the app's settings never see it)
    note: str = ""  # e.g. why a typed password could not be kept in the keyring


def connect(login: ServerLogin, *, password: str = "", keep: bool = False) -> Connected:
    """Open the team register as ``login``; StoreError in one sentence if it fails.

    The password: the one typed, else the keyring's for this host and user, else none
    given, so that libpq reads its password file or the service file. With ``keep``, a
    typed password that worked is kept in the keyring.
    """
    login.check()
    url = login.url(password or keyring_password(login))
    probe = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 10})
    try:
        probe.connect().close()
    except DBAPIError as exc:
        raise StoreError(connection_problem(url, str(exc.orig or exc))) from None
    finally:
        probe.dispose()
    register = open_register(url.render_as_string(hide_password=False), create=False)
    note = keep_in_keyring(login, password) if keep and password else ""
    return Connected(register, url, note)
