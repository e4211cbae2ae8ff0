"""The CNIL template's fiches -> the register's records, as one change set.

Each fiche becomes an activity matched by its reference (importing the same file again
changes nothing); a list row with no fiche becomes an activity with its name and purpose.
Free text becomes structure where that is unambiguous (``phrases``), and the original
words always stay: a retention sentence on its rule, a category that matches nothing as
a new catalogue entry, the activity marked *to confirm* wherever the template is silent
(it has no legal basis column, no Art. 9(2) condition).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from ropa_desktop.domain.base import new_key
from ropa_desktop.domain.country_names import french_name
from ropa_desktop.domain.records import (
    ActivityRec,
    DataUseRec,
    OrganisationRec,
    PurposeRec,
    RecipientUseRec,
    RetentionRuleRec,
    TransferRec,
)
from ropa_desktop.importers.spreadsheet import cnil_values as V
from ropa_desktop.importers.spreadsheet import phrases
from ropa_desktop.importers.spreadsheet.cnil_layout import Cell, CnilBook, Fiche, Line, label
from ropa_desktop.importers.xlsx.layout import RowError
from ropa_desktop.services.interchange import RegisterDoc
from ropa_desktop.services.retention_french import says_term


class Builder:
    """Builds the register as the workbook says it, on top of the register as it is."""

    def __init__(self, current: RegisterDoc) -> None:
        self.current = current
        self.by_ref = {a.reference.casefold(): a for a in current.activities}
        self.activities: dict[str, ActivityRec] = {}  # key -> record
        self.rules: dict[str, RetentionRuleRec] = {r.key: r for r in current.retention_rules}
        self.catalogues = {k: list(v) for k, v in current.catalogues.items()}
        self.organisation = current.organisation
        self.errors: list[RowError] = []
        self.notices: list[str] = []
        self.refs: dict[str, str] = {}  # reference -> sheet that gave it
        self.sensitive: dict[str, str] = {}  # data category key -> "art9" or "art10"
        self.origin = "CNIL register"  # how rules and new catalogue entries name the source

    # --- the document -------------------------------------------------------------------

    def build(self, book: CnilBook) -> RegisterDoc:
        self.notices += book.skipped
        for fiche in book.fiches:
            self.fiche(fiche)
        for row in book.listed:
            ref = row.reference.text
            if not ref or ref.casefold() in self.refs or "exemple" in label(row.name.text):
                continue
            self.refs[ref.casefold()] = row.reference.sheet
            self._activity(ref, row.name.text, [row.purpose] if row.purpose else [], row.name)
        return self.finish("no fiche names the controller (“Responsable du traitement”)")

    def finish(self, unnamed: str) -> RegisterDoc:
        """The register the file describes; ``unnamed`` says where the file would have
        named the controller, should it name none."""
        if self.organisation is None and self.activities:
            # Activities need their controller; the file names none: say so, invent nothing.
            self.organisation = OrganisationRec(key=new_key(), name="(name to confirm)",
                                                to_confirm=("name",))  # fmt: skip
            self.notices.append(f"{unnamed}; the organisation's name is to confirm")
        keep = [a for a in self.current.activities if a.key not in self.activities]
        return dataclasses.replace(
            self.current,
            organisation=self.organisation,
            catalogues=self.catalogues,
            activities=[*keep, *self.activities.values()],
            retention_rules=list(self.rules.values()),
        )

    def _activity(self, ref: str, name: str, purposes: list[Cell], where: Cell, *,
                  key: str = "", marks: Iterable[str] = (), items: tuple[PurposeRec, ...] | None = None,
                  old: ActivityRec | None = None, **values: Any) -> ActivityRec:  # fmt: skip
        old = old or self.by_ref.get(ref.casefold())
        if items is None:
            items = tuple(V.purpose(c.text, old) for c in purposes if c.text)
        base = old or ActivityRec(key=key or new_key(), reference=ref, name=name)
        rec = dataclasses.replace(base, reference=ref, name=name or base.name, purposes=items,
                                  **values)  # fmt: skip
        # The template has no legal basis column: every purpose's basis is to confirm.
        wanted = (
            ["purposes.legal_basis", *marks]
            if any(not p.legal_basis for p in items)
            else list(marks)
        )
        rec = dataclasses.replace(rec, to_confirm=tuple(dict.fromkeys([*base.to_confirm, *wanted])))
        if not rec.name:
            self.errors.append(V.error(where, "has no name (“Nom du traitement”); give it one"))
        self.activities[rec.key] = rec
        return rec

    # --- one fiche ------------------------------------------------------------------------

    def fiche(self, fiche: Fiche) -> None:
        for cell in fiche.formulas:
            self.errors.append(V.error(cell, "holds a formula; type the value itself (a formula "
                                      "is never evaluated)"))  # fmt: skip
        ref_cell = fiche.value("n° / ref")
        assert ref_cell is not None
        ref = ref_cell.text
        if ref.casefold() in self.refs:
            self.errors.append(V.error(ref_cell, f"repeats the reference “{ref}” of sheet "
                                      f"“{self.refs[ref.casefold()]}”; give each fiche its own"))  # fmt: skip
            return
        self.refs[ref.casefold()] = fiche.sheet
        name = fiche.value("nom du traitement")
        parts = fiche.parts
        marks: list[str] = []
        old = self.by_ref.get(ref.casefold())
        key = old.key if old else new_key()
        values: dict[str, Any] = {}
        updated = fiche.value("mise a jour du traitement") or fiche.value(
            "date de creation du traitement"
        )
        if updated is not None:
            values["last_reviewed_on"] = self._date(updated)
        actors = {label(line.head.value): line for line in parts.get("actors", [])}
        self._organisation(actors, fiche)
        joint = actors.get("responsable(s) conjoint(s)")
        if joint is not None and joint.filled:
            values["joint_controllers"] = V.contact(joint)
        values["data_categories"] = self._data(key, ref, parts, marks)
        values["subject_categories"], subject_notes = self._subjects(
            parts.get("subjects", []), marks
        )
        values["recipients"] = self._recipients(parts.get("recipients", []), marks)
        values["measures"], values["measures_note"] = self._measures(
            parts.get("measures", []), marks
        )
        values["transfers"] = self._transfers(parts.get("transfers", []), marks)
        if subject_notes:
            note = "Data subjects (CNIL register): " + "; ".join(subject_notes)
            was = old.description if old else ""
            values["description"] = was if note in was else "\n\n".join(t for t in (was, note) if t)
        # What the template has no column for (Art. 9(2) conditions, safeguards the file
        # does not name, TIA references) stays as the register holds it.
        if old is not None:
            values["data_categories"] = V.kept_data(values["data_categories"], old)
            values["transfers"] = V.kept_transfers(values["transfers"], old)
            values["measures_note"] = V.kept_note(values["measures_note"], old.measures_note)
        marks[:] = V.still_missing(marks, values, self.sensitive)
        purposes = [line.get("valeur") for line in parts.get("purposes", [])]
        self._activity(ref, name.text if name else "", [c for c in purposes if c],
                       name or ref_cell, key=key, marks=marks, **values)  # fmt: skip

    def _untyped(self, line: Line, what: str) -> None:
        """Details typed beside no type: refused, naming the cell (never dropped)."""
        detail = line.get("precisions")
        if detail is not None:
            self.errors.append(V.error(detail, f"gives details (“{detail.text[:60]}”) but no {what}; "
                                      "choose one in column B of this row"))  # fmt: skip

    def _date(self, cell: Cell) -> Any:
        try:
            return phrases.parse_date(cell.value)
        except ValueError as exc:
            self.errors.append(V.error(cell, str(exc)))
            return None

    def _organisation(self, actors: dict[str, Line], fiche: Fiche) -> None:
        controller = actors.get("responsable du traitement")
        if controller is None or not controller.filled or self.organisation is not None:
            if controller is not None and controller.filled and self.organisation is not None:
                given = controller.get("nom")
                if given and label(given.text) != label(self.organisation.name):
                    self.notices.append(
                        f"sheet “{fiche.sheet}” names the controller “{given.text}”; the register "
                        f"keeps its organisation “{self.organisation.name}”"
                    )
            return
        name = controller.get("nom")
        dpo = actors.get("delegue a la protection des donnees")
        company = actors.get("societe du dpo (si celui-ci est externe)")
        rep = actors.get("representant")
        dpo_name = dpo.get("nom").text if dpo and dpo.get("nom") else ""  # type: ignore[union-attr]
        if company and company.get("nom") and label(company.get("nom").text) not in ("n/a", "na"):  # type: ignore[union-attr]
            dpo_name = f"{dpo_name} ({company.get('nom').text})".strip()  # type: ignore[union-attr]
        self.organisation = OrganisationRec(
            key=new_key(),
            name=name.text if name else "(name to confirm)",
            address=V.address(controller),
            contact_email=V.text(controller.get("adresse mel")),
            contact_phone=V.text(controller.get("telephone")),
            dpo_name=dpo_name,
            dpo_email=V.text(dpo.get("adresse mel")) if dpo else "",
            dpo_phone=V.text(dpo.get("telephone")) if dpo else "",
            representative_name=V.text(rep.get("nom")) if rep else "",
            representative_contact=V.contact(rep) if rep and rep.filled else "",
            supervisory_authority="CNIL",
            to_confirm=("supervisory_authority",),
        )

    # --- the parts ------------------------------------------------------------------------

    def _data(self, key: str, ref: str, parts: dict[str, list[Line]], marks: list[str]) -> tuple[DataUseRec, ...]:  # fmt: skip
        out: list[DataUseRec] = []
        for part, special in (("data", False), ("sensitive", True)):
            for line in parts.get(part, []):
                description, retention = line.get("description"), line.get("duree de conservation")
                if description is None and retention is None:
                    continue  # a category of the template the activity does not use
                cat = self._entry("data_categories", line.head.text, special=special)
                criminal = "penal" in label(line.head.text) or "infraction" in label(line.head.text)
                if special:
                    self.sensitive[cat] = "art10" if criminal else "art9"
                    marks.append(
                        "data_categories.art10_basis"
                        if criminal
                        else "data_categories.art9_condition"
                    )
                out.append(DataUseRec(category=cat, note=V.text(description)))
                if retention is not None:
                    self._rule(key, ref, cat, description, retention)
        return tuple(out)

    def _rule(self, activity: str, ref: str, cat: str | None, description: Cell | None, cell: Cell,
              what: str = "Data of the category") -> None:  # fmt: skip
        """The retention rule ``cell`` words, for one data category of the activity (or,
        with ``cat`` None, for all of its data)."""
        term = phrases.parse_retention(cell.text)
        what = V.text(description) or what
        existing = next((r for r in self.rules.values()
                         if r.activity == activity and r.data_category == cat), None)  # fmt: skip
        marks = list(term.fields_to_confirm)
        source = f"{self.origin}, {cell.where}: “{term.original}”"
        if term.note:
            source += f" ({term.note})"
        if term.archive is not None:
            source += f"; then an intermediate archive: {term.archive.original}"
            marks.append("open_ended_term")
        rule = RetentionRuleRec(
            key=existing.key if existing else V.stable_key("ret", ref, cat or "activity"),
            activity=activity,
            data_category=cat,
            data_description=what,
            duration_value=term.duration_value,
            duration_unit=term.duration_unit,
            open_ended_term=term.open_ended_term,
            trigger=term.trigger,
            end_of_life_action=term.end_of_life_action,
            source_reference=source,
            to_confirm=tuple(
                dict.fromkeys([*(existing.to_confirm if existing else ()), *marks, "owner"])
            ),
            version=existing.version if existing else 0,
        )
        if existing is not None and (
            existing.source_reference == source or says_term(cell.text, existing)
        ):
            return  # the same words as at the last import: the rule stays as the DPO keeps it
        if existing is None and any(
            says_term(cell.text, r)
            for r in self.rules.values()
            if r.activity == activity and r.data_category is None
        ):
            return  # the term of the activity's rule for all its data: nothing new
        if existing is not None:
            rule = dataclasses.replace(existing, **{
                f.name: getattr(rule, f.name) for f in dataclasses.fields(rule)
                if f.name not in ("key", "version", "owner", "legal_reference", "review_cycle_months",
                                  "last_reviewed_on")})  # fmt: skip
        self.rules[rule.key] = rule

    def _subjects(self, lines: list[Line], marks: list[str]) -> tuple[tuple[str, ...], list[str]]:
        keys, notes = [], []
        for line in lines:
            cell = line.get("description")
            if cell is None:
                self._untyped(line, "category of data subjects")
                continue
            keys.append(
                self._entry("subject_categories", cell.text, marks=marks, mark="subject_categories")
            )
            detail = line.get("precisions")
            if detail is not None:
                notes.append(f"{cell.text}: {detail.text}")
        return tuple(sorted(dict.fromkeys(keys))), notes

    def _recipients(self, lines: list[Line], marks: list[str]) -> tuple[RecipientUseRec, ...]:
        out: dict[str, RecipientUseRec] = {}
        for line in lines:
            cell = line.get("type de destinataire")
            if cell is None:
                self._untyped(line, "type of recipient")
                continue
            key = self._entry("recipient_categories", cell.text, marks=marks, mark="recipients")
            detail = V.text(line.get("precisions"))
            if key in out:
                detail = "; ".join(d for d in (out[key].detail, detail) if d)
            out[key] = RecipientUseRec(category=key, detail=detail)
        return tuple(out.values())

    def _measures(self, lines: list[Line], marks: list[str]) -> tuple[tuple[str, ...], str]:
        keys, notes = [], []
        for line in lines:
            cell = line.get("type de mesure de securite")
            if cell is None:
                self._untyped(line, "type of security measure")
                continue
            keys.append(self._entry("security_measures", cell.text, marks=marks, mark="measures"))
            detail = line.get("precisions")
            if detail is not None:
                notes.append(f"{cell.text}: {detail.text}")
        return tuple(sorted(dict.fromkeys(keys))), "\n".join(notes)

    def _transfers(self, lines: list[Line], marks: list[str]) -> tuple[TransferRec, ...]:
        out = []
        for line in lines:
            country, recipient = line.get("pays"), line.get("destinataire")
            if country is None and recipient is None:
                continue
            out.append(self._transfer(country, recipient, line.get("type de garanties"),
                                      line.get("liens vers la documentation"), marks))  # fmt: skip
        return tuple(out)

    def _transfer(self, country: Cell | None, recipient: Cell | None, guarantee: Cell | None,
                  link: Cell | None, marks: list[str]) -> TransferRec:  # fmt: skip
        """One transfer: the country as its ISO code, the guarantee as a safeguard of the
        list; the words as written kept in its note wherever they were not taken as is."""
        notes = []
        code = phrases.country_code(country.text) if country else None
        name = phrases.country_name(code) if code else None
        if country is not None and name is None:
            marks.append("transfers")
        if (
            country is not None
            and name
            and label(country.text) not in (label(name), label(french_name(name) or name))
        ):
            notes.append(f"Country as written: {country.text}")
        match = phrases.safeguard(guarantee.text) if guarantee else None
        if match is not None and match.invalid_reason:
            notes.append(f"Guarantee as written: {guarantee.text} — {match.invalid_reason}")  # type: ignore[union-attr]
        if guarantee is not None and (match is None or match.safeguard is None):
            marks.append("transfers")
        if link is not None:
            notes.append(f"Documentation: {link.text}")
        return TransferRec(
            country=code or (country.text if country else "(country to confirm)"),
            recipient=V.text(recipient),
            safeguard=match.safeguard if match else None,
            note="\n".join(notes),
        )

    # --- catalogues -----------------------------------------------------------------------

    def _entry(self, catalogue: str, text: str, *, special: bool = False,
               marks: list[str] | None = None, mark: str = "") -> str:  # fmt: skip
        entries = self.catalogues.setdefault(catalogue, [])
        key = phrases.match_catalogue(text, [(e.key, e.name) for e in entries], catalogue=catalogue)
        if key is not None:
            return key
        key = V.stable_key("imported", catalogue, text)
        if not any(e.key == key for e in entries):
            entries.append(V.new_entry(catalogue, key, text, special, origin=self.origin))
        if marks is not None and mark:
            marks.append(mark)
        return key
