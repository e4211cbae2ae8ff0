"""Countries by code: names in English and French, EEA membership, adequacy on a day."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ropa_desktop.domain.country_names import name_in
from ropa_desktop.services.countries import (
    COUNTRIES_PATH,
    adequacy_decisions,
    adequacy_on,
    all_countries,
    as_code,
    country_label,
    eea_codes,
    in_eea,
)
from ropa_desktop.services.language import current_language, sort_key


@pytest.mark.parametrize(
    ("code", "en", "fr"),
    [
        ("US", "United States", "États-Unis"),
        ("DE", "Germany", "Allemagne"),
        ("GB", "United Kingdom", "Royaume-Uni"),
        ("CH", "Switzerland", "Suisse"),
        ("KR", "South Korea", "Corée, République de"),
    ],
)
def test_a_code_is_named_in_both_languages(code: str, en: str, fr: str) -> None:
    assert name_in(code, "en") == en
    assert name_in(code, "fr") == fr
    assert country_label(code, "fr") == fr


def test_a_name_kept_as_written_is_shown_as_written() -> None:
    assert country_label("Atlantis (to confirm)", "fr") == "Atlantis (to confirm)"


def test_the_eea_is_the_eu_27_and_three_efta_states() -> None:
    assert len(eea_codes()) == 30
    assert {"FR", "DE", "IE", "IS", "LI", "NO"} <= eea_codes()
    assert not in_eea("GB")
    assert not in_eea("CH")
    assert not in_eea("US")


@pytest.mark.parametrize(
    ("day", "adequate"),
    [(dt.date(2023, 7, 9), False), (dt.date(2023, 7, 10), True), (dt.date(2023, 7, 11), True)],
)
def test_the_data_privacy_framework_applies_from_10_july_2023(day: dt.date, adequate: bool) -> None:
    decision = adequacy_on("US", day)
    assert (decision is not None) is adequate
    if decision is not None:
        assert decision.certified_only
        assert "only organisations certified" in decision.scope["en"]
        assert "seulement les organisations certifiées" in decision.scope["fr"]


def test_the_privacy_shield_ended_with_schrems_ii() -> None:
    assert adequacy_on("US", dt.date(2020, 7, 15)) is not None
    assert adequacy_on("US", dt.date(2020, 7, 16)) is None
    assert adequacy_on("US", dt.date(2022, 1, 1)) is None


def test_scoped_and_dated_decisions() -> None:
    canada = adequacy_on("CA", dt.date(2024, 1, 1))
    assert canada is not None and "PIPEDA" in canada.scope["en"]
    japan = adequacy_on("JP", dt.date(2024, 1, 1))
    assert japan is not None and "private-sector" in japan.scope["en"]
    assert adequacy_on("JP", dt.date(2018, 12, 31)) is None
    assert adequacy_on("KR", dt.date(2021, 12, 17)) is not None
    uk = adequacy_on("GB", dt.date(2026, 12, 3))
    assert uk is not None and "Law Enforcement Directive" in uk.scope["en"]
    assert "renewed" in uk.scope["en"]
    assert adequacy_on("IN", dt.date(2026, 12, 3)) is None
    assert not adequacy_on("CN", dt.date(2026, 12, 3))


def test_the_data_names_its_sources_and_every_decision_is_a_country_both_languages() -> None:
    raw = json.loads(COUNTRIES_PATH.read_text(encoding="utf-8"))
    assert any("commission.europa.eu" in s for s in raw["sources"])
    for decision in adequacy_decisions():
        assert country_label(decision.code) != decision.code
        assert set(decision.scope) == {"en", "fr"}
        assert not in_eea(decision.code)


@pytest.mark.parametrize(
    ("text", "code"),
    [("FR", "FR"), ("USA", "US"), ("United States", "US"), ("Etats-Unis", "US"),
     ("UK", "GB"), ("Royaume-Uni", "GB"), ("  Inde ", "IN"), ("Congo", None),
     ("Atlantis", None), ("", None)],
)  # fmt: skip
def test_a_transfer_reads_codes_and_unambiguous_names(text: str, code: str | None) -> None:
    assert as_code(text) == code


def test_the_country_list_sorts_by_name_in_each_language() -> None:
    english = [name for _, name in all_countries("en")]
    french = [name for _, name in all_countries("fr")]
    assert english == sorted(english, key=sort_key)
    assert french == sorted(french, key=sort_key)
    # "Égypte" sorts among the E's in French, not after "Zimbabwe"
    assert french.index("Égypte") < french.index("Espagne") < french.index("Zimbabwe")
    assert english.index("Germany") < english.index("Ghana")


@pytest.mark.parametrize(
    ("setting", "env", "expected"),
    [("fr", "en_GB.UTF-8", "fr"), (None, "fr_FR.UTF-8", "fr"), (None, "de_DE.UTF-8", "en"),
     ("en", "fr_FR.UTF-8", "en"), ("xx", "fr_CA", "fr")],
)  # fmt: skip
def test_the_current_language(
    monkeypatch: pytest.MonkeyPatch, setting: str | None, env: str, expected: str
) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", env)
    assert current_language(setting) == expected
