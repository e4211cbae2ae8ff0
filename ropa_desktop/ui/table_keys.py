"""Sorting a table from the keyboard: a header takes no focus in Qt, so the table does it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTableView

SORT_KEY = "Ctrl+Shift+S"
SORT_HELP = (
    "Left and Right choose a column; Ctrl+Shift+S sorts by it, pressed again it reverses the order."
)


KEYBOARD_HELP = (
    "Tab and Shift+Tab move through every field and button of a page, in screen order.\n"
    "Alt + the underlined letter of a label goes to that field.\n"
    "Ctrl+1 … Ctrl+6 show the pages; Ctrl+F finds activities; Ctrl+N starts an activity; "
    "Ctrl+S saves.\n"
    f"In a list: the arrows move, Enter opens a finding at its field. {SORT_HELP}\n"
    "In a table of an activity (purposes, data, …): F2 or typing edits a cell, Tab leaves "
    "the table."
)


class KeyboardSort(QAction):
    """Sorts ``table`` by the column of its current cell; on the sorted column it reverses."""

    def __init__(self, table: QTableView) -> None:
        super().__init__("Sort by this column", table)
        self.table = table
        self.setShortcut(QKeySequence(SORT_KEY))
        self.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.triggered.connect(self.sort)
        table.addAction(self)
        table.setToolTip(SORT_HELP)
        table.horizontalHeader().setToolTip(f"Click a column to sort by it. {SORT_HELP}")

    @Slot()
    def sort(self) -> None:
        current = self.table.currentIndex()
        header = self.table.horizontalHeader()
        column = current.column() if current.isValid() else header.sortIndicatorSection()
        order = Qt.SortOrder.AscendingOrder
        if column == header.sortIndicatorSection():
            ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
            order = Qt.SortOrder.DescendingOrder if ascending else Qt.SortOrder.AscendingOrder
        self.table.sortByColumn(column, order)
        if current.isValid():
            # The row the user was on stays current, wherever the sort moved it.
            self.table.scrollTo(self.table.currentIndex())
