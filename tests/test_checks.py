"""Each check of `ropa check`, on records built to trigger exactly it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ropa_desktop.domain.enums import (
    Art9Condition,
    DpiaCriterion,
    LegalBasis,
    Role,
    Status,
    TransferSafeguard,
)
from ropa_desktop.domain.records import (
    DataCategoryRec,
    DataUseRec,
    OrganisationRec,
    PurposeRec,
    TransferRec,
)
from ropa_desktop.services.checks import (
    BLOCKING,
    WARNING,
    CheckContext,
    activity_findings,
    completeness,
    organisation_findings,
    processor_findings,
    retention_findings,
)
from ropa_desktop.services.context import register_findings
from ropa_desktop.services.processors import save_processor
from ropa_desktop.services.register import Register
from tests.factories import complete_activity, processor, retention_for

CTX = CheckContext(
    data_categories={
        "identity": DataCategoryRec("identity", "Identity"),
        "contact-details": DataCategoryRec("contact-details", "Contact details"),
        "health": DataCategoryRec("health", "Health data", special=True),
        "criminal-data": DataCategoryRec("criminal-data", "Criminal data", criminal=True),
    },
    retention_rules=(retention_for("act-crm"),),
    today=dt.date(2026, 11, 25),
)


def codes(**changes: object) -> dict[str, str]:
    rec = complete_activity(**changes)
    return {f.code: f.severity for f in activity_findings(rec, CTX)}


def test_complete_activity_has_no_findings() -> None:
    assert codes() == {}
    assert completeness(complete_activity(), CTX) == (7, 7)


@pytest.mark.parametrize(
    ("change", "code", "severity"),
    [
        ({"purposes": ()}, "missing_purpose", BLOCKING),
        ({"purposes": (PurposeRec("Analytics"),)}, "missing_legal_basis", BLOCKING),
        ({"subject_categories": ()}, "missing_subjects", BLOCKING),
        ({"data_categories": ()}, "missing_data_categories", BLOCKING),
        ({"recipients": ()}, "missing_recipients", BLOCKING),
        ({"key": "other"}, "missing_retention", BLOCKING),
        ({"measures": ()}, "missing_measures", BLOCKING),
        (
            {"transfers": (TransferRec("India", "CRM vendor"),)},
            "transfer_without_safeguard",
            BLOCKING,
        ),
        ({"data_categories": (DataUseRec("health"),)}, "special_without_condition", BLOCKING),
        ({"data_categories": (DataUseRec("criminal-data"),)}, "criminal_without_basis", BLOCKING),
        (
            {"purposes": (PurposeRec("Newsletter", LegalBasis.CONSENT),)},
            "consent_without_withdrawal",
            BLOCKING,
        ),
        (
            {"purposes": (PurposeRec("Fraud", LegalBasis.LEGITIMATE_INTERESTS),)},
            "legitimate_interest_without_lia",
            WARNING,
        ),
        (
            {"dpia_criteria": (DpiaCriterion.LARGE_SCALE, DpiaCriterion.SENSITIVE_DATA)},
            "dpia_required",
            BLOCKING,
        ),
        ({"role": Role.PROCESSOR}, "missing_controllers", BLOCKING),
        ({"next_review_on": dt.date(2026, 1, 1)}, "review_overdue", WARNING),
        ({"to_confirm": ("owner_department",)}, "to_confirm", WARNING),
    ],
)
def test_each_gap_is_found(change: dict[str, object], code: str, severity: str) -> None:
    found = codes(**change)
    assert found == {code: severity}


def test_fixes_clear_the_findings() -> None:
    assert codes(data_categories=(DataUseRec("health", Art9Condition.EXPLICIT_CONSENT),)) == {}
    assert codes(transfers=(TransferRec("United States", safeguard=TransferSafeguard.SCC),)) == {}
    assert codes(measures=(), measures_note="Encrypted laptops") == {}
    assert (
        codes(dpia_criteria=(DpiaCriterion.LARGE_SCALE,)) == {}
    )  # one criterion: no DPIA required


def test_retired_activities_are_not_checked() -> None:
    assert codes(status=Status.RETIRED, purposes=()) == {}


def test_processor_organisation_and_retention_checks() -> None:
    assert [f.code for f in processor_findings(processor())] == ["processor_without_dpa"]
    assert processor_findings(processor(dpa_signed_on=dt.date(2024, 1, 1))) == []
    org = OrganisationRec(key="o", name="Org")
    assert {f.code for f in organisation_findings(org)} == {
        "missing_controller_contact",
        "missing_dpo",
    }
    rule = dataclasses.replace(retention_for("a"), open_ended_term="")
    assert [f.code for f in retention_findings([rule], {})] == ["retention_without_term"]


def test_register_findings_cover_the_whole_register(org_register: Register) -> None:
    save_processor(org_register, record=processor())
    found = {(f.entity_type, f.code) for f in register_findings(org_register)}
    assert ("processor", "processor_without_dpa") in found


@pytest.mark.parametrize(
    ("locations", "safeguard", "flagged"),
    [
        (("Germany",), None, False),
        (("Frankfurt, Germany", "Dublin (Ireland)"), None, False),
        (("European Union",), None, False),
        (("Norway", "the Netherlands"), None, False),
        (("United States",), None, True),
        (("France", "India"), None, True),
        (("Switzerland",), None, True),  # adequacy needs recording too: not in the EEA
        (("United States",), TransferSafeguard.SCC, False),
        ((), None, False),
    ],
)
def test_a_processor_outside_the_eea_needs_a_transfer_safeguard(
    locations: tuple[str, ...], safeguard: TransferSafeguard | None, flagged: bool
) -> None:
    rec = processor(
        locations=locations, transfer_safeguard=safeguard, dpa_signed_on=dt.date(2024, 1, 1)
    )
    found = [f for f in processor_findings(rec) if f.code == "processor_transfer_without_safeguard"]
    assert bool(found) is flagged
    if flagged:
        assert found[0].severity == "warning" and "outside the EEA" in found[0].message
