"""The Breaches page: the breach register on the left, with each breach's notification
status, and the breach form with its 72-hour clock on the right."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from ropa_desktop.domain.log_records import BreachRec
from ropa_desktop.services.breaches.duties import moment
from ropa_desktop.services.breaches.records import BREACHES, new_breach
from ropa_desktop.ui.breaches.form import BreachForm
from ropa_desktop.ui.breaches.status import notification_status
from ropa_desktop.ui.log_form import LogForm
from ropa_desktop.ui.log_page import LogPage
from ropa_desktop.ui.moment_edit import local_offset, now_in
from ropa_desktop.ui.table_model import TableColumn


class BreachesPage(LogPage):
    TITLE = "Breaches"
    INTRO = "every personal data breach, notified or not (Art. 33(5))"
    NEW = "&New breach"
    DELETE = "De&lete breach…"
    COLUMNS = (
        TableColumn("Ref.", 55),
        TableColumn("Breach", 170),
        TableColumn("Notification", 260),
        TableColumn("Risk", 110),
        TableColumn("Aware since"),
    )
    SORT = (0, Qt.SortOrder.DescendingOrder)  # the latest breach first

    form: BreachForm

    def make_form(self) -> LogForm:
        return BreachForm(self.workspace, self)

    def blank(self) -> BreachRec:
        # Recorded as the DPO learns of it: aware since this minute, in the computer's zone.
        return new_breach(self.workspace.register, aware_at=now_in(local_offset()))

    def load_rows(self) -> None:
        breaches = BREACHES.listed(self.workspace.register)
        now = dt.datetime.now(dt.UTC)
        statuses = [notification_status(b, now) for b in breaches]
        self.model.set_rows(
            [
                (
                    b.reference, b.name, line, b.risk.label if b.risk else "Not assessed",
                    moment(b.aware_at) if b.aware_at else "Not recorded",
                )
                for b, (line, _) in zip(breaches, statuses, strict=True)
            ],
            keys=[b.key for b in breaches],
            warn=[overdue for _, overdue in statuses],
        )  # fmt: skip
