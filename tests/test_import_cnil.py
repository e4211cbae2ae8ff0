"""A register kept in the CNIL's template comes in as activities, rules and catalogue entries.

The fiches are filled in on a copy of the CNIL's own model fiche (read from the template
kept in tests/data, a copy of the CNIL's published file), renamed as DPOs do, with the CNIL's example kept.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from ropa_desktop.domain.enums import RetentionUnit, TransferSafeguard
from ropa_desktop.importers.spreadsheet.cnil import Builder
from ropa_desktop.importers.spreadsheet.cnil_layout import label, read_cnil
from ropa_desktop.importers.xlsx.reader import Formula, Sheet, WorkbookData, read_workbook
from ropa_desktop.services.activities import list_activities
from ropa_desktop.services.interchange import apply_changes, plan_changes, snapshot
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import list_rules

TEMPLATE = Path(__file__).parent / "data" / "cnil-registre-simplifie.ods"
MODEL = "3_-_Modèle_de_fiche_de_registre"


def _fill(rows: list[tuple[Any, ...]], answers: dict[str, dict[int, Any]]) -> list[tuple[Any, ...]]:
    """The model fiche with cells typed beside their labels (column A), by column number."""
    out = [list(r) for r in rows]
    answers = {label(k): v for k, v in answers.items()}
    for row in out:
        head = label(row[0]) if row else ""
        if head in answers:
            for col, value in answers[head].items():
                row.extend([None] * (col + 1 - len(row)))
                row[col] = value
    return [tuple(r) for r in out]


def _book(fiches: dict[str, dict[str, dict[int, Any]]]) -> WorkbookData:
    template = read_workbook(TEMPLATE)
    sheets = dict(template.sheets)
    model = template.sheets[MODEL]
    for title, answers in fiches.items():
        sheets[title] = Sheet(title, "visible", _fill(copy.deepcopy(model.rows), answers))
    return WorkbookData("registre.ods", sheets)


PAYROLL = {
    "nom du traitement": {1: "Paie des salariés"},
    "n° / ref": {1: "RH-01"},
    "mise a jour du traitement": {1: "13/05/2026"},
    "responsable du traitement": {1: "ACME SAS", 2: "1 rue de Rivoli", 3: 75001.0, 4: "Paris",
                                  5: "France", 7: "contact@acme.fr"},
    "delegue a la protection des donnees": {1: "Martin Henri", 7: "dpo@acme.fr"},
    "finalite principale": {1: "Gestion de la paie"},
    "sous-finalite 1": {1: "Calcul des rémunérations"},
    "etat civil, identite, donnees d'identification, images…": {1: "Noms, prénoms, adresses",
                                                                 4: "5 ans à compter du versement de la paie"},
    "numero de securite sociale (ou nir)": {1: "NIR des salariés", 4: "5 ans"},
    "donnees concernant la sante": {1: "Arrêts maladie", 4: "Durée légale"},
    "categorie de personnes 1": {1: "Salariés", 4: "Y compris les stagiaires"},
    "destinataire 1": {1: "Service interne qui traite les données", 4: "Direction financière"},
    "mesure de securite 1": {1: "Contrôle d'accès des utilisateurs", 4: "Habilitations par rôle"},
    "organisme destinataire 1": {1: "Banque d'Andorre", 2: "Andorre", 3: "Clauses contractuelles types (CCT)",
                                 5: "Contrat du 23/01/2018"},
    "organisme destinataire 2": {1: "PayCloud Inc.", 2: "Etats-Unis", 3: "Privacy shield"},
}  # fmt: skip


def _refusals(register: Register, fiches: dict[str, dict[str, dict[int, Any]]]) -> list[Any]:
    """What the import refuses in these fiches (nothing is written)."""
    cnil = read_cnil(_book(fiches))
    assert cnil is not None
    builder = Builder(snapshot(register))
    builder.build(cnil)
    return builder.errors


def _import(register: Register, book: WorkbookData) -> Any:
    cnil = read_cnil(book)
    assert cnil is not None
    current = snapshot(register)
    builder = Builder(current)
    wanted = builder.build(cnil)
    assert builder.errors == []
    plan = plan_changes(current, wanted)
    apply_changes(register, plan)
    return plan, builder


def test_a_fiche_becomes_an_activity_with_its_rules_and_the_template_is_skipped(
    sqlite_register: Register,
) -> None:
    plan, builder = _import(sqlite_register, _book({"Paie": PAYROLL}))
    (added,) = [c for c in plan.described() if c.what == "Activity"]
    assert (added.kind, added.title) == ("added", "RH-01 · Paie des salariés")
    shown = {f.label: f.after for f in added.fields}
    assert shown["Categories of data subjects"] == "Employees"
    assert shown["Purpose 1 “Gestion de la paie”"] == "Description: Gestion de la paie"
    assert "Legal basis of the purposes" in shown["Marked to confirm"]
    keys = [a.key for a in list_activities(sqlite_register)]
    assert not [
        f for f in added.fields if any(k in f.after for k in keys) or "imported-" in f.after
    ]
    assert any("CNIL's worked example" in n for n in builder.notices)
    assert any("empty model fiche" in n for n in builder.notices)
    (act,) = list_activities(sqlite_register)
    assert (act.reference, act.name) == ("RH-01", "Paie des salariés")
    assert [p.description for p in act.purposes] == [
        "Gestion de la paie",
        "Calcul des rémunérations",
    ]
    assert act.last_reviewed_on is not None and act.last_reviewed_on.isoformat() == "2026-05-13"
    assert "purposes.legal_basis" in act.to_confirm  # the template has no legal basis
    assert "data_categories.art9_condition" in act.to_confirm  # health data: 9(2) to confirm
    assert act.subject_categories == ("employees",)
    assert "Y compris les stagiaires" in act.description
    assert [(r.category, r.detail) for r in act.recipients] == [
        ("internal-departments", "Direction financière")]  # fmt: skip
    assert act.measures == ("access-control",)
    assert "Habilitations par rôle" in act.measures_note
    andorra, usa = act.transfers
    assert (andorra.country, andorra.safeguard) == ("AD", TransferSafeguard.SCC)
    assert "Contrat du 23/01/2018" in andorra.note
    assert usa.country == "US" and usa.safeguard is None
    assert "Privacy Shield" in usa.note and "2020" in usa.note
    rules = {r.data_description: r for r in list_rules(sqlite_register)}
    identity = rules["Noms, prénoms, adresses"]
    assert (identity.duration_value, identity.duration_unit) == (5, RetentionUnit.YEARS)
    assert "5 ans à compter du versement de la paie" in identity.source_reference
    health = rules["Arrêts maladie"]
    assert health.duration_value is None and "open_ended_term" in health.to_confirm
    org = snapshot(sqlite_register).organisation
    assert org is not None and (org.name, org.dpo_email) == ("ACME SAS", "dpo@acme.fr")


def test_a_second_import_of_the_same_file_changes_nothing(sqlite_register: Register) -> None:
    book = _book({"Paie": PAYROLL})
    _import(sqlite_register, book)
    cnil = read_cnil(book)
    assert cnil is not None
    current = snapshot(sqlite_register)
    again = plan_changes(current, Builder(current).build(cnil))
    assert again.is_empty, again.lines()


def test_fiches_are_found_by_their_labels_whatever_the_sheet_name(
    sqlite_register: Register,
) -> None:
    second = dict(PAYROLL, **{"n° / ref": {1: "RH-02"}, "nom du traitement": {1: "Recrutement"}})
    _import(sqlite_register, _book({"Fiche paie (copie)": PAYROLL, "Recrutement 2026": second}))
    assert sorted(a.reference for a in list_activities(sqlite_register)) == ["RH-01", "RH-02"]


def test_two_fiches_with_one_reference_are_refused_naming_the_cell(
    sqlite_register: Register,
) -> None:
    (error,) = _refusals(sqlite_register, {"A": PAYROLL, "B": PAYROLL})
    assert str(error).startswith(
        "sheet “B”, row 5, column B: repeats the reference “RH-01” of sheet “A”"
    )


def test_a_file_that_is_not_the_template_gets_one_sentence(
    sqlite_register: Register, tmp_path: Path
) -> None:
    from ropa_desktop.domain.errors import ImportFileError
    from ropa_desktop.exporters.xlsx import export_xlsx
    from ropa_desktop.importers.spreadsheet.existing import plan_spreadsheet

    other = export_xlsx(sqlite_register, tmp_path / "review.xlsx")
    with pytest.raises(ImportFileError, match="is a review workbook exported by ropa-desktop"):
        plan_spreadsheet(sqlite_register, other)
    import openpyxl

    prose = tmp_path / "notes.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Meeting notes", "Tuesday"])  # type: ignore[union-attr]
    wb.save(prose)
    with pytest.raises(ImportFileError, match="not laid out as a register this version recognises"):
        plan_spreadsheet(sqlite_register, prose)


def test_a_register_of_many_fiches_is_not_refused_for_its_sheet_count(
    sqlite_register: Register, tmp_path: Path
) -> None:
    """One sheet per activity: 80 fiches are 80 sheets, beyond the reviewed workbook's cap."""
    import openpyxl

    from ropa_desktop.importers.spreadsheet.existing import import_spreadsheet

    model = read_workbook(TEMPLATE).sheets[MODEL].rows
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for n in range(1, 81):
        answers = {"Nom du traitement": {1: f"Traitement {n}"}, "N° / RÉF": {1: f"T-{n:03}"},
                   "Finalité principale": {1: f"Finalité {n}"}}  # fmt: skip
        ws = wb.create_sheet(f"Fiche {n}")
        for row in _fill(model, answers):
            ws.append([None if isinstance(v, Formula) else v for v in row])
    path = tmp_path / "registre.xlsx"
    wb.save(path)
    result = import_spreadsheet(sqlite_register, path, dry_run=False)
    assert result.changes.count("added") == 81  # and the organisation, its name to confirm
    assert any("the organisation's name is to confirm" in n for n in result.notices)
    assert len(list_activities(sqlite_register)) == 80
    again = import_spreadsheet(sqlite_register, path, dry_run=True)
    assert again.changes.is_empty


