"""Processors (vendors): the directory on the left, the processor form on the right.

The form (``ProcessorForm``) edits the selected processor and lists the
activities that use it and its due-diligence assessments (start one, open one).
Moving to another processor, or starting a new one, goes through the form's
unsaved-changes guard.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QPushButton, QSplitter, QWidget

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.domain.records import ProcessorRec
from ropa_desktop.services.assessments import assessments_of
from ropa_desktop.services.processors import (
    activities_using,
    delete_processor,
    get_processor,
    list_processors,
)
from ropa_desktop.ui import prompts
from ropa_desktop.ui.list_page import ListPage, join
from ropa_desktop.ui.processor_form import ProcessorForm
from ropa_desktop.ui.table_model import TableColumn
from ropa_desktop.ui.workspace import Workspace


class ProcessorsView(ListPage):
    STRETCH = 0  # the processor's name, not its risk, takes a wide window's room
    TITLE = "Processors"
    INTRO = "service providers that process personal data for you (Art. 28)"
    COLUMNS = (
        TableColumn("Processor", 190),
        TableColumn("Services", 140),
        TableColumn("Locations", 100),
        TableColumn("DPA signed", 90),
        TableColumn("Transfer safeguard", 150),
        TableColumn("Risk"),
    )

    dirty_changed = Signal(bool)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.form = ProcessorForm(workspace, self)
        self.form.processor_saved.connect(self._saved)
        self.form.dirty_changed.connect(self.dirty_changed)
        self.new_button = QPushButton("&New processor", self)
        self.new_button.clicked.connect(self.new_processor)
        self.tools.addWidget(self.new_button)
        self.delete_button = QPushButton("De&lete processor…", self)
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.delete_processor)
        self.tools.addWidget(self.delete_button)
        # The directory and the form side by side; the text detail pane is not needed.
        self.detail.hide()
        self.sides = QSplitter(Qt.Orientation.Horizontal, self)
        self.layout().replaceWidget(self.splitter, self.sides)
        self.sides.addWidget(self.splitter)
        self.sides.addWidget(self.form)
        self.sides.setStretchFactor(0, 2)
        self.sides.setStretchFactor(1, 3)
        self.sides.setChildrenCollapsible(False)
        self.sides.setSizes([560, 800])
        self._shown: str | None = None  # the processor in the form; None: none or new
        self._new = False
        self._following = True

    @Slot()
    def refresh(self) -> None:
        if self._shown is None and not self._new:
            super().refresh()  # nothing in the form yet: the first row opens
            return
        self._following = False
        try:
            super().refresh()
        finally:
            self._following = True
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
        """The list highlights the processor in the form, and nothing for a new one."""
        self._following = False
        try:
            if self._shown is None:
                self.table.selectionModel().clear()
            else:
                self.select_key(self._shown)
        finally:
            self._following = True

    def load_rows(self) -> None:
        procs = list_processors(self.workspace.register)
        self.model.set_rows(
            [
                (
                    p.name, p.services.replace("\n", " "), join(p.locations),
                    p.dpa_signed_on.isoformat() if p.dpa_signed_on else "Not signed",
                    p.transfer_safeguard.label if p.transfer_safeguard else "",
                    p.risk_rating.label,
                )
                for p in procs
            ],
            keys=[p.key for p in procs],
            warn=[p.dpa_signed_on is None for p in procs],
        )  # fmt: skip

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, *_: object) -> None:
        key = self.selected_key()
        if not self._following or key is None or key == self._shown:
            return
        if not self.form.maybe_leave():
            # Stay on the processor being edited; the user chose to keep the edit. Once
            # more after the click that brought us here has finished selecting its row.
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

    def open_processor(self, key: str) -> bool:
        """Show a processor in the form (through the unsaved-changes guard); True when
        it is the one shown."""
        if key != self._shown:
            self.select_key(key)
        return self._shown == key

    @Slot()
    def new_processor(self) -> None:
        if not self.form.maybe_leave():
            return
        self._shown = None
        self._new = True
        self.follow_form()
        self.delete_button.setEnabled(False)
        self.form.load(ProcessorRec(key="", name=""))
        self.form.fields.name.setFocus()

    @Slot()
    def delete_processor(self) -> None:
        """Delete the processor shown, after a confirmation that says what goes with it."""
        key = self._shown
        if key is None:
            return
        register = self.workspace.register
        try:
            rec = get_processor(register, key=key)
            if not activities_using(register, key=key):
                count = len(assessments_of(register, processor=key))
                also = (
                    f" Its {count} due-diligence assessment{'s' if count != 1 else ''} "
                    f"{'are' if count != 1 else 'is'} deleted with it."
                    if count
                    else ""
                )
                text = (f"Delete the processor “{rec.name}”?{also} The audit trail keeps "
                        "what it said.")  # fmt: skip
                if not prompts.confirm(self, "Delete processor", text, action="Delete"):
                    return
            # The service decides: a processor still in use is refused, in one sentence.
            delete_processor(register, key=key, version=rec.version)
        except RopaError as exc:
            prompts.warn(self, "The processor was not deleted", str(exc))
            return
        self._shown = None
        self.delete_button.setEnabled(False)
        self.form.load(ProcessorRec(key="", name=""))
        self.refresh()
        self.workspace.notify_changed()

    @Slot(str)
    def _saved(self, key: str) -> None:
        self._shown = key
        self._new = False
        self.delete_button.setEnabled(True)
        self.refresh()
        self.select_key(key)

    def maybe_leave(self) -> bool:
        return self.form.maybe_leave()

    @property
    def is_dirty(self) -> bool:
        return self.form.is_dirty
