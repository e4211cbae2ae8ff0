"""One activity as a fiche of the CNIL's model (“3 - Modèle de fiche de registre”).

The labels of column A and the headings of each part are the template's, so the CNIL
import (``importers/spreadsheet/cnil_layout``) finds every value where a DPO would
have typed it. Only the rows an activity uses are written, as in the CNIL's example.
"""

from __future__ import annotations

from ropa_desktop.domain.country_names import french_name
from ropa_desktop.domain.records import ActivityRec, OrganisationRec, RetentionRuleRec
from ropa_desktop.exporters.cnil.grid import Cell, Grid
from ropa_desktop.exporters.cnil.words import GUARANTEES, Entries
from ropa_desktop.services.retention_french import french_term

WIDTHS = (40.0, 34.0, 22.0, 26.0, 34.0, 24.0, 16.0, 26.0)
ACTORS = ("Nom", "Adresse", "Code Postal", "Ville", "Pays", "Téléphone", "Adresse mél")


def _part(grid: Grid, title: str, **headings: str) -> None:
    """A part's heading row: its name in column A, its column headings by letter."""
    cells = [Cell(title, "part")] + [Cell(None, "part") for _ in grid.widths[1:]]
    for letter, heading in headings.items():
        cells[ord(letter) - ord("A")] = Cell(heading, "part")
    grid.rows.append(cells)


# Text cells of the parts that have no other columns: B to D and E to H, or B to H.
NARROW: dict[str, int] = {}
WIDE = {"B": 3, "E": 4}
WHOLE = {"B": 7}


def _line(grid: Grid, label: str, spans: dict[str, int] = NARROW, **values: str | None) -> None:
    cells: list[Cell] = [Cell(label, "label")]
    col = 1
    for letter, value in values.items():
        index = ord(letter) - ord("A")
        cells += [Cell(None)] * (index - col)
        span = spans.get(letter, 1)
        cells.append(Cell(value or None, span=span))
        col = index + span
    grid.rows.append(cells)


