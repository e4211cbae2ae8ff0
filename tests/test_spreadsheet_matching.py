"""Catalogue entries, countries, safeguards and dates read from a register kept as a table."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ropa_desktop.domain.enums import TransferSafeguard
from ropa_desktop.importers.spreadsheet.catalogue_match import WORDS_PATH, EntryLike, phrase_words
from ropa_desktop.importers.spreadsheet.phrases import (
    PRIVACY_SHIELD_REASON,
    CatalogueEntry,
    catalogue_words,
    country_code,
    country_name,
    match_catalogue,
    parse_date,
    safeguard,
)
from ropa_desktop.services.catalogues import builtin_entries

SUBJECTS, DATA = "subject_categories", "data_categories"
RECIPIENTS, MEASURES = "recipient_categories", "security_measures"

# (catalogue, value as written in a register, expected key or None)
# fmt: off
CATALOGUE_CASES = [
    (SUBJECTS, "Salariés", "employees"),
    (SUBJECTS, "Candidats", "job-applicants"),
    (SUBJECTS, "Clients", "customers"),
    (SUBJECTS, "Prospects", "prospects"),
    (SUBJECTS, "Potential customers", "prospects"),
    (SUBJECTS, "Fournisseurs", "suppliers-contacts"),
    (SUBJECTS, "Mineurs", "minors"),
    (SUBJECTS, "Job applicants", "job-applicants"),
    (SUBJECTS, "Prospects et clients", None),  # two entries: never one of them
    (SUBJECTS, "Patients", None),
    (SUBJECTS, "Adresse IP des salariés", None),  # mentions employees, is not them
    (DATA, "Numéro de Sécurité Sociale (ou NIR)", "national-id"),
    (DATA, "Numéro d'identification national unique (NIR pour la France)", "national-id"),
    (DATA, "Etat civil, identité, données d'identification", "identity"),
    (DATA, "État-civil, identité, données d'identification, images", "identity"),
    (DATA, "Vie professionnelle", "professional-details"),
    (DATA, "Vie personnelle (habitudes de vie, situation familiale, etc.)", "personal-life"),
    (DATA, "Informations d'ordre économique et financier (revenus, situation financière, situation fiscale, etc.)", "financial-situation"),
    (DATA, "Données de connexion", "connection-data"),
    (DATA, "Données de connexion (adresses IP, logs, identifiants des terminaux, etc.)", "connection-data"),
    (DATA, "Données de localisation", "location-data"),
    (DATA, "Données de localisation (déplacements, données GPS, GSM, etc.)", "location-data"),
    (DATA, "Internet (cookies, traceurs, données de navigation, mesures d'audience, etc.)", "usage-data"),
    (DATA, "Données révélant l'origine raciale ou ethnique", "racial-ethnic-origin"),
    (DATA, "Données révélant les convictions religieuses ou philosophiques", "religious-beliefs"),
    (DATA, "Données biométriques aux fins d'identifier une personne physique de manière unique", "biometric-data"),
    (DATA, "Données concernant la santé", "health"),
    (DATA, "Données relatives à des condamnations pénales ou infractions", "criminal-data"),
    (DATA, "HEALTH DATA", "health"),
    (DATA, "Adresse IP", "connection-data"),
    (DATA, "Numéro de téléphone", "contact-details"),
    (DATA, "Autres catégories de données", None),
    (DATA, "Données", None),
    (RECIPIENTS, "Sous-traitants", "service-providers"),
    (RECIPIENTS, "Service interne", "internal-departments"),
    (RECIPIENTS, "Service interne qui traite les données", "internal-departments"),
    (RECIPIENTS, "Partenaires institutionnels ou commerciaux", "partners"),
    (RECIPIENTS, "Administration fiscale", "public-authorities"),
    (RECIPIENTS, "Destinataires dans des pays tiers ou organisations internationales", None),
    (MEASURES, "Contrôle d'accès des utilisateurs", "access-control"),
    (MEASURES, "Journalisation", "logging"),
    (MEASURES, "Mesures de traçabilité", "logging"),
    (MEASURES, "Sauvegarde des données", "backups"),
    (MEASURES, "Contrôle des sous-traitants", "processor-vetting"),
    (MEASURES, "Multi-factor authentication", "mfa"),
    (MEASURES, "Chiffrement des données", None),  # at rest or in transit: not said
    (MEASURES, "Chiffrement des données en transit et au repos", None),
    (MEASURES, "Mesures de protection des logiciels", None),
]
# fmt: on


def _entries(catalogue: str) -> list[tuple[str, str]]:
    return [(rec.key, rec.name) for rec in builtin_entries()[catalogue]]


@pytest.mark.parametrize(("catalogue", "text", "key"), CATALOGUE_CASES, ids=[c[1][:40] for c in CATALOGUE_CASES])  # fmt: skip
def test_catalogue_value(catalogue: str, text: str, key: str | None) -> None:
    assert match_catalogue(text, _entries(catalogue)) == key
    assert match_catalogue(text, _entries(catalogue), catalogue=catalogue) == key


def test_at_least_twenty_five_catalogue_values() -> None:
    assert len(CATALOGUE_CASES) >= 25


def test_entries_of_the_caller_and_their_own_words() -> None:
    entries: list[EntryLike] = [
        CatalogueEntry("crm", "CRM contacts", ("contacts commerciaux",)),
        ("hr", "Staff"),
    ]
    assert match_catalogue("Contacts commerciaux", entries) == "crm"
    assert match_catalogue("staff", entries) == "hr"
    assert match_catalogue("Salariés", [("e", "Personnel", ["salariés"])]) == "e"
    assert match_catalogue("anything", []) is None
    assert match_catalogue("  ", _entries(SUBJECTS)) is None


def test_shipped_words_name_shipped_entries_without_ambiguity() -> None:
    shipped = builtin_entries()
    raw = json.loads(WORDS_PATH.read_text(encoding="utf-8"))
    assert set(catalogue_words()) == {k for k in raw if not k.startswith("_")}
    for catalogue, table in catalogue_words().items():
        keys = {rec.key for rec in shipped[catalogue]}
        assert set(table) <= keys, f"{catalogue} has words for unknown entries"
        owner: dict[tuple[str, ...], str] = {}
        for key, phrases in table.items():
            names = [rec.name for rec in shipped[catalogue] if rec.key == key]
            for phrase in (*phrases, *names):
                folded = tuple(phrase_words(phrase))
                assert folded, f"“{phrase}” has no words of its own"
                assert owner.setdefault(folded, key) == key, f"“{phrase}” names two entries"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Etats-Unis", "US"), ("États-Unis", "US"), ("USA", "US"),
        ("United States of America", "US"), ("Royaume-Uni", "GB"), ("UK", "GB"),
        ("Inde", "IN"), ("Inde (Bangalore)", "IN"), ("Suisse", "CH"), ("Canada", "CA"),
        ("Corée du Sud", "KR"), ("Japon", "JP"), ("Singapour", "SG"), ("Maroc", "MA"),
        ("Nouvelle-Zélande", "NZ"), ("Israël", "IL"), ("Brésil", "BR"), ("Allemagne", "DE"),
        ("Germany", "DE"), ("FR", "FR"), ("Emirats arabes unis", "AE"), ("Vietnam", "VN"),
        ("Corée", None), ("Congo", None), ("Union européenne", None), ("in", None),
        ("Monde entier", None), ("", None),
    ],
)  # fmt: skip
def test_country_code(text: str, code: str | None) -> None:
    assert country_code(text) == code


def test_country_name_is_the_registers_english_name() -> None:
    assert country_name("Etats-Unis") == "United States"
    assert country_name("Corée du Sud") == "South Korea"
    assert country_name("Royaume Uni") == "United Kingdom"
    assert country_name("Atlantide") is None


SCC, BCR, ADEQUACY = TransferSafeguard.SCC, TransferSafeguard.BCR, TransferSafeguard.ADEQUACY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Clauses contractuelles types (CCT)", SCC),
        ("CCT", SCC),
        ("SCC", SCC),
        ("SCCs (2021/914)", SCC),
        ("Standard contractual clauses", SCC),
        ("Clauses types de la Commission européenne", SCC),
        ("BCR", BCR),
        ("Règles d'entreprise contraignantes", BCR),
        ("Binding corporate rules", BCR),
        ("Décision d'adéquation", ADEQUACY),
        ("Adequacy decision", ADEQUACY),
        ("Pays adéquat (Suisse)", ADEQUACY),
        ("EU-US Data Privacy Framework", ADEQUACY),
        ("Code de conduite", TransferSafeguard.CODE_OF_CONDUCT),
        ("Certification", TransferSafeguard.CERTIFICATION),
        ("Dérogation article 49", TransferSafeguard.DEROGATION),
        ("Consentement explicite (art. 49.1.a)", TransferSafeguard.DEROGATION),
        ("Certification ISO 27001", None),  # security, not a transfer safeguard
        ("CCT en cours de signature", None),
        ("Aucune", None),
        ("CCT et BCR", None),
        ("Contrat", None),
        ("", None),
    ],
)
def test_safeguard(text: str, expected: TransferSafeguard | None) -> None:
    got = safeguard(text)
    assert got.original == text
    assert got.safeguard is expected
    assert got.to_confirm is (expected is None)
    assert bool(got.note) is (expected is None)
    assert got.invalid_reason == ""


def test_privacy_shield_is_no_valid_safeguard() -> None:
    for text in (
        "Privacy shield",
        "Privacy Shield (Etats-Unis)",
        "Bouclier de protection des données",
    ):
        got = safeguard(text)
        assert got.safeguard is None and got.to_confirm
        assert got.invalid_reason == PRIVACY_SHIELD_REASON
    assert PRIVACY_SHIELD_REASON == (
        "the Privacy Shield was invalidated by the CJEU in July 2020 (Schrems II)"
    )
    assert "Schrems I)" in safeguard("Safe Harbor").invalid_reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2024, 1, 1), dt.date(2024, 1, 1)),
        (dt.datetime(2025, 3, 31, 14, 5), dt.date(2025, 3, 31)),
        ("31/03/2025", dt.date(2025, 3, 31)),
        ("31.03.2025", dt.date(2025, 3, 31)),
        ("31-03-2025", dt.date(2025, 3, 31)),
        ("1/2/2025", dt.date(2025, 2, 1)),
        ("2025-03-31", dt.date(2025, 3, 31)),
        ("2025-03-31 00:00:00", dt.date(2025, 3, 31)),
        ("31 mars 2025", dt.date(2025, 3, 31)),
        ("1er janvier 2024", dt.date(2024, 1, 1)),
        ("le 15 août 2023", dt.date(2023, 8, 15)),
        ("Lundi 31 mars 2025", dt.date(2025, 3, 31)),
        ("3 févr. 2025", dt.date(2025, 2, 3)),
        ("31 March 2025", dt.date(2025, 3, 31)),
        ("March 31, 2025", dt.date(2025, 3, 31)),
        (None, None),
        ("  ", None),
    ],
)
def test_parse_date(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2025", "“31/02/2025” is not a date of the calendar"),
        ("03/31/2025", "“03/31/2025” is not a date of the calendar (read as day/month/year)"),
        ("31/03/25", "“31/03/25” is not a date; write it as day/month/year"),
        ("mars 2025", "“mars 2025” is not a date"),
        ("à définir", "“à définir” is not a date"),
        (45747, "“45747” is not a date"),
        (True, "“TRUE” is not a date"),
        (object(), "The cell's value is not a date"),
    ],
)
def test_parse_date_refuses_with_one_sentence(value: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_date(value)
    text = str(caught.value)
    assert text.startswith(message)
    assert text.endswith(".") and text.count(". ") == 0
