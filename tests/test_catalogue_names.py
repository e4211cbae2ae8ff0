"""Catalogue entries named in English and French, and listed by name in either language."""

from __future__ import annotations

import dataclasses
import json

import pytest

from ropa_desktop.domain.records import DataCategoryRec
from ropa_desktop.paths import RESOURCES
from ropa_desktop.services.catalogue_names import entry_description, entry_name
from ropa_desktop.services.catalogues import catalogue, save_entry
from ropa_desktop.services.language import sort_key
from ropa_desktop.services.register import Register

RAW = json.loads((RESOURCES / "catalogues.json").read_text(encoding="utf-8"))
ENTRIES = [(name, item) for name, items in RAW.items() for item in items]

# The CNIL's categories of data (its register template), by the entry that holds each.
CNIL = {
    "identity": "État civil",
    "personal-life": "Vie personnelle",
    "professional-details": "Vie professionnelle",
    "financial-situation": "Informations d'ordre économique et financier",
    "connection-data": "Données de connexion",
    "location-data": "Données de localisation",
    "national-id": "(NIR)",
    "health": "Données de santé",
}


@pytest.mark.parametrize(("name", "item"), ENTRIES, ids=[i["key"] for _, i in ENTRIES])
def test_every_shipped_entry_is_named_in_both_languages(name: str, item: dict[str, str]) -> None:
    french = item["fr"]
    assert french["name"].strip()
    assert french["name"] != item["name"] or item["key"] in {"prospects", "pseudonymisation"}
    assert bool(item.get("description")) == bool(french.get("description"))


def test_the_cnil_categories_are_in_the_catalogue() -> None:
    french = {i["key"]: i["fr"]["name"] for i in RAW["data_categories"]}
    for key, words in CNIL.items():
        assert words in french[key]
    special = [i for i in RAW["data_categories"] if i.get("special")]
    assert len(special) == 8  # the sensitive data of Art. 9(1), each named in French


def test_a_shipped_name_is_shown_in_french_a_renamed_one_as_written() -> None:
    rec = DataCategoryRec("identity", "Identity", "Surname, first name, title.")
    assert entry_name("data_categories", rec, "fr") == "État civil, identité"
    assert entry_description("data_categories", rec, "fr") == "Nom, prénom, civilité."
    assert entry_name("data_categories", rec, "en") == "Identity"
    renamed = dataclasses.replace(rec, name="Identité du client")
    assert entry_name("data_categories", renamed, "fr") == "Identité du client"
    assert entry_description("data_categories", renamed, "fr") == rec.description
    added = DataCategoryRec("loyalty", "Loyalty points")
    assert entry_name("data_categories", added, "fr") == "Loyalty points"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_lists_sort_by_name_in_the_language_never_by_key(
    sqlite_register: Register, language: str
) -> None:
    save_entry(sqlite_register, catalogue_name="data_categories",
               record=DataCategoryRec("aaa-added", "Zoo visits"))  # fmt: skip
    entries = catalogue(sqlite_register, "data_categories", language)
    names = [entry_name("data_categories", e, language) for e in entries]
    assert names == sorted(names, key=sort_key)
    assert [e.key for e in entries] != sorted(e.key for e in entries)
    assert entries[-1].key == "aaa-added"  # "Zoo visits" last, whatever its key
    if language == "fr":
        # "État civil" among the E's, not after "Vie sexuelle"
        assert names.index("Données de santé") < names.index("État civil, identité")
        assert names.index("État civil, identité") < names.index(
            "Informations d'ordre économique et financier"
        )


def test_the_editor_offers_the_entries_in_the_systems_language(
    sqlite_register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ropa_desktop.ui.lookups import load_lookups

    english = [label for _, label, _ in load_lookups(sqlite_register).entries("subject_categories")]
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    french = load_lookups(sqlite_register).entries("subject_categories")
    labels = [label for _, label, _ in french]
    assert "Salariés" in labels and "Employees" in english
    assert labels == sorted(labels, key=sort_key)
    assert dict((k, t) for k, _, t in french)["customers"].startswith("Utilisateurs et contacts")
