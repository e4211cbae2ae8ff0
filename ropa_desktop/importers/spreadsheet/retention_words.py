"""The French and English words of retention periods, as patterns over folded text.

Folded text is lower case, without accents, apostrophes and punctuation turned into
single spaces; "+" and "-" are kept. See ``retention_phrases.prepare``.
"""

from __future__ import annotations

import re

from ropa_desktop.domain.enums import EndOfLifeAction, RetentionUnit, TriggerEvent

# --- numbers ----------------------------------------------------------------------


def _number_words() -> dict[str, int]:
    fr = ["un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"]
    fr += ["onze", "douze", "treize", "quatorze", "quinze", "seize"]
    fr += ["dix-sept", "dix-huit", "dix-neuf"]
    en = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    en += ["eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"]
    en += ["eighteen", "nineteen"]
    out = {word: n for n, word in enumerate(fr, start=1)}
    out.update({word: n for n, word in enumerate(en, start=1)})
    out.update({"une": 1, "a": 1})
    fr_tens = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
    en_tens = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
    for tens, value in fr_tens.items():
        out[tens] = value
        out[f"{tens}-et-un"] = out[f"{tens}-et-une"] = value + 1
        for n, unit in enumerate(fr[1:9], start=2):
            out[f"{tens}-{unit}"] = value + n
    for tens, value in en_tens.items():
        out[tens] = value
        for n, unit in enumerate(en[:9], start=1):
            out[f"{tens}-{unit}"] = value + n
    return out


NUMBER_WORDS = _number_words()
_WORDS_RE = "|".join(
    re.escape(w).replace(r"\-", "[ -]") for w in sorted(NUMBER_WORDS, key=len, reverse=True)
)
NUM = rf"(?<![\w.,])(?:\d+|{_WORDS_RE})(?![\w])"


def number_value(text: str) -> int:
    """The value of a number as matched by ``NUM`` ("12", "douze", "vingt et un")."""
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS[re.sub(r"[ -]+", "-", text)]


# --- units ------------------------------------------------------------------------

UNITS = {
    "annee": RetentionUnit.YEARS, "annees": RetentionUnit.YEARS, "an": RetentionUnit.YEARS,
    "ans": RetentionUnit.YEARS, "year": RetentionUnit.YEARS, "years": RetentionUnit.YEARS,
    "yr": RetentionUnit.YEARS, "yrs": RetentionUnit.YEARS,
    "mois": RetentionUnit.MONTHS, "month": RetentionUnit.MONTHS, "months": RetentionUnit.MONTHS,
    "semaine": RetentionUnit.WEEKS, "semaines": RetentionUnit.WEEKS,
    "week": RetentionUnit.WEEKS, "weeks": RetentionUnit.WEEKS,
    "jour": RetentionUnit.DAYS, "jours": RetentionUnit.DAYS, "j": RetentionUnit.DAYS,
    "day": RetentionUnit.DAYS, "days": RetentionUnit.DAYS,
}  # fmt: skip
_UNIT_RE = "|".join(sorted(UNITS, key=len, reverse=True))
DURATION = re.compile(rf"(?P<num>{NUM})[ -]?(?P<unit>{_UNIT_RE})\b")
# Units the register has no member for; a wrong unit is worse than none.
BAD_UNIT = re.compile(
    rf"{NUM}[ -]?(?:heures?|h|hours?|hrs?|minutes?|mins?|mn|secondes?|seconds?|secs?)\b"
    rf"|{NUM}[ -]?(?:jours?|j) (?:ouvres|ouvrables|francs)\b"
    rf"|{NUM}[ -]?(?:working|business|banking|bank|clear) days?\b"
)
RANGE = re.compile(
    rf"{NUM} ?(?:a|-|to|ou|or|et|and|/) ?(?:{NUM}) ?-?(?:{_UNIT_RE}|heures?|hours?)\b"
)
FRACTION = re.compile(r"\d+ ?[.,] ?\d+|\bdemie?s?\b|\bhalf\b|\bquarts?\b|\bquarter\b")
MINIMUM = re.compile(
    r"\b(?:au moins|au minimum|minimum|minimal|minimale|at least|a minimum of|no less than"
    r"|not less than|pas moins de|(?<!pas )plus de|(?<!no )(?<!not )more than|beyond|au-dela de|au dela de)\b"
)
APPROXIMATE = re.compile(
    r"\b(?:environ|approximativement|approx|env|about|around|approximately|roughly|circa"
    r"|a peu pres|de l ordre de|ou plus|or more|ou moins|or less)\b"
)
CONDITION = re.compile(
    r"\b(?:sauf|excepte|except|unless|en cas d|en cas de|in case of|in the event of|si|if"
    r"|hors|le cas echeant|where applicable|prorogee?s?|prolongee?s?|extended)\b"
)
ALTERNATIVE = re.compile(r"\b(?:ou|or|either)\b")
SEPARATOR = re.compile(
    r"\bpuis\b|\bthen\b|\bfollowed by\b|\bsuivie?s? (?:d|de|par)\b|\+|;|\bet\b|\band\b"
    r"|(?<!pas )(?<!au )(?<!de )\bplus\b(?! de\b)"
)

