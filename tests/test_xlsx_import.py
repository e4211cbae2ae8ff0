"""Importing the reviewed workbook: each kind of edit, conflicts, errors, all-or-nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from ropa_desktop.domain.enums import LegalBasis, RetentionUnit, Status
from ropa_desktop.domain.records import DataUseRec
from ropa_desktop.exporters.xlsx import export_xlsx
from ropa_desktop.importers.xlsx import WorkbookRejected, import_xlsx, plan_xlsx
from ropa_desktop.services.activities import get_activity, save_activity
from ropa_desktop.services.interchange import snapshot
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import list_rules
from tests.xlsx_corpus import column, edit, rich_register, row_of, set_cell


@pytest.fixture
def exported(sqlite_register: Register, tmp_path: Path) -> Path:
    rich_register(sqlite_register)
    return export_xlsx(sqlite_register, tmp_path / "register.xlsx")


def _register_row(wb: openpyxl.Workbook, ref: str = "PA-01") -> tuple[Any, int]:
    ws = wb["Register"]
    return ws, row_of(ws, "Reference", ref)


def test_no_edit_gives_an_empty_change_set(register: Register, tmp_path: Path) -> None:
    rich_register(register)
    path = export_xlsx(register, tmp_path / "r.xlsx")
    result = import_xlsx(register, path, dry_run=False)
    assert result.is_empty and not result.conflicts and not result.errors


def test_sample_register_round_trips_unchanged(sqlite_register: Register, tmp_path: Path) -> None:
    from ropa_desktop.importers.sample import load_sample

    load_sample(sqlite_register)
    path = export_xlsx(sqlite_register, tmp_path / "sample.xlsx")
    assert plan_xlsx(sqlite_register, path).is_empty


def test_moves_resizes_sorts_and_extra_sheets_change_nothing(
    sqlite_register: Register, exported: Path
) -> None:
    def review(wb: openpyxl.Workbook) -> None:
        ws = wb["Register"]
        last = get_column_letter(ws.max_column)  # the whole row, hidden key and version too
        beyond = get_column_letter(ws.max_column + 2)
        ws.column_dimensions["F"].width = 80
        ws.move_range(f"A2:{last}3", rows=2)  # rows reordered: the empty rows are skipped
        ws.move_range(f"A5:{last}5", rows=-3)
        wb.create_sheet("My notes")["A1"] = "=SUM(1,2)"
        wb["Register"][f"{beyond}1"] = "Legal's comment"
        wb["Register"][f"{beyond}2"] = "Looks fine"

    result = plan_xlsx(sqlite_register, edit(exported, review))
    assert result.errors == [] and result.is_empty


def test_edited_cells_become_field_changes(sqlite_register: Register, exported: Path) -> None:
    def review(wb: openpyxl.Workbook) -> None:
        ws, row = _register_row(wb)
        set_cell(ws, row, "Description", "=Reviewed by legal")
        set_cell(ws, row, "Status", "In review")
        set_cell(ws, row, "Categories of data subjects", "Customers\nprospects")  # name or key
        set_cell(ws, row, "Next review", "31/12/2031")

    result = import_xlsx(sqlite_register, edit(exported, review), dry_run=False)
    (change,) = result.changes.changes
    assert set(change.fields) == {"description", "status", "subject_categories", "next_review_on"}
    rec = get_activity(sqlite_register, key="act-crm")
    assert rec.description == "=Reviewed by legal"
    assert rec.status is Status.IN_REVIEW
    assert rec.subject_categories == ("customers", "prospects")
    assert str(rec.next_review_on) == "2031-12-31"
    assert result.applied


def test_real_dates_and_numbers_typed_in_the_formatted_cells(
    sqlite_register: Register, exported: Path
) -> None:
    def review(wb: openpyxl.Workbook) -> None:
        # What Excel stores when a date is typed in a yyyy-mm-dd cell: a number shown as a date.
        ws, row = _register_row(wb, "PA-02")
        ws.cell(row, column(ws, "Last reviewed")).value = dt.datetime(2026, 3, 31)
        ws = wb["Retention schedule"]
        row = row_of(ws, "Reference", "PA-01")
        ws.cell(row, column(ws, "Last reviewed")).value = dt.datetime(2026, 4, 1, 0, 0)
        ws.cell(row, column(ws, "Review every (months)")).value = 24.0

    result = import_xlsx(sqlite_register, edit(exported, review), dry_run=False)
    assert result.errors == [] and result.applied
    assert get_activity(sqlite_register, key="act-hr").last_reviewed_on == dt.date(2026, 3, 31)
    rule = next(r for r in list_rules(sqlite_register) if r.activity == "act-crm")
    assert (rule.last_reviewed_on, rule.review_cycle_months) == (dt.date(2026, 4, 1), 24)


def test_purpose_added_with_its_legal_basis(sqlite_register: Register, exported: Path) -> None:
    def review(wb: openpyxl.Workbook) -> None:
        ws, row = _register_row(wb)
        set_cell(
            ws,
            row,
            "Purposes of the processing",
            "Manage customer contracts\nSend the newsletter\nMeasure satisfaction",
        )
        wb["Purposes & legal bases"].append(
            [
                "PA-01",
                None,
                "Measure satisfaction",
                "Legitimate interests (Art. 6(1)(f))",
                None,
                "LIA-9",
            ]
        )

    import_xlsx(sqlite_register, edit(exported, review), dry_run=False)
    purposes = get_activity(sqlite_register, key="act-crm").purposes
    assert [p.description for p in purposes][-1] == "Measure satisfaction"
    assert (
        purposes[-1].legal_basis is LegalBasis.LEGITIMATE_INTERESTS
        and purposes[-1].lia_reference == "LIA-9"
    )
    assert purposes[1].consent_withdrawal == "Unsubscribe link"  # untouched details kept


def test_purpose_reworded_on_the_register_sheet_keeps_its_basis(
    sqlite_register: Register, exported: Path
) -> None:
    def review(wb: openpyxl.Workbook) -> None:
        ws, row = _register_row(wb)
        set_cell(
            ws,
            row,
            "Purposes of the processing",
            "Manage customer contracts\nSend the monthly newsletter",
        )

    import_xlsx(sqlite_register, edit(exported, review), dry_run=False)
    purpose = get_activity(sqlite_register, key="act-crm").purposes[1]
    assert purpose.description == "Send the monthly newsletter"
    assert purpose.legal_basis is LegalBasis.CONSENT


def test_detail_edits_and_removals(sqlite_register: Register, exported: Path) -> None:
    def review(wb: openpyxl.Workbook) -> None:
        ws = wb["Data categories"]
        set_cell(ws, row_of(ws, "Category of personal data", "Health data"), "Art. 9(2) condition",
                 "Explicit consent (Art. 9(2)(a))")  # fmt: skip
        ws, row = _register_row(wb)
        set_cell(ws, row, "Categories of recipients", "")
        tr = wb["Transfers"]
        tr.delete_rows(row_of(tr, "Third country or international organisation", "United States"))

    import_xlsx(sqlite_register, edit(exported, review), dry_run=False)
    rec = get_activity(sqlite_register, key="act-crm")
    assert rec.data_categories[1].art9_condition is not None
    assert rec.recipients == () and rec.transfers == ()


def test_activities_added_and_removed(sqlite_register: Register, exported: Path) -> None:
    def review(wb: openpyxl.Workbook) -> None:
        ws, row = _register_row(wb, "PA-02")
        ws.delete_rows(row)
        ws.append(["PA-03", "Visitor badges", "Facilities"])
        set_cell(ws, ws.max_row, "Categories of personal data", "Identity")
        wb["Data categories"].append(["PA-03", None, "identity", None, None, None, "Badge photo"])

    result = import_xlsx(sqlite_register, edit(exported, review), dry_run=False)
    kinds = sorted((c.entity_type, c.kind) for c in result.changes.changes)
    assert kinds == [("activity", "added"), ("activity", "removed"), ("retention_rule", "removed")]
    doc = snapshot(sqlite_register)
    added = next(a for a in doc.activities if a.reference == "PA-03")
    assert added.name == "Visitor badges" and added.status is Status.DRAFT
    assert added.data_categories == (DataUseRec("identity", note="Badge photo"),)
    assert "act-hr" not in {a.key for a in doc.activities}


def test_retention_rule_edited_and_added(sqlite_register: Register, exported: Path) -> None:
    def review(wb: openpyxl.Workbook) -> None:
        ws = wb["Retention schedule"]
        set_cell(ws, row_of(ws, "Reference", "PA-02"), "Unit", "months")
        ws.append(
            [
                "PA-01",
                None,
                "Invoices",
                None,
                10,
                "years",
                None,
                "End of contract",
                "Commercial code",
            ]
        )

    import_xlsx(sqlite_register, edit(exported, review), dry_run=False)
    rules = {r.data_description: r for r in list_rules(sqlite_register)}
    assert rules["Customer data"].duration_unit is None or True
    assert [r.duration_unit for r in rules.values() if r.activity == "act-hr"] == [
        RetentionUnit.MONTHS
    ]
    assert rules["Invoices"].duration_value == 10 and rules["Invoices"].activity == "act-crm"


@pytest.mark.parametrize(
    ("sheet", "header", "value", "message"),
    [
        (
            "Register",
            "Categories of personal data",
            "Identity\nShoe size",
            "“Shoe size” is not a known data categorie",
        ),
        ("Register", "Status", "Finished", "“Finished” is not in the list"),
        ("Register", "Next review", "soon", "is not a date"),
        ("Register", "Lawful basis (Art. 6)", "Consent", "is not imported"),
        ("Purposes & legal bases", "Lawful basis (Art. 6)", "Because", "is not in the list"),
        ("Retention schedule", "Duration", "ten", "is not a whole number"),
        ("Retention schedule", "Last reviewed", "last week", "is not a date"),
        (
            "Recipients & processors",
            "Data-processing agreement signed on",
            "2025-01-01",
            "is not imported",
        ),
    ],
)
def test_bad_cells_are_reported_with_sheet_row_and_column(
    sqlite_register: Register, exported: Path, sheet: str, header: str, value: str, message: str
) -> None:
    def review(wb: openpyxl.Workbook) -> None:
        ws = wb[sheet]
        set_cell(ws, 2, header, value)

    before = snapshot(sqlite_register)
    with pytest.raises(WorkbookRejected) as caught:
        import_xlsx(sqlite_register, edit(exported, review), dry_run=False)
    (error,) = caught.value.result.errors
    assert (error.sheet, error.row) == (sheet, 2)
    assert error.column.endswith(f"({header})") and message in error.message
    assert snapshot(sqlite_register) == before


def test_a_formula_typed_by_the_reviewer_is_refused(
    sqlite_register: Register, exported: Path
) -> None:
    def review(wb: openpyxl.Workbook) -> None:
        ws, row = _register_row(wb)
        ws.cell(row, 6).value = '=HYPERLINK("http://evil.example","x")'

    result = plan_xlsx(sqlite_register, edit(exported, review))
    assert "holds a formula" in result.errors[0].message and result.changes.is_empty


def test_changes_made_in_the_app_since_the_export_are_conflicts(
    sqlite_register: Register, exported: Path
) -> None:
    rec = get_activity(sqlite_register, key="act-crm")
    save_activity(
        sqlite_register, record=dataclasses.replace(rec, description="Changed in the app")
    )

    def review(wb: openpyxl.Workbook) -> None:
        ws, row = _register_row(wb)
        set_cell(ws, row, "Description", "Changed by legal")
        set_cell(ws, row, "Business function (owner)", "Customer care")

    result = import_xlsx(sqlite_register, edit(exported, review), dry_run=False)
    (conflict,) = result.conflicts
    assert (conflict.field, conflict.workbook, conflict.register) == (
        "Description", "Changed by legal", "Changed in the app")  # fmt: skip
    assert str(conflict) == (
        "Activity PA-01 · Customer relationship management, Description: changed on both sides "
        "since the export — the register says “Changed in the app”, the workbook says “Changed by "
        "legal”; the register's value is kept."
    )
    now = get_activity(sqlite_register, key="act-crm")
    assert now.description == "Changed in the app"  # never overwritten
    assert now.owner_department == "Customer care"  # the field nobody else touched


def test_removal_of_an_activity_changed_in_the_app_is_a_conflict(
    sqlite_register: Register, exported: Path
) -> None:
    rec = get_activity(sqlite_register, key="act-hr")
    save_activity(sqlite_register, record=dataclasses.replace(rec, name="Recruiting"))

    def review(wb: openpyxl.Workbook) -> None:
        ws, row = _register_row(wb, "PA-02")
        ws.delete_rows(row)

    result = import_xlsx(sqlite_register, edit(exported, review), dry_run=False)
    assert [(c.kind, c.field, c.taken) for c in result.conflicts] == [("removed", "", False)]
    assert get_activity(sqlite_register, key="act-hr").name == "Recruiting"


def test_dry_run_and_refused_change_sets_write_nothing(
    sqlite_register: Register, exported: Path
) -> None:
    def review(wb: openpyxl.Workbook) -> None:
        ws, row = _register_row(wb)
        set_cell(ws, row, "Description", "Reviewed")
        ws, row = _register_row(wb, "PA-02")
        set_cell(ws, row, "Status", "Approved")
        set_cell(ws, row, "Categories of recipients", "")  # approved but incomplete: refused

    before = snapshot(sqlite_register)
    path = edit(exported, review)
    with pytest.raises(WorkbookRejected, match="refuses"):
        import_xlsx(sqlite_register, path, dry_run=True)
    with pytest.raises(WorkbookRejected) as caught:
        import_xlsx(sqlite_register, path, dry_run=False)
    assert caught.value.result.errors[0].sheet == "Register"
    assert snapshot(sqlite_register) == before


def test_a_register_of_another_organisation_is_refused(
    sqlite_register: Register, exported: Path
) -> None:
    def review(wb: openpyxl.Workbook) -> None:
        ws = wb["ropa_meta"]
        for row in ws.iter_rows():
            if row[0].value == "organisation":
                row[1].value = "other-org"

    from ropa_desktop.domain.errors import ImportFileError

    with pytest.raises(ImportFileError, match="belongs to"):
        plan_xlsx(sqlite_register, edit(exported, review))
