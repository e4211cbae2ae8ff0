"""Registers kept as a table, one row per activity: the ICO's controller template, a
home-made CSV or workbook with a column mapping, an old .xls; each imported again
changes nothing."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ropa_desktop.domain.enums import Art9Condition, LegalBasis, RetentionUnit, TransferSafeguard
from ropa_desktop.domain.errors import ImportFileError
from ropa_desktop.importers.spreadsheet.existing import import_spreadsheet, plan_spreadsheet
from ropa_desktop.importers.spreadsheet.table import ICO_COLUMNS
from ropa_desktop.importers.spreadsheet.table_fields import propose
from ropa_desktop.importers.spreadsheet.table_mapping import Mapping, load_mapping, mapping_text
from ropa_desktop.importers.xlsx import WorkbookRejected
from ropa_desktop.services.activities import list_activities
from ropa_desktop.services.interchange import snapshot
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import list_rules

ICO_HEADERS = [h for h, _ in ICO_COLUMNS]

PAYROLL = {
    "Business function": "Human resources",
    "Purpose of processing": "Paying our staff and meeting our tax obligations",
    "Categories of individuals": "Employees, former employees",
    "Categories of personal data": "Contact details; bank details; National Insurance number; "
    "health data (sickness records)",
    "Categories of recipients": "HMRC, pension provider",
    "Link to contract with processor": "https://intranet.example/contracts/payroll-ltd.pdf",
    "Names of third countries or international organisations that personal data are "
    "transferred to (if applicable)": "United States",
    "Safeguards for exceptional transfers of personal data to third countries or "
    "international organisations (if applicable)": "Standard contractual clauses",
    "Retention schedule (if possible)": "6 years after the end of employment",
    "General description of technical and organisational security measures (if possible)": (
        "Access control\nEncryption of data at rest"
    ),
    "Article 6 lawful basis for processing personal data": "Legal obligation",
    "Article 9 condition for processing special category data": "Employment, social security",
    "Location of personal data": "HR system hosted in Leeds",
    "Data Protection Impact Assessment required?": "No",
}
MARKETING = {
    "Business function": "Marketing",
    "Purpose of processing": "Sending our newsletter to customers who asked for it",
    "Categories of individuals": "Customers",
    "Categories of personal data": "Contact details",
    "Retention schedule (if possible)": "2 years after the last contact",
    "Article 6 lawful basis for processing personal data": "Consent",
    "Existence of automated decision-making, including profiling (if applicable)": "No",
}


def ico_workbook(path: Path, rows: list[dict[str, str]], *, title: str = "Template") -> Path:
    """The ICO template as published: the contact block in rows 1-6, headings in row 9."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    ws.append(["", "Name", "Address", "Email", "Telephone"])
    ws.append(["Controller", "Leeds Widgets Ltd", "1 Park Row, Leeds", "info@widgets.example",
               "0113 000 0000"])  # fmt: skip
    ws.append(["Data Protection Officer", "Sam Jones", "", "dpo@widgets.example", ""])
    ws.append(["Representative", "", "", "", ""])
    for _ in range(4):
        ws.append([])
    ws.append(ICO_HEADERS)
    for row in rows:
        ws.append([row.get(h) for h in ICO_HEADERS])
    wb.create_sheet("Notes").append(["Headings highlighted green are required areas."])
    wb.save(path)
    return path


def by_ref(register: Register) -> dict[str, Any]:
    return {a.reference: a for a in snapshot(register).activities}


def test_the_ico_template_comes_in_as_activities(sqlite_register: Register, tmp_path: Path) -> None:
    path = ico_workbook(tmp_path / "ico.xlsx", [PAYROLL, MARKETING])
    result = import_spreadsheet(sqlite_register, path, dry_run=False)
    assert not result.errors, result.lines()
    doc = snapshot(sqlite_register)
    assert doc.organisation is not None
    assert doc.organisation.name == "Leeds Widgets Ltd"
    assert doc.organisation.dpo_email == "dpo@widgets.example"
    acts = {a.name: a for a in doc.activities}
    pay = acts["Paying our staff and meeting our tax obligations"]
    assert pay.reference == "PA-01" and pay.owner_department == "Human resources"
    assert [p.legal_basis for p in pay.purposes] == [LegalBasis.LEGAL_OBLIGATION]
    cats = {c.key: c for c in doc.catalogues["data_categories"]}
    names = {cats[d.category].name for d in pay.data_categories}
    assert names == {"Contact details", "Billing and payment data", "National identification "
                     "number", "Health data"}  # fmt: skip
    health = [d for d in pay.data_categories if cats[d.category].special]
    assert health and all(d.art9_condition == Art9Condition.EMPLOYMENT for d in health)
    subjects = {c.key: c.name for c in doc.catalogues["subject_categories"]}
    assert {subjects[s] for s in pay.subject_categories} >= {"Employees"}
    assert [(t.country, t.safeguard) for t in pay.transfers] == [("US", TransferSafeguard.SCC)]
    # The columns with no field of their own are kept under their heading.
    assert "Location of personal data: HR system hosted in Leeds" in pay.description
    assert "Link to contract with processor: https://intranet.example" in pay.description
    rules = [r for r in list_rules(sqlite_register) if r.activity == pay.key]
    assert [(r.duration_value, r.duration_unit) for r in rules] == [(6, RetentionUnit.YEARS)]
    assert "ICO controller template, sheet “Template”, cell J10" in rules[0].source_reference
    news = acts["Sending our newsletter to customers who asked for it"]
    assert news.reference == "PA-02" and news.automated_decision is False
    assert [p.legal_basis for p in news.purposes] == [LegalBasis.CONSENT]


