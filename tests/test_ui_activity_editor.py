"""The activity editor driven like a user: type, save, see errors, undo, resolve conflicts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ropa_desktop.domain.enums import LegalBasis
from ropa_desktop.services import activities
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.services.retention import save_rule
from ropa_desktop.ui import prompts
from ropa_desktop.ui.activity_editor import ActivityEditor
from ropa_desktop.ui.conflict_dialog import ConflictDialog
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workspace import Workspace
from tests.conftest import ORG
from tests.factories import complete_activity, retention_for
from tests.shown_editor import shown_editor

# The offscreen platform warns that it cannot propagate size hints; harmless.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def workspace(sqlite_register: Register, tmp_path: Path) -> Workspace:
    save_organisation(sqlite_register, record=ORG)
    return Workspace(sqlite_register, UiSettings(path=tmp_path / "ui.ini"))


@pytest.fixture
def editor(workspace: Workspace, qtbot: QtBot) -> ActivityEditor:
    return shown_editor(workspace, qtbot)


def type_into(qtbot: QtBot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_load_and_record_round_trip_without_showing(workspace: Workspace, qtbot: QtBot) -> None:
    rec = activities.save_activity(workspace.register, record=complete_activity())
    widget = ActivityEditor(workspace)
    qtbot.addWidget(widget)
    widget.load(rec)
    assert widget.record() == rec
    assert not widget.is_dirty


def test_create_an_activity_through_the_form(editor: ActivityEditor, qtbot: QtBot) -> None:
    editor.start_new("PA-07")
    assert editor.identity.reference.text() == "PA-07"
    type_into(qtbot, editor.identity.name, "Newsletter")
    assert editor.is_dirty
    # Add a purpose: the new row opens its cell editor; type and confirm with Enter.
    qtbot.mouseClick(editor.purposes.purposes.add_button, Qt.MouseButton.LeftButton)
    cell = QApplication.focusWidget()
    qtbot.keyClicks(cell, "Send the monthly newsletter")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.wait(20)
    model = editor.purposes.purposes.model
    model.setData(model.index(0, 1), LegalBasis.CONSENT)
    editor.subjects.subjects.tick("newsletter-subscribers")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.is_dirty
    stored = [
        a for a in activities.list_activities(editor.workspace.register) if a.reference == "PA-07"
    ]
    assert len(stored) == 1
    assert stored[0].name == "Newsletter"
    assert stored[0].purposes[0].description == "Send the monthly newsletter"
    assert stored[0].purposes[0].legal_basis is LegalBasis.CONSENT
    assert stored[0].subject_categories == ("newsletter-subscribers",)
    assert "version 1" in editor.title.text()


def test_validation_errors_appear_next_to_their_fields(
    editor: ActivityEditor, qtbot: QtBot
) -> None:
    editor.start_new("not a key!")
    qtbot.mouseClick(editor.purposes.purposes.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    labels = editor.identity.error_labels
    assert labels["name"].isVisible() and "is required" in labels["name"].text()
    assert labels["reference"].isVisible() and "letters, digits" in labels["reference"].text()
    rows = editor.purposes.purposes
    assert rows.errors.isVisible() and "Purpose 1: description is required" in rows.errors.text()
    assert rows.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "is required"
    assert activities.list_activities(editor.workspace.register) == []
    assert editor.is_dirty  # nothing typed was lost
    type_into(qtbot, editor.identity.name, "Fixed")
    type_into(qtbot, editor.identity.reference, "PA-01")
    rows.model.setData(rows.model.index(0, 0), "A purpose")
    editor.save()
    assert not labels["name"].isVisible()
    assert [a.name for a in activities.list_activities(editor.workspace.register)] == ["Fixed"]


def test_undo_and_redo_of_edits(editor: ActivityEditor, qtbot: QtBot) -> None:
    rec = activities.save_activity(editor.workspace.register, record=complete_activity())
    editor.load(rec)
    type_into(qtbot, editor.identity.name, "CRM")
    editor.identity.owner.setFocus()
    qtbot.keyClicks(editor.identity.owner, "Sales")
    assert editor.record().name == "CRM" and editor.record().owner_department == "Sales"
    editor.undo_stack.undo()
    assert editor.identity.owner.text() == ""
    assert editor.identity.name.text() == "CRM"  # typing in one field is one undo step
    editor.undo_stack.undo()
    assert editor.identity.name.text() == rec.name
    assert not editor.is_dirty
    editor.undo_stack.redo()
    assert editor.identity.name.text() == "CRM" and editor.is_dirty
    editor.revert()
    assert editor.record() == rec
    editor.undo_stack.undo()  # revert itself can be undone
    assert editor.identity.name.text() == "CRM"


def test_completeness_reflects_unsaved_edits(editor: ActivityEditor, qtbot: QtBot) -> None:
    register = editor.workspace.register
    rec = activities.save_activity(register, record=complete_activity())
    save_rule(register, record=retention_for(rec.key))
    editor.load(rec)
    editor.refresh_review()
    assert (editor.completeness.met, editor.completeness.total) == (7, 7)
    editor.recipients.recipients.model.remove(0)
    editor.refresh_review()
    assert editor.completeness.met == 6
    assert "recipients" in editor.completeness.text()


def _other_handle_saves(register: Register, key: str, **changes: object) -> None:
    other = open_register(register.location, actor="colleague")
    try:
        current = activities.get_activity(other, key=key)
        activities.save_activity(other, record=dataclasses.replace(current, **changes))  # type: ignore[arg-type]
    finally:
        other.close()


def test_conflict_compare_then_overwrite_keeps_my_edit(
    editor: ActivityEditor, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = editor.workspace.register
    editor.load(activities.save_activity(register, record=complete_activity()))
    editor.activateWindow()
    type_into(qtbot, editor.identity.name, "Mine")
    _other_handle_saves(register, "act-crm", name="Theirs")
    seen = {}

    def drive(parent, entity, mine, theirs):  # type: ignore[no-untyped-def]
        dialog = ConflictDialog(entity, mine, theirs, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)
        seen["compared"] = dialog.compared()
        seen["table"] = dialog.table.isVisible()
        qtbot.mouseClick(dialog.overwrite_button, Qt.MouseButton.LeftButton)
        return dialog.choice

    monkeypatch.setattr(prompts, "resolve_conflict", drive)
    assert editor.save()
    assert ("Name", "Mine", "Theirs") in seen["compared"] and seen["table"]
    stored = activities.get_activity(register, key="act-crm")
    assert stored.name == "Mine" and stored.version == 3


def test_conflict_reload_shows_theirs_and_undo_brings_mine_back(
    editor: ActivityEditor, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = editor.workspace.register
    editor.load(activities.save_activity(register, record=complete_activity()))
    editor.activateWindow()
    type_into(qtbot, editor.identity.name, "Mine")
    _other_handle_saves(register, "act-crm", name="Theirs")

    def drive(parent, entity, mine, theirs):  # type: ignore[no-untyped-def]
        dialog = ConflictDialog(entity, mine, theirs, parent)
        qtbot.addWidget(dialog)
        qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
        return dialog.choice

    monkeypatch.setattr(prompts, "resolve_conflict", drive)
    assert not editor.save()
    assert editor.identity.name.text() == "Theirs" and not editor.is_dirty
    editor.undo_stack.undo()
    assert editor.identity.name.text() == "Mine" and editor.is_dirty
    assert editor.save()  # against their version now: no second conflict
    assert activities.get_activity(register, key="act-crm").name == "Mine"


def test_conflict_cancel_keeps_editing(
    editor: ActivityEditor, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = editor.workspace.register
    editor.load(activities.save_activity(register, record=complete_activity()))
    editor.activateWindow()
    type_into(qtbot, editor.identity.name, "Mine")
    _other_handle_saves(register, "act-crm", name="Theirs")
    monkeypatch.setattr(prompts, "resolve_conflict", lambda *a: "cancel")
    assert not editor.save()
    assert editor.identity.name.text() == "Mine" and editor.is_dirty
    assert activities.get_activity(register, key="act-crm").name == "Theirs"


def test_keyboard_tab_order_and_buddies(editor: ActivityEditor, qtbot: QtBot) -> None:
    editor.start_new("PA-01")
    ident = editor.identity
    ident.reference.setFocus()
    order = [ident.reference, ident.name, ident.description, ident.role, ident.status]
    for current in order[:-1]:
        assert QApplication.focusWidget() is current
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is ident.status
    buddies = {label.buddy() for label in ident.findChildren(type(editor.title)) if label.buddy()}
    assert {ident.reference, ident.name, ident.description, ident.role} <= buddies
