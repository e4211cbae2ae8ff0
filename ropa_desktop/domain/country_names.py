"""A country as written (in French or English) read as its ISO 3166 code, and a code
named for people in English or French.

The index holds pycountry's English names (short, official and common), their French
translations shipped with pycountry, the alpha-2 and alpha-3 codes, and the few usual
names neither has ("USA", "Royaume Uni", "Corée du Sud"). A name that two countries
could share ("Corée", "Congo") is left out rather than guessed.
"""

from __future__ import annotations

import functools
import gettext
import re

import pycountry

from ropa_desktop.domain.text import fold

# Usual names pycountry has in neither language, and parts of the United Kingdom.
_ALIASES = {
    "usa": "US", "u s a": "US", "u s": "US", "etats unis d amerique": "US",
    "united states": "US", "uk": "GB", "u k": "GB", "grande bretagne": "GB",
    "great britain": "GB", "britain": "GB", "angleterre": "GB", "england": "GB",
    "ecosse": "GB", "scotland": "GB", "pays de galles": "GB", "wales": "GB",
    "irlande du nord": "GB", "northern ireland": "GB", "coree du sud": "KR",
    "south korea": "KR", "republique de coree": "KR", "coree du nord": "KP",
    "north korea": "KP", "russie": "RU", "russia": "RU", "hollande": "NL", "holland": "NL",
    "the netherlands": "NL", "republique tcheque": "CZ", "czech republic": "CZ",
    "emirats": "AE", "uae": "AE", "e a u": "AE", "vietnam": "VN", "taiwan": "TW",
    "syrie": "SY", "syria": "SY", "laos": "LA", "moldavie": "MD", "tanzanie": "TZ",
    "bolivie": "BO", "venezuela": "VE", "iran": "IR", "ivory coast": "CI",
    "cote d ivoire": "CI", "macedoine du nord": "MK", "north macedonia": "MK",
    "swaziland": "SZ", "turkey": "TR", "turquie": "TR", "hong kong": "HK", "ile maurice": "MU",
}  # fmt: skip
# Codes that are words too ("IN", "IT", "NO" ...) are read only when written in capitals.
_CODE = re.compile(r"[A-Z]{2,3}")


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


@functools.cache
def _french() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])


@functools.cache
def _index() -> dict[str, str]:
    french = _french()
    seen: dict[str, set[str]] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        names = [getattr(country, a, "") for a in ("name", "official_name", "common_name")]
        names = [n for n in names if n]
        names += [french.gettext(n) for n in names]
        for name in names:
            forms = {name}
            if ", " in name:  # "Iran, République islamique d'" -> "Iran"
                forms.add(name.split(", ")[0])
            for form in forms:
                seen.setdefault(_key(form), set()).add(code)
    index = {key: codes.pop() for key, codes in seen.items() if len(codes) == 1 and key}
    index.update(_ALIASES)
    return index


def country_code(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of the country ``text`` names, or None.

    "Etats-Unis", "USA" and "United States of America" give "US"; "Royaume-Uni" "GB";
    "Inde (Bangalore)" "IN"; "Union européenne" and unknown names None.
    """
    stripped = text.strip()
    if _CODE.fullmatch(stripped):
        found = pycountry.countries.get(alpha_2=stripped) if len(stripped) == 2 else None
        found = found or pycountry.countries.get(alpha_3=stripped)
        if found is not None:
            return str(found.alpha_2)
    index = _index()
    for candidate in (stripped, re.sub(r"\([^)]*\)", " ", stripped)):
        code = index.get(_key(candidate))
        if code:
            return code
    return None


def country_name(text: str) -> str | None:
    """The English name the register uses for the country ``text`` names, or None
    ("Etats-Unis" -> "United States", "Corée du Sud" -> "South Korea")."""
    code = country_code(text)
    return None if code is None else english_name(code)


def english_name(code: str) -> str:
    """The English name people use for the country ``code`` stands for ("US" -> "United
    States", "KR" -> "South Korea"); the code itself when ISO 3166 has no such country."""
    country = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def french_name(name: str) -> str | None:
    """The French name of the country the register names in English or by its code
    ("United States" or "US" -> "États-Unis"); None for a name that is no country."""
    code = country_code(name)
    if code is None:
        return None
    country = pycountry.countries.get(alpha_2=code)
    return None if country is None else _french().gettext(country.name)


def name_in(code: str, language: str) -> str:
    """The country ``code`` names in ``language`` ("en" or "fr"), for people."""
    if language == "fr":
        return french_name(code) or code
    return english_name(code)
