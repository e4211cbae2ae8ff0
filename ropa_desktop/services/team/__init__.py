"""A team on one PostgreSQL register: three group roles whose rights the database enforces.

``init_team`` (run once by the database's owner) creates the group roles ``ropa_editor``,
``ropa_dpo`` and ``ropa_auditor``, grants them what each may do, and installs two
guards a login cannot get round by bypassing the app: only a DPO may approve an
activity, and an audit event's actor must be the database login that writes it.
``add_member`` makes a login a member of one of them. SQLite stays single-user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlalchemy.exc import SQLAlchemyError

from ropa_desktop.domain.errors import RopaError, StoreError
from ropa_desktop.services.team.abilities import Abilities, abilities
from ropa_desktop.services.team.grants import GUARDS, TEAM_TRIGGER, grants
from ropa_desktop.services.team.refusals import refusal

if TYPE_CHECKING:
    from ropa_desktop.services.register import Register

__all__ = [
    "ROLES", "Abilities", "Member", "abilities", "add_member", "init_team", "is_team",
    "login_of", "members", "refusal",
]  # fmt: skip

ROLES = {"editor": "ropa_editor", "dpo": "ropa_dpo", "auditor": "ropa_auditor"}
_LOGIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$")


@dataclass(frozen=True)
class Member:
    login: str
    role: str  # editor, dpo or auditor


def _server_only(register: Register) -> None:
    if register.is_sqlite:
        raise RopaError(
            "Team roles are for a register on a PostgreSQL server; a SQLite register has one "
            "user, who may do everything."
        )


def _quoted(con: Connection, name: str) -> str:
    return con.dialect.identifier_preparer.quote_identifier(name)


def _create_role(quoted: str, kind: str) -> str:
    return (
        f"DO $$ BEGIN IF to_regrole('{quoted}') IS NULL THEN CREATE ROLE {quoted} {kind}; "
        "END IF; END $$"
    )


def init_team(register: Register) -> None:
    """Create the group roles (if the server has none yet), grant them their rights on this
    register and install the guards; run again, it changes nothing."""
    _server_only(register)
    try:
        with register.engine.begin() as con:
            for group in ROLES.values():  # our own names: nothing to quote
                con.execute(text(_create_role(group, "NOLOGIN")))
            con.execute(text("GRANT ropa_editor TO ropa_dpo"))
            for statement in (*grants(con), *GUARDS):
                con.execute(text(statement))
            register.actor = str(con.execute(text("SELECT current_user")).scalar())
    except SQLAlchemyError as exc:
        raise StoreError(
            f"Could not set up the team roles ({_reason(exc)}); run “ropa team init” as the "
            "register database's owner. Nothing was changed."
        ) from None


def add_member(register: Register, *, login: str, role: str) -> None:
    """Make ``login`` (created if need be, without a password: set one with psql's
    \\password or use the server's own authentication) a member of one role only."""
    _server_only(register)
    if not _LOGIN.match(login):
        raise RopaError(f"“{login}” is not a login name ropa-desktop accepts (letters, digits, "
                        "_ . @ -, starting with a letter).")  # fmt: skip
    if role not in ROLES:
        raise RopaError(f"“{role}” is not a team role; choose editor, dpo or auditor.")
    if not is_team(register):
        raise RopaError("This register has no team roles yet; run “ropa team init” first.")
    try:
        with register.engine.begin() as con:
            who = _quoted(con, login)
            # The name is checked by _LOGIN above: no quote can reach the literal.
            con.execute(text(_create_role(who, "LOGIN")))
            for other in ROLES.values():
                con.execute(text(f"REVOKE {other} FROM {who}"))
            con.execute(text(f"GRANT {ROLES[role]} TO {who}"))
    except SQLAlchemyError as exc:
        raise StoreError(
            f"Could not add {login} to the team ({_reason(exc)}); nothing was changed."
        ) from None


def members(register: Register) -> list[Member]:
    """Every login in a team role, by name."""
    _server_only(register)
    by_group = {group: name for name, group in ROLES.items()}
    with register.engine.connect() as con:
        rows = con.execute(
            text(
                "SELECT m.rolname, g.rolname FROM pg_auth_members a "
                "JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member "
                "WHERE g.rolname = ANY(:groups) AND m.rolcanlogin ORDER BY 1, 2"
            ),
            {"groups": list(ROLES.values())},
        ).all()
    return [Member(login, by_group[group]) for login, group in rows]


def is_team(register: Register) -> bool:
    """True when ``init_team`` has run on this (PostgreSQL) register."""
    if register.is_sqlite:
        return False
    with register.engine.connect() as con:
        return bool(
            con.execute(
                text("SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = :name)"),
                {"name": TEAM_TRIGGER},
            ).scalar()
        )


def login_of(register: Register) -> str:
    """The database login this register's connections use (``current_user``)."""
    with register.engine.connect() as con:
        return str(con.execute(text("SELECT current_user")).scalar())


def _reason(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0].rstrip(".")
