"""A transfer guarantee as written ("CCT", "BCR", "Privacy Shield") read as a safeguard."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ropa_desktop.domain.enums import TransferSafeguard
from ropa_desktop.importers.spreadsheet.text import fold

_ART = r"(?:art|article)s? ?"
_SAFEGUARDS = (
    (TransferSafeguard.SCC,
     r"\bclauses? contractuelles? (?:types?|standards?|standardisees?|de la commission)\b"
     r"|\bclauses? types?\b|\bcct\b|\bccs\b|\bsccs?\b"
     r"|\bstandard (?:contractual|data protection) clauses?\b|\bmodel (?:contractual )?clauses?\b"
     rf"|\b{_ART}46 ?2 ?c\b"),
    (TransferSafeguard.BCR,
     r"\bbcrs?\b|\bbinding corporate rules?\b"
     r"|\bregles? (?:internes? )?(?:d entreprise )?contraignantes?\b|\bregles? internes? d entreprise\b"
     rf"|\b{_ART}47\b"),
    (TransferSafeguard.ADEQUACY,
     r"\bdecisions? d adequation\b|\badequacy\b|\badequation\b|\b(?:pays|niveau(?: de protection)?) adequats?\b"
     r"|\badequate (?:country|level of protection|protection)\b|\bdata privacy framework\b|\bdpf\b"
     rf"|\b{_ART}45\b"),
    (TransferSafeguard.CODE_OF_CONDUCT, rf"\bcodes? de conduite\b|\bcodes? of conduct\b|\b{_ART}46 ?2 ?e\b"),
    (TransferSafeguard.CERTIFICATION,
     rf"\bcertifications?\b|\bcertification mechanisms?\b|\b{_ART}46 ?2 ?f\b|\b{_ART}42\b"),
    (TransferSafeguard.DEROGATION,
     r"\bderogations?\b|\bexceptions? (?:de l )?(?:art|article) 49\b|\bspecific situations?\b"
     rf"|\bsituations? particulieres?\b|\b{_ART}49\b"),
)  # fmt: skip
_PATTERNS = [(s, re.compile(p)) for s, p in _SAFEGUARDS]
_PRIVACY_SHIELD = re.compile(r"\bprivacy shield\b|\bbouclier de protection\b")
_SAFE_HARBOUR = re.compile(r"\bsafe harbou?r\b|\bsphere de securite\b")
# A security certification is no transfer safeguard: Art. 46(2)(f) means a certification
# approved under Art. 42 together with binding commitments of the importer.
_SECURITY_CERT = re.compile(
    r"\biso\b|\b27001\b|\bsoc ?[12]\b|\bhds\b|\bpci\b|\bsecnumcloud\b|\bhipaa\b"
)
_NOT_IN_PLACE = re.compile(
    r"\b(?:aucune?|pas de|sans|non|none|no|not|neant|n a|en cours|a signer|a mettre en place"
    r"|a venir|pending|planned|prevue?s?|to be signed|in progress|under negotiation"
    r"|en negociation|to do|tbd)\b"
)
PRIVACY_SHIELD_REASON = "the Privacy Shield was invalidated by the CJEU in July 2020 (Schrems II)"
SAFE_HARBOUR_REASON = (
    "the Safe Harbour decision was invalidated by the CJEU in October 2015 (Schrems I)"
)


@dataclass(frozen=True)
class SafeguardMatch:
    """The safeguard a guarantee names, or None with the reason a person must check it."""

    original: str
    safeguard: TransferSafeguard | None
    to_confirm: bool
    invalid_reason: str = ""
    note: str = ""


def safeguard(text: str) -> SafeguardMatch:
    """Read a transfer guarantee written in French or English.

    "Clauses contractuelles types (CCT)", "SCC" give the standard contractual clauses;
    "Privacy shield" gives no safeguard, with ``invalid_reason`` saying why; anything
    not clearly one safeguard gives None, to confirm.
    """
    words = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())
    if not words:
        return SafeguardMatch(text, None, True, note="No safeguard is given.")
    for pattern, reason in (
        (_PRIVACY_SHIELD, PRIVACY_SHIELD_REASON),
        (_SAFE_HARBOUR, SAFE_HARBOUR_REASON),
    ):
        if pattern.search(words):
            return SafeguardMatch(
                text,
                None,
                True,
                invalid_reason=reason,
                note=f"“{text.strip()}” is no longer a valid safeguard; record the one the "
                "transfer now relies on (for a US recipient certified under the EU-US Data "
                "Privacy Framework, the adequacy decision of 10 July 2023).",
            )
    found = [s for s, pattern in _PATTERNS if pattern.search(words)]
    if _NOT_IN_PLACE.search(words):
        return SafeguardMatch(
            text,
            None,
            True,
            note=f"“{text.strip()}” does not say a safeguard is in place; check it.",
        )
    if found == [TransferSafeguard.CERTIFICATION] and _SECURITY_CERT.search(words):
        return SafeguardMatch(
            text,
            None,
            True,
            note=f"“{text.strip()}” is a security certification, not a transfer safeguard "
            "(Art. 46(2)(f) means a certification approved under Art. 42); check the transfer.",
        )
    if len(found) == 1:
        return SafeguardMatch(text, found[0], False)
    if found:
        listed = ", ".join(s.label for s in found)
        return SafeguardMatch(
            text,
            None,
            True,
            note=f"“{text.strip()}” names several safeguards ({listed}); keep the one the "
            "transfer relies on.",
        )
    return SafeguardMatch(
        text,
        None,
        True,
        note=f"“{text.strip()}” is not a safeguard this version recognises; choose one.",
    )
