"""The breach register and the rights-request log as records: validation, locking,
audit, links to what they name, findings, the JSON round trip (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from ropa_desktop.domain.enums import (
    BreachNature,
    BreachRisk,
    NoCommunicationReason,
    RequestOutcome,
    RequestType,
)
from ropa_desktop.domain.errors import ConflictError, InUseError, ValidationError
from ropa_desktop.domain.log_records import BreachRec, RightsRequestRec
from ropa_desktop.exporters.json_export import register_json
from ropa_desktop.importers.json_import import parse_document
from ropa_desktop.services import activities, processors
from ropa_desktop.services.audit import audit_log
from ropa_desktop.services.breaches.records import BREACHES, new_breach
from ropa_desktop.services.context import register_findings
from ropa_desktop.services.interchange import import_records
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.services.requests.records import REQUESTS, new_request
from tests.factories import complete_activity, processor

PARIS = ZoneInfo("Europe/Paris")


def _breach(register: Register, **changes: object) -> BreachRec:
    rec = new_breach(register, aware_at=dt.datetime(2026, 11, 30, 9, 15, tzinfo=PARIS))
    return dataclasses.replace(rec, name="Laptop stolen from a car", **changes)  # type: ignore[arg-type]


def test_breach_saved_read_back_with_its_zone_and_audited(org_register: Register) -> None:
    act = activities.save_activity(org_register, record=complete_activity())
    proc = processors.save_processor(org_register, record=processor())
    rec = _breach(
        org_register,
        natures=(BreachNature.CONFIDENTIALITY, BreachNature.AVAILABILITY),
        activities=(act.key,),
        processors=(proc.key,),
        subjects_count=1_200,
        records_count=5_000_000_000,
        risk=BreachRisk.HIGH,
    )
    assert rec.reference == "BR-01"
    saved = BREACHES.save(org_register, record=rec)
    assert saved.version == 1
    back = BREACHES.get(org_register, key=rec.key)
    assert back == saved
    assert back.aware_at is not None and back.aware_at.utcoffset() == dt.timedelta(hours=1)
    assert new_breach(org_register).reference == "BR-02"
    (event,) = audit_log(org_register, entity_key=rec.key)
    assert event.entity_type == "breach"
    assert event.entity_label == "BR-01 · Laptop stolen from a car"
    assert event.changes["aware_at"]["after"] == "2026-11-30T09:15:00+01:00"


def test_breach_rules_refuse_in_words(org_register: Register) -> None:
    aware = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    bad = _breach(
        org_register,
        occurred_from=aware + dt.timedelta(days=1),
        notified_at=aware - dt.timedelta(hours=1),
        no_communication=NoCommunicationReason.UNINTELLIGIBLE,
        risk=BreachRisk.RISK,
        subjects_count=-1,
    )
    bad = dataclasses.replace(bad, aware_at=aware)
    with pytest.raises(ValidationError) as err:
        BREACHES.save(org_register, record=bad)
    fields = {e.field: e.message for e in err.value.errors}
    assert fields["aware_at"] == "is before the breach began"
    assert fields["notified_at"] == "is before the controller became aware"
    assert "only to a high-risk breach" in fields["no_communication"]
    assert "from 0" in fields["subjects_count"]
    assert str(err.value).startswith("Breach BR-01 · Laptop stolen from a car: ")
    with pytest.raises(ValidationError, match="unknown activity"):
        BREACHES.save(org_register, record=_breach(org_register, activities=("nope",)))
    with pytest.raises(ValidationError, match="time zone"):
        BREACHES.save(
            org_register, record=_breach(org_register, occurred_from=dt.datetime(2026, 11, 1))
        )
    assert BREACHES.listed(org_register) == []


def test_two_editors_on_one_breach_the_second_is_refused(org_register: Register) -> None:
    saved = BREACHES.save(org_register, record=_breach(org_register))
    BREACHES.save(org_register, record=dataclasses.replace(saved, notes="first"))
    with pytest.raises(ConflictError):
        BREACHES.save(org_register, record=dataclasses.replace(saved, notes="second"))
    assert BREACHES.get(org_register, key=saved.key).notes == "first"
    with pytest.raises(ConflictError):
        BREACHES.delete(org_register, key=saved.key, version=saved.version)
    BREACHES.delete(org_register, key=saved.key, version=saved.version + 1)
    assert BREACHES.listed(org_register) == []


def test_a_named_activity_or_processor_is_not_deleted(org_register: Register) -> None:
    act = activities.save_activity(org_register, record=complete_activity())
    proc = processors.save_processor(org_register, record=processor())
    BREACHES.save(
        org_register, record=_breach(org_register, activities=(act.key,), processors=(proc.key,))
    )
    req = dataclasses.replace(
        new_request(org_register, received_on=dt.date(2026, 11, 2)), activities=(act.key,)
    )
    REQUESTS.save(org_register, record=req)
    with pytest.raises(InUseError) as err:
        activities.delete_activity(org_register, key=act.key, version=act.version)
    assert str(err.value).startswith(
        "The activity PA-01 · Customer relationship management is named by the breach "
        "BR-01 · Laptop stolen from a car, the request RR-01 · Access (Art. 15)"
    )
    with pytest.raises(InUseError, match="Mailer GmbH"):
        # the processor is used by the activity too; unlink it first
        activities.save_activity(
            org_register,
            record=dataclasses.replace(
                activities.get_activity(org_register, key=act.key), processors=()
            ),
        )
        processors.delete_processor(org_register, key=proc.key, version=proc.version)
    assert activities.get_activity(org_register, key=act.key).name


def test_request_rules(org_register: Register) -> None:
    base = new_request(org_register, received_on=dt.date(2026, 1, 31))
    cases = {
        "extension_reason": dataclasses.replace(base, extension_months=2),
        "extension_months": dataclasses.replace(base, extension_months=3, extension_reason="x"),
        "outcome_reason": dataclasses.replace(
            base, outcome=RequestOutcome.REFUSED, closed_on=dt.date(2026, 2, 10)
        ),
        "outcome": dataclasses.replace(base, closed_on=dt.date(2026, 2, 10)),
        "closed_on": dataclasses.replace(base, outcome=RequestOutcome.GRANTED),
    }
    for field, rec in cases.items():
        with pytest.raises(ValidationError) as err:
            REQUESTS.save(org_register, record=rec)
        assert field in {e.field for e in err.value.errors}, field
    early = dataclasses.replace(
        base, outcome=RequestOutcome.GRANTED, closed_on=dt.date(2026, 1, 30)
    )
    with pytest.raises(ValidationError, match="before the request was received"):
        REQUESTS.save(org_register, record=early)
    assert REQUESTS.listed(org_register) == []
    saved = REQUESTS.save(org_register, record=base)
    REQUESTS.delete(org_register, key=saved.key, version=saved.version)
    assert [e.action.value for e in audit_log(org_register, entity_key=saved.key)] == [
        "delete",
        "create",
    ]


def test_findings_of_the_logs_in_ropa_check(org_register: Register) -> None:
    aware = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
    BREACHES.save(org_register, record=_breach(org_register, aware_at=aware, risk=BreachRisk.RISK))
    REQUESTS.save(
        org_register,
        record=RightsRequestRec(
            key="rr-late", reference="RR-01", request_type=RequestType.ERASURE,
            received_on=dt.date(2026, 10, 1),
        ),
    )  # fmt: skip
    found = register_findings(org_register, today=dt.date(2026, 11, 30))
    mine = {(f.entity_label, f.code, f.severity) for f in found if f.entity_type != "activity"}
    assert ("BR-01 · Laptop stolen from a car", "breach_notification_overdue", "blocking") in mine
    assert ("RR-01 · Erasure (Art. 17)", "request_overdue", "blocking") in mine
    early = register_findings(org_register, today=dt.date(2026, 10, 15))
    codes = {f.code for f in early if f.entity_type in ("breach", "rights_request")}
    assert "request_overdue" not in codes
    assert "breach_notification_overdue" not in codes


def test_json_export_restores_the_logs_and_an_older_file_leaves_them(
    org_register: Register, tmp_path: Path
) -> None:
    act = activities.save_activity(org_register, record=complete_activity())
    breach = BREACHES.save(
        org_register,
        record=_breach(org_register, activities=(act.key,), natures=(BreachNature.INTEGRITY,)),
    )
    req = REQUESTS.save(
        org_register,
        record=dataclasses.replace(
            new_request(org_register, received_on=dt.date(2026, 11, 2)), activities=(act.key,)
        ),
    )
    data = register_json(org_register)
    doc = json.loads(data)
    assert doc["breaches"][0]["aware_at"] == "2026-11-30T09:15:00+01:00"
    # An export from before the logs existed: importing it removes nothing of them.
    old = {k: v for k, v in doc.items() if k not in ("breaches", "rights_requests")}
    plan = import_records(org_register, parse_document(json.dumps(old).encode()), dry_run=False)
    assert plan.is_empty
    assert [b.key for b in BREACHES.listed(org_register)] == [breach.key]
    # The export, restored into an empty register, gives the logs back as they were.
    restored = open_register(str(tmp_path / "restored.sqlite"), actor="tester")
    try:
        import_records(restored, parse_document(data), dry_run=False)
        assert BREACHES.listed(restored) == BREACHES.listed(org_register)
        assert REQUESTS.listed(restored) == [dataclasses.replace(req, version=1)]
        assert register_json(restored) == data
        with restored.engine.begin() as con:
            assert con.execute(text("SELECT count(*) FROM breach_activity")).scalar() == 1
    finally:
        restored.close()
