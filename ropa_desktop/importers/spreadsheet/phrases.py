"""Free text of a register kept as a table, read into the register's structure.

One import point for the readers the spreadsheet importer calls; each is pure (no
database) and keeps the words it was given so nothing is lost:

* ``parse_retention`` — "5 ans à compter du dernier contact" -> a ``ParsedTerm``;
* ``match_catalogue`` — "Salariés" -> the key of the "Employees" entry, or None;
* ``country_code`` / ``country_name`` — "Etats-Unis" -> "US" / "United States";
* ``safeguard`` — "CCT" -> a ``SafeguardMatch`` for the standard contractual clauses;
* ``parse_date`` — "1er janvier 2024" -> a date, or a ValueError for people.
"""

from __future__ import annotations

from ropa_desktop.domain.country_names import country_code, country_name
from ropa_desktop.importers.spreadsheet.catalogue_match import (
    CatalogueEntry,
    catalogue_words,
    match_catalogue,
)
from ropa_desktop.importers.spreadsheet.dates import parse_date
from ropa_desktop.importers.spreadsheet.retention_phrases import ParsedTerm, parse_retention
from ropa_desktop.importers.spreadsheet.safeguards import (
    PRIVACY_SHIELD_REASON,
    SafeguardMatch,
    safeguard,
)

__all__ = [
    "PRIVACY_SHIELD_REASON",
    "CatalogueEntry",
    "ParsedTerm",
    "SafeguardMatch",
    "catalogue_words",
    "country_code",
    "country_name",
    "match_catalogue",
    "parse_date",
    "parse_retention",
    "safeguard",
]
