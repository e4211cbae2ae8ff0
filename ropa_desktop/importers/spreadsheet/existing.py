"""``ropa import spreadsheet``: the register a DPO already keeps, brought in as one change set.

``plan_spreadsheet(register, path)`` reads the file through the same guards as the
reviewed workbook (size, zip bomb, rows, cells, no formula evaluated), recognises its
layout by its labels, and says what the register would become; ``import_spreadsheet``
applies that in one transaction, or nothing. Activities are matched by reference, so
importing the same file again changes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

from ropa_desktop.domain.errors import ImportFileError, ValidationError
from ropa_desktop.importers.spreadsheet.cnil import Builder
from ropa_desktop.importers.spreadsheet.cnil_layout import read_cnil
from ropa_desktop.importers.xlsx import XlsxImport, apply_import
from ropa_desktop.importers.xlsx.layout import RowError
from ropa_desktop.importers.xlsx.reader import Limits, read_workbook
from ropa_desktop.services.interchange import plan_changes, snapshot
from ropa_desktop.services.register import Register

__all__ = ["import_spreadsheet", "plan_spreadsheet"]

# The CNIL's template has one sheet per activity: a register of 2,000 activities has
# 2,000 sheets, each a part of the zip (and one more for its links); every other guard
# stays as for the reviewed workbook.
LIMITS = Limits(sheets=5_000, members=12_000)


def plan_spreadsheet(register: Register, path: str | os.PathLike[str]) -> XlsxImport:
    """What the register would become; nothing is written."""
    book = read_workbook(Path(path), limits=LIMITS)
    cnil = read_cnil(book)
    if cnil is None:
        raise ImportFileError(
            f"{book.name} is not laid out as a register this version recognises: no sheet is a "
            "fiche of the CNIL's template (labels “Nom du traitement”, “N° / RÉF”, “Finalité "
            "principale”) or its list of processing activities. Nothing was imported."
        )
    current = snapshot(register)
    builder = Builder(current)
    wanted = builder.build(cnil)
    result = XlsxImport(errors=builder.errors, notices=builder.notices)
    if not result.errors:
        result.changes = plan_changes(current, wanted)
    return result


def import_spreadsheet(
    register: Register, path: str | os.PathLike[str], *, dry_run: bool
) -> XlsxImport:
    """Plan, then apply in one transaction (rolled back when ``dry_run``); on any refusal
    nothing is written."""
    return apply_import(register, plan_spreadsheet(register, path), dry_run=dry_run, where=_where)


def _where(exc: ValidationError, result: XlsxImport) -> RowError:
    """The register refused a record: name it (its fiche is named by its reference)."""
    subject = exc.subject or "A record"
    detail = "; ".join(e.message for e in exc.errors)
    return RowError("", 0, "", f"{subject}: the register refuses it: {detail}")
