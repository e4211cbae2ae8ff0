"""The list of processing activities (“2 - Liste des traitements”), with the controller's,
representative's and DPO's contact blocks above it, as the CNIL's template has them."""

from __future__ import annotations

from ropa_desktop.domain.records import ActivityRec, OrganisationRec
from ropa_desktop.exporters.cnil.grid import Cell, Grid
from ropa_desktop.exporters.cnil.words import Entries

TITLE = "Liste des traitements"
WIDTHS = (44.0, 14.0, 24.0, 18.0, 56.0, 16.0, 30.0, 16.0, 30.0)


def _block(
    grid: Grid, title: str, first: list[tuple[str, str]], second: list[tuple[str, str]]
) -> None:
    """Two rows of "Label :" value pairs from column B, the block's name in column A."""
    for head, pairs in ((title, first), (None, second)):
        cells = [Cell(head, "label")]
        for name, value in pairs:
            cells += [Cell(f"{name} :", "label"), Cell(value or None)]
        grid.rows.append(cells)


def list_sheet(org: OrganisationRec | None, acts: list[ActivityRec], entries: Entries) -> Grid:
    org = org or OrganisationRec(key="", name="")
    grid = Grid(TITLE, WIDTHS)
    _block(
        grid,
        "Coordonnées du responsable de l’organisme\n(responsable de traitement ou son "
        "représentant si le responsable est situé en dehors de l’UE)",
        [
            ("Nom", org.name),
            ("Prénom", ""),
            ("Adresse", org.address),
            ("Adresse mél", org.contact_email),
        ],
        [("Code postal", ""), ("Ville", ""), ("Téléphone", org.contact_phone)],
    )
    _block(
        grid,
        "Coordonnées du représentant\n(si le responsable est situé en dehors de l’UE)",
        [("Nom", org.representative_name), ("Prénom", ""), ("Adresse", org.representative_contact)],
        [("Code postal", ""), ("Ville", ""), ("Téléphone", "")],
    )
    _block(
        grid,
        "Coordonnées du délégué à la protection des données (DPO)",
        [("Nom", org.dpo_name), ("Prénom", ""), ("Société (si DPO externe)", "")],
        [
            ("Code postal", ""),
            ("Ville", ""),
            ("Téléphone", org.dpo_phone),
            ("Adresse mél", org.dpo_email),
        ],
    )
    grid.blank()
    grid.add(
        "Identification du traitement",
        None,
        None,
        None,
        "Finalité du traitement",
        None,
        None,
        "Données sensibles ?",
        style="part",
    )
    grid.add(
        "Nom du traitement",
        "N° / RÉF",
        "Date de création de la fiche",
        "Dernière mise à jour de la fiche",
        "Finalité du traitement",
        None,
        None,
        "Oui/non",
        style="part",
    )
    for act in acts:
        sensitive = any(entries.sensitive(d.category) for d in act.data_categories)
        grid.rows.append(
            [
                Cell(act.name),
                Cell(act.reference),
                Cell(None, "date"),
                Cell(act.last_reviewed_on, "date"),
                Cell("\n".join(p.description for p in act.purposes) or None),
                Cell(None),
                Cell(None),
                Cell("Oui" if sensitive else "Non"),
            ]
        )
    return grid
