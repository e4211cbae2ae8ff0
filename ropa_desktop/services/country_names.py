"""Countries by their French name, as a French register writes them ("États-Unis")."""

from __future__ import annotations

import functools
import gettext

import pycountry


@functools.cache
def _french() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])


def french_name(name: str) -> str | None:
    """The French name of the country the register names in English or by its code
    ("United States" or "US" -> "États-Unis"); None for a name that is no country."""
    try:
        country = pycountry.countries.lookup(name.strip())
    except LookupError:
        return None
    return _french().gettext(country.name)
