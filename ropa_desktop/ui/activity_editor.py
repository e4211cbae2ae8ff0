"""The activity editor: every Art. 30 field in sections, save/revert, undo, conflicts."""

from __future__ import annotations

import dataclasses
import html

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ropa_desktop.domain.errors import (
    ConflictError,
    FieldError,
    NotFoundError,
    RopaError,
    ValidationError,
)
from ropa_desktop.domain.records import ActivityRec
from ropa_desktop.services import activities
from ropa_desktop.services.checks import field_label, holds_sensitive_data
from ropa_desktop.services.labels import located
from ropa_desktop.services.retention import list_rules
from ropa_desktop.ui import prompts
from ropa_desktop.ui.activity_sections import build_sections
from ropa_desktop.ui.catalogue_entry import add_entry
from ropa_desktop.ui.changed_bar import ChangedBar
from ropa_desktop.ui.completeness import CompletenessLabel
from ropa_desktop.ui.confirm_bar import ConfirmBar
from ropa_desktop.ui.lookups import Lookups, load_lookups
from ropa_desktop.ui.pickers import Picker
from ropa_desktop.ui.section_base import ERROR_STYLE, lead_to, scroll_to
from ropa_desktop.ui.sections_lists import RowsSection
from ropa_desktop.ui.undo import SnapshotCommand
from ropa_desktop.ui.workspace import Workspace


