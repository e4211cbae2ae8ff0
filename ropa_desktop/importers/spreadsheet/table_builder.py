"""A table's rows -> the register's activities, one row each, as one change set.

Built on the CNIL import's ``Builder`` (catalogue matching, retention wording, transfers,
what stays *to confirm*), so that a category, a country or a retention sentence reads
the same whatever layout it came in. A row is matched to the register's activity by its
reference; a table with no reference column is matched by the activity's name, and a
new activity takes the next free ``PA-nn`` reference. Words the register has no field
for are kept in the activity's description under their column's header.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ropa_desktop.domain.base import new_key
from ropa_desktop.domain.enums import LegalBasis
from ropa_desktop.domain.records import (
    ActivityRec,
    DataUseRec,
    OrganisationRec,
    PurposeRec,
    RecipientUseRec,
)
from ropa_desktop.importers.spreadsheet import cnil_values as V
from ropa_desktop.importers.spreadsheet.bases import art9_conditions, legal_bases
from ropa_desktop.importers.spreadsheet.cnil import Builder
from ropa_desktop.importers.spreadsheet.cnil_layout import Cell, column_letters, label
from ropa_desktop.importers.spreadsheet.table import ICO, Table
from ropa_desktop.importers.spreadsheet.table_fields import NOTE, field
from ropa_desktop.services.interchange import RegisterDoc
from ropa_desktop.services.references import following, next_reference

__all__ = ["TableBuilder"]

_NO = ("no", "non", "none", "aucun", "aucune", "n/a", "na", "false", "faux", "-", "sans objet")
_YES = ("yes", "oui", "true", "vrai", "x", "y", "o")
_NAME_CHARS = 80


def _split(text: str, how: str) -> list[str]:
    if how == "items":
        parts = re.split(r"[\n;•]+|,(?![^(]*\))", text)
    elif how in ("lines", "list"):
        parts = re.split(r"[\n•]+" if how == "lines" else r"[\n;•]+", text)
    else:
        parts = [text]
    return [p.strip(" \t-–*.") for p in parts if p.strip(" \t-–*.")]


def _short(text: str) -> str:
    """A name from a purpose: its first sentence, cut at a word near 80 characters."""
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0].rstrip(".")
    if len(first) <= _NAME_CHARS:
        return first
    return first[:_NAME_CHARS].rsplit(" ", 1)[0] + "…"


class TableBuilder(Builder):
    def __init__(self, current: RegisterDoc, table: Table) -> None:
        super().__init__(current)
        self.table = table
        self.origin = "ICO controller template" if table.layout == ICO else "imported table"
        self.by_name = {label(a.name): a for a in current.activities}
        self.references = [a.reference for a in current.activities]
        self.last_new = ""  # the last reference given to a new activity
        self.names: dict[str, Cell] = {}  # folded name -> where it was first given

    def build_table(self) -> RegisterDoc:
        if self.table.contacts:
            self._contacts()
        for cells in self.table.rows():
            self.row(cells)
        for col, filled in self.table.left_out():
            if filled:
                self.notices.append(
                    f"sheet “{self.table.sheet.title}”, column {column_letters(col.index + 1)} "
                    f"“{col.header}” is not imported (it fills {filled} cell"
                    f"{'s' if filled != 1 else ''}); map it to keep it"
                )
        return self.finish(f"{self.table.layout} names no controller")

    # --- one row ----------------------------------------------------------------------

    def row(self, cells: dict[str, list[Cell]]) -> None:
        def one(key: str) -> Cell | None:
            got = cells.get(key)
            return got[0] if got else None

        def words(key: str) -> list[str]:
            spec = field(key)
            how = spec.split if spec else ""
            return [t for c in cells.get(key, []) for t in _split(c.text, how)]

        ref_cell, name_cell = one("reference"), one("name")
        purposes = words("purposes")
        name = name_cell.text if name_cell else _short(purposes[0]) if purposes else ""
        where = name_cell or ref_cell or next(iter(cells.values()))[0]
        if not name:
            self.errors.append(V.error(where, "names no activity: this row has no name and no "
                                       "purpose; give it one, or delete the row"))  # fmt: skip
            return
        seen = self.names.get(label(name))
        if ref_cell is None and seen is not None:
            self.errors.append(V.error(where, f"repeats the activity “{name}” of row {seen.row}; "
                                       "give each row its own name, or add a reference column"))  # fmt: skip
            return
        self.names.setdefault(label(name), where)
        if ref_cell is not None:
            ref = ref_cell.text
            if ref.casefold() in self.refs:
                self.errors.append(V.error(ref_cell, f"repeats the reference “{ref}” of an "
                                          "earlier row; give each activity its own"))  # fmt: skip
                return
            old = self.by_ref.get(ref.casefold())
        else:
            old = self.by_name.get(label(name))
            ref = old.reference if old else self._new_reference()
        self.refs[ref.casefold()] = self.table.sheet.title
        key = old.key if old else new_key()
        marks: list[str] = []
        notes: list[str] = []
        values: dict[str, Any] = {}
        for attr in ("owner_department", "joint_controllers", "dpia_reference"):
            if attr in cells:
                values[attr] = "\n".join(c.text for c in cells[attr])
        for attr in ("last_reviewed_on", "next_review_on"):
            cell = one(attr)
            if cell is not None:
                values[attr] = self._date(cell)
        items = self._purposes(purposes, cells, old, marks, notes)
        values["data_categories"] = self._data(cells, words, marks, notes)
        if "subject_categories" in cells:
            values["subject_categories"] = tuple(sorted(dict.fromkeys(
                self._entry("subject_categories", t, marks=marks, mark="subject_categories")
                for t in words("subject_categories"))))  # fmt: skip
        if "recipients" in cells:
            keys = dict.fromkeys(
                self._entry("recipient_categories", t, marks=marks, mark="recipients")
                for t in words("recipients")
            )
            values["recipients"] = tuple(RecipientUseRec(category=k) for k in keys)
        if "measures" in cells:
            values["measures"] = tuple(sorted(dict.fromkeys(
                self._entry("security_measures", t, marks=marks, mark="measures")
                for t in words("measures"))))  # fmt: skip
            values["measures_note"] = "\n".join(c.text for c in cells["measures"])
        if "countries" in cells or "safeguards" in cells:
            values["transfers"] = self._transfers_of(cells, words, marks)
        decision = one("automated_decision")
        if decision is not None:
            values["automated_decision"], values["automated_decision_note"] = _yes_no(decision.text)
        for cell in cells.get("retention", []):
            self._rule(key, ref, None, None, cell, what="All data of the activity")
        for cell in cells.get(NOTE, []):
            notes.append(f"{self.table.header(cell)}: {cell.text}")
        values["description"] = self._description(cells, old, notes)
        if old is not None:
            values["data_categories"] = V.kept_data(values["data_categories"], old)
            if "transfers" in values:
                values["transfers"] = V.kept_transfers(values["transfers"], old)
        marks[:] = V.still_missing(marks, values, self.sensitive)
        self._activity(ref, name, [], where, key=key, marks=marks, items=items, old=old, **values)

    def _new_reference(self) -> str:
        """The next free ``PA-nn`` (the register's highest, then one more each time)."""
        ref = following(self.last_new) if self.last_new else next_reference(self.references)
        taken = {r.casefold() for r in self.references} if not self.last_new else set()
        while ref.casefold() in self.refs or ref.casefold() in taken:
            ref = following(ref)
        self.last_new = ref
        return ref

    def _purposes(self, texts: list[str], cells: dict[str, list[Cell]], old: ActivityRec | None,
                  marks: list[str], notes: list[str]) -> tuple[PurposeRec, ...]:  # fmt: skip
        items = [V.purpose(t, old) for t in texts]
        written = "; ".join(c.text for c in cells.get("legal_basis", []))
        bases = legal_bases(written) if written else []
        if bases and items and (len(bases) == 1 or len(bases) == len(items)):
            items = [dataclasses.replace(p, legal_basis=bases[0 if len(bases) == 1 else i])
                     for i, p in enumerate(items)]  # fmt: skip
        elif written:
            notes.append(f"Legal basis as written: {written}")
            marks.append("purposes.legal_basis")
        interests = "\n".join(c.text for c in cells.get("legitimate_interests", []))
        assessment = "\n".join(c.text for c in cells.get("lia_reference", []))
        for i, p in enumerate(items):
            if p.legal_basis == LegalBasis.LEGITIMATE_INTERESTS or len(items) == 1:
                items[i] = dataclasses.replace(
                    p,
                    legal_basis_detail=interests or p.legal_basis_detail,
                    lia_reference=assessment or p.lia_reference,
                )
        if not items:
            marks.append("purposes")
        return tuple(items)

    def _data(self, cells: dict[str, list[Cell]], words: Any, marks: list[str],
              notes: list[str]) -> tuple[DataUseRec, ...]:  # fmt: skip
        uses: dict[str, DataUseRec] = {}
        for text in words("data_categories"):
            cat = self._entry("data_categories", text, marks=marks, mark="data_categories")
            uses.setdefault(cat, DataUseRec(category=cat))
        for text in words("special_categories"):
            cat = self._entry("data_categories", text, special=True, marks=marks,
                              mark="data_categories")  # fmt: skip
            uses.setdefault(cat, DataUseRec(category=cat))
        written = "; ".join(c.text for c in cells.get("art9_condition", []))
        conditions = art9_conditions(written) if written else []
        entries = {e.key: e for e in self.catalogues.get("data_categories", [])}
        attached = False
        for cat, use in list(uses.items()):
            entry = entries.get(cat)
            if entry is not None and getattr(entry, "criminal", False):
                self.sensitive[cat] = "art10"
                marks.append("data_categories.art10_basis")
            elif entry is not None and getattr(entry, "special", False):
                self.sensitive[cat] = "art9"
                if len(conditions) == 1:
                    uses[cat] = dataclasses.replace(use, art9_condition=conditions[0])
                    attached = True
                else:
                    marks.append("data_categories.art9_condition")
        if written and not attached:
            notes.append(f"Art. 9 condition as written: {written}")
        return tuple(uses.values())

    def _transfers_of(self, cells: dict[str, list[Cell]], words: Any, marks: list[str]) -> tuple[Any, ...]:  # fmt: skip
        countries = [c for c in words("countries") if label(c) not in _NO]
        guarantees = [g for g in words("safeguards") if label(g) not in _NO]
        base = (cells.get("countries") or cells.get("safeguards") or [])[0]

        def at(text: str | None) -> Cell | None:
            return None if text is None else dataclasses.replace(base, value=text)

        out = []
        for i, country in enumerate(countries):
            guarantee = guarantees[0] if len(guarantees) == 1 else (
                guarantees[i] if len(guarantees) == len(countries) else None)  # fmt: skip
            if guarantee is None and guarantees:
                marks.append("transfers")
            out.append(self._transfer(at(country), None, at(guarantee), None, marks))
        if guarantees and not countries:
            marks.append("transfers")
        return tuple(out)

    def _description(self, cells: dict[str, list[Cell]], old: ActivityRec | None,
                     notes: list[str]) -> str:  # fmt: skip
        block = "\n".join(notes)
        if "description" in cells:
            return "\n\n".join(
                t for t in ("\n".join(c.text for c in cells["description"]), block) if t
            )
        was = old.description if old else ""
        if not block or block in was:
            return was
        # The block an earlier import of this table wrote is replaced, not kept beside the
        # new one; what the DPO wrote around it stays.
        earlier = self._imported_block(was)
        if earlier:
            return was.replace(earlier, block, 1)
        return "\n\n".join(t for t in (was, block) if t)

    def _imported_block(self, text: str) -> str:
        """The paragraph of ``text`` made of this table's notes ("Header: value" lines)."""
        heads = tuple(f"{c.header}: " for c in self.table.columns if c.field == NOTE and c.header)
        heads += ("Legal basis as written: ", "Art. 9 condition as written: ")
        for paragraph in text.split("\n\n"):
            if paragraph.startswith(heads):
                return paragraph
        return ""

    # --- the contact block (the ICO template) ---------------------------------------------

    def _contacts(self) -> None:
        block = self.table.contacts
        controller, dpo, rep = (block.get(r, {}) for r in ("controller", "dpo", "representative"))

        def text(part: dict[str, Cell], key: str) -> str:
            cell = part.get(key)
            return cell.text if cell is not None else ""

        name = text(controller, "name")
        if not name:
            return
        if self.organisation is not None:
            if label(name) != label(self.organisation.name):
                self.notices.append(
                    f"{self.table.layout} names the controller “{name}”; the register keeps "
                    f"its organisation “{self.organisation.name}”"
                )
            return
        self.organisation = OrganisationRec(
            key=new_key(),
            name=name,
            address=text(controller, "address"),
            contact_email=text(controller, "email"),
            contact_phone=text(controller, "telephone"),
            dpo_name=text(dpo, "name"),
            dpo_email=text(dpo, "email"),
            dpo_phone=text(dpo, "telephone"),
            representative_name=text(rep, "name"),
            representative_contact=", ".join(
                t for t in (text(rep, "address"), text(rep, "telephone"), text(rep, "email")) if t
            ),
            supervisory_authority="Information Commissioner's Office (ICO)",
            to_confirm=("supervisory_authority",),
        )


def _yes_no(text: str) -> tuple[bool, str]:
    """(automated decision-making?, the words kept when they say more than yes or no)."""
    folded = label(text)
    first = folded.split(" ", 1)[0] if folded else ""
    if folded in _NO or first in ("no", "non", "none", "aucun", "aucune"):
        return False, "" if folded in _NO else text
    return True, "" if folded in _YES else text
