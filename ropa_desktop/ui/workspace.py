"""The open register and the one signal every view listens to after a change."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ropa_desktop.services.register import Register
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workers import JobRunner


class Workspace(QObject):
    """Passed to every view: the register handle, the job runner and UI settings.

    After any change a view calls ``notify_changed``; each view then refreshes
    itself from the services (no view pokes another).
    """

    register_changed = Signal()
    register_opened = Signal()
    # The approvals a change put back in review, one sentence each (services.approval).
    approvals_lapsed = Signal(str)

    def __init__(
        self, register: Register, settings: UiSettings, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.register = register
        self.settings = settings
        self.runner = JobRunner(self)

    def notify_changed(self) -> None:
        lapses, self.register.last_lapses = self.register.last_lapses, []
        self.register_changed.emit()
        if lapses:
            self.approvals_lapsed.emit("\n".join(str(lapse) for lapse in lapses))

    def replace_register(self, register: Register) -> None:
        """Switch to another register (the caller has already guarded unsaved edits)."""
        old = self.register
        self.register = register
        self.settings.remember_register(register.location)
        if old is not register:
            old.close()
        self.register_opened.emit()
        self.register_changed.emit()
