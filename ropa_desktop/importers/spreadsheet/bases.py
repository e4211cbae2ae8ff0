"""Legal bases and Art. 9(2) conditions named in words, French or English.

``legal_bases("Contract; legitimate interests")`` -> [CONTRACT, LEGITIMATE_INTERESTS],
in the order the text names them; the article itself ("Art. 6(1)(b)") counts as a name.
``art9_conditions`` does the same for the Art. 9(2) conditions. A text that names none
gives an empty list: the caller keeps the words and marks the field to confirm.
"""

from __future__ import annotations

import re
from typing import TypeVar

from ropa_desktop.domain.enums import Art9Condition, LegalBasis
from ropa_desktop.importers.spreadsheet.text import fold

__all__ = ["art9_conditions", "legal_bases"]

E = TypeVar("E", LegalBasis, Art9Condition)

_LEGAL: dict[LegalBasis, tuple[str, ...]] = {
    LegalBasis.CONSENT: ("consent", "consentement", "6(1)(a)"),
    LegalBasis.CONTRACT: ("contract", "contrat", "contractuel", "contractual", "6(1)(b)"),
    LegalBasis.LEGAL_OBLIGATION: (
        "legal obligation",
        "obligation legale",
        "obligations legales",
        "legal requirement",
        "6(1)(c)",
    ),
    LegalBasis.VITAL_INTERESTS: ("vital interest", "interets vitaux", "interet vital", "6(1)(d)"),
    LegalBasis.PUBLIC_TASK: (
        "public task",
        "official authority",
        "mission d'interet public",
        "mission de service public",
        "autorite publique",
        "6(1)(e)",
    ),
    LegalBasis.LEGITIMATE_INTERESTS: (
        "legitimate interest",
        "interet legitime",
        "interets legitimes",
        "6(1)(f)",
    ),
}
_ART9: dict[Art9Condition, tuple[str, ...]] = {
    Art9Condition.EXPLICIT_CONSENT: ("explicit consent", "consentement explicite", "9(2)(a)"),
    Art9Condition.EMPLOYMENT: (
        "employment",
        "social security",
        "social protection",
        "droit du travail",
        "securite sociale",
        "protection sociale",
        "9(2)(b)",
    ),
    Art9Condition.VITAL_INTERESTS: ("vital interest", "interets vitaux", "9(2)(c)"),
    Art9Condition.NOT_FOR_PROFIT: (
        "not-for-profit",
        "not for profit",
        "but non lucratif",
        "9(2)(d)",
    ),
    Art9Condition.MADE_PUBLIC: ("made public", "rendues publiques", "rendue publique", "9(2)(e)"),
    Art9Condition.LEGAL_CLAIMS: (
        "legal claim",
        "courts",
        "action en justice",
        "droits en justice",
        "9(2)(f)",
    ),
    Art9Condition.SUBSTANTIAL_PUBLIC_INTEREST: (
        "substantial public interest",
        "interet public important",
        "9(2)(g)",
    ),
    Art9Condition.HEALTH_CARE: (
        "health or social care",
        "occupational medicine",
        "medecine preventive",
        "medecine du travail",
        "diagnostic medical",
        "medical diagnosis",
        "9(2)(h)",
    ),
    Art9Condition.PUBLIC_HEALTH: ("public health", "sante publique", "9(2)(i)"),
    Art9Condition.ARCHIVING_RESEARCH: (
        "archiving",
        "scientific research",
        "statistic",
        "archivage",
        "recherche scientifique",
        "statistique",
        "9(2)(j)",
    ),
}


def _compile(table: dict[E, tuple[str, ...]]) -> list[tuple[E, re.Pattern[str]]]:
    out = []
    for value, phrases in table.items():
        alternatives = "|".join(
            re.escape(p.replace(" ", "")) if "(" in p else re.escape(p) for p in phrases
        )
        out.append((value, re.compile(rf"(?<![a-z])(?:{alternatives})")))
    return out


_LEGAL_RE = _compile(_LEGAL)
_ART9_RE = _compile(_ART9)


def _find(text: str, patterns: list[tuple[E, re.Pattern[str]]]) -> list[E]:
    folded = fold(text)
    # "Art. 6 (1) (b)" -> "art.6(1)(b)": the article is matched without its spaces.
    folded = re.sub(r"(?<=[\d)])\s+(?=\()", "", folded)
    found: list[tuple[int, E]] = []
    for value, pattern in patterns:
        hit = pattern.search(folded)
        if hit is not None:
            found.append((hit.start(), value))
    return list(dict.fromkeys(v for _, v in sorted(found, key=lambda f: f[0])))


def legal_bases(text: str) -> list[LegalBasis]:
    return _find(text, _LEGAL_RE)


def art9_conditions(text: str) -> list[Art9Condition]:
    return _find(text, _ART9_RE)
