"""The register's settings on the Organisation page: separation of duties, a DPO's switch."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.services.duties import separation_of_duties, set_separation_of_duties
from ropa_desktop.ui import prompts
from ropa_desktop.ui.workspace import Workspace


class DutiesBox(QGroupBox):
    """Saved as soon as it is switched (a setting, not part of the organisation's record)."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Register settings", parent)
        self.workspace = workspace
        self.duties = QCheckBox(
            "Separation of duties: the last editor of an activity ma&y not approve it", self
        )
        hint = QLabel(
            "Another DPO must then approve what a DPO changed. Every switch is in the audit log.",
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.duties)
        layout.addWidget(hint)
        self.duties.toggled.connect(self._switched)
        workspace.register_changed.connect(self.reload)
        workspace.register_opened.connect(self.reload)
        self.reload()

    @Slot()
    def reload(self) -> None:
        self.duties.blockSignals(True)
        try:
            self.duties.setChecked(separation_of_duties(self.workspace.register))
        finally:
            self.duties.blockSignals(False)

    @Slot(bool)
    def _switched(self, on: bool) -> None:
        try:
            set_separation_of_duties(self.workspace.register, on=on)
        except RopaError as exc:
            prompts.warn(self, "Separation of duties", str(exc))
            self.reload()
            return
        self.workspace.notify_changed()
