"""Catalogue entries and processors the editor offers, read once per register change."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ropa_desktop.domain.records import ProcessorRec
from ropa_desktop.services.catalogue_names import entry_description, entry_name
from ropa_desktop.services.catalogues import CATALOGUES, catalogue
from ropa_desktop.services.language import current_language
from ropa_desktop.services.processors import list_processors
from ropa_desktop.services.register import Register


@dataclass(frozen=True)
class Lookups:
    """Plain snapshots: catalogue name -> entries, and the processors."""

    catalogues: dict[str, list[Any]] = field(default_factory=dict)
    processors: list[ProcessorRec] = field(default_factory=list)
    language: str = "en"

    def entries(self, name: str) -> list[tuple[str, str, str]]:
        """(key, label, tooltip) for a picker; special data is flagged in the label."""
        out = []
        for rec in self.catalogues.get(name, []):
            label = entry_name(name, rec, self.language)
            # Flagged once: an entry already named “… (Art. 10)” gets no second mention.
            if getattr(rec, "special", False) and "Art. 9" not in label:
                label += " (special, Art. 9)"
            elif getattr(rec, "criminal", False) and "Art. 10" not in label:
                label += " (criminal, Art. 10)"
            out.append((rec.key, label, entry_description(name, rec, self.language)))
        return out

    def choices(self, name: str) -> list[tuple[Any, str]]:
        """(key, label) pairs for a table column, with a leading blank choice."""
        return [("", "— choose —"), *((k, label) for k, label, _ in self.entries(name))]

    def processor_entries(self) -> list[tuple[str, str, str]]:
        return [(p.key, p.name, p.services) for p in self.processors]


def load_lookups(register: Register) -> Lookups:
    """Read every catalogue and the processors through the services."""
    language = current_language()
    return Lookups(
        catalogues={kind.name: catalogue(register, kind.name, language) for kind in CATALOGUES},
        processors=list_processors(register),
        language=language,
    )
