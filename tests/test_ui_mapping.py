"""File › Import › Existing register with a home-made table: the mapping step previews
the columns, proposes a field for each from its header, lets the DPO change it with the
keyboard and the mouse, refuses a field chosen twice, and is remembered next time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from ropa_desktop.importers.spreadsheet.existing import read_register_file, table_to_map
from ropa_desktop.services.activities import list_activities
from ropa_desktop.services.register import open_register
from ropa_desktop.ui import prompts
from ropa_desktop.ui.main_window import MainWindow
from ropa_desktop.ui.mapping_dialog import NOT_IMPORTED, MappingDialog
from ropa_desktop.ui.prompts import ask_mapping  # the real dialog, before tests patch it
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workspace import Workspace
from tests.test_ui_pages import when_modal

# The offscreen platform cannot raise a combo box's popup or grab the keyboard for it.
pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "does not support raise", "does not support grabbing the keyboard"
)
LEFT = Qt.MouseButton.LeftButton
TABLE = (
    "Réf.;Nom du traitement;Finalité;Base légale;Personnes concernées;Couleur;Commentaires\n"
    "T-01;Recrutement;Sélectionner les candidats;Intérêt légitime;Candidats;vert;Revu\n"
    "T-02;Paie;Payer les salariés;Obligation légale;Salariés;bleu;\n"
)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    register = open_register(str(tmp_path / "r.sqlite"), actor="dpo", create=True)
    win = MainWindow(Workspace(register, UiSettings(path=tmp_path / "ui.ini")))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.workspace.register.close()


@pytest.fixture
def table_file(tmp_path: Path) -> Path:
    path = tmp_path / "registre.csv"
    path.write_text(TABLE, encoding="utf-8")
    return path


def open_mapping(qtbot: QtBot, table_file: Path, folder: Path) -> MappingDialog:
    """The mapping step for ``table_file``, as proposed from its headers, on screen."""
    table = table_to_map(read_register_file(table_file))
    assert table is not None
    dialog = MappingDialog("Map", table, folder)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def combo(dialog: MappingDialog, header: str) -> QComboBox:
    (column,) = [c for c in dialog.table.columns if c.header == header]
    return dialog.combos[column.index]


def choose_with_keys(qtbot: QtBot, box: QComboBox, text: str) -> None:
    """Focus the box, open it with Alt+Down, walk to the item with arrows, Enter."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    view = box.view()
    qtbot.waitUntil(view.isVisible)
    target = box.findText(text)
    while view.currentIndex().row() != target:
        key = Qt.Key.Key_Down if view.currentIndex().row() < target else Qt.Key.Key_Up
        qtbot.keyClick(view, key)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: box.currentText() == text)


def test_the_step_proposes_previews_and_refuses_a_field_twice(
    qtbot: QtBot, table_file: Path, tmp_path: Path
) -> None:
    dialog = open_mapping(qtbot, table_file, tmp_path)
    assert combo(dialog, "Nom du traitement").currentText() == "Name"
    assert combo(dialog, "Finalité").currentText() == "Purposes"
    assert combo(dialog, "Base légale").currentText() == "Legal basis"
    assert combo(dialog, "Commentaires").currentText() == "Description (kept under its header)"
    texts = [label.text() for label in dialog.findChildren(type(dialog.problem))]
    assert any("Recrutement  ·  Paie" in t for t in texts)  # the first values, as read
    assert dialog.ok.isEnabled() and not dialog.problem.isVisible()
    choose_with_keys(qtbot, combo(dialog, "Finalité"), "Name")
    assert not dialog.ok.isEnabled()
    assert dialog.problem.text().startswith("“Name” is chosen for columns B and C")
    choose_with_keys(qtbot, combo(dialog, "Finalité"), "Purposes")
    assert dialog.ok.isEnabled()
    dialog.grab().save(str(tmp_path / "mapping-1024.png"))


def test_file_import_existing_register_maps_imports_and_remembers(
    qtbot: QtBot, window: MainWindow, table_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "ask_open_path", lambda *a: table_file)
    monkeypatch.setattr(prompts, "review_changes", lambda *a: frozenset())
    seen: list[str] = []

    def drive(parent, title, table, folder):  # type: ignore[no-untyped-def]
        def act(dialog: MappingDialog) -> None:  # type: ignore[override]
            seen.append(combo(dialog, "Couleur").currentText())
            if len(seen) == 1:
                choose_with_keys(qtbot, combo(dialog, "Couleur"), NOT_IMPORTED)
            qtbot.mouseClick(dialog.ok, LEFT)

        when_modal(MappingDialog, act)  # type: ignore[arg-type]
        return ask_mapping(parent, title, table, folder)

    monkeypatch.setattr(prompts, "ask_mapping", drive)
    window.import_actions["spreadsheet"].trigger()
    register = window.workspace.register
    acts = {a.reference: a for a in list_activities(register)}
    assert set(acts) == {"T-01", "T-02"}
    assert window.activities.proxy.rowCount() == 2
    # Next month: the same headers, the choice remembered (the colour left out).
    table_file.write_text(TABLE + "T-03;Newsletter;Informer les clients;Consentement;"
                          "Clients;rouge;\n", encoding="utf-8")  # fmt: skip
    window.import_actions["spreadsheet"].trigger()
    assert seen == ["Description (kept under its header)", NOT_IMPORTED]
    assert {a.reference for a in list_activities(register)} == {"T-01", "T-02", "T-03"}


def test_save_mapping_as_writes_the_file_the_cli_reads(
    qtbot: QtBot, table_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_mapping(qtbot, table_file, tmp_path)
    target = tmp_path / "mine"
    monkeypatch.setattr(prompts, "ask_save_path", lambda *a: target)
    told: list[str] = []
    monkeypatch.setattr(prompts, "inform", lambda parent, title, text: told.append(text))
    qtbot.mouseClick(dialog.save, LEFT)
    saved = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    assert saved["columns"]["Nom du traitement"] == "name"
    assert "--mapping mine.json" in told[0]
    assert QApplication.activeModalWidget() is None
