"""Messages on screen as a DPO meets them: a note that goes once the field is fixed, no
repeated prefixes, right plurals and articles."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from ropa_desktop.domain.enums import Status
from ropa_desktop.services import activities
from ropa_desktop.ui import prompts
from ropa_desktop.ui.lookups import load_lookups
from ropa_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(sample_window: MainWindow) -> MainWindow:
    return sample_window


def _note(window: MainWindow, field: str) -> QLabel:
    return window.activities.editor.findChild(QLabel, f"error:{field}")


def test_is_required_goes_from_under_name_once_a_name_is_typed(
    window: MainWindow, qtbot: QtBot
) -> None:
    editor = window.activities.editor
    window.new_activity()
    qtbot.mouseClick(editor.save_button, LEFT)
    note = _note(window, "name")
    assert note.isVisibleTo(editor) and note.text() == "is required"
    qtbot.keyClicks(editor.identity.name, "Webinar sign-up")
    assert not note.isVisibleTo(editor) and note.text() == ""


def test_a_purpose_blocking_approval_is_named_once(window: MainWindow, qtbot: QtBot) -> None:
    register = window.workspace.register
    editor = window.activities.editor
    rec = activities.get_activity(register, key=editor.current_key())
    purposes = list(rec.purposes)
    purposes[-1] = dataclasses.replace(purposes[-1], legal_basis=None)
    activities.save_activity(register, record=dataclasses.replace(rec, purposes=tuple(purposes)))
    window.workspace.notify_changed()
    status = editor.identity.status
    status.setCurrentIndex(status.findData(Status.APPROVED.value))
    qtbot.mouseClick(editor.save_button, LEFT)
    shown = editor.purposes.purposes.errors.text()
    n = len(purposes)
    assert shown.startswith(f"Purpose {n} (“") and "has no Art. 6(1) legal basis" in shown
    assert f"Purpose {n}: Purpose {n}" not in shown


def test_an_empty_data_row_is_named_by_its_number(window: MainWindow, qtbot: QtBot) -> None:
    editor = window.activities.editor
    rows = len(editor.subjects.data.rows())
    qtbot.mouseClick(editor.subjects.data.add_button, LEFT)
    qtbot.mouseClick(editor.save_button, LEFT)
    shown = editor.subjects.data.errors.text()
    assert shown == f"Data category {rows + 1}: category is required"
    assert editor.is_dirty


def test_the_export_dialog_asks_for_an_excel_workbook(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    captions: list[str] = []
    monkeypatch.setattr(
        prompts, "ask_save_path", lambda parent, caption, *a: captions.append(caption)
    )
    window.export_actions["xlsx"].trigger()
    window.export_actions["pdf"].trigger()
    assert captions == [
        "Export the register as an Excel workbook",
        "Export the register as a PDF report",
    ]


def test_a_category_named_with_its_article_is_not_flagged_twice(window: MainWindow) -> None:
    labels = [
        label for _, label, _ in load_lookups(window.workspace.register).entries("data_categories")
    ]
    assert "Criminal convictions and offences (Art. 10)" in labels
    assert not any(label.count("Art. 10") > 1 or label.count("Art. 9") > 1 for label in labels)


def test_an_error_on_a_small_screen_scrolls_down_to_it_not_sideways(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(1024, 640)
    editor = window.activities.editor
    bar = editor.scroll.horizontalScrollBar()
    QApplication.processEvents()
    assert bar.maximum() == 0, "at 1024×640 the form fits its pane"
    window.resize(760, 600)  # narrower than supported: the form overflows, the labels stay
    window.new_activity()
    qtbot.mouseClick(editor.save_button, LEFT)
    assert bar.maximum() > 0, "the form is wider than the screen here"
    assert bar.value() == 0, "the labels on the left stay in view"