def test_a_formula_in_a_fiche_is_refused_naming_its_cell(sqlite_register: Register) -> None:
    fiche = dict(PAYROLL, **{"Finalité principale": {1: Formula("=B4")}})
    (error,) = _refusals(sqlite_register, {"Paie": fiche})
    assert str(error).startswith("sheet “Paie”, row ")
    assert "column B: holds a formula; type the value itself" in str(error)


def test_two_thousand_fiches_are_not_refused_as_too_many_parts(
    sqlite_register: Register, tmp_path: Path
) -> None:
    """2,001 fiche sheets are over 2,000 parts of the zip, the reviewed workbook's cap."""
    import openpyxl

    from ropa_desktop.importers.spreadsheet.existing import plan_spreadsheet

    wb = openpyxl.Workbook(write_only=True)
    for n in range(1, 2_002):
        ws = wb.create_sheet(f"F{n}")
        for row in (("Nom du traitement", f"T {n}"), ("N° / RÉF", f"T-{n:04}"),
                    ("Finalité principale", "Gestion")):  # fmt: skip
            ws.append(row)
    path = tmp_path / "grand-registre.xlsx"
    wb.save(path)
    plan = plan_spreadsheet(sqlite_register, path)
    assert plan.errors == [] and plan.changes.count("added") == 2_002  # and the organisation


