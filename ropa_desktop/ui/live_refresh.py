"""Colleagues you can see: the register's change feed, followed from the event loop.

When another session commits, the lists read again what changed (one
``register_changed``, as after a save of one's own) and the open activity, if a
colleague changed it, gets a bar saying who and when (``ui.changed_bar``). Nothing
here blocks: SQLite is polled on a short timer, PostgreSQL's notifications wake a
socket notifier. A dialog or a running job is never interrupted: what arrives then
waits in the feed for the next look.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMainWindow

from ropa_desktop.domain.enums import AuditAction
from ropa_desktop.domain.errors import NotFoundError, RopaError
from ropa_desktop.services import activities
from ropa_desktop.services.changes_feed import Change, ChangeFeed, open_feed
from ropa_desktop.ui.activity_editor import ActivityEditor
from ropa_desktop.ui.workspace import Workspace

SQLITE_POLL_MS = 250  # PRAGMA data_version: one cheap statement
SERVER_POLL_MS = 1000  # beside the socket notifier, in case a wake-up was missed


class LiveRefresh(QObject):
    """Follows the workspace's register (and the next one opened) until ``stop``."""

    # What colleagues changed, after the views have refreshed.
    colleagues_changed = Signal(list)

    def __init__(self, workspace: Workspace, editor: ActivityEditor, window: QMainWindow) -> None:
        super().__init__(window)
        self.workspace = workspace
        self.editor = editor
        self._window = window
        self._feed: ChangeFeed | None = None
        self._notifier: QSocketNotifier | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.poll)
        editor.changed_bar.reload_requested.connect(self.reload_editor)
        workspace.register_opened.connect(self.start)
        self.start()

    @Slot()
    def start(self) -> None:
        """Follow the workspace's register as it is now."""
        self.stop()
        try:
            self._feed = open_feed(self.workspace.register)
        except RopaError as exc:
            self._window.statusBar().showMessage(str(exc), 15000)
            return
        fileno = self._feed.fileno()
        if fileno is not None:
            self._notifier = QSocketNotifier(fileno, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self.poll)
        self._timer.start(SQLITE_POLL_MS if fileno is None else SERVER_POLL_MS)

    def stop(self) -> None:
        self._timer.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._feed is not None:
            self._feed.close()
            self._feed = None

    @Slot()
    def poll(self) -> None:
        """Look at the feed now (the timer and the socket call this)."""
        if self._feed is None or self.workspace.runner.busy or QApplication.activeModalWidget():
            return
        changes = self._feed.changes()
        if not changes:
            return
        keys = {c.key for c in changes if c.kind == "activity"}
        # Anything else (a processor, a catalogue entry, a rule) may be named in the
        # activity list's rows: the lists read everything again.
        self.workspace.notify_changed(
            activities=keys, everything=any(c.kind != "activity" for c in changes)
        )
        self._tell_editor(changes)
        self.colleagues_changed.emit(changes)

    def _tell_editor(self, changes: list[Change]) -> None:
        key = self.editor.current_key()
        mine = [c for c in changes if c.kind == "activity" and c.key == key]
        if not key or not mine:
            return
        latest = mine[-1]
        self.editor.changed_bar.show_change(
            latest.by_line(),
            edited=self.editor.is_dirty,
            deleted=latest.action is AuditAction.DELETE,
        )

    @Slot()
    def reload_editor(self) -> None:
        """The colleague's version of the open activity replaces the user's edits."""
        key = self.editor.current_key()
        try:
            theirs = activities.get_activity(self.workspace.register, key=key)
        except NotFoundError:
            self.editor.clear()
            return
        except RopaError as exc:
            self._window.statusBar().showMessage(str(exc), 15000)
            return
        self.editor.take_version(theirs)