class FicheWriter:
    """Lays out the fiches of one register (its organisation, catalogues and rules)."""

    def __init__(
        self,
        organisation: OrganisationRec | None,
        entries: Entries,
        rules: list[RetentionRuleRec],
    ) -> None:
        self.org = organisation
        self.entries = entries
        self.rules = rules

    def fiche(self, act: ActivityRec, sheet: str) -> Grid:
        grid = Grid(sheet, WIDTHS)
        grid.add(Cell(f"Fiche de registre — {act.title}", "title"))
        grid.add(Cell("Registre des activités de traitement (article 30 du RGPD)", "hint"))
        grid.blank()
        _part(grid, "Description du traitement")
        _line(grid, "Nom du traitement", WHOLE, B=act.name)
        _line(grid, "N° / RÉF", WHOLE, B=act.reference)
        _line(grid, "Date de création du traitement")
        grid.rows.append([Cell("Mise à jour du traitement", "label"),
                          Cell(act.last_reviewed_on, "date")])  # fmt: skip
        grid.blank()
        self._actors(grid, act)
        grid.blank()
        _part(grid, "Finalité(s) du traitement effectué")
        purposes = [p.description for p in act.purposes] or [""]
        for i, text in enumerate(purposes):
            _line(grid, f"Sous-finalité {i}" if i else "Finalité principale", WHOLE, B=text)
        grid.blank()
        self._data(grid, act)
        self._listed(grid, act)
        self._transfers(grid, act)
        return grid

    def _actors(self, grid: Grid, act: ActivityRec) -> None:
        _part(grid, "Acteurs", **dict(zip("BCDEFGH", ACTORS, strict=True)))
        org = self.org or OrganisationRec(key="", name="")
        _line(grid, "Responsable du traitement", B=org.name, C=org.address,
              G=org.contact_phone, H=org.contact_email)  # fmt: skip
        _line(grid, "Délégué à la protection des données", B=org.dpo_name,
              G=org.dpo_phone, H=org.dpo_email)  # fmt: skip
        _line(grid, "Société du DPO (si celui-ci est externe)")
        contact = org.representative_contact
        # The import reads the representative's contact as name, address...: written
        # once, not twice, when the contact starts with the name.
        if org.representative_name and contact.startswith(f"{org.representative_name}, "):
            contact = contact[len(org.representative_name) + 2 :]
        _line(grid, "Représentant", B=org.representative_name, C=contact)
        _line(grid, "Responsable(s) conjoint(s)", WHOLE, B=act.joint_controllers)

    def _rule(self, act: ActivityRec, category: str) -> RetentionRuleRec | None:
        """The rule for this data of the activity, else the activity's rule for all its data."""
        mine = [r for r in self.rules if r.activity == act.key]
        return next((r for r in mine if r.data_category == category), None) or next(
            (r for r in mine if r.data_category is None), None
        )

    def _data(self, grid: Grid, act: ActivityRec) -> None:
        for title, sensitive in (("Catégories de données personnelles concernées", False),
                                 ("Données sensibles", True)):  # fmt: skip
            _part(grid, title, B="Description", E="Durée de conservation")
            for use in act.data_categories:
                if self.entries.sensitive(use.category) != sensitive:
                    continue
                rule = self._rule(act, use.category)
                _line(grid, self.entries.words("data_categories", use.category), WIDE, B=use.note,
                      E=french_term(rule) if rule else "")  # fmt: skip
            grid.blank()

    def _listed(self, grid: Grid, act: ActivityRec) -> None:
        _part(grid, "Catégories de personnes concernées", B="Description", E="Précisions")
        for i, key in enumerate(act.subject_categories, 1):
            _line(grid, f"Catégorie de personnes {i}", WIDE,
                  B=self.entries.words("subject_categories", key))  # fmt: skip
        grid.blank()
        _part(grid, "Destinataires", B="Type de destinataire", E="Précisions")
        for i, use in enumerate(act.recipients, 1):
            _line(grid, f"Destinataire {i}", WIDE,
                  B=self.entries.words("recipient_categories", use.category), E=use.detail)  # fmt: skip
        grid.blank()
        _part(grid, "Mesures de sécurité", B="Type de mesure de sécurité", E="Précisions")
        names = [self.entries.words("security_measures", key) for key in act.measures]
        for i, (name, detail) in enumerate(zip(names, measure_details(names, act.measures_note),
                                               strict=True), 1):  # fmt: skip
            _line(grid, f"Mesure de sécurité {i}", WIDE, B=name, E=detail)
        grid.blank()

    def _transfers(self, grid: Grid, act: ActivityRec) -> None:
        _part(grid, "Transferts hors UE", B="Destinataire", C="Pays", D="Type de Garanties",
              F="Liens vers la documentation")  # fmt: skip
        for i, t in enumerate(act.transfers, 1):
            _line(grid, f"Organisme destinataire {i}", B=t.recipient,
                  C=french_name(t.country) or t.country,
                  D=GUARANTEES[t.safeguard] if t.safeguard else "",
                  F=documentation(t.note))  # fmt: skip


def measure_details(names: list[str], note: str) -> list[str]:
    """The measures note spread over the measure rows: a line "Name: detail" on the row of
    that measure (the import writes the note so), any other text on the first row."""
    details = {name: [] for name in names}  # type: dict[str, list[str]]
    free = []
    for line in note.split("\n"):
        name, sep, detail = line.partition(": ")
        if sep and name in details:
            details[name].append(detail)
        elif line.strip():
            free.append(line)
    out = ["\n".join(details[name]) for name in names]
    if out and free:
        out[0] = "\n".join(t for t in (out[0], *free) if t)
    return out


# Lines the import adds to a transfer's note from the other columns of its row.
_READ_FROM_ROW = ("Country as written: ", "Guarantee as written: ")


def documentation(note: str) -> str:
    """A transfer's note as its documentation cell (the import reads it back as
    "Documentation: ..." lines)."""
    lines = [line for line in note.split("\n") if not line.startswith(_READ_FROM_ROW)]
    return "\n".join(line.removeprefix("Documentation: ") for line in lines).strip()
