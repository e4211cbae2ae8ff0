"""The app as each team role meets it on the real PostgreSQL server: the role in the status
bar, an auditor's read-only window, an editor's window without Approve or Delete."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ropa_desktop.domain.enums import Status
from ropa_desktop.services import activities
from ropa_desktop.services.audit import audit_log
from ropa_desktop.services.duties import separation_of_duties
from ropa_desktop.services.processors import save_processor
from ropa_desktop.ui import prompts
from ropa_desktop.ui.activity_actions import APPROVE, DELETE, run_activity_action
from ropa_desktop.ui.main_window import MainWindow
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workspace import Workspace
from tests.crew import Team, make_crew
from tests.factories import processor

pytestmark = [pytest.mark.postgres, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def crew(request: pytest.FixtureRequest, tmp_path: Path) -> Team:
    team = make_crew(request, tmp_path)
    save_processor(team.owner, record=processor())
    request.addfinalizer(_delete_windows)
    return team


def _delete_windows() -> None:
    # A closed window's timers would still read its register after the register closed
    # its pool; deleted first, they read nothing.
    for widget in QApplication.topLevelWidgets():
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _window(qtbot: QtBot, crew: Team, login: str, tmp_path: Path) -> MainWindow:
    # Tests ask for ``crew`` before ``qtbot``: the windows close before the registers do.
    win = MainWindow(Workspace(crew[login], UiSettings(path=tmp_path / f"{login}.ini")))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _approved_choice_enabled(win: MainWindow) -> bool:
    combo = win.activities.editor.identity.status
    model = combo.model()
    assert isinstance(model, QStandardItemModel)
    return bool(model.item(combo.findData(Status.APPROVED.value)).isEnabled())


def test_an_auditors_window_shows_everything_and_changes_nothing(
    crew: Team, qtbot: QtBot, tmp_path: Path
) -> None:
    win = _window(qtbot, crew, "otto", tmp_path)
    assert win.role_mode.role.text() == "otto · Auditor"
    assert win.role_mode.notice_bar.isVisible()
    assert "auditor" in win.role_mode.notice.text()
    editor = win.activities.editor
    assert editor.current_key() == "act-crm"
    name = editor.identity.name
    shown = name.text()
    name.setFocus()
    qtbot.keyClicks(name, " (mine)")
    qtbot.keyClick(name, Qt.Key.Key_Backspace)
    qtbot.keyClick(win, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert name.text() == shown
    assert not editor.is_dirty
    assert not editor.save_button.isEnabled() and not win.save_action.isEnabled()
    assert not win.new_action.isEnabled()
    assert not win.activity_actions[APPROVE].isVisible()
    assert not win.activity_actions[DELETE].isVisible()
    assert not any(a.isEnabled() for a in win.import_actions.values())
    # A tick list stays as it was: neither a click nor the space bar ticks anything.
    picker = editor.subjects.subjects
    before = picker.values()
    index = picker.view.model().index(0, 0)
    rect = picker.view.visualRect(index)
    qtbot.mouseClick(picker.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    picker.view.setFocus()
    qtbot.keyClick(picker.view, Qt.Key.Key_Space)
    assert picker.values() == before and not editor.is_dirty
    assert not picker.add_button.isEnabled()
    # The other pages: a processor opens read-only, nothing to add, delete or save.
    win.tabs.setCurrentWidget(win.processors)
    win.processors.table.selectRow(0)
    form = win.processors.form
    assert form.fields.name.text() == "Mailer GmbH"
    form.fields.name.setFocus()
    qtbot.keyClicks(form.fields.name, "X")
    assert form.fields.name.text() == "Mailer GmbH" and not form.save_button.isEnabled()
    assert not win.processors.delete_button.isEnabled()
    assert not win.processors.new_button.isEnabled()
    assert not form.new_assessment_button.isEnabled()
    assert form.open_assessment_button.isEnabled() or not form.assessment_model.rowCount()
    assert not win.retention.new_button.isEnabled()
    assert not win.retention.delete_button.isEnabled()
    org = win.organisation
    assert org.save_button.isEnabled() is False
    assert not org.duties.duties.isEnabled()
    assert activities.get_activity(crew.owner, key="act-crm").name == shown


def test_an_editors_window_offers_no_approval_deletion_or_catalogue_entries(
    crew: Team, qtbot: QtBot, tmp_path: Path
) -> None:
    win = _window(qtbot, crew, "alice", tmp_path)
    assert win.role_mode.role.text() == "alice · Editor"
    assert not win.role_mode.notice_bar.isVisible()
    assert not win.activity_actions[APPROVE].isVisible()
    assert not win.activity_actions[DELETE].isVisible()
    assert not _approved_choice_enabled(win)
    editor = win.activities.editor
    assert not editor.subjects.subjects.add_button.isEnabled()
    # An editor edits and saves.
    name = editor.identity.name
    name.selectAll()
    qtbot.keyClicks(name, "CRM")
    assert editor.save_button.isEnabled()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.is_dirty)
    assert activities.get_activity(crew.owner, key="act-crm").name == "CRM"
    win.tabs.setCurrentWidget(win.processors)
    win.processors.table.selectRow(0)
    assert win.processors.form.fields.name.text() == "Mailer GmbH"
    assert not win.processors.delete_button.isEnabled()
    assert win.processors.new_button.isEnabled()
    assert not win.organisation.duties.duties.isEnabled()  # a DPO's setting


def test_a_dpos_window_offers_everything(crew: Team, qtbot: QtBot, tmp_path: Path) -> None:
    win = _window(qtbot, crew, "dora", tmp_path)
    assert win.role_mode.role.text() == "dora · DPO"
    assert win.activity_actions[APPROVE].isVisible() and win.activity_actions[APPROVE].isEnabled()
    assert win.activity_actions[DELETE].isEnabled()
    assert _approved_choice_enabled(win)
    assert win.activities.editor.subjects.subjects.add_button.isEnabled()
    win.tabs.setCurrentWidget(win.processors)
    win.processors.table.selectRow(0)
    assert win.processors.delete_button.isEnabled()
    # The DPO switches separation of duties on from the Organisation page.
    win.tabs.setCurrentWidget(win.organisation)
    box = win.organisation.duties.duties
    assert box.isEnabled() and not box.isChecked()
    win.organisation.scroll.ensureWidgetVisible(box)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    assert separation_of_duties(crew.owner)
    assert audit_log(crew.owner, limit=1)[0].actor == "dora"


def test_a_refusal_the_window_would_not_offer_is_one_sentence(
    crew: Team, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = _window(qtbot, crew, "alice", tmp_path)
    warned: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda *args, **kwargs: True)
    monkeypatch.setattr(prompts, "warn", lambda parent, title, text: warned.append(text))
    # Approve forced past the window, straight to the services: the database refuses.
    assert not run_activity_action(win.activities.editor, APPROVE)
    assert warned == [
        "Your role (Editor) may not approve activities; ask the DPO. Nothing was changed."
    ]
    assert activities.get_activity(crew.owner, key="act-crm").status is not Status.APPROVED
