"""The bar above an open record a colleague changed: who and when, and Reload.

It never replaces what the user is typing: their edits stay until they choose Reload
(an undoable step) or keep their own version (then a save asks about the conflict).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

_STYLE = "QWidget#changed_bar { background: #fff4d6; border: 1px solid #e0b04a; }"


class ChangedBar(QWidget):
    """Hidden until ``show_change``; ``reload_requested`` when the user asks for their
    colleague's version."""

    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changed_bar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # paint the tint
        self.setStyleSheet(_STYLE)
        self.label = QLabel(self)
        self.label.setObjectName("changed_by")
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #5c3d00;")
        self.reload_button = QPushButton("Re&load", self)
        self.reload_button.setToolTip(
            "Show the version your colleague saved; Undo brings your edits back."
        )
        self.reload_button.clicked.connect(self.reload_requested)
        self.dismiss_button = QPushButton("Keep mine", self)
        self.dismiss_button.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.reload_button)
        row.addWidget(self.dismiss_button)
        self.hide()

    def show_change(self, by_line: str, *, edited: bool, deleted: bool = False) -> None:
        """``by_line``: “Changed by bob at 14:02”. With the user's edits on screen, offer
        Reload; otherwise the form already shows the colleague's version: say so."""
        if deleted:
            text = f"{by_line}; your edits stay on screen, and Save will ask what to do."
        elif edited:
            text = f"{by_line} — Reload?"
        else:
            text = f"{by_line}; you are seeing their version."
        self.label.setText(text)
        self.reload_button.setVisible(edited and not deleted)
        self.dismiss_button.setText("Keep mine" if edited and not deleted else "OK")
        self.show()
