"""A table's columns mapped to register fields, kept as a small JSON file.

The DPO who keeps a home-made table maps its columns once (``ropa import spreadsheet
--mapping FILE``, or the app's mapping step, which remembers it); next month's copy of
the same sheet imports in one step. Columns are named by their header, so a column
moved or inserted does not upset the mapping. The file::

    {"mapping": "ropa-desktop columns", "version": 1, "sheet": "Registre",
     "header_row": 1, "columns": {"Nom du traitement": "name", "Finalité": "purposes",
                                  "Commentaires": "note", "Couleur": null}}

``sheet`` and ``header_row`` are optional (found from the headers when absent); a
column mapped to ``null`` is left out.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ropa_desktop.domain.errors import ImportFileError
from ropa_desktop.importers import strict_json
from ropa_desktop.importers.spreadsheet.cnil_layout import label
from ropa_desktop.importers.spreadsheet.table_fields import FIELDS

__all__ = ["KIND", "Mapping", "load_mapping", "mapping_from_text", "mapping_text"]

KIND = "ropa-desktop columns"
_MAX_BYTES = 256 * 1024
_KEYS = {f.key for f in FIELDS}


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str | None]  # header as the table spells it -> field key, or None
    sheet: str = ""
    header_row: int = 0  # 1-based; 0: found from the headers
    origin: str = field(default="the table", compare=False)  # how messages name the layout

    def field_for(self, header: str) -> tuple[bool, str | None]:
        """(named, field key) for a header, compared as labels (case, accents, spaces)."""
        want = label(header)
        for name, key in self.columns.items():
            if label(name) == want:
                return True, key
        return False, None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"mapping": KIND, "version": 1}
        if self.sheet:
            out["sheet"] = self.sheet
        if self.header_row:
            out["header_row"] = self.header_row
        out["columns"] = dict(self.columns)
        return out


def load_mapping(path: str | os.PathLike[str]) -> Mapping:
    file = Path(path)
    try:
        if file.stat().st_size > _MAX_BYTES:
            raise ImportFileError(f"{file.name} is too large for a column mapping.")
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportFileError(f"No mapping file {file}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFileError(f"{file.name} cannot be read as a mapping ({exc}).") from None
    return mapping_from_text(text, file.name)


def mapping_from_text(text: str, name: str = "The mapping") -> Mapping:
    """A mapping from the text ``mapping_text`` wrote (the app keeps it in its settings)."""
    try:
        doc = strict_json.loads(text)
    except (ValueError, strict_json.Refused) as exc:
        raise ImportFileError(f"{name} is not a column mapping: {exc}.") from None
    return _from_json(name, doc)


def _from_json(name: str, doc: Any) -> Mapping:
    if not isinstance(doc, dict) or doc.get("mapping") != KIND:
        raise ImportFileError(
            f"{name} is not a column mapping written by ropa-desktop (it has no "
            f"“mapping”: “{KIND}”)."
        )
    if doc.get("version") != 1:
        raise ImportFileError(f"{name} is a mapping of a version this one does not read.")
    columns = doc.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise ImportFileError(f"{name} maps no columns (“columns” is empty or missing).")
    for header, key in columns.items():
        if key is not None and key not in _KEYS:
            raise ImportFileError(
                f"{name}: column “{header}” is mapped to “{key}”, which is no register field; "
                f"use one of: {', '.join(sorted(_KEYS))}, or null to leave it out."
            )
    sheet, row = doc.get("sheet", ""), doc.get("header_row", 0)
    if not isinstance(sheet, str) or not isinstance(row, int) or isinstance(row, bool) or row < 0:
        raise ImportFileError(
            f"{name}: “sheet” must be a sheet's name and “header_row” a row number."
        )
    return Mapping(columns=dict(columns), sheet=sheet, header_row=row)


def mapping_text(mapping: Mapping) -> str:
    """The mapping file's text (the CLI and the app write it where the DPO says)."""
    return json.dumps(mapping.to_json(), ensure_ascii=False, indent=2) + "\n"
