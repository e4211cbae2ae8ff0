"""Sentences users read, built once in the services: no repeated prefix, right articles
and plurals, a row named by its number rather than by an empty key."""

from __future__ import annotations

import pytest

from ropa_desktop.domain.enums import LegalBasis
from ropa_desktop.domain.errors import ValidationError
from ropa_desktop.domain.records import DataUseRec, PurposeRec, RecipientUseRec
from ropa_desktop.services import activities
from ropa_desktop.services.checks import activity_findings
from ropa_desktop.services.labels import field_label, indefinite, located
from ropa_desktop.services.register import Register
from tests.factories import complete_activity
from tests.test_checks import CTX


@pytest.mark.parametrize(
    ("where", "message", "said"),
    [
        ("Purpose 3", "Purpose 3 (“Newsletter”) has no Art. 6(1) legal basis.",
         "Purpose 3 (“Newsletter”) has no Art. 6(1) legal basis."),
        ("Purpose 3", "description is required", "Purpose 3: description is required"),
        ("Purpose 1", "Purpose 12 (“x”) has no legal basis.",
         "Purpose 1: Purpose 12 (“x”) has no legal basis."),
        ("", "is required", "is required"),
    ],
)  # fmt: skip
def test_a_message_that_names_its_place_gets_no_second_prefix(
    where: str, message: str, said: str
) -> None:
    assert located(where, message) == said


def test_an_export_is_named_with_the_right_article() -> None:
    assert indefinite("Excel workbook") == "an Excel workbook"
    assert indefinite("PDF report") == "a PDF report"
    assert indefinite("JSON document") == "a JSON document"


def test_consent_without_withdrawal_says_what_is_missing_in_plain_words() -> None:
    rec = complete_activity(purposes=(PurposeRec("Newsletter", LegalBasis.CONSENT),))
    (finding,) = [f for f in activity_findings(rec, CTX) if f.code == "consent_without_withdrawal"]
    assert finding.message == (
        "Purpose 1 (“Newsletter”) relies on consent but does not say how it can be "
        "withdrawn (Art. 7(3))."
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"data_categories": (DataUseRec("identity"), DataUseRec(""))},
         "data_categories[2].category", "is required"),
        ({"data_categories": (DataUseRec("nope"),)},
         "data_categories[1].category", "refers to an unknown data category “nope”"),
        ({"data_categories": (DataUseRec("identity"), DataUseRec("identity"))},
         "data_categories[2].category", "repeats the data category “identity” of an earlier row"),
        ({"recipients": (RecipientUseRec(""),)}, "recipients[1].category", "is required"),
    ],
)  # fmt: skip
def test_a_row_without_a_known_category_is_named_by_its_number(
    org_register: Register, change: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as err:
        activities.save_activity(org_register, record=complete_activity(**change))
    assert [(e.field, e.message) for e in err.value.errors] == [(field, message)]
    assert "“”" not in str(err.value)


def test_a_field_of_a_list_item_is_named_by_the_item_and_its_number() -> None:
    assert field_label("purposes[3]") == "Purpose 3"
    assert field_label("data_categories[2].category") == "Data category 2 — Category"
    assert field_label("purposes[1].lia_reference") == "Purpose 1 — LIA reference"
    assert field_label("owner_department") == "Owner department"
