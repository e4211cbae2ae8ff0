"""Three logins on one PostgreSQL register: what each team role may change, asked through
the services and through raw SQL, and the database's answer."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ropa_desktop.cli import main
from ropa_desktop.domain.enums import Status
from ropa_desktop.domain.errors import RopaError, StoreError
from ropa_desktop.services import activities, team
from ropa_desktop.services.audit import audit_log, verify_chain
from ropa_desktop.services.organisation import get_organisation, save_organisation
from ropa_desktop.services.register import Register
from tests.crew import LOGINS, Team, make_crew
from tests.factories import complete_activity


@pytest.fixture
def crew(request: pytest.FixtureRequest, tmp_path: Path) -> Team:
    return make_crew(request, tmp_path)


def _raw(register: Register, statement: str) -> None:
    with register.engine.begin() as con:
        con.execute(text(statement))


def _current(register: Register) -> activities.ActivityRec:
    return activities.get_activity(register, key="act-crm")


@pytest.mark.postgres
def test_team_list_shows_each_login_and_its_role(
    crew: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    # Roles are the server's: other tests' logins may be listed too.
    listed = [(m.login, m.role) for m in team.members(crew.owner)]
    assert [entry for entry in listed if entry[0] in LOGINS] == sorted(LOGINS.items())
    assert main(["--db", crew.owner.engine.url.render_as_string(), "team", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"{len(listed)} team members."
    assert ["alice", "editor"] in [line.split() for line in out]


@pytest.mark.postgres
def test_an_editor_edits_but_cannot_approve_delete_or_manage_catalogues(crew: Team) -> None:
    alice = crew["alice"]
    rec = _current(alice)
    saved = activities.save_activity(alice, record=dataclasses.replace(rec, name="CRM"))
    assert audit_log(alice, limit=1)[0].actor == "alice"
    with pytest.raises(StoreError) as refused:
        activities.approve_activity(alice, key=saved.key, version=saved.version)
    assert str(refused.value) == (
        "Your role (Editor) may not approve activities; ask the DPO. Nothing was changed."
    )
    with pytest.raises(StoreError, match=r"^Your role \(Editor\) may not delete activities"):
        activities.delete_activity(alice, key=saved.key, version=saved.version)
    with pytest.raises(StoreError, match=r"^Your role \(Editor\) may not change the catalogues"):
        org = get_organisation(alice)
        assert org is not None
        save_organisation(alice, record=dataclasses.replace(org, name="Alice SAS"))
    for statement in (
        "UPDATE activity SET status = 'approved' WHERE key = 'act-crm'",
        "DELETE FROM activity WHERE key = 'act-crm'",
        "UPDATE data_category SET name = 'x'",
        "UPDATE audit_event SET actor = 'x'",
        "INSERT INTO audit_event (at, actor, entity_type, entity_key, entity_label, action, "
        "changes) VALUES (now(), 'ceo', 'activity', 'k', 'K', 'update', '{}')",
    ):
        with pytest.raises(DBAPIError) as refused:
            _raw(alice, statement)
        assert refused.value.orig.sqlstate == "42501", statement  # type: ignore[union-attr]
    assert _current(crew.owner).name == "CRM"


@pytest.mark.postgres
def test_a_dpo_approves_and_deletes(crew: Team) -> None:
    dora = crew["dora"]
    rec = _current(dora)
    approved = activities.approve_activity(dora, key=rec.key, version=rec.version)
    assert approved.status is Status.APPROVED
    assert audit_log(dora, limit=1)[0].actor == "dora"
    _raw(dora, "UPDATE data_category SET description = 'reviewed' WHERE key = 'identity'")
    with pytest.raises(DBAPIError, match="permission denied for table audit_event"):
        _raw(dora, "DELETE FROM audit_event")
    activities.delete_activity(dora, key=approved.key, version=approved.version)
    assert activities.list_activities(crew.owner) == []
    # The owner's own saves name the owner's login from the moment the team exists.
    activities.save_activity(crew.owner, record=complete_activity("act-hr", "PA-02"))
    assert audit_log(crew.owner, limit=1)[0].actor == team.login_of(crew.owner)
    verdict = verify_chain(crew.owner)
    assert verdict.broken is None


@pytest.mark.postgres
def test_an_auditor_reads_everything_and_changes_nothing(crew: Team) -> None:
    otto = crew["otto"]
    rec = _current(otto)
    assert rec.name == "Customer relationship management"
    assert verify_chain(otto).broken is None
    with pytest.raises(StoreError) as refused:
        activities.save_activity(otto, record=dataclasses.replace(rec, name="Mine"))
    assert str(refused.value) == (
        "Your role (Auditor) may read the register but not change it; nothing was changed."
    )
    for statement in (
        "UPDATE activity SET name = 'x'",
        "INSERT INTO purpose (activity_id, position, description, legal_basis) "
        "SELECT id, 9, 'x', 'consent' FROM activity",
        "DELETE FROM retention_rule",
    ):
        with pytest.raises(DBAPIError) as refused:
            _raw(otto, statement)
        assert refused.value.orig.sqlstate == "42501", statement  # type: ignore[union-attr]
    assert _current(crew.owner) == rec


def test_team_commands_on_sqlite_are_one_sentence(
    sqlite_register: Register, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(RopaError, match="Team roles are for a register on a PostgreSQL server"):
        team.init_team(sqlite_register)
    assert main(["--db", sqlite_register.location, "team", "add", "bob", "--role", "dpo"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("ropa: Team roles are for a register on a PostgreSQL server")
    assert len(err.splitlines()) == 1


@pytest.mark.postgres
def test_a_login_name_that_is_not_one_is_refused_in_one_sentence(crew: Team) -> None:
    with pytest.raises(RopaError, match="is not a login name"):
        team.add_member(crew.owner, login="x'; DROP TABLE activity; --", role="editor")
    with pytest.raises(RopaError, match="choose editor, dpo or auditor"):
        team.add_member(crew.owner, login="bob", role="admin")
    # A name that needs quoting, added twice: the second time moves it to another role.
    team.add_member(crew.owner, login="Ines.B", role="auditor")
    team.add_member(crew.owner, login="Ines.B", role="dpo")
    assert ("Ines.B", "dpo") in [(m.login, m.role) for m in team.members(crew.owner)]
    assert ("Ines.B", "auditor") not in [(m.login, m.role) for m in team.members(crew.owner)]
