"""A reviewer edits the exported workbook in a real LibreOffice Calc, saves it as .xlsx
or .ods, and the import brings exactly those edits into the register.

One headless soffice serves the module; each session copies the same export, acts on it
through the UNO bridge (tests/lo_calc.py) and saves it both ways. Each test imports into
its own copy of the register the export was made from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ropa_desktop.domain.enums import Status
from ropa_desktop.importers.xlsx import import_xlsx, plan_xlsx
from ropa_desktop.services.activities import get_activity
from ropa_desktop.services.interchange import snapshot
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.services.retention import list_rules
from tests.lo_calc import Calc
from tests.xlsx_corpus import exported_rich_register

FORMATS = ("xlsx", "ods")


def _type(sheet: str, ref: str, column: str, text: str) -> dict[str, Any]:
    return {"do": "type", "sheet": sheet, "row": {"ref": ref}, "column": column, "text": text}


# What legal does in one sitting: edits two activities and a retention rule, deletes an
# activity, inserts a new one above the first row, and sorts the Register by name.
REVIEW = [
    _type("Register", "PA-01", "Business function (owner)", "Legal"),
    _type("Register", "PA-01", "Status", "In review"),
    _type("Register", "PA-01", "Next review", "2031-12-31"),
    _type("Register", "PA-01", "Review cycle (months)", "12"),
    _type("Register", "PA-01", "Description", "Customer accounts.\nReviewed by legal."),
    _type("Retention schedule", "PA-01", "Review every (months)", "24"),
    {"do": "delete_row", "sheet": "Register", "row": {"ref": "PA-02"}},
    {
        "do": "insert_row",
        "sheet": "Register",
        "before": {"ref": "PA-01"},
        "cells": {
            "Reference": "PA-03",
            "Processing activity": "Visitor badges",
            "Business function (owner)": "Facilities",
            "Categories of personal data": "Identity",
        },
    },
    {"do": "sort", "sheet": "Register", "column": "Processing activity", "descending": True},
]
SORTS = [
    {"do": "sort", "sheet": "Register", "column": "Processing activity", "descending": True},
    {"do": "sort", "sheet": "Purposes & legal bases", "column": "Purpose"},
    {"do": "sort", "sheet": "Retention schedule", "column": "Data covered", "descending": True},
]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The register the workbook was exported from (copied by each test), and its export."""
    return exported_rich_register(tmp_path_factory.mktemp("register"))


@pytest.fixture(scope="module")
def sessions(made: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    calc = Calc(tmp_path_factory.mktemp("calc"))
    try:
        exported = made / "register.xlsx"
        yield {
            "untouched": calc.review(exported, [], "untouched"),
            "review": calc.review(exported, REVIEW, "review"),
            "sorted": calc.review(exported, SORTS, "sorted"),
        }
    finally:
        calc.close()


@pytest.fixture
def register(made: Path, tmp_path: Path) -> Iterator[Register]:
    shutil.copyfile(made / "register.sqlite", tmp_path / "register.sqlite")
    opened = open_register(tmp_path / "register.sqlite", actor="tester", create=False)
    yield opened
    opened.close()


def _shape(result: Any) -> list[tuple[str, str, str, list[str]]]:
    """Which records change, how, and in which fields; not the wording of the lines."""
    return sorted((*_id(c), sorted(c.fields)) for c in result.changes.changes)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_workbook_saved_untouched_changes_nothing(
    register: Register, sessions: dict[str, Any], fmt: str
) -> None:
    result = plan_xlsx(register, sessions["untouched"][fmt])
    assert result.errors == [] and result.conflicts == [] and result.is_empty


@pytest.mark.parametrize("fmt", FORMATS)
def test_sorting_the_sheets_changes_nothing(
    register: Register, sessions: dict[str, Any], fmt: str
) -> None:
    result = plan_xlsx(register, sessions["sorted"][fmt])
    assert result.errors == [] and result.conflicts == [] and result.is_empty


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_reviewers_edits_arrive(register: Register, sessions: dict[str, Any], fmt: str) -> None:
    before = {a.key: a for a in snapshot(register).activities}
    result = import_xlsx(register, sessions["review"][fmt], dry_run=False)
    assert result.errors == [] and result.conflicts == [] and result.applied

    crm = get_activity(register, key="act-crm")
    assert crm.owner_department == "Legal"
    assert crm.status is Status.IN_REVIEW
    assert crm.next_review_on == dt.date(2031, 12, 31)
    assert crm.review_cycle_months == 12
    assert crm.description == "Customer accounts.\nReviewed by legal."
    # What nobody touched is as it was.
    assert crm.purposes == before["act-crm"].purposes
    assert crm.transfers == before["act-crm"].transfers

    doc = snapshot(register)
    assert "act-hr" not in {a.key for a in doc.activities}  # the deleted row
    (added,) = [a for a in doc.activities if a.key not in before]  # the inserted row
    assert (added.reference, added.name, added.owner_department) == (
        "PA-03",
        "Visitor badges",
        "Facilities",
    )
    assert [d.category for d in added.data_categories] == ["identity"]

    rules = {r.activity: r for r in list_rules(register)}
    assert set(rules) == {"act-crm"}  # PA-02's rule went with its activity
    assert rules["act-crm"].review_cycle_months == 24


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_change_set_names_the_edited_records_and_fields(
    register: Register, sessions: dict[str, Any], fmt: str
) -> None:
    result = plan_xlsx(register, sessions["review"][fmt])
    shape = _shape(result)
    kinds = {(t, k): c for t, k, c, _ in shape}
    assert kinds[("activity", "act-hr")] == kinds[("retention_rule", "ret-2")] == "removed"
    changed = {(t, k): f for t, k, c, f in shape if c == "changed"}
    assert set(changed[("activity", "act-crm")]) == {
        "owner_department",
        "status",
        "next_review_on",
        "review_cycle_months",
        "description",
    }
    assert set(changed[("retention_rule", "ret-1")]) == {"review_cycle_months"}
    assert [(t, k) for t, k, c, _ in shape if c == "added"] == [("activity", "PA-03")]


def test_xlsx_and_ods_give_the_same_change_set(
    register: Register, sessions: dict[str, Any]
) -> None:
    xlsx, ods = (plan_xlsx(register, sessions["review"][fmt]) for fmt in FORMATS)
    assert _shape(xlsx) and _shape(xlsx) == _shape(ods)
    # The very records the two would write, the new one's generated key aside.
    records = [
        {
            _id(c): dataclasses.replace(c.record, key="") if c.record else None
            for c in r.changes.changes
        }
        for r in (xlsx, ods)
    ]
    assert records[0] == records[1]


def _id(change: Any) -> tuple[str, str, str]:
    key = change.key if change.kind != "added" else change.record.reference
    return (change.entity_type, key, change.kind)
