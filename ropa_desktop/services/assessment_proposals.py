"""What a processor's answered assessment says its record should now hold.

The vendor's answers are evidence, not edits: this module turns them into
proposals (processing locations, transfer safeguard, risk rating), each with the
value it would set and the answers it rests on, for the DPO to accept one by one.
Nothing here writes; an accepted proposal goes through the processor's own save.

The answers read are those of the shipped due-diligence questionnaire
(resources/questionnaires): ``data-location`` (where the data is stored or
accessed), ``data-in-eea`` (all of it within the EEA?) and ``transfer-safeguards``
(is every transfer outside the EEA covered?). A template without these questions
proposes only the risk rating.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ropa_desktop.domain.enums import AssessmentStatus, RiskRating, TransferSafeguard
from ropa_desktop.domain.records import AnswerRec, AssessmentRec, ProcessorRec, TemplateRec
from ropa_desktop.services.labels import field_label
from ropa_desktop.services.scoring import NO, YES

LOCATION_QUESTION = "data-location"
IN_EEA_QUESTION = "data-in-eea"
SAFEGUARD_QUESTION = "transfer-safeguards"
NONE_SHOWN = "none"

# Words in a vendor's comment or evidence that name the safeguard it relies on.
_SAFEGUARD_WORDS = (
    (TransferSafeguard.BCR, re.compile(r"\bBCRs?\b|binding corporate", re.I)),
    (TransferSafeguard.SCC, re.compile(r"\bSCCs?\b|standard contractual", re.I)),
    (TransferSafeguard.ADEQUACY, re.compile(r"adequacy|data privacy framework|\bDPF\b", re.I)),
)


@dataclass(frozen=True)
class Proposal:
    """One change the assessment suggests for one field of the processor."""

    field: str  # a ProcessorRec field
    current: str  # the field's value as the form shows it
    proposed: str  # the proposed value as the form would show it
    reason: str  # one sentence: which answers lead there
    value: Any  # what the field would hold

    @property
    def label(self) -> str:
        return field_label(self.field)

    def sentence(self) -> str:
        """“Processing locations: European Union → France (OVH), USA (support access).”"""
        return f"{self.label}: {self.current} → {self.proposed}. {self.reason}"


def latest_answered(assessments: Iterable[AssessmentRec]) -> AssessmentRec | None:
    """The processor's assessment whose answers came back last (answered or reviewed)."""
    done = [
        a
        for a in assessments
        if a.status in (AssessmentStatus.ANSWERED, AssessmentStatus.REVIEWED) and a.answered_on
    ]
    return max(done, key=lambda a: (a.answered_on, a.reviewed_on is not None, a.key), default=None)


def split_locations(text: str) -> tuple[str, ...]:
    """“France (OVH), USA (support access)” -> its places; a comma in brackets stays."""
    parts: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth <= 0 and ch in ",;\n":
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    cleaned = (p.strip().rstrip(".").strip() for p in parts)
    return tuple(dict.fromkeys(p for p in cleaned if p))


def processor_proposals(
    proc: ProcessorRec, rec: AssessmentRec, template: TemplateRec
) -> list[Proposal]:
    """What ``rec``'s answers propose for ``proc``, leaving out what it already holds."""
    answers = {a.question: a for a in rec.answers}
    numbers = {q.code: n for n, q in enumerate(template.questions, 1)}

    def said(code: str) -> str:
        answer = answers.get(code)
        return answer.value if answer is not None and code in numbers else ""

    out: list[Proposal] = []
    in_eea = said(IN_EEA_QUESTION)
    places = split_locations(said(LOCATION_QUESTION))
    if places and [p.casefold() for p in places] != [p.casefold() for p in proc.locations]:
        because = (
            f"The vendor answered “No” to question {numbers[IN_EEA_QUESTION]} (all processing "
            "within the EEA) and "
            if in_eea == NO
            else "The vendor "
        )
        out.append(
            Proposal(
                "locations",
                ", ".join(proc.locations) or NONE_SHOWN,
                ", ".join(places),
                f"{because}named these places in question {numbers[LOCATION_QUESTION]}.",
                places,
            )
        )
    if in_eea == NO and proc.transfer_safeguard is None:
        out.append(_safeguard(answers.get(SAFEGUARD_QUESTION), numbers))
    rating = rec.risk_rating
    if rating is not RiskRating.NOT_ASSESSED and rating is not proc.risk_rating:
        score = "" if rec.score is None else f"scores {rec.score:.0f}/100 and "
        out.append(
            Proposal(
                "risk_rating",
                proc.risk_rating.label,
                rating.label,
                f"The assessment {score}rates the processor {rating.label.lower()} risk.",
                rating,
            )
        )
    return out


def _safeguard(answer: AnswerRec | None, numbers: dict[str, int]) -> Proposal:
    a = answer or AnswerRec(SAFEGUARD_QUESTION)
    text = f"{a.comment} {a.evidence}"
    named = next((s for s, words in _SAFEGUARD_WORDS if words.search(text)), None)
    safeguard = named or TransferSafeguard.SCC
    where = f"question {numbers[IN_EEA_QUESTION]}"
    if a.value == YES:
        basis = f": “{a.evidence or a.comment}”" if (a.evidence or a.comment) else ""
        reason = (
            f"The data leaves the EEA ({where}) and the vendor says every transfer is "
            f"covered{basis}."
        )
    else:
        reason = (
            f"The data leaves the EEA ({where}), so the transfer needs a safeguard; the vendor "
            "did not confirm one: accept once it is signed."
        )
    return Proposal("transfer_safeguard", NONE_SHOWN, safeguard.label, reason, safeguard)


def accepted(proc: ProcessorRec, proposal: Proposal) -> ProcessorRec:
    """``proc`` with one proposal taken."""
    return dataclasses.replace(proc, **{proposal.field: proposal.value})
