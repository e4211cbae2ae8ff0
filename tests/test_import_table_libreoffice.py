"""Registers kept as a table, filled in by hand in LibreOffice Calc and saved in the
formats DPOs send: the ICO's controller template typed into cell by cell (sheet renamed)
and saved as .xlsx, .ods, .xls and .csv; a home-made French table saved as
“CSV (semicolon)” in Windows-1252 and as .xls. Each comes in with the same activities,
and a second import changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from ropa_desktop.domain.enums import LegalBasis, RetentionUnit, TransferSafeguard
from ropa_desktop.importers.spreadsheet.existing import import_spreadsheet, plan_spreadsheet
from ropa_desktop.importers.spreadsheet.table_mapping import Mapping
from ropa_desktop.services.interchange import snapshot
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import list_rules
from tests.lo_calc import CSV, CSV_COMMA_UTF8, CSV_SEMICOLON_1252, ODS, XLS, XLSX, Calc
from tests.test_import_table import ICO_HEADERS

ICO_TYPED = {
    # the contact block, as the template lays it out (roles down A, fields across row 1)
    "B2": "Leeds Widgets Ltd", "C2": "1 Park Row, Leeds", "D2": "info@widgets.example",
    "B3": "Sam Jones", "D3": "dpo@widgets.example",
    # row 10: payroll
    "A10": "Human resources", "B10": "Paying our staff", "D10": "Employees",
    "E10": "Contact details; bank details", "F10": "HMRC, pension provider",
    "H10": "United States", "I10": "Standard contractual clauses",
    "J10": "6 years after the end of employment", "L10": "Legal obligation",
    "T10": "HR system hosted in Leeds",
    # row 11: the newsletter
    "A11": "Marketing", "B11": "Sending our newsletter", "D11": "Customers",
    "E11": "Contact details", "J11": "2 years after the last contact", "L11": "Consent",
}  # fmt: skip
FRENCH = [
    ["Réf.", "Nom du traitement", "Finalité", "Base légale", "Personnes concernées",
     "Durée de conservation", "Commentaires"],
]  # fmt: skip
FRENCH_TYPED = {
    "A2": "T-01", "B2": "Recrutement", "C2": "Sélectionner les candidats",
    "D2": "Intérêt légitime", "E2": "Candidats", "F2": "2 ans après le dernier contact",
    "G2": "Revu par la DRH — à compléter",
    "A3": "T-02", "B3": "Paie des salariés", "C3": "Verser les salaires",
    "D3": "Obligation légale", "E3": "Salariés", "F3": "5 ans à compter du versement de la paie",
}  # fmt: skip
FRENCH_MAPPING = Mapping(
    {
        "Réf.": "reference",
        "Nom du traitement": "name",
        "Finalité": "purposes",
        "Base légale": "legal_basis",
        "Personnes concernées": "subject_categories",
        "Durée de conservation": "retention",
        "Commentaires": "note",
    }
)


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    scratch = tmp_path_factory.mktemp("calc")
    calc = Calc(scratch)
    try:
        blank = scratch / "ico-blank.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "Template"
        for row in (["", "Name", "Address", "Email", "Telephone"], ["Controller"],
                    ["Data Protection Officer"], ["Representative"]):  # fmt: skip
            ws.append(row)
        for _ in range(4):
            ws.append([])
        ws.append(ICO_HEADERS)
        wb.save(blank)
        typing = [{"do": "type_at", "sheet": "Template", "cell": c, "text": t}
                  for c, t in ICO_TYPED.items()]  # fmt: skip
        typing.append({"do": "rename_sheet", "sheet": "Template", "name": "Our ROPA 2026"})
        out = {f"ico.{s}": scratch / f"ico.{s}" for s in ("xlsx", "ods", "xls", "csv")}
        calc.edit(blank, typing, {out["ico.xlsx"]: XLSX, out["ico.ods"]: ODS,
                                  out["ico.xls"]: XLS, out["ico.csv"]: (CSV, CSV_COMMA_UTF8)})  # fmt: skip
        french = scratch / "registre-blank.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "Registre"
        ws.append(FRENCH[0])
        wb.save(french)
        typing = [{"do": "type_at", "sheet": "Registre", "cell": c, "text": t}
                  for c, t in FRENCH_TYPED.items()]  # fmt: skip
        out["fr.csv"], out["fr.xls"] = scratch / "registre.csv", scratch / "registre.xls"
        calc.edit(french, typing, {out["fr.csv"]: (CSV, CSV_SEMICOLON_1252), out["fr.xls"]: XLS})
        yield out
    finally:
        calc.close()


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "xls", "csv"])
def test_the_ico_template_typed_in_calc_comes_in_from_every_format(
    sqlite_register: Register, saved: dict[str, Path], fmt: str
) -> None:
    path = saved[f"ico.{fmt}"]
    result = import_spreadsheet(sqlite_register, path, dry_run=False)
    assert not result.errors, result.lines()
    doc = snapshot(sqlite_register)
    assert doc.organisation is not None and doc.organisation.name == "Leeds Widgets Ltd"
    assert doc.organisation.dpo_email == "dpo@widgets.example"
    acts = {a.name: a for a in doc.activities}
    assert set(acts) == {"Paying our staff", "Sending our newsletter"}
    pay = acts["Paying our staff"]
    assert pay.owner_department == "Human resources"
    assert [p.legal_basis for p in pay.purposes] == [LegalBasis.LEGAL_OBLIGATION]
    assert [(t.country, t.safeguard) for t in pay.transfers] == [("US", TransferSafeguard.SCC)]
    assert "Location of personal data: HR system hosted in Leeds" in pay.description
    terms = {(r.duration_value, r.duration_unit) for r in list_rules(sqlite_register)}
    assert terms == {(6, RetentionUnit.YEARS), (2, RetentionUnit.YEARS)}
    assert plan_spreadsheet(sqlite_register, path).is_empty


@pytest.mark.parametrize("fmt", ["csv", "xls"])
def test_a_french_table_from_calc_comes_in_with_its_mapping(
    sqlite_register: Register, saved: dict[str, Path], fmt: str
) -> None:
    path = saved[f"fr.{fmt}"]
    if fmt == "csv":  # what Calc wrote: semicolons, Windows-1252
        raw = path.read_bytes()
        assert b";" in raw and "é".encode("cp1252") in raw and "é".encode() not in raw
    result = import_spreadsheet(sqlite_register, path, dry_run=False, mapping=FRENCH_MAPPING)
    assert not result.errors, result.lines()
    acts = {a.reference: a for a in snapshot(sqlite_register).activities}
    assert acts["T-01"].name == "Recrutement"
    assert "Commentaires: Revu par la DRH — à compléter" in acts["T-01"].description
    assert [p.legal_basis for p in acts["T-02"].purposes] == [LegalBasis.LEGAL_OBLIGATION]
    rules = {r.activity: r for r in list_rules(sqlite_register)}
    assert (rules[acts["T-02"].key].duration_value, rules[acts["T-02"].key].duration_unit) == (
        5,
        RetentionUnit.YEARS,
    )
    assert plan_spreadsheet(sqlite_register, path, mapping=FRENCH_MAPPING).is_empty
