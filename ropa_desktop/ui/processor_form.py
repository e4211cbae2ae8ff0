"""The processor form: who the vendor is, the contract, where it processes, how risky it is.

``ProcessorForm`` is a ``load(record)`` / ``record()`` pair over a ProcessorRec,
with the activities that use the processor and its due-diligence assessments
underneath (start one, open one). Saving goes through services.processors and
ends with ``processor_saved`` and ``workspace.notify_changed()``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ropa_desktop.domain.base import readable_key
from ropa_desktop.domain.enums import RiskRating
from ropa_desktop.domain.errors import ConflictError, RopaError, ValidationError
from ropa_desktop.domain.records import ProcessorRec
from ropa_desktop.services.assessment_checks import assessment_findings, assessment_rows
from ropa_desktop.services.assessment_proposals import Proposal, accepted
from ropa_desktop.services.checks import field_label, processor_findings
from ropa_desktop.services.processors import (
    activities_using,
    get_processor,
    list_processors,
    save_processor,
)
from ropa_desktop.ui import prompts
from ropa_desktop.ui.assessment_proposals import AssessmentSummary
from ropa_desktop.ui.processor_fields import ProcessorFields
from ropa_desktop.ui.section_base import ERROR_STYLE, TO_CONFIRM_STYLE, lead_to
from ropa_desktop.ui.table_model import KEY_ROLE, RowTableModel, TableColumn
from ropa_desktop.ui.workspace import Workspace

_ASSESSMENT_COLUMNS = tuple(
    TableColumn(h, w)
    for h, w in (
        ("Questionnaire", 330),
        ("Status", 80),
        ("Due", 90),
        ("Reviewed", 90),
        ("Score", 60),
        ("Risk", 90),
        ("Next review", 90),
    )
)


def _table(parent: QWidget, model: RowTableModel, height: int, stretch: int) -> QTableView:
    view = QTableView(parent)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between rows
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for i, column in enumerate(model.columns):
        if column.width:
            view.setColumnWidth(i, column.width)
    # The named column (activity, questionnaire) takes the room, not an empty last one.
    view.horizontalHeader().setStretchLastSection(False)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.setFixedHeight(height)
    return view


class ProcessorForm(QWidget):
    """Edits one processor; shows who uses it and its assessments."""

    processor_saved = Signal(str)
    dirty_changed = Signal(bool)
    assessment_opened = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._baseline = ProcessorRec(key="", name="")
        self._dirty = False
        self._loading = False
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet(ERROR_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.save_button = QPushButton("&Save processor", self)
        self.revert_button = QPushButton("Revert", self)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        body = QWidget(self)
        column = QVBoxLayout(body)
        self.findings = QLabel(body)
        self.findings.setObjectName("findings")
        self.findings.setWordWrap(True)
        self.findings.setStyleSheet(TO_CONFIRM_STYLE)
        self.summary = AssessmentSummary(workspace.register, body)
        self.summary.proposals.accepted.connect(self.accept_proposal)
        self.fields = ProcessorFields(body)
        self.fields.edited.connect(self._edited)
        self.confirm_label = QLabel(body)
        self.confirm_label.setObjectName("to_confirm")
        self.confirm_label.setWordWrap(True)
        self.confirm_label.setStyleSheet(TO_CONFIRM_STYLE)
        self.confirm_button = QPushButton("Mark ever&ything as confirmed", body)
        self.confirm_button.clicked.connect(self.mark_confirmed)
        self.unsaved_note = QLabel(
            "Save the processor to see the activities that use it and to start an assessment.",
            body,
        )
        self.unsaved_note.setStyleSheet("color: #555;")
        self.lists = self._build_lists(body)
        for widget in (
            self.findings, self.summary, self.fields, self.confirm_label, self.confirm_button,
            self.unsaved_note, self.lists,
        ):  # fmt: skip
            column.addWidget(widget)
        column.addStretch(1)
        self.scroll = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.save_button)
        head.addWidget(self.revert_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        workspace.register_changed.connect(self._register_changed)
        self.load(self._baseline)

    def _build_lists(self, parent: QWidget) -> QWidget:
        """The activities using the processor and its assessments, with their buttons."""
        holder = QWidget(parent)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("<b>Used by</b> — the activities that name this processor"))
        self.used_model = RowTableModel((TableColumn("Ref.", 70), TableColumn("Activity")), self)
        self.used_view = _table(holder, self.used_model, 120, stretch=1)
        column.addWidget(self.used_view)
        column.addWidget(QLabel("<b>Due diligence</b> — questionnaires and their review"))
        self.assessment_model = RowTableModel(_ASSESSMENT_COLUMNS, self)
        self.assessment_view = _table(holder, self.assessment_model, 160, stretch=0)
        self.assessment_view.doubleClicked.connect(self._open_index)
        column.addWidget(self.assessment_view)
        self.new_assessment_button = QPushButton("Ne&w assessment…", holder)
        self.open_assessment_button = QPushButton("&Open assessment…", holder)
        self.new_assessment_button.clicked.connect(self.new_assessment)
        self.open_assessment_button.clicked.connect(lambda: self.open_assessment())
        row = QHBoxLayout()
        row.addWidget(self.new_assessment_button)
        row.addWidget(self.open_assessment_button)
        row.addStretch(1)
        column.addLayout(row)
        return holder

    # --- record <-> screen -------------------------------------------------------------

    def load(self, rec: ProcessorRec) -> None:
        """Show ``rec`` (a new processor when its key is empty)."""
        self._baseline = rec
        self._loading = True
        try:
            self.fields.load(rec)
        finally:
            self._loading = False
        self.title.setText(
            f"<b>{html.escape(rec.name or 'New processor')}</b> — a service provider that processes "
            "personal data for you (Art. 28)"
        )
        self._show_to_confirm(rec)
        self._refresh_lists()
        self._clear_errors()
        self._edited()

    def load_key(self, key: str) -> None:
        self.load(get_processor(self.workspace.register, key=key))

    def record(self) -> ProcessorRec:
        return self.fields.apply_to(self._baseline)

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    def _show_to_confirm(self, rec: ProcessorRec) -> None:
        names = ", ".join(dict.fromkeys(field_label(n) for n in rec.to_confirm))
        self.confirm_label.setText(f"To confirm: {names}" if names else "")
        self.confirm_label.setVisible(bool(names))
        self.confirm_button.setVisible(bool(names))

    def _refresh_lists(self) -> None:
        key = self._baseline.key
        saved = bool(key) and self._baseline.version > 0
        used = activities_using(self.workspace.register, key=key) if saved else []
        self.used_model.set_rows(list(used))
        rows = assessment_rows(self.workspace.register, processor=key) if saved else []
        self.assessment_model.set_rows(
            [
                (
                    r.template_name, r.record.status.label, _date(r.record.due_on),
                    _date(r.record.reviewed_on),
                    "" if r.record.score is None else f"{r.record.score:.0f}",
                    r.record.risk_rating.label, _date(r.record.next_review_on),
                )
                for r in rows
            ],
            keys=[r.key for r in rows],
            warn=[r.overdue or r.record.risk_rating is RiskRating.HIGH for r in rows],
        )  # fmt: skip
        for button in (self.new_assessment_button, self.open_assessment_button):
            button.setEnabled(saved)
        self.lists.setVisible(saved)
        self.unsaved_note.setVisible(not saved)
        found = processor_findings(self._baseline) if saved else []
        if saved:
            found += assessment_findings(
                [self._baseline], [r.record for r in rows], today=dt.date.today()
            )
        self.findings.setText("\n".join(f"⚠ {f.message}" for f in found))
        self.findings.setVisible(bool(found))
        self.summary.refresh(self._baseline.key if saved else "", rows, self.record())

    @Slot(object)
    def accept_proposal(self, proposal: Proposal) -> None:
        """Put one proposed value in its field; the processor is saved as usual."""
        self.fields.load(accepted(self.record(), proposal))
        self._edited()
        self.fields.widgets[proposal.field].setFocus()

    @Slot()
    def _edited(self) -> None:
        if self._loading:
            return
        dirty = self.record() != self._baseline
        self.summary.show_proposals(self.record())
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    @Slot()
    def _register_changed(self) -> None:
        if self._dirty or not self._baseline.key or self._baseline.version == 0:
            self._refresh_lists()
            return
        try:
            self.load_key(self._baseline.key)
        except RopaError:  # deleted elsewhere: show it as new, never lose what is on screen
            self._refresh_lists()

    # --- actions ------------------------------------------------------------------------

    @Slot()
    def revert(self) -> None:
        self.load(self._baseline)

    @Slot()
    def mark_confirmed(self) -> None:
        self._save(dataclasses.replace(self.record(), to_confirm=()))

    @Slot()
    def save(self) -> bool:
        return self._save(self.record())

    def _save(self, rec: ProcessorRec) -> bool:
        self._clear_errors()
        if not rec.key:
            taken = {p.key for p in list_processors(self.workspace.register)}
            key = readable_key(rec.name, taken, prefix="proc-", fallback="processor")
            rec = dataclasses.replace(rec, key=key)
        try:
            saved = save_processor(self.workspace.register, record=rec)
        except ValidationError as exc:
            rest = self.fields.show_errors(exc.errors)
            self.banner.setText("\n".join(str(e) for e in rest))
            self.banner.setVisible(bool(rest))
            return False
        except ConflictError:
            try:
                theirs: ProcessorRec | None = get_processor(self.workspace.register, key=rec.key)
            except RopaError:
                theirs = None
            return prompts.settle_conflict(
                self,
                "processor",
                rec,
                theirs,
                overwrite=lambda v: self._save(dataclasses.replace(rec, version=v)),
                reload=self.load,
            )
        except RopaError as exc:
            prompts.warn(self, "Not saved", str(exc))
            return False
        self.load(saved)
        self.processor_saved.emit(saved.key)
        self.workspace.notify_changed()
        return True

    def show_finding(self, field: str, message: str) -> bool:
        """Lead to the field a finding concerns; False when the form has no such field."""
        self._clear_errors()
        return lead_to([self.fields], self.scroll, field, message) is not None

    def _clear_errors(self) -> None:
        self.fields.clear_errors()
        self.banner.hide()

    def selected_assessment(self) -> str | None:
        rows = self.assessment_view.selectionModel().selectedRows()
        if rows:
            return self.assessment_model.data(rows[0], KEY_ROLE)  # type: ignore[no-any-return]
        if self.assessment_model.rowCount() == 1:
            return self.assessment_model.key(0)  # type: ignore[no-any-return]
        return None

    @Slot()
    def new_assessment(self) -> None:
        from ropa_desktop.ui.assessment_start import StartAssessmentDialog

        dialog = StartAssessmentDialog(self.workspace, self._baseline.key, self)
        if dialog.exec() == StartAssessmentDialog.DialogCode.Accepted and dialog.created:
            self._refresh_lists()
            self.open_assessment(dialog.created.key)
        dialog.deleteLater()

    @Slot()
    def open_assessment(self, key: str | None = None) -> None:
        from ropa_desktop.ui.assessment_dialog import AssessmentDialog

        key = key or self.selected_assessment()
        if not key:
            prompts.inform(self, "Open an assessment", "Select an assessment in the list first.")
            return
        self.assessment_opened.emit(key)
        dialog = AssessmentDialog(self.workspace, key, self)
        dialog.exec()
        dialog.deleteLater()
        self._register_changed()

    @Slot(QModelIndex)
    def _open_index(self, index: QModelIndex) -> None:
        self.open_assessment(self.assessment_model.data(index, KEY_ROLE))

    def maybe_leave(self) -> bool:
        """True when the form may be left (unsaved edits saved or discarded)."""
        if not self._dirty:
            return True
        return prompts.settle_unsaved(
            self, f"The processor “{self.record().name}”", save=self.save, discard=self.revert
        )


def _date(value: object) -> str:
    return str(value) if value else ""
