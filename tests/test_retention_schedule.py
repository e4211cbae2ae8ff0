"""The retention schedule: erase-by dates, terms, conflicts, reviews, gaps, the library."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ropa_desktop.domain.enums import EndOfLifeAction, RetentionUnit, Status, TriggerEvent
from ropa_desktop.domain.errors import ImportFileError, NotFoundError, ValidationError
from ropa_desktop.domain.records import (
    ActivityRec,
    DataCategoryRec,
    DataUseRec,
    PurposeRec,
    RetentionRuleRec,
)
from ropa_desktop.services.activities import save_activity
from ropa_desktop.services.audit import audit_log
from ropa_desktop.services.checks import WARNING
from ropa_desktop.services.context import register_findings
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import list_rules, save_rule
from ropa_desktop.services.retention_library import (
    LABEL,
    applied_from,
    apply_reference_rule,
    load_library,
)
from ropa_desktop.services.retention_schedule import (
    activities_without_rule,
    build_schedule,
    find_conflicts,
    retention_findings_extended,
    retention_schedule,
    reviews_due,
)
from ropa_desktop.services.retention_terms import (
    DateRangeError,
    add_duration,
    add_months,
    describe_term,
    erase_by,
    normalised_span,
    term_differences,
    term_of,
)
from tests.factories import complete_activity

Y, M, W, D = RetentionUnit.YEARS, RetentionUnit.MONTHS, RetentionUnit.WEEKS, RetentionUnit.DAYS
TODAY = dt.date(2026, 11, 25)
CATS = {
    "identity": DataCategoryRec("identity", "Identity"),
    "contact-details": DataCategoryRec("contact-details", "Contact details"),
}
NAMES = {k: c.name for k, c in CATS.items()}


def rule(key: str = "r", activity: str | None = "a", **changes: object) -> RetentionRuleRec:
    base = RetentionRuleRec(key=key, activity=activity, data_description="Data")
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def fixed(key: str, activity: str | None, value: int, unit: RetentionUnit, **kw: object):
    return rule(key, activity, duration_value=value, duration_unit=unit, **kw)


def act(
    key: str, *cats: str, status: Status = Status.APPROVED, purpose: str = "Customer service"
) -> ActivityRec:
    """An activity keeping ``cats``; activities share one purpose unless told otherwise."""
    return ActivityRec(
        key=key,
        reference=key.upper(),
        name=f"Activity {key}",
        status=status,
        purposes=(PurposeRec(purpose),),
        data_categories=tuple(DataUseRec(c) for c in cats),
    )


# --- date arithmetic ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "value", "unit", "expected"),
    [
        (dt.date(2024, 1, 31), 1, M, dt.date(2024, 2, 29)),  # leap year
        (dt.date(2023, 1, 31), 1, M, dt.date(2023, 2, 28)),
        (dt.date(2024, 2, 29), 1, Y, dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), 4, Y, dt.date(2028, 2, 29)),
        (dt.date(2024, 2, 29), 10, Y, dt.date(2034, 2, 28)),
        (dt.date(2024, 3, 31), 1, M, dt.date(2024, 4, 30)),
        (dt.date(2023, 11, 30), 3, M, dt.date(2024, 2, 29)),
        (dt.date(2023, 12, 31), 2, M, dt.date(2024, 2, 29)),
        (dt.date(2025, 1, 15), 13, M, dt.date(2026, 2, 15)),
        (dt.date(2025, 11, 30), 1, M, dt.date(2025, 12, 30)),
        (dt.date(2025, 12, 31), 1, M, dt.date(2026, 1, 31)),  # year boundary
        (dt.date(2024, 1, 1), 2, W, dt.date(2024, 1, 15)),
        (dt.date(2024, 2, 28), 1, D, dt.date(2024, 2, 29)),
        (dt.date(2024, 1, 1), 365, D, dt.date(2024, 12, 31)),
        (dt.date(2026, 11, 25), 1, M, dt.date(2026, 12, 25)),
    ],
)
def test_add_duration_examples(
    start: dt.date, value: int, unit: RetentionUnit, expected: dt.date
) -> None:
    assert add_duration(start, value, unit) == expected


def test_dates_past_the_calendar_are_a_clear_error() -> None:
    with pytest.raises(DateRangeError, match="outside the calendar"):
        add_months(dt.date(9999, 12, 1), 1)
    with pytest.raises(DateRangeError, match="outside the calendar"):
        add_duration(dt.date(9999, 12, 30), 5, D)
    with pytest.raises(DateRangeError):
        add_duration(dt.date(9990, 1, 1), 1000, Y)


dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2900, 12, 31))


def _last_day(year: int, month: int) -> int:
    # Independent of calendar.monthrange: the day before the first of the next month.
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return (first_next - dt.timedelta(days=1)).day


@given(dates, st.integers(min_value=-1200, max_value=12000))
def test_add_months_lands_in_the_right_month_on_the_right_day(day: dt.date, months: int) -> None:
    got = add_months(day, months)
    assert (got.year * 12 + got.month) - (day.year * 12 + day.month) == months
    assert got.day == min(day.day, _last_day(got.year, got.month))


@given(dates, st.integers(min_value=1, max_value=1000))
def test_years_are_twelve_months_and_weeks_seven_days(day: dt.date, n: int) -> None:
    assert add_duration(day, n, Y) == add_duration(day, 12 * n, M)
    assert add_duration(day, n, W) == add_duration(day, 7 * n, D)
    assert add_duration(day, n, D) - day == dt.timedelta(days=n)


@given(dates, st.integers(0, 600), st.integers(0, 600))
def test_later_terms_never_give_earlier_dates(day: dt.date, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert add_months(day, low) <= add_months(day, high)


@given(dates.filter(lambda d: d.day <= 28), st.integers(-600, 600))
def test_days_every_month_has_come_back_unchanged(day: dt.date, months: int) -> None:
    assert add_months(add_months(day, months), -months) == day


@given(dates, st.integers(1, 1000), st.sampled_from(list(RetentionUnit)))
def test_erase_by_is_the_trigger_date_plus_the_duration(
    day: dt.date, value: int, unit: RetentionUnit
) -> None:
    result = erase_by(fixed("r", "a", value, unit), day)
    assert result.erase_on == add_duration(day, value, unit)
    assert result.erase_on > day
    assert result.reason == ""


def test_open_ended_terms_have_no_date_and_say_why() -> None:
    result = erase_by(rule(open_ended_term="While the account is active"), TODAY)
    assert result.erase_on is None
    assert "While the account is active" in result.reason
    assert "no date" in erase_by(rule(), TODAY).reason


# --- terms ----------------------------------------------------------------------------


@given(st.integers(1, 80))
def test_normalised_spans(n: int) -> None:
    assert normalised_span(n, Y) == normalised_span(12 * n, M)
    assert normalised_span(n, W) == normalised_span(7 * n, D)
    assert normalised_span(n, M) != normalised_span(30 * n, D)


def test_term_differences() -> None:
    three_years = term_of(fixed("a", "a", 3, Y, trigger=TriggerEvent.LAST_CONTACT))
    assert three_years is not None

    def diff(other: RetentionRuleRec) -> list[str]:
        term = term_of(other)
        assert term is not None
        return term_differences(three_years, term)

    assert diff(fixed("b", "b", 36, M, trigger=TriggerEvent.LAST_CONTACT)) == []
    assert diff(fixed("b", "b", 36, M)) == []  # an unspecified trigger contradicts nothing
    assert diff(fixed("b", "b", 10, Y)) == ["duration"]
    assert diff(rule("b", open_ended_term="While active")) == ["open_ended_vs_fixed"]
    assert diff(fixed("b", "b", 3, Y, trigger=TriggerEvent.COLLECTION)) == ["trigger"]
    assert diff(fixed("b", "b", 3, Y, end_of_life_action=EndOfLifeAction.ANONYMISE)) == []
    left = term_of(rule("c", open_ended_term="While the  account is ACTIVE."))
    right = term_of(rule("d", open_ended_term="while the account is active"))
    other = term_of(rule("e", open_ended_term="Until the contract ends"))
    assert left and right and other
    assert term_differences(left, right) == []
    assert term_differences(left, other) == ["open_ended_term"]
    assert term_of(rule()) is None


def test_describe_term() -> None:
    one = fixed("a", "a", 1, Y, trigger=TriggerEvent.LAST_CONTACT)
    one = dataclasses.replace(one, end_of_life_action=EndOfLifeAction.DELETE)
    assert describe_term(one) == "1 year from last contact, then delete"
    assert describe_term(fixed("a", "a", 13, M)) == "13 months"
    open_ended = rule(open_ended_term="While active", trigger=TriggerEvent.ACCOUNT_CLOSURE)
    assert describe_term(open_ended) == "While active (until account closure)"
    assert describe_term(rule()) == "No term given"


# --- conflicts, reviews, gaps -----------------------------------------------------------


def conflict_reasons(*rules: RetentionRuleRec, acts: list[ActivityRec] | None = None):
    acts = acts or [act("a", "identity", "contact-details"), act("b", "identity")]
    return {c.data_category: c.reasons for c in find_conflicts(rules, acts, NAMES)}


def test_equal_periods_in_different_units_are_no_conflict() -> None:
    a = fixed("ra", "a", 3, Y, trigger=TriggerEvent.LAST_CONTACT)
    b = fixed("rb", "b", 36, M, trigger=TriggerEvent.LAST_CONTACT)
    assert conflict_reasons(a, b) == {}


def test_conflicting_periods_are_found_per_category() -> None:
    a = fixed("ra", "a", 3, Y, end_of_life_action=EndOfLifeAction.DELETE)
    assert conflict_reasons(a, fixed("rb", "b", 10, Y)) == {"identity": ("duration",)}
    assert conflict_reasons(a, rule("rb", "b", open_ended_term="While active")) == {
        "identity": ("open_ended_vs_fixed",)
    }
    anonymise = fixed("rb", "b", 3, Y, end_of_life_action=EndOfLifeAction.ANONYMISE)
    assert conflict_reasons(a, anonymise) == {"identity": ("end_of_life_action",)}
    (conflict,) = find_conflicts(
        [a, fixed("rb", "b", 10, Y)], [act("a", "identity"), act("b", "identity")], NAMES
    )
    assert conflict.category_name == "Identity"
    assert {u.rule_key: u.term for u in conflict.uses} == {
        "ra": "3 years, then delete",
        "rb": "10 years",
    }


def test_category_rules_override_the_activity_wide_rule() -> None:
    wide = fixed("wide", "a", 3, Y)
    specific = fixed("spec", "a", 10, Y, data_category="identity")
    other = fixed("rb", "b", 10, Y)
    assert conflict_reasons(wide, specific, other) == {}
    assert conflict_reasons(wide, other) == {"identity": ("duration",)}


def test_organisation_wide_category_rules_are_compared_too() -> None:
    everywhere = fixed("all", None, 5, Y, data_category="identity")
    assert conflict_reasons(everywhere, fixed("ra", "a", 3, Y)) == {"identity": ("duration",)}


def test_an_active_period_then_its_archive_are_phases_not_a_conflict() -> None:
    to_archive = fixed("active", "a", 3, Y, end_of_life_action=EndOfLifeAction.ARCHIVE)
    phases = [to_archive, fixed("archive", "a", 10, Y, end_of_life_action=EndOfLifeAction.DELETE)]
    assert conflict_reasons(*phases) == {}


def test_one_category_kept_twice_within_one_activity_is_a_conflict() -> None:
    acts = [act("a", "identity", "contact-details")]
    two = [
        fixed("ra", "a", 3, Y, data_category="identity"),
        fixed("rb", "a", 5, Y, data_category="identity"),
    ]
    (conflict,) = find_conflicts(two, acts, NAMES)
    assert (conflict.data_category, conflict.reasons) == ("identity", ("duration",))
    assert conflict.scope == "within A · Activity a"
    assert conflict.rule_keys == {"ra", "rb"}
    assert conflict.partner_groups("ra") == [("5 years", ["A · Activity a"], 1)]
    (finding,) = [
        f
        for f in retention_findings_extended(two, acts, CATS, today=TODAY)
        if f.code == "retention_conflict"
    ]
    assert finding.message == (
        "“Identity” is kept for conflicting periods within A · Activity a (durations differ): "
        "3 years (A · Activity a); 5 years (A · Activity a). Review which period applies."
    )


def test_different_activities_for_different_purposes_are_not_compared() -> None:
    # The case: identity kept 2 years after recruitment, 10 for the contract.
    acts = [act("a", "identity", purpose="Recruitment"), act("b", "identity", purpose="Contract")]
    rules = [fixed("ra", "a", 2, Y), fixed("rb", "b", 10, Y)]
    assert find_conflicts(rules, acts, NAMES) == []
    # The same purpose, worded with other case and spacing, is compared.
    acts[1] = act("b", "identity", purpose="  recruitment. ")
    (conflict,) = find_conflicts(rules, acts, NAMES)
    assert conflict.scope == "for the same purpose “Recruitment”"
    assert conflict.rule_keys == {"ra", "rb"}


def test_rules_of_retired_activities_are_not_compared() -> None:
    acts = [act("a", "identity"), act("b", "identity", status=Status.RETIRED)]
    assert conflict_reasons(fixed("ra", "a", 3, Y), fixed("rb", "b", 9, Y), acts=acts) == {}


def test_conflict_details_grow_with_the_terms_not_the_activities() -> None:
    acts = [act(f"a{i}", "identity") for i in range(40)]
    rules = [fixed(f"r{i}", f"a{i}", 10 if i == 39 else 3, Y) for i in range(40)]
    (conflict,) = find_conflicts(rules, acts, NAMES)
    assert len(conflict.groups) == 2 and len(conflict.differs) == 1
    assert conflict.rule_keys == {f"r{i}" for i in range(40)}
    assert conflict.partner_groups("r39", limit=2) == [
        ("3 years", ["A0 · Activity a0", "A1 · Activity a1"], 39)
    ]
    assert conflict.partner_groups("r0") == [("10 years", ["A39 · Activity a39"], 1)]
    assert conflict.partner_groups("unknown") == []
    assert conflict.periods(limit=2) == (
        "3 years (A0 · Activity a0, A1 · Activity a1 and 37 more); 10 years (A39 · Activity a39)"
    )


def test_only_rules_that_differ_from_another_activity_are_in_conflict() -> None:
    active = fixed("a-active", "a", 3, Y, end_of_life_action=EndOfLifeAction.ARCHIVE)
    rules = [active, fixed("a-archive", "a", 10, Y), fixed("b", "b", 3, Y)]
    (conflict,) = find_conflicts(rules, [act("a", "identity"), act("b", "identity")], NAMES)
    assert conflict.rule_keys == {"a-archive", "b"}
    assert conflict.partner_groups("a-active") == []


def test_reviews_due() -> None:
    rules = [
        rule("never"),
        rule("today", last_reviewed_on=dt.date(2025, 11, 25), review_cycle_months=12),
        rule("tomorrow", last_reviewed_on=dt.date(2025, 11, 26), review_cycle_months=12),
        rule("default-cycle", last_reviewed_on=dt.date(2025, 11, 1)),
        rule("month-end", last_reviewed_on=dt.date(2026, 8, 31), review_cycle_months=3),
        rule("retired", "old"),
    ]
    acts = [act("a"), act("old", status=Status.RETIRED)]
    due = {d.rule_key: d for d in reviews_due(rules, acts, today=TODAY)}
    assert set(due) == {"never", "today", "default-cycle"}
    assert due["never"].never_reviewed and due["never"].due_on is None
    assert due["today"].due_on == TODAY
    assert due["default-cycle"].due_on == dt.date(2026, 11, 1)
    late = reviews_due(rules, acts, today=dt.date(2026, 11, 30))
    assert "month-end" in {d.rule_key for d in late}  # 31 Aug + 3 months = 30 Nov


def test_activities_without_rule() -> None:
    acts = [act("a"), act("b"), act("c", status=Status.RETIRED)]
    missing = activities_without_rule(acts, [rule("r", "a"), rule("x", None)])
    assert [a.key for a in missing] == ["b"]


def test_findings_warn_on_reviews_and_conflicts_without_repeating_missing_rules() -> None:
    acts = [act("a", "identity"), act("b", "identity"), act("c", "identity")]
    reviewed = {"last_reviewed_on": TODAY, "review_cycle_months": 12}
    rules = [
        fixed("ra", "a", 3, Y, **reviewed),
        fixed("rb", "b", 10, Y, last_reviewed_on=dt.date(2024, 2, 29), review_cycle_months=12),
    ]
    findings = retention_findings_extended(rules, acts, CATS, today=TODAY)
    assert {(f.code, f.entity_key) for f in findings} == {
        ("retention_review_due", "rb"),
        ("retention_conflict", "identity"),
    }
    assert {f.severity for f in findings} == {WARNING}
    review = next(f for f in findings if f.code == "retention_review_due")
    assert review.entity_label == "B Activity b — Data"
    assert "2025-02-28" in review.message  # 29 Feb 2024 + 12 months
    conflict = next(f for f in findings if f.code == "retention_conflict")
    assert "3 years (A · Activity a)" in conflict.message
    assert "10 years (B · Activity b)" in conflict.message


def test_review_without_a_cycle_says_which_cycle_was_assumed() -> None:
    rules = [rule("r", last_reviewed_on=dt.date(2025, 1, 31))]
    (finding,) = retention_findings_extended(rules, [act("a")], CATS, today=TODAY)
    assert finding.message == (
        "Review was due on 2026-01-31 (last reviewed 2025-01-31, "
        "no review cycle is set, 12 months assumed)."
    )


def test_a_schedule_near_the_end_of_the_calendar_explains_instead_of_crashing() -> None:
    far = dt.date(9990, 1, 1)
    schedule = build_schedule([fixed("r", "a", 1000, Y)], [act("a")], CATS, today=far)
    (row,) = schedule.rows
    assert row.example.erase_on is None and "outside the calendar" in row.example.reason


# --- the library and the register ----------------------------------------------------


def test_library_entries_cite_sources_and_carry_the_label() -> None:
    library = load_library()
    assert library.rules
    for entry in library.rules:
        assert entry.label == LABEL
        assert entry.verification in ("primary", "secondary")
        assert entry.sources and all(s.url.startswith("https://") for s in entry.sources)
        assert entry.legal_reference.strip()
    figures = {
        e.key: (e.duration_value, e.duration_unit, e.trigger, e.open_ended_term)
        for e in library.rules
    }
    assert figures["fr-accounting-records"][:2] == (10, Y)
    assert figures["fr-prospects-last-contact"][:3] == (3, Y, TriggerEvent.LAST_CONTACT)
    assert figures["fr-cookie-consent-choice"][:2] == (6, M)
    assert figures["fr-audience-cookie-lifetime"][:2] == (13, M)
    assert figures["fr-job-applicants"][:3] == (2, Y, TriggerEvent.LAST_CONTACT)
    assert figures["fr-payslips"][:2] == (5, Y)
    assert figures["fr-video-surveillance"][:2] == (1, M)
    assert figures["fr-card-data-disputes"][:2] == (13, M)
    assert figures["fr-card-data-disputes-deferred"][:2] == (15, M)
    assert figures["fr-customer-relationship"][0] is None
    assert figures["fr-customer-relationship"][3]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["rules"][0].update(sources=[]), "at least one source"),
        (lambda d: d["rules"][0].update(duration_unit="fortnights"), "fortnights"),
        (lambda d: d["rules"][0].update(duration_value="ten"), "whole number"),
        (lambda d: d["rules"][0].update(duration_value=0), "between 1 and 1000"),
        (lambda d: d["rules"][0].update(verification="hearsay"), "verification"),
        (lambda d: d["rules"].append(dict(d["rules"][0])), "repeats a rule key"),
        (lambda d: d.pop("rules"), "rules"),
        (lambda d: d["rules"].append("not an object"), "must be an object"),
    ],
)
def test_a_broken_library_is_refused_in_one_sentence(tmp_path: Path, mutate, message: str) -> None:
    from ropa_desktop.services.retention_library import LIBRARY_PATH

    data = json.loads(LIBRARY_PATH.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "library.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ImportFileError, match=message):
        load_library(path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ImportFileError, match="not valid"):
        load_library(path)
    with pytest.raises(ImportFileError, match="cannot be read"):
        load_library(tmp_path / "missing.json")


def test_apply_a_reference_rule_in_one_step(org_register: Register) -> None:
    save_activity(org_register, record=complete_activity())
    saved = apply_reference_rule(
        org_register, entry_key="fr-prospects-last-contact", activity="act-crm"
    )
    assert saved.key == "ret-act-crm-fr-prospects-last-contact"
    assert saved.version == 1
    (stored,) = list_rules(org_register)
    assert stored == saved
    assert (stored.duration_value, stored.duration_unit) == (3, Y)
    assert stored.trigger is TriggerEvent.LAST_CONTACT
    assert stored.end_of_life_action is EndOfLifeAction.DELETE
    assert applied_from(stored) == "fr-prospects-last-contact"
    assert applied_from(rule(source_reference="KPAX privacy policy")) is None
    assert "not legal advice" in stored.source_reference
    assert "https://" in stored.legal_reference
    assert set(stored.to_confirm) == {
        "duration_value",
        "trigger",
        "legal_reference",
        "end_of_life_action",
        "owner",
    }
    assert stored.last_reviewed_on is None  # nobody has confirmed it yet
    assert audit_log(org_register, entity_key=saved.key)[0].actor == "tester"
    again = apply_reference_rule(
        org_register,
        entry_key="fr-customer-relationship",
        activity="act-crm",
        data_category="identity",
    )
    assert again.data_category == "identity"
    assert again.open_ended_term and "open_ended_term" in again.to_confirm
    twice = apply_reference_rule(
        org_register, entry_key="fr-prospects-last-contact", activity="act-crm"
    )
    assert twice.key == "ret-act-crm-fr-prospects-last-contact-2"


def test_applying_to_nothing_real_writes_nothing(org_register: Register) -> None:
    with pytest.raises(ValidationError, match="unknown activity"):
        apply_reference_rule(org_register, entry_key="fr-payslips", activity="nope")
    with pytest.raises(NotFoundError, match="no reference rule"):
        apply_reference_rule(org_register, entry_key="fr-nothing", activity="nope")
    assert list_rules(org_register) == []


def test_the_schedule_of_a_register(org_register: Register) -> None:
    save_activity(org_register, record=complete_activity())
    save_activity(org_register, record=complete_activity("act-shop", "PA-02", name="Web shop"))
    save_activity(org_register, record=complete_activity("act-hr", "PA-03", name="Hiring"))
    save_rule(
        org_register,
        record=fixed(
            "r-crm",
            "act-crm",
            3,
            Y,
            trigger=TriggerEvent.LAST_CONTACT,
            last_reviewed_on=dt.date(2026, 1, 31),
            review_cycle_months=1,
        ),
    )
    save_rule(org_register, record=fixed("r-shop", "act-shop", 10, Y))
    schedule = retention_schedule(org_register, today=TODAY)
    assert [r.rule.key for r in schedule.rows] == ["r-crm", "r-shop"]
    crm_row = schedule.rows[0]
    assert crm_row.activity_reference == "PA-01"
    assert crm_row.example.erase_on == dt.date(2029, 11, 25)
    assert crm_row.review_due_on == dt.date(2026, 2, 28)
    assert crm_row.review_due and crm_row.in_conflict
    assert [a.key for a in schedule.missing] == ["act-hr"]
    assert {c.category_name for c in schedule.conflicts} == {"Identity", "Contact details"}
    found = register_findings(org_register, today=TODAY)
    # missing_retention stays with the activity checks; the schedule adds its own codes.
    assert [f.entity_key for f in found if f.code == "missing_retention"] == ["act-hr"]
    extended = {f.code for f in schedule.findings}
    assert extended == {"retention_review_due", "retention_conflict"}
