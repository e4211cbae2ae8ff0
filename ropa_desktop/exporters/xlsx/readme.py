"""The "Read me" sheet: whose register, which version, how to review it and whom to return it to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.dimensions import RowDimension

from ropa_desktop.domain.records import OrganisationRec
from ropa_desktop.exporters.xlsx import log_sheets
from ropa_desktop.exporters.xlsx.readonly_sheets import ASSESSMENTS, FINDINGS, PROCESSORS
from ropa_desktop.exporters.xlsx.register_sheets import EDITABLE, KEY_HEADER, VERSION_HEADER
from ropa_desktop.exporters.xlsx.safe_text import cell_text, needs_literal
from ropa_desktop.exporters.xlsx.styles import CellStyles, row_height
from ropa_desktop.exporters.xlsx.workbook import set_width
from ropa_desktop.services.interchange import RegisterDoc

READ_ONLY = (
    PROCESSORS, ASSESSMENTS, log_sheets.BREACHES, log_sheets.REQUESTS, log_sheets.EVIDENCE,
    log_sheets.SUMMARY, FINDINGS,
)  # fmt: skip
HOW_TO = (
    "Edit the columns with a blue header on the sheets "
    + ", ".join(f"“{s.title}”" for s in EDITABLE)
    + ". Columns with a grey header summarise other sheets or the register; the import "
    "refuses changes made there and says where to make them. The sheets "
    + ", ".join(f"“{s.title}”" for s in READ_ONLY[:-1])
    + f" and “{READ_ONLY[-1].title}” are for reading only: breaches, rights requests and evidence "
    "files are recorded in the app.",
    "The “Lawful basis (Art. 6)” column of the Register sheet numbers the purposes in the order "
    "of the “Purposes of the processing” column and of the activity's rows on the sheet "
    "“Purposes & legal bases”, where each basis is edited.",
    "A cell that lists several items (purposes, categories, measures, systems, processors) "
    "holds one item per line: Alt+Enter starts a new line in Excel, Ctrl+Enter in LibreOffice. "
    "Write categories by their name as they appear in this workbook.",
    "Closed lists (role, status, lawful basis, Art. 9 condition, safeguard, unit, starting event, "
    "end-of-period action) have a dropdown: pick a value from it.",
    "Date columns take dates only, typed as year-month-day (2025-03-31) or as day/month/year "
    "(31/03/2025); a date the spreadsheet program shows in its own format is read as the date "
    "it is. Durations and review cycles are whole numbers.",
    "To add an activity, fill a new row at the bottom of the Register sheet with a new reference; "
    "detail rows for it (purposes, data categories, ...) name that reference. To remove an "
    "activity or a detail, delete its row.",
    f"Leave the hidden columns “{KEY_HEADER}” and “{VERSION_HEADER}” and the hidden sheets as "
    "they are: they tie each row to the register. Do not copy a row to make a new one; add a row.",
    "Columns and sheets you add (comments, for instance) are not imported; the import says so.",
    "Save the file as an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods) without a "
    "password and send it back. The DPO imports it and sees every change before anything is "
    "applied. Changes made in the app since this export are kept beside yours; a cell changed on "
    "both sides is shown as a conflict, with both values, for the DPO to decide.",
)


def readme_rows(
    doc: RegisterDoc,
    *,
    exported_at: dt.datetime,
    fingerprint: str,
    version: int | None = None,
    chain: str = "",
) -> Iterator[list[Any]]:
    """The Read me sheet, row by row; ``version`` is the register's and ``chain`` its
    audit trail's head (``ChainHead.line``), when known."""
    org = doc.organisation or OrganisationRec(key="", name="(no organisation recorded)")
    yield ["Register of processing activities (GDPR Article 30)"]
    yield []
    info: list[tuple[str, Any]] = [
        ("Controller", org.name),
        ("Address", org.address),
        ("Registration number", org.registration_number),
        ("Contact", _join(org.contact_email, org.contact_phone, org.website)),
        ("Data protection officer", _join(org.dpo_name, org.dpo_email, org.dpo_phone)),
        ("Representative in the EU", _join(org.representative_name, org.representative_contact)),
        ("Supervisory authority", org.supervisory_authority),
    ]
    if version is not None:
        info.append(("Register version", f"{version} (changes recorded in the audit trail)"))
    if chain:
        info.append(("Audit trail", f"{chain} (“ropa audit verify” checks it)"))
    info += [
        ("Exported on", exported_at),
        ("Return the reviewed workbook to", _return_to(org)),
        (
            "Contents",
            f"{len(doc.activities)} processing activities, {len(doc.processors)} processors, "
            f"{len(doc.retention_rules)} retention rules",
        ),
    ]
    for label, value in info:
        yield [label, value]
    yield []
    yield ["How to review and return this workbook"]
    for i, text in enumerate(HOW_TO, 1):
        yield [f"{i}.", text]
    yield []
    # For whoever checks that a workbook is the export of a given register state.
    yield ["Register fingerprint (SHA-256 of the JSON export)", fingerprint]


def _return_to(org: OrganisationRec) -> str:
    if org.dpo_email:
        who = f"{org.dpo_name}, data protection officer" if org.dpo_name else "the DPO"
        return f"{org.dpo_email} ({who})"
    if org.contact_email:
        return f"{org.contact_email} (no DPO e-mail is recorded: the controller's contact)"
    return "the person who sent it to you (no DPO e-mail is recorded)"


def _join(*parts: str) -> str:
    return " · ".join(p for p in parts if p)


def write_readme(wb: Workbook, rows: Iterator[list[Any]]) -> None:
    fill_readme(readme_sheet(wb), rows)


def readme_sheet(wb: Workbook) -> CellStyles:
    """The "Read me" sheet (its styles), empty: first in the workbook, filled by
    ``fill_readme`` once the register is written and its fingerprint known."""
    ws = wb.create_sheet("Read me")
    styles = CellStyles(ws)
    set_width(ws, 1, 34)
    set_width(ws, 2, 100)
    ws.sheet_view.showGridLines = False
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return styles


def fill_readme(styles: CellStyles, rows: Iterator[list[Any]]) -> None:
    ws = styles.ws
    for n, row in enumerate(rows, 1):
        height = row_height([str(v) for v in row], [34, 100]) if len(row) > 1 else None
        if height is not None:
            ws.row_dimensions[n] = RowDimension(ws, index=n, ht=height)
        if len(row) == 1:
            proto = styles.title if n == 1 else styles.heading
            ws.append([styles.make(proto, row[0])])
            continue
        cells: list[Any] = []
        for i, value in enumerate(row):
            if isinstance(value, dt.datetime):  # a real date and time, not text
                cells.append(styles.make(styles.datetime, value))
                continue
            text = cell_text(str(value))
            literal = needs_literal(text)
            if i == 0:
                cells.append(styles.make(styles.label, text, literal=literal))
            elif literal:
                cells.append(styles.make(styles.literal, text, literal=True))
            else:
                cells.append(text or None)
        ws.append(cells)
