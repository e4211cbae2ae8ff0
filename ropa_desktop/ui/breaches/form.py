"""The breach form: the 72-hour clock at the top, the duties not yet met under it (each
leads to its field), then every field of the breach.

The clock and the duties are services.breaches.duties' judgement of what is on screen,
judged again each minute, so the line turns red the minute the 72 hours pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QTimer, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from ropa_desktop.domain.log_records import BreachRec
from ropa_desktop.services.breaches.duties import BLOCKING, duties, notification_left
from ropa_desktop.services.breaches.records import BREACHES, facts, title
from ropa_desktop.services.catalogues import catalogue
from ropa_desktop.services.processors import list_processors
from ropa_desktop.ui.breaches.fields import Measures, PeopleAndData, RiskAndDuties, WhatHappened
from ropa_desktop.ui.breaches.status import notification_status
from ropa_desktop.ui.log_fields import DONE, LATE, RUNNING, activity_entries
from ropa_desktop.ui.log_form import LogForm
from ropa_desktop.ui.table_model import KEY_ROLE, RowTableModel, TableColumn
from ropa_desktop.ui.workspace import Workspace

MINUTE_MS = 60_000


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class BreachForm(LogForm):
    WHAT = "breach"
    INTRO = "a personal data breach, as the register of Art. 33(5) keeps it"

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        now: Callable[[], dt.datetime] = _utc_now,
    ) -> None:
        super().__init__(workspace, BREACHES, parent)
        self.now = now
        self.clock = QLabel(self.body)
        self.clock.setObjectName("clock")
        self.clock.setWordWrap(True)
        self.duties_model = RowTableModel((TableColumn("", 80), TableColumn("Duty")), self)
        self.duties_view = QTableView(self.body)
        self.duties_view.setModel(self.duties_model)
        self.duties_view.setAccessibleName("Duties not yet met")
        self.duties_view.setTabKeyNavigation(False)
        self.duties_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.duties_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.duties_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.duties_view.setWordWrap(True)
        self.duties_view.verticalHeader().hide()
        self.duties_view.horizontalHeader().hide()
        self.duties_view.horizontalHeader().setStretchLastSection(True)
        self.duties_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.duties_view.setToolTip("Press Enter or double-click a duty to go to its field.")
        self.duties_view.activated.connect(self._duty_activated)
        self.column.addWidget(self.clock)
        self.column.addWidget(self.duties_view)
        self.what = WhatHappened(self.body)
        self.people = PeopleAndData(self.body)
        self.measures = Measures(self.body)
        self.risk = RiskAndDuties(self.body)
        self.build(self.what, self.people, self.measures, self.risk)
        self.first_field = self.what.name
        self.timer = QTimer(self)
        self.timer.setInterval(MINUTE_MS)
        self.timer.timeout.connect(self.shown)
        self.timer.start()

    def title_of(self, rec: BreachRec) -> str:
        return title(rec)

    def load(self, rec: BreachRec) -> None:
        self._read_entries()
        super().load(rec)
        for moment_edit in (
            self.what.occurred_from, self.what.occurred_to, self.risk.notified_at,
            self.risk.communicated_at,
        ):  # fmt: skip
            moment_edit.zone_like(rec.aware_at)

    def _read_entries(self) -> None:
        register = self.workspace.register
        self.people.set_entries(
            activities=activity_entries(register),
            processors=[(p.key, p.name, p.services) for p in list_processors(register)],
            systems=[(s.key, s.name, s.description) for s in catalogue(register, "systems")],
        )

    @Slot()
    def shown(self) -> None:
        """The clock and the duties of what the form holds, at this minute."""
        if self.baseline is None:  # not loaded yet: the page was never shown
            return
        rec = self.record()
        now = self.now()
        line, overdue = notification_status(rec, now)
        stopped = notification_left(facts(rec), now) is None
        self.clock.setText(f"72-hour clock (Art. 33(1)): {line}")
        self.clock.setStyleSheet(LATE if overdue else DONE if stopped else RUNNING)
        found = duties(facts(rec), now)
        self._duties = found
        self.duties_model.set_rows(
            [("Blocking" if d.severity == BLOCKING else "To do", d.message) for d in found],
            keys=list(range(len(found))),
            warn=[d.severity == BLOCKING for d in found],
        )
        self.duties_view.setVisible(bool(found))
        view = self.duties_view
        view.resizeRowsToContents()
        rows = sum(view.rowHeight(r) for r in range(min(len(found), 4)))
        view.setFixedHeight(rows + 2 * view.frameWidth())

    @Slot(QModelIndex)
    def _duty_activated(self, index: QModelIndex) -> None:
        number = index.data(KEY_ROLE)
        duty = self._duties[number]
        self.show_finding(duty.field, duty.message)