def test_importing_again_keeps_what_the_dpo_added_where_the_template_has_no_column(
    sqlite_register: Register,
) -> None:
    """Found in review: a second import wiped the Art. 9(2) condition, the safeguard and
    TIA of a transfer, the DPO's description, and set the marks again."""
    import dataclasses

    from ropa_desktop.domain.enums import Art9Condition, LegalBasis
    from ropa_desktop.services.activities import save_activity

    book = _book({"Paie": PAYROLL})
    _import(sqlite_register, book)
    (act,) = list_activities(sqlite_register)
    data = tuple(dataclasses.replace(d, art9_condition=Art9Condition.EMPLOYMENT)
                 if d.category == "health" else d for d in act.data_categories)  # fmt: skip
    andorra, usa = act.transfers
    usa = dataclasses.replace(usa, safeguard=TransferSafeguard.SCC, tia_reference="TIA-7")
    purposes = tuple(dataclasses.replace(p, legal_basis=LegalBasis.CONTRACT) for p in act.purposes)
    save_activity(sqlite_register, record=dataclasses.replace(
        act, data_categories=data, transfers=(andorra, usa), purposes=purposes,
        description="DPO wrote this", to_confirm=()))  # fmt: skip
    rules = list_rules(sqlite_register)

    _import(sqlite_register, book)
    (now,) = list_activities(sqlite_register)
    assert next(d for d in now.data_categories if d.category == "health").art9_condition == (
        Art9Condition.EMPLOYMENT
    )
    assert (now.transfers[1].safeguard, now.transfers[1].tia_reference) == (
        TransferSafeguard.SCC, "TIA-7")  # fmt: skip
    assert now.description.startswith("DPO wrote this")  # the file's notes added, nothing lost
    assert now.to_confirm == ()  # nothing lacking any more: no mark set again
    assert {r.key: r for r in list_rules(sqlite_register)} == {r.key: r for r in rules}
    third, _ = _import(sqlite_register, book)
    assert third.is_empty, third.lines()


