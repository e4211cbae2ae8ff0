"""An import writes its activities and retention rules as one batch (services.lookups):
the rules a single save keeps hold inside the batch too, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ropa_desktop.domain.enums import AuditAction, DpiaCriterion, Status
from ropa_desktop.domain.errors import ValidationError
from ropa_desktop.domain.records import DataUseRec
from ropa_desktop.services import activities, interchange
from ropa_desktop.services.approval import LAPSE_FIELD
from ropa_desktop.services.audit import audit_log
from ropa_desktop.services.catalogues import catalogue
from ropa_desktop.services.processors import save_processor
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import list_rules, save_rule
from tests.factories import complete_activity, processor, retention_for


def _import(register: Register, **sections: object) -> interchange.ChangeSet:
    doc = interchange.snapshot(register)
    return interchange.import_records(register, dataclasses.replace(doc, **sections), dry_run=False)


def test_two_new_activities_cannot_share_a_reference(org_register: Register) -> None:
    activities.save_activity(org_register, record=complete_activity())
    doc = interchange.snapshot(org_register)
    first = complete_activity(key="act-a", reference="PA-07", name="Payroll")
    second = complete_activity(key="act-b", reference="PA-07", name="Pensions")
    with pytest.raises(ValidationError) as raised:
        _import(org_register, activities=[*doc.activities, first, second])
    assert "“PA-07” is already used" in str(raised.value)
    assert raised.value.entity == ("activity", "act-b")
    assert [a.key for a in activities.list_activities(org_register)] == ["act-crm"]


def test_a_reference_freed_in_the_same_import_may_be_taken(org_register: Register) -> None:
    saved = activities.save_activity(org_register, record=complete_activity())
    moved = dataclasses.replace(saved, reference="PA-02")
    taker = complete_activity(key="act-new", reference="PA-01", name="Payroll")
    _import(org_register, activities=[moved, taker])
    found = {a.key: a.reference for a in activities.list_activities(org_register)}
    assert found == {"act-crm": "PA-02", "act-new": "PA-01"}


def test_sensitive_data_ticks_the_dpia_screening_in_an_import(org_register: Register) -> None:
    special = next(c.key for c in catalogue(org_register, "data_categories") if c.special)
    rec = complete_activity(data_categories=(DataUseRec("identity"), DataUseRec(special)))
    _import(org_register, activities=[rec])
    stored = activities.get_activity(org_register, key=rec.key)
    assert DpiaCriterion.SENSITIVE_DATA in stored.dpia_criteria


def test_a_rule_added_by_an_import_lapses_the_approval_it_touches(
    org_register: Register,
) -> None:
    save_processor(org_register, record=processor(dpa_signed_on=dt.date(2025, 3, 1)))
    saved = activities.save_activity(
        org_register, record=complete_activity(processors=("proc-mail",))
    )
    save_rule(org_register, record=retention_for(saved.key))
    approved = activities.approve_activity(org_register, key=saved.key, version=saved.version)
    assert approved.status is Status.APPROVED
    _import(
        org_register,
        retention_rules=[*list_rules(org_register), retention_for(saved.key, key="ret-2")],
    )
    assert activities.get_activity(org_register, key=saved.key).status is Status.IN_REVIEW
    lapses = [e for e in audit_log(org_register) if LAPSE_FIELD in e.changes]
    assert lapses[0].changes[LAPSE_FIELD]["after"] == "retention rule “Customer data” was added"


def test_a_rule_may_name_an_activity_of_the_same_import(org_register: Register) -> None:
    rec = complete_activity(key="act-new", reference="PA-03")
    _import(org_register, activities=[rec], retention_rules=[retention_for("act-new")])
    assert [r.activity for r in list_rules(org_register)] == ["act-new"]
    with pytest.raises(ValidationError, match="unknown activity “act-gone”"):
        _import(org_register, retention_rules=[retention_for("act-gone", key="ret-9")])


def test_the_batch_writes_one_event_per_record_in_order(org_register: Register) -> None:
    recs = [complete_activity(key=f"act-{n}", reference=f"PA-{n:02}") for n in range(1, 6)]
    rules = [retention_for(r.key, key=f"ret-{n}") for n, r in enumerate(recs, 1)]
    _import(org_register, activities=recs, retention_rules=rules)
    events = list(reversed(audit_log(org_register)))[-10:]
    assert [(e.entity_type, e.entity_key, e.action) for e in events] == [
        *(("activity", r.key, AuditAction.CREATE) for r in recs),
        *(("retention_rule", r.key, AuditAction.CREATE) for r in rules),
    ]
    assert {e.actor for e in events} == {org_register.actor}
    assert events[0].changes["name"]["after"] == recs[0].name


def test_parts_written_by_a_batch_are_the_record_and_replace_the_old(
    org_register: Register,
) -> None:
    from ropa_desktop.domain.enums import LegalBasis
    from ropa_desktop.domain.records import PurposeRec, RecipientUseRec
    from ropa_desktop.services import lookups

    kept = activities.save_activity(org_register, record=complete_activity())
    new = complete_activity(key="act-hr", reference="PA-02", name="Payroll")
    with org_register.transaction() as session, lookups.batch(session):
        # An existing activity's parts replaced, a new one's written; the existing one is
        # saved again in the same batch: the second save's "before" is what the first wrote.
        changed = dataclasses.replace(
            kept,
            purposes=(PurposeRec("Invoice customers", LegalBasis.LEGAL_OBLIGATION),),
            recipients=(RecipientUseRec("internal-departments", "Finance"),),
            measures=("access-control",),
        )
        again = activities.put_activity(session, changed, actor="dpo")
        activities.put_activity(session, new, actor="dpo")
        activities.put_activity(
            session, dataclasses.replace(again, subject_categories=("employees",)), actor="dpo"
        )
    crm = activities.get_activity(org_register, key="act-crm")
    assert [p.description for p in crm.purposes] == ["Invoice customers"]
    assert crm.recipients == changed.recipients and crm.measures == ("access-control",)
    assert crm.subject_categories == ("employees",)
    hr = activities.get_activity(org_register, key="act-hr")
    assert (hr.purposes, hr.data_categories) == (new.purposes, new.data_categories)
    (second, first, *_) = audit_log(org_register, entity_key="act-crm")
    assert set(first.changes) == {"purposes", "recipients", "measures"}
    assert second.changes == {
        "subject_categories": {"before": ["customers"], "after": ["employees"]}
    }
    # The list's stored summary follows the records the batch wrote.
    summaries = {s.key: s for s in activities.activity_summaries(org_register)}
    assert summaries["act-hr"].name == "Payroll"
    assert "invoice customers" in summaries["act-crm"].search_text
    assert "manage customer contracts" not in summaries["act-crm"].search_text
