"""The Rights requests page: the log with each request's due date and status, the form of
the one selected, and the year's summary (counts by right and outcome, median days)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ropa_desktop.domain.log_records import RightsRequestRec
from ropa_desktop.services.requests.records import REQUESTS, new_request
from ropa_desktop.services.requests.summary import due_on, summary_lines, year_summary
from ropa_desktop.ui.log_form import LogForm
from ropa_desktop.ui.log_page import LogPage
from ropa_desktop.ui.requests.form import RequestForm
from ropa_desktop.ui.requests.status import request_status
from ropa_desktop.ui.table_model import TableColumn
from ropa_desktop.ui.workspace import Workspace


class RequestsPage(LogPage):
    TITLE = "Rights requests"
    INTRO = "access, rectification, erasure and the other rights people exercise (Arts. 15–22)"
    NEW = "&New request"
    DELETE = "De&lete request…"
    COLUMNS = (
        TableColumn("Ref.", 55),
        TableColumn("Right", 150),
        TableColumn("Status", 150),
        TableColumn("Due", 90),
        TableColumn("Received"),
    )
    SORT = (0, Qt.SortOrder.DescendingOrder)  # the latest request first

    form: RequestForm

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        self._requests: list[RightsRequestRec] = []
        super().__init__(workspace, parent)
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        chooser = QHBoxLayout()
        self.year = QComboBox(holder)
        self.year.setAccessibleName("Year of the summary")
        self.year.currentIndexChanged.connect(self._show_summary)
        year_label = QLabel("Summary of the &year", holder)
        year_label.setBuddy(self.year)
        chooser.addWidget(year_label)
        chooser.addWidget(self.year)
        chooser.addStretch(1)
        self.summary = QLabel(holder)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addLayout(chooser)
        column.addWidget(self.summary)
        column.addStretch(1)
        self.splitter.addWidget(holder)
        self.splitter.setStretchFactor(2, 0)
        holder.setMinimumHeight(self.summary.fontMetrics().lineSpacing() * 7 + 30)

    def make_form(self) -> LogForm:
        return RequestForm(self.workspace, self)

    def blank(self) -> RightsRequestRec:
        return new_request(self.workspace.register, received_on=dt.date.today())

    def load_rows(self) -> None:
        requests = REQUESTS.listed(self.workspace.register)
        self._requests = requests
        today = dt.date.today()
        statuses = [request_status(r, today) for r in requests]
        self.model.set_rows(
            [
                (
                    r.reference, r.request_type.label, line, due_on(r).isoformat(),
                    r.received_on.isoformat(),
                )
                for r, (line, _) in zip(requests, statuses, strict=True)
            ],
            keys=[r.key for r in requests],
            warn=[late for _, late in statuses],
        )  # fmt: skip
        self._fill_years()

    def _fill_years(self) -> None:
        years = sorted({r.received_on.year for r in self._requests} | {dt.date.today().year})
        chosen = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        for year in reversed(years):
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(max(0, self.year.findData(chosen)))
        self.year.blockSignals(False)
        self._show_summary()

    @Slot()
    def _show_summary(self, *_: object) -> None:
        year = self.year.currentData()
        if year is None:
            return
        summary = year_summary(self._requests, int(year), today=dt.date.today())
        self.summary.setText("\n".join(summary_lines(summary)))
