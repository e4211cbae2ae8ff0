"""Where a country stands under Chapter V: in the EEA, covered by an adequacy decision on a
given day (and for whom), or a third country that needs a safeguard.

The facts are dated data in resources/countries.json, with their sources; this module only
reads them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from dataclasses import dataclass
from typing import Any

import pycountry

from ropa_desktop.domain.country_names import country_code, name_in
from ropa_desktop.domain.records import ActivityRec
from ropa_desktop.paths import RESOURCES
from ropa_desktop.services.language import sort_key

COUNTRIES_PATH = RESOURCES / "countries.json"


@dataclass(frozen=True)
class Adequacy:
    """One adequacy decision of the European Commission for one country."""

    code: str
    decision: str
    adopted: dt.date
    until: dt.date | None
    scope: dict[str, str]
    certified_only: bool = False

    def applies_on(self, day: dt.date) -> bool:
        return self.adopted <= day and (self.until is None or day < self.until)


@functools.cache
def _data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(COUNTRIES_PATH.read_text(encoding="utf-8"))
    return loaded


@functools.cache
def eea_codes() -> frozenset[str]:
    """The codes of the EEA's 30 states (the EU's 27, Iceland, Liechtenstein, Norway)."""
    eea = _data()["eea"]
    return frozenset([*eea["eu"], *eea["efta"]])


@functools.cache
def adequacy_decisions() -> tuple[Adequacy, ...]:
    """Every decision in resources/countries.json, in the file's order."""
    return tuple(
        Adequacy(
            code=item["code"],
            decision=item["decision"],
            adopted=dt.date.fromisoformat(item["adopted"]),
            until=dt.date.fromisoformat(item["until"]) if item.get("until") else None,
            scope=dict(item["scope"]),
            certified_only=bool(item.get("certified_only", False)),
        )
        for item in _data()["adequacy"]
    )


def in_eea(code: str) -> bool:
    """True for a code of an EEA state ("FR", "NO"); False for any other code."""
    return code.upper() in eea_codes()


def adequacy_on(code: str, day: dt.date) -> Adequacy | None:
    """The adequacy decision that covers ``code`` on ``day``, or None: "US" has none on
    9 July 2023 and the Data Privacy Framework (certified organisations only) from the
    10th."""
    for decision in adequacy_decisions():
        if decision.code == code.upper() and decision.applies_on(day):
            return decision
    return None


def is_country_code(code: str) -> bool:
    """True when ``code`` is an ISO 3166-1 alpha-2 code ("FR"); False for "fr" or "XX"."""
    return len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None


def as_code(text: str) -> str | None:
    """The code a transfer stores for ``text``: a code as given, an unambiguous name in
    English or French read as its code ("Etats-Unis" -> "US"), else None."""
    stripped = text.strip()
    if is_country_code(stripped):
        return stripped
    return country_code(stripped) if stripped else None


def stored_country(text: str) -> str:
    """What a transfer stores for the country ``text`` names: its code when the name is
    unambiguous, else the words as written (an international organisation, a name to
    confirm)."""
    return as_code(text) or text.strip()


def with_country_codes(rec: ActivityRec) -> ActivityRec:
    """``rec`` with each transfer's country as :func:`stored_country` stores it: every door
    (the editor, the JSON and workbook imports) saves through this."""
    transfers = tuple(
        dataclasses.replace(t, country=stored_country(t.country)) for t in rec.transfers
    )
    return rec if transfers == rec.transfers else dataclasses.replace(rec, transfers=transfers)


def country_label(value: str, language: str = "en") -> str:
    """How a person reads a transfer's stored country: a code by its name in ``language``,
    a name kept as written (still to confirm) as written."""
    return name_in(value, language) if is_country_code(value) else value


@functools.cache
def all_countries(language: str = "en") -> tuple[tuple[str, str], ...]:
    """(code, name in ``language``) for every ISO 3166-1 country, sorted by name as people
    sort them (accents ignored)."""
    rows = [(str(c.alpha_2), name_in(str(c.alpha_2), language)) for c in pycountry.countries]
    return tuple(sorted(rows, key=lambda row: sort_key(row[1])))
