"""LibreOffice (headless) opens the exported workbook: same content, no formula, same import."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from ropa_desktop.exporters.xlsx import export_xlsx
from ropa_desktop.importers.xlsx import plan_xlsx
from ropa_desktop.services.activities import get_activity, save_activity
from ropa_desktop.services.register import Register
from tests.xlsx_corpus import PAYLOADS, rich_register, sheet_xml

# LibreOffice is installed by `make test` (make system-deps); CI never skips this.
SOFFICE = shutil.which("soffice") or "soffice"
VISIBLE = ("Register", "Purposes & legal bases", "Data categories", "Recipients & processors",
           "Transfers", "Retention schedule", "Findings")  # fmt: skip


def _convert(source: Path, fmt: str, out: Path, tmp_path: Path) -> Path:
    out.mkdir(exist_ok=True)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
         "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    converted = out / f"{source.stem}.{fmt.split(':')[0]}"
    assert converted.exists()
    return converted


def _values(path: Path, title: str) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return _rows(wb[title])
    finally:
        wb.close()  # read-only workbooks keep the file open until closed


def _rows(ws: object) -> list[tuple[object, ...]]:
    rows = []
    for row in ws.iter_rows(values_only=True):  # type: ignore[attr-defined]
        values = tuple(v.replace("\r", "\n") if isinstance(v, str) else v for v in row)
        values = tuple(v.date() if isinstance(v, dt.datetime) else v for v in values)
        while values and values[-1] in (None, ""):
            values = values[:-1]
        if values:
            rows.append(values)
    return rows


@pytest.fixture
def exported(sqlite_register: Register, tmp_path: Path) -> Path:
    rich_register(sqlite_register)
    rec = get_activity(sqlite_register, key="act-crm")
    save_activity(sqlite_register, record=dataclasses.replace(
        rec, description="\n".join(p for p in PAYLOADS if "\r" not in p and "\t" not in p)))  # fmt: skip
    return export_xlsx(sqlite_register, tmp_path / "register.xlsx")


def test_libreoffice_reads_the_same_content_and_keeps_text_literal(
    sqlite_register: Register, exported: Path, tmp_path: Path
) -> None:
    resaved = _convert(exported, "xlsx", tmp_path / "lo", tmp_path)
    for title in VISIBLE:
        assert _values(resaved, title) == _values(exported, title), title
    xml = sheet_xml(resaved, "Register")
    assert "<f>" not in xml and "<f " not in xml  # LibreOffice kept every payload as text
    # The reviewer saved it in LibreOffice without editing: nothing to import.
    result = plan_xlsx(sqlite_register, resaved)
    assert result.errors == [] and result.is_empty


# Free-text fields of an activity: each payload starts a cell of its own on the
# Register sheet, short enough to print whole (a long cell is cut at the row's height).
_TEXT_FIELDS = ("description", "joint_controllers", "measures_note", "automated_decision_note",
                "controllers_on_behalf", "processing_categories")  # fmt: skip


def test_libreoffice_prints_payloads_as_typed(sqlite_register: Register, tmp_path: Path) -> None:
    rich_register(sqlite_register)
    payloads = [p for p in PAYLOADS if "\r" not in p and "\t" not in p]
    for n, key in enumerate(("act-crm", "act-hr")):
        chunk = payloads[n * len(_TEXT_FIELDS) : (n + 1) * len(_TEXT_FIELDS)]
        rec = get_activity(sqlite_register, key=key)
        save_activity(sqlite_register, record=dataclasses.replace(
            rec, **dict(zip(_TEXT_FIELDS, chunk, strict=False))))  # fmt: skip
    assert len(payloads) <= 2 * len(_TEXT_FIELDS)
    exported = export_xlsx(sqlite_register, tmp_path / "register.xlsx")
    pdf = _convert(exported, "pdf", tmp_path / "pdf", tmp_path)
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "=cmd|' /C calc'!A0" in text
    assert "+1+1" in text and "#N/A" in text
    assert "Register of processing activities (GDPR Article 30)" in text
    squeezed = "".join(text.split())  # a long payload wraps onto two printed lines
    # pypdf reads the fallback font's fullwidth signs back wrongly; the ASCII ones are exact.
    for payload in (p for p in payloads if p.isascii()):
        assert "".join(payload.split()) in squeezed, payload
