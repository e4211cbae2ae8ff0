"""Separation of duties, a register setting: when on, the last editor of an activity may not
approve it; another DPO must.

The rule lives here for every door (the editor, the CLI, imports: ``services.approval``
asks ``check_duties`` for each approval a transaction makes); on a team register the
approval guard in PostgreSQL says the same to a login that bypasses the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ropa_desktop.domain import AuditEvent, RegisterSetting
from ropa_desktop.domain.enums import AuditAction
from ropa_desktop.domain.errors import RopaError
from ropa_desktop.domain.records import ActivityRec

if TYPE_CHECKING:
    from ropa_desktop.services.register import Register

SETTING = "separation_of_duties"
LABEL = "Separation of duties"
_PENDING = "ropa.audit"  # services.audit: the transaction's events, not yet written


class DutiesError(RopaError):
    """An approval by the activity's last editor while separation of duties is on."""


def duties_on(session: Session) -> bool:
    row = session.get(RegisterSetting, SETTING)
    return row is not None and row.value == "on"


def separation_of_duties(register: Register) -> bool:
    """True when the register's separation of duties is on."""
    with register.reading() as session:
        return duties_on(session)


def set_separation_of_duties(register: Register, *, on: bool) -> None:
    """Switch separation of duties on or off (a DPO's setting; audited like every change)."""
    from ropa_desktop.services.audit import record_event
    from ropa_desktop.services.team import abilities

    told = abilities(register)
    if not told.manage:
        raise RopaError(
            f"Your role ({told.role}) may not change the register's settings; ask the DPO. "
            "Nothing was changed."
        )
    with register.transaction() as session:
        before = duties_on(session)
        if before == on:
            return
        row = session.get(RegisterSetting, SETTING)
        if row is None:
            session.add(RegisterSetting(name=SETTING, value="on" if on else "off"))
        else:
            row.value = "on" if on else "off"
        record_event(
            session, actor=register.actor, entity_type="setting", key=SETTING, label=LABEL,
            before=None, after=None, action=AuditAction.UPDATE,
            changes={SETTING: {"before": "on" if before else "off", "after": "on" if on else "off"}},
        )  # fmt: skip


def last_editor(session: Session, key: str, *, workflow: frozenset[str]) -> str:
    """Who last changed activity ``key``: this transaction's own change to it first (one
    that touched more than the ``workflow`` fields), else the audit trail's newest event."""
    for values in reversed(session.info.get(_PENDING, [])):
        changes: dict[str, Any] = values["changes"]
        if values["entity_key"] == key and set(changes) - workflow:
            return str(values["actor"])
    actor = session.scalar(
        select(AuditEvent.actor)
        .where(AuditEvent.entity_type == "activity", AuditEvent.entity_key == key)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    return actor or ""


def check_duties(
    session: Session, rec: ActivityRec, actor: str, *, workflow: frozenset[str]
) -> None:
    """Refuse ``actor``'s approval of ``rec`` when separation of duties is on and
    ``actor`` last changed it."""
    if not duties_on(session):
        return
    if last_editor(session, rec.key, workflow=workflow) == actor:
        raise DutiesError(
            f"{rec.title} was last changed by {actor}; another DPO must approve it "
            "(separation of duties is on)."
        )