# --- events -----------------------------------------------------------------------

_OF = r"(?:(?:du|de la|de l|des|de|d|of the|of a|of an|of their|of its|of) )?"
_ART = r"(?:(?:la|le|les|l|un|une|the|a|an|its|their|sa|son|ses|leur|leurs) )?"
CONTRACT = (
    r"(?:contrats? (?:de travail|de prestations?|de services?|de location)"
    r"|contrats?|relations? (?:contractuelles?|commerciales?|clients?|d affaires)"
    r"|engagements? contractuels?|emploi|employment contracts?|employment"
    r"|contractual relationships?|business relationships?|commercial relationships?"
    r"|customer relationships?|client relationships?|contracts?)\b"
)
ACCOUNT = r"(?:(?:customer |user |online |client )?accounts?|comptes?(?: clients?| utilisateurs?| en ligne)?)\b"
HOLD = (
    r"(?:contentieux|litiges?|procedures? (?:judiciaires?|contentieuses?)|actions? en justice"
    r"|legal holds?|litigation|legal proceedings|court proceedings)\b"
)
ENTITIES = (
    (CONTRACT, TriggerEvent.END_OF_CONTRACT),
    (ACCOUNT, TriggerEvent.ACCOUNT_CLOSURE),
    (HOLD, TriggerEvent.END_OF_LEGAL_HOLD),
)
_END_NOUNS = {
    TriggerEvent.END_OF_CONTRACT: "fin|terme|expiration|echeance|resiliation|rupture|cessation"
    "|issue|cloture|end|ending|termination|expiry|expiration|cancellation",
    TriggerEvent.ACCOUNT_CLOSURE: "cloture|fermeture|suppression|resiliation|closure|closing"
    "|deletion|termination|cancellation|close",
    TriggerEvent.END_OF_LEGAL_HOLD: "fin|cloture|issue|terme|end|close|closure|conclusion",
}
_END_VERBS = (
    r"(?:ends|ended|has ended|terminates|is terminated|has been terminated|expires|has expired"
    r"|is closed|has been closed|closes|is deleted|has been deleted|is over|is cancelled"
    r"|est clos|est cloture|est ferme|est supprime|est resilie|est termine|prend fin|soit clos"
    r"|soit cloture|soit ferme|soit supprime|soit resilie|soit termine|ait pris fin)\b"
)


def _event_patterns() -> list[tuple[re.Pattern[str], TriggerEvent]]:
    out = []
    for entity, trigger in ENTITIES:
        nouns = _END_NOUNS[trigger]
        out.append((rf"(?:{nouns}) {_OF}{_ART}{entity}", trigger))
        out.append((rf"{entity} (?:{nouns})\b", trigger))
        out.append((rf"{entity} {_END_VERBS}", trigger))
    out += [
        (r"(?:dernier|derniere) (?:contact|prise de contact|interaction)s?\b", TriggerEvent.LAST_CONTACT),
        (r"(?:last|latest|most recent) (?:contact|interaction)s?\b", TriggerEvent.LAST_CONTACT),
        (r"(?:collecte|recueil|collection)\b", TriggerEvent.COLLECTION),
        (r"(?:depot|placement|placing) (?:du |des |de |of the |of )?(?:cookies?|traceurs?|trackers?)\b",
         TriggerEvent.COLLECTION),
        (r"(?:depart|sortie) (?:du |de la |de l |des |d )?(?:salariee?s?|employee?s?|collaborat\w+"
         r"|agents?|personnel|effectifs|entreprise)\b", TriggerEvent.END_OF_CONTRACT),
        (r"(?:employee|employee s|staff member|worker) (?:leaves|has left|leaving|departure)\b",
         TriggerEvent.END_OF_CONTRACT),
        (r"(?:leaving|departure from) the (?:company|organisation|organization)\b",
         TriggerEvent.END_OF_CONTRACT),
    ]  # fmt: skip
    return [(re.compile(_ART + r"(?:date (?:de la |du |de l |de |d |of the |of )?)?" + p), t)
            for p, t in out]  # fmt: skip


EVENTS = _event_patterns()
# A noun that refers back to an open-ended phase named just before ("... and 30 days after deletion").
BACKREF = re.compile(
    _ART + r"(?:fin|terme|expiration|cloture|fermeture|suppression|resiliation|rupture|end"
    r"|closure|deletion|termination|expiry|expiration|close)\b(?! (?:du|de|des|d|of)\b)"
    r"|celle ci|celui ci|this|that"
)
CONNECTOR = re.compile(
    r"\b(?:a compter|a partir|a dater|en partant)(?: (?:du|de la|de l|des|de|d)\b)?"
    r"|\b(?:apres|depuis|suivant|from|after|following|since|upon|starting from|counting from"
    r"|counted from|as from|as of|beginning (?:from|with|at|on))\b"
)

