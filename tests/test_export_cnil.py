"""The register in the CNIL template's layout, and read back by the CNIL import as the same
register: `ropa export cnil` then `ropa import spreadsheet` changes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ropa_desktop.cli import main
from ropa_desktop.domain.enums import (
    Art9Condition,
    EndOfLifeAction,
    LegalBasis,
    RetentionUnit,
    TransferSafeguard,
    TriggerEvent,
)
from ropa_desktop.domain.records import (
    ActivityRec,
    DataUseRec,
    PurposeRec,
    RecipientUseRec,
    RetentionRuleRec,
    TransferRec,
)
from ropa_desktop.exporters.cnil import export_cnil
from ropa_desktop.exporters.cnil.grid import sheet_names
from ropa_desktop.exporters.cnil.words import TEMPLATE_WORDS
from ropa_desktop.importers.sample import load_sample
from ropa_desktop.importers.spreadsheet import phrases
from ropa_desktop.importers.spreadsheet.existing import import_spreadsheet, plan_spreadsheet
from ropa_desktop.importers.xlsx.reader import read_workbook
from ropa_desktop.paths import RESOURCES
from ropa_desktop.services.activities import list_activities, save_activity
from ropa_desktop.services.interchange import import_records, snapshot
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.services.retention_french import french_term

FORMATS = ("ods", "xlsx")


def _cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's values as the import reads them (dates as dates, trailing blanks cut)."""
    book = read_workbook(path)
    return {
        name: [tuple(v for v in row) for row in sheet.rows] for name, sheet in book.sheets.items()
    }


