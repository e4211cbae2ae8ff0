"""A transfer outside the EEA needs an adequacy decision on the check's day or a safeguard."""

from __future__ import annotations

import datetime as dt

import pytest

from ropa_desktop.domain.enums import TransferSafeguard
from ropa_desktop.domain.records import DataCategoryRec, TransferRec
from ropa_desktop.services.checks import (
    BLOCKING,
    WARNING,
    CheckContext,
    activity_findings,
    in_eea,
)
from tests.factories import complete_activity, retention_for

DPF_DAY = dt.date(2023, 7, 10)


def findings(
    *transfers: TransferRec, day: dt.date = dt.date(2026, 11, 25)
) -> list[tuple[str, str, str]]:
    ctx = CheckContext(
        data_categories={"identity": DataCategoryRec("identity", "Identity"),
                         "contact-details": DataCategoryRec("contact-details", "Contact details")},
        retention_rules=(retention_for("act-crm"),),
        today=day,
    )  # fmt: skip
    rec = complete_activity(transfers=transfers)
    return [(f.code, f.severity, f.message) for f in activity_findings(rec, ctx)]


@pytest.mark.parametrize("country", ["IN", "India", "Inde", "CN"])
def test_a_transfer_to_a_country_without_adequacy_or_safeguard_is_blocking(country: str) -> None:
    [(code, severity, message)] = findings(TransferRec(country, "Support centre"))
    assert (code, severity) == ("transfer_without_safeguard", BLOCKING)
    assert message.startswith("Transfer to ")
    assert "outside the EEA has no safeguard" in message
    assert "no adequacy decision on 25 November 2026" in message
    assert f"“{country}”" not in message


def test_the_finding_names_the_country_never_its_code() -> None:
    [(_, _, message)] = findings(TransferRec("IN", "Support centre"))
    assert message.startswith("Transfer to India outside the EEA has no safeguard, and India")


@pytest.mark.parametrize("country", ["FR", "Germany", "Norvège", "IS"])
def test_a_transfer_inside_the_eea_needs_nothing(country: str) -> None:
    assert findings(TransferRec(country)) == []


@pytest.mark.parametrize("country", ["CH", "Japan", "GB", "KR", "Canada"])
def test_an_adequate_country_needs_no_safeguard(country: str) -> None:
    assert findings(TransferRec(country)) == []


def test_a_safeguard_clears_the_finding() -> None:
    assert findings(TransferRec("IN", safeguard=TransferSafeguard.SCC)) == []
    assert findings(TransferRec("US", safeguard=TransferSafeguard.BCR), day=DPF_DAY) == []


def test_the_united_states_before_and_after_the_data_privacy_framework() -> None:
    before = findings(TransferRec("US", "CRM vendor"), day=DPF_DAY - dt.timedelta(days=1))
    assert [(c, s) for c, s, _ in before] == [("transfer_without_safeguard", BLOCKING)]
    assert "United States has no adequacy decision on 9 July 2023" in before[0][2]
    after = findings(TransferRec("US", "CRM vendor"), day=DPF_DAY)
    [(code, severity, message)] = after
    assert (code, severity) == ("transfer_recipient_certification", WARNING)
    assert "Data Privacy Framework" in message
    assert "only certified organisations" in message
    assert "check that “CRM vendor” is certified" in message
    [(_, _, unnamed)] = findings(TransferRec("US"), day=DPF_DAY)
    assert "check that the recipient is certified" in unnamed


def test_adequacy_named_as_safeguard_for_a_country_without_one_is_blocking() -> None:
    [(code, severity, message)] = findings(
        TransferRec("Brazil", safeguard=TransferSafeguard.ADEQUACY), day=dt.date(2025, 6, 1)
    )
    assert (code, severity) == ("transfer_without_safeguard", BLOCKING)
    assert "Brazil has none on 1 June 2025" in message
    later = findings(TransferRec("Brazil", safeguard=TransferSafeguard.ADEQUACY))
    assert later == []
    dpf = findings(TransferRec("US", safeguard=TransferSafeguard.ADEQUACY))
    assert [c for c, _, _ in dpf] == ["transfer_recipient_certification"]


def test_a_country_kept_as_written_is_quoted_as_written() -> None:
    [(code, severity, message)] = findings(TransferRec("Atlantis"))
    assert (code, severity) == ("transfer_without_safeguard", BLOCKING)
    assert message == "Transfer to Atlantis outside the EEA has no safeguard (Chapter V)."


@pytest.mark.parametrize(
    ("location", "inside"),
    [("Frankfurt, Germany", True), ("Dublin (Ireland)", True), ("European Union", True),
     ("Allemagne", True), ("the Netherlands", True), ("Oslo / Norway", True), ("EEA", True),
     ("Bangalore, India", False), ("United Kingdom", False), ("Zurich, Switzerland", False),
     ("Atlantis", False)],
)  # fmt: skip
def test_a_processing_location_is_in_the_eea_by_the_same_data(location: str, inside: bool) -> None:
    assert in_eea(location) is inside
