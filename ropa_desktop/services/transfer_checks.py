"""Whether a transfer outside the EEA has what Chapter V asks for on the check's day.

A transfer to an EEA state needs nothing. A transfer to a country an adequacy decision
covers on that day needs nothing either, except under the EU-US Data Privacy Framework,
which covers only certified organisations: the recipient must be certified. Any other
transfer needs a safeguard (Art. 46, 47 or 49), and "adequacy decision" is no safeguard
for a country that has none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from ropa_desktop.domain.enums import TransferSafeguard
from ropa_desktop.domain.records import TransferRec
from ropa_desktop.services.countries import adequacy_on, as_code, country_label, in_eea


class TransferProblem(NamedTuple):
    code: str
    field: str
    message: str
    blocking: bool


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def transfer_problems(transfers: Iterable[TransferRec], day: dt.date) -> list[TransferProblem]:
    """The transfers' problems on ``day``, each worded for the person who fixes it."""
    out: list[TransferProblem] = []
    for i, t in enumerate(transfers, 1):
        code = as_code(t.country) if t.country.strip() else None
        if code is not None and in_eea(code):
            continue
        where = country_label(code) if code else (t.country.strip() or "an unnamed country")
        field = f"transfers[{i}]"
        recipient = f"“{t.recipient.strip()}”" if t.recipient.strip() else "the recipient"
        decision = adequacy_on(code, day) if code else None
        relies_on_adequacy = t.safeguard in (None, TransferSafeguard.ADEQUACY)
        if decision is not None and relies_on_adequacy:
            if decision.certified_only:
                out.append(TransferProblem(
                    "transfer_recipient_certification", field,
                    f"Transfer to {where} relies on the {decision.decision}, which covers "
                    f"only certified organisations: check that {recipient} is certified, or "
                    "record another safeguard (Chapter V).",
                    False,
                ))  # fmt: skip
            continue
        if t.safeguard is None:
            message = (
                f"Transfer to {where} outside the EEA has no safeguard, and {where} has no "
                f"adequacy decision on {_day(day)}: record standard contractual clauses, "
                "binding corporate rules or another Chapter V safeguard."
                if code
                else f"Transfer to {where} outside the EEA has no safeguard (Chapter V)."
            )
            out.append(TransferProblem("transfer_without_safeguard", field, message, True))
        elif t.safeguard is TransferSafeguard.ADEQUACY and code:
            out.append(TransferProblem(
                "transfer_without_safeguard", field,
                f"Transfer to {where} relies on an adequacy decision, but {where} has none on "
                f"{_day(day)}: record another Chapter V safeguard.",
                True,
            ))  # fmt: skip
    return out
