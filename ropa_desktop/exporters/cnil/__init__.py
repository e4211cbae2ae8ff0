"""Register -> the CNIL's register template (``ropa export cnil -o FILE.ods|.xlsx``).

The layout of the CNIL's simplified template (``cnil-registre-simplifie.ods``), in its
French labels: a “Liste des traitements” sheet with the controller's, representative's
and DPO's contact blocks above the list of activities, then one fiche per activity,
named from its reference. A French DPO answers the CNIL in the form it knows, and
``ropa import spreadsheet`` reads the file back as the same register: what the template
has no place for (legal bases, Art. 9(2) conditions, TIA references ...) the import
keeps as the register holds it.

.xlsx is written with openpyxl, .ods with odfpy; the layout is the same (``grid``).
Register text is never written as a formula (``exporters.xlsx.safe_text``).
"""

from __future__ import annotations

import os
from pathlib import Path

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.exporters.cnil import ods_out, xlsx_out
from ropa_desktop.exporters.cnil.fiche import FicheWriter
from ropa_desktop.exporters.cnil.grid import Grid, sheet_names
from ropa_desktop.exporters.cnil.listing import TITLE, list_sheet
from ropa_desktop.exporters.cnil.words import Entries
from ropa_desktop.exporters.files import write_atomically
from ropa_desktop.services.interchange import RegisterDoc, snapshot
from ropa_desktop.services.register import Register

__all__ = ["SUFFIXES", "cnil_bytes", "export_cnil"]

SUFFIXES = (".ods", ".xlsx")


def grids(doc: RegisterDoc) -> list[Grid]:
    """The list sheet, then one fiche per activity in reference order."""
    entries = Entries(doc.catalogues)
    acts = sorted(doc.activities, key=lambda a: (a.reference.casefold(), a.reference))
    writer = FicheWriter(doc.organisation, entries, doc.retention_rules)
    names = sheet_names([a.reference for a in acts], {TITLE})
    return [
        list_sheet(doc.organisation, acts, entries),
        *(writer.fiche(act, name) for act, name in zip(acts, names, strict=True)),
    ]


def cnil_bytes(doc: RegisterDoc, suffix: str) -> bytes:
    """The register in the CNIL template's layout, as .ods or .xlsx bytes."""
    org = doc.organisation
    title = "Registre des activités de traitement" + (f" – {org.name}" if org else "")
    if suffix == ".ods":
        return ods_out.spreadsheet_bytes(grids(doc), title=title)
    return xlsx_out.workbook_bytes(grids(doc), title=title)


def export_cnil(register: Register, path: str | os.PathLike[str]) -> Path:
    """Write the register in the CNIL template's layout to ``path`` (.ods or .xlsx),
    atomically, and return the path."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        raise RopaError(
            f"{target.name} does not end in .ods or .xlsx; the CNIL register is written as "
            "an OpenDocument (.ods) or Excel (.xlsx) spreadsheet, so give one of these names."
        )
    return write_atomically(target, cnil_bytes(snapshot(register), suffix))
