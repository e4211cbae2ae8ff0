"""Keyboard-only use: Tab reaches every field and action, Alt+letter leads to one field,
a table sorts from the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from ropa_desktop.services.assessments import start_assessment
from ropa_desktop.services.processors import list_processors
from ropa_desktop.services.retention import list_rules
from ropa_desktop.ui import prompts
from ropa_desktop.ui.activity_model import COL_NAME, COL_REFERENCE
from ropa_desktop.ui.assessment_dialog import AssessmentDialog
from ropa_desktop.ui.main_window import MainWindow
from ropa_desktop.ui.retention_library_dialog import RetentionLibraryDialog
from ropa_desktop.ui.retention_rule_form import RetentionRuleDialog
from ropa_desktop.ui.table_keys import SORT_KEY
from tests.keyboard import clashes, describe, inputs, tab_chain

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
PAGES = (
    "activities", "processors", "retention", "findings", "audit", "organisation", "breaches",
    "requests",
)  # fmt: skip
ALT = Qt.KeyboardModifier.AltModifier
SHIFT_CTRL = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(sample_window: MainWindow) -> MainWindow:
    return sample_window


def _dialog(window: MainWindow, name: str) -> QDialog:
    workspace = window.workspace
    register = workspace.register
    dialog: QDialog
    if name == "assessment":
        started = start_assessment(register, processor=list_processors(register)[0].key)
        dialog = AssessmentDialog(workspace, started.key, window)
    elif name == "retention rule":
        dialog = RetentionRuleDialog(workspace, list_rules(register)[0], window)
    else:
        dialog = RetentionLibraryDialog(workspace, window)
    dialog.show()
    dialog.activateWindow()
    QApplication.processEvents()
    return dialog


def _assert_tab_reaches_everything(root: QWidget, start: QWidget) -> None:
    forward = tab_chain(start)
    missed = [describe(w) for w in inputs(root) if w not in forward and w is not start]
    assert missed == [], f"Tab never reaches {missed}"
    backward = tab_chain(start, backward=True)
    assert backward == forward[::-1], "Shift+Tab does not retrace Tab's path"


@pytest.mark.parametrize("page", PAGES)
def test_tab_and_shift_tab_reach_every_field_and_action_of_a_page(
    window: MainWindow, page: str
) -> None:
    window.tabs.setCurrentWidget(getattr(window, page))
    QApplication.processEvents()
    _assert_tab_reaches_everything(window.tabs.currentWidget(), window.tabs.tabBar())


@pytest.mark.parametrize("name", ["assessment", "retention rule", "retention library"])
def test_tab_and_shift_tab_reach_every_field_and_action_of_a_dialog(
    window: MainWindow, name: str
) -> None:
    dialog = _dialog(window, name)
    start = QApplication.focusWidget() or dialog.focusWidget()
    assert start is not None and dialog.isAncestorOf(start)
    _assert_tab_reaches_everything(dialog, start)
    dialog.reject()


def test_tab_moves_on_from_a_review_date_that_is_not_set(window: MainWindow, qtbot: QtBot) -> None:
    window.new_activity()
    identity = window.activities.editor.identity
    assert identity.last_review.text() == "Not set"
    identity.last_review.setFocus()
    qtbot.keyClick(identity.last_review, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is identity.cycle
    qtbot.keyClick(identity.cycle, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is identity.last_review
    qtbot.keyClick(identity.last_review, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is identity.owner


@pytest.mark.parametrize("page", PAGES)
def test_each_alt_letter_leads_to_one_thing_on_a_page(window: MainWindow, page: str) -> None:
    window.tabs.setCurrentWidget(getattr(window, page))
    QApplication.processEvents()
    assert clashes(window) == {}


@pytest.mark.parametrize("name", ["assessment", "retention rule", "retention library"])
def test_each_alt_letter_leads_to_one_thing_in_a_dialog(window: MainWindow, name: str) -> None:
    dialog = _dialog(window, name)
    assert clashes(dialog) == {}
    dialog.reject()


def test_alt_o_goes_to_owner_department(window: MainWindow, qtbot: QtBot) -> None:
    identity = window.activities.editor.identity
    window.activities.search.setFocus()
    qtbot.keyClick(window.activities.search, Qt.Key.Key_O, ALT)
    assert QApplication.focusWidget() is identity.owner
    qtbot.keyClick(identity.owner, Qt.Key.Key_L, ALT)
    assert QApplication.focusWidget() is identity.role


def _column(window: MainWindow, column: int) -> list[str]:
    proxy = window.activities.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def test_the_activity_list_sorts_by_the_current_column_from_the_keyboard(
    window: MainWindow, qtbot: QtBot
) -> None:
    page = window.activities
    table = page.table
    assert SORT_KEY in table.toolTip()
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # last row
    last = page.current_key()
    qtbot.keyClick(table, Qt.Key.Key_Home)  # its first column, Reference
    qtbot.keyClick(table, Qt.Key.Key_Right)  # then Name
    assert table.currentIndex().column() == COL_NAME
    qtbot.keyClick(table, Qt.Key.Key_S, SHIFT_CTRL)
    names = _column(window, COL_NAME)
    assert names == sorted(names, key=str.casefold) and names != _column(window, COL_REFERENCE)
    assert table.horizontalHeader().sortIndicatorSection() == COL_NAME
    assert page.current_key() == last, "the activity on screen stays the current row"
    qtbot.keyClick(table, Qt.Key.Key_S, SHIFT_CTRL)
    assert _column(window, COL_NAME) == names[::-1]
    assert page.editor.current_key() == last


def test_a_list_page_sorts_by_the_current_column_from_the_keyboard(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.tabs.setCurrentWidget(window.processors)
    table = window.processors.table
    proxy = window.processors.proxy
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home)  # the first column, Processor
    before = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert before == sorted(before, key=str.casefold)
    qtbot.keyClick(table, Qt.Key.Key_S, SHIFT_CTRL)
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == before[::-1]


def test_help_lists_the_keys(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(prompts, "inform", lambda parent, title, text: shown.append(text))
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    next(a for a in help_menu.actions() if a.text() == "&Keyboard").trigger()
    assert len(shown) == 1 and SORT_KEY in shown[0] and "Ctrl+1" in shown[0]
