"""The database itself refuses to change or remove an audit event, on both backends."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, delete, text, update
from sqlalchemy.exc import DBAPIError

from ropa_desktop.domain import AuditEvent
from ropa_desktop.domain.errors import StoreError
from ropa_desktop.services import activities
from ropa_desktop.services.audit import audit_log
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.store.migrate import upgrade
from tests.conftest import ORG, make_register
from tests.factories import complete_activity


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_event SET actor = 'someone else'", "DELETE FROM audit_event"],
    ids=["update", "delete"],
)
def test_raw_sql_on_the_apps_connection_cannot_rewrite_the_log(
    org_register: Register, statement: str
) -> None:
    activities.save_activity(org_register, record=complete_activity())
    before = audit_log(org_register)
    with pytest.raises(DBAPIError, match="append-only"), org_register.engine.begin() as con:
        con.execute(text(statement))
    assert audit_log(org_register) == before


@pytest.mark.postgres
def test_truncate_is_refused_on_postgresql(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    register = make_register("postgres", request, tmp_path)
    save_organisation(register, record=ORG)
    activities.save_activity(register, record=complete_activity())
    with pytest.raises(DBAPIError, match="append-only"), register.engine.begin() as con:
        con.execute(text("TRUNCATE audit_event"))
    assert len(audit_log(register)) == 2  # the organisation and the activity


def test_a_refusal_inside_a_save_is_one_sentence(org_register: Register) -> None:
    activities.save_activity(org_register, record=complete_activity())
    for change in (update(AuditEvent).values(actor="x"), delete(AuditEvent)):
        with pytest.raises(StoreError) as raised, org_register.transaction() as session:
            session.execute(change)
        assert str(raised.value) == (
            "The register could not be written: its audit log only takes new events, and this "
            "would have changed or removed one; nothing was changed."
        )
    assert {e.actor for e in audit_log(org_register)} == {"tester"}


def test_an_upgraded_register_keeps_its_events_and_refuses_to_lose_them(db_path: Path) -> None:
    engine = create_engine(f"sqlite:///{db_path}")
    upgrade(engine, "0005")
    engine.dispose()
    con = sqlite3.connect(db_path)
    con.execute(
        "INSERT INTO audit_event (at, actor, entity_type, entity_key, entity_label, action, "
        "changes) VALUES ('2026-01-01 10:00:00', 'alice', 'activity', 'k', 'PA-01', 'create', '{}')"
    )
    con.commit()
    con.close()
    register = open_register(db_path)
    try:
        assert [e.actor for e in audit_log(register)] == ["alice"]
    finally:
        register.close()
    con = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute("DELETE FROM audit_event")
    finally:
        con.close()
