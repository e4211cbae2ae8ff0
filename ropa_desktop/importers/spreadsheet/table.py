"""A register kept as a table, one row per activity: found by its header row.

Three ways a table is recognised:

* **the ICO's controller template** ("Documentation template for controllers"): its
  header row holds the template's own column headings ("Business function", "Purpose of
  processing", … "Reasons for not adhering to policy document"), wherever the row and
  whatever the sheet is called; the rows above it hold the contact block (Name,
  Address, Email, Telephone of the controller, the DPO and the representative);
* **a mapping** the DPO gave (``table_mapping``): the first row, within the first 30 of
  a sheet, holding the headers it names;
* **a proposal** (``propose_table``): the row whose headers the words of
  ``table_fields`` best recognise, for the DPO to check before anything is imported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ropa_desktop.domain.errors import ImportFileError
from ropa_desktop.importers.spreadsheet.cnil_layout import Cell, label
from ropa_desktop.importers.spreadsheet.table_fields import NOTE, propose
from ropa_desktop.importers.spreadsheet.table_mapping import Mapping
from ropa_desktop.importers.xlsx.reader import Sheet, WorkbookData

__all__ = ["ICO", "ICO_COLUMNS", "Column", "Table", "locate", "propose_table"]

_SCAN_ROWS = 30
ICO = "the ICO's controller template"

# The ICO template's headings (sheet "Template", row 9, columns A to AD) and the field
# each one fills; the columns with no field of their own are kept under their heading.
ICO_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Business function", "owner_department"),
    ("Purpose of processing", "purposes"),
    ("Name and contact details of joint controller (if applicable)", "joint_controllers"),
    ("Categories of individuals", "subject_categories"),
    ("Categories of personal data", "data_categories"),
    ("Categories of recipients", "recipients"),
    ("Link to contract with processor", NOTE),
    (
        "Names of third countries or international organisations that personal data are "
        "transferred to (if applicable)",
        "countries",
    ),
    (
        "Safeguards for exceptional transfers of personal data to third countries or "
        "international organisations (if applicable)",
        "safeguards",
    ),
    ("Retention schedule (if possible)", "retention"),
    (
        "General description of technical and organisational security measures (if possible)",
        "measures",
    ),
    ("Article 6 lawful basis for processing personal data", "legal_basis"),
    ("Article 9 condition for processing special category data", "art9_condition"),
    ("Legitimate interests for the processing (if applicable)", "legitimate_interests"),
    ("Link to record of legitimate interests assessment (if applicable)", "lia_reference"),
    ("Rights available to individuals", NOTE),
    (
        "Existence of automated decision-making, including profiling (if applicable)",
        "automated_decision",
    ),
    ("The source of the personal data (if applicable)", NOTE),
    ("Link to record of consent", NOTE),
    ("Location of personal data", NOTE),
    ("Data Protection Impact Assessment required?", NOTE),
    ("Data Protection Impact Assessment progress", NOTE),
    ("Link to Data Protection Impact Assessment", "dpia_reference"),
    ("Has a personal data breach occurred?", NOTE),
    ("Link to record of personal data breach", NOTE),
    ("Data Protection Act 2018 Schedule 1 Condition for processing", NOTE),
    ("GDPR Article 6 lawful basis for processing", NOTE),
    ("Link to retention and erasure policy document", NOTE),
    ("Is personal data retained and erased in accordance with the policy document?", NOTE),
    ("Reasons for not adhering to policy document (if applicable)", NOTE),
)
_ICO_LABELS = {label(h) for h, _ in ICO_COLUMNS}
_ICO_MIN = 8  # headings of the template a row must hold to be its header row
_ROLES = {"controller": "controller", "data protection officer": "dpo", "dpo": "dpo",
          "representative": "representative"}  # fmt: skip
_CONTACT_FIELDS = {"name": "name", "address": "address", "email": "email",
                   "e-mail": "email", "telephone": "telephone", "phone": "telephone"}  # fmt: skip


@dataclass(frozen=True)
class Column:
    index: int  # 0-based
    header: str
    field: str | None  # None: left out


@dataclass
class Table:
    sheet: Sheet
    header_row: int  # 1-based
    columns: list[Column]
    mapping: Mapping
    layout: str  # how messages name it: ICO, "the mapping in …", "the table"
    contacts: dict[str, dict[str, Cell]] = field(default_factory=dict)  # role -> field -> cell

    def rows(self) -> Iterator[dict[str, list[Cell]]]:
        """Each filled row below the header: field -> its cells (notes keep their order)."""
        for i in range(self.header_row, len(self.sheet.rows)):
            values = self.sheet.rows[i]
            out: dict[str, list[Cell]] = {}
            for col in self.columns:
                if col.field is None or col.index >= len(values):
                    continue
                cell = Cell(self.sheet.title, i + 1, col.index + 1, values[col.index])
                if cell.text:
                    out.setdefault(col.field, []).append(cell)
            if out:
                yield out

    @property
    def signature(self) -> str:
        """The headers, compared as labels: the same table next month has the same."""
        return "\x1f".join(label(c.header) for c in self.columns)

    def mapped(self, mapping: Mapping) -> Table:
        """The same table with its columns mapped by ``mapping`` (a header it does not
        name keeps its field)."""
        columns = []
        for c in self.columns:
            named, key = mapping.field_for(c.header)
            columns.append(Column(c.index, c.header, key if named else c.field))
        return Table(self.sheet, self.header_row, columns, mapping, self.layout, self.contacts)

    def header(self, cell: Cell) -> str:
        return next((c.header for c in self.columns if c.index == cell.column - 1), "")

    def left_out(self) -> list[tuple[Column, int]]:
        """Columns with a header that nothing imports, with how many cells they fill."""
        out = []
        for col in self.columns:
            if col.field is not None or not col.header:
                continue
            filled = sum(
                1
                for values in self.sheet.rows[self.header_row :]
                if col.index < len(values) and Cell("", 0, 0, values[col.index]).text
            )
            out.append((col, filled))
        return out


def _headers(values: tuple[Any, ...]) -> list[str]:
    return [" ".join(str(v).split()) if v is not None else "" for v in values]


def _sheets(book: WorkbookData, mapping: Mapping | None) -> list[Sheet]:
    if mapping is not None and mapping.sheet:
        for title, sheet in book.sheets.items():
            if label(title) == label(mapping.sheet):
                return [sheet]
        raise ImportFileError(
            f"{book.name} has no sheet “{mapping.sheet}”, which the mapping names; its sheets "
            f"are: {', '.join('“' + t + '”' for t in book.sheets)}."
        )
    visible = [s for s in book.sheets.values() if s.state == "visible"]
    return visible + [s for s in book.sheets.values() if s.state != "visible"]


def locate(book: WorkbookData, mapping: Mapping | None = None) -> Table | None:
    """The ICO template's table, or the table ``mapping`` describes; None when neither."""
    for sheet in _sheets(book, mapping):
        for r in _candidate_rows(sheet, mapping):
            headers = _headers(sheet.rows[r])
            if mapping is None:
                held = sum(1 for h in headers if label(h) in _ICO_LABELS)
                if held >= _ICO_MIN:
                    return _ico(sheet, r, headers)
                continue
            named = [h for h in headers if h and mapping.field_for(h)[0]]
            wanted = [k for k in mapping.columns if label(k)]
            if named and len(named) * 2 >= len(wanted):
                columns = [Column(i, h, mapping.field_for(h)[1]) for i, h in enumerate(headers)]
                return Table(sheet, r + 1, columns, mapping, mapping.origin)
    return None


