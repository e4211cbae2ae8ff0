"""The list and the editor in step: the highlighted row is always the record on screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from ropa_desktop.ui import prompts
from ropa_desktop.ui.catalogue_entry import NewEntry
from ropa_desktop.ui.main_window import MainWindow
from ropa_desktop.ui.table_model import KEY_ROLE

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(sample_window: MainWindow) -> MainWindow:
    return sample_window


def _click_row(qtbot: QtBot, table: QTableView, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 1))
    qtbot.mouseClick(table.viewport(), LEFT, pos=rect.center())
    qtbot.wait(20)  # the list settles after the click (one turn of the event loop)


def _highlighted(table: QTableView) -> list[str]:
    return [str(i.data(KEY_ROLE)) for i in table.selectionModel().selectedRows()]


def _row_named(table: QTableView, name: str) -> int:
    model = table.model()
    return next(r for r in range(model.rowCount()) if model.index(r, 1).data() == name)


def _edit_name(qtbot: QtBot, window: MainWindow, text: str) -> None:
    name = window.activities.editor.identity.name
    name.selectAll()
    qtbot.keyClicks(name, text)


def test_cancelling_the_guard_keeps_the_edited_activity_highlighted(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page, editor = window.activities, window.activities.editor
    first = editor.current_key()
    _edit_name(qtbot, window, "Webinar sign-up (edited)")
    asked: list[str] = []
    monkeypatch.setattr(
        prompts, "ask_unsaved", lambda p, what: asked.append(what) or prompts.CANCEL
    )
    _click_row(qtbot, page.table, 3)
    assert asked == ["The activity “Webinar sign-up (edited)”"]
    assert editor.current_key() == first and editor.is_dirty
    assert editor.identity.name.text() == "Webinar sign-up (edited)"
    assert _highlighted(page.table) == [first]
    assert page.current_key() == first


def test_a_new_activity_highlights_no_row_even_after_adding_a_processor(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page, editor = window.activities, window.activities.editor
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert editor.is_new and _highlighted(page.table) == []
    qtbot.keyClicks(editor.identity.name, "Webinar sign-up")
    new_reference = editor.identity.reference.text()
    monkeypatch.setattr(
        prompts, "ask_new_entry", lambda parent, what: NewEntry("Webinar Host GmbH", "Hosting")
    )
    qtbot.mouseClick(editor.recipients.processors.add_button, LEFT)
    qtbot.wait(20)
    assert editor.is_new and editor.identity.name.text() == "Webinar sign-up"
    assert editor.identity.reference.text() == new_reference
    assert _highlighted(page.table) == [] and page.current_key() == ""
    qtbot.mouseClick(editor.save_button, LEFT)
    assert _highlighted(page.table) == [editor.current_key()] != [""]


def test_typing_in_the_search_box_with_unsaved_edits_neither_asks_nor_discards(
    window: MainWindow, qtbot: QtBot
) -> None:
    # The autouse guard fixture fails the test if the unsaved-changes prompt appears.
    page, editor = window.activities, window.activities.editor
    edited = editor.current_key()
    _edit_name(qtbot, window, "Webinar sign-up (edited)")
    qtbot.keyClicks(page.search, "zzzz nothing matches")
    assert page.proxy.rowCount() == 0
    assert editor.is_dirty and editor.identity.name.text() == "Webinar sign-up (edited)"
    assert editor.current_key() == edited
    page.search.clear()
    assert _highlighted(page.table) == [edited]
    assert editor.is_dirty and editor.identity.name.text() == "Webinar sign-up (edited)"


def test_after_filtering_the_edited_row_keeps_its_highlight(
    window: MainWindow, qtbot: QtBot
) -> None:
    page, editor = window.activities, window.activities.editor
    row = _row_named(page.table, "Technical support")
    _click_row(qtbot, page.table, row)
    shown = editor.current_key()
    reference = editor.identity.reference.text()
    qtbot.keyClicks(page.search, "t")  # many rows still match
    assert page.proxy.rowCount() > 1
    assert _highlighted(page.table) == [shown]
    qtbot.keyClicks(page.search, "echnical")
    assert _highlighted(page.table) == [shown] and reference
    page.status.setCurrentIndex(page.status.findText("Retired"))
    assert _highlighted(page.table) == [] and editor.current_key() == shown
    page.status.setCurrentIndex(0)
    assert _highlighted(page.table) == [shown]


def test_cancelling_the_guard_keeps_the_edited_processor_highlighted(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.tabs.setCurrentWidget(window.processors)
    view = window.processors
    _click_row(qtbot, view.table, 0)
    shown = view.selected_key()
    qtbot.keyClicks(view.form.fields.notes, " edited")
    monkeypatch.setattr(prompts, "ask_unsaved", lambda p, what: prompts.CANCEL)
    _click_row(qtbot, view.table, 2)
    assert _highlighted(view.table) == [shown]
    assert view.form.is_dirty and view.form.record().key == shown


def test_a_new_processor_highlights_no_row_while_the_list_refreshes(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.tabs.setCurrentWidget(window.processors)
    view = window.processors
    qtbot.mouseClick(view.new_button, LEFT)
    assert _highlighted(view.table) == []
    qtbot.keyClicks(view.form.fields.name, "Webinar Host GmbH")
    window.workspace.notify_changed()  # someone else's save refreshes the lists
    assert _highlighted(view.table) == []
    assert view.form.fields.name.text() == "Webinar Host GmbH"
    qtbot.keyClicks(view.filter, "zz")
    view.filter.clear()
    assert _highlighted(view.table) == []
