"""The database's refusal of a change a team role may not make, in one sentence for people."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError

from ropa_desktop.services.team.abilities import abilities
from ropa_desktop.services.team.grants import MANAGED, RECORDS

if TYPE_CHECKING:
    from ropa_desktop.services.register import Register

APPROVAL_REFUSED = "only a DPO may approve an activity"  # the approval guard's words
DUTIES_REFUSED = "separation of duties is on"  # ends the duties guard's sentence
_PLURALS = {
    "activity": "activities", "processor": "processors", "breach": "breaches",
    "rights_request": "rights requests", "evidence_file": "evidence files",
}  # fmt: skip
_TABLE = re.compile(r"permission denied for (?:table|relation|sequence) (\w+)")


def refusal(register: Register, exc: DBAPIError) -> str | None:
    """One sentence for a change the login's team role may not make, or None when ``exc``
    is not such a refusal."""
    if getattr(exc.orig, "sqlstate", None) != "42501":
        return None
    reason = str(exc.orig).strip().splitlines()[0]
    if "append-only" in reason:  # the audit trail's own guard: services.register words it
        return None
    if DUTIES_REFUSED in reason:
        return reason if reason.endswith(".") else reason + "."
    role = abilities(register).role
    if APPROVAL_REFUSED in reason:
        return f"Your role ({role}) may not approve activities; ask the DPO. Nothing was changed."
    found = _TABLE.search(reason)
    table = found.group(1) if found else ""
    if role in ("Auditor", "No team role"):
        return f"Your role ({role}) may read the register but not change it; nothing was changed."
    if table in RECORDS and (exc.statement or "").lstrip().upper().startswith("DELETE"):
        return (
            f"Your role ({role}) may not delete {_PLURALS.get(table, 'records')}; ask the DPO. "
            "Nothing was changed."
        )
    if table in MANAGED:
        return (
            f"Your role ({role}) may not change the catalogues, questionnaire templates, the "
            "organisation or the register's settings; ask the DPO. Nothing was changed."
        )
    return f"Your role ({role}) may not make this change; ask the DPO. Nothing was changed."
