"""The duties of Arts. 33 and 34 around the moment of awareness: the 72-hour clock across
time zones, a notification at hour 71 and at hour 73, and what a high risk adds."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from ropa_desktop.domain.enums import BreachRisk, NoCommunicationReason
from ropa_desktop.services.breaches.duties import (
    BLOCKING,
    WARNING,
    BreachFacts,
    duties,
    moment,
    notification_due,
    notification_left,
)

PARIS = ZoneInfo("Europe/Paris")
AWARE = dt.datetime(2026, 3, 27, 9, 0, tzinfo=PARIS)  # the Friday before summer time


def _after(**span: int) -> dt.datetime:
    """That much real time after awareness, on Paris's clock (added in UTC: Python adds a
    timedelta to a zoned datetime on its wall clock, which summer time would bend)."""
    return (AWARE.astimezone(dt.UTC) + dt.timedelta(**span)).astimezone(PARIS)


def _codes(facts: BreachFacts, now: dt.datetime) -> dict[str, str]:
    return {d.code: d.severity for d in duties(facts, now)}


def test_the_72_hours_are_an_instant_whatever_the_zone_and_summer_time() -> None:
    due = notification_due(AWARE)
    # Summer time begins on 29 March 2026: 72 real hours later the clock in Paris says 10:00.
    assert due.astimezone(PARIS) == dt.datetime(2026, 3, 30, 10, 0, tzinfo=PARIS)
    assert due == dt.datetime(2026, 3, 30, 8, 0, tzinfo=dt.UTC)
    in_tokyo = AWARE.astimezone(ZoneInfo("Asia/Tokyo"))
    assert notification_due(in_tokyo) == due


@pytest.mark.parametrize(("hour", "late"), [(71, False), (72, False), (73, True)])
def test_a_notification_at_hour_71_72_or_73(hour: int, late: bool) -> None:
    sent = _after(hours=hour).astimezone(ZoneInfo("America/New_York"))
    facts = BreachFacts(aware_at=AWARE, risk=BreachRisk.RISK, notified_at=sent)
    later = _after(days=10)
    assert _codes(facts, later) == ({"breach_delay_unexplained": BLOCKING} if late else {})
    explained = BreachFacts(
        aware_at=AWARE, risk=BreachRisk.RISK, notified_at=sent, delay_reasons="Forensics first"
    )
    assert _codes(explained, later) == {}
    if late:
        (duty,) = duties(facts, later)
        assert duty.message.startswith("The notification came 1 hour after the 72 hours")


def test_the_clock_runs_until_notified_then_the_deadline_is_missed() -> None:
    facts = BreachFacts(aware_at=AWARE, risk=BreachRisk.RISK)
    at_71 = _after(hours=71)
    assert notification_left(facts, at_71) == dt.timedelta(hours=1)
    (due_soon,) = duties(facts, at_71)
    assert (due_soon.code, due_soon.severity) == ("breach_notification_due", WARNING)
    assert "1 hour left" in due_soon.message
    assert "2026-03-30 10:00 (UTC+0200)" in due_soon.message
    at_73 = _after(hours=73)
    assert notification_left(facts, at_73) == dt.timedelta(hours=-1)
    (missed,) = duties(facts, at_73)
    assert (missed.code, missed.severity) == ("breach_notification_overdue", BLOCKING)
    assert "(1 hour ago)" in missed.message


def test_unlikely_risk_needs_no_notification_but_its_reasons() -> None:
    late = _after(days=30)
    silent = BreachFacts(aware_at=AWARE, risk=BreachRisk.UNLIKELY)
    assert _codes(silent, late) == {"breach_unnotified_undocumented": BLOCKING}
    assert notification_left(silent, late) is None
    reasoned = BreachFacts(
        aware_at=AWARE, risk=BreachRisk.UNLIKELY, risk_reasons="Encrypted laptop, key kept"
    )
    assert duties(reasoned, late) == []


def test_a_high_risk_is_told_to_the_people_or_the_reason_not_to_recorded() -> None:
    sent = _after(hours=20)
    later = _after(days=5)
    told_nobody = BreachFacts(aware_at=AWARE, risk=BreachRisk.HIGH, notified_at=sent)
    assert _codes(told_nobody, later) == {"breach_subjects_not_told": BLOCKING}
    told = BreachFacts(
        aware_at=AWARE, risk=BreachRisk.HIGH, notified_at=sent, communicated_at=later
    )
    assert duties(told, later) == []
    excused = BreachFacts(
        aware_at=AWARE,
        risk=BreachRisk.HIGH,
        notified_at=sent,
        no_communication=NoCommunicationReason.UNINTELLIGIBLE,
    )
    assert duties(excused, later) == []


def test_an_unassessed_risk_warns_then_blocks_when_the_hours_are_gone() -> None:
    facts = BreachFacts(aware_at=AWARE)
    assert _codes(facts, _after(hours=5)) == {"breach_risk_missing": WARNING}
    assert _codes(facts, _after(hours=80)) == {
        "breach_risk_missing": BLOCKING,
        "breach_notification_overdue": BLOCKING,
    }
    assert _codes(BreachFacts(aware_at=None), AWARE) == {"breach_awareness_missing": BLOCKING}


def test_a_moment_without_its_time_zone_is_refused_in_one_sentence() -> None:
    with pytest.raises(ValueError, match=r"^The time of awareness needs its time zone"):
        notification_due(dt.datetime(2026, 3, 27, 9, 0))
    assert moment(dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)) == "2026-01-02 03:04 (UTC)"