def _candidate_rows(sheet: Sheet, mapping: Mapping | None) -> range:
    if mapping is not None and mapping.header_row:
        return range(mapping.header_row - 1, min(mapping.header_row, len(sheet.rows)))
    return range(min(_SCAN_ROWS, len(sheet.rows)))


def _ico(sheet: Sheet, r: int, headers: list[str]) -> Table:
    fields = {label(h): k for h, k in ICO_COLUMNS}
    columns = [
        Column(i, h, fields.get(label(h), NOTE if h else None)) for i, h in enumerate(headers)
    ]
    mapping = Mapping({h: k for h, k in ICO_COLUMNS}, sheet=sheet.title, header_row=r + 1,
                      origin=ICO)  # fmt: skip
    return Table(sheet, r + 1, columns, mapping, ICO, contacts=_contacts(sheet, r))


def _contacts(sheet: Sheet, header_row: int) -> dict[str, dict[str, Cell]]:
    """The contact block above the header row, read by its labels in either direction:
    roles down column A and Name/Address/… across a row, or the other way round."""
    cells = [
        Cell(sheet.title, i + 1, j + 1, v)
        for i, values in enumerate(sheet.rows[:header_row])
        for j, v in enumerate(values)
        if v is not None
    ]
    roles = [(c, _ROLES[label(c.value)]) for c in cells if label(c.value) in _ROLES]
    kinds = [
        (c, _CONTACT_FIELDS[label(c.value)]) for c in cells if label(c.value) in _CONTACT_FIELDS
    ]
    at = {(c.row, c.column): c for c in cells}
    out: dict[str, dict[str, Cell]] = {}
    for role_cell, role in roles:
        for kind_cell, kind in kinds:
            for row, col in ((role_cell.row, kind_cell.column), (kind_cell.row, role_cell.column)):
                value = at.get((row, col))
                if value is None or value is role_cell or value is kind_cell or not value.text:
                    continue
                if label(value.value) not in _ROLES.keys() | _CONTACT_FIELDS.keys():
                    out.setdefault(role, {}).setdefault(kind, value)
    return out


def propose_table(book: WorkbookData) -> Table | None:
    """The table the header words best recognise, mapped as ``table_fields`` proposes
    (for the DPO to check): the row with most headers proposed to a field of their own,
    if it names the activities (a name, a purpose or a reference) and two fields more."""
    best: tuple[int, Table] | None = None
    for sheet in _sheets(book, None):
        for r in range(min(_SCAN_ROWS, len(sheet.rows))):
            headers = _headers(sheet.rows[r])
            keys = propose(headers)
            own = {k for k in keys if k not in (None, NOTE)}
            if len(own) < 3 or not own & {"name", "purposes", "reference"}:
                continue
            if best is None or len(own) > best[0]:
                columns = [
                    Column(i, h, k) for i, (h, k) in enumerate(zip(headers, keys, strict=True))
                ]
                mapping = Mapping({h: k for h, k in zip(headers, keys, strict=True) if h},
                                  sheet=sheet.title, header_row=r + 1)  # fmt: skip
                best = (len(own), Table(sheet, r + 1, columns, mapping, "the table"))
    return best[1] if best else None
