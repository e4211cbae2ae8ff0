"""The seven elements of an Art. 30(1) record and which blocking findings leave each
unmet: the PDF's checklist and the activity list's notice on the controller ask here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ropa_desktop.services.checks import BLOCKING, Finding


@dataclass(frozen=True)
class Element:
    """One element an Art. 30(1) record must hold, and the blocking findings that say it lacks it."""

    letter: str  # "a" for Art. 30(1)(a)
    label: str
    codes: frozenset[str]

    @property
    def article(self) -> str:
        return f"Art. 30(1)({self.letter})"


# The seven elements of Art. 30(1), checked by the findings of services.checks; "a" by the
# organisation's, "f" by the activity's and its retention rules' findings.
ART30_ELEMENTS = (
    Element("a", "Controller", frozenset({"missing_organisation", "missing_controller_contact"})),
    Element("b", "Purposes", frozenset({"missing_purpose", "missing_legal_basis"})),
    Element("c", "Subjects and data", frozenset({"missing_subjects", "missing_data_categories"})),
    Element("d", "Recipients", frozenset({"missing_recipients"})),
    Element("e", "Transfers", frozenset({"transfer_without_safeguard"})),
    Element("f", "Erasure time limits", frozenset({"missing_retention", "retention_without_term"})),
    Element("g", "Security measures", frozenset({"missing_measures"})),
)


def unmet_elements(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """The Art. 30(1) elements a record's findings leave unmet: letter -> those findings.

    ``findings`` are the activity's, its retention rules' and the organisation's.
    """
    unmet: dict[str, list[Finding]] = {}
    for f in findings:
        if f.severity != BLOCKING:
            continue
        for element in ART30_ELEMENTS:
            if f.code in element.codes:
                unmet.setdefault(element.letter, []).append(f)
    return unmet
