"""The form of one record of a log (a breach, a rights request): a ``load(record)`` /
``record()`` pair over its plain record, saved through its ``services.logs.Log``.

Refusals stand beside their fields (labelled as services.labels names them); a record
someone else saved meanwhile goes to the conflict dialog; leaving with unsaved edits goes
through the unsaved-changes guard. Subclasses give the fields and the words.
"""

from __future__ import annotations

import dataclasses
import html
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ropa_desktop.domain.errors import ConflictError, RopaError, ValidationError
from ropa_desktop.services.labels import field_label
from ropa_desktop.services.logs import Log
from ropa_desktop.ui import prompts
from ropa_desktop.ui.section_base import ERROR_STYLE, Section, lead_to, scroll_to
from ropa_desktop.ui.workspace import Workspace


class LogForm(QWidget):
    """Edits one record of ``log``; subclasses set ``fields`` before calling ``build``."""

    saved = Signal(str)
    dirty_changed = Signal(bool)

    WHAT = ""  # “breach”, “rights request”: what the record is called in sentences
    INTRO = ""  # after the record's title

    def __init__(self, workspace: Workspace, log: Log[Any], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.log = log
        self._baseline: Any = None
        self._dirty = False
        self._loading = False
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet(ERROR_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.save_button = QPushButton(f"&Save {self.WHAT}", self)
        self.revert_button = QPushButton("Revert", self)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.body = QWidget(self)
        self.column = QVBoxLayout(self.body)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.save_button)
        head.addWidget(self.revert_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addWidget(self.scroll, 1)

    def build(self, *sections: Section) -> None:
        """Put the sections of fields (under whatever the subclass added to ``column``)
        into the form."""
        self.sections = sections
        self.first_field: QWidget = self.save_button
        for section in sections:
            section.edited.connect(self._edited)
            self.column.addWidget(section)
        self.column.addStretch(1)
        self.scroll.setWidget(self.body)
        self.workspace.register_changed.connect(self._register_changed)

    # --- what subclasses say ----------------------------------------------------------

    def title_of(self, rec: Any) -> str:
        raise NotImplementedError

    def shown(self) -> None:
        """After a load or an edit: refresh what the form derives from its fields."""

    # --- record <-> screen -------------------------------------------------------------

    def load(self, rec: Any) -> None:
        self._baseline = rec
        self._loading = True
        try:
            for section in self.sections:
                section.load(rec)
        finally:
            self._loading = False
        self._clear_errors()
        self._show_title()
        self._edited()

    def load_key(self, key: str) -> None:
        self.load(self.log.get(self.workspace.register, key=key))

    def record(self) -> Any:
        rec = self._baseline
        for section in self.sections:
            rec = section.apply_to(rec)
        return rec

    @property
    def baseline(self) -> Any:
        return self._baseline

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    def _show_title(self) -> None:
        rec = self._baseline
        name = self.title_of(rec) if rec.version else f"New {self.WHAT} {rec.reference}"
        self.title.setText(f"<b>{html.escape(name)}</b> — {self.INTRO}")

    @Slot()
    def _edited(self) -> None:
        if self._loading or self._baseline is None:
            return
        dirty = self.record() != self._baseline
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self.shown()
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    @Slot()
    def _register_changed(self) -> None:
        rec = self._baseline
        if self._dirty or rec is None or rec.version == 0:
            return
        try:
            self.load_key(rec.key)
        except RopaError:  # deleted elsewhere: what is on screen stays
            return

    # --- actions ------------------------------------------------------------------------

    @Slot()
    def revert(self) -> None:
        self.load(self._baseline)

    @Slot()
    def save(self) -> bool:
        return self._save(self.record())

    def _save(self, rec: Any) -> bool:
        self._clear_errors()
        register = self.workspace.register
        try:
            saved = self.log.save(register, record=rec)
        except ValidationError as exc:
            rest = exc.errors
            for section in self.sections:
                rest = section.show_errors(rest)
            self._lead_to_first_error()
            self.banner.setText("\n".join(f"{field_label(e.field)}: {e.message}" for e in rest))
            self.banner.setVisible(bool(rest))
            return False
        except ConflictError:
            try:
                theirs = self.log.get(register, key=rec.key)
            except RopaError:
                theirs = None
            return prompts.settle_conflict(
                self, self.WHAT, rec, theirs,
                overwrite=lambda v: self._save(dataclasses.replace(rec, version=v)),
                reload=self.load,
            )  # fmt: skip
        except RopaError as exc:
            prompts.warn(self, "Not saved", str(exc))
            return False
        self.load(saved)
        self.saved.emit(saved.key)
        self.workspace.notify_changed()
        return True

    def show_finding(self, field: str, message: str) -> bool:
        """Lead to the field a finding concerns; False when the form has no such field."""
        self._clear_errors()
        return lead_to(self.sections, self.scroll, field, message) is not None

    def focus_first(self) -> None:
        """A new record starts at its first field the user fills in."""
        self.first_field.setFocus()

    def _lead_to_first_error(self) -> None:
        for section in self.sections:
            for name, label in section.error_labels.items():
                widget = section.point_at(name)
                if not label.isHidden() and widget is not None:
                    scroll_to(self.scroll, widget)
                    widget.setFocus()
                    return

    def _clear_errors(self) -> None:
        for section in self.sections:
            section.clear_errors()
        self.banner.hide()

    def maybe_leave(self) -> bool:
        """True when the form may be left (unsaved edits saved or discarded)."""
        if not self._dirty:
            return True
        return prompts.settle_unsaved(
            self, f"The {self.WHAT} “{self.title_of(self.record())}”", save=self.save,
            discard=self.revert,
        )  # fmt: skip
