"""The audit log: who changed what and when, with every field's before and after."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from PySide6.QtCore import Qt

from ropa_desktop.services.audit import AuditEntry, audit_log
from ropa_desktop.services.checks import field_label
from ropa_desktop.ui.list_page import ListPage
from ropa_desktop.ui.table_model import TableColumn


def local_time(at: dt.datetime) -> str:
    """SQLite hands back naive UTC; PostgreSQL an aware value. Show local time."""
    aware = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at
    return aware.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _value(value: Any) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


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
        for name, values in e.changes.items():
            lines.append(f"\n{field_label(name)}:")
            lines.append(f"  before: {_value(values.get('before'))}")
            lines.append(f"  after:  {_value(values.get('after'))}")
        return "\n".join(lines)
