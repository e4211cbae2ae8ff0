"""A DPO keeps the register in the CNIL's template, filled in by hand in LibreOffice Calc,
and the import brings in the activities typed there.

One headless soffice serves the module (tests/lo_calc.py). It opens a copy of the
CNIL's template, copies the model fiche twice under the names a DPO gives them, types
into each beside its labels (column A) as a French DPO would, renames the list sheet,
keeps the CNIL's worked example, and saves the result as .ods and as .xlsx. Each test
imports into a fresh register.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from ropa_desktop.domain.enums import RetentionUnit
from ropa_desktop.importers.spreadsheet.existing import import_spreadsheet, plan_spreadsheet
from ropa_desktop.services.activities import list_activities
from ropa_desktop.services.interchange import snapshot
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import list_rules
from tests.lo_calc import Calc

TEMPLATE = Path(__file__).parent / "data" / "cnil-registre-simplifie.ods"
LIST = "2_-_Liste_des_traitements"
MODEL = "3_-_Modèle_de_fiche_de_registre"
EXAMPLE = "4_-_Exemple_de_fiche"
FORMATS = ("ods", "xlsx")

# Beside which label (as the DPO reads it in column A), in which column, what is typed.
ACTORS = {
    "Responsable du traitement": {
        "B": "ACME SAS",
        "C": "12 rue de Rivoli",
        "D": "75001",  # Calc takes it for a number, as in the CNIL's example
        "E": "Paris",
        "F": "France",
        "G": "01 23 45 67 89",
        "H": "contact@acme.fr",
    },
    "Délégué à la protection des données": {"B": "Camille Martin", "H": "dpo@acme.fr"},
}
PAYROLL = {
    "Nom du traitement": {"B": "Paie des salariés"},
    "N° / RÉF": {"B": "RH-01"},
    **ACTORS,
    "Finalité principale": {"B": "Gestion de la paie"},
    "Sous-finalité 1": {"B": "Calcul des rémunérations"},
    "État civil, identité, données d'identification, images…": {
        "B": "Noms, prénoms, adresses",
        "E": "5 ans à compter du versement de la paie",
    },
    "Numéro de Sécurité Sociale (ou NIR)": {
        "B": "Numéros de sécurité sociale des salariés",
        "E": "5 ans à compter du versement de la paie",
    },
    "Données concernant la santé": {"B": "Arrêts maladie", "E": "Durée légale"},
    "Catégorie de personnes 1": {"B": "Salariés", "E": "Y compris les stagiaires"},
    "Destinataire 1": {
        "B": "Service interne qui traite les données",
        "E": "Direction administrative et financière",
    },
    "Mesure de sécurité 1": {
        "B": "Contrôle d'accès des utilisateurs",
        "E": "Habilitations par rôle",
    },
    "Organisme destinataire 1": {
        "B": "Banque d'Andorre",
        "C": "Andorre",
        "D": "Clauses contractuelles types (CCT)",
        "F": "Contrat en date du 23/01/2018",
    },
    "Organisme destinataire 2": {"B": "PayCloud Inc.", "C": "Etats-Unis", "D": "Privacy shield"},
}
RECRUITMENT = {
    "Nom du traitement": {"B": "Recrutement"},
    "N° / RÉF": {"B": "RH-02"},
    **ACTORS,
    "Finalité principale": {"B": "Gestion des candidatures"},
    "Sous-finalité 1": {"B": "Organisation des entretiens"},
    "État civil, identité, données d'identification, images…": {
        "B": "Noms, prénoms, coordonnées, CV",
        "E": "2 ans à compter du dernier contact avec le candidat",
    },
    "Catégorie de personnes 1": {"B": "Candidats", "E": "Candidatures spontanées comprises"},
    "Destinataire 1": {
        "B": "Service interne qui traite les données",
        "E": "Direction des ressources humaines",
    },
    "Mesure de sécurité 1": {"B": "Contrôle d'accès des utilisateurs"},
}
UPDATED = "13/05/2026"


def _fill(sheet: str, answers: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    actions = [
        {"do": "type_beside", "sheet": sheet, "label": label, "column": col, "text": text}
        for label, cells in answers.items()
        for col, text in cells.items()
    ]
    # The update date typed as text (with a leading apostrophe), as the CNIL's example has it.
    actions.append(
        {"do": "type_beside", "sheet": sheet, "label": "Mise à jour du traitement",
         "column": "B", "text": UPDATED, "as_text": True}
    )  # fmt: skip
    return actions


SESSION = [
    {"do": "copy_sheet", "sheet": MODEL, "name": "Paie", "before": EXAMPLE},
    {"do": "copy_sheet", "sheet": MODEL, "name": "Recrutement 2026", "before": EXAMPLE},
    *_fill("Paie", PAYROLL),
    *_fill("Recrutement 2026", RECRUITMENT),
    {"do": "rename_sheet", "sheet": LIST, "name": "Liste"},
]


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    calc = Calc(tmp_path_factory.mktemp("calc"))
    try:
        yield calc.review(TEMPLATE, SESSION, "registre")
    finally:
        calc.close()


def _cell(rows: list[list[Any]], label: str, col: int) -> Any:
    (row,) = [r for r in rows if r and r[0] == label]
    return row[col]


@pytest.mark.parametrize("fmt", FORMATS)
def test_calc_saved_the_fiches_as_typed(saved: dict[str, Path], fmt: str) -> None:
    book = CalamineWorkbook.from_path(str(saved[fmt]))
    assert book.sheet_names == [
        "Tutoriel", "Liste", MODEL, "Paie", "Recrutement 2026", EXAMPLE, "5_-_Listes",
    ]  # fmt: skip
    paie = book.get_sheet_by_name("Paie").to_python()
    assert _cell(paie, "Nom du traitement", 1) == "Paie des salariés"
    assert _cell(paie, "N° / RÉF", 1) == "RH-01"
    assert _cell(paie, "Mise à jour du traitement", 1) == UPDATED
    assert _cell(paie, "Responsable du traitement", 3) == 75001
    assert _cell(paie, "Organisme destinataire 2", 2) == "Etats-Unis"
    recruitment = book.get_sheet_by_name("Recrutement 2026").to_python()
    assert _cell(recruitment, "N° / RÉF", 1) == "RH-02"
    # The model itself is left as the CNIL ships it.
    model = book.get_sheet_by_name(MODEL).to_python()
    assert _cell(model, "Nom du traitement", 1) == ""
    assert _cell(model, "N° / RÉF", 1) == "ref-001"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_two_fiches_become_two_activities(
    sqlite_register: Register, saved: dict[str, Path], fmt: str
) -> None:
    result = import_spreadsheet(sqlite_register, saved[fmt], dry_run=False)
    assert result.errors == [] and result.applied
    acts = {a.reference: a for a in list_activities(sqlite_register)}
    assert sorted(acts) == ["RH-01", "RH-02"]
    payroll, recruitment = acts["RH-01"], acts["RH-02"]
    assert payroll.name == "Paie des salariés"
    assert recruitment.name == "Recrutement"
    assert [p.description for p in payroll.purposes] == [
        "Gestion de la paie",
        "Calcul des rémunérations",
    ]
    assert [p.description for p in recruitment.purposes] == [
        "Gestion des candidatures",
        "Organisation des entretiens",
    ]
    assert payroll.last_reviewed_on is not None
    assert payroll.last_reviewed_on.isoformat() == "2026-05-13"
    assert payroll.subject_categories == ("employees",)
    assert payroll.measures == ("access-control",)
    assert [t.country for t in payroll.transfers] == ["AD", "US"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_identity_data_is_kept_five_years(
    sqlite_register: Register, saved: dict[str, Path], fmt: str
) -> None:
    import_spreadsheet(sqlite_register, saved[fmt], dry_run=False)
    rules = {r.data_description: r for r in list_rules(sqlite_register)}
    identity = rules["Noms, prénoms, adresses"]
    assert (identity.duration_value, identity.duration_unit) == (5, RetentionUnit.YEARS)
    assert "5 ans à compter du versement de la paie" in identity.source_reference
    candidates = rules["Noms, prénoms, coordonnées, CV"]
    assert (candidates.duration_value, candidates.duration_unit) == (2, RetentionUnit.YEARS)
    health = rules["Arrêts maladie"]
    assert health.duration_value is None and "open_ended_term" in health.to_confirm


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_example_and_the_empty_model_are_not_imported(
    sqlite_register: Register, saved: dict[str, Path], fmt: str
) -> None:
    result = import_spreadsheet(sqlite_register, saved[fmt], dry_run=False)
    assert any("CNIL's worked example" in n for n in result.notices), result.notices
    assert any("empty model fiche" in n for n in result.notices), result.notices
    acts = list_activities(sqlite_register)
    assert {a.reference for a in acts} == {"RH-01", "RH-02"}  # not "1 - Exemple", "ref-001"
    assert "Gestion de la paie" not in {a.name for a in acts}  # the example's name


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_organisation_is_the_controller_of_the_fiches(
    sqlite_register: Register, saved: dict[str, Path], fmt: str
) -> None:
    import_spreadsheet(sqlite_register, saved[fmt], dry_run=False)
    org = snapshot(sqlite_register).organisation
    assert org is not None
    assert (org.name, org.dpo_name, org.dpo_email) == ("ACME SAS", "Camille Martin", "dpo@acme.fr")
    assert org.contact_email == "contact@acme.fr"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_second_import_of_the_same_file_changes_nothing(
    sqlite_register: Register, saved: dict[str, Path], fmt: str
) -> None:
    first = import_spreadsheet(sqlite_register, saved[fmt], dry_run=False)
    assert not first.changes.is_empty
    again = plan_spreadsheet(sqlite_register, saved[fmt])
    assert again.errors == [] and again.changes.is_empty, again.changes.lines()


def test_the_xlsx_gives_the_same_records_as_the_ods(
    sqlite_register: Register, saved: dict[str, Path]
) -> None:
    ods, xlsx = (plan_spreadsheet(sqlite_register, saved[fmt]) for fmt in FORMATS)
    assert ods.errors == xlsx.errors == []
    assert _records(ods) and _records(ods) == _records(xlsx)
    assert ods.notices == xlsx.notices


def _records(result: Any) -> list[tuple[str, str, str]]:
    """What each change would write, generated keys aside (an activity's read as its
    reference, the organisation's blanked)."""
    changes = result.changes.changes
    refs = {c.record.key: c.record.reference for c in changes if c.entity_type == "activity"}
    out = []
    for change in changes:
        record = change.record
        if change.entity_type == "activity":
            record = dataclasses.replace(record, key=record.reference)
        elif change.entity_type == "organisation":
            record = dataclasses.replace(record, key="")
        elif getattr(record, "activity", None) in refs:
            record = dataclasses.replace(record, activity=refs[record.activity])
        out.append((change.entity_type, change.kind, repr(record)))
    return sorted(out)
