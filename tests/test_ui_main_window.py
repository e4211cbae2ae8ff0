"""The main window as a DPO meets it: start-up on the sample, menus, export, import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ropa_desktop import app as app_module
from ropa_desktop.exporters.xlsx import export_xlsx
from ropa_desktop.services import activities
from ropa_desktop.services.register import Register
from ropa_desktop.ui import prompts
from ropa_desktop.ui.first_start import offer_start
from ropa_desktop.ui.main_window import MainWindow
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workspace import Workspace
from tests.xlsx_corpus import edit, row_of, set_cell

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def settings(tmp_path: Path) -> UiSettings:
    return UiSettings(path=tmp_path / "ui.ini")


@pytest.fixture
def window(qtbot: QtBot, settings: UiSettings) -> MainWindow:
    """The app as `make run` starts it on a new machine, the DPO choosing the sample."""
    register = app_module.open_workspace(None, settings, actor="dpo")
    workspace = Workspace(register, settings)
    win = MainWindow(workspace)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    asked = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(prompts, "ask_first_start", lambda parent: asked.append(1) or "sample")
        offer_start(win, workspace)
    assert asked == [1]
    yield win
    register.close()


def _sample_names(register: Register) -> set[str]:
    return {a.name for a in activities.list_activities(register)}


def test_first_start_opens_the_sample_register_in_the_data_folder(
    window: MainWindow, tmp_path: Path, settings: UiSettings
) -> None:
    register = window.workspace.register
    assert register.location.startswith(str(tmp_path / "data-home"))
    names = _sample_names(register)
    assert {"Webinar sign-up", "Contact form", "Newsletter", "Payments", "Audits"} <= names
    assert window.activities.proxy.rowCount() == len(names)
    assert str(tmp_path / "data-home") in window.location.text()
    assert window.state.text() == "All changes saved"
    # The next start opens the same register, not another empty one.
    assert settings.last_register == register.location


def test_every_page_is_reachable_from_the_view_menu(window: MainWindow, qtbot: QtBot) -> None:
    titles = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    assert titles == [
        "Activities",
        "Processors  assessments",
        "Retention schedule",
        "Findings",
        "Audit log",
        "Organisation",
        "Breaches",
        "Rights requests",
    ]
    window.tabs.setCurrentIndex(0)
    window.activateWindow()
    from PySide6.QtCore import Qt

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.retention
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.breaches
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.requests


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "json"])
def test_export_from_the_file_menu_writes_a_real_file(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    target = tmp_path / "out" / "register"
    target.parent.mkdir()
    monkeypatch.setattr(prompts, "ask_save_path", lambda *a: target)
    window.export_actions[fmt].trigger()
    written = target.with_name(f"register.{fmt}")
    assert written.exists()
    assert not [p for p in target.parent.iterdir() if ".partial" in p.name]
    names = _sample_names(window.workspace.register)
    if fmt == "xlsx":
        wb = openpyxl.load_workbook(written, read_only=True)
        assert "Register" in wb.sheetnames
        cells = {str(c) for row in wb["Register"].iter_rows(values_only=True) for c in row}
        assert names <= cells
    elif fmt == "pdf":
        text = "".join(page.extract_text() for page in PdfReader(written).pages)
        assert all(name.split()[0] in text for name in names)
    else:
        doc = json.loads(written.read_text(encoding="utf-8"))
        assert {a["name"] for a in doc["activities"]} == names
    assert window.statusBar().currentMessage() == f"Wrote {written}"


def _reviewed_workbook(register: Register, tmp_path: Path, new_name: str) -> tuple[Path, str]:
    first = activities.list_activities(register)[0]
    path = export_xlsx(register, tmp_path / "review.xlsx")

    def rename(wb: openpyxl.Workbook) -> None:
        ws = wb["Register"]
        set_cell(ws, row_of(ws, "Reference", first.reference), "Processing activity", new_name)

    return edit(path, rename), first.key


def test_importing_the_reviewed_workbook_shows_the_changes_then_applies(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = window.workspace.register
    path, key = _reviewed_workbook(register, tmp_path, "Renamed by legal")
    shown: list[Any] = []
    monkeypatch.setattr(prompts, "ask_open_path", lambda *a: path)
    monkeypatch.setattr(
        prompts,
        "review_changes",
        lambda parent, title, plan: shown.append(plan.lines()) or frozenset(),
    )
    window.import_actions["xlsx"].trigger()
    assert any("Renamed by legal" in line for line in shown[0])
    assert activities.get_activity(register, key=key).name == "Renamed by legal"
    assert window.statusBar().currentMessage() == "Import applied."
    # The list shows the new name without anyone asking it to refresh.
    assert window.activities.model.row_of(key) >= 0
    row = window.activities.model.row_of(key)
    assert window.activities.model.rows[row].name == "Renamed by legal"


def test_cancelling_the_preview_changes_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = window.workspace.register
    path, key = _reviewed_workbook(register, tmp_path, "Not applied")
    before = activities.get_activity(register, key=key)
    monkeypatch.setattr(prompts, "ask_open_path", lambda *a: path)
    monkeypatch.setattr(prompts, "review_changes", lambda *a: None)
    window.import_actions["xlsx"].trigger()
    assert activities.get_activity(register, key=key) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"Reference,Name\nPA-01,Evil\n", "not"),
        (b"", "not"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_clearly(
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: bytes,
    expected: str,
) -> None:
    register = window.workspace.register
    before = sorted(_sample_names(register))
    bad = tmp_path / "renamed.xlsx"
    bad.write_bytes(content)
    warned: list[str] = []
    monkeypatch.setattr(prompts, "ask_open_path", lambda *a: bad)
    monkeypatch.setattr(prompts, "warn", lambda parent, title, text: warned.append(text))
    window.import_actions["xlsx"].trigger()
    assert len(warned) == 1 and expected in warned[0].lower()
    assert "Traceback" not in warned[0]
    assert sorted(_sample_names(register)) == before


def test_a_rejected_workbook_names_sheet_row_and_column(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = window.workspace.register
    first = activities.list_activities(register)[0]
    path = export_xlsx(register, tmp_path / "review.xlsx")

    def bad_status(wb: openpyxl.Workbook) -> None:
        ws = wb["Register"]
        set_cell(ws, row_of(ws, "Reference", first.reference), "Status", "Sort of approved")

    bad = edit(path, bad_status)
    warned: list[str] = []
    monkeypatch.setattr(prompts, "ask_open_path", lambda *a: bad)
    monkeypatch.setattr(prompts, "warn", lambda parent, title, text: warned.append(text))
    window.import_actions["xlsx"].trigger()
    assert "Nothing was imported" in warned[0]
    assert "Register" in warned[0] and "Sort of approved" in warned[0]
    assert activities.get_activity(register, key=first.key).status == first.status


def test_closing_with_unsaved_edits_asks_and_cancel_keeps_them(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = window.activities.editor
    editor.identity.name.setFocus()
    qtbot.keyClicks(editor.identity.name, " (edited)")
    assert window.state.text() == "Unsaved changes"
    asked: list[str] = []
    monkeypatch.setattr(
        prompts, "ask_unsaved", lambda parent, what: asked.append(what) or prompts.CANCEL
    )
    assert not window.close()
    assert asked and window.isVisible()
    assert editor.identity.name.text().endswith(" (edited)")
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent, what: prompts.DISCARD)
    assert window.close()


def test_the_window_remembers_its_size(
    window: MainWindow, qtbot: QtBot, settings: UiSettings
) -> None:
    # Smaller than the default 1360x860, within the 800x600 offscreen screen.
    window.resize(700, 500)
    QApplication.processEvents()
    wanted = (window.width(), window.height())  # as the screen allowed it
    assert wanted[1] == 500
    assert window.close()
    again = MainWindow(window.workspace)
    qtbot.addWidget(again)
    # The width may be clamped to the small offscreen screen; the height is as left.
    assert again.height() == wanted[1] and again.width() <= wanted[0]


def test_menus_carry_the_standard_shortcuts(window: MainWindow) -> None:
    from PySide6.QtGui import QKeySequence

    def keys(action: Any) -> str:
        return action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)

    assert keys(window.new_action) == QKeySequence(QKeySequence.StandardKey.New).toString()
    assert keys(window.save_action) == QKeySequence(QKeySequence.StandardKey.Save).toString()
    assert keys(window.find_action) == QKeySequence(QKeySequence.StandardKey.Find).toString()
    assert [keys(window.export_actions[f]) for f in ("xlsx", "pdf", "json")] == [
        "Ctrl+E",
        "Ctrl+P",
        "Ctrl+Shift+J",
    ]
    assert [keys(window.import_actions[f]) for f in ("xlsx", "json")] == ["Ctrl+I", "Ctrl+Shift+I"]
    assert keys(window.undo_action) and keys(window.redo_action)
