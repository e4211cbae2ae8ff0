"""Undo and redo of form edits as whole-record snapshots (records are immutable)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand


class SnapshotCommand(QUndoCommand):
    """Switch the form between two records; typing in one field merges into one step."""

    def __init__(
        self, text: str, before: Any, after: Any, show: Callable[[Any], None], merge_id: int
    ) -> None:
        super().__init__(text)
        self.before = before
        self.after = after
        self._show = show
        self._merge_id = merge_id
        self._first = True

    def id(self) -> int:
        return self._merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SnapshotCommand) or other.id() != self.id() or self._merge_id < 0:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        # The first redo happens at push time, when the form already shows ``after``.
        if self._first:
            self._first = False
            return
        self._show(self.after)

    def undo(self) -> None:
        self._show(self.before)
