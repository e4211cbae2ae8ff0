"""What each login may do, asked of the database: the answer the app shows and obeys."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from ropa_desktop.services import team
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.services.team.grants import CAPABILITIES
from tests.conftest import make_register
from tests.crew import Team, make_crew


@pytest.fixture
def crew(request: pytest.FixtureRequest, tmp_path: Path) -> Team:
    return make_crew(request, tmp_path)


@pytest.mark.postgres
def test_each_login_is_told_its_role_and_what_it_may_do(crew: Team) -> None:
    editor, dpo, auditor = (team.abilities(crew[n]) for n in ("alice", "dora", "otto"))
    assert (editor.status, dpo.status, auditor.status) == (
        "alice · Editor", "dora · DPO", "otto · Auditor",
    )  # fmt: skip
    assert (editor.edit, editor.import_, editor.approve, editor.delete, editor.manage) == (
        True, True, False, False, False,
    )  # fmt: skip
    assert dpo.edit and dpo.approve and dpo.delete and dpo.manage and not dpo.read_only
    assert auditor.read_only and not (auditor.edit or auditor.import_ or auditor.approve)
    assert "auditor" in auditor.why_read_only() and "otto" in auditor.why_read_only()
    # The owner (the server's superuser here) counts as a DPO.
    owner = team.abilities(crew.owner)
    assert owner.role == "DPO" and owner.approve


@pytest.mark.postgres
def test_what_the_app_is_told_is_what_the_database_grants(crew: Team) -> None:
    # Each role's write privileges, as PostgreSQL reports them, against the one table.
    with crew.owner.engine.connect() as con:
        for group, capabilities in CAPABILITIES.items():
            writes = set(
                con.execute(
                    text(
                        "SELECT table_name FROM information_schema.role_table_grants "
                        "WHERE grantee = :g AND privilege_type IN ('INSERT','UPDATE','DELETE')"
                    ),
                    {"g": group},
                ).scalars()
            )
            deletes = set(
                con.execute(
                    text(
                        "SELECT table_name FROM information_schema.role_table_grants "
                        "WHERE grantee = :g AND privilege_type = 'DELETE'"
                    ),
                    {"g": group},
                ).scalars()
            )
            assert ("activity" in writes) == ("edit" in capabilities), group
            assert ("activity" in deletes) == ("delete" in capabilities), group
            assert ("data_category" in writes) == ("manage" in capabilities), group


@pytest.mark.postgres
def test_a_login_without_a_team_role_reads_only(crew: Team, request: pytest.FixtureRequest) -> None:
    with crew.owner.engine.begin() as con:
        con.execute(text("DO $$ BEGIN IF to_regrole('nobody') IS NULL THEN "
                         "CREATE ROLE nobody LOGIN; END IF; END $$"))  # fmt: skip
        con.execute(text("GRANT SELECT ON ALL TABLES IN SCHEMA public TO nobody"))
    nobody = open_register(crew.owner.engine.url.set(username="nobody").render_as_string())
    request.addfinalizer(nobody.close)
    told = team.abilities(nobody)
    assert told.role == "No team role" and told.read_only
    assert "ask the DPO" in told.why_read_only()


def test_a_sqlite_register_has_one_user_who_may_do_everything(
    sqlite_register: Register,
) -> None:
    told = team.abilities(sqlite_register)
    assert told.status == "tester · Single user"
    assert told.edit and told.approve and told.delete and told.manage and told.import_


@pytest.mark.postgres
def test_a_server_register_without_team_roles_limits_nobody(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    told = team.abilities(make_register("postgres", request, tmp_path))
    assert told.role == "DPO" and told.approve  # the owner
