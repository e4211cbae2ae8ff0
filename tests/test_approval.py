"""Approval: one rule at every door, a recorded act, lapse on change, the DPIA rule."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ropa_desktop.domain.enums import (
    Art9Condition,
    DpiaCriterion,
    RiskRating,
    Status,
    TransferSafeguard,
)
from ropa_desktop.domain.records import DataUseRec, TransferRec
from ropa_desktop.services import activities
from ropa_desktop.services.approval import LAPSE_FIELD, ApprovalError
from ropa_desktop.services.audit import audit_log
from ropa_desktop.services.processors import get_processor, save_processor
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import delete_rule, list_rules, save_rule
from ropa_desktop.services.retention_terms import add_months
from tests.factories import complete_activity, processor, retention_for

TITLE = "PA-01 · Customer relationship management"
SIGNED = dt.date(2025, 3, 1)
_EXPLICIT = Art9Condition.EXPLICIT_CONSENT


def approvable(register: Register, **changes: object) -> activities.ActivityRec:
    """A saved draft with nothing in its way: a processor with a DPA and a retention rule."""
    save_processor(register, record=processor(dpa_signed_on=SIGNED))
    rec = complete_activity(processors=("proc-mail",), **changes)
    saved = activities.save_activity(register, record=rec)
    save_rule(register, record=retention_for(rec.key))
    return saved


def test_approval_is_a_recorded_act(org_register: Register) -> None:
    saved = approvable(org_register, review_cycle_months=12)
    approved = activities.approve_activity(org_register, key=saved.key, version=saved.version)
    stored = activities.get_activity(org_register, key=saved.key)
    today = dt.date.today()
    assert stored == approved
    assert stored.status is Status.APPROVED
    assert (stored.approved_by, stored.approved_on) == ("tester", today)
    assert stored.approved_version == stored.version == saved.version + 1
    assert stored.last_reviewed_on == today
    assert stored.next_review_on == add_months(today, 12)


def test_a_form_or_file_cannot_rewrite_who_approved(org_register: Register) -> None:
    saved = approvable(org_register)
    approved = activities.approve_activity(org_register, key=saved.key, version=saved.version)
    forged = dataclasses.replace(
        approved, approved_by="ceo", approved_on=dt.date(2020, 1, 1), next_review_on=None
    )
    kept = activities.save_activity(org_register, record=forged)
    assert kept.status is Status.APPROVED
    assert (kept.approved_by, kept.approved_on) == ("tester", dt.date.today())


# Each case: what to change so that approval must be refused, and what the refusal says.
BLOCKERS = {
    "processor without DPA": (
        lambda r: save_processor(r, record=_proc(r, dpa_signed_on=None)),
        "No signed data-processing agreement (Art. 28(3)) with “Mailer GmbH”.",
    ),
    "processor outside the EEA without safeguard": (
        lambda r: save_processor(r, record=_proc(r, locations=("United States",))),
        "“Mailer GmbH” processes data in United States, which may be outside the EEA",
    ),
    "processor field to confirm": (
        lambda r: save_processor(r, record=_proc(r, to_confirm=("dpa_reference",))),
        "Processor “Mailer GmbH”: “DPA reference” is marked to confirm.",
    ),
    "processor rated high risk": (
        lambda r: save_processor(r, record=_proc(r, risk_rating=RiskRating.HIGH)),
        "Processor “Mailer GmbH” is rated high risk",
    ),
    "retention rule field to confirm": (
        lambda r: save_rule(
            r, record=dataclasses.replace(list_rules(r)[0], to_confirm=("trigger",))
        ),
        "Retention rule “PA-01 Customer relationship management — Customer data”: "
        "“Starting event” is marked to confirm.",
    ),
    "activity field to confirm": (
        lambda r: _edit(r, to_confirm=("transfers",)),
        "“Transfers” is marked to confirm.",
    ),
    "transfer without safeguard": (
        lambda r: _edit(r, transfers=(TransferRec("India"),)),
        "Transfer to India outside the EEA has no safeguard",
    ),
    "sensitive data and a second criterion without a DPIA": (
        lambda r: _edit(
            r,
            data_categories=(DataUseRec("health", art9_condition=_EXPLICIT),),
            dpia_criteria=(DpiaCriterion.LARGE_SCALE,),
        ),
        "2 EDPB criteria are met, so a DPIA is required (Art. 35); no DPIA is referenced.",
    ),
}


def _proc(register: Register, **changes: object):  # type: ignore[no-untyped-def]
    return dataclasses.replace(get_processor(register, key="proc-mail"), **changes)  # type: ignore[arg-type]


def _edit(register: Register, **changes: object) -> None:
    rec = activities.get_activity(register, key="act-crm")
    activities.save_activity(register, record=dataclasses.replace(rec, **changes))  # type: ignore[arg-type]


@pytest.mark.parametrize("case", list(BLOCKERS))
def test_approval_is_refused_naming_what_blocks_it(org_register: Register, case: str) -> None:
    approvable(org_register)
    spoil, sentence = BLOCKERS[case]
    spoil(org_register)
    before = activities.get_activity(org_register, key="act-crm")
    with pytest.raises(ApprovalError) as caught:
        activities.approve_activity(org_register, key="act-crm", version=before.version)
    message = str(caught.value)
    assert message.startswith(f"{TITLE} cannot be approved while 1 finding blocks it: ")
    assert sentence in message
    assert "act-crm" not in message and "proc-mail" not in message
    assert activities.get_activity(org_register, key="act-crm") == before


def test_special_category_data_ticks_sensitive_data_by_itself(org_register: Register) -> None:
    saved = approvable(
        org_register, data_categories=(DataUseRec("health", art9_condition=_EXPLICIT),)
    )
    assert saved.dpia_criteria == (DpiaCriterion.SENSITIVE_DATA,)
    # One criterion: no DPIA presumed, approval possible.
    activities.approve_activity(org_register, key=saved.key, version=saved.version)
    # A second one needs a DPIA reference before approval.
    now = activities.get_activity(org_register, key=saved.key)
    again = activities.save_activity(
        org_register,
        record=dataclasses.replace(
            now, dpia_criteria=(*now.dpia_criteria, DpiaCriterion.VULNERABLE_SUBJECTS)
        ),
    )
    assert again.status is Status.IN_REVIEW  # a material change lapsed it
    with pytest.raises(ApprovalError, match="a DPIA is required"):
        activities.approve_activity(org_register, key=saved.key, version=again.version)
    fixed = activities.save_activity(
        org_register, record=dataclasses.replace(again, dpia_reference="DPIA-2026-04")
    )
    done = activities.approve_activity(org_register, key=saved.key, version=fixed.version)
    assert done.status is Status.APPROVED


def test_several_blockers_are_all_named(org_register: Register) -> None:
    saved = approvable(org_register)
    save_processor(org_register, record=_proc(org_register, dpa_signed_on=None))
    _edit(org_register, to_confirm=("recipients",), transfers=(TransferRec("India"),))
    now = activities.get_activity(org_register, key=saved.key)
    with pytest.raises(ApprovalError) as caught:
        activities.approve_activity(org_register, key=saved.key, version=now.version)
    message = str(caught.value)
    assert "while 3 findings block it" in message
    for part in ("Transfer to India", "“Recipients” is marked to confirm", "“Mailer GmbH”"):
        assert part in message


# --- lapse ----------------------------------------------------------------------------


def _approved(register: Register) -> activities.ActivityRec:
    saved = approvable(register)
    return activities.approve_activity(register, key=saved.key, version=saved.version)


def _last_event(register: Register, key: str = "act-crm"):  # type: ignore[no-untyped-def]
    return audit_log(register, entity_key=key, limit=1)[0]


def test_a_material_change_puts_it_back_in_review(org_register: Register) -> None:
    approved = _approved(org_register)
    purposes = (*approved.purposes, dataclasses.replace(approved.purposes[0], description="Upsell"))
    saved = activities.save_activity(
        org_register, record=dataclasses.replace(approved, purposes=purposes)
    )
    assert saved.status is Status.IN_REVIEW
    assert (saved.approved_by, saved.approved_on, saved.approved_version) == ("", None, None)
    assert activities.get_activity(org_register, key=approved.key) == saved
    event = _last_event(org_register)
    assert event.changes["status"] == {"before": "approved", "after": "in_review"}
    assert event.changes[LAPSE_FIELD]["after"] == "“Purposes” changed since its approval"
    assert [str(lapse) for lapse in org_register.last_lapses] == [
        f"{TITLE} went back to in review: “Purposes” changed since its approval."
    ]


def test_review_dates_alone_keep_the_approval(org_register: Register) -> None:
    approved = _approved(org_register)
    later = activities.save_activity(
        org_register,
        record=dataclasses.replace(approved, next_review_on=dt.date(2031, 6, 30)),
    )
    assert later.status is Status.APPROVED
    assert later.approved_version == approved.approved_version


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda r: save_processor(r, record=_proc(r, dpa_reference="DPA-2")),
            "processor “Mailer GmbH” changed (“DPA reference”)",
        ),
        (
            lambda r: save_rule(
                r, record=dataclasses.replace(list_rules(r)[0], open_ended_term="Ten years")
            ),
            "retention rule “Customer data” changed (“Open-ended term”)",
        ),
        (
            lambda r: save_rule(r, record=retention_for("act-crm", key="ret-2")),
            "retention rule “Customer data” was added",
        ),
        (
            lambda r: delete_rule(r, key="ret-1", version=list_rules(r)[0].version),
            "retention rule “Customer data” was deleted",
        ),
    ],
    ids=["processor", "rule changed", "rule added", "rule deleted"],
)
def test_a_change_to_what_it_relies_on_lapses_it(org_register: Register, change, reason) -> None:  # type: ignore[no-untyped-def]
    _approved(org_register)
    change(org_register)
    now = activities.get_activity(org_register, key="act-crm")
    assert now.status is Status.IN_REVIEW
    assert _last_event(org_register).changes[LAPSE_FIELD]["after"] == reason


def test_a_processor_note_keeps_the_approval(org_register: Register) -> None:
    approved = _approved(org_register)
    save_processor(org_register, record=_proc(org_register, notes="Renewal in May"))
    assert activities.get_activity(org_register, key="act-crm") == approved


def test_an_overdue_review_is_a_finding(org_register: Register) -> None:
    from ropa_desktop.services.context import register_findings

    approved = _approved(org_register)
    activities.save_activity(
        org_register,
        record=dataclasses.replace(
            approved, last_reviewed_on=dt.date(2020, 1, 1), next_review_on=dt.date(2021, 1, 1)
        ),
    )
    codes = {
        (f.code, f.entity_key) for f in register_findings(org_register, today=dt.date(2026, 1, 1))
    }
    assert ("review_overdue", "act-crm") in codes


def test_approved_activity_may_not_be_given_blocking_findings_by_a_processor_save(
    org_register: Register,
) -> None:
    _approved(org_register)
    # The DPA is cancelled: the approval lapses in the same transaction, never stays.
    save_processor(org_register, record=_proc(org_register, dpa_signed_on=None))
    now = activities.get_activity(org_register, key="act-crm")
    assert now.status is Status.IN_REVIEW
    assert "DPA signed on" in _last_event(org_register).changes[LAPSE_FIELD]["after"]


def test_transfer_safeguard_counts(org_register: Register) -> None:
    saved = approvable(
        org_register, transfers=(TransferRec("India", safeguard=TransferSafeguard.SCC),)
    )
    done = activities.approve_activity(org_register, key=saved.key, version=saved.version)
    assert done.status is Status.APPROVED


def test_a_data_category_turned_special_lapses_the_approvals_using_it(
    org_register: Register,
) -> None:
    from ropa_desktop.services.catalogues import catalogue, save_entry

    _approved(org_register)
    identity = next(e for e in catalogue(org_register, "data_categories") if e.key == "identity")
    save_entry(
        org_register,
        catalogue_name="data_categories",
        record=dataclasses.replace(identity, special=True),
    )
    assert activities.get_activity(org_register, key="act-crm").status is Status.IN_REVIEW
    assert (
        "whether it is special or criminal data"
        in (_last_event(org_register).changes[LAPSE_FIELD]["after"])
    )


def test_an_import_into_a_register_in_use_cannot_bring_its_own_approver(
    org_register: Register,
) -> None:
    import json

    from ropa_desktop.exporters.json_export import register_json
    from ropa_desktop.importers.json_import import parse_document
    from ropa_desktop.services import interchange

    approvable(org_register)
    doc = json.loads(register_json(org_register))
    new = dict(doc["activities"][0], key="act-new", reference="PA-09", name="Payroll")
    new.update(status="approved", approved_by="ceo", approved_on="2020-01-01", approved_version=42)
    doc["activities"].append(new)
    doc["retention_rules"].append(
        dict(doc["retention_rules"][0], key="ret-new", activity="act-new")
    )
    interchange.import_records(
        org_register, parse_document(json.dumps(doc).encode()), dry_run=False
    )
    stored = activities.get_activity(org_register, key="act-new")
    assert stored.status is Status.APPROVED
    assert (stored.approved_by, stored.approved_on) == ("tester", dt.date.today())
