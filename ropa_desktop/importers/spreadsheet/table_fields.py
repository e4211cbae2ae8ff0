"""What a column of a register kept as a table can hold, and which header words say so.

A register kept as one row per activity (the ICO's controller template, a home-made
table) is read column by column; each column is mapped to one of ``FIELDS`` by its
key. ``propose(headers)`` proposes that mapping from the header words in French and
English: a header maps to the field one of whose phrases it holds in full, the longest
phrase winning ("Article 9 condition for processing special category data" is the
Art. 9 condition, not the special categories). A column mapped to ``note`` is kept in
the activity's description under its own header, so that nothing the table holds is
lost; ``None`` leaves a column out, and the import says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from ropa_desktop.importers.spreadsheet.text import words

__all__ = ["FIELDS", "NOTE", "Field", "field", "propose"]


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # as the editor labels the field
    phrases: tuple[str, ...]  # header words, English and French
    split: str = ""  # "lines": one item per line; "items": per line, ";" or ","


NOTE = "note"

FIELDS: tuple[Field, ...] = (
    Field(
        "reference", "Reference", ("reference", "ref", "n°", "numero", "identifiant", "id", "code")
    ),
    Field(
        "name",
        "Name",
        (
            "name",
            "nom",
            "activity",
            "processing activity",
            "activite",
            "traitement",
            "nom du traitement",
            "intitule",
            "title",
        ),
    ),
    Field("description", "Description", ("description", "descriptif")),
    Field(
        "owner_department",
        "Owner department",
        (
            "business function",
            "department",
            "owner",
            "service",
            "direction",
            "departement",
            "fonction",
            "service responsable",
            "metier",
        ),
    ),
    Field(
        "purposes",
        "Purposes",
        (
            "purpose",
            "finalite",
            "objectif",
            "purpose of processing",
            "finalite principale",
            "objectif poursuivi",
        ),
        split="lines",
    ),
    Field(
        "legal_basis",
        "Legal basis",
        (
            "lawful basis",
            "legal basis",
            "base legale",
            "base juridique",
            "fondement",
            "fondement juridique",
            "article 6",
            "licéité",
        ),
        split="items",
    ),
    Field(
        "legitimate_interests", "Legitimate interests", ("legitimate interest", "interet legitime")
    ),
    Field(
        "lia_reference",
        "Legitimate interests assessment",
        (
            "legitimate interests assessment",
            "record of legitimate interests assessment",
            "evaluation de l'interet legitime",
            "mise en balance",
        ),
    ),
    Field(
        "joint_controllers",
        "Joint controllers",
        ("joint controller", "responsable conjoint", "coresponsable", "responsable(s) conjoint(s)"),
    ),
    Field(
        "subject_categories",
        "Data subjects",
        (
            "categories of individuals",
            "data subject",
            "individuals",
            "personnes concernees",
            "categories de personnes",
            "personne concernee",
        ),
        split="items",
    ),
    Field(
        "data_categories",
        "Data categories",
        (
            "categories of personal data",
            "personal data",
            "data categories",
            "categories of data",
            "categories de donnees",
            "donnees collectees",
            "donnees traitees",
            "donnees",
            "data",
            "donnees personnelles",
            "type of data",
        ),
        split="items",
    ),
    Field(
        "special_categories",
        "Special categories (Art. 9)",
        (
            "special category",
            "special categories of data",
            "sensitive data",
            "donnees sensibles",
            "categories particulieres",
        ),
        split="items",
    ),
    Field(
        "art9_condition",
        "Art. 9(2) condition",
        (
            "article 9 condition for processing",
            "article 9 condition",
            "article 9",
            "art 9 condition",
            "condition article 9",
            "exception article 9",
        ),
        split="items",
    ),
    Field(
        "recipients",
        "Recipients",
        ("recipient", "destinataire", "categories of recipients", "categories de destinataires"),
        split="items",
    ),
    Field(
        "countries",
        "Transfer countries",
        (
            "third countries",
            "third country",
            "countries",
            "pays",
            "pays tiers",
            "transfert hors ue",
            "transferts hors ue",
            "transfer outside",
            "pays de destination",
            "third countries or international organisations",
        ),
        split="items",
    ),
    Field(
        "safeguards",
        "Transfer safeguards",
        (
            "safeguard",
            "garanties",
            "garantie",
            "transfer mechanism",
            "safeguards for exceptional transfers of personal data",
            "type de garanties",
            "garanties appropriees",
        ),
        split="items",
    ),
    Field(
        "retention",
        "Retention",
        (
            "retention",
            "retention schedule",
            "retention period",
            "duree de conservation",
            "conservation",
            "delai de conservation",
            "delai d'effacement",
        ),
    ),
    Field(
        "measures",
        "Security measures",
        (
            "security measures",
            "technical and organisational security measures",
            "mesures de securite",
            "securite",
            "security",
        ),
        split="items",
    ),
    Field(
        "dpia_reference",
        "DPIA reference",
        (
            "link to data protection impact assessment",
            "dpia reference",
            "dpia",
            "link to dpia",
            "aipd",
            "pia",
            "analyse d'impact",
        ),
    ),
    Field(
        "automated_decision",
        "Automated decision-making",
        (
            "automated decision",
            "automated decision-making",
            "profiling",
            "decision automatisee",
            "profilage",
        ),
    ),
    Field(
        "last_reviewed_on",
        "Last reviewed",
        (
            "last reviewed",
            "last review",
            "last updated",
            "date of last review",
            "mise a jour",
            "date de mise a jour",
            "derniere mise a jour",
            "date de derniere mise a jour",
            "updated",
        ),
    ),
    Field(
        "next_review_on",
        "Next review",
        ("next review", "review date", "prochaine revue", "prochaine mise a jour", "date de revue"),
    ),
    # Columns with no field of their own, named here so that their words (“personal data”,
    # “individuals”) do not pull them to a field they are not: kept under their header.
    Field(
        NOTE,
        "Description (kept under its header)",
        (
            "source of the personal data",
            "location of personal data",
            "link to record of consent",
            "rights available to individuals",
            "personal data breach",
            "contract with processor",
            "retention and erasure policy",
            "schedule 1 condition",
            "in accordance with the policy document",
            "data protection impact assessment required",
            "data protection impact assessment progress",
            "commentaire",
            "comment",
            "remarque",
            "observation",
            "note",
        ),
    ),
)
_BY_KEY = {f.key: f for f in FIELDS}
_STOP = {
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "l",
    "d",
    "a",
    "au",
    "aux",
    "et",
    "ou",
    "of",
    "the",
    "to",
    "for",
    "and",
    "or",
    "if",
    "applicable",
    "possible",
    "en",
    "par",
    "sur",
    "que",
    "qui",
    "est",
    "is",
    "are",
    "any",
    "un",
    "une",
    "in",
    "on",
    "pour",
}


def field(key: str) -> Field | None:
    return _BY_KEY.get(key)


def _content(text: str) -> frozenset[str]:
    return frozenset(w for w in words(text) if w not in _STOP)


_PHRASES = [(f.key, _content(p)) for f in FIELDS for p in f.phrases]


def propose(headers: list[str]) -> list[str | None]:
    """The proposed field key for each header (None where nothing fits; a field is
    proposed for one column only, the first that names it best)."""
    best: list[tuple[float, str | None]] = []
    for header in headers:
        have = _content(header)
        score, key = 0.0, None
        for k, phrase in _PHRASES:
            # The longest phrase held wins; a header that is the phrase itself wins a tie.
            fit = len(phrase) + (0.5 if phrase == have else 0.0)
            if phrase and phrase <= have and fit > score:
                score, key = fit, k
        best.append((score, key))
    out: list[str | None] = []
    taken: dict[str, int] = {}
    for i, (score, key) in enumerate(best):
        if key is None:
            out.append(None)
            continue
        if key == NOTE:
            out.append(key)
            continue
        if key in taken and best[taken[key]][0] >= score:
            out.append(NOTE)  # a second column for the same field is kept as a note
            continue
        if key in taken:
            out[taken[key]] = NOTE
        taken[key] = i
        out.append(key)
    return [k if k is not None or not headers[i].strip() else NOTE for i, k in enumerate(out)]
