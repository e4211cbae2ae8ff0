"""The standalone retention schedule workbook, opened back with openpyxl and LibreOffice."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ropa_desktop.domain.enums import EndOfLifeAction, RetentionUnit, TriggerEvent
from ropa_desktop.domain.errors import RopaError
from ropa_desktop.domain.records import RetentionRuleRec
from ropa_desktop.exporters.retention_xlsx import (
    export_retention_xlsx,
    retention_workbook_bytes,
    write_retention_doc,
)
from ropa_desktop.services.activities import save_activity
from ropa_desktop.services.interchange import snapshot
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import save_rule
from ropa_desktop.services.retention_library import apply_reference_rule
from tests.factories import complete_activity

WHEN = dt.datetime(2026, 11, 25, 9, 30)
HOSTILE = {
    "data_description": '=HYPERLINK("http://evil.example","click")',
    "owner": "+33 1 23 45 67 89",
    "open_ended_term": "-1 day after closure",
    "legal_reference": "@SUM(A1:A9)",
    "source_reference": "＝1+1 (fullwidth)",
}


def _headers(ws) -> list[str]:
    return [c.value for c in ws[1]]


def _column(ws, header: str) -> list[object]:
    index = _headers(ws).index(header) + 1
    return [ws.cell(row=r, column=index).value for r in range(2, ws.max_row + 1)]


@pytest.fixture
def schedule_register(org_register: Register) -> Register:
    save_activity(org_register, record=complete_activity())
    save_activity(
        org_register, record=complete_activity("act-leads", "PA-02", name="=Leads from fairs")
    )
    save_activity(org_register, record=complete_activity("act-hr", "PA-03", name="Hiring"))
    save_rule(
        org_register,
        record=RetentionRuleRec(
            key="r-crm",
            activity="act-crm",
            data_category="identity",
            data_description="Customer identity",
            duration_value=1,
            duration_unit=RetentionUnit.MONTHS,
            trigger=TriggerEvent.END_OF_CONTRACT,
            end_of_life_action=EndOfLifeAction.ANONYMISE,
            review_cycle_months=12,
            last_reviewed_on=dt.date(2026, 1, 31),
        ),
    )
    save_rule(
        org_register,
        record=RetentionRuleRec(key="r-leads", activity="act-leads", **HOSTILE),  # type: ignore[arg-type]
    )
    apply_reference_rule(org_register, entry_key="fr-prospects-last-contact", activity="act-hr")
    return org_register


def test_the_workbook_reads_back(schedule_register: Register, tmp_path: Path) -> None:
    doc = snapshot(schedule_register)
    path = write_retention_doc(doc, tmp_path / "retention.xlsx", exported_at=WHEN)
    wb = load_workbook(path)
    assert wb.sheetnames[:3] == ["Read me", "Retention schedule", "Schedule findings"]
    assert wb["Read me"]["A1"].value == "Retention schedule — Acme SAS"
    ws = wb["Retention schedule"]
    headers = _headers(ws)
    assert headers[:3] == ["Reference", "Processing activity", "Data covered"]
    assert "Erase by, for an event on 2026-11-25" in headers
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=len(headers)).column_letter}4"
    assert ws.column_dimensions["C"].width == 38
    assert ws["A1"].font.bold and ws["A1"].fill.fgColor.rgb.endswith("1F4E79")
    assert _column(ws, "Reference") == ["PA-01", "PA-02", "PA-03"]
    erase = dict(zip(_column(ws, "Rule key"), _column(ws, headers[9]), strict=True))
    assert erase["r-crm"] == dt.datetime(2026, 12, 25)  # a real date: 25 Nov + 1 month
    assert erase["ret-act-hr-fr-prospects-last-contact"] == dt.datetime(2029, 11, 25)
    assert erase["r-leads"] == "No date: open-ended term"
    date_cell = ws.cell(row=2, column=10)
    assert date_cell.is_date and date_cell.number_format == "yyyy-mm-dd"
    last_reviewed = ws.cell(row=2, column=headers.index("Last reviewed") + 1)
    assert last_reviewed.value == dt.datetime(2026, 1, 31) and last_reviewed.is_date
    review = dict(zip(_column(ws, "Rule key"), _column(ws, "Review"), strict=True))
    assert review["r-crm"] == "Next review by 2027-01-31"
    assert review["r-leads"] == "Never reviewed: due now"
    marks = dict(zip(_column(ws, "Rule key"), _column(ws, "To confirm"), strict=True))
    assert marks["r-crm"] is None
    assert marks["ret-act-hr-fr-prospects-last-contact"] == (
        "duration, starting event, legal reference, end of the period, owner"
    )
    flagged = ws.cell(row=4, column=headers.index("To confirm") + 1)
    assert flagged.fill.fgColor.rgb.endswith("FCE4C4")
    source = _column(ws, "Source")[2]
    assert isinstance(source, str) and "not legal advice" in source
    conflicts = dict(
        zip(
            _column(ws, "Rule key"),
            _column(ws, "Kept differently by other activities"),
            strict=True,
        )
    )
    assert conflicts["r-crm"].startswith("Identity: ")
    findings = wb["Schedule findings"]
    kinds = _column(findings, "Finding")
    assert "Conflicting periods" in kinds and "Review due" in kinds


def test_dropdowns_offer_the_register_values(schedule_register: Register, tmp_path: Path) -> None:
    path = export_retention_xlsx(schedule_register, tmp_path / "retention.xlsx")
    wb = load_workbook(path)
    ws = wb["Retention schedule"]
    headers = _headers(ws)
    lists = wb["ropa_lists"]
    assert lists.sheet_state == "veryHidden"
    by_column = {}
    for dv in ws.data_validations.dataValidation:
        column = str(dv.sqref).split(":")[0].rstrip("0123456789")
        by_column[column] = dv.formula1
    wanted = {
        "Unit": [m.label for m in RetentionUnit],
        "Starting event": [m.label for m in TriggerEvent],
        "At the end of the period": [m.label for m in EndOfLifeAction],
    }
    assert len(by_column) == len(wanted)
    for header, labels in wanted.items():
        letter = ws.cell(row=1, column=headers.index(header) + 1).column_letter
        match = re.fullmatch(r"ropa_lists!\$([A-Z]+)\$2:\$\1\$(\d+)", by_column[letter])
        assert match is not None
        offered = [lists[f"{match.group(1)}{r}"].value for r in range(2, int(match.group(2)) + 1)]
        assert offered == labels


def test_no_text_is_ever_a_formula(schedule_register: Register, tmp_path: Path) -> None:
    path = export_retention_xlsx(schedule_register, tmp_path / "retention.xlsx")
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode("utf-8")
                assert not re.search(r"<f[ >]", xml), name
                assert 't="e"' not in xml, name
    ws = load_workbook(path)["Retention schedule"]
    row = _column(ws, "Rule key").index("r-leads") + 2
    headers = _headers(ws)
    for field, header in [
        ("data_description", "Data covered"),
        ("owner", "Owner"),
        ("open_ended_term", "Open-ended term"),
        ("legal_reference", "Legal reference"),
        ("source_reference", "Source"),
    ]:
        cell = ws.cell(row=row, column=headers.index(header) + 1)
        assert cell.value == HOSTILE[field] and cell.data_type == "s", field
        assert cell.quotePrefix, field
    assert ws.cell(row=row, column=2).value == "=Leads from fairs"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_the_text_as_typed(sqlite_register: Register, tmp_path: Path) -> None:
    from ropa_desktop.services.organisation import save_organisation
    from tests.conftest import ORG

    save_organisation(sqlite_register, record=ORG)
    save_activity(sqlite_register, record=complete_activity())
    save_rule(
        sqlite_register,
        record=RetentionRuleRec(key="r-leads", activity="act-crm", **HOSTILE),  # type: ignore[arg-type]
    )
    path = export_retention_xlsx(sqlite_register, tmp_path / "retention.xlsx")
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2",
            "--outdir",
            str(tmp_path / "csv"),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    sheet = next((tmp_path / "csv").glob("retention-Retention schedule.csv"))
    rows = list(csv.reader(sheet.read_text(encoding="utf-8").splitlines()))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Data covered"] == HOSTILE["data_description"]
    assert row["Owner"] == HOSTILE["owner"]
    assert row["Open-ended term"] == HOSTILE["open_ended_term"]
    assert row["Legal reference"] == HOSTILE["legal_reference"]


def test_an_empty_register_gives_a_readable_workbook(sqlite_register: Register) -> None:
    data = retention_workbook_bytes(snapshot(sqlite_register), exported_at=WHEN)
    assert data[:2] == b"PK"
    from io import BytesIO

    wb = load_workbook(BytesIO(data))
    assert wb["Read me"]["A1"].value == "Retention schedule"
    assert wb["Retention schedule"].max_row == 1


def test_writing_is_atomic(schedule_register: Register, tmp_path: Path) -> None:
    target = tmp_path / "retention.xlsx"
    target.write_bytes(b"old")
    export_retention_xlsx(schedule_register, target)
    assert target.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
    with pytest.raises(RopaError, match="does not exist"):
        export_retention_xlsx(schedule_register, tmp_path / "missing" / "retention.xlsx")
    with pytest.raises(RopaError, match="is a folder"):
        export_retention_xlsx(schedule_register, tmp_path)
