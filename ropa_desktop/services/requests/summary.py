"""Rights requests judged against their deadlines, and the year's summary."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ropa_desktop.domain.enums import RequestOutcome, RequestType
from ropa_desktop.domain.log_records import RightsRequestRec
from ropa_desktop.services.checks import BLOCKING, WARNING, Finding
from ropa_desktop.services.labels import counted, to_confirm_message
from ropa_desktop.services.requests.deadlines import answer_due
from ropa_desktop.services.requests.records import title

SOON = dt.timedelta(days=7)  # an open request due within a week is flagged


def due_on(rec: RightsRequestRec) -> dt.date:
    return answer_due(rec.received_on, rec.extension_months)


def request_findings(requests: Iterable[RightsRequestRec], *, today: dt.date) -> list[Finding]:
    out: list[Finding] = []
    for rec in requests:
        out += [
            Finding(code, severity, "rights_request", rec.key, title(rec), field, message)
            for code, severity, field, message in _judged(rec, today)
        ]
    return out


def _judged(rec: RightsRequestRec, today: dt.date) -> list[tuple[str, str, str, str]]:
    due = due_on(rec)
    out = []
    if rec.closed_on is None and today > due:
        out.append((
            "request_overdue", BLOCKING, "closed_on",
            f"The answer was due on {due.isoformat()}, {counted((today - due).days, 'day')} "
            "ago (Art. 12(3)); answer now and record the outcome.",
        ))  # fmt: skip
    elif rec.closed_on is None and due - today <= SOON:
        out.append((
            "request_due_soon", WARNING, "closed_on",
            f"Answer by {due.isoformat()}: {counted((due - today).days, 'day')} left "
            "(Art. 12(3)).",
        ))  # fmt: skip
    elif rec.closed_on is not None and rec.closed_on > due:
        out.append((
            "request_answered_late", WARNING, "closed_on",
            f"Answered on {rec.closed_on.isoformat()}, "
            f"{counted((rec.closed_on - due).days, 'day')} after it was due (Art. 12(3)).",
        ))  # fmt: skip
    out += [("to_confirm", WARNING, name, to_confirm_message(name)) for name in rec.to_confirm]
    return out


@dataclass(frozen=True)
class YearSummary:
    """A year of requests, by the day they were received."""

    year: int
    received: int
    by_type: dict[RequestType, int]
    by_outcome: dict[RequestOutcome | None, int]  # None: still open
    median_days: float | None  # to answer, of the closed ones
    late: int  # answered after the due date, or open past it on ``today``


def year_summary(requests: Iterable[RightsRequestRec], year: int, *, today: dt.date) -> YearSummary:
    of_year = [r for r in requests if r.received_on.year == year]
    days = [(r.closed_on - r.received_on).days for r in of_year if r.closed_on is not None]
    late = sum(1 for r in of_year if (r.closed_on or today) > due_on(r))
    return YearSummary(
        year=year,
        received=len(of_year),
        by_type=dict(Counter(r.request_type for r in of_year)),
        by_outcome=dict(Counter(r.outcome for r in of_year)),
        median_days=statistics.median(days) if days else None,
        late=late,
    )


def summary_lines(summary: YearSummary) -> list[str]:
    """The summary in words, as the page and the workbook show it."""
    if not summary.received:
        return [f"No rights request was received in {summary.year}."]
    types = ", ".join(
        f"{t.label}: {summary.by_type[t]}" for t in RequestType if summary.by_type.get(t)
    )
    outcomes = [
        f"{o.label}: {summary.by_outcome[o]}" for o in RequestOutcome if summary.by_outcome.get(o)
    ]
    if summary.by_outcome.get(None):
        outcomes.append(f"Open: {summary.by_outcome[None]}")
    median = (
        f"median {summary.median_days:g} days to answer"
        if summary.median_days is not None
        else "none answered yet"
    )
    return [
        f"{summary.year}: {counted(summary.received, 'request')} received, {median}, "
        f"{summary.late} late.",
        f"By right: {types}.",
        f"By outcome: {', '.join(outcomes)}.",
    ]
