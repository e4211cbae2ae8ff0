"""A log's page (breaches, rights requests): its list on the left, the form of the record
selected on the right, a button for a new one and one to delete it.

Moving to another record, or starting a new one, goes through the form's unsaved-changes
guard; the list highlights the record in the form, and nothing for a new one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QPushButton, QSplitter, QWidget

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.ui import prompts
from ropa_desktop.ui.list_page import ListPage
from ropa_desktop.ui.log_form import LogForm
from ropa_desktop.ui.workspace import Workspace


class LogPage(ListPage):
    """Subclasses set ``form`` in ``make_form`` and say how a new record starts."""

    dirty_changed = Signal(bool)

    NEW = ""  # the New button's text, with its mnemonic
    DELETE = ""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.form = self.make_form()
        self.form.saved.connect(self._saved)
        self.form.dirty_changed.connect(self.dirty_changed)
        self.new_button = QPushButton(self.NEW, self)
        self.new_button.clicked.connect(self.new_record)
        self.tools.addWidget(self.new_button)
        self.delete_button = QPushButton(self.DELETE, self)
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.delete_record)
        self.tools.addWidget(self.delete_button)
        self.detail.hide()
        self.sides = QSplitter(Qt.Orientation.Horizontal, self)
        self.layout().replaceWidget(self.splitter, self.sides)
        self.sides.addWidget(self.splitter)
        self.sides.addWidget(self.form)
        self.sides.setStretchFactor(0, 2)
        self.sides.setStretchFactor(1, 3)
        self.sides.setChildrenCollapsible(False)
        self.sides.setSizes([520, 840])
        self._shown: str | None = None  # the record in the form; None: none or new
        self._following = True
        self._new = False  # a new record is in the form: a refresh leaves it there
        # The form (and the activities its pickers offer) is read when the page is first
        # shown, not while the window opens: a big register's list is read once, for it.
        self._form_ready = False
        workspace.register_opened.connect(self._register_opened)

    @Slot()
    def _register_opened(self) -> None:
        """Another register: the form starts afresh on it (edits were guarded before)."""
        self._shown = None
        self._new = False
        self.delete_button.setEnabled(False)
        self._form_ready = False
        self._register_changed()

    def make_form(self) -> LogForm:
        raise NotImplementedError

    def blank(self) -> Any:
        """A new, unsaved record as the form starts it."""
        raise NotImplementedError

    def delete_question(self, rec: Any) -> str:
        return (
            f"Delete the {self.form.WHAT} “{self.form.title_of(rec)}”? The audit trail keeps "
            "what it said."
        )

    @Slot()
    def refresh(self) -> None:
        if not self._form_ready:
            self._form_ready = True
            self.form.load(self.blank())
        self._following = False
        try:
            super().refresh()
        finally:
            self._following = True
        if self._shown is None and not self._new and self.model.rowCount():
            self._selection_changed()  # the first row opens, as on other pages
        self.follow_form()

    @Slot(str)
    def _filter_changed(self, text: str) -> None:
        self._following = False
        try:
            super()._filter_changed(text)
        finally:
            self._following = True
        self.follow_form()

    @Slot()
    def follow_form(self) -> None:
        self._following = False
        try:
            if self._shown is None:
                self.table.selectionModel().clear()
            else:
                self.select_key(self._shown)
        finally:
            self._following = True

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, *_: object) -> None:
        key = self.selected_key()
        if not self._following or key is None or key == self._shown:
            return
        if not self.form.maybe_leave():
            self.follow_form()
            QTimer.singleShot(0, self.follow_form)
            return
        try:
            self.form.load_key(str(key))
        except RopaError:  # deleted meanwhile: the refresh that follows drops the row
            return
        self._shown = str(key)
        self._new = False
        self.delete_button.setEnabled(True)

    def open_record(self, key: str) -> bool:
        """Show a record in the form (through the guard); True when it is the one shown."""
        if key != self._shown:
            self.select_key(key)
        return self._shown == key

    @Slot()
    def new_record(self) -> None:
        if not self.form.maybe_leave():
            return
        self._shown = None
        self._new = True
        self.follow_form()
        self.delete_button.setEnabled(False)
        self.form.load(self.blank())
        self.form.focus_first()

    @Slot()
    def delete_record(self) -> None:
        key = self._shown
        if key is None:
            return
        register = self.workspace.register
        word = self.form.WHAT
        try:
            rec = self.form.log.get(register, key=key)
            if not prompts.confirm(
                self, f"Delete {word}", self.delete_question(rec), action="Delete"
            ):
                return
            self.form.log.delete(register, key=key, version=rec.version)
        except RopaError as exc:
            prompts.warn(self, f"The {word} was not deleted", str(exc))
            return
        self._shown = None
        self.delete_button.setEnabled(False)
        self.form.load(self.blank())
        self.refresh()
        self.workspace.notify_changed()

    @Slot(str)
    def _saved(self, key: str) -> None:
        self._shown = key
        self._new = False
        self.delete_button.setEnabled(True)
        self.refresh()

    def maybe_leave(self) -> bool:
        return self.form.maybe_leave()

    @property
    def is_dirty(self) -> bool:
        return self.form.is_dirty
