"""The breach register, rights requests and evidence files on a team register: an editor
records them, only a DPO deletes, an auditor reads and changes nothing (real PostgreSQL
logins; the database answers)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from ropa_desktop.domain.enums import RequestType
from ropa_desktop.domain.errors import StoreError
from ropa_desktop.domain.log_records import RightsRequestRec
from ropa_desktop.services import evidence
from ropa_desktop.services.audit import audit_log, verify_chain
from ropa_desktop.services.breaches.records import BREACHES, new_breach
from ropa_desktop.services.requests.records import REQUESTS
from tests.crew import Team, make_crew

AWARE = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def crew(request: pytest.FixtureRequest, tmp_path: Path) -> Team:
    return make_crew(request, tmp_path)


@pytest.mark.postgres
def test_each_role_on_the_logs(crew: Team) -> None:
    alice, dora, otto = crew["alice"], crew["dora"], crew["otto"]
    breach = BREACHES.save(
        alice,
        record=dataclasses.replace(
            new_breach(alice, aware_at=AWARE), name="Lost laptop", activities=("act-crm",)
        ),
    )
    request = REQUESTS.save(
        alice,
        record=RightsRequestRec(
            key="rr-1", reference="RR-01", request_type=RequestType.ACCESS,
            received_on=dt.date(2026, 11, 2), activities=("act-crm",),
        ),
    )  # fmt: skip
    filed = evidence.attach_bytes(
        alice, owner_type="breach", owner_key=breach.key, data=b"%PDF-1.4\n%%EOF\n",
        file_name="notification.pdf",
    )  # fmt: skip
    assert {e.actor for e in audit_log(crew.owner, limit=3)} == {"alice"}
    assert [b.name for b in BREACHES.listed(otto)] == ["Lost laptop"]
    assert evidence.content(otto, key=filed.key)[1] == b"%PDF-1.4\n%%EOF\n"
    refused = r"Your role \(Auditor\) may read the register but not change it"
    with pytest.raises(StoreError, match=refused):
        BREACHES.save(otto, record=dataclasses.replace(breach, notes="mine"))
    with pytest.raises(StoreError, match=refused):
        evidence.attach_bytes(
            otto, owner_type="breach", owner_key=breach.key, data=b"x", file_name="x.txt"
        )
    with pytest.raises(StoreError, match=r"Your role \(Editor\) may not delete rights requests"):
        REQUESTS.delete(alice, key=request.key, version=request.version)
    REQUESTS.delete(dora, key=request.key, version=request.version)
    assert REQUESTS.listed(otto) == []
    assert verify_chain(crew.owner).broken is None
