"""The activity list's stored summary is the one the full records give, whatever changed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine

from ropa_desktop.domain.enums import LegalBasis, Status
from ropa_desktop.domain.records import (
    ActivityRec,
    DataCategoryRec,
    DataUseRec,
    PurposeRec,
    RecipientUseRec,
)
from ropa_desktop.exporters.json_export import register_json
from ropa_desktop.importers.json_import import parse_document
from ropa_desktop.importers.sample import load_sample
from ropa_desktop.services import activities, interchange
from ropa_desktop.services.activities import activity_summaries, list_activities
from ropa_desktop.services.catalogues import catalogue, save_entry
from ropa_desktop.services.checks import completeness
from ropa_desktop.services.context import check_context
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.processors import get_processor, list_processors, save_processor
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.services.retention import delete_rule, list_rules, save_rule
from ropa_desktop.store.migrate import upgrade
from tests.conftest import ORG, make_register
from tests.factories import complete_activity, processor, retention_for

SUBJECTS = ("customers", "prospects", "website-visitors")
DATA = ("identity", "contact-details", "national-id")
RECIPIENTS = ("internal-departments", "service-providers")
MEASURES = ("access-control", "mfa")


def from_full_records(register: Register) -> dict[str, tuple[Any, ...]]:
    """Each list row as the full record and the whole register say it should be."""
    with register.reading() as session:
        ctx = check_context(session)
    processors = {p.key: p.name for p in list_processors(register)}
    recipients = {c.key: c.name for c in catalogue(register, "recipient_categories")}
    out = {}
    for rec in list_activities(register):
        met, total = completeness(rec, ctx)
        shown = (p.legal_basis.label.split(" (")[0] for p in rec.purposes if p.legal_basis)
        names = [ctx.data_categories[d.category].name for d in rec.data_categories]
        words = [
            rec.reference, rec.name, *(p.description for p in rec.purposes), *names,
            *(processors[k] for k in rec.processors),
            *(f"{recipients[r.category]} {r.detail}" for r in rec.recipients),
        ]  # fmt: skip
        out[rec.key] = (
            rec.reference, rec.name, rec.role, ", ".join(dict.fromkeys(shown)), rec.status,
            met, total, rec.next_review_on, " ".join([*words, *rec.subject_categories]).casefold(),
            rec.version,
        )  # fmt: skip
    return out


def from_the_list(register: Register) -> dict[str, tuple[Any, ...]]:
    out = {}
    for s in activity_summaries(register):
        out[s.key] = (
            s.reference, s.name, s.role, s.legal_bases, s.status, s.complete, s.total,
            s.next_review_on, s.search_text, s.version,
        )  # fmt: skip
    return out


def assert_summaries_hold(register: Register) -> None:
    assert from_the_list(register) == from_full_records(register)


# --- random edits at every door that touches what a summary is made of -----------------------

_words = st.text("abcdeéfgh ", min_size=1, max_size=12).filter(str.strip)
_subset = lambda values: st.lists(st.sampled_from(values), unique=True, max_size=len(values))  # noqa: E731
_activity = st.fixed_dictionaries(
    {
        "name": _words,
        "purposes": st.lists(
            st.tuples(_words, st.one_of(st.none(), st.sampled_from(list(LegalBasis)))),
            max_size=3,
        ),
        "subjects": _subset(SUBJECTS),
        "data": _subset(DATA),
        "recipients": _subset(RECIPIENTS),
        "measures": _subset(MEASURES),
        "note": st.booleans(),
        "status": st.sampled_from([Status.DRAFT, Status.IN_REVIEW, Status.RETIRED]),
    }
)
_slot = st.integers(0, 2)
_edit = st.one_of(
    st.tuples(st.just("save"), _slot, _activity),
    st.tuples(st.just("rule"), _slot, st.integers(0, 2)),  # add a rule, or move it here
    st.tuples(st.just("unrule"), st.integers(0, 2)),
    st.tuples(st.just("rename"), st.sampled_from(DATA), _words),
    st.tuples(st.just("delete"), _slot),
)


def _record(slot: int, spec: dict[str, Any], version: int) -> ActivityRec:
    consent = "Unsubscribe link"
    return ActivityRec(
        key=f"act-{slot}", reference=f"PA-{slot:02d}", name=spec["name"], version=version,
        status=spec["status"],
        purposes=tuple(PurposeRec(d, b, consent_withdrawal=consent) for d, b in spec["purposes"]),
        subject_categories=tuple(spec["subjects"]),
        data_categories=tuple(DataUseRec(k) for k in spec["data"]),
        recipients=tuple(RecipientUseRec(k) for k in spec["recipients"]),
        measures=tuple(spec["measures"]), measures_note="Locked room" if spec["note"] else "",
    )  # fmt: skip


def _apply(register: Register, edit: tuple[Any, ...]) -> None:
    saved = {a.key: a for a in list_activities(register)}
    rules = {r.key: r for r in list_rules(register)}
    kind = edit[0]
    if kind == "save":
        _, slot, spec = edit
        current = saved.get(f"act-{slot}")
        activities.save_activity(
            register, record=_record(slot, spec, current.version if current else 0)
        )
    elif kind == "rule" and f"act-{edit[1]}" in saved:
        key = f"ret-{edit[2]}"
        rule = rules.get(key) or retention_for(f"act-{edit[1]}", key=key)
        save_rule(register, record=dataclasses.replace(rule, activity=f"act-{edit[1]}"))
    elif kind == "unrule" and f"ret-{edit[1]}" in rules:
        rule = rules[f"ret-{edit[1]}"]
        delete_rule(register, key=rule.key, version=rule.version)
    elif kind == "rename":
        entry = next(c for c in catalogue(register, "data_categories") if c.key == edit[1])
        save_entry(
            register,
            catalogue_name="data_categories",
            record=dataclasses.replace(entry, name=f"{edit[2]} {entry.key}"),
        )
    elif kind == "delete" and f"act-{edit[1]}" in saved:
        current = saved[f"act-{edit[1]}"]
        activities.delete_activity(register, key=current.key, version=current.version)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=st.lists(_edit, min_size=2, max_size=10))
def test_the_stored_summary_is_the_one_the_full_record_gives(
    edits: list[tuple[Any, ...]], request: pytest.FixtureRequest, tmp_path_factory: Any
) -> None:
    register = make_register("sqlite", request, tmp_path_factory.mktemp("summary"))
    save_organisation(register, record=ORG)
    for edit in edits:
        _apply(register, edit)
        assert_summaries_hold(register)


# --- the other doors, and registers made before the summaries -------------------------------


def test_imports_and_the_sample_keep_the_summaries(register: Register, tmp_path: Path) -> None:
    load_sample(register)
    assert_summaries_hold(register)
    doc = json.loads(register_json(register))
    first = doc["activities"][0]
    first.update(name="Renamed by an import", status="draft")
    doc["retention_rules"] = [r for r in doc["retention_rules"] if r["activity"] != first["key"]]
    interchange.import_records(register, parse_document(json.dumps(doc).encode()), dry_run=False)
    assert_summaries_hold(register)
    shown = next(s for s in activity_summaries(register) if s.key == first["key"])
    assert shown.name == "Renamed by an import"
    assert shown.complete == shown.total - 1  # its retention rules went with the import


def test_a_rename_of_a_data_category_is_found_by_the_filter(org_register: Register) -> None:
    activities.save_activity(org_register, record=complete_activity())
    entry = next(c for c in catalogue(org_register, "data_categories") if c.key == "identity")
    renamed = DataCategoryRec(**{**dataclasses.asdict(entry), "name": "Civil status"})
    save_entry(org_register, catalogue_name="data_categories", record=renamed)
    assert "civil status" in activity_summaries(org_register)[0].search_text
    assert_summaries_hold(org_register)


def test_the_filter_finds_processors_and_recipients_and_their_renames(
    org_register: Register,
) -> None:
    save_processor(org_register, record=processor())
    activities.save_activity(org_register, record=complete_activity(processors=("proc-mail",)))
    words = activity_summaries(org_register)[0].search_text
    assert "mailer gmbh" in words and "sales and support" in words
    renamed = dataclasses.replace(get_processor(org_register, key="proc-mail"), name="Postbote AG")
    save_processor(org_register, record=renamed)
    entry = next(
        c
        for c in catalogue(org_register, "recipient_categories")
        if c.key == "internal-departments"
    )
    save_entry(
        org_register,
        catalogue_name="recipient_categories",
        record=dataclasses.replace(entry, name="Group companies"),
    )
    words = activity_summaries(org_register)[0].search_text
    assert "postbote ag" in words and "mailer" not in words
    assert "group companies" in words
    assert_summaries_hold(org_register)


def test_a_dry_run_leaves_the_summaries_as_they_were(org_register: Register) -> None:
    activities.save_activity(org_register, record=complete_activity())
    before = from_the_list(org_register)
    doc = json.loads(register_json(org_register))
    doc["activities"][0]["name"] = "Renamed"
    interchange.import_records(org_register, parse_document(json.dumps(doc).encode()), dry_run=True)
    assert from_the_list(org_register) == before


def test_a_register_made_before_the_summaries_gets_them_when_opened(db_path: Path) -> None:
    register = open_register(db_path)
    load_sample(register)
    register.close()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE activity SET summary_missing = NULL, summary_bases = NULL")
    con.commit()
    con.close()
    register = open_register(db_path)
    try:
        with register.reading() as session:
            from ropa_desktop.domain import ProcessingActivity

            rows = session.query(ProcessingActivity.summary_missing).all()
        assert rows and all(m is not None for (m,) in rows)
        assert_summaries_hold(register)
    finally:
        register.close()


def test_an_upgrade_from_the_schema_before_fills_the_summaries(db_path: Path) -> None:
    """A register at 0004 (no summary columns) opened by this version: every row summarised."""
    source = open_register(db_path.with_name("source.sqlite"))
    load_sample(source)
    document = register_json(source)
    expected = from_the_list(source)
    source.close()
    engine = create_engine(f"sqlite:///{db_path}")
    upgrade(engine, "0004")
    engine.dispose()
    # The sample's rows, written by the version before into the schema it had.
    con = sqlite3.connect(db_path.with_name("source.sqlite"))
    old = sqlite3.connect(db_path)
    old.execute("PRAGMA foreign_keys=OFF")
    tables = [r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        if table == "alembic_version":
            continue
        columns = [r[1] for r in old.execute(f"PRAGMA table_info({table})")]
        names = ", ".join(columns)
        rows = con.execute(f"SELECT {names} FROM {table}").fetchall()
        old.execute(f"DELETE FROM {table}")
        old.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", rows
        )
    old.commit()
    old.close()
    con.close()
    register = open_register(db_path)
    try:
        assert register.backup is not None
        assert from_the_list(register) == expected
        assert_summaries_hold(register)
        assert register_json(register) == document
    finally:
        register.close()


def test_today_does_not_enter_the_stored_summary(org_register: Register) -> None:
    """An overdue review is not an Art. 30 item: the stored summary need not age."""
    past = dt.date(2001, 1, 1)
    activities.save_activity(org_register, record=complete_activity(next_review_on=past))
    assert_summaries_hold(org_register)


def test_a_retention_rule_counts_for_the_activity_it_names_now(org_register: Register) -> None:
    activities.save_activity(org_register, record=complete_activity())
    activities.save_activity(org_register, record=complete_activity("act-hr", "PA-02"))

    def complete() -> dict[str, int]:
        return {s.key: s.complete for s in activity_summaries(org_register)}

    assert complete() == {"act-crm": 6, "act-hr": 6}
    rule = save_rule(org_register, record=retention_for("act-crm"))
    assert complete() == {"act-crm": 7, "act-hr": 6}
    rule = save_rule(org_register, record=dataclasses.replace(rule, activity="act-hr"))
    assert complete() == {"act-crm": 6, "act-hr": 7}
    delete_rule(org_register, key=rule.key, version=rule.version)
    assert complete() == {"act-crm": 6, "act-hr": 6}