# --- open-ended phases ------------------------------------------------------------

_KEEP = r"(?:(?:pendant|durant|pour|sur|for|during|throughout) )?"


def _phase_patterns() -> list[tuple[re.Pattern[str], TriggerEvent]]:
    out = []
    for entity, trigger in ENTITIES:
        patterns = [
            rf"{_KEEP}(?:(?:toute|tout) )?(?:la )?duree (?:de vie |d existence )?{_OF}{_ART}{entity}",
            rf"{_KEEP}le temps {_OF}{_ART}{entity}",
            rf"{_KEEP}(?:the )?(?:whole |entire |full )?(?:duration|term|life|lifetime|length"
            rf"|lifespan|existence) {_OF}{_ART}{entity}",
            rf"{_KEEP}{_ART}{entity} (?:duration|term|lifetime|life)\b",
            rf"(?:while|as long as|so long as) {_ART}{entity} (?:is|remains|stays|exists|lasts"
            r"|runs|is in force)(?: (?:active|open|in force|running|valid|ongoing|current|live))?\b",
            rf"tant que? {_ART}{entity} (?:est|reste|demeure|existe|court)(?: (?:actif|active"
            r"|ouvert|ouverte|en cours|en vigueur|valide))?\b",
            rf"(?:pendant|durant|during|throughout) (?:(?:toute|tout) )?{_ART}(?:whole |entire )?"
            rf"{entity}",
        ]
        out += [(re.compile(p), trigger) for p in patterns]
    return out


PHASES = _phase_patterns()
UNTIL = re.compile(
    r"\b(?:jusqu a ce qu(?:e)?|jusqu a|jusqu au|jusqu aux|until|till|up until|a|au|des|upon|at"
    r"|on|when)\b ?"
)
# "Durée de la mission": a phase whose end the register has no starting event for.
UNKNOWN_PHASE = re.compile(
    r"(?:(?:pendant|durant|pour|for|during) )?(?:(?:toute|tout) )?(?:la |le |the )?"
    r"(?:duree|duration|length|term|temps) (?:de vie )?(?:du|de la|de l|des|de|d|of the|of)\b"
)

# --- end of life ------------------------------------------------------------------

ACTIONS = (
    (re.compile(r"\b(?:anonymi[sz]\w*|rendue?s? anonymes?|made anonymous)\b"), EndOfLifeAction.ANONYMISE),
    (re.compile(r"\b(?:supprim\w*|suppression|detrui\w*|destruction|effac\w*|purg\w*|delet\w*"
                r"|eras\w*|destroy\w*|shredd?\w*|removed?|removal)\b"), EndOfLifeAction.DELETE),
    (re.compile(r"\b(?:restitu\w*|renvoy\w*|returned|return)\b"), EndOfLifeAction.RETURN),
)  # fmt: skip
ARCHIVE = re.compile(
    r"(?:\b(?:en|in|dans) (?:les? )?)?\b(?:archivage|archives?|archived|archiving|archivees?)\b"
    r"(?: (?:intermediaires?|intermediate))?|\bintermediate (?:archive|archiving|storage)\b"
)
PERMANENT_ARCHIVE = re.compile(
    r"\barchiv\w* (?:definiti\w*|permanent\w*|historiques?)|\b(?:permanent|definitive"
    r"|historical) archiv\w*|\bversement aux archives|\barchives publiques|\bpublic archives"
)

# --- words that carry no term of their own -----------------------------------------

FILLER_PHRASES = re.compile(
    r"\b(?:no more than|not more than|not longer than|no longer than|pas plus de|au plus"
    r"|au maximum|up to|au bout d|au bout de|a l issue d|a l issue de|a la fin d|en base active"
    r"|in the active database|de plus|a maximum of|a period of|une duree de|un delai de"
    r"|duree de conservation|retention period|jusqu a(?= \d| [a-z]+ (?:ans?|mois|jours?)))\b"
)
_FILLERS_TEXT = """conserve conservee conserves conservees conservation garde gardee gardees gardes stocke
    stockee stockees stockes stockage detenu detenue detenues detenus pendant durant pour sur de
    d du des la le les l un une en au aux a par dans est sont sera seront etre donnee donnees
    personnelle personnelles information informations duree delai periode legale legal maximum
    max maximale apres base active actif actives actifs intermediaire intermediaires
    supplementaire supplementaires additionnelle additionnelles ensuite kept keep retained
    retain stored store held for the of an in on at within during is are be been will data
    personal record records retention period statutory after additional further extra more
    database live storage intermediate total soit conservees"""
FILLERS = frozenset(_FILLERS_TEXT.split())
