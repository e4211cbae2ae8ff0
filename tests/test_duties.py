"""Separation of duties: when the register's setting is on, the last editor of an activity
may not approve it, through the services (both backends) and, on a team register, raw SQL."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ropa_desktop.cli import main
from ropa_desktop.domain.enums import Status
from ropa_desktop.domain.errors import RopaError
from ropa_desktop.services import activities, team
from ropa_desktop.services.audit import audit_log
from ropa_desktop.services.duties import (
    DutiesError,
    separation_of_duties,
    set_separation_of_duties,
)
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.services.retention import save_rule
from tests.conftest import ORG
from tests.crew import Team, make_crew
from tests.factories import complete_activity, retention_for

REFUSED = (
    "PA-01 · Customer relationship management was last changed by {}; another DPO must "
    "approve it (separation of duties is on)."
)


def _approvable(register: Register, key: str = "act-crm", ref: str = "PA-01") -> None:
    rec = activities.save_activity(register, record=complete_activity(key, ref))
    save_rule(register, record=retention_for(rec.key, f"ret-{key}"))


def _approve(register: Register, key: str = "act-crm") -> activities.ActivityRec:
    rec = activities.get_activity(register, key=key)
    return activities.approve_activity(register, key=key, version=rec.version)


def test_off_by_default_then_the_last_editor_may_not_approve_on_sqlite(
    sqlite_register: Register,
) -> None:
    save_organisation(sqlite_register, record=ORG)
    _approvable(sqlite_register)
    _approvable(sqlite_register, "act-hr", "PA-02")
    assert not separation_of_duties(sqlite_register)
    assert _approve(sqlite_register, "act-hr").status is Status.APPROVED  # off: allowed
    set_separation_of_duties(sqlite_register, on=True)
    event = audit_log(sqlite_register, limit=1)[0]
    assert (event.entity_type, event.actor, event.changes) == (
        "setting", "tester", {"separation_of_duties": {"before": "off", "after": "on"}},
    )  # fmt: skip
    with pytest.raises(DutiesError) as refused:
        _approve(sqlite_register)
    assert str(refused.value) == REFUSED.format("tester")
    assert activities.get_activity(sqlite_register, key="act-crm").status is not Status.APPROVED
    # Another user of the same file (the register's user setting) approves it.
    other = open_register(sqlite_register.location, actor="dora")
    try:
        approved = _approve(other)
        assert approved.status is Status.APPROVED and approved.approved_by == "dora"
        # An edit and an approval in one save: the approver is the last editor.
        _approvable(other, "act-ads", "PA-03")
        dora_edits = activities.get_activity(other, key="act-ads")
        with pytest.raises(DutiesError, match=r"^PA-03 · .* was last changed by dora"):
            activities.save_activity(
                other, record=dataclasses.replace(dora_edits, status=Status.APPROVED)
            )
    finally:
        other.close()


def test_the_cli_switches_it_in_one_sentence(
    sqlite_register: Register, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", sqlite_register.location]
    assert main([*db, "team", "duties"]) == 0
    assert capsys.readouterr().out.startswith("Separation of duties is off")
    assert main([*db, "team", "duties", "on"]) == 0
    assert capsys.readouterr().out.startswith("Separation of duties is on")
    assert separation_of_duties(sqlite_register)
    assert main([*db, "team", "duties", "off"]) == 0
    assert not separation_of_duties(sqlite_register)


@pytest.fixture
def crew(request: pytest.FixtureRequest, tmp_path: Path) -> Team:
    return make_crew(request, tmp_path)


@pytest.mark.postgres
def test_on_a_team_register_another_dpo_must_approve_even_through_raw_sql(
    crew: Team, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    url = crew.owner.engine.url
    assert main(["--db", url.render_as_string(), "team", "duties", "on"]) == 0
    capsys.readouterr()
    # Only a DPO switches it.
    with pytest.raises(RopaError, match=r"^Your role \(Editor\) may not change the register"):
        set_separation_of_duties(crew["alice"], on=False)
    dora = crew["dora"]
    rec = activities.get_activity(dora, key="act-crm")
    activities.save_activity(dora, record=dataclasses.replace(rec, description="Reviewed."))
    with pytest.raises(RopaError) as refused:
        _approve(dora)
    assert str(refused.value) == REFUSED.format("dora")
    with (
        pytest.raises(DBAPIError, match="another DPO must approve it") as raw,
        dora.engine.begin() as con,
    ):
        con.execute(text("UPDATE activity SET status = 'approved' WHERE key = 'act-crm'"))
    assert raw.value.orig.sqlstate == "42501"  # type: ignore[union-attr]
    team.add_member(crew.owner, login="dirk", role="dpo")
    dirk = open_register(url.set(username="dirk").render_as_string())
    request.addfinalizer(dirk.close)
    approved = _approve(dirk)
    assert approved.status is Status.APPROVED and approved.approved_by == "dirk"
