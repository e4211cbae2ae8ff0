"""Three logins on one team register on the real PostgreSQL server: alice the editor,
dora the DPO and otto the auditor, each with a register of their own."""

from __future__ import annotations

import dataclasses
import gc
from pathlib import Path

import pytest

from ropa_desktop.services import activities, team
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.services.retention import save_rule
from tests.conftest import ORG, make_register
from tests.factories import complete_activity, retention_for

LOGINS = {"alice": "editor", "dora": "dpo", "otto": "auditor"}  # see also "Ines.B" below


@dataclasses.dataclass
class Team:
    owner: Register
    logins: dict[str, Register]

    def __getitem__(self, login: str) -> Register:
        return self.logins[login]


def make_crew(request: pytest.FixtureRequest, tmp_path: Path) -> Team:
    """The owner's register with one complete activity, and each login's."""
    owner = make_register("postgres", request, tmp_path)
    save_organisation(owner, record=ORG)
    rec = activities.save_activity(owner, record=complete_activity())
    save_rule(owner, record=retention_for(rec.key))
    team.init_team(owner)
    team.init_team(owner)  # a second run changes nothing
    for login, role in LOGINS.items():
        team.add_member(owner, login=login, role=role)
    url = owner.engine.url
    logins = {}
    for login in LOGINS:
        # "--user" names someone else: on a team register the login is recorded instead.
        opened = open_register(url.set(username=login).render_as_string(), actor="ceo (spoofed)")
        request.addfinalizer(opened.close)
        logins[login] = opened
    # A closed window's last session may wait in a reference cycle: collected first, it
    # gives its connection back before each register closes its pool.
    request.addfinalizer(gc.collect)
    return Team(owner, logins)
