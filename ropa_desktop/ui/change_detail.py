"""The selected change in full: before and after side by side, and a conflict's decision.

The panes show texts as HTML built here from plain text and word runs; every piece of
user text goes through ``html.escape`` first, so a value is never read as markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence, Set

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ropa_desktop.importers.xlsx import Conflict
from ropa_desktop.services.change_words import LONG, NONE, FieldChange, word_diff
from ropa_desktop.ui.change_tree import CONFLICTS, NOTICES, Row

Runs = Sequence[tuple[str, str]]
REMOVED = "color:#b00020; text-decoration:line-through; background-color:#fde7ea;"
ADDED = "color:#1b5e20; text-decoration:underline; background-color:#e3f4e6;"
DIFFERS = "background-color:#ffe9a8;"
_NOTHING = "color:#666666; font-style:italic;"
_TOKENS = re.compile(r"\S+|\s+")


def _escaped(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def pane_html(text: str, runs: Runs = (), side: str = "-", style: str = REMOVED) -> str:
    """``text`` as HTML, the words of ``runs`` that are only on this ``side`` in ``style``.

    ``runs`` come from ``word_diff`` over the same text, so the "=" and ``side`` runs
    hold its words in order; the text's own line breaks are kept. "(none)" is greyed.
    """
    if text in (NONE, ""):
        return f'<span style="{_NOTHING}">{_escaped(NONE)}</span>'
    ops = [op for op, chunk in runs if op in ("=", side) for _ in chunk.split()]
    tokens = _TOKENS.findall(text)
    if not ops or len(ops) != sum(1 for t in tokens if not t.isspace()):
        return _escaped(text)
    spans: list[list[str]] = []  # [op, text]; spaces inside a marked stretch stay marked
    space = ""
    words = iter(ops)
    for token in tokens:
        if token.isspace():
            space += token
            continue
        op = next(words)
        if spans and spans[-1][0] == op:
            spans[-1][1] += space + token
        else:
            if space:
                spans.append(["=", space])
            spans.append([op, token])
        space = ""
    if space:
        spans.append(["=", space])
    return "".join(
        _escaped(chunk) if op == "=" else f'<span style="{style}">{_escaped(chunk)}</span>'
        for op, chunk in spans
    )


def conflict_runs(conflict: Conflict) -> tuple[tuple[str, str], ...]:
    """Where a long register text and a long workbook text differ, word by word."""
    a, b = conflict.register, conflict.workbook
    if max(len(a), len(b)) <= LONG and "\n" not in a + b:
        return ()
    return word_diff("" if a == NONE else a, "" if b == NONE else b)


def _labelled(label: str, body: str) -> str:
    return f"<p><b>{_escaped(label)}</b><br>{body}</p>"


class ChangeDetail(QWidget):
    """Shows one row of the preview; for a choosable conflict, Keep or Take."""

    choice_made = Signal(object, bool)  # the Conflict, True for the workbook's value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict: Conflict | None = None
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.explain.setTextFormat(Qt.TextFormat.PlainText)
        self.keep = QRadioButton("&Keep the register's", self)
        self.take = QRadioButton("&Take the workbook's", self)
        self._choices = QButtonGroup(self)
        self._choices.addButton(self.keep)
        self._choices.addButton(self.take)
        self.keep.setChecked(True)
        self.take.toggled.connect(self._chosen)
        self.choice = QWidget(self)
        row = QHBoxLayout(self.choice)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Your decision:", self.choice))
        row.addWidget(self.keep)
        row.addWidget(self.take)
        row.addStretch(1)
        self.left_title, self.right_title = QLabel(self), QLabel(self)
        self.left, self.right = self._pane(), self._pane()
        self.panes = QWidget(self)
        grid = QGridLayout(self.panes)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.left_title, 0, 0)
        grid.addWidget(self.right_title, 0, 1)
        grid.addWidget(self.left, 1, 0)
        grid.addWidget(self.right, 1, 1)
        grid.setRowStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.explain)
        layout.addWidget(self.choice)
        layout.addWidget(self.panes, 1)
        layout.addStretch(0)  # holds the texts at the top while the panes are hidden
        self.show_row(None, frozenset())

    def _pane(self) -> QTextEdit:
        pane = QTextEdit(self)
        pane.setReadOnly(True)
        pane.setAcceptRichText(False)
        pane.setTabChangesFocus(True)
        pane.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        pane.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        pane.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        return pane

    def left_text(self) -> str:
        return self.left.toPlainText()

    def right_text(self) -> str:
        return self.right.toPlainText()

    # --- what is shown ------------------------------------------------------------------

    def show_row(self, row: Row | None, taken: Set[str]) -> None:
        """Show ``row`` (None: nothing selected); ``taken`` holds the conflicts taken."""
        self.conflict = None
        self.choice.hide()
        self.panes.hide()
        if row is None:
            self._say("Select a change to see it in full.", "")
        elif row.kind == "group" and row.section == CONFLICTS:
            self._say(
                row.text,
                "These were changed in the app after the workbook was exported, and in the "
                "workbook too. The register's value is kept unless you take the workbook's: "
                "select each one to decide.",
            )
        elif row.kind == "group" and row.section == NOTICES:
            self._say(row.text, "The workbook holds these, but the import does not read them.")
        elif row.kind == "notice":
            self._say("Notice", row.text)
        elif row.kind == "conflict" and row.conflict is not None:
            self._show_conflict(row.conflict, row.conflict.id in taken)
        elif row.kind == "record" and row.section == CONFLICTS:
            self._show_record_conflicts(row)
        elif row.kind == "record" and row.record is not None:
            self._show_record(row)
        elif row.field is not None and row.record is not None:
            record = row.record
            self._say(f"{record.what} {record.title} — {row.field.label}", "")
            self._show_fields([row.field], labels=False)

    def _say(self, title: str, text: str) -> None:
        self.title.setText(title)
        self.explain.setText(text)
        self.explain.setVisible(bool(text))

    def _show_record(self, row: Row) -> None:
        record = row.record
        assert record is not None
        what = record.what[:1].lower() + record.what[1:]
        title = f"{record.what} {record.title}"
        if record.kind == "added":
            self._say(title, f"The import adds this {what} to the register.")
        elif record.kind == "removed":
            self._say(title, f"The import removes this {what} from the register.")
        else:
            n = len(record.fields)
            self._say(
                title,
                f"The import changes {n} field{'s' if n != 1 else ''} of this {what}; "
                "select one to see it alone.",
            )
            self._show_fields(record.fields, labels=True)

    def _show_fields(self, fields: Sequence[FieldChange], *, labels: bool) -> None:
        marked = any(f.words for f in fields)
        self.left_title.setText(
            "In the register now" + ("  (removed words struck through in red)" if marked else "")
        )
        self.right_title.setText(
            "After the import" + ("  (added words underlined in green)" if marked else "")
        )
        left = [pane_html(f.before, f.words, "-", REMOVED) for f in fields]
        right = [pane_html(f.after, f.words, "+", ADDED) for f in fields]
        if labels:
            left = [_labelled(f.label, body) for f, body in zip(fields, left, strict=True)]
            right = [_labelled(f.label, body) for f, body in zip(fields, right, strict=True)]
        self._fill(left, right)

    def _show_conflict(self, conflict: Conflict, taken: bool) -> None:
        where = f"{conflict.record} — {conflict.field}" if conflict.field else conflict.record
        if not conflict.choosable:
            self._say(where, str(conflict))
            return
        if conflict.kind == "removed":
            text = (
                "Deleted in the workbook, but changed in the app since the export. Keep the "
                "register's to keep it, or take the workbook's to delete it."
            )
        else:
            text = (
                "Changed in the app since the export, and in the workbook too: choose which "
                "value the register keeps."
            )
        self._say(where, text)
        self.conflict = None  # no signal while the buttons are set
        (self.take if taken else self.keep).setChecked(True)
        self.conflict = conflict
        self.choice.show()
        self._show_conflicts([conflict], labels=False)

    def _show_record_conflicts(self, row: Row) -> None:
        n = len(row.conflicts)
        record = row.conflicts[0].record if row.conflicts else row.text
        self._say(record, f"{n} conflict{'s' if n != 1 else ''}; select each one to decide.")
        self._show_conflicts(row.conflicts, labels=True)

    def _show_conflicts(self, conflicts: Sequence[Conflict], *, labels: bool) -> None:
        runs = [conflict_runs(c) for c in conflicts]
        hint = "  (words that differ highlighted)" if any(runs) else ""
        self.left_title.setText("The register says" + hint)
        self.right_title.setText("The workbook says" + hint)
        left = [
            pane_html(c.register, r, "-", DIFFERS) for c, r in zip(conflicts, runs, strict=True)
        ]
        right = [
            pane_html(c.workbook, r, "+", DIFFERS) for c, r in zip(conflicts, runs, strict=True)
        ]
        if labels:
            names = [c.field or "The whole record" for c in conflicts]
            left = [_labelled(n, body) for n, body in zip(names, left, strict=True)]
            right = [_labelled(n, body) for n, body in zip(names, right, strict=True)]
        self._fill(left, right)

    def _fill(self, left: Sequence[str], right: Sequence[str]) -> None:
        self.left.setHtml("".join(left))
        self.right.setHtml("".join(right))
        self.panes.show()

    @Slot(bool)
    def _chosen(self, take: bool) -> None:
        if self.conflict is not None:
            self.choice_made.emit(self.conflict, take)