def test_the_ico_template_imported_again_changes_nothing(
    sqlite_register: Register, tmp_path: Path
) -> None:
    path = ico_workbook(tmp_path / "ico.xlsx", [PAYROLL, MARKETING])
    import_spreadsheet(sqlite_register, path, dry_run=False)
    again = plan_spreadsheet(sqlite_register, path)
    assert not again.errors and again.is_empty, again.lines()
    # Next month's copy: a row added at the top, the sheet renamed; matched by name.
    path2 = ico_workbook(tmp_path / "ico2.xlsx", [
        {"Business function": "IT", "Purpose of processing": "Keeping access logs"},
        PAYROLL, {**MARKETING, "Categories of individuals": "Customers, prospects"},
    ], title="ROPA 2026")  # fmt: skip
    result = import_spreadsheet(sqlite_register, path2, dry_run=False)
    assert not result.errors, result.lines()
    refs = {a.name: a.reference for a in list_activities(sqlite_register)}
    assert refs["Keeping access logs"] == "PA-03"
    assert refs["Paying our staff and meeting our tax obligations"] == "PA-01"
    assert plan_spreadsheet(sqlite_register, path2).is_empty


def test_a_home_made_csv_imports_with_a_mapping(sqlite_register: Register, tmp_path: Path) -> None:
    path = tmp_path / "registre.csv"
    rows = [
        ["Réf.", "Nom du traitement", "Finalité", "Base légale", "Personnes concernées",
         "Données", "Durée de conservation", "Pays", "Garanties", "Couleur", "Commentaires"],
        ["T-01", "Recrutement", "Sélectionner les candidats", "Intérêt légitime",
         "Candidats", "CV; lettre de motivation", "2 ans après le dernier contact", "", "",
         "vert", "Revu par le service RH"],
        ["T-02", "Vidéosurveillance", "Sécurité des locaux", "Intérêt légitime", "Visiteurs;"
         " Salariés", "Images", "30 jours", "Etats-Unis", "Privacy shield", "rouge", ""],
    ]  # fmt: skip
    with path.open("w", encoding="cp1252", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    with pytest.raises(ImportFileError) as refused:
        plan_spreadsheet(sqlite_register, path)
    message = str(refused.value)
    assert "--mapping" in message and "B “Nom du traitement” → Name" in message
    mapping_file = tmp_path / "mapping.json"
    proposal = dict(zip(rows[0], propose(rows[0]), strict=True))
    proposal["Couleur"] = None  # the DPO leaves the colour out
    mapping_file.write_text(mapping_text(Mapping(proposal)), encoding="utf-8")
    mapping = load_mapping(mapping_file)
    result = import_spreadsheet(sqlite_register, path, dry_run=False, mapping=mapping)
    assert not result.errors, result.lines()
    assert any("column J “Couleur” is not imported (it fills 2 cells)" in n for n in result.notices)
    acts = by_ref(sqlite_register)
    recruit, cctv = acts["T-01"], acts["T-02"]
    assert recruit.name == "Recrutement"
    assert [p.legal_basis for p in recruit.purposes] == [LegalBasis.LEGITIMATE_INTERESTS]
    assert "Commentaires: Revu par le service RH" in recruit.description
    subjects = {c.key: c.name for c in snapshot(sqlite_register).catalogues["subject_categories"]}
    assert {subjects[s] for s in recruit.subject_categories} == {"Job applicants"}
    assert {subjects[s] for s in cctv.subject_categories} >= {"Employees"}
    assert cctv.transfers[0].country == "US"
    assert cctv.transfers[0].safeguard is None and "transfers" in cctv.to_confirm
    assert "Privacy shield" in cctv.transfers[0].note
    rules = {r.activity: r for r in list_rules(sqlite_register)}
    assert (rules[cctv.key].duration_value, rules[cctv.key].duration_unit) == (
        30,
        RetentionUnit.DAYS,
    )
    assert plan_spreadsheet(sqlite_register, path, mapping=mapping).is_empty


def test_the_cli_saves_the_proposed_mapping_and_imports_with_it(
    db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "register.csv"
    path.write_text("Activity,Purpose,Lawful basis,Data subjects\n"
                    "Payroll,Pay staff,Contract,Employees\n", encoding="utf-8")  # fmt: skip
    ropa = [sys.executable, "-m", "ropa_desktop.cli", "--db", str(db_path)]
    subprocess.run([*ropa, "init"], check=True, capture_output=True)
    refused = subprocess.run([*ropa, "import", "spreadsheet", str(path)], capture_output=True,
                             text=True)  # fmt: skip
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "--save-mapping" in refused.stderr
    saved = tmp_path / "map.json"
    out = subprocess.run([*ropa, "import", "spreadsheet", str(path), "--save-mapping", str(saved)],
                         capture_output=True, text=True)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert json.loads(saved.read_text())["columns"]["Lawful basis"] == "legal_basis"
    done = subprocess.run([*ropa, "import", "spreadsheet", str(path), "--mapping", str(saved)],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Payroll" in done.stdout
    again = subprocess.run([*ropa, "import", "spreadsheet", str(path), "--mapping", str(saved)],
                           capture_output=True, text=True)  # fmt: skip
    assert again.returncode == 0 and again.stdout.strip() == "No changes."


def test_a_mapping_that_names_no_field_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"mapping": "ropa-desktop columns", "version": 1,
                               "columns": {"Nom": "nom"}}))  # fmt: skip
    with pytest.raises(ImportFileError, match="column “Nom” is mapped to “nom”, which is no"):
        load_mapping(bad)
    bad.write_text('{"mapping": "ropa-desktop columns", "version": 1, "columns": {"a": 1, "a": 2}}')
    with pytest.raises(ImportFileError, match="not a column mapping"):
        load_mapping(bad)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"Nom;Finalit\xe9\n\x00\x01\x02", "binary data"),
        (b'Name,Purpose\n"Payroll,Pay staff\n', "quote may be left open"),
        (b"just some lines of text\nwith no separator\n", "no separator"),
    ],
)
def test_broken_text_tables_get_one_sentence(
    sqlite_register: Register, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=words):
        plan_spreadsheet(sqlite_register, path, mapping=Mapping({"Name": "name"}))
    assert list_activities(sqlite_register) == []