def test_details_without_a_type_are_refused_naming_the_cell(sqlite_register: Register) -> None:
    fiche = dict(PAYROLL, **{"Destinataire 2": {4: "Cabinet comptable externe"}})
    (error,) = _refusals(sqlite_register, {"Paie": fiche})
    assert str(error).startswith("sheet “Paie”, row ")
    assert "column E: gives details (“Cabinet comptable externe”) but no type of recipient" in (
        str(error)
    )


def test_file_import_existing_register_in_the_app(
    sqlite_register: Register, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The menu a DPO uses: File › Import › Existing register…, a CNIL file, Apply."""
    import openpyxl

    from ropa_desktop.ui import prompts
    from ropa_desktop.ui.main_window import MainWindow
    from ropa_desktop.ui.settings import UiSettings
    from ropa_desktop.ui.workspace import Workspace

    model = read_workbook(TEMPLATE).sheets[MODEL].rows
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    ws = wb.create_sheet("Paie")
    for row in _fill(model, PAYROLL):
        ws.append([None if isinstance(v, Formula) else v for v in row])
    path = tmp_path / "registre.xlsx"
    wb.save(path)
    win = MainWindow(Workspace(sqlite_register, UiSettings(path=tmp_path / "ui.ini")))
    qtbot.addWidget(win)
    seen: list[str] = []
    monkeypatch.setattr(prompts, "ask_open_path", lambda *a: path)
    monkeypatch.setattr(
        prompts, "review_changes",
        lambda parent, title, plan: seen.extend(plan.lines()) or frozenset(),
    )  # fmt: skip
    win.import_actions["spreadsheet"].trigger()
    assert "+ Activity RH-01 · Paie des salariés: added" in seen
    assert [a.reference for a in list_activities(sqlite_register)] == ["RH-01"]
    assert win.activities.proxy.rowCount() == 1
