"""The audit log: who changed what and when, with every field's before and after."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from ropa_desktop.services.audit import AuditEntry, audit_log
from ropa_desktop.services.audit_words import event_lines
from ropa_desktop.services.change_values import Names
from ropa_desktop.services.checks import field_label
from ropa_desktop.services.interchange import snapshot
from ropa_desktop.ui.list_page import ListPage
from ropa_desktop.ui.table_model import TableColumn


def local_time(at: dt.datetime) -> str:
    """SQLite hands back naive UTC; PostgreSQL an aware value. Show local time."""
    aware = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at
    return aware.astimezone().strftime("%Y-%m-%d %H:%M:%S")


class AuditView(ListPage):
    TITLE = "Audit log"
    INTRO = "every change, newest first (append-only)"
    COLUMNS = (
        TableColumn("When", 150),
        TableColumn("Who", 100),
        TableColumn("Kind", 120),
        TableColumn("Record", 240),
        TableColumn("Action", 80),
        TableColumn("Fields changed"),
    )
    LIMIT = 1000
    SORT = (0, Qt.SortOrder.DescendingOrder)

    def load_rows(self) -> None:
        entries = audit_log(self.workspace.register, limit=self.LIMIT)
        self._entries = entries
        self._names: Names | None = None
        self.model.set_rows(
            [
                (
                    local_time(e.at), e.actor,
                    e.entity_type.replace("_", " "), e.entity_label, e.action.label,
                    ", ".join(field_label(name) for name in e.changes if name != "key"),
                )
                for e in entries
            ],
            keys=list(range(len(entries))),
        )  # fmt: skip

    def describe(self, key: object) -> str:
        if not isinstance(key, int) or not 0 <= key < len(self._entries):
            return ""
        e: AuditEntry = self._entries[key]
        lines = [
            f"{e.action.label} {e.entity_type.replace('_', ' ')} “{e.entity_label}” by {e.actor}"
        ]
        if self._names is None:  # read once per listing, when a row is first opened
            self._names = Names.of(snapshot(self.workspace.register))
        lines += event_lines(e.entity_type, e.changes, self._names)
        return "\n".join(lines)
