"""When a rights request must be answered (Art. 12(3)): within one month of receipt,
extendable by two further months where necessary, the data subject told of the extension
and its reasons within the first month.

A month runs to the same day of the next month; where that month has no such day (a
request received on 31 January), to its last day, as the EDPB's guidelines on the right of
access read the rule. ``dateutil.relativedelta`` does that arithmetic.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

MAX_EXTENSION_MONTHS = 2


def answer_due(received_on: dt.date, extension_months: int = 0) -> dt.date:
    """The last day to answer: one month after receipt, plus the extension (0–2 months)."""
    if not 0 <= extension_months <= MAX_EXTENSION_MONTHS:
        raise ValueError(
            f"An answer may be extended by at most {MAX_EXTENSION_MONTHS} further months "
            "(Art. 12(3))."
        )
    return received_on + relativedelta(months=1 + extension_months)


def overdue_days(received_on: dt.date, today: dt.date, extension_months: int = 0) -> int:
    """Days past the due date (0 when not yet due)."""
    return max((today - answer_due(received_on, extension_months)).days, 0)