class ActivityEditor(QWidget):
    """Edits one activity; the record on screen is always ``record()``."""

    saved = Signal(str)
    removed = Signal(str)
    duplicated = Signal(str)
    dirty_changed = Signal(bool)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.undo_stack = QUndoStack(self)
        self._baseline = ActivityRec(key="", reference="", name="")
        self._shown = self._baseline
        self._loading = False
        self._dirty = False
        self._categories: dict[str, object] = {}
        self._build()
        self._review_timer = QTimer(self)
        self._review_timer.setSingleShot(True)
        self._review_timer.setInterval(250)
        self._review_timer.timeout.connect(self.refresh_review)
        workspace.register_changed.connect(self._register_changed)
        self.set_lookups(load_lookups(workspace.register))
        self.setEnabled(False)

    def _build(self) -> None:
        self.title = QLabel("No activity selected", self)
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.title.setWordWrap(True)
        self.completeness = CompletenessLabel(self)
        self.confirm_bar = ConfirmBar(self)
        self.confirm_bar.confirmed.connect(self.mark_confirmed)
        self.banner = QLabel(self)
        self.banner.setStyleSheet(ERROR_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()
        # Says, after a save, which approvals went back to in review and why.
        self.notice = QLabel(self)
        self.notice.setObjectName("notice")
        self.notice.setStyleSheet("color: #8a5300;")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.changed_bar = ChangedBar(self)  # a colleague's save (ui.live_refresh)
        self.save_button = QPushButton("&Save", self)
        self.revert_button = QPushButton("Revert", self)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        body = build_sections(self)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(body)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.save_button)
        head.addWidget(self.revert_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.completeness)
        layout.addWidget(self.changed_bar)
        layout.addWidget(self.confirm_bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.notice)
        layout.addWidget(self.scroll, 1)

    # --- state ---------------------------------------------------------------------
    def commit_pending(self) -> None:
        """Take in a table cell still being typed into."""
        for section in self.sections:
            if isinstance(section, RowsSection):
                section.rows_editor().commit_pending()

    def record(self) -> ActivityRec:
        """The record as the form shows it now."""
        rec = self._shown
        for section in self.sections:
            rec = section.apply_to(rec)
        return rec

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    @property
    def is_new(self) -> bool:
        return self._baseline.version == 0

    def load(self, rec: ActivityRec) -> None:
        """Show a record as the saved state: clears undo history and errors."""
        if rec.key != self._baseline.key:
            self.notice.hide()
            self.changed_bar.hide()
        self._baseline = rec
        self.undo_stack.clear()
        self._show(rec)
        self.clear_errors()
        self.setEnabled(True)
        self.refresh_rules()

    def open_activity(self, key: str) -> None:
        self.load(activities.get_activity(self.workspace.register, key=key))

    def start_new(self, reference: str) -> None:
        """A blank draft with a suggested reference; nothing is saved until Save."""
        self.load(activities.new_activity(reference=reference, name=""))
        self.identity.name.setFocus()

    def clear(self) -> None:
        self.load(ActivityRec(key="", reference="", name=""))
        self.setEnabled(False)
        self.title.setText("No activity selected")
        self.completeness.clear()

    def _show(self, rec: ActivityRec) -> None:
        # Undo snapshots may predate a save: the key and version always come from
        # the baseline so a later save never trips over an old version number.
        rec = dataclasses.replace(rec, key=self._baseline.key, version=self._baseline.version)
        self._shown = rec
        self._loading = True
        try:
            for section in self.sections:
                section.load(rec)
        finally:
            self._loading = False
        self._shown = self.record()
        self._state_changed()

    def set_lookups(self, lookups: Lookups) -> None:
        self._categories = {c.key: c for c in lookups.catalogues.get("data_categories", [])}
        self._loading = True
        try:
            for section in (self.subjects, self.recipients, self.measures):
                section.set_lookups(lookups)
        finally:
            self._loading = False

    @Slot()
    def _edited(self) -> None:
        if self._loading:
            return
        rec = self.record()
        if rec == self._shown:
            return
        focus = QApplication.focusWidget()
        merge = hash(focus) & 0x7FFFFFF if focus is not None else -1
        self.undo_stack.push(SnapshotCommand("Edit", self._shown, rec, self._show, merge))
        self._shown = rec
        self._state_changed()

    def _add_entry(self, picker: Picker, kind: str) -> None:
        """“Add new…”: save the entry to its catalogue, then tick it here (an edit)."""
        key = add_entry(self, self.workspace, kind)
        if key is None:
            return
        self.set_lookups(load_lookups(self.workspace.register))
        picker.set_values((*picker.values(), key))
        self._edited()

    @Slot()
    def _role_changed(self) -> None:
        self.processor_role.set_role(self.identity.apply_to(self._shown).role)

    def _state_changed(self) -> None:
        dirty = self._shown != self._baseline
        rec = self._shown
        head = f"{rec.reference} · {rec.name}" if rec.name else (rec.reference or "New activity")
        state = "new, not saved yet" if self.is_new else f"version {rec.version}"
        self.title.setText(
            f"{html.escape(head)}  <span style='font-size:9pt;color:#555'>({state})</span>"
        )
        self.dpia.set_sensitive_data(holds_sensitive_data(rec, self._categories))
        self.save_button.setEnabled(dirty or self.is_new)
        self.confirm_bar.show_marks(rec.to_confirm if rec.key or rec.reference else ())
        self.revert_button.setEnabled(dirty)
        self._review_timer.start()
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    # --- checks and errors --------------------------------------------------------------
    @Slot()
    def refresh_review(self) -> None:
        """Completeness and findings of the record on screen, unsaved edits included."""
        if self._baseline.key:
            self.completeness.show_review(self.workspace.register, self.record())

    def show_errors(self, errors: list[FieldError]) -> None:
        """Each message next to its field; what no field claims goes to the banner."""
        self.clear_errors()
        rest = errors
        for section in self.sections:
            rest = section.show_errors(rest)
        self.banner.setText("\n".join(located(field_label(e.field), e.message) for e in rest))
        self.banner.setVisible(bool(rest))
        first = next(
            (s for s in self.sections if any(not lb.isHidden() for lb in s.error_labels.values())),
            None,
        )
        if first is not None:
            scroll_to(self.scroll, first)

    def show_finding(self, field: str, message: str) -> bool:
        """Lead to the field a finding concerns (Findings page, Enter); False when the
        editor has no such field."""
        self.clear_errors()
        return lead_to(self.sections, self.scroll, field, message) is not None

    def clear_errors(self) -> None:
        for section in self.sections:
            section.clear_errors()
        self.banner.hide()

    def refresh_rules(self) -> None:
        """Show this activity's retention rules again (after one was added or edited)."""
        key = self._baseline.key
        rules = list_rules(self.workspace.register, activity=key) if key else []
        self.retention.show_rules(rules, saved=not self.is_new)

    @Slot()
    def _register_changed(self) -> None:
        self.set_lookups(load_lookups(self.workspace.register))
        if self._baseline.key and not self.is_new and not self._dirty:
            try:
                current = activities.get_activity(self.workspace.register, key=self._baseline.key)
            except NotFoundError:
                self.clear()
                return
            if current != self._baseline:
                self.load(current)
        self.refresh_rules()
        self.refresh_review()

    # --- actions ------------------------------------------------------------------------
    @Slot()
    def save(self) -> bool:
        """Validate and save; errors appear next to fields and nothing is lost."""
        self.commit_pending()
        return self._save(self.record())

    def _save(self, rec: ActivityRec) -> bool:
        try:
            saved = activities.save_activity(self.workspace.register, record=rec)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except ConflictError:
            return self._resolve_conflict(rec)
        except RopaError as exc:
            prompts.warn(self, "Not saved", str(exc))
            return False
        self.clear_errors()
        lapses, self.workspace.register.last_lapses = self.workspace.register.last_lapses, []
        self.notice.setText("\n".join(str(lapse) for lapse in lapses))
        self.notice.setVisible(bool(lapses))
        self._baseline = saved
        self.changed_bar.hide()
        self._show(saved)
        self.refresh_rules()
        self.workspace.notify_changed()
        self.saved.emit(saved.key)
        return True

    def _resolve_conflict(self, mine: ActivityRec) -> bool:
        try:
            theirs: ActivityRec | None = activities.get_activity(
                self.workspace.register, key=mine.key
            )
        except NotFoundError:
            theirs = None
        return prompts.settle_conflict(
            self,
            "activity",
            mine,
            theirs,
            overwrite=lambda v: self._save(dataclasses.replace(mine, version=v)),
            reload=self.take_version,
        )

    def take_version(self, theirs: ActivityRec) -> None:
        """Show the version a colleague saved as the saved state: an undoable step, Undo
        brings the user's edit back."""
        self._baseline = theirs
        self.changed_bar.hide()
        self.undo_stack.push(SnapshotCommand("Reload", self.record(), theirs, self._show, -1))
        self._show(theirs)
        self.workspace.notify_changed(activities=[theirs.key])

    @Slot()
    def mark_confirmed(self) -> bool:
        """The DPO has checked every marked field: clear the marks and save."""
        self.commit_pending()
        return self._save(dataclasses.replace(self.record(), to_confirm=()))

    @Slot()
    def revert(self) -> None:
        """Back to the saved record (an undoable step)."""
        if not self._dirty:
            return
        self.undo_stack.push(SnapshotCommand("Revert", self._shown, self._baseline, self._show, -1))
        self._show(self._baseline)
        self.clear_errors()

    def maybe_leave(self) -> bool:
        """The unsaved-changes guard: True when it is fine to show something else."""
        self.commit_pending()
        if not self._dirty:
            return True
        return prompts.settle_unsaved(
            self,
            f"The activity “{self._shown.name or self._shown.reference}”",
            save=self.save,
            discard=lambda: self._show(self._baseline),
        )

    def saved_record(self) -> ActivityRec:
        return self._baseline

    def current_key(self) -> str:
        return "" if self.is_new else self._baseline.key
