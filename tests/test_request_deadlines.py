"""A rights request is answered within one month of receipt (Art. 12(3)), across month
ends and leap years, with up to two further months of extension."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ropa_desktop.services.requests.deadlines import answer_due, overdue_days

D = dt.date


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2026, 1, 15), D(2026, 2, 15)),
        (D(2026, 1, 31), D(2026, 2, 28)),  # no 31 February: the month's last day
        (D(2028, 1, 31), D(2028, 2, 29)),  # a leap year
        (D(2026, 3, 31), D(2026, 4, 30)),
        (D(2026, 12, 20), D(2027, 1, 20)),
    ],
)
def test_one_month_from_receipt(received: dt.date, due: dt.date) -> None:
    assert answer_due(received) == due


def test_an_extension_adds_up_to_two_months() -> None:
    assert answer_due(D(2026, 11, 30), 1) == D(2027, 1, 30)
    assert answer_due(D(2026, 11, 30), 2) == D(2027, 2, 28)
    with pytest.raises(ValueError, match="at most 2 further months"):
        answer_due(D(2026, 11, 30), 3)


def test_overdue_days_count_from_the_due_date() -> None:
    assert overdue_days(D(2026, 1, 31), D(2026, 2, 28)) == 0
    assert overdue_days(D(2026, 1, 31), D(2026, 3, 3)) == 3
    assert overdue_days(D(2026, 1, 31), D(2026, 3, 3), 1) == 0


@given(st.dates(D(2000, 1, 1), D(2100, 12, 31)), st.integers(0, 2))
def test_the_due_date_is_in_the_right_month_and_never_early(received: dt.date, more: int) -> None:
    due = answer_due(received, more)
    months = (due.year - received.year) * 12 + due.month - received.month
    assert months == 1 + more
    assert due.day == received.day or (due.day < received.day and (due + dt.timedelta(1)).day == 1)
