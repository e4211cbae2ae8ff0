"""“Add new…” beside a catalogue picker: a new data-subject category, measure, system or processor.

The DPO names the entry (and, for a security measure, says whether it is technical
or organisational); it is saved through the services with an audit event, every
view refreshes, and the new entry comes back ticked in the picker it was asked from.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ropa_desktop.domain.base import readable_key
from ropa_desktop.domain.enums import MeasureKind
from ropa_desktop.domain.errors import RopaError
from ropa_desktop.domain.records import MeasureRec, ProcessorRec, SubjectCategoryRec, SystemRec
from ropa_desktop.services.catalogues import catalogue, save_entry
from ropa_desktop.services.processors import list_processors, save_processor
from ropa_desktop.ui import prompts
from ropa_desktop.ui.section_base import ERROR_STYLE, enum_combo
from ropa_desktop.ui.workspace import Workspace

# picker -> (catalogue name or "processors", what the user calls one entry)
KINDS = {
    "subject_categories": "data-subject category",
    "security_measures": "security measure",
    "systems": "system",
    "processors": "processor",
}


@dataclass(frozen=True)
class NewEntry:
    name: str
    description: str = ""
    measure_kind: MeasureKind | None = None


class NewEntryDialog(QDialog):
    """Name (required), description, and the kind of a security measure."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"New {what}")
        self.name = QLineEdit(self)
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.description.fontMetrics().height() * 4 + 12)
        self.kind = enum_combo(self, MeasureKind) if what == KINDS["security_measures"] else None
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&Description", self.description)
        if self.kind is not None:
            form.addRow("&Kind", self.kind)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(480, self.sizeHint().height())

    def accept(self) -> None:
        if not self.name.text().strip():
            self.error.setText("Give the new entry a name.")
            self.error.show()
            return
        super().accept()

    def entry(self) -> NewEntry:
        kind = MeasureKind(self.kind.currentData()) if self.kind is not None else None
        return NewEntry(self.name.text().strip(), self.description.toPlainText().strip(), kind)


def add_entry(parent: QWidget, workspace: Workspace, kind: str) -> str | None:
    """Ask for a new entry of ``kind`` (a key of KINDS), save it; its key, or None."""
    entry = prompts.ask_new_entry(parent, KINDS[kind])
    if entry is None:
        return None
    register = workspace.register
    try:
        if kind == "processors":
            taken = {p.key for p in list_processors(register)}
            key = readable_key(entry.name, taken, prefix="proc-", fallback="processor")
            save_processor(
                register, record=ProcessorRec(key=key, name=entry.name, services=entry.description)
            )
        else:
            taken = {e.key for e in catalogue(register, kind)}
            key = readable_key(entry.name, taken)
            record: object
            if kind == "security_measures":
                record = MeasureRec(
                    key, entry.name, entry.measure_kind or MeasureKind.ORGANISATIONAL,
                    entry.description,
                )  # fmt: skip
            elif kind == "systems":
                record = SystemRec(key, entry.name, entry.description)
            else:
                record = SubjectCategoryRec(key, entry.name, entry.description)
            save_entry(register, catalogue_name=kind, record=record)
    except RopaError as exc:
        prompts.warn(parent, "Not added", str(exc))
        return None
    workspace.notify_changed()
    return key
