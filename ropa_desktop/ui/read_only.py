"""Forms that show a record and let nobody change it, for a role that may only read.

``Hold`` keeps chosen controls disabled whatever their form asks later (a form enables its
Save button when it is edited, a list its Delete button when a row is chosen); ``Freeze``
makes every field of a form read-only (text stays selectable and copyable) and holds its
buttons, choices and tick lists. Both let go again when the register changes hands.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from ropa_desktop.services.team import Abilities
from ropa_desktop.ui.pickers import Picker
from ropa_desktop.ui.record_table import RowsEditor

_TEXT = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)
_CHOICES = (QAbstractButton, QComboBox)
_TOGGLES = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
)
_TOGGLE_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Select)
_NO_EDITS = QAbstractItemView.EditTrigger.NoEditTriggers


class Hold(QObject):
    """Holds ``controls`` disabled while active, and gives each back the state its form
    last asked for when let go."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.active = False
        self._wanted: dict[QWidget, bool] = {}
        self._busy = False

    def set_controls(self, controls: Iterable[QWidget]) -> None:
        was = self.active
        self.release()
        self._wanted = {w: True for w in controls}
        for widget in self._wanted:
            widget.installEventFilter(self)
        if was:
            self.hold()

    def hold(self) -> None:
        if self.active:
            return
        self.active = True
        for widget in self._wanted:
            self._wanted[widget] = not widget.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
            self._disable(widget)

    def release(self) -> None:
        if not self.active:
            return
        self.active = False
        for widget, wanted in self._wanted.items():
            widget.setEnabled(wanted)

    def _disable(self, widget: QWidget) -> None:
        self._busy = True
        try:
            widget.setEnabled(False)
        finally:
            self._busy = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self.active
            and not self._busy
            and event.type() == QEvent.Type.EnabledChange
            and isinstance(watched, QWidget)
            and watched in self._wanted
            and watched.isEnabled()
        ):
            self._wanted[watched] = True  # the form asked for it: given back when let go
            self._disable(watched)
        return False


class Freeze(QObject):
    """Every field under ``root`` read-only, its buttons and choices held, its tick lists
    and tables deaf to clicks and the space bar; ``keep`` lists the buttons that only read
    (open, export, close)."""

    def __init__(self, root: QWidget, *, keep: Iterable[QWidget] = ()) -> None:
        super().__init__(root)
        self.root = root
        self.keep = set(keep)
        self.active = False
        self._hold = Hold(self)
        self._texts: dict[QWidget, bool] = {}
        self._views: dict[QAbstractItemView, QAbstractItemView.EditTrigger] = {}

    def set_active(self, on: bool) -> None:
        if on == self.active:
            return
        self.active = on
        if on:
            self._freeze()
        else:
            self._thaw()

    def _freeze(self) -> None:
        pickers = self.root.findChildren(Picker)
        filters = {p.filter for p in pickers}  # narrowing a list changes nothing
        self._texts = {
            w: w.isReadOnly()
            for kind in _TEXT
            for w in self.root.findChildren(kind)
            if w not in filters and not isinstance(w.parentWidget(), (QComboBox, QAbstractSpinBox))
        }
        for widget in self._texts:
            widget.setReadOnly(True)  # type: ignore[attr-defined]
        views = [p.view for p in pickers] + [r.view for r in self.root.findChildren(RowsEditor)]
        self._views = {v: v.editTriggers() for v in views}
        for view in self._views:
            view.setEditTriggers(_NO_EDITS)
            view.installEventFilter(self)
            view.viewport().installEventFilter(self)
        controls = [w for kind in _CHOICES for w in self.root.findChildren(kind)]
        self._hold.set_controls(w for w in controls if w not in self.keep)
        self._hold.hold()

    def _thaw(self) -> None:
        for widget, was in self._texts.items():
            widget.setReadOnly(was)  # type: ignore[attr-defined]
        for view, triggers in self._views.items():
            view.setEditTriggers(triggers)
            view.removeEventFilter(self)
            view.viewport().removeEventFilter(self)
        self._hold.release()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.active:
            return False
        if event.type() in _TOGGLES:
            return True  # a tick list or table cell: no tick toggled, no row moved
        return (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _TOGGLE_KEYS
        )


def read_only_dialog(dialog: QDialog, told: Abilities, *, keep: list[QWidget]) -> None:
    """A dialog that edits records, opened by a role that may only read: shown read-only,
    with only ``keep`` (close, export) usable."""
    if told.edit:
        return
    Freeze(dialog, keep=keep).set_active(True)
    dialog.setWindowTitle(f"{dialog.windowTitle()} (read only)")
