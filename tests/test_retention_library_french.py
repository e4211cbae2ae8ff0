"""The reference library in both languages, its French references citing their sources."""

from __future__ import annotations

from ropa_desktop.domain.enums import RetentionUnit, TriggerEvent
from ropa_desktop.services.language import sort_key
from ropa_desktop.services.retention_library import load_library

LIBRARY = load_library()


def test_every_reference_is_titled_and_described_in_both_languages() -> None:
    for rule in LIBRARY.rules:
        assert rule.title_in("fr") and rule.title_in("fr") != rule.title_in("en")
        assert rule.data_description_in("fr") != rule.data_description_in("en")
        assert rule.sources and all(s.url.startswith("http") for s in rule.sources)


def test_accounting_records_ten_years_under_the_code_de_commerce() -> None:
    rule = LIBRARY.get("fr-accounting-records")
    assert (rule.duration_value, rule.duration_unit) == (10, RetentionUnit.YEARS)
    assert "Code de commerce, art. L123-22" in rule.legal_reference
    assert rule.title_in("fr") == "Documents comptables et pièces justificatives"


def test_the_cnil_frameworks_for_customers_and_human_resources_are_cited() -> None:
    staff = LIBRARY.get("fr-staff-register")
    assert (staff.duration_value, staff.trigger) == (5, TriggerEvent.END_OF_CONTRACT)
    assert "R1221-26" in staff.legal_reference
    assert "2019-160" in staff.note
    assert any("code.travail.gouv.fr" in s.url for s in staff.sources)
    account = LIBRARY.get("fr-inactive-customer-account")
    assert (account.duration_value, account.duration_unit) == (2, RetentionUnit.YEARS)
    assert "2021-131" in account.legal_reference
    assert account.verification == "secondary"  # read in summaries, and it says so
    prospects = LIBRARY.get("fr-prospects-last-contact")
    assert any("2021-131" in s.title for s in prospects.sources)


def test_the_library_lists_by_title_in_the_language() -> None:
    for language in ("en", "fr"):
        titles = [r.title_in(language) for r in LIBRARY.by_title(language)]
        assert titles == sorted(titles, key=sort_key)
    french = [r.key for r in LIBRARY.by_title("fr")]
    english = [r.key for r in LIBRARY.by_title("en")]
    assert french != english
    assert french[:2] == ["fr-payslips", "fr-job-applicants"]  # "Bulletins", "Candidats"
