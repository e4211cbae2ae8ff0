"""The transfers' country picker driven with keys: part of a name, Enter, a code stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ropa_desktop.services import activities
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.register import Register
from ropa_desktop.ui.activity_editor import ActivityEditor
from ropa_desktop.ui.country_picker import CountryCombo
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workspace import Workspace
from tests.conftest import ORG
from tests.factories import complete_activity

# The offscreen platform cannot raise the completer's popup or grab the keyboard for it;
# the popup still filters and Enter still picks.
pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "does not support raise", "does not support grabbing the keyboard"
)


def _combo(qtbot: QtBot) -> CountryCombo:
    combo = CountryCombo()
    qtbot.addWidget(combo)
    combo.show()
    qtbot.waitExposed(combo)
    return combo


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Fra", "FR"), ("germany", "DE"), ("USA", "US"), ("Etats-Unis", "US"), ("OECD", "OECD")],
)
def test_type_then_enter_gives_the_code(qtbot: QtBot, typed: str, code: str) -> None:
    combo = _combo(qtbot)
    combo.setFocus()
    qtbot.keyClicks(combo.lineEdit(), typed)
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    assert combo.value() == code


def test_the_names_follow_the_language(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    english = _combo(qtbot)
    assert english.itemText(english.findData("DE")) == "Germany"
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    french = _combo(qtbot)
    assert french.itemText(french.findData("DE")) == "Allemagne"
    names = [french.itemText(i) for i in range(french.count())]
    assert names.index("Égypte") < names.index("Espagne")


def test_a_transfer_added_in_the_editor_stores_the_code_and_shows_the_name(
    sqlite_register: Register, tmp_path: Path, qtbot: QtBot
) -> None:
    save_organisation(sqlite_register, record=ORG)
    workspace = Workspace(sqlite_register, UiSettings(path=tmp_path / "ui.ini"))
    rec = activities.save_activity(sqlite_register, record=complete_activity())
    editor = ActivityEditor(workspace)
    qtbot.addWidget(editor)
    editor.resize(1000, 900)
    editor.show()
    editor.activateWindow()
    qtbot.waitExposed(editor)
    editor.load(rec)
    rows = editor.transfers.transfers
    qtbot.mouseClick(rows.add_button, Qt.MouseButton.LeftButton)
    combo = rows.view.findChild(CountryCombo)
    assert combo is not None
    cell = combo.lineEdit()
    qtbot.keyClicks(cell, "Fra")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.wait(20)
    assert rows.model.index(0, 0).data() == "France"
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.is_dirty
    stored = activities.get_activity(sqlite_register, key=rec.key)
    assert [t.country for t in stored.transfers] == ["FR"]
