"""A row deleted in LibreOffice: LibreOffice writes an empty ``<row r="1048576">`` at the end
of the sheet. The rows between are missing from the file and count for nothing; the deleted
row is a removal."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ropa_desktop.domain.errors import ImportFileError
from ropa_desktop.exporters.xlsx import export_xlsx
from ropa_desktop.importers.xlsx import plan_xlsx
from ropa_desktop.importers.xlsx.reader import Limits, read_workbook
from ropa_desktop.services.register import Register
from tests.xlsx_corpus import rich_register, row_of

SENTINEL = (
    '<row r="1048576" customFormat="false" ht="12.8" hidden="false" customHeight="false" '
    'outlineLevel="0" collapsed="false"/>'
)


def with_sentinel_rows(path: Path, out: Path) -> Path:
    """Every sheet ends with LibreOffice's empty last row, as it saves after a deletion."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", info.filename):
                data = data.replace(b"</sheetData>", SENTINEL.encode() + b"</sheetData>")
            dst.writestr(info, data)
    return out


def test_a_deleted_row_with_libreoffices_last_row_is_a_removal(
    sqlite_register: Register, tmp_path: Path
) -> None:
    rich_register(sqlite_register)
    exported = export_xlsx(sqlite_register, tmp_path / "review.xlsx")
    wb = openpyxl.load_workbook(exported)
    ws = wb["Retention schedule"]
    ws.delete_rows(2)
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    reviewed = with_sentinel_rows(edited, tmp_path / "as-libreoffice-saves.xlsx")
    assert b'r="1048576"' in zipfile.ZipFile(reviewed).read("xl/worksheets/sheet1.xml")
    result = plan_xlsx(sqlite_register, reviewed)
    assert result.errors == []
    removed = [c for c in result.changes.changes if c.kind == "removed"]
    assert [c.entity_type for c in removed] == ["retention_rule"]


def test_the_row_cap_counts_rows_that_hold_values(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 6):
        ws.cell(r, 1, f"value {r}")
    path = tmp_path / "small.xlsx"
    wb.save(path)
    sentinel = with_sentinel_rows(path, tmp_path / "sentinel.xlsx")
    data = read_workbook(sentinel, limits=Limits(rows=5))
    assert [r for r in data.sheets[ws.title].rows if r] == [(f"value {r}",) for r in range(1, 6)]
    with pytest.raises(ImportFileError, match="has more than 4 rows with values"):
        read_workbook(sentinel, limits=Limits(rows=4))


def test_a_register_row_deleted_with_the_last_row_present(
    sqlite_register: Register, tmp_path: Path
) -> None:
    rich_register(sqlite_register)
    exported = export_xlsx(sqlite_register, tmp_path / "review.xlsx")
    wb = openpyxl.load_workbook(exported)
    ws = wb["Register"]
    ws.delete_rows(row_of(ws, "Reference", "PA-02"))
    wb.save(tmp_path / "edited.xlsx")
    reviewed = with_sentinel_rows(tmp_path / "edited.xlsx", tmp_path / "lo.xlsx")
    result = plan_xlsx(sqlite_register, reviewed)
    assert result.errors == []
    assert ("activity", "removed") in {(c.entity_type, c.kind) for c in result.changes.changes}
