"""Inputs the logs' forms share: captions from services.labels, counts, enum tick boxes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QLineEdit, QVBoxLayout, QWidget

from ropa_desktop.domain.records import record_title
from ropa_desktop.services.activities import activity_summaries
from ropa_desktop.services.labels import field_label
from ropa_desktop.services.register import Register

_SEPARATORS = " ,.'\u202f\u00a0"


def caption(field: str, letter: str = "") -> str:
    """The field's label as services.labels names it, with ``letter`` as its Alt key."""
    text = field_label(field).replace("&", "&&")
    if not letter:
        return text
    at = text.casefold().find(letter.casefold())
    return text if at < 0 else f"{text[:at]}&{text[at:]}"


class CountEdit(QLineEdit):
    """An approximate number, or empty for not known; digits and thousands separators."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        pattern = QRegularExpression(f"[0-9{_SEPARATORS}]{{0,20}}")
        self.setValidator(QRegularExpressionValidator(pattern, self))
        self.setPlaceholderText("Not known")
        self.setClearButtonEnabled(True)

    def value(self) -> int | None:
        digits = "".join(c for c in self.text() if c.isdigit())
        return int(digits) if digits else None

    def set_value(self, value: int | None) -> None:
        self.setText("" if value is None else f"{value:,}")


class EnumBoxes(QWidget):
    """One tick box per member of an enum, labelled with the member's label."""

    edited = Signal()

    def __init__(self, parent: QWidget, members: Sequence[Any]) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.boxes = {}
        for member in members:
            box = QCheckBox(member.label, self)
            box.toggled.connect(self.edited)
            column.addWidget(box)
            self.boxes[member] = box
        self.setFocusProxy(next(iter(self.boxes.values())))

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        for box in self.boxes.values():
            box.setAccessibleName(f"{name}: {box.text()}")

    def values(self) -> tuple[Any, ...]:
        return tuple(m for m, box in self.boxes.items() if box.isChecked())

    def set_values(self, members: Sequence[Any]) -> None:
        for member, box in self.boxes.items():
            box.setChecked(member in members)


# The line at the top of a log's form (the 72-hour clock, the due date): running, late, done.
_LINE = "font-size: 15px; font-weight: 700; padding: 6px; border-radius: 4px; "
RUNNING = _LINE + "color: #1d3f73; background: #e6eef9;"
LATE = _LINE + "color: #ffffff; background: #b00020;"
DONE = _LINE + "color: #1b6e2a; background: #e7f4ea;"


def activity_entries(register: Register) -> list[tuple[str, str, str]]:
    """The activities a log's record may name, as a picker lists them (“PA-05 · Support”)."""
    return [(a.key, record_title(a.reference, a.name), "") for a in activity_summaries(register)]
