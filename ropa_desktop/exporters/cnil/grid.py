"""A sheet as rows of styled cells, written alike to .xlsx and to .ods.

The fiche and the list are laid out once, here, as plain values; ``xlsx_out`` and
``ods_out`` only render them. Styles are names: ``title``, ``part`` (a part's heading
row), ``label`` (column A), ``text``, ``date`` and ``hint`` (a grey note). A cell may span
the columns after it (a merged cell), as the template's wide text cells do.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ropa_desktop.exporters.xlsx.styles import row_height


@dataclass(frozen=True)
class Cell:
    value: str | dt.date | None
    style: str = "text"
    span: int = 1  # columns the cell covers (merged), from its own


@dataclass
class Grid:
    title: str
    widths: tuple[float, ...]  # in characters, as spreadsheets count column widths
    rows: list[list[Cell]] = field(default_factory=list)

    def add(self, *cells: Cell | str | dt.date | None, style: str = "text") -> None:
        """One row; plain values get ``style``."""
        self.rows.append([c if isinstance(c, Cell) else Cell(c, style) for c in cells])

    def blank(self) -> None:
        self.rows.append([])

    def heights(self) -> list[float | None]:
        """Points each row needs for its wrapped text to show whole; None for one line."""
        out: list[float | None] = []
        for row in self.rows:
            values, widths, col = [], [], 0
            for cell in row:
                values.append(cell.value)
                widths.append(sum(self.widths[col : col + cell.span]))
                col += cell.span
            out.append(row_height(values, widths) if row else None)
        return out


# Excel refuses these in a sheet name, and a name of more than 31 characters.
_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
NAME_LIMIT = 31


def sheet_names(wanted: list[str], taken: set[str]) -> list[str]:
    """A legal, unique sheet name for each wanted name (compared as Excel does, ignoring case).

    "PA/05: Support?" becomes "PA-05- Support-"; a second "PA-05" becomes "PA-05 (2)".
    """
    used = {t.casefold() for t in taken}
    out = []
    for name in wanted:
        base = _FORBIDDEN.sub("-", " ".join(name.split())).strip("'") or "Fiche"
        base = base[:NAME_LIMIT].strip() or "Fiche"
        candidate, n = base, 1
        while candidate.casefold() in used or candidate.casefold() == "history":
            n += 1
            suffix = f" ({n})"
            candidate = base[: NAME_LIMIT - len(suffix)].rstrip() + suffix
        used.add(candidate.casefold())
        out.append(candidate)
    return out
