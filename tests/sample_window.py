"""The main window on a scratch copy of the sample register, as GUI tests open it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ropa_desktop.importers.sample import load_sample
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.services.templates import install_templates
from ropa_desktop.ui import prompts
from ropa_desktop.ui.main_window import MainWindow
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workspace import Workspace


def open_sample_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[MainWindow, Register]:
    """Shown at 1360×860 and active; closing it at the end of the test discards what
    the test left unsaved."""
    register = open_register(tmp_path / "r.sqlite", actor="dpo")
    load_sample(register)
    install_templates(register)
    win = MainWindow(Workspace(register, UiSettings(path=tmp_path / "ui.ini")))
    qtbot.addWidget(
        win,
        before_close_func=lambda _: monkeypatch.setattr(
            prompts, "ask_unsaved", lambda parent, what: prompts.DISCARD
        ),
    )
    win.resize(1360, 860)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    return win, register
