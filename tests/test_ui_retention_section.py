"""Retention inside the activity editor, driven like a user: the rules per data category,
Add and Edit through the rule form for this activity, the reference rules for it, and a
new activity saved first after asking."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from ropa_desktop.domain.enums import RetentionUnit
from ropa_desktop.domain.records import RetentionRuleRec
from ropa_desktop.services import activities
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import list_rules, save_rule
from ropa_desktop.ui import prompts
from ropa_desktop.ui.activity_editor import ActivityEditor
from ropa_desktop.ui.retention_library_dialog import RetentionLibraryDialog
from ropa_desktop.ui.retention_rule_form import RetentionRuleDialog
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workspace import Workspace
from tests.conftest import ORG
from tests.factories import complete_activity
from tests.shown_editor import shown_editor

LEFT = Qt.MouseButton.LeftButton
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def workspace(sqlite_register: Register, tmp_path: Path) -> Workspace:
    save_organisation(sqlite_register, record=ORG)
    activities.save_activity(sqlite_register, record=complete_activity())
    activities.save_activity(
        sqlite_register, record=complete_activity("act-hr", "PA-02", name="Recruitment")
    )
    save_rule(
        sqlite_register,
        record=RetentionRuleRec(
            key="r-id",
            activity="act-hr",
            data_category="identity",
            data_description="CVs",
            duration_value=2,
            duration_unit=RetentionUnit.YEARS,
        ),
    )
    return Workspace(sqlite_register, UiSettings(path=tmp_path / "ui.ini"))


@pytest.fixture
def editor(workspace: Workspace, qtbot: QtBot) -> ActivityEditor:
    return shown_editor(workspace, qtbot)


def lines(editor: ActivityEditor) -> list[tuple[str, ...]]:
    return list(editor.retention.model.rows)


def with_modal(kind: type, drive: Callable[..., None]) -> list[object]:
    """Run ``drive`` on the modal dialog of ``kind`` the next click opens."""
    seen: list[object] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, kind), dialog
        seen.append(dialog)
        drive(dialog)

    QTimer.singleShot(0, run)
    return seen


def click_line(qtbot: QtBot, editor: ActivityEditor, row: int) -> None:
    view = editor.retention.view
    qtbot.mouseClick(
        view.viewport(), LEFT, pos=view.visualRect(view.model().index(row, 0)).center()
    )


def test_rules_are_listed_per_category_and_added_for_this_activity(
    qtbot: QtBot, editor: ActivityEditor, workspace: Workspace, tmp_path: Path
) -> None:
    editor.load(activities.get_activity(workspace.register, key="act-hr"))
    assert lines(editor) == [
        ("Identity", "2 years", "CVs"),
        ("Contact details", "No rule yet", ""),
    ]
    assert not editor.retention.edit_button.isEnabled()
    click_line(qtbot, editor, 1)
    offered: list[tuple[str, str]] = []

    def fill(dialog: RetentionRuleDialog) -> None:
        form = dialog.form
        offered.append((form.activity.currentData(), form.category.currentData()))
        assert dialog.windowTitle() == "New retention rule"
        form.value.selectAll()
        qtbot.keyClicks(form.value, "3")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)

    with_modal(RetentionRuleDialog, fill)
    qtbot.mouseClick(editor.retention.add_button, LEFT)
    assert offered == [("act-hr", "contact-details")]  # this activity, the category chosen
    assert lines(editor)[1] == ("Contact details", "3 years", "")
    editor.scroll.ensureWidgetVisible(editor.retention.view)  # for the person looking
    editor.grab().save(str(tmp_path / "editor_retention.png"))
    # Edit the first line's rule in the same form.
    click_line(qtbot, editor, 0)
    assert editor.retention.edit_button.isEnabled()

    def lengthen(dialog: RetentionRuleDialog) -> None:
        assert dialog.windowTitle() == "Edit retention rule"
        dialog.form.value.selectAll()
        qtbot.keyClicks(dialog.form.value, "5")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)

    with_modal(RetentionRuleDialog, lengthen)
    qtbot.mouseClick(editor.retention.edit_button, LEFT)
    rules = {r.data_category: r for r in list_rules(workspace.register, activity="act-hr")}
    assert (rules["identity"].duration_value, rules["contact-details"].duration_value) == (5, 3)
    assert lines(editor)[0] == ("Identity", "5 years", "CVs")


def test_the_reference_rules_start_from_the_activity_being_edited(
    qtbot: QtBot, editor: ActivityEditor, workspace: Workspace
) -> None:
    editor.load(activities.get_activity(workspace.register, key="act-hr"))
    chosen: list[str] = []
    with_modal(
        RetentionLibraryDialog, lambda d: (chosen.append(d.activity.currentText()), d.reject())
    )
    qtbot.mouseClick(editor.retention.library_button, LEFT)
    assert chosen == ["PA-02 Recruitment"]  # not the schedule's first activity, PA-01


def test_a_new_activity_is_saved_first_after_asking(
    qtbot: QtBot, editor: ActivityEditor, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor.start_new("PA-03")
    editor.identity.name.setFocus()
    qtbot.keyClicks(editor.identity.name, "Webinar sign-up")
    asked: list[str] = []
    answer = [False]

    def confirm(parent: object, title: str, text: str, *, action: str = "OK") -> bool:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(prompts, "confirm", confirm)
    qtbot.mouseClick(editor.retention.add_button, LEFT)  # declined: nothing saved, no form
    assert len(asked) == 1 and editor.is_new
    assert asked[0] == "A retention rule belongs to a saved activity. Save “Webinar sign-up” now?"
    answer[0] = True
    offered: list[str] = []
    with_modal(
        RetentionRuleDialog, lambda d: (offered.append(d.form.activity.currentData()), d.reject())
    )
    qtbot.mouseClick(editor.retention.add_button, LEFT)
    assert not editor.is_new
    assert offered == [editor.current_key()]
