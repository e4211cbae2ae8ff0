"""The review workbook: sheets, columns, formatting, and never a formula."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.exporters.xlsx import export_xlsx, workbook_bytes, write_register_doc
from ropa_desktop.exporters.xlsx.register_sheets import REGISTER
from ropa_desktop.exporters.xlsx.safe_text import CELL_LIMIT, CLIP_MARK, needs_literal
from ropa_desktop.services.activities import get_activity, save_activity
from ropa_desktop.services.interchange import snapshot
from ropa_desktop.services.register import Register
from tests.xlsx_corpus import PAYLOADS, column, rich_register, row_of, sheet_xml, xml_cells

VISIBLE = [
    "Read me", "Register", "Purposes & legal bases", "Data categories", "Recipients & processors",
    "Transfers", "Retention schedule", "Processors", "Processor assessments", "Breaches",
    "Rights requests", "Evidence files", "Requests by year", "Findings",
]  # fmt: skip


@pytest.fixture
def exported(sqlite_register: Register, tmp_path: Path) -> Path:
    rich_register(sqlite_register)
    return export_xlsx(sqlite_register, tmp_path / "register.xlsx")


def test_sheets_in_order_with_hidden_machinery(exported: Path) -> None:
    wb = openpyxl.load_workbook(exported)
    assert wb.sheetnames[: len(VISIBLE)] == VISIBLE
    assert all(wb[name].sheet_state == "visible" for name in VISIBLE)
    assert {wb[n].sheet_state for n in wb.sheetnames[len(VISIBLE) :]} == {"veryHidden"}
    assert wb.properties.creator == "ropa-desktop"
    assert "Acme SAS" in (wb.properties.title or "")


def test_register_columns_follow_article_30_order(exported: Path) -> None:
    ws = openpyxl.load_workbook(exported)["Register"]
    headers = [c.value for c in ws[1]]
    assert headers[:2] == ["Reference", "Processing activity"]
    # Art. 30(1)(b) to (g) in the order of the CNIL and ICO templates.
    order = [
        "Purposes of the processing", "Categories of data subjects", "Categories of personal data",
        "Categories of recipients", "Transfers to third countries and safeguards",
        "Time limits for erasure (retention)", "Technical and organisational security measures",
    ]  # fmt: skip
    positions = [headers.index(h) for h in order]
    assert positions == sorted(positions)
    assert headers[-2:] == ["ropa key", "ropa version"]
    key_letter = openpyxl.utils.get_column_letter(len(headers) - 1)
    assert ws.column_dimensions[key_letter].hidden
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(headers))}3"


def test_cells_hold_lists_dates_and_labels(exported: Path) -> None:
    ws = openpyxl.load_workbook(exported)["Register"]
    row = row_of(ws, "Reference", "PA-01")
    value = lambda header: ws.cell(row, column(ws, header)).value  # noqa: E731
    assert value("Purposes of the processing") == "Manage customer contracts\nSend the newsletter"
    assert value("Lawful basis (Art. 6)") == (
        "Purpose 1: Contract (Art. 6(1)(b))\nPurpose 2: Consent (Art. 6(1)(a))"
    )
    assert value("Categories of personal data") == "Identity\nHealth data"
    assert value("Status") == "Draft"
    assert value("Last reviewed") == dt.datetime(2025, 1, 15)  # a real date, not text
    assert ws.cell(row, column(ws, "Last reviewed")).number_format == "yyyy-mm-dd"
    assert value("Transfers to third countries and safeguards") == (
        "United States: Standard contractual clauses (Art. 46(2)(c))"
    )


def _validations(ws: object, kind: str = "list") -> dict[str, object]:
    """Header -> data validation of each column that has one of this type."""
    out = {}
    for dv in ws.data_validations.dataValidation:  # type: ignore[attr-defined]
        if dv.type != kind:
            continue
        letter = str(dv.sqref).split(":")[0].rstrip("0123456789")
        header = ws[f"{letter}1"].value  # type: ignore[index]
        out[header] = dv
    return out


def test_closed_lists_have_dropdowns_of_labels(exported: Path) -> None:
    wb = openpyxl.load_workbook(exported)
    lists = wb["ropa_lists"]
    letter = {c.value: c.column_letter for c in lists[1]}["legal_basis"]
    assert lists[f"{letter}2"].value == "Consent (Art. 6(1)(a))"
    dv = _validations(wb["Purposes & legal bases"])["Lawful basis (Art. 6)"]
    assert dv.type == "list" and dv.showErrorMessage
    assert dv.formula1 == f"ropa_lists!${letter}$2:${letter}$7"
    expected = {
        "Register": {
            "Role of the organisation",
            "Status",
            "Automated decision-making, including profiling",
        },
        "Data categories": {"Art. 9(2) condition"},
        "Transfers": {"Safeguard"},
        "Retention schedule": {"Unit", "Starting event", "At the end of the period"},
    }
    for title, headers in expected.items():
        assert set(_validations(wb[title])) == headers, title


def test_default_format_wraps_and_aligns_to_top(exported: Path) -> None:
    # styles.wrap_by_default relies on openpyxl internals; this fails if they change.
    with zipfile.ZipFile(exported) as archive:
        styles = archive.read("xl/styles.xml").decode()
    cell_xfs = styles.split("<cellXfs")[1]
    first = cell_xfs.split("</xf>")[0]
    assert 'wrapText="1"' in first and 'vertical="top"' in first
    normal = styles.split("<cellStyleXfs")[1].split("</xf>")[0]
    assert 'wrapText="1"' in normal


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_register_value_is_ever_a_formula(
    sqlite_register: Register, tmp_path: Path, payload: str
) -> None:
    rich_register(sqlite_register)
    rec = get_activity(sqlite_register, key="act-crm")
    save_activity(
        sqlite_register,
        record=dataclasses.replace(rec, description=payload, owner_department=payload.replace("\n", " ")[:40],
                                   joint_controllers=payload),
    )  # fmt: skip
    path = export_xlsx(sqlite_register, tmp_path / "payload.xlsx")
    for title in ("Register", "ropa_baseline", "Read me", "Findings"):
        xml = sheet_xml(path, title)
        assert "<f>" not in xml and "<f " not in xml, title
        for _ref, kind, _inner in xml_cells(xml):
            assert kind in ("inlineStr", "n", "s"), (title, kind)
    wb = openpyxl.load_workbook(path)
    ws = wb["Register"]
    row = row_of(ws, "Reference", "PA-01")
    cells = {ref: (kind, inner) for ref, kind, inner in xml_cells(sheet_xml(path, "Register"))}
    for header in ("Description", "Joint controllers (name and contact details)"):
        kind, inner = cells[f"{openpyxl.utils.get_column_letter(column(ws, header))}{row}"]
        assert kind == "inlineStr" and inner.startswith("<is>"), (header, kind, inner)
    cell = ws.cell(row, column(ws, "Description"))
    assert cell.data_type == "s"
    assert cell.value.replace("\r", "\n") == payload.replace("\r", "\n")
    assert cell.quotePrefix == needs_literal(payload)


def test_long_text_is_clipped_with_a_marker(sqlite_register: Register, tmp_path: Path) -> None:
    rich_register(sqlite_register)
    rec = get_activity(sqlite_register, key="act-crm")
    save_activity(sqlite_register, record=dataclasses.replace(rec, description="é" * 50_000))
    path = export_xlsx(sqlite_register, tmp_path / "long.xlsx")
    ws = openpyxl.load_workbook(path, read_only=True)["Register"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    text = next(r for r in rows if r[0] == "PA-01")[REGISTER.columns.index(REGISTER.columns[5])]
    assert len(text) == CELL_LIMIT and text.endswith(CLIP_MARK)


def test_writes_atomically_and_refuses_a_missing_folder(
    sqlite_register: Register, tmp_path: Path
) -> None:
    rich_register(sqlite_register)
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"previous")
    export_xlsx(sqlite_register, target)
    assert zipfile.is_zipfile(target)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    with pytest.raises(RopaError, match="does not exist"):
        export_xlsx(sqlite_register, tmp_path / "missing" / "out.xlsx")


def test_writes_from_a_document_without_a_database(
    sqlite_register: Register, tmp_path: Path
) -> None:
    rich_register(sqlite_register)
    doc = snapshot(sqlite_register)
    when = dt.datetime(2025, 6, 1, 9, 30)
    path = write_register_doc(doc, tmp_path / "doc.xlsx", exported_at=when)
    again = workbook_bytes(doc, exported_at=when)
    exported_on = _readme(path)["Exported on"]
    assert exported_on.value == when and exported_on.number_format == "yyyy-mm-dd hh:mm"
    assert len(again) > 10_000


def _readme(path: Path) -> dict[str, Any]:
    """Label -> value cell of the Read me sheet."""
    ws = openpyxl.load_workbook(path)["Read me"]
    return {row[0].value: row[1] for row in ws.iter_rows(max_col=2) if row[0].value}


def test_findings_sheet_lists_the_register_checks(exported: Path) -> None:
    ws = openpyxl.load_workbook(exported)["Findings"]
    rows = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=2)]
    special = [r for r in rows if r[4] == "Category of personal data 2"]
    assert special == [
        (
            "Blocking",
            "Activity",
            "PA-01",
            "Customer relationship management",
            "Category of personal data 2",
            "Special-category data “Health data” has no Art. 9(2) condition.",
        )
    ]


def test_the_processor_directory_lists_every_processor(
    sqlite_register: Register, tmp_path: Path
) -> None:
    from ropa_desktop.services.processors import save_processor
    from tests.factories import processor

    rich_register(sqlite_register)
    save_processor(sqlite_register, record=processor("proc-idle", name="Idle Vendor SA"))
    path = export_xlsx(sqlite_register, tmp_path / "register.xlsx")
    ws = openpyxl.load_workbook(path)["Processors"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    headers = [c.value for c in ws[1]]
    mail = dict(zip(headers, rows["Mailer GmbH"], strict=False))
    assert mail["DPA signed on"] == dt.datetime(2024, 5, 1)
    assert mail["Used by activities"].startswith("PA-01 ")
    assert mail["Latest assessment"] == "None recorded"
    idle = dict(zip(headers, rows["Idle Vendor SA"], strict=False))
    assert idle["Used by activities"] == "None"
