"""The CNIL's register template, found by its labels: the list sheet and every fiche.

DPOs keep their register in copies of the CNIL's simplified template
(``cnil-registre-simplifie.ods``): one “fiche” sheet per activity, copied from the
model and renamed, the worked example kept or deleted, rows moved a little. Nothing
here relies on sheet names or positions: a fiche is a sheet whose first column holds
the labels “Nom du traitement”, “N° / RÉF” and “Finalité principale”, and each part
of it is found below its own heading. Cells come back with where they are (sheet,
row, column) so that every message can name the place.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from ropa_desktop.importers.spreadsheet.text import fold
from ropa_desktop.importers.xlsx.reader import Formula, Sheet, WorkbookData

# The model fiche's placeholders: a fiche holding only these is no activity.
PLACEHOLDER_REFS = {"ref-001", "ref 001"}
PLACEHOLDER_CHOICE = "selectionnez un element dans cette liste deroulante"


def label(value: Any) -> str:
    """A cell as a label to compare: folded as the phrase readers fold text (no accents,
    no case, one kind of apostrophe), punctuation runs made one space."""
    text = str(value or "")
    return _short_label(text) if len(text) <= 200 else _label(text)


def _label(text: str) -> str:
    folded = re.sub(r"[^\w'°/()+-]+", " ", fold(text))
    return " ".join(folded.split()).strip(" :")


# Labels and short values repeat from row to row (the same heading, "Clients", "Oui"):
# folded once each.
_short_label = functools.lru_cache(maxsize=65_536)(_label)


@dataclass(frozen=True)
class Cell:
    """A value and where the DPO finds it."""

    sheet: str
    row: int  # 1-based, as the spreadsheet shows it
    column: int  # 1-based
    value: Any

    @property
    def text(self) -> str:
        if self.value is None or isinstance(self.value, Formula):
            return ""
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        text = str(self.value).replace("\r\n", "\n").strip()
        return "" if label(text[:80]).startswith(PLACEHOLDER_CHOICE) else text

    @property
    def where(self) -> str:
        col = column_letters(self.column)
        return f"sheet “{self.sheet}”, cell {col}{self.row}"


def column_letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


@dataclass
class Line:
    """One row of a part of the fiche: its label (column A) and the cells beside it."""

    head: Cell
    cells: dict[str, Cell] = field(default_factory=dict)  # column heading -> cell

    def get(self, *headings: str) -> Cell | None:
        for h in headings:
            if h in self.cells and self.cells[h].text:
                return self.cells[h]
        return None

    @property
    def filled(self) -> bool:
        return any(c.text for c in self.cells.values())


@dataclass
class Fiche:
    sheet: str
    fields: dict[str, Cell]  # "nom du traitement" -> the cell beside it
    parts: dict[str, list[Line]]  # a part's heading -> its rows
    example: bool = False

    @property
    def formulas(self) -> list[Cell]:
        """Cells read for the register that hold a formula (never evaluated, so refused)."""
        cells = [*self.fields.values()]
        cells += [c for lines in self.parts.values() for line in lines for c in line.cells.values()]
        return [c for c in cells if isinstance(c.value, Formula)]

    def value(self, name: str) -> Cell | None:
        cell = self.fields.get(name)
        return cell if cell is not None and cell.text else None


# Parts of a fiche: the heading in column A, then one row per item until a blank row.
PARTS = {
    "acteurs": "actors",
    "finalite(s) du traitement effectue": "purposes",
    "categories de donnees personnelles concernees": "data",
    "donnees sensibles": "sensitive",
    "categories de personnes concernees": "subjects",
    "destinataires": "recipients",
    "mesures de securite": "measures",
    "transferts hors ue": "transfers",
}
FIELDS = ("nom du traitement", "n° / ref", "date de creation du traitement",
          "mise a jour du traitement")  # fmt: skip


def is_fiche(sheet: Sheet) -> bool:
    firsts = {label(r[0]) for r in sheet.rows if r}
    return {"nom du traitement", "n° / ref", "finalite principale"} <= firsts


def read_fiche(sheet: Sheet) -> Fiche:
    rows = sheet.rows
    fields: dict[str, Cell] = {}
    parts: dict[str, list[Line]] = {}
    i = 0
    title = label(rows[0][0]) if rows and rows[0] else ""
    example = title.startswith("exemple de fiche")
    while i < len(rows):
        row = rows[i]
        head = label(row[0]) if row else ""
        if head in FIELDS and head not in fields:
            fields[head] = Cell(sheet.title, i + 1, 2, row[1] if len(row) > 1 else None)
        elif head in PARTS:
            name = PARTS[head]
            # The template's help links on the right ("► Destinataires") are no columns.
            headings = {
                j: label(v)
                for j, v in enumerate(row)
                if j and isinstance(v, str) and label(v) and not v.lstrip().startswith("►")
            }
            lines: list[Line] = []
            i += 1
            while i < len(rows) and rows[i] and any(_present(v) for v in rows[i]):
                r = rows[i]
                if label(r[0]) in PARTS:
                    break
                cells = {
                    h: Cell(sheet.title, i + 1, j + 1, r[j] if j < len(r) else None)
                    for j, h in headings.items()
                }
                _spill(cells, r, headings, sheet.title, i)
                lines.append(Line(Cell(sheet.title, i + 1, 1, r[0] if r else None), cells))
                i += 1
            parts[name] = lines
            continue
        i += 1
    return Fiche(sheet.title, fields, parts, example)


def _spill(cells: dict[str, Cell], r: tuple[Any, ...], headings: dict[int, str], title: str, i: int) -> None:  # fmt: skip
    """The purposes part has no column headings: the text is in column B."""
    if not headings and len(r) > 1:
        cells["valeur"] = Cell(title, i + 1, 2, r[1])


def _present(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


@dataclass
class ListRow:
    name: Cell
    reference: Cell
    purpose: Cell | None


def read_list(sheet: Sheet) -> list[ListRow]:
    """The list sheet's activities (name, reference, purpose), below its header row."""
    out: list[ListRow] = []
    header: dict[str, int] | None = None
    for i, row in enumerate(sheet.rows):
        labels = [label(v) for v in row]
        if header is None:
            if "nom du traitement" in labels and "n° / ref" in labels:
                header = {h: j for j, h in enumerate(labels) if h}
            continue
        if not row or not any(_present(v) for v in row):
            continue

        name, ref = (_at(sheet, header, row, i, h) for h in ("nom du traitement", "n° / ref"))
        if name is not None and ref is not None and (name.text or ref.text):
            out.append(ListRow(name, ref, _at(sheet, header, row, i, "finalite du traitement")))
    return out


