"""The open register and the one signal every view listens to after a change."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from ropa_desktop.services.register import Register
from ropa_desktop.services.team import Abilities, abilities
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
        # What the register's login may do (services.team): the views offer only that.
        self.abilities: Abilities = abilities(register)
        self.settings = settings
        self.runner = JobRunner(self)
        # While ``register_changed`` is being emitted by ``notify_changed``: the keys of the
        # only activities the change touched, so that the activity list reads those rows
        # alone. None: anything may have changed (another register, a reload).
        self.changed_activities: frozenset[str] | None = None
        register.take_changed_activities()  # views start by reading it whole

    def notify_changed(self, *, activities: Iterable[str] = (), everything: bool = False) -> None:
        """Tell every view the register changed. The activities the committed transactions
        changed are known to the register; ``activities`` adds any others to read again
        (an activity a colleague changed, found on a conflict); ``everything``: any row
        may have changed (a colleague renamed a processor the activities list)."""
        changed = self.register.take_changed_activities() | set(activities)
        self._changed(None if everything else changed)

    def reopened(self) -> None:
        """As if the register had just been opened (after the first start filled it): the
        views that show a register as it opens read it whole, once, the others refresh."""
        self.register.take_changed_activities()  # read whole on register_opened
        self.register_opened.emit()
        self._changed(set())

    def _changed(self, activities: set[str] | None) -> None:
        lapses, self.register.last_lapses = self.register.last_lapses, []
        self.changed_activities = None if activities is None else frozenset(activities)
        try:
            self.register_changed.emit()
        finally:
            self.changed_activities = None
        if lapses:
            self.approvals_lapsed.emit("\n".join(str(lapse) for lapse in lapses))

    def replace_register(self, register: Register) -> None:
        """Switch to another register (the caller has already guarded unsaved edits)."""
        old = self.register
        self.register = register
        self.abilities = abilities(register)
        self.settings.remember_register(register.location)
        if old is not register:
            old.close()
        self.reopened()
