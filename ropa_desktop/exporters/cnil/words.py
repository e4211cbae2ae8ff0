"""The CNIL template's own wordings for the register's values.

Where the template's lists ("5 - Listes") or its fiche rows name a shipped catalogue
entry one-to-one, the export writes the template's words, so the fiche reads as the
CNIL's does; any other entry is written under the register's own name. The CNIL
import reads both back as the same entry (tests/test_export_cnil.py checks each
wording against the shipped catalogue).
"""

from __future__ import annotations

from typing import Any

from ropa_desktop.domain.enums import TransferSafeguard

# catalogue -> entry key -> the template's words
TEMPLATE_WORDS: dict[str, dict[str, str]] = {
    "data_categories": {
        "identity": "État civil, identité, données d'identification, images…",
        "personal-life": "Vie personnelle (habitudes de vie, situation familiale, etc.)",
        "financial-situation": "Informations d'ordre économique et financier (revenus, "
        "situation financière, situation fiscale, etc.)",
        "connection-data": "Données de connexion (adresse IP, logs, etc.)",
        "location-data": "Données de localisation (déplacements, données GPS, GSM, etc.)",
        "national-id": "Numéro de Sécurité Sociale (ou NIR)",
        "racial-ethnic-origin": "Données révélant l'origine raciale ou ethnique",
        "political-opinions": "Données révélant les opinions politiques",
        "religious-beliefs": "Données révélant les convictions religieuses ou philosophiques",
        "trade-union": "Données révélant l'appartenance syndicale",
        "genetic-data": "Données génétiques",
        "biometric-data": "Données biométriques aux fins d'identifier une personne physique "
        "de manière unique",
        "health": "Données concernant la santé",
        "sex-life-orientation": "Données concernant la vie sexuelle ou l'orientation sexuelle",
        "criminal-data": "Données relatives à des condamnations pénales ou infractions",
    },
    "subject_categories": {
        "employees": "Salariés",
        "customers": "Clients",
        "suppliers-contacts": "Fournisseurs",
        "prospects": "Prospects",
        "job-applicants": "Candidats",
    },
    "recipient_categories": {
        "internal-departments": "Service interne qui traite les données",
        "service-providers": "Sous-traitants",
        "partners": "Partenaires institutionnels ou commerciaux",
    },
    "security_measures": {
        "logging": "Mesures de traçabilité",
        "backups": "Sauvegarde des données",
        "access-control": "Contrôle d'accès des utilisateurs",
        "processor-vetting": "Contrôle des sous-traitants",
    },
}

GUARANTEES = {
    TransferSafeguard.SCC: "Clauses contractuelles types (CCT)",
    TransferSafeguard.BCR: "Règles d'entreprise contraignantes (BCR)",
    TransferSafeguard.ADEQUACY: "Pays adéquat",
    TransferSafeguard.CODE_OF_CONDUCT: "Code de conduite",
    TransferSafeguard.CERTIFICATION: "Certification",
    TransferSafeguard.DEROGATION: "Dérogations (art 49)",
}


class Entries:
    """How each catalogue entry of a register is written on a fiche."""

    def __init__(self, catalogues: dict[str, list[Any]]) -> None:
        self.by_key = {name: {e.key: e for e in entries} for name, entries in catalogues.items()}

    def words(self, catalogue: str, key: str) -> str:
        """The template's words for the entry, else the register's name for it."""
        entry = self.by_key.get(catalogue, {}).get(key)
        if entry is None:
            return key
        return TEMPLATE_WORDS.get(catalogue, {}).get(key) or entry.name

    def sensitive(self, key: str) -> bool:
        """An Art. 9 special category or Art. 10 criminal data: the fiche's sensitive part."""
        entry = self.by_key.get("data_categories", {}).get(key)
        return entry is not None and (entry.special or entry.criminal)
