"""The rights-request form: the due date at the top, as the fields say it now, then every
field of the request."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QWidget

from ropa_desktop.domain.log_records import RightsRequestRec
from ropa_desktop.domain.records import record_title
from ropa_desktop.services.requests.records import REQUESTS, title
from ropa_desktop.ui.log_fields import DONE, LATE, RUNNING, activity_entries
from ropa_desktop.ui.log_form import LogForm
from ropa_desktop.ui.requests.fields import TheAnswer, TheRequest
from ropa_desktop.ui.requests.status import due_line, request_status
from ropa_desktop.ui.workspace import Workspace


class RequestForm(LogForm):
    WHAT = "rights request"
    INTRO = "a data subject exercising a right (Arts. 15–22), answered within Art. 12(3)"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, REQUESTS, parent)
        self.due = QLabel(self.body)
        self.due.setObjectName("due")
        self.due.setWordWrap(True)
        self.column.addWidget(self.due)
        self.request = TheRequest(self.body)
        self.answer = TheAnswer(self.body)
        self.build(self.request, self.answer)
        self.first_field = self.request.request_type

    def title_of(self, rec: RightsRequestRec) -> str:
        return title(rec) if rec.request_type else record_title(rec.reference, "")

    def load(self, rec: RightsRequestRec) -> None:
        self.request.set_entries(activity_entries(self.workspace.register))
        super().load(rec)

    @Slot()
    def shown(self) -> None:
        if self.baseline is None:  # not loaded yet: the page was never shown
            return
        rec = self.record()
        if rec.received_on is None:
            self.due.setText("Set the day the request was received to see when it is due.")
            self.due.setStyleSheet(LATE)
            return
        status, late = request_status(rec, dt.date.today())
        self.due.setText(f"{due_line(rec)} — {status}")
        self.due.setStyleSheet(LATE if late else DONE if rec.closed_on else RUNNING)
