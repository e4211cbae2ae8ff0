"""Legal's reviewed workbook merged per cell with what the DPO changed in the app since the export.

The register's sample (a real company's policy) is exported, edited in the app and in the
workbook, and imported: a change conflicts only where the same cell changed on both sides;
a retention term is one value; the change set reads as a lawyer reads.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ropa_desktop.domain.enums import LegalBasis, RetentionUnit, TriggerEvent
from ropa_desktop.exporters.xlsx import export_xlsx
from ropa_desktop.importers.sample import load_sample
from ropa_desktop.importers.xlsx import WorkbookRejected, import_xlsx, plan_xlsx
from ropa_desktop.services.activities import list_activities, save_activity
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import list_rules, save_rule
from tests.xlsx_corpus import column, edit, set_cell

PURPOSES = "Purposes & legal bases"
LI = "Legitimate interests (Art. 6(1)(f))"
REPR = re.compile(r"PurposeRec\(|DataUseRec\(|datetime\.|\[\{|\{'|'\w+': |act-|ret-|<[A-Z]\w+\.")


@pytest.fixture
def sample(sqlite_register: Register, tmp_path: Path) -> tuple[Register, Path]:
    load_sample(sqlite_register)
    return sqlite_register, export_xlsx(sqlite_register, tmp_path / "register.xlsx")


def _activity(register: Register, reference: str) -> Any:
    return next(a for a in list_activities(register) if a.reference == reference)


def _rows(ws: Any, reference: str) -> list[int]:
    return [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == reference]


def _purpose_row(wb: openpyxl.Workbook, reference: str, n: int) -> tuple[Any, int]:
    ws = wb[PURPOSES]
    return ws, _rows(ws, reference)[n - 1]


def _app_edits_purpose(register: Register, reference: str, n: int, **changes: Any) -> None:
    rec = _activity(register, reference)
    purposes = list(rec.purposes)
    purposes[n - 1] = dataclasses.replace(purposes[n - 1], **changes)
    save_activity(register, record=dataclasses.replace(rec, purposes=tuple(purposes)))


def _legal_changes_purpose_3(wb: openpyxl.Workbook, lia: str = "LIA-2026-07") -> None:
    ws, row = _purpose_row(wb, "PA-05", 3)
    set_cell(ws, row, "Lawful basis (Art. 6)", LI)
    set_cell(ws, row, "Legitimate interests assessment (reference)", lia)


def test_edits_to_different_purposes_on_each_side_are_both_kept(
    sample: tuple[Register, Path],
) -> None:
    register, exported = sample
    _app_edits_purpose(register, "PA-05", 1, legal_basis_detail="DPO: contract clause 4.")
    result = import_xlsx(register, edit(exported, _legal_changes_purpose_3), dry_run=False)

    assert result.conflicts == []
    now = _activity(register, "PA-05")
    assert now.purposes[0].legal_basis_detail == "DPO: contract clause 4."  # the DPO's
    assert (now.purposes[2].legal_basis, now.purposes[2].lia_reference) == (
        LegalBasis.LEGITIMATE_INTERESTS, "LIA-2026-07")  # fmt: skip
    lines = result.lines()
    assert "~ Activity PA-05 · Technical support: changed" in lines
    head = "    Purpose 3 “Keep your contact details correct and…” — "
    assert f"{head}Legal basis: Contract (Art. 6(1)(b)) → {LI}" in lines
    assert f"{head}LIA reference: (none) → “LIA-2026-07”" in lines
    assert not [line for line in lines if REPR.search(line)], lines


def test_the_same_cell_changed_on_both_sides_is_one_conflict_and_the_dpo_chooses(
    sample: tuple[Register, Path],
) -> None:
    register, exported = sample
    _app_edits_purpose(register, "PA-05", 3, lia_reference="LIA-APP-1")
    reviewed = edit(exported, _legal_changes_purpose_3)

    plan = plan_xlsx(register, reviewed)
    (conflict,) = plan.conflicts
    assert conflict.record == "Activity PA-05 · Technical support"
    assert conflict.field == "Purpose 3 “Keep your contact details correct and…” — LIA reference"
    assert (conflict.register, conflict.workbook, conflict.taken) == (
        "LIA-APP-1", "LIA-2026-07", False)  # fmt: skip
    # The basis, changed in the workbook only, is no conflict and is applied.
    assert (
        plan.summary()
    ) == "0 added, 1 changed, 0 removed; 1 conflict where the register's value is kept"
    assert not plan.is_empty

    kept = import_xlsx(register, reviewed, dry_run=True)
    assert "the register's value is kept" in str(kept.conflicts[0])
    taken = import_xlsx(register, reviewed, dry_run=False, take={conflict.id})
    assert [c.taken for c in taken.conflicts] == [True]
    assert "the workbook's value is applied" in str(taken.conflicts[0])
    now = _activity(register, "PA-05")
    assert (now.purposes[2].legal_basis, now.purposes[2].lia_reference) == (
        LegalBasis.LEGITIMATE_INTERESTS, "LIA-2026-07")  # fmt: skip


def test_a_conflict_alone_is_not_nothing_new(sample: tuple[Register, Path]) -> None:
    register, exported = sample
    _app_edits_purpose(register, "PA-05", 3, lia_reference="LIA-APP-1")

    def review(wb: openpyxl.Workbook) -> None:
        ws, row = _purpose_row(wb, "PA-05", 3)
        set_cell(ws, row, "Legitimate interests assessment (reference)", "LIA-2026-07")

    plan = plan_xlsx(register, edit(exported, review))
    assert plan.changes.is_empty and not plan.is_empty
    assert plan.summary() == (
        "0 added, 0 changed, 0 removed; 1 conflict where the register's value is kept"
    )


def _rule_row(wb: openpyxl.Workbook, reference: str) -> tuple[Any, int]:
    ws = wb["Retention schedule"]
    return ws, _rows(ws, reference)[0]


def _legal_sets_a_term(wb: openpyxl.Workbook) -> None:
    ws, row = _rule_row(wb, "PA-05")
    set_cell(ws, row, "Open-ended term", None)
    set_cell(ws, row, "Duration", 3)
    set_cell(ws, row, "Unit", "Years")
    set_cell(ws, row, "At the end of the period", "Delete")


def _rule(register: Register, key: str = "ret-technical-support") -> Any:
    return next(r for r in list_rules(register) if r.key == key)


def test_a_retention_term_changed_on_both_sides_is_never_mixed(
    sample: tuple[Register, Path],
) -> None:
    register, exported = sample
    rule = _rule(register)
    save_rule(register, record=dataclasses.replace(
        rule, duration_value=5, duration_unit=RetentionUnit.YEARS, open_ended_term="",
        trigger=TriggerEvent.LAST_CONTACT))  # fmt: skip
    reviewed = edit(exported, _legal_sets_a_term)

    plan = plan_xlsx(register, reviewed)
    (conflict,) = plan.conflicts
    assert conflict.field == "Retention term"
    assert conflict.register == "5 years from last contact"
    assert conflict.workbook == "3 years from account closure, then delete"
    import_xlsx(register, reviewed, dry_run=False)
    now = _rule(register)
    assert (now.duration_value, now.trigger, now.end_of_life_action) == (
        5, TriggerEvent.LAST_CONTACT, None)  # the register's whole term, nothing of the workbook's  # fmt: skip

    import_xlsx(register, reviewed, dry_run=False, take={conflict.id})
    now = _rule(register)
    assert (now.duration_value, now.duration_unit, now.trigger, now.end_of_life_action.label) == (
        3, RetentionUnit.YEARS, TriggerEvent.ACCOUNT_CLOSURE, "Delete")  # the workbook's whole term  # fmt: skip


def test_a_term_set_in_the_workbook_beside_another_app_edit_is_taken_whole(
    sample: tuple[Register, Path],
) -> None:
    register, exported = sample
    save_rule(
        register, record=dataclasses.replace(_rule(register), legal_reference="Art. L.123-22")
    )
    result = import_xlsx(register, edit(exported, _legal_sets_a_term), dry_run=False)
    assert result.conflicts == []
    now = _rule(register)
    assert now.legal_reference == "Art. L.123-22"
    assert (now.duration_value, now.trigger, now.end_of_life_action.label) == (
        3, TriggerEvent.ACCOUNT_CLOSURE, "Delete")  # fmt: skip
    # "At the end of the period" was to confirm; legal filled it.
    assert "end_of_life_action" not in now.to_confirm and "owner" in now.to_confirm
    lines = result.lines()
    (term,) = [line for line in lines if line.startswith("    Retention term: ")]
    assert term.endswith(" (until account closure) → 3 years from account closure, then delete")
    assert "    No longer marked to confirm: At the end of the period → (confirmed)" in lines


def test_to_confirm_marks_go_where_legal_filled_the_field(sample: tuple[Register, Path]) -> None:
    register, exported = sample

    def review(wb: openpyxl.Workbook) -> None:
        ws = wb["Register"]
        set_cell(ws, _rows(ws, "PA-05")[0], "Business function (owner)", "Customer care")

    result = import_xlsx(register, edit(exported, review), dry_run=False)
    now = _activity(register, "PA-05")
    assert now.owner_department == "Customer care"
    assert "owner_department" not in now.to_confirm
    assert "purposes.legal_basis" in now.to_confirm  # untouched: still to confirm
    assert "    No longer marked to confirm: Owner department → (confirmed)" in result.lines()


def test_text_cut_by_the_spreadsheet_program_is_refused_for_that_cell(
    sample: tuple[Register, Path],
) -> None:
    register, exported = sample
    before = _activity(register, "PA-05").description

    def review(wb: openpyxl.Workbook) -> None:
        ws = wb["Register"]
        set_cell(ws, _rows(ws, "PA-05")[0], "Description", "x" * 32_767)

    with pytest.raises(WorkbookRejected) as caught:
        import_xlsx(register, edit(exported, review), dry_run=False)
    (error,) = caught.value.result.errors
    assert error.sheet == "Register" and error.column.endswith("(Description)")
    assert "the spreadsheet program cut this text" in str(error)
    assert _activity(register, "PA-05").description == before


def test_an_added_column_is_reported_as_not_imported(sample: tuple[Register, Path]) -> None:
    register, exported = sample

    def review(wb: openpyxl.Workbook) -> None:
        ws = wb["Register"]
        extra = ws.max_column + 1
        ws.cell(1, extra).value = "Comments from legal"
        ws.cell(_rows(ws, "PA-05")[0], extra).value = "Please check the basis."

    result = plan_xlsx(register, edit(exported, review))
    assert result.is_empty
    (notice,) = result.notices
    assert re.fullmatch(
        r"sheet “Register”, column [A-Z]+ “Comments from legal” is not part of the export: "
        r"holds 1 filled cell and was not imported\.",
        notice,
    )
    assert f"  Note: {notice}" in result.lines()


@pytest.mark.parametrize(
    ("typed", "ok"),
    [("2027-02-28", True), ("28/02/2027", True), ("28.02.2027", True), ("02/28/2027", False)],
)
def test_dates_as_text_in_the_formats_the_read_me_names(
    sample: tuple[Register, Path], typed: str, ok: bool
) -> None:
    register, exported = sample

    def review(wb: openpyxl.Workbook) -> None:
        ws = wb["Register"]
        set_cell(ws, _rows(ws, "PA-05")[0], "Next review", typed)

    readme = " ".join(
        str(c.value) for row in openpyxl.load_workbook(exported)["Read me"].iter_rows() for c in row
    )
    assert "year-month-day (2025-03-31) or as day/month/year (31/03/2025)" in readme
    reviewed = edit(exported, review)
    if ok:
        import_xlsx(register, reviewed, dry_run=False)
        assert _activity(register, "PA-05").next_review_on.isoformat() == "2027-02-28"
    else:
        with pytest.raises(WorkbookRejected, match="or as day/month/year, 31/03/2025"):
            import_xlsx(register, reviewed, dry_run=False)


def test_a_long_text_shows_the_changed_words(sample: tuple[Register, Path]) -> None:
    register, exported = sample
    old = _activity(register, "PA-05").description

    def review(wb: openpyxl.Workbook) -> None:
        ws = wb["Register"]
        set_cell(ws, _rows(ws, "PA-05")[0], "Description", old.replace("support", "assistance", 1))

    result = plan_xlsx(register, edit(exported, review))
    (change,) = result.changes.described()
    (field,) = change.fields
    assert field.label == "Description" and (field.before, field.after) == (
        old, old.replace("support", "assistance", 1))  # the full texts, for the app's panes  # fmt: skip
    assert "[-support-] {+assistance+}" in field.line()
    assert [run for run in field.words if run[0] != "="] == [("-", "support"), ("+", "assistance")]


def test_a_deleted_purpose_row_and_line_is_a_removal_in_words(
    sample: tuple[Register, Path],
) -> None:
    register, exported = sample
    purpose = _activity(register, "PA-05").purposes[1].description

    def review(wb: openpyxl.Workbook) -> None:
        ws, row = _purpose_row(wb, "PA-05", 2)
        ws.delete_rows(row)
        reg = wb["Register"]
        r = _rows(reg, "PA-05")[0]
        cell = reg.cell(r, column(reg, "Purposes of the processing"))
        cell.value = "\n".join(line for line in str(cell.value).split("\n") if line != purpose)

    result = import_xlsx(register, edit(exported, review), dry_run=False)
    assert len(_activity(register, "PA-05").purposes) == 2
    (removed,) = [line for line in result.lines() if "removed" in line]
    assert removed.startswith(
        "    Purpose 2 “Provide, maintain, protect and improve the…” removed: Description: Provide, "
        "maintain, protect and improve the applications, products, services and information"
    )
    assert removed.endswith("→ (none)") and not REPR.search(removed)
    assert purpose not in [p.description for p in _activity(register, "PA-05").purposes]


def test_the_cli_lists_conflicts_in_words_and_takes_the_workbook_when_told(
    sample: tuple[Register, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from ropa_desktop.cli import main

    register, exported = sample
    _app_edits_purpose(register, "PA-05", 3, lia_reference="LIA-APP-1")
    reviewed = str(edit(exported, _legal_changes_purpose_3))
    db = ["--db", register.location]

    assert main([*db, "import", "xlsx", reviewed]) == 0
    out = capsys.readouterr().out
    assert (
        "? Activity PA-05 · Technical support, Purpose 3 “Keep your contact details correct "
        "and…” — LIA reference: changed on both sides since the export — the register says "
        "“LIA-APP-1”, the workbook says “LIA-2026-07”; the register's value is kept."
    ) in out.splitlines()
    assert "--conflicts take-workbook" in out and not REPR.search(out)
    assert _activity(register, "PA-05").purposes[2].lia_reference == "LIA-APP-1"

    assert main([*db, "import", "xlsx", reviewed, "--conflicts", "take-workbook"]) == 0
    assert _activity(register, "PA-05").purposes[2].lia_reference == "LIA-2026-07"


def test_an_edit_inside_a_text_the_export_clipped_is_refused(
    sample: tuple[Register, Path],
) -> None:
    register, exported = sample
    rec = _activity(register, "PA-05")
    long = "Support tickets are kept in the helpdesk. " * 1_000  # 42,000 characters
    save_activity(register, record=dataclasses.replace(rec, measures_note=long))
    exported = export_xlsx(register, exported.with_name("long.xlsx"))

    def review(wb: openpyxl.Workbook) -> None:
        ws = wb["Register"]
        cell = ws.cell(_rows(ws, "PA-05")[0], column(ws, "Security measures: further details"))
        cell.value = "Tickets are kept in Zendesk. " + str(cell.value)[40:]

    with pytest.raises(WorkbookRejected, match="shows only its beginning"):
        import_xlsx(register, edit(exported, review), dry_run=False)
    assert _activity(register, "PA-05").measures_note == long

    def replace(wb: openpyxl.Workbook) -> None:
        ws = wb["Register"]
        set_cell(ws, _rows(ws, "PA-05")[0], "Security measures: further details", "Short now.")

    # Typed over the whole cell, while the DPO changed another field in the app: no conflict.
    now = _activity(register, "PA-05")
    save_activity(register, record=dataclasses.replace(now, dpia_reference="DPIA-7"))
    result = import_xlsx(register, edit(exported, replace), dry_run=False)
    assert result.conflicts == []
    now = _activity(register, "PA-05")
    assert (now.measures_note, now.dpia_reference) == ("Short now.", "DPIA-7")


def test_a_text_the_cell_gives_back_without_its_surrounding_spaces_is_no_app_change(
    sample: tuple[Register, Path],
) -> None:
    """Found by the merge property: a register text ending in a no-break space reads back
    from its cell without it; that is not a change made in the app."""
    register, _ = sample
    rec = _activity(register, "PA-05")
    save_activity(register, record=dataclasses.replace(rec, description="Support tickets\xa0"))
    exported = export_xlsx(register, register_path(register).with_name("spaces.xlsx"))
    now = _activity(register, "PA-05")
    save_activity(register, record=dataclasses.replace(now, dpia_reference="DPIA-7"))

    def review(wb: openpyxl.Workbook) -> None:
        ws = wb["Register"]
        set_cell(ws, _rows(ws, "PA-05")[0], "Description", "Support tickets, by legal")

    result = import_xlsx(register, edit(exported, review), dry_run=False)
    assert result.conflicts == []
    now = _activity(register, "PA-05")
    assert (now.description, now.dpia_reference) == ("Support tickets, by legal", "DPIA-7")


def register_path(register: Register) -> Path:
    return Path(register.location)
