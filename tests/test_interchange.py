"""Whole-register export/import and the other services, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ropa_desktop.domain.enums import AuditAction, MeasureKind, RetentionUnit
from ropa_desktop.domain.errors import ConflictError, ImportFileError, InUseError, ValidationError
from ropa_desktop.domain.records import MeasureRec, OrganisationRec
from ropa_desktop.exporters.json_export import register_json
from ropa_desktop.importers.json_import import parse_document
from ropa_desktop.importers.sample import load_sample
from ropa_desktop.services import activities, interchange
from ropa_desktop.services.audit import audit_log
from ropa_desktop.services.catalogues import catalogue, save_entry
from ropa_desktop.services.organisation import get_organisation, save_organisation
from ropa_desktop.services.processors import activities_using, delete_processor, save_processor
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import delete_rule, list_rules, save_rule
from tests.conftest import make_register
from tests.factories import complete_activity, processor, retention_for


def test_sample_round_trip_is_identical_across_databases(
    register: Register, request: pytest.FixtureRequest, tmp_path
) -> None:
    load_sample(register)
    first = register_json(register)
    other = make_register("sqlite", request, tmp_path / "other")
    plan = interchange.import_records(other, parse_document(first), dry_run=False)
    assert plan.count("added") > 30
    assert register_json(other) == first
    again = interchange.plan_import(register, parse_document(first))
    assert again.is_empty


def test_dry_run_validates_everything_and_writes_nothing(org_register: Register) -> None:
    activities.save_activity(org_register, record=complete_activity())
    doc = interchange.snapshot(org_register)
    bad = dataclasses.replace(doc.activities[0], reference="PA-02", measures=("no-such-measure",))
    wanted = dataclasses.replace(doc, activities=[bad])
    with pytest.raises(ValidationError, match="unknown security measure"):
        interchange.import_records(org_register, wanted, dry_run=True)
    good = dataclasses.replace(doc.activities[0], name="Renamed")
    plan = interchange.import_records(
        org_register, dataclasses.replace(doc, activities=[good]), dry_run=True
    )
    assert plan.summary() == "0 added, 1 changed, 0 removed"
    assert activities.get_activity(org_register, key="act-crm").name != "Renamed"


def test_import_refuses_a_change_made_meanwhile(org_register: Register) -> None:
    saved = activities.save_activity(org_register, record=complete_activity())
    doc = interchange.snapshot(org_register)
    wanted = dataclasses.replace(
        doc, activities=[dataclasses.replace(doc.activities[0], name="From file")]
    )
    plan = interchange.plan_import(org_register, wanted)
    activities.save_activity(org_register, record=dataclasses.replace(saved, name="From the app"))
    with pytest.raises(ConflictError):
        interchange.apply_changes(org_register, plan)
    assert activities.get_activity(org_register, key="act-crm").name == "From the app"


def test_file_of_another_organisation_is_refused(org_register: Register) -> None:
    doc = interchange.snapshot(org_register)
    other = dataclasses.replace(doc, organisation=OrganisationRec(key="other", name="Other Ltd"))
    with pytest.raises(ImportFileError, match="belongs to"):
        interchange.plan_import(org_register, other)


def test_organisation_update_and_conflict(org_register: Register) -> None:
    org = get_organisation(org_register)
    assert org is not None and org.version == 1
    updated = save_organisation(
        org_register, record=dataclasses.replace(org, dpo_email="dpo@acme.example")
    )
    assert updated.version == 2
    with pytest.raises(ConflictError):
        save_organisation(org_register, record=dataclasses.replace(org, dpo_email="x@y.z"))
    with pytest.raises(ValidationError, match="not an e-mail"):
        save_organisation(
            org_register, record=dataclasses.replace(updated, dpo_email="not-an-email")
        )


def test_processors_directory(org_register: Register) -> None:
    p = save_processor(org_register, record=processor())
    activities.save_activity(org_register, record=complete_activity(processors=("proc-mail",)))
    assert activities_using(org_register, key="proc-mail") == [
        ("PA-01", "Customer relationship management")
    ]
    with pytest.raises(InUseError) as refused:
        delete_processor(org_register, key="proc-mail", version=p.version)
    assert str(refused.value) == (
        "The processor “Mailer GmbH” is still used by 1 activity: PA-01 · Customer relationship "
        "management; remove it from them first. Nothing was deleted."
    )
    p2 = save_processor(
        org_register, record=dataclasses.replace(p, dpa_signed_on=dt.date(2025, 5, 1))
    )
    assert p2.version == 2
    with pytest.raises(ConflictError):
        save_processor(org_register, record=p)


def test_retention_rules(org_register: Register) -> None:
    activities.save_activity(org_register, record=complete_activity())
    rule = save_rule(org_register, record=retention_for("act-crm"))
    assert list_rules(org_register) == [rule]
    with pytest.raises(ValidationError, match="not both"):
        save_rule(
            org_register,
            record=dataclasses.replace(rule, duration_value=3, duration_unit=RetentionUnit.YEARS),
        )
    with pytest.raises(ValidationError, match="unknown activity"):
        save_rule(org_register, record=retention_for("nope", key="ret-2"))
    delete_rule(org_register, key=rule.key, version=rule.version)
    assert list_rules(org_register) == []


def test_catalogues_are_seeded_and_extendable(org_register: Register) -> None:
    keys = {m.key for m in catalogue(org_register, "security_measures")}
    assert {"mfa", "encryption-rest", "processor-vetting"} <= keys
    save_entry(
        org_register,
        catalogue_name="security_measures",
        record=MeasureRec("clean-desk", "Clean desk policy", MeasureKind.ORGANISATIONAL),
    )
    assert "clean-desk" in {m.key for m in catalogue(org_register, "security_measures")}
    activities.save_activity(org_register, record=complete_activity(measures=("clean-desk",)))
    assert audit_log(org_register, entity_key="clean-desk")[0].action is AuditAction.CREATE
