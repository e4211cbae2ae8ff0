"""What the register's current login may do, asked of the database once, for every door.

On PostgreSQL the answer is the login's team role (``grants.CAPABILITIES``, the table the
grants are made from); a superuser or the owner of the register's tables counts as a DPO.
A SQLite register has one user, who may do everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

from ropa_desktop.services.team.grants import CAPABILITIES, TEAM_TRIGGER

if TYPE_CHECKING:
    from ropa_desktop.services.register import Register

# The group roles, most rights first: a DPO is also a member of ropa_editor.
_NAMES = {"ropa_dpo": "DPO", "ropa_editor": "Editor", "ropa_auditor": "Auditor"}
_EVERYTHING = CAPABILITIES["ropa_dpo"]


@dataclass(frozen=True)
class Abilities:
    """What one login may do on the register, and the role's name as people say it."""

    role: str  # "Editor", "DPO", "Auditor", "Single user", "No team role"
    login: str
    capabilities: frozenset[str]

    @property
    def edit(self) -> bool:
        """Save and add activities, processors, assessments and retention rules."""
        return "edit" in self.capabilities

    @property
    def approve(self) -> bool:
        return "approve" in self.capabilities

    @property
    def delete(self) -> bool:
        """Delete activities and processors."""
        return "delete" in self.capabilities

    @property
    def manage(self) -> bool:
        """Catalogues, questionnaire templates, the retention library, the organisation
        and the register's settings."""
        return "manage" in self.capabilities

    @property
    def import_(self) -> bool:
        """Import a workbook, a JSON document or an existing register."""
        return "edit" in self.capabilities

    @property
    def read_only(self) -> bool:
        return not self.capabilities

    @property
    def status(self) -> str:
        """For the status bar: "alice · Editor"."""
        return f"{self.login} · {self.role}"

    def why_read_only(self) -> str:
        """One sentence for a window that may not change anything."""
        if self.role == "Auditor":
            return (
                f"You are signed in as {self.login}, an auditor: you can read and export the "
                "whole register, and change nothing."
            )
        return (
            f"{self.login} has no team role on this register: you can read it and change "
            "nothing; ask the DPO for a role."
        )


def abilities(register: Register) -> Abilities:
    """Ask the database which team role the register's login holds, and what it may do."""
    if register.is_sqlite:
        return Abilities("Single user", register.actor, _EVERYTHING)
    with register.engine.connect() as con:
        login, superuser, owner = con.execute(
            text(
                "SELECT current_user, r.rolsuper, t.tableowner = current_user "
                "FROM pg_roles r LEFT JOIN pg_tables t "
                "ON t.schemaname = 'public' AND t.tablename = 'activity' "
                "WHERE r.rolname = current_user"
            )
        ).one()
        if superuser or owner:
            return Abilities("DPO", login, _EVERYTHING)
        held = set(
            con.execute(
                text(
                    "SELECT rolname FROM pg_roles WHERE rolname = ANY(:groups) "
                    "AND pg_has_role(current_user, oid, 'MEMBER')"
                ),
                {"groups": list(_NAMES)},
            ).scalars()
        )
        team = con.execute(
            text("SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = :name)"),
            {"name": TEAM_TRIGGER},
        ).scalar()
    for group, name in _NAMES.items():
        if group in held:
            return Abilities(name, login, CAPABILITIES[group])
    if not team:  # a server register without team roles: the database limits nothing
        return Abilities("Single user", login, _EVERYTHING)
    return Abilities("No team role", login, frozenset())
