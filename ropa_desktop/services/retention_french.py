"""A retention term in the French words of a CNIL register ("5 ans à compter de la fin
du contrat, puis suppression").

The CNIL export writes a rule's term this way, and the CNIL import compares a fiche's
words with these to know that a term did not change: the wording is the one the
import's retention reader reads back as the same duration, starting event and
end-of-life action.
"""

from __future__ import annotations

from ropa_desktop.domain.enums import EndOfLifeAction, RetentionUnit, TriggerEvent
from ropa_desktop.domain.records import RetentionRuleRec

_UNITS = {
    RetentionUnit.YEARS: ("an", "ans"),
    RetentionUnit.MONTHS: ("mois", "mois"),
    RetentionUnit.WEEKS: ("semaine", "semaines"),
    RetentionUnit.DAYS: ("jour", "jours"),
}
_FROM = {
    TriggerEvent.COLLECTION: "à compter de la collecte",
    TriggerEvent.END_OF_CONTRACT: "à compter de la fin du contrat",
    TriggerEvent.ACCOUNT_CLOSURE: "à compter de la clôture du compte",
    TriggerEvent.LAST_CONTACT: "à compter du dernier contact",
    TriggerEvent.END_OF_LEGAL_HOLD: "à compter de la fin du contentieux",
}
_THEN = {
    EndOfLifeAction.DELETE: "puis suppression",
    EndOfLifeAction.ANONYMISE: "puis anonymisation",
    EndOfLifeAction.ARCHIVE: "puis archivage intermédiaire",
    EndOfLifeAction.RETURN: "puis restitution",
}


def french_term(rule: RetentionRuleRec) -> str:
    """The rule's term in French; "" when the rule gives neither duration nor term.

    An open-ended term is the register's own words ("Tant que le compte est actif"),
    which already say when it ends.
    """
    if rule.duration_value is not None and rule.duration_unit is not None:
        one, many = _UNITS[rule.duration_unit]
        text = f"{rule.duration_value} {one if rule.duration_value == 1 else many}"
        if rule.trigger is not None:
            text += f" {_FROM[rule.trigger]}"
    else:
        text = " ".join(rule.open_ended_term.split())
        if not text:
            return ""
    if rule.end_of_life_action is not None:
        text += f", {_THEN[rule.end_of_life_action]}"
    return text


def says_term(text: str, rule: RetentionRuleRec) -> bool:
    """Whether ``text`` is the rule's term in the words ``french_term`` gives it."""
    words = french_term(rule)
    return bool(words) and " ".join(text.split()).casefold() == words.casefold()
