"""The breach register's findings: the duties of Arts. 33–34 not met, and marks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ropa_desktop.domain.log_records import BreachRec
from ropa_desktop.services.breaches.duties import duties
from ropa_desktop.services.breaches.records import facts, title
from ropa_desktop.services.checks import WARNING, Finding
from ropa_desktop.services.labels import to_confirm_message


def breach_findings(breaches: Iterable[BreachRec], *, now: dt.datetime) -> list[Finding]:
    out = []
    for rec in breaches:
        for duty in duties(facts(rec), now):
            out.append(
                Finding(duty.code, duty.severity, "breach", rec.key, title(rec), duty.field,
                        duty.message)
            )  # fmt: skip
        for name in rec.to_confirm:
            out.append(
                Finding("to_confirm", WARNING, "breach", rec.key, title(rec), name,
                        to_confirm_message(name))
            )  # fmt: skip
    return out