def _no_change(register: Register, path: Path) -> None:
    plan = plan_spreadsheet(register, path)
    assert [str(e) for e in plan.errors] == []
    assert plan.changes.is_empty, plan.changes.lines()
    assert plan.notices == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_sample_read_back_changes_nothing(
    sqlite_register: Register, tmp_path: Path, fmt: str
) -> None:
    load_sample(sqlite_register)
    path = export_cnil(sqlite_register, tmp_path / f"registre.{fmt}")
    sheets = _cells(path)
    acts = list_activities(sqlite_register)
    assert list(sheets) == ["Liste des traitements", *sorted(a.reference for a in acts)]
    fiche = sheets["PA-05"]
    labels = [row[0] for row in fiche if row]
    for label in ("Nom du traitement", "N° / RÉF", "Finalité principale", "Acteurs",
                  "Catégories de données personnelles concernées", "Données sensibles",
                  "Catégories de personnes concernées", "Destinataires", "Mesures de sécurité",
                  "Transferts hors UE"):  # fmt: skip
        assert label in labels
    (first,) = [row for row in fiche if row and row[0] == "Destinataire 1"]
    assert first[:2] == ("Destinataire 1", "Service interne qui traite les données")
    assert "Liste des traitements" in sheets
    _no_change(sqlite_register, path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_imported_into_an_empty_register_then_exported_again_the_fiches_are_the_same(
    sqlite_register: Register, tmp_path: Path, fmt: str
) -> None:
    load_sample(sqlite_register)
    first = export_cnil(sqlite_register, tmp_path / f"one.{fmt}")
    empty = open_register(tmp_path / "empty.sqlite", actor="tester")
    try:
        result = import_spreadsheet(empty, first, dry_run=False)
        assert result.errors == [] and result.applied
        second = export_cnil(empty, tmp_path / f"two.{fmt}")
        assert _cells(second) == _cells(first)
        _no_change(empty, second)
    finally:
        empty.close()


@pytest.mark.parametrize(("catalogue", "key", "words"),
                         [(c, k, w) for c, words in TEMPLATE_WORDS.items() for k, w in words.items()])  # fmt: skip
def test_each_template_wording_reads_back_as_its_entry(
    catalogue: str, key: str, words: str
) -> None:
    shipped = json.loads((RESOURCES / "catalogues.json").read_text(encoding="utf-8"))[catalogue]
    entries = [(e["key"], e["name"]) for e in shipped]
    assert phrases.match_catalogue(words, entries, catalogue=catalogue) == key
    name = next(e["name"] for e in shipped if e["key"] == key)
    assert phrases.match_catalogue(name, entries, catalogue=catalogue) == key


@pytest.mark.parametrize("unit", list(RetentionUnit))
@pytest.mark.parametrize("trigger", [None, *TriggerEvent])
@pytest.mark.parametrize("action", [None, *EndOfLifeAction])
def test_a_term_in_french_reads_back_as_the_same_term(
    unit: RetentionUnit, trigger: TriggerEvent | None, action: EndOfLifeAction | None
) -> None:
    for value in (1, 5):
        rule = RetentionRuleRec(key="r", duration_value=value, duration_unit=unit,
                                trigger=trigger, end_of_life_action=action)  # fmt: skip
        term = phrases.parse_retention(french_term(rule))
        assert term.fields_to_confirm == (), (french_term(rule), term.note)
        assert (term.duration_value, term.duration_unit, term.trigger, term.end_of_life_action) == (
            value, unit, trigger, action)  # fmt: skip
    assert french_term(RetentionRuleRec(key="r", duration_value=5, duration_unit=RetentionUnit.YEARS,
                       trigger=TriggerEvent.END_OF_CONTRACT)) == "5 ans à compter de la fin du contrat"  # fmt: skip


def _awkward(register: Register) -> None:
    """The sample, plus activities a DPO's register really holds: long texts, text a
    spreadsheet would evaluate, quotes, newlines, references alike or illegal in a
    sheet name, sensitive data with its Art. 9(2) condition, a transfer with its TIA."""
    load_sample(register)
    doc = snapshot(register)
    org = doc.organisation
    assert org is not None
    acts = list(doc.activities)
    rules = list(doc.retention_rules)
    long = 'Très long texte « cité » avec des guillemets "droits" et l\'apostrophe. ' * 27
    # The register takes letters, digits, ".", "_" and "-" in a reference (sheet_names is
    # tested with the characters a sheet name cannot have below).
    refs = ["A" * 40 + "-1", "A" * 40 + "-2", "History", "RH-01.paie", "RH-01_paie"]
    refs += [f"RH-{n:02}" for n in range(2, 32)]
    for n, ref in enumerate(refs):
        key = f"act-awkward-{n}"
        acts.append(ActivityRec(
            key=key, reference=ref, name=f"=HYPERLINK(\"http://x\",\"{n}\")",
            description="Texte\nsur deux lignes",
            joint_controllers="@SUM(A1) Conjoint, 1 rue de la Paix, 75002 Paris",
            last_reviewed_on=dt.date(2026, 5, 13),
            purposes=(PurposeRec("=1+1 finalité", legal_basis=LegalBasis.LEGAL_OBLIGATION),
                      PurposeRec(long, legal_basis=LegalBasis.CONTRACT,
                                 legal_basis_detail="Code du travail")),
            subject_categories=("employees", "minors"),
            data_categories=(DataUseRec("identity", note="-Noms\nprénoms"),
                             DataUseRec("health", art9_condition=Art9Condition.EMPLOYMENT,
                                        note="Arrêts maladie"),
                             DataUseRec("criminal-data", art10_basis="Art. L. 1132 CT",
                                        note="Casier")),
            recipients=(RecipientUseRec("internal-departments", "+DRH\n« paie »"),),
            measures=("access-control", "training"),
            measures_note="Role-based access control: habilitations\nAutre texte du DPO",
            transfers=(TransferRec("United States", "PayCloud Inc.", TransferSafeguard.SCC,
                                   tia_reference="TIA-7", note="Documentation: DPA du 23/01/2018"),
                       TransferRec("India", "=Infra", None)),
            owner_department="RH", dpia_reference="AIPD-3",
        ))  # fmt: skip
        rules += [
            RetentionRuleRec(key=f"ret-awk-{n}", activity=key, data_category="identity",
                             data_description="Noms", duration_value=5,
                             duration_unit=RetentionUnit.YEARS, trigger=TriggerEvent.END_OF_CONTRACT,
                             end_of_life_action=EndOfLifeAction.DELETE, owner="DRH",
                             legal_reference="Art. L. 3243-4 CT", source_reference="Code du travail"),
            RetentionRuleRec(key=f"ret-awk-all-{n}", activity=key,
                             data_description="Toutes les données",
                             open_ended_term="Pendant toute la durée du contrat (CDI)",
                             trigger=TriggerEvent.END_OF_CONTRACT),
        ]  # fmt: skip
    import_records(register, dataclasses.replace(doc, activities=acts, retention_rules=rules),
                   dry_run=False)  # fmt: skip
    # The activity's own to-confirm marks as the import would set them (India: no safeguard).
    for act in list_activities(register):
        if act.key.startswith("act-awkward-"):
            save_activity(register, record=dataclasses.replace(act, to_confirm=("transfers",)))


def _formulas(path: Path) -> list[str]:
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path)
        return [c.coordinate for ws in wb for row in ws.iter_rows() for c in row
                if c.data_type == "f"]  # fmt: skip
    with zipfile.ZipFile(path) as z:
        content = z.read("content.xml").decode()
    return ["table:formula"] if "table:formula" in content else []


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_awkward_register_exports_and_reads_back_unchanged(
    sqlite_register: Register, tmp_path: Path, fmt: str
) -> None:
    _awkward(sqlite_register)
    path = export_cnil(sqlite_register, tmp_path / f"registre.{fmt}")
    sheets = _cells(path)
    names = list(sheets)
    assert len(names) == 1 + len(list_activities(sqlite_register))
    assert len({n.casefold() for n in names}) == len(names)
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert "History" not in names and {"History (2)", "A" * 31, "A" * 27 + " (2)"} <= set(names)
    assert _formulas(path) == []
    fiche = sheets["RH-05"]
    assert fiche[4][:2] == ("Nom du traitement", '=HYPERLINK("http://x","8")')
    assert ("Mise à jour du traitement", dt.date(2026, 5, 13)) == tuple(fiche[7][:2]) or (
        fiche[7][1] == dt.datetime(2026, 5, 13))  # fmt: skip
    shown = {v for row in fiche for v in row if isinstance(v, str)}
    assert {"États-Unis", "Inde", "Clauses contractuelles types (CCT)",
            "5 ans à compter de la fin du contrat, puis suppression",
            "Pendant toute la durée du contrat (CDI)", "DPA du 23/01/2018",
            "Données concernant la santé", "-Noms\nprénoms", "+DRH\n« paie »"} <= shown  # fmt: skip
    _no_change(sqlite_register, path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_what_the_template_has_no_place_for_stays_as_the_register_holds_it(
    sqlite_register: Register, tmp_path: Path, fmt: str
) -> None:
    _awkward(sqlite_register)
    before = {a.key: a for a in list_activities(sqlite_register)}
    rules = snapshot(sqlite_register).retention_rules
    path = export_cnil(sqlite_register, tmp_path / f"registre.{fmt}")
    result = import_spreadsheet(sqlite_register, path, dry_run=False)
    assert result.errors == [] and result.changes.is_empty, result.changes.lines()
    after = {a.key: a for a in list_activities(sqlite_register)}
    act = after["act-awkward-3"]
    assert act == before["act-awkward-3"]
    assert [p.legal_basis for p in act.purposes] == [LegalBasis.LEGAL_OBLIGATION,
                                                     LegalBasis.CONTRACT]  # fmt: skip
    assert act.data_categories[1].art9_condition is Art9Condition.EMPLOYMENT
    assert act.data_categories[2].art10_basis == "Art. L. 1132 CT"
    assert (act.transfers[0].tia_reference, act.owner_department) == ("TIA-7", "RH")
    assert snapshot(sqlite_register).retention_rules == rules  # owner, legal reference, source


def test_sheet_names_are_legal_and_unique() -> None:
    assert sheet_names(["PA/05: Support?", "pa-05- support-", "", "x" * 40, "x" * 40],
                       {"Liste des traitements"}) == [
        "PA-05- Support-", "pa-05- support- (2)", "Fiche", "x" * 31, "x" * 27 + " (2)"]  # fmt: skip


def test_a_wrong_suffix_is_one_sentence(
    sqlite_register: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "export", "cnil", "-o", str(tmp_path / "registre.csv")]) == 2
    err = capsys.readouterr().err
    assert err == ("ropa: registre.csv does not end in .ods or .xlsx; the CNIL register is written "
                   "as an OpenDocument (.ods) or Excel (.xlsx) spreadsheet, so give one of these "
                   "names.\n")  # fmt: skip
    assert not (tmp_path / "registre.csv").exists()
    assert main(["--db", str(db), "export", "cnil", "-o", str(tmp_path / "registre.ods")]) == 0
    assert capsys.readouterr().out == f"Wrote {tmp_path / 'registre.ods'}\n"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_folder_that_cannot_be_written_is_one_sentence_and_leaves_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    import subprocess

    from tests.test_faults import small_disk

    db = tmp_path / "cli.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    capsys.readouterr()
    with small_disk(tmp_path / "disk", "4m") as disk:
        if subprocess.run(["mount", "-o", "remount,ro", str(disk)]).returncode != 0:
            pytest.skip("cannot remount the tmpfs read-only here")
        target = disk / f"registre.{fmt}"
        assert main(["--db", str(db), "export", "cnil", "-o", str(target)]) == 2
        err = capsys.readouterr().err
        assert err == f"ropa: Cannot write {target}: the disk is read-only; nothing was written.\n"
        assert os.listdir(disk) == []


