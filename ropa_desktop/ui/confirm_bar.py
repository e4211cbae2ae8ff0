"""The "to confirm" bar: which fields still await confirmation, and a button to confirm them.

A register seeded from a privacy policy marks every inferred or missing value
"to confirm"; the DPO sees the marks in plain words above the form and clears
them once checked.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ropa_desktop.services.checks import field_label
from ropa_desktop.ui.section_base import TO_CONFIRM_STYLE


class ConfirmBar(QWidget):
    """Hidden when nothing is marked; ``confirmed`` when the user clicks the button."""

    confirmed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setObjectName("to_confirm")
        self.label.setWordWrap(True)
        self.label.setStyleSheet(TO_CONFIRM_STYLE)
        self.button = QPushButton("Mar&k everything as confirmed", self)
        self.button.setToolTip("Clears the marks and saves: do this once you have checked them.")
        self.button.clicked.connect(self.confirmed)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.hide()

    def show_marks(self, marks: Sequence[str]) -> None:
        names = list(dict.fromkeys(field_label(m) for m in marks))
        # Plain text: a mark may carry a note typed by a user.
        self.label.setText("To confirm: " + ", ".join(names) if names else "")
        self.setVisible(bool(names))
