"""``ropa import spreadsheet``: the register a DPO already keeps, brought in as one change set.

``plan_spreadsheet(register, path)`` reads the file (.xlsx, .ods, .xls or .csv) through
the same guards as the reviewed workbook (size, zip bomb, rows, cells, no formula
evaluated), recognises its layout by its labels (the CNIL's template, the ICO's, or a
table described by a column ``Mapping``), and says what the register would become; ``import_spreadsheet``
applies that in one transaction, or nothing. Activities are matched by reference, so
importing the same file again changes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

from ropa_desktop.domain.errors import ImportFileError, ValidationError
from ropa_desktop.importers.spreadsheet.cnil import Builder
from ropa_desktop.importers.spreadsheet.cnil_layout import column_letters, label, read_cnil
from ropa_desktop.importers.spreadsheet.files import read_spreadsheet
from ropa_desktop.importers.spreadsheet.table import Table, locate, propose_table
from ropa_desktop.importers.spreadsheet.table_builder import TableBuilder
from ropa_desktop.importers.spreadsheet.table_fields import field
from ropa_desktop.importers.spreadsheet.table_mapping import Mapping
from ropa_desktop.importers.xlsx import XlsxImport, apply_import
from ropa_desktop.importers.xlsx.layout import RowError
from ropa_desktop.importers.xlsx.reader import Limits, WorkbookData
from ropa_desktop.services.interchange import plan_changes, snapshot
from ropa_desktop.services.register import Register

__all__ = [
    "describe_columns",
    "import_spreadsheet",
    "plan_book",
    "plan_spreadsheet",
    "read_register_file",
    "table_of",
    "table_to_map",
]

# The CNIL's template has one sheet per activity: a register of 2,000 activities has
# 2,000 sheets, each a part of the zip (and one more for its links); every other guard
# stays as for the reviewed workbook.
LIMITS = Limits(sheets=5_000, members=12_000)


def read_register_file(path: str | os.PathLike[str]) -> WorkbookData:
    """The file's values, through every guard (.xlsx, .ods, .xls or .csv)."""
    return read_spreadsheet(Path(path), limits=LIMITS)


def plan_spreadsheet(
    register: Register, path: str | os.PathLike[str], *, mapping: Mapping | None = None
) -> XlsxImport:
    """What the register would become; nothing is written. Without ``mapping`` the
    layout is recognised (the CNIL's template, the ICO's); a table of any other layout
    is refused with the mapping its headers suggest."""
    return plan_book(register, read_register_file(path), mapping=mapping)


def plan_book(
    register: Register, book: WorkbookData, *, mapping: Mapping | None = None
) -> XlsxImport:
    cnil = read_cnil(book) if mapping is None else None
    table = locate(book, mapping) if cnil is None else None
    if cnil is None and table is None:
        raise ImportFileError(_unrecognised(book, mapping))
    current = snapshot(register)
    if cnil is not None:
        builder: Builder = Builder(current)
        wanted = builder.build(cnil)
    else:
        assert table is not None
        builder = TableBuilder(current, table)
        wanted = builder.build_table()
    result = XlsxImport(errors=builder.errors, notices=builder.notices)
    if not result.errors:
        result.changes = plan_changes(current, wanted)
    return result


def _unrecognised(book: WorkbookData, mapping: Mapping | None) -> str:
    if mapping is not None:
        named = ", ".join(f"“{h}”" for h in list(mapping.columns)[:4])
        return (
            f"{book.name} has no table with the columns the mapping names ({named}…) in the "
            "first 30 rows of a sheet. Nothing was imported."
        )
    proposed = propose_table(book)
    if proposed is not None and any(label(c.header) == "ropa key" for c in proposed.columns):
        return (
            f"{book.name} is a review workbook exported by ropa-desktop: import it as one "
            "(ropa import xlsx, or File › Import › Reviewed workbook), so that legal's edits "
            "are merged with the register. Nothing was imported."
        )
    if proposed is None:
        return (
            f"{book.name} is not laid out as a register this version recognises: no sheet is a "
            "fiche of the CNIL's template (labels “Nom du traitement”, “N° / RÉF”, “Finalité "
            "principale”) or its list of processing activities, nor the ICO's controller "
            "template, nor a table whose headers name activities (a name or purpose column "
            "and two more). Nothing was imported."
        )
    return (
        f"{book.name} is a table of its own layout (sheet “{proposed.sheet.title}”, headers in "
        f"row {proposed.header_row}); check how its columns map to the register and import it "
        "with a mapping file (--mapping FILE; --save-mapping FILE writes this proposal to "
        "edit): " + describe_columns(proposed) + ". Nothing was imported."
    )


def table_of(book: WorkbookData, mapping: Mapping | None = None) -> Table | None:
    """The table the file holds, mapped by ``mapping``, as the ICO template, or as the
    header words propose; None for a CNIL fiche register (which needs no mapping) or
    a file with no table of activities."""
    if mapping is None and read_cnil(book) is not None:
        return None
    return locate(book, mapping) or (propose_table(book) if mapping is None else None)


def table_to_map(book: WorkbookData) -> Table | None:
    """The table of its own layout the file holds, mapped as its header words propose;
    None when the file is a CNIL or ICO template (which need no mapping) or holds no table."""
    if read_cnil(book) is not None or locate(book) is not None:
        return None
    return propose_table(book)


def describe_columns(table: Table) -> str:
    """“B “Nom du traitement” → Name; C “Couleur” → not imported”, column by column."""
    parts = []
    for col in table.columns:
        if not col.header:
            continue
        spec = field(col.field) if col.field else None
        target = spec.label if spec else "not imported"
        parts.append(f"{column_letters(col.index + 1)} “{col.header}” → {target}")
    return "; ".join(parts)


def import_spreadsheet(
    register: Register,
    path: str | os.PathLike[str],
    *,
    dry_run: bool,
    mapping: Mapping | None = None,
) -> XlsxImport:
    """Plan, then apply in one transaction (rolled back when ``dry_run``); on any refusal
    nothing is written."""
    plan = plan_spreadsheet(register, path, mapping=mapping)
    return apply_import(register, plan, dry_run=dry_run, where=_where)


def _where(exc: ValidationError, result: XlsxImport) -> RowError:
    """The register refused a record: name it (its fiche is named by its reference)."""
    subject = exc.subject or "A record"
    detail = "; ".join(e.message for e in exc.errors)
    return RowError("", 0, "", f"{subject}: the register refuses it: {detail}")
