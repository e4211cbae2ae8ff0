"""The main window: navigation between the register's pages, menus, status bar."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTabWidget, QWidget

from ropa_desktop.services.checks import Finding
from ropa_desktop.services.organisation import get_organisation
from ropa_desktop.ui import file_actions, first_start, prompts
from ropa_desktop.ui.activities_page import ActivitiesPage
from ropa_desktop.ui.activity_actions import APPROVE, DELETE, DUPLICATE, RETIRE
from ropa_desktop.ui.audit_view import AuditView
from ropa_desktop.ui.breaches.page import BreachesPage
from ropa_desktop.ui.findings_view import FindingsView
from ropa_desktop.ui.live_refresh import LiveRefresh
from ropa_desktop.ui.organisation_form import OrganisationForm
from ropa_desktop.ui.processors_view import ProcessorsView
from ropa_desktop.ui.requests.page import RequestsPage
from ropa_desktop.ui.retention_view import RetentionView
from ropa_desktop.ui.role_mode import RoleMode
from ropa_desktop.ui.table_keys import KEYBOARD_HELP
from ropa_desktop.ui.workspace import Workspace

# Export: E for the Excel workbook legal reviews, P for the PDF auditors read (as a
# print), J for JSON; Import: I for the reviewed workbook, Shift+I for JSON.
_SHORTCUTS = {"xlsx": "Ctrl+E", "pdf": "Ctrl+P", "json": "Ctrl+Shift+J"}


class MainWindow(QMainWindow):
    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, *, deferred: bool = False
    ) -> None:
        """With ``deferred``, the register is read by ``show_register``, once the window
        is on screen (start-up); otherwise here."""
        super().__init__(parent)
        self.workspace = workspace
        self.setObjectName("MainWindow")
        self.activities = ActivitiesPage(workspace, self)
        self.processors = ProcessorsView(workspace, self)
        self.retention = RetentionView(workspace, self)
        self.findings = FindingsView(workspace, self)
        self.audit = AuditView(workspace, self)
        self.organisation = OrganisationForm(workspace, self)
        self.breaches = BreachesPage(workspace, self)
        self.requests = RequestsPage(workspace, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        # Pages are reached with Ctrl+1 … Ctrl+8 (View menu); Alt+letter is left to the
        # fields of the page shown, so each letter leads to one field only.
        for i, (page, title) in enumerate(
            (
                (self.activities, "Activities"),
                (self.processors, "Processors && assessments"),
                (self.retention, "Retention schedule"),
                (self.findings, "Findings"),
                (self.audit, "Audit log"),
                (self.organisation, "Organisation"),
                (self.breaches, "Breaches"),
                (self.requests, "Rights requests"),
            )
        ):
            self.tabs.addTab(page, title)
            self.tabs.setTabToolTip(i, f"Ctrl+{i + 1}")
        self.setCentralWidget(self.tabs)
        self.location = QLabel(self)
        self.state = QLabel(self)
        self.statusBar().addWidget(self.location, 1)
        self.statusBar().addPermanentWidget(self.state)
        self._build_menus()
        self.role_mode = RoleMode(self)
        editor = self.activities.editor
        editor.dirty_changed.connect(self._update_state)
        self.organisation.dirty_changed.connect(self._update_state)
        self.processors.dirty_changed.connect(self._update_state)
        for log_page in (self.breaches, self.requests):
            log_page.dirty_changed.connect(self._update_state)
        editor.saved.connect(lambda _key: self.statusBar().showMessage("Activity saved.", 4000))
        self.findings.finding_requested.connect(self.show_finding)
        self.activities.selection_counted.connect(self._selection_counted)
        workspace.register_opened.connect(self._register_opened)
        workspace.approvals_lapsed.connect(self._approvals_lapsed)
        if not deferred:
            self._register_opened()
        self.live = LiveRefresh(workspace, editor, self)  # colleagues' saves
        geometry = workspace.settings.geometry("main")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1360, 860)

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self.new_action = self._action(
            file, "&New activity", self.new_activity, QKeySequence.StandardKey.New
        )
        self.save_action = self._action(file, "&Save", self.save, QKeySequence.StandardKey.Save)
        self.revert_action = self._action(file, "Re&vert", self.activities.editor.revert)
        file.addSeparator()
        self._action(file, "New &register…", self.new_register, "Ctrl+Shift+N")
        self._action(file, "&Open register file…", self.open_file, QKeySequence.StandardKey.Open)
        self._action(file, "&Connect to a PostgreSQL register…", self.connect_postgres)
        file.addSeparator()
        export = file.addMenu("&Export")
        self.export_actions = {}
        for fmt in file_actions.EXPORTS:
            self.export_actions[fmt] = self._action(
                export,
                file_actions.menu_text(fmt),
                lambda _=False, f=fmt: self.export(f),
                _SHORTCUTS.get(fmt),
            )
        imports = file.addMenu("&Import")
        self.import_actions = {
            "xlsx": self._action(
                imports,
                "Reviewed workbook (.xlsx, .ods)…",
                lambda: self.import_file("xlsx"),
                "Ctrl+I",
            ),
            "json": self._action(
                imports, "JSON document (.json)…", lambda: self.import_file("json"), "Ctrl+Shift+I"
            ),
            "spreadsheet": self._action(
                imports,
                "Existing register (CNIL template, .ods or .xlsx)…",
                lambda: self.import_file("spreadsheet"),
            ),
        }
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit = bar.addMenu("&Edit")
        stack = self.activities.editor.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")]
        )
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        self.find_action = self._action(
            edit, "&Find activities", self.find, QKeySequence.StandardKey.Find
        )
        edit.addSeparator()
        self.activity_actions = {
            DUPLICATE: self._action(
                edit, "&Duplicate activity", lambda: self._run(DUPLICATE), "Ctrl+D"
            ),
            APPROVE: self._action(edit, "A&pprove activity…", lambda: self._run(APPROVE)),
            RETIRE: self._action(edit, "Re&tire activity…", lambda: self._run(RETIRE)),
            DELETE: self._action(edit, "De&lete activity…", lambda: self._run(DELETE)),
        }
        view = bar.addMenu("&View")
        for i in range(self.tabs.count()):
            title = self.tabs.tabText(i).replace("&&", "\0").replace("&", "").replace("\0", "&")
            self._action(
                view, title, lambda _=False, n=i: self.tabs.setCurrentIndex(n), f"Ctrl+{i + 1}"
            )
        help_menu = bar.addMenu("&Help")
        self._action(
            help_menu, "&Keyboard",
            lambda: prompts.inform(self, "Using ropa-desktop from the keyboard", KEYBOARD_HELP),
        )  # fmt: skip
        self._action(help_menu, "&About", self.about)

    # --- slots --------------------------------------------------------------------------
    @Slot(str)
    def _approvals_lapsed(self, text: str) -> None:
        prompts.inform(self, "Approval lapsed", text)

    @Slot()
    def new_activity(self) -> None:
        self.tabs.setCurrentWidget(self.activities)
        self.activities.new_activity()

    @Slot()
    def save(self) -> None:
        if self.tabs.currentWidget() is self.organisation:
            self.organisation.save()
        elif self.tabs.currentWidget() is self.processors:
            self.processors.form.save()
        elif self.tabs.currentWidget() in (self.breaches, self.requests):
            self.tabs.currentWidget().form.save()  # type: ignore[attr-defined]
        else:
            self.activities.editor.save()

    @Slot()
    def find(self) -> None:
        self.tabs.setCurrentWidget(self.activities)
        self.activities.focus_search()

    def _run(self, action: str) -> None:
        self.tabs.setCurrentWidget(self.activities)
        self.activities.run_action(action)

    @Slot(str)
    def show_activity(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.activities)
        if self.activities.editor.current_key() == key or self.activities.editor.maybe_leave():
            self.activities.editor.open_activity(key)
            self.activities.select_key(key)

    @Slot(object)
    def show_finding(self, finding: Finding) -> None:
        """Open the record a finding concerns, at its field: scrolled to, focused, the
        finding's message under it."""
        kind, key = finding.entity_type, finding.entity_key
        if kind == "activity":
            self.show_activity(key)
            if self.activities.editor.current_key() == key:
                self.activities.editor.show_finding(finding.field, finding.message)
        elif kind == "processor":
            self.tabs.setCurrentWidget(self.processors)
            if self.processors.open_processor(key):
                self.processors.form.show_finding(finding.field, finding.message)
        elif kind == "organisation":
            self.tabs.setCurrentWidget(self.organisation)
            self.organisation.show_finding(finding.field, finding.message)
        elif kind == "retention_rule":
            self.tabs.setCurrentWidget(self.retention)
            self.retention.select_key(key)
            if self.retention.selected_key() == key:
                self.retention.edit_rule_at(finding.field, finding.message)
        elif kind in ("breach", "rights_request"):
            page = self.breaches if kind == "breach" else self.requests
            self.tabs.setCurrentWidget(page)
            if page.open_record(key):
                page.form.show_finding(finding.field, finding.message)

    def export(self, fmt: str) -> None:
        path = file_actions.export_register(self, self.workspace, fmt)
        if path is not None:
            self.statusBar().showMessage(f"Wrote {path}", 8000)

    def import_file(self, fmt: str) -> None:
        if self.leave_edits() and file_actions.import_file(self, self.workspace, fmt):
            self.statusBar().showMessage("Import applied.", 8000)

    @Slot()
    def open_file(self) -> None:
        if not self.leave_edits():
            return
        target = file_actions.ask_register_file(self, self.workspace)
        if target:
            file_actions.open_location(self, self.workspace, target)

    @Slot()
    def new_register(self) -> None:
        if self.leave_edits():
            first_start.new_register(self, self.workspace)

    @Slot()
    def connect_postgres(self) -> None:
        if not self.leave_edits():
            return
        connected = prompts.ask_connection(self, self.workspace)
        if connected is not None:
            self.workspace.replace_register(connected.register)
            self.statusBar().showMessage(connected.note or "Connected.", 8000)
            if connected.register.notice:
                prompts.inform(self, "The register was repaired", connected.register.notice)

    @Slot()
    def about(self) -> None:
        prompts.inform(
            self, "About ropa-desktop",
            "ropa-desktop keeps the GDPR Article 30 records of processing activities.",
        )  # fmt: skip

    def leave_edits(self) -> bool:
        """The unsaved-changes guard for everything editable in the window."""
        return (
            self.activities.editor.maybe_leave()
            and self.processors.maybe_leave()
            and self.organisation.maybe_leave()
            and self.breaches.maybe_leave()
            and self.requests.maybe_leave()
        )

    def show_register(self) -> None:
        """Show the window, let it paint, then read the register into it."""
        self.show()
        QApplication.processEvents()
        self._register_opened()

    @Slot()
    def _register_opened(self) -> None:
        register = self.workspace.register
        kind = "SQLite file" if register.is_sqlite else "PostgreSQL, team mode"
        self.location.setText(f"Register: {register.location} ({kind})")
        self.role_mode.obey(self.workspace.abilities)
        org = get_organisation(register)
        self.setWindowTitle(f"ropa-desktop — {org.name}[*]" if org else "ropa-desktop[*]")
        self.activities.editor.clear()
        self.activities.refresh()
        if self.activities.proxy.rowCount():
            self.activities.table.selectRow(0)
            self.activities.editor.open_activity(self.activities.proxy.key_at(0))
        self._update_state()

    @Slot()
    def _update_state(self, *_: object) -> None:
        dirty = (
            self.activities.editor.is_dirty
            or self.processors.is_dirty
            or self.organisation.is_dirty
            or self.breaches.is_dirty
            or self.requests.is_dirty
        )
        self.state.setText("Unsaved changes" if dirty else "All changes saved")
        self.state.setStyleSheet(
            "color: #a33a00; font-weight: 600;" if dirty else "color: #1b6e2a;"
        )
        self.setWindowModified(dirty)

    @Slot(int)
    def _selection_counted(self, count: int) -> None:
        if count > 1:
            self.statusBar().showMessage(f"{count} activities selected", 3000)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.leave_edits():
            event.ignore()
            return
        self.workspace.settings.set_geometry("main", self.saveGeometry())
        self.workspace.settings.sync()
        self.workspace.runner.wait()
        self.live.stop()
        event.accept()
