"""The approval rule at every door (editor, bulk action, JSON and workbook import), and
restore: an export with approved activities imports into an empty register exactly."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ropa_desktop.domain.enums import LegalBasis, Status, TransferSafeguard
from ropa_desktop.domain.records import ActivityRec, PurposeRec
from ropa_desktop.exporters.json_export import register_json
from ropa_desktop.exporters.xlsx import export_xlsx
from ropa_desktop.importers.json_import import parse_document
from ropa_desktop.importers.sample import load_sample
from ropa_desktop.importers.xlsx import WorkbookRejected, import_xlsx
from ropa_desktop.services import activities, interchange
from ropa_desktop.services.approval import ApprovalError
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.processors import get_processor, save_processor
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import list_rules, save_rule
from ropa_desktop.ui import prompts
from ropa_desktop.ui.activities_page import ActivitiesPage
from ropa_desktop.ui.activity_actions import APPROVE
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workspace import Workspace
from tests.conftest import ORG, make_register
from tests.factories import complete_activity, processor, retention_for
from tests.xlsx_corpus import row_of, set_cell

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

HEAD = "PA-01 · Customer relationship management cannot be approved while 1 finding blocks it: "
BLOCKER = "No signed data-processing agreement (Art. 28(3)) with “Mailer GmbH”."


def blocked_register(register: Register) -> None:
    """PA-01 uses a processor without a signed DPA; PA-02 has nothing in its way."""
    save_organisation(register, record=ORG)
    save_processor(register, record=processor())
    save_processor(register, record=processor("proc-ok", name="Hoster SA", dpa_signed_on=dt.date(2025, 1, 1)))  # fmt: skip
    for rec, procs in ((complete_activity(), ("proc-mail",)), (_second(), ("proc-ok",))):
        activities.save_activity(register, record=dataclasses.replace(rec, processors=procs))
        save_rule(register, record=retention_for(rec.key, key=f"ret-{rec.key}"))


def _second() -> ActivityRec:
    return complete_activity("act-hr", "PA-02", name="Recruitment")


def _door_editor(register: Register, qtbot: QtBot, tmp_path: Path) -> str:
    workspace = Workspace(register, UiSettings(path=tmp_path / "ui.ini"))
    page = ActivitiesPage(workspace)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    page.refresh()
    editor = page.editor
    page.select_key("act-crm")
    editor.open_activity("act-crm")
    combo = editor.identity.status
    combo.setFocus()
    qtbot.keyClicks(combo, "Approved")
    assert combo.currentText() == "Approved"
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    shown = [
        label.text()
        for section in editor.sections
        for label in section.error_labels.values()
        if not label.isHidden()
    ]
    assert editor.is_dirty  # nothing lost: the edit stays on screen, unsaved
    return " ".join(shown)


def _door_bulk(register: Register, qtbot: QtBot, tmp_path: Path, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    workspace = Workspace(register, UiSettings(path=tmp_path / "ui.ini"))
    page = ActivitiesPage(workspace)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.model.rowCount() == 2
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: asked.append(a[2]) or True)
    warned: list[str] = []
    monkeypatch.setattr(prompts, "warn", lambda _p, _t, text: warned.append(text))
    page.table.setFocus()
    page.table.selectAll()
    page.run_action(APPROVE)
    assert "Approve these 2 activities?" in asked[0]
    assert activities.get_activity(register, key="act-hr").status is Status.APPROVED
    return warned[0]


def _door_json(register: Register) -> str:
    doc = json.loads(register_json(register))
    for a in doc["activities"]:
        a["status"] = "approved"
    with pytest.raises(ApprovalError) as caught:
        interchange.import_records(
            register, parse_document(json.dumps(doc).encode()), dry_run=False
        )
    return str(caught.value)


def _door_xlsx(register: Register, tmp_path: Path) -> str:
    path = export_xlsx(register, tmp_path / "review.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Register"]
    set_cell(ws, row_of(ws, "Reference", "PA-01"), "Status", "Approved")
    wb.save(path)
    with pytest.raises(WorkbookRejected) as caught:
        import_xlsx(register, path, dry_run=False)
    (error,) = caught.value.result.errors
    assert str(error).startswith("sheet “Register”, row 2: the register refuses it: ")
    return str(error)


@pytest.mark.parametrize("door", ["editor", "bulk action", "json import", "workbook import"])
def test_every_door_refuses_the_same_way(
    door: str, sqlite_register: Register, qtbot: QtBot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    register = sqlite_register
    blocked_register(register)
    before = activities.get_activity(register, key="act-crm")
    if door == "editor":
        text = _door_editor(register, qtbot, tmp_path)
        # The editor puts each finding beside its field: the status, then the processors.
        assert "cannot be approved while 1 finding blocks it" in text
        assert BLOCKER in text
    else:
        text = {
            "bulk action": lambda: _door_bulk(register, qtbot, tmp_path, monkeypatch),
            "json import": lambda: _door_json(register),
            "workbook import": lambda: _door_xlsx(register, tmp_path),
        }[door]()
        assert HEAD + BLOCKER in text
    assert "act-crm" not in text and "proc-mail" not in text
    assert activities.get_activity(register, key="act-crm") == before


# --- restore ------------------------------------------------------------------------------


def _confirm_everything(register: Register, key: str) -> None:
    """What a DPO does before approving a sample activity: confirm the marked fields, record
    the DPAs and safeguards of its processors, confirm its retention rules."""
    rec = activities.get_activity(register, key=key)
    for proc_key in rec.processors:
        proc = get_processor(register, key=proc_key)
        save_processor(
            register,
            record=dataclasses.replace(
                proc,
                to_confirm=(),
                dpa_signed_on=proc.dpa_signed_on or dt.date(2025, 1, 15),
                transfer_safeguard=proc.transfer_safeguard or TransferSafeguard.SCC,
            ),
        )
    for rule in list_rules(register):
        if rule.activity == key:
            save_rule(register, record=dataclasses.replace(rule, to_confirm=()))
    rec = activities.get_activity(register, key=key)
    purposes = tuple(
        dataclasses.replace(
            p,
            consent_withdrawal=p.consent_withdrawal or "Unsubscribe link in every e-mail",
        )
        if p.legal_basis is LegalBasis.CONSENT
        else p
        for p in rec.purposes
    )
    activities.save_activity(
        register, record=dataclasses.replace(rec, to_confirm=(), purposes=purposes)
    )


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_sample_with_approved_activities_restores_exactly(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    source = make_register("sqlite", request, tmp_path / "source")
    load_sample(source)
    keys = ["act-newsletter", "act-social-networks", "act-events-trade-fairs"]
    for key in keys:
        _confirm_everything(source, key)
        now = activities.get_activity(source, key=key)
        activities.approve_activity(source, key=key, version=now.version)
    first = register_json(source)
    assert first.count(b'"status": "approved"') == 3
    empty = make_register(backend, request, tmp_path / "restored")
    interchange.import_records(empty, parse_document(first), dry_run=False)
    assert register_json(empty) == first
    restored = {a.key: a for a in activities.list_activities(empty)}
    for key in keys:
        assert restored[key].approved_by == "tester"


def test_restore_of_an_approved_activity_with_a_blocker_is_refused(
    sqlite_register: Register, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """A file cannot carry an approval that the rule would refuse."""
    blocked_register(sqlite_register)
    doc = json.loads(register_json(sqlite_register))
    doc["activities"][0].update(status="approved", approved_by="x", approved_on="2026-01-01")
    empty = make_register("sqlite", request, tmp_path / "other")
    with pytest.raises(ApprovalError, match="Mailer GmbH"):
        interchange.import_records(empty, parse_document(json.dumps(doc).encode()), dry_run=False)
    assert activities.list_activities(empty) == []


# --- export -> import -> export is stable for random valid registers ------------------------

_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
)
_activity = st.fixed_dictionaries(
    {
        "name": _text.filter(lambda t: t.strip() and "\n" not in t),
        "purpose": _text.filter(str.strip),
        "status": st.sampled_from(
            [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.RETIRED]
        ),
        "cycle": st.one_of(st.none(), st.integers(1, 120)),
        "approved_on": st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
        "by": _text.filter(lambda t: t.strip() and "\n" not in t),
    }
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(_activity, min_size=1, max_size=5))
def test_export_import_export_is_stable(
    specs: list[dict[str, object]], request: pytest.FixtureRequest, tmp_path_factory
) -> None:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("prop")
    source = make_register("sqlite", request, base / "a")
    save_organisation(source, record=ORG)
    save_processor(source, record=processor(dpa_signed_on=dt.date(2024, 5, 1)))
    for i, spec in enumerate(specs, 1):
        rec = complete_activity(
            f"act-{i}",
            f"PA-{i:02d}",
            name=spec["name"],
            purposes=(PurposeRec(str(spec["purpose"]), LegalBasis.CONTRACT),),
            processors=("proc-mail",),
            review_cycle_months=spec["cycle"],
        )
        saved = activities.save_activity(source, record=rec)
        save_rule(source, record=retention_for(rec.key, key=f"ret-{i}"))
        if spec["status"] is Status.APPROVED:
            activities.approve_activity(source, key=saved.key, version=saved.version)
        elif spec["status"] is not Status.DRAFT:
            activities.save_activity(
                source, record=dataclasses.replace(saved, status=spec["status"])
            )
    first = json.loads(register_json(source))
    # Approvals as another register recorded them (other people, other days).
    for a, spec in zip(first["activities"], specs, strict=True):
        if a["status"] == "approved":
            a.update(approved_by=spec["by"], approved_on=spec["approved_on"].isoformat())
    data = json.dumps(first, ensure_ascii=False, indent=2).encode()
    target = make_register("sqlite", request, base / "b")
    interchange.import_records(target, parse_document(data), dry_run=False)
    again = register_json(target)
    other = make_register("sqlite", request, base / "c")
    interchange.import_records(other, parse_document(again), dry_run=False)
    assert register_json(other) == again
    assert json.loads(again) == json.loads(data)


def test_the_editor_counts_sensitive_data_in_the_dpia_screening(
    sqlite_register: Register, qtbot: QtBot, tmp_path: Path
) -> None:
    from ropa_desktop.domain.enums import Art9Condition

    blocked_register(sqlite_register)
    workspace = Workspace(sqlite_register, UiSettings(path=tmp_path / "ui.ini"))
    page = ActivitiesPage(workspace)
    qtbot.addWidget(page)
    page.show()
    editor = page.editor
    editor.open_activity("act-hr")
    assert editor.dpia.verdict.text() == "No criterion met."
    # Add a data category as a user does: a new row, the category picked in its cell.
    data = editor.subjects.data
    qtbot.mouseClick(data.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(data.view, Qt.Key.Key_Escape)
    row = data.model.rowCount() - 1
    data.model.setData(data.model.index(row, 0), "health")
    data.model.setData(data.model.index(row, 1), Art9Condition.EXPLICIT_CONSENT)
    qtbot.wait(20)
    assert editor.record().data_categories[-1].category == "health"
    assert editor.dpia.verdict.text().startswith("1 criterion met")
    qtbot.mouseClick(
        editor.dpia.criteria[next(iter(editor.dpia.criteria))], Qt.MouseButton.LeftButton
    )
    assert editor.dpia.verdict.text().startswith("2 criteria met: a DPIA is required (Art. 35).")
    assert "holds special-category or criminal data" in editor.dpia.verdict.text()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = activities.get_activity(sqlite_register, key="act-hr")
    from ropa_desktop.domain.enums import DpiaCriterion

    assert DpiaCriterion.SENSITIVE_DATA in saved.dpia_criteria
