"""An activity editor on screen, as the GUI tests drive it."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ropa_desktop.ui.activity_editor import ActivityEditor
from ropa_desktop.ui.workspace import Workspace


def shown_editor(workspace: Workspace, qtbot: QtBot) -> ActivityEditor:
    """A shown, active 1000×900 editor, closed with the test."""
    widget = ActivityEditor(workspace)
    qtbot.addWidget(widget)
    widget.resize(1000, 900)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    return widget