def test_file_export_cnil_register_in_the_app(
    sqlite_register: Register, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File › Export › CNIL register (.ods/.xlsx)…: a name without a suffix gets .ods."""
    from ropa_desktop.ui import prompts
    from ropa_desktop.ui.main_window import MainWindow
    from ropa_desktop.ui.settings import UiSettings
    from ropa_desktop.ui.workspace import Workspace

    load_sample(sqlite_register)
    win = MainWindow(Workspace(sqlite_register, UiSettings(path=tmp_path / "ui.ini")))
    qtbot.addWidget(win)
    action = win.export_actions["cnil"]
    assert action.text() == "CNIL register (.ods/.xlsx)…"
    for asked, written in (("registre", "registre.ods"), ("registre.xlsx", "registre.xlsx")):
        monkeypatch.setattr(prompts, "ask_save_path", lambda *a, name=asked: tmp_path / name)
        action.trigger()
        qtbot.waitUntil(lambda name=written: (tmp_path / name).exists(), timeout=30_000)
        _no_change(sqlite_register, tmp_path / written)
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name]


# --- bugs of the CNIL import the round trip found ------------------------------------------


def test_a_quoted_open_ended_term_keeps_its_closing_bracket() -> None:
    term = phrases.parse_retention(
        "While the account is active (duration of the contractual relationship)"
    )
    assert term.open_ended_term == (
        "While the account is active (duration of the contractual relationship)"
    )


def test_importing_again_keeps_the_dpos_measures_note_and_transfer_note(
    sqlite_register: Register, tmp_path: Path
) -> None:
    """The measures note and a transfer's note were replaced by the file's details at each
    import, losing what the DPO wrote in the app."""
    _awkward(sqlite_register)
    path = export_cnil(sqlite_register, tmp_path / "registre.xlsx")
    (act,) = [a for a in list_activities(sqlite_register) if a.key == "act-awkward-3"]
    us, india = act.transfers
    save_activity(sqlite_register, record=dataclasses.replace(
        act, measures_note=act.measures_note + "\nAjouté par le DPO",
        transfers=(dataclasses.replace(us, note=us.note + "\nRevu en 2026"), india)))  # fmt: skip
    import_spreadsheet(sqlite_register, path, dry_run=False)
    (now,) = [a for a in list_activities(sqlite_register) if a.key == "act-awkward-3"]
    assert now.measures_note.endswith("Ajouté par le DPO")
    assert now.transfers[0].note == "Documentation: DPA du 23/01/2018\nRevu en 2026"
