"""Building blocks of the editor forms: sections with error labels next to fields."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ropa_desktop.domain.errors import FieldError

_FIELD_RE = re.compile(r"^(?P<name>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<sub>[a-z_0-9]+))?$")
ERROR_STYLE = "color: #b00020;"
TO_CONFIRM_STYLE = "color: #8a5300; font-weight: 600;"
_NO_DATE = QDate(1900, 1, 1)


def parse_field(name: str) -> tuple[str, int | None, str]:
    """``purposes[2].description`` -> ("purposes", 2, "description"); indexes are 1-based."""
    match = _FIELD_RE.match(name)
    if match is None:
        return name, None, ""
    index = match.group("index")
    return match.group("name"), int(index) if index else None, match.group("sub") or ""


def line_edit(parent: QWidget, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    return edit


def text_edit(parent: QWidget, placeholder: str = "", lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setPlaceholderText(placeholder)
    # Tab must move to the next field for keyboard-only users, not insert a tab.
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


def enum_combo(parent: QWidget, enum_cls: Any, *, none_label: str | None = None) -> QComboBox:
    """A combo of an enum's labels; the item data is the member's value string."""
    combo = QComboBox(parent)
    if none_label is not None:
        combo.addItem(none_label, "")
    for member in enum_cls:
        combo.addItem(member.label, member.value)
    return combo


def combo_value(combo: QComboBox, enum_cls: Any) -> Any:
    value = combo.currentData()
    return enum_cls(value) if value else None


def set_combo_value(combo: QComboBox, member: Any) -> None:
    combo.setCurrentIndex(max(0, combo.findData(member.value if member is not None else "")))


def _change_signal(widget: QWidget) -> Any:
    """The signal a field's widget gives when the user changes its value, if it has one."""
    if isinstance(widget, (QLineEdit, QPlainTextEdit)):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    if isinstance(widget, QDateEdit):
        return widget.dateChanged
    if isinstance(widget, QSpinBox):
        return widget.valueChanged
    return getattr(widget, "edited", None)  # pickers and row tables


def scroll_to(scroll: QScrollArea, widget: QWidget) -> None:
    """Scroll a form down to ``widget``; never sideways, where a wide table or section
    would pull the form and hide every label on the left."""
    scroll.ensureWidgetVisible(widget)
    scroll.horizontalScrollBar().setValue(0)


def lead_to(sections: Any, scroll: QScrollArea | None, field: str, message: str) -> QWidget | None:
    """A finding leads to its field: the message stands under it, as an error would, the
    form scrolls to it and it takes the focus. None when no section holds the field."""
    for section in sections:
        widget = section.point_at(field)
        if widget is None:
            continue
        section.show_errors([FieldError(field, message)])
        if scroll is not None:
            scroll_to(scroll, widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return widget
    return None


class DateEdit(QDateEdit):
    """A date that may be unset: the minimum date shows as “Not set”."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(_NO_DATE)
        self.setSpecialValueText("Not set")
        self.setDate(_NO_DATE)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # QDateEdit swallows Tab while it shows its special value (“Not set”), which
        # traps a keyboard user in the field; Tab and Shift+Tab then move on instead.
        # With a date shown, Tab steps through year, month and day as Qt does.
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and self.value() is None:
            forward = event.key() == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            QWidget.focusNextPrevChild(self, forward)
            event.accept()
            return
        super().keyPressEvent(event)

    def value(self) -> dt.date | None:
        date = self.date()
        return None if date == _NO_DATE else dt.date(date.year(), date.month(), date.day())

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(QDate(value.year, value.month, value.day) if value else _NO_DATE)


class Section(QGroupBox):
    """A titled group of fields with a ``load``/``update`` pair over an ActivityRec."""

    edited = Signal()

    FIELDS: tuple[str, ...] = ()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName(type(self).__name__)
        self.outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.outer.addLayout(self.form)
        self.error_labels: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}

    def add_field(self, label: str, widget: QWidget, field: str, hint: str = "") -> QWidget:
        """Add a labelled field with its error label underneath; the label is its buddy."""
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        widget.setParent(holder)
        column.addWidget(widget)
        if hint:
            note = QLabel(hint, holder)
            note.setWordWrap(True)
            note.setStyleSheet("color: #555;")
            column.addWidget(note)
        column.addWidget(self.error_label(field, holder))
        self.widgets[field] = widget
        changed = _change_signal(widget)
        if changed is not None:
            # The note under a field says what was wrong with what it held; once the user
            # changes it, the note goes (the next save checks again).
            changed.connect(lambda *_: self._clear_error(field))
        caption = QLabel(label, self)
        caption.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", ""))
        self.form.addRow(caption, holder)
        return widget

    def error_label(self, field: str, parent: QWidget) -> QLabel:
        label = QLabel(parent)
        label.setObjectName(f"error:{field}")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        self.error_labels[field] = label
        return label

    def _clear_error(self, field: str) -> None:
        label = self.error_labels[field]
        label.clear()
        label.hide()

    def wire(self, *signals: Any) -> None:
        """Every change signal of this section's widgets reports one ``edited``."""
        for signal in signals:
            signal.connect(self._report)

    def _report(self, *args: Any) -> None:
        self.edited.emit()

    def clear_errors(self) -> None:
        for label in self.error_labels.values():
            label.clear()
            label.hide()

    def show_errors(self, errors: list[FieldError]) -> list[FieldError]:
        """Show the errors this section owns next to their fields; return the others."""
        rest = []
        shown: dict[str, list[str]] = {}
        for error in errors:
            name, index, sub = parse_field(error.field)
            label = self.error_labels.get(error.field) or self.error_labels.get(name)
            if label is None:
                rest.append(error)
                continue
            where = f"Row {index}: " if index is not None else ""
            what = f"{sub.replace('_', ' ')} " if sub else ""
            shown.setdefault(label.objectName(), []).append(f"{where}{what}{error.message}")
            label.setText("\n".join(shown[label.objectName()]))
            label.show()
        return rest

    def point_at(self, field: str) -> QWidget | None:
        """The widget that holds ``field`` (``purposes[2]``: the purposes table, on row 2),
        or None when the field is not in this section."""
        name, _, _ = parse_field(field)
        widget = self.widgets.get(field) or self.widgets.get(name)
        if widget is None and name in self.error_labels:
            # A field shown as a note only (the retention rules): the section's first input.
            widget = next(
                (
                    w
                    for w in self.findChildren(QWidget)
                    if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled()
                ),
                self,
            )
        return widget

    def load(self, rec: Any) -> None:
        raise NotImplementedError

    def apply_to(self, rec: Any) -> Any:
        """``rec`` with this section's fields replaced by what the widgets say."""
        raise NotImplementedError