def test_a_csv_too_wide_or_too_long_is_refused(sqlite_register: Register, tmp_path: Path) -> None:
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(200)) + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="more than 120 columns"):
        plan_spreadsheet(sqlite_register, wide, mapping=Mapping({"c1": "name"}))
    long = tmp_path / "long.csv"
    long.write_text("Name,Purpose\n" + "a,b\n" * 250_001, encoding="utf-8")
    with pytest.raises(ImportFileError, match="more than 250,000 rows"):
        plan_spreadsheet(sqlite_register, long, mapping=Mapping({"Name": "name"}))


def test_errors_name_the_sheet_row_and_column(sqlite_register: Register, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Name,Purpose,Last updated\nPayroll,Pay staff,31/02/2026\n,,\n"
                    "Payroll,Again,\n", encoding="utf-8")  # fmt: skip
    mapping = Mapping({"Name": "name", "Purpose": "purposes", "Last updated": "last_reviewed_on"})
    with pytest.raises(WorkbookRejected) as refused:
        import_spreadsheet(sqlite_register, path, dry_run=False, mapping=mapping)
    lines = refused.value.result.lines()
    assert any("sheet “t”, row 2, column C" in line for line in lines), lines
    assert any(
        "row 4" in line and "repeats the activity “Payroll” of row 2" in line for line in lines
    )
    assert list_activities(sqlite_register) == []


def test_a_damaged_or_protected_xls_gets_one_sentence(
    sqlite_register: Register, tmp_path: Path
) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    damaged = tmp_path / "old.xls"
    damaged.write_bytes(ole + b"\x00" * 600)
    with pytest.raises(ImportFileError, match="is not a readable Excel 97–2003 workbook"):
        plan_spreadsheet(sqlite_register, damaged)
    locked = tmp_path / "locked.xls"
    locked.write_bytes(ole + b"\x00" * 64 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64)
    with pytest.raises(ImportFileError, match="protected with a password"):
        plan_spreadsheet(sqlite_register, locked)
    assert list_activities(sqlite_register) == []


def test_a_changed_note_column_replaces_the_note_it_wrote_before(
    sqlite_register: Register, tmp_path: Path
) -> None:
    path = ico_workbook(tmp_path / "ico.xlsx", [PAYROLL])
    import_spreadsheet(sqlite_register, path, dry_run=False)
    moved = {**PAYROLL, "Location of personal data": "HR system hosted in Dublin"}
    import_spreadsheet(
        sqlite_register, ico_workbook(tmp_path / "ico2.xlsx", [moved]), dry_run=False
    )
    (pay,) = snapshot(sqlite_register).activities
    assert "Location of personal data: HR system hosted in Dublin" in pay.description
    assert "Leeds" not in pay.description.replace("Leeds Widgets", "")
