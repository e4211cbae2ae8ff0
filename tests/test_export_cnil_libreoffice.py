"""The CNIL register as LibreOffice Calc itself opens it: Calc loads the exported .ods and
.xlsx, saves them again (as a DPO who opens the file and saves it does), and the sheets,
the labels and the dates are there; the file Calc saved still reads back unchanged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from ropa_desktop.exporters.cnil import export_cnil
from ropa_desktop.importers.sample import load_sample
from ropa_desktop.importers.spreadsheet.existing import plan_spreadsheet
from ropa_desktop.services.register import Register, open_register
from tests.lo_calc import Calc

FORMATS = ("ods", "xlsx")


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Path]]]:
    """{exported format: {saved format: the file Calc saved}}, and the register exported."""
    scratch = tmp_path_factory.mktemp("cnil-calc")
    register = open_register(scratch / "register.sqlite", actor="tester")
    load_sample(register)
    calc = Calc(scratch)
    try:
        out = {}
        for fmt in FORMATS:
            exported = export_cnil(register, scratch / f"registre.{fmt}")
            out[fmt] = calc.review(exported, [], f"calc-{fmt}")
        yield out
    finally:
        calc.close()
        register.close()


@pytest.mark.parametrize("exported", FORMATS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_calc_shows_the_sheets_and_the_labels(
    saved: dict[str, dict[str, Path]], exported: str, fmt: str
) -> None:
    book = CalamineWorkbook.from_path(str(saved[exported][fmt]))
    assert book.sheet_names[0] == "Liste des traitements"
    assert book.sheet_names[1:] == [f"PA-{n:02}" for n in range(1, 14)]
    listing = book.get_sheet_by_name("Liste des traitements").to_python()
    assert listing[8][:2] == ["Nom du traitement", "N° / RÉF"]
    assert listing[9][:2] == ["Webinar sign-up", "PA-01"]
    fiche = book.get_sheet_by_name("PA-06").to_python()
    labels = [row[0] for row in fiche]
    assert labels[3:7] == ["Description du traitement", "Nom du traitement", "N° / RÉF",
                           "Date de création du traitement"]  # fmt: skip
    (row,) = [r for r in fiche if r[0] == "État civil, identité, données d'identification, images…"]
    assert row[4].startswith("While the account is active")
    assert "Transferts hors UE" in labels


def test_a_date_is_a_date_cell_for_calc(tmp_path: Path, sqlite_register: Register) -> None:
    import dataclasses

    from ropa_desktop.services.activities import list_activities, save_activity

    load_sample(sqlite_register)
    act = list_activities(sqlite_register)[0]
    save_activity(sqlite_register, record=dataclasses.replace(
        act, last_reviewed_on=dt.date(2026, 5, 13)))  # fmt: skip
    calc = Calc(tmp_path)
    try:
        for fmt in FORMATS:
            out = calc.review(export_cnil(sqlite_register, tmp_path / f"r.{fmt}"), [], f"d-{fmt}")
            fiche = CalamineWorkbook.from_path(str(out["ods"])).get_sheet_by_name("PA-01")
            (row,) = [r for r in fiche.to_python() if r[0] == "Mise à jour du traitement"]
            assert row[1] in (dt.date(2026, 5, 13), dt.datetime(2026, 5, 13))
    finally:
        calc.close()


@pytest.mark.parametrize("exported", FORMATS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_file_calc_saved_reads_back_unchanged(
    sqlite_register: Register, saved: dict[str, dict[str, Path]], exported: str, fmt: str
) -> None:
    load_sample(sqlite_register)
    plan = plan_spreadsheet(sqlite_register, saved[exported][fmt])
    assert plan.errors == [] and plan.changes.is_empty, plan.changes.lines()
