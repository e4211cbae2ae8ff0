"""Activity services on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import dataclasses

import pytest

from ropa_desktop.domain.enums import AuditAction, LegalBasis, Status
from ropa_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from ropa_desktop.domain.records import ActivityRec, PurposeRec
from ropa_desktop.services import activities
from ropa_desktop.services.audit import audit_log
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import save_rule
from tests.factories import complete_activity, retention_for


def test_create_and_read_back(org_register: Register) -> None:
    saved = activities.save_activity(org_register, record=complete_activity())
    assert saved.version == 1
    loaded = activities.get_activity(org_register, key="act-crm")
    assert loaded == saved
    assert [a.key for a in activities.list_activities(org_register)] == ["act-crm"]


def test_update_bumps_version_and_audits_each_field(org_register: Register) -> None:
    v1 = activities.save_activity(org_register, record=complete_activity())
    v2 = activities.save_activity(
        org_register,
        record=dataclasses.replace(v1, name="CRM", subject_categories=("customers", "prospects")),
    )
    assert v2.version == 2
    event = audit_log(org_register, entity_key="act-crm")[0]
    assert event.action is AuditAction.UPDATE
    assert event.actor == "tester"
    assert event.changes == {
        "name": {"before": "Customer relationship management", "after": "CRM"},
        "subject_categories": {"before": ["customers"], "after": ["customers", "prospects"]},
    }


def test_stale_save_is_refused_and_nothing_is_overwritten(org_register: Register) -> None:
    v1 = activities.save_activity(org_register, record=complete_activity())
    mine = dataclasses.replace(v1, name="Edited by me")
    theirs = dataclasses.replace(v1, name="Edited by someone else")
    activities.save_activity(org_register, record=theirs)
    with pytest.raises(ConflictError, match="changed by someone else"):
        activities.save_activity(org_register, record=mine)
    stored = activities.get_activity(org_register, key="act-crm")
    assert stored.name == "Edited by someone else"
    assert stored.version == 2


def test_draft_may_be_incomplete_but_approved_must_be_complete(org_register: Register) -> None:
    draft = ActivityRec(key="a1", reference="PA-09", name="Half-written")
    assert activities.save_activity(org_register, record=draft).version == 1
    with pytest.raises(ValidationError) as err:
        activities.save_activity(
            org_register, record=dataclasses.replace(complete_activity(), status=Status.APPROVED)
        )
    fields = {e.field for e in err.value.errors}
    assert "status" in fields and "retention" in fields
    saved = activities.save_activity(org_register, record=complete_activity())
    save_rule(org_register, record=retention_for("act-crm"))
    approved = activities.save_activity(
        org_register, record=dataclasses.replace(saved, status=Status.APPROVED)
    )
    assert approved.status is Status.APPROVED


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"reference": "has space"}, "reference"),
        ({"name": "x" * 301}, "name"),
        ({"description": "nul\x00byte"}, "description"),
        ({"subject_categories": ("no-such-subject",)}, "subject_categories"),
        ({"measures": ("mfa", "mfa")}, "measures"),
        ({"purposes": (PurposeRec(""),)}, "purposes[1].description"),
    ],
)
def test_invalid_fields_are_refused_with_the_field_named(
    org_register: Register, change: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        activities.save_activity(org_register, record=complete_activity(**change))
    assert field in {e.field for e in err.value.errors}
    assert activities.list_activities(org_register) == []


def test_reference_must_be_unique(org_register: Register) -> None:
    activities.save_activity(org_register, record=complete_activity())
    with pytest.raises(ValidationError, match="already used"):
        activities.save_activity(org_register, record=complete_activity(key="other"))


def test_retire_duplicate_delete(org_register: Register) -> None:
    v1 = activities.save_activity(org_register, record=complete_activity())
    save_rule(org_register, record=retention_for("act-crm"))
    copy = activities.duplicate_activity(org_register, key="act-crm")
    assert copy.key != v1.key and copy.reference == "PA-01-copy1" and copy.status is Status.DRAFT
    assert copy.purposes == v1.purposes
    retired = activities.retire_activity(org_register, key="act-crm", version=1)
    assert retired.status is Status.RETIRED and retired.version == 2
    assert audit_log(org_register, entity_key="act-crm")[0].action is AuditAction.RETIRE
    with pytest.raises(ConflictError):
        activities.delete_activity(org_register, key="act-crm", version=1)
    activities.delete_activity(org_register, key="act-crm", version=2)
    with pytest.raises(NotFoundError):
        activities.get_activity(org_register, key="act-crm")
    event = audit_log(org_register, entity_key="act-crm")[0]
    assert event.action is AuditAction.DELETE
    assert event.changes["name"]["before"] == "Customer relationship management"
    rule_event = audit_log(org_register, entity_key="ret-1")[0]
    assert rule_event.action is AuditAction.DELETE


def test_summaries_show_completeness_and_legal_bases(org_register: Register) -> None:
    activities.save_activity(
        org_register,
        record=complete_activity(
            purposes=(
                PurposeRec("Contracts", LegalBasis.CONTRACT),
                PurposeRec("Newsletter", LegalBasis.CONSENT, consent_withdrawal="Unsubscribe link"),
            )
        ),
    )
    (row,) = activities.activity_summaries(org_register)
    assert row.legal_bases == "Contract, Consent"
    assert (row.complete, row.total) == (6, 7)  # only retention is missing
    save_rule(org_register, record=retention_for("act-crm"))
    (row,) = activities.activity_summaries(org_register)
    assert row.complete == 7
    assert "identity" in row.search_text and "newsletter" in row.search_text
