"""What reading an untrusted workbook gives, whatever its format: plain values, sheet by sheet.

Shared by the .xlsx reader (``reader``) and the OpenDocument one (``ods``); import these
names from ``reader``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Formula", "Limits", "Sheet", "WorkbookData"]


@dataclass(frozen=True)
class Limits:
    """What a workbook may hold before it is refused."""

    file_bytes: int = 50 * 2**20
    uncompressed_bytes: int = 400 * 2**20
    ratio: float = 200.0  # uncompressed / compressed, per zip member
    members: int = 2_000
    sheets: int = 60
    rows: int = 250_000  # per sheet
    columns: int = 120
    cell_chars: int = 32_767
    # All sheets together, once an .ods's repeated rows and columns are expanded (the
    # review workbook of 10,000 activities spans 4.8 million).
    cells: int = 25_000_000

    @property
    def ods_bytes(self) -> int:
        """The uncompressed size an .ods may have: OpenDocument spells each cell out at
        about twice the length of .xlsx (455 MB against 256 MB for the same register)."""
        return 2 * self.uncompressed_bytes


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula; its text is shown, never evaluated."""

    text: str


@dataclass
class Sheet:
    title: str
    state: str  # "visible", "hidden" or "veryHidden"
    rows: list[tuple[Any, ...]] = field(default_factory=list)  # rows[0] is row 1


@dataclass
class WorkbookData:
    name: str
    sheets: dict[str, Sheet]
    has_macros: bool = False
