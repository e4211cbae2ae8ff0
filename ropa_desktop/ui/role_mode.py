"""The main window as the login's team role allows: its role in the status bar, read-only
forms for a role that may only read, no Approve, Delete or catalogue entries for an editor.

What a role may do is the services' answer (``services.team.abilities``), asked once when
a register opens; nothing here decides it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar

from ropa_desktop.domain.enums import Status
from ropa_desktop.services.team import Abilities
from ropa_desktop.ui.activity_actions import APPROVE, DELETE, DUPLICATE, RETIRE
from ropa_desktop.ui.pickers import Picker
from ropa_desktop.ui.read_only import Freeze, Hold

if TYPE_CHECKING:
    from ropa_desktop.ui.main_window import MainWindow

NOTICE_STYLE = "color: #5c3d00; background: #fff4d6; padding: 4px 8px;"


class RoleMode(QObject):
    """Puts the window in step with what the register's login may do."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.role = QLabel(window)
        self.role.setObjectName("role")
        window.statusBar().addPermanentWidget(self.role)
        self.notice = QLabel(window)
        self.notice.setObjectName("role_notice")
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice_bar = QToolBar("Your role", window)
        self.notice_bar.setObjectName("role_notice_bar")
        self.notice_bar.setMovable(False)
        self.notice_bar.addWidget(self.notice)
        self.notice_bar.hide()
        window.addToolBar(self.notice_bar)
        form = window.processors.form
        self.reading = [
            Freeze(window.activities.editor),
            Freeze(form, keep=[form.open_assessment_button]),
        ]
        self.managing = [Freeze(window.organisation)]
        self.editing = Hold(self)
        self.editing.set_controls(
            [
                window.processors.new_button,
                window.retention.new_button,
                window.retention.edit_button,
                window.retention.library_button,
                window.retention.delete_button,
            ]
        )
        self.deleting = Hold(self)
        self.deleting.set_controls([window.processors.delete_button])
        self.cataloguing = Hold(self)
        self.cataloguing.set_controls(
            p.add_button for p in window.activities.editor.findChildren(Picker)
        )

    def obey(self, told: Abilities) -> None:
        """Show ``told`` and let the window offer only what it allows."""
        self.role.setText(told.status)
        self.role.setToolTip(_role_tip(told))
        self.notice.setText(told.why_read_only() if told.read_only else "")
        self.notice_bar.setVisible(told.read_only)
        for freeze in self.reading:
            freeze.set_active(not told.edit)
        for freeze in self.managing:
            freeze.set_active(not told.manage)
        for hold, allowed in (
            (self.editing, told.edit),
            (self.deleting, told.delete),
            (self.cataloguing, told.manage),
        ):
            hold.release() if allowed else hold.hold()
        offer_approval(self.window.activities.editor.identity.status, told)
        self._actions(told)

    def _actions(self, told: Abilities) -> None:
        w = self.window
        allowed: dict[QAction, bool] = {
            w.new_action: told.edit,
            w.save_action: told.edit,
            w.revert_action: told.edit,
            w.activity_actions[DUPLICATE]: told.edit,
            w.activity_actions[RETIRE]: told.edit,
            w.activity_actions[APPROVE]: told.approve,
            w.activity_actions[DELETE]: told.delete,
        }
        allowed |= {action: told.import_ for action in w.import_actions.values()}
        for action, on in allowed.items():
            action.setEnabled(on)
        # What the role never does is not offered at all.
        w.activity_actions[APPROVE].setVisible(told.approve)
        w.activity_actions[DELETE].setVisible(told.delete)


def offer_approval(combo: QComboBox, told: Abilities) -> None:
    """The status choice "Approved" only for a role that may approve (it stays shown on an
    activity approved already)."""
    model = combo.model()
    index = combo.findData(Status.APPROVED.value)
    if isinstance(model, QStandardItemModel) and index >= 0:
        item = model.item(index)
        item.setEnabled(told.approve)
        item.setToolTip("" if told.approve else f"Your role ({told.role}) may not approve.")


def _role_tip(told: Abilities) -> str:
    may = [
        word
        for word, on in (
            ("edit records", told.edit),
            ("approve activities", told.approve),
            ("delete activities and processors", told.delete),
            ("manage catalogues, templates and the organisation", told.manage),
        )
        if on
    ]
    if not may:
        return f"{told.role}: reads the whole register and changes nothing."
    return f"{told.role}: may " + ", ".join(may) + "."
