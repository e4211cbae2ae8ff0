"""Start an assessment of a processor: which questionnaire, answers due by when."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.domain.records import AssessmentRec
from ropa_desktop.services import assessments as svc
from ropa_desktop.services.assessment_workflow import DEFAULT_ANSWER_DAYS
from ropa_desktop.services.processors import get_processor
from ropa_desktop.services.templates import install_templates, latest_templates
from ropa_desktop.ui.section_base import ERROR_STYLE, DateEdit
from ropa_desktop.ui.workspace import Workspace


class StartAssessmentDialog(QDialog):
    """Choose the questionnaire and due date of a new assessment of one processor."""

    def __init__(
        self,
        workspace: Workspace,
        processor: str,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.processor = processor
        self.created: AssessmentRec | None = None
        name = get_processor(workspace.register, key=processor).name
        self.setWindowTitle(f"New assessment of {name}")
        install_templates(workspace.register)  # the shipped questionnaires, once
        self.template = QComboBox(self)
        for t in latest_templates(workspace.register):
            self.template.addItem(f"{t.name} (version {t.template_version})", t.key)
        self.due = DateEdit(self)
        self.due.set_value((today or dt.date.today()) + dt.timedelta(days=DEFAULT_ANSWER_DAYS))
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow("&Questionnaire", self.template)
        form.addRow("Answers &due by", self.due)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Start assessment")
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    @Slot()
    def start(self) -> None:
        try:
            self.created = svc.start_assessment(
                self.workspace.register,
                processor=self.processor,
                template=str(self.template.currentData() or ""),
                due_on=self.due.value(),
            )
        except RopaError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.workspace.notify_changed()
        self.accept()