def _at(sheet: Sheet, header: dict[str, int], row: tuple[Any, ...], i: int, name: str) -> Cell | None:  # fmt: skip
    j = header.get(name)
    return None if j is None else Cell(sheet.title, i + 1, j + 1, row[j] if j < len(row) else None)


def is_list(sheet: Sheet) -> bool:
    return any(
        "nom du traitement" in (labels := [label(v) for v in row]) and "n° / ref" in labels
        for row in sheet.rows
    )


@dataclass
class CnilBook:
    fiches: list[Fiche]
    listed: list[ListRow]
    contacts: list[tuple[Cell, Cell]]  # (label cell, value cell) of the list sheet's blocks
    skipped: list[str]  # sentences: sheets that are not read, and why


def read_cnil(book: WorkbookData) -> CnilBook | None:
    """The template's parts, or None when the workbook is not the CNIL template."""
    fiches, listed, contacts, skipped = [], [], [], []
    for sheet in book.sheets.values():
        if is_fiche(sheet):
            fiche = read_fiche(sheet)
            ref = fiche.value("n° / ref")
            if fiche.example:
                skipped.append(f"sheet “{sheet.title}” is the CNIL's worked example (a fictitious "
                               "payroll); it was not imported")  # fmt: skip
            elif ref is None or (
                label(ref.text) in PLACEHOLDER_REFS and not fiche.value("nom du traitement")
            ):
                skipped.append(f"sheet “{sheet.title}” is the template's empty model fiche; it holds "
                               "no activity")  # fmt: skip
            else:
                fiches.append(fiche)
        elif is_list(sheet):
            listed += read_list(sheet)
            contacts += _contacts(sheet)
    if not fiches and not listed:
        return None
    return CnilBook(fiches, listed, contacts, skipped)


def _contacts(sheet: Sheet) -> list[tuple[Cell, Cell]]:
    """“Nom :”, “Adresse mél :” ... of the contact blocks above the list, with their values.

    The label cell's value is "<block>|<label>" (the block is named in column A of its
    first row only)."""
    out = []
    block = ""
    for i, row in enumerate(sheet.rows):
        if row and label(row[0]):
            block = label(row[0])
        for j in range(1, len(row)):
            if isinstance(row[j], str) and row[j].strip().endswith(":"):
                value = row[j + 1] if j + 1 < len(row) else None
                out.append((Cell(sheet.title, i + 1, j + 1, f"{block}|{label(row[j])}"),
                            Cell(sheet.title, i + 1, j + 2, value)))  # fmt: skip
    return out
