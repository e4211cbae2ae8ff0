"""The change set of an import, shown before anything is written: decide, then Apply or Cancel.

A tree lists the conflicts first (each decided on its own: keep the register's value,
or take the workbook's), then the notices, then one item per record with its field
changes; below it the selected change is shown in full, before and after side by side.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QObject, Qt, Slot
from PySide6.QtGui import QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ropa_desktop.importers.xlsx import Conflict
from ropa_desktop.ui.change_detail import ChangeDetail
from ropa_desktop.ui.change_tree import (
    COL_WHAT,
    EVERYTHING,
    ONLY_CONFLICTS,
    ONLY_REMOVALS,
    ROW_ROLE,
    ChangeFilter,
    ChangeTreeModel,
    Row,
    build_rows,
    plan_parts,
)

_VIEWS = (
    ("Everything", EVERYTHING),
    ("Only conflicts", ONLY_CONFLICTS),
    ("Only removals", ONLY_REMOVALS),
)


_WIDE = 1600  # pixels from which the detail goes beside the tree


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _walk(rows: Iterable[Row]) -> Iterator[Row]:
    for row in rows:
        yield row
        yield from _walk(row.children)


class ChangeSetDialog(QDialog):
    """Shows a plan (ChangeSet or XlsxImport); Apply accepts, Cancel rejects (nothing written).

    ``taken()`` holds the ids of the conflicts where the reviewer chose the workbook's value.
    """

    def __init__(self, title: str, plan: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._changes, self._conflicts, self._notices = plan_parts(plan)
        self._taken = {c.id for c in self._conflicts if c.taken and c.choosable}
        self.rows = build_rows(plan)
        self._field_count = sum(len(r.record.fields) for r in self.rows if r.record is not None)
        self._label_width = 0  # measured once, when first shown
        self._arranged = False
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("A reference, a name or any word of a value")
        self.filter.setClearButtonEnabled(True)
        self.view = QComboBox(self)
        for label, mode in _VIEWS:
            if mode != ONLY_CONFLICTS or self._conflicts:
                self.view.addItem(label, mode)
        self.model = ChangeTreeModel(self)
        self.model.set_rows(self.rows, self._taken)
        self.proxy = ChangeFilter(self)
        self.proxy.setSourceModel(self.model)
        self.tree = self._make_tree()
        self.nothing = QLabel("Nothing matches the filter.", self)
        self.nothing.hide()
        self.detail = ChangeDetail(self)
        self.detail.choice_made.connect(self._choose)
        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton("&Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.filter.textChanged.connect(self._filter_text)
        self.filter.installEventFilter(self)
        self.view.currentIndexChanged.connect(self._filter_view)
        self.tree.selectionModel().selectionChanged.connect(self._selected)
        self._lay_out()
        self._refresh()
        self._expand()
        self._select_first()
        self.tree.setFocus()

    def _make_tree(self) -> QTreeView:
        tree = QTreeView(self)
        tree.setModel(self.proxy)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.setAllColumnsShowFocus(True)
        tree.setAlternatingRowColors(True)
        tree.setUniformRowHeights(True)
        tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Interactive)
        return tree

    def _lay_out(self) -> None:
        filter_label = QLabel("&Filter:", self)
        filter_label.setBuddy(self.filter)
        view_label = QLabel("S&how:", self)
        view_label.setBuddy(self.view)
        bar = QHBoxLayout()
        bar.addWidget(filter_label)
        bar.addWidget(self.filter, 1)
        bar.addWidget(view_label)
        bar.addWidget(self.view)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.tree, 1)
        top_layout.addWidget(self.nothing)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.buttons)
        d = self.detail
        chain = [self.filter, self.view, self.tree, d.keep, d.take, d.left, d.right]
        chain += [self.apply_button, self.cancel_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        screen = parent.screen() if (parent := self.parentWidget()) else self.screen()
        area = screen.availableGeometry()
        self.resize(min(1280, int(area.width() * 0.9)), min(860, int(area.height() * 0.9)))

    # --- what the reviewer decided ------------------------------------------------------

    def taken(self) -> frozenset[str]:
        """The conflicts where the workbook's value is to be applied, by id."""
        return frozenset(self._taken)

    @Slot(object, bool)
    def _choose(self, conflict: Conflict, take: bool) -> None:
        if take:
            self._taken.add(conflict.id)
        else:
            self._taken.discard(conflict.id)
        self.model.set_taken(conflict, take)
        self._refresh()

    def _refresh(self) -> None:
        """The summary line and Apply follow the changes and the conflicts taken."""
        changes = self._changes
        parts = []  # “2 records changed (5 fields), 1 added”
        for kind in ("changed", "added", "removed"):
            n = changes.count(kind)
            if n:
                parts.append(f"{_count(n, 'record') if not parts else n} {kind}")
            if n and kind == "changed":
                parts[-1] += f" ({_count(self._field_count, 'field')})"
        text = ", ".join(parts) if parts else "No changes"
        if self._conflicts:
            taken = len(self._taken)
            kept = len(self._conflicts) - taken
            text += f" · {_count(len(self._conflicts), 'conflict')}: "
            if not taken:
                text += "the register's value is kept" + (" for each" if kept > 1 else "")
            else:
                text += f"the workbook's value taken for {taken}, the register's kept for {kept}"
        if self._notices:
            text += f" · {_count(len(self._notices), 'notice')}"
        tail = "Nothing is written until you apply."
        if changes.is_empty and not self._taken:
            tail = "As it stands the import changes nothing: take the workbook's value for a conflict to apply it."
        self.summary.setText(
            f"<b>{html.escape(text, quote=False)}.</b> {html.escape(tail, quote=False)}"
        )
        self.apply_button.setEnabled(not changes.is_empty or bool(self._taken))

    # --- the tree and the filter --------------------------------------------------------

    @Slot(str)
    def _filter_text(self, text: str) -> None:
        self.proxy.set_text(text)
        self._filtered()

    @Slot(int)
    def _filter_view(self, _index: int) -> None:
        self.proxy.set_mode(self.view.currentData())
        self._filtered()

    def _filtered(self) -> None:
        self._expand()
        empty = self.proxy.rowCount() == 0
        self.nothing.setVisible(empty)
        if not self.tree.selectionModel().hasSelection():
            self._select_first()
        self._show_current()

    def _expand(self) -> None:
        self.tree.expandAll()
        self._span(QModelIndex())

    def _span(self, parent: QModelIndex) -> None:
        for r in range(self.proxy.rowCount(parent)):
            index = self.proxy.index(r, 0, parent)
            row: Row = index.data(ROW_ROLE)
            self.tree.setFirstColumnSpanned(r, parent, row.spanned)
            self._span(index)

    def _select_first(self) -> None:
        """The first conflict (what needs a decision), else the first change."""
        for wanted in (
            lambda row: row.kind == "conflict",
            lambda row: row.kind == "field" or (row.kind == "record" and not row.children),
            lambda row: True,
        ):
            first = self._first(QModelIndex(), wanted)
            if first is not None:
                self.tree.setCurrentIndex(first)
                return

    def _first(self, parent: QModelIndex, wanted: Any) -> QModelIndex | None:
        for r in range(self.proxy.rowCount(parent)):
            index = self.proxy.index(r, 0, parent)
            if wanted(index.data(ROW_ROLE)):
                return index
            found = self._first(index, wanted)
            if found is not None:
                return found
        return None

    @Slot(QItemSelection, QItemSelection)
    def _selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._show_current()

    def _show_current(self) -> None:
        rows = self.tree.selectionModel().selectedRows()
        row = rows[0].data(ROW_ROLE) if rows else None
        self.detail.show_row(row, self._taken)

    def current_row(self) -> Row | None:
        rows = self.tree.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def shown_rows(self, parent: QModelIndex | None = None) -> list[tuple[int, str, str]]:
        """(depth, first column, second column) of every row the tree shows now."""
        parent = parent or QModelIndex()
        depth = 0
        up = parent
        while up.isValid():
            depth, up = depth + 1, up.parent()
        out = []
        for r in range(self.proxy.rowCount(parent)):
            index = self.proxy.index(r, 0, parent)
            out.append((depth, index.data(), self.proxy.index(r, 1, parent).data() or ""))
            out += self.shown_rows(index)
        return out

    # --- Qt events ----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in the filter goes to the results, never to Apply.
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.tree.setFocus()
                return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()
        self._fit_columns()

    def _arrange(self) -> None:
        """On a wide screen the detail sits beside the tree, else below it, so that the
        full texts keep lines short enough to read."""
        wide = self.width() >= _WIDE
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self._arranged and self.splitter.orientation() == orientation:
            return
        self._arranged = True
        self.splitter.setOrientation(orientation)
        self.splitter.setSizes([450, 550] if wide else [560, 440])  # shares, not pixels

    def _fit_columns(self) -> None:
        """Field labels in full where there is room; the rest for what the import does."""
        if not self._label_width:
            metrics = self.tree.fontMetrics()
            labels = [row.text for row in _walk(self.rows) if not row.spanned]
            widest = max((metrics.horizontalAdvance(t) for t in labels), default=200)
            self._label_width = widest + self.tree.indentation() * 3 + 16
        room = self.tree.viewport().width()
        self.tree.header().resizeSection(COL_WHAT, max(160, min(self._label_width, room // 2)))
