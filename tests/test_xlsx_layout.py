"""What a lawyer reading the review workbook sees: row heights, dates, plain words, order."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ropa_desktop.domain.enums import LegalBasis
from ropa_desktop.domain.records import AssessmentRec, PurposeRec
from ropa_desktop.exporters.xlsx import export_xlsx, workbook_bytes
from ropa_desktop.exporters.xlsx.styles import MAX_HEIGHT, ROW_HEIGHT_CAP, row_height
from ropa_desktop.services.activities import get_activity, save_activity
from ropa_desktop.services.audit import audit_log
from ropa_desktop.services.interchange import snapshot
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import save_rule
from tests.factories import complete_activity, retention_for
from tests.xlsx_corpus import column, has_sample, rich_register, row_of

VISIBLE = ("Read me", "Register", "Purposes & legal bases", "Data categories",
           "Recipients & processors", "Transfers", "Retention schedule", "Processors",
           "Processor assessments",
           "Findings")  # fmt: skip
LONG = "\n".join(f"Line {i} of a very long description of the processing." for i in range(80))


@pytest.fixture
def exported(sqlite_register: Register, tmp_path: Path) -> Path:
    rich_register(sqlite_register)
    return export_xlsx(sqlite_register, tmp_path / "register.xlsx")


def _load(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def _cell(ws: Any, ref: str, header: str) -> Any:
    return ws.cell(row_of(ws, "Reference", ref), column(ws, header))


def _heights(ws: Any) -> list[float]:
    return [d.height for d in ws.row_dimensions.values() if d.height is not None]


def test_rows_stay_screen_sized_and_keep_their_whole_text(
    sqlite_register: Register, tmp_path: Path
) -> None:
    rich_register(sqlite_register)
    rec = get_activity(sqlite_register, key="act-crm")
    save_activity(sqlite_register, record=dataclasses.replace(rec, description=LONG))
    wb = _load(export_xlsx(sqlite_register, tmp_path / "long.xlsx"))
    for title in wb.sheetnames:
        assert all(h <= MAX_HEIGHT for h in _heights(wb[title])), title
    for title in VISIBLE[1:]:
        assert all(h <= ROW_HEIGHT_CAP for h in _heights(wb[title])), title
    ws = wb["Register"]
    row = row_of(ws, "Reference", "PA-01")
    assert ws.row_dimensions[row].height == ROW_HEIGHT_CAP
    assert ws.cell(row, column(ws, "Description")).value == LONG  # cut on screen, not in the cell


@pytest.mark.skipif(not has_sample(), reason="no sample register")
def test_sample_register_rows_are_at_most_the_cap(
    sqlite_register: Register, tmp_path: Path
) -> None:
    from ropa_desktop.importers.sample import load_sample

    load_sample(sqlite_register)
    wb = _load(export_xlsx(sqlite_register, tmp_path / "sample.xlsx"))
    for title in VISIBLE[1:]:
        assert all(h <= ROW_HEIGHT_CAP for h in _heights(wb[title])), title


def test_row_height_breaks_lines_between_words() -> None:
    # 46 characters fit two lines of 23 by count, but three once broken between words.
    assert row_height(["Automated decision-making, including profiling"], [22]) == 47.0
    assert row_height(["short"], [22]) is None
    assert row_height(["x" * 5000], [10], cap=ROW_HEIGHT_CAP) == ROW_HEIGHT_CAP
    assert row_height(["a\n" * 100], [10]) == MAX_HEIGHT


def test_clipped_headers_are_wide_enough(exported: Path) -> None:
    wb = _load(exported)
    for title, header, lines in [
        ("Register", "Automated decision-making, including profiling", 3),
        ("Recipients & processors", "Data-processing agreement signed on", 2),
    ]:
        ws = wb[title]
        letter = openpyxl.utils.get_column_letter(column(ws, header))
        assert ws.column_dimensions[letter].width >= 22, header
        assert ws.row_dimensions[1].height >= lines * 15, title  # every line of the header


def test_read_me_gives_version_return_address_and_fingerprint_last(
    sqlite_register: Register, exported: Path
) -> None:
    ws = _load(exported)["Read me"]
    rows = [(r[0].value, r[1]) for r in ws.iter_rows(max_col=2) if r[0].value]
    cells = dict(rows)
    version = len(audit_log(sqlite_register, limit=sys.maxsize))
    assert cells["Register version"].value.startswith(f"{version} ")
    assert isinstance(cells["Exported on"].value, dt.datetime)
    assert cells["Exported on"].number_format == "yyyy-mm-dd hh:mm"
    assert "dpo@acme.example" in cells["Return the reviewed workbook to"].value
    label, fingerprint = rows[-1]
    assert label.startswith("Register fingerprint") and re.fullmatch(
        "[0-9a-f]{64}", fingerprint.value
    )


def test_version_is_shown_only_when_given(sqlite_register: Register, tmp_path: Path) -> None:
    import io

    rich_register(sqlite_register)
    doc = snapshot(sqlite_register)
    for version, shown in ((None, False), (42, True)):
        ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes(doc, version=version)))["Read me"]
        labels = {row[0].value: row[1].value for row in ws.iter_rows(max_col=2)}
        assert ("Register version" in labels) is shown
        if shown:
            assert labels["Register version"].startswith("42 ")


def test_read_only_sheets_have_grey_headers(exported: Path) -> None:
    wb = _load(exported)
    assert wb["Register"]["A1"].fill.fgColor.rgb.endswith("1F4E79")  # editable: blue
    for title in ("Processor assessments", "Findings"):
        fills = {c.fill.fgColor.rgb[-6:] for c in wb[title][1] if c.value}
        assert fills == {"7F7F7F"}, title


def _validations(ws: Any) -> dict[str, Any]:
    out = {}
    for dv in ws.data_validations.dataValidation:
        letter = str(dv.sqref).split(":")[0].rstrip("0123456789")
        out[ws[f"{letter}1"].value] = dv
    return out


def test_date_and_number_columns_are_formatted_and_validated(exported: Path) -> None:
    wb = _load(exported)
    dated = {
        "Register": ["Last reviewed", "Next review"],
        "Retention schedule": ["Last reviewed"],
        "Recipients & processors": ["Data-processing agreement signed on"],
    }
    for title, headers in dated.items():
        ws = wb[title]
        checks = _validations(ws)
        for header in headers:
            dv = checks[header]
            assert dv.type == "date" and dv.showErrorMessage and "year-month-day" in dv.error
            col = column(ws, header)
            assert str(dv.sqref).endswith(f"{ws.max_row + 500}")  # rows a reviewer adds too
            for row in range(2, ws.max_row + 1):  # empty cells too: a typed date shows as one
                assert ws.cell(row, col).number_format == "yyyy-mm-dd", (title, header, row)
    ws = wb["Retention schedule"]
    checks = _validations(ws)
    assert (checks["Duration"].type, checks["Duration"].formula2) == ("whole", "1000")
    assert (checks["Review every (months)"].type, checks["Review every (months)"].formula2) == (
        "whole",
        "120",
    )
    assert _cell(wb["Register"], "PA-02", "Last reviewed").value is None


def test_assessment_dates_are_formatted_and_validated(sqlite_register: Register) -> None:
    import io

    rich_register(sqlite_register)
    sent = AssessmentRec("as-1", "proc-mail", "tpl", 1, sent_on=dt.date(2025, 2, 3))
    doc = dataclasses.replace(snapshot(sqlite_register), assessments=[sent])
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes(doc)))["Processor assessments"]
    checks = _validations(ws)
    for header in ("Due", "Sent", "Answered", "Reviewed", "Next review"):
        cell = ws.cell(2, column(ws, header))
        assert cell.number_format == "yyyy-mm-dd", header
        assert checks[header].type == "date", header
    assert ws.cell(2, column(ws, "Sent")).value == dt.datetime(2025, 2, 3)


def test_findings_speak_plain_words_blocking_first(
    sqlite_register: Register, tmp_path: Path
) -> None:
    rich_register(sqlite_register)
    long_text = "Personal data processed for the recruitment of candidates and interns"
    rule = dataclasses.replace(retention_for("act-hr", key="ret-long"), data_description=long_text)
    save_rule(sqlite_register, record=rule)
    rows = list(
        _load(export_xlsx(sqlite_register, tmp_path / "f.xlsx"))["Findings"].iter_rows(
            values_only=True
        )
    )
    assert rows[0] == ("Severity", "Record", "Reference", "Name", "Field", "Finding")
    body = rows[1:]
    assert {r[1] for r in body} <= {"Organisation", "Activity", "Processor", "Retention rule",
                                    "Data category"}  # fmt: skip
    for r in body:
        assert r[4] is None or not re.search(r"[_\[\]]|^[a-z]", r[4]), r[4]
    severities = [r[0] for r in body]
    assert severities == sorted(severities, key=lambda s: s != "Blocking")
    assert "Retention rule" in {r[1] for r in body}
    names = {r[3] for r in body if r[1] == "Retention rule"}
    assert f"PA-02 Recruitment — {long_text}" in names  # the whole name, never "…"
    assert not any("…" in (r[3] or "") for r in body)
    warnings = [(r[1], r[2]) for r in body if r[0] == "Warning"]
    kinds = [k for k, _ in warnings]
    assert kinds == sorted(kinds, key=["Organisation", "Activity", "Processor", "Retention rule",
                                       "Data category"].index)  # fmt: skip


def test_field_words() -> None:
    from ropa_desktop.exporters.xlsx.readonly_sheets import field_text, record_kind

    assert field_text("purposes[2]") == "Purpose 2"
    assert field_text("data_categories[1]") == "Category of personal data 1"
    assert field_text("purposes[3].lia_reference").startswith("Purpose 3: ")
    assert field_text("owner_department") == "Owner department"
    assert field_text("dpo_email: ask the DPO") == "DPO e-mail"
    assert field_text("") == ""
    assert record_kind("retention_rule") == "Retention rule"
    assert record_kind("something_new") == "Something new"


def test_retention_schedule_follows_the_references(
    sqlite_register: Register, tmp_path: Path
) -> None:
    rich_register(sqlite_register)
    # "Archive" sorts first by name and PA-10 before PA-9 as text: neither is register order.
    for key, ref, name in (("act-10", "PA-10", "Archive"), ("act-9", "PA-9", "Access badges")):
        save_activity(sqlite_register, record=complete_activity(key=key, reference=ref, name=name))
        save_rule(sqlite_register, record=retention_for(key, key=f"ret-{key}"))
    ws = _load(export_xlsx(sqlite_register, tmp_path / "r.xlsx"))["Retention schedule"]
    refs = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert refs == ["PA-01", "PA-02", "PA-9", "PA-10"]


def test_register_says_terms_and_bases_clearly(sqlite_register: Register, tmp_path: Path) -> None:
    rich_register(sqlite_register)
    rec = get_activity(sqlite_register, key="act-hr")
    save_activity(
        sqlite_register,
        record=dataclasses.replace(
            rec,
            purposes=(
                *rec.purposes,
                PurposeRec(
                    "Keep a talent pool", LegalBasis.LEGITIMATE_INTERESTS, lia_reference="L"
                ),
            ),
        ),
    )
    ws = _load(export_xlsx(sqlite_register, tmp_path / "t.xlsx"))["Register"]
    retention = _cell(ws, "PA-01", "Time limits for erasure (retention)").value
    assert retention == "Customer data\nTerm: While the account is active"
    bases = _cell(ws, "PA-02", "Lawful basis (Art. 6)").value
    assert bases == "All purposes: Legitimate interests (Art. 6(1)(f))"  # said once
    purposes = _load(tmp_path / "t.xlsx")["Purposes & legal bases"]
    listed = [r[3] for r in purposes.iter_rows(min_row=2, values_only=True) if r[0] == "PA-02"]
    assert listed == ["Legitimate interests (Art. 6(1)(f))"] * 2  # the same order, per purpose
