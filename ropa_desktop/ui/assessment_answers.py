"""The answers of one assessment: each question of its template with answer, comment, evidence.

Questions are grouped by section, each with its number, text, whether it is
critical and its weight (the DPO sees how it is scored; the vendor's workbook
does not), the guidance, and three inputs. ``answers()`` returns what the screen
shows; the services parse and validate it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ropa_desktop.domain.enums import AnswerType
from ropa_desktop.domain.records import AnswerRec, QuestionRec, TemplateRec
from ropa_desktop.services.scoring import CHOICE_LABELS, CHOICES, is_scored
from ropa_desktop.ui.section_base import ERROR_STYLE, line_edit

CRITICAL_STYLE = "color: #b00020; font-weight: 600;"
_PLACEHOLDER = {
    AnswerType.TEXT: "Answer",
    AnswerType.DATE: "YYYY-MM-DD",
    AnswerType.NUMBER: "A number",
}


class _QuestionRow:
    """The widgets of one question."""

    def __init__(self, number: int, question: QuestionRec, box: QGroupBox, grid: QGridLayout):
        self.question = question
        row = grid.rowCount()
        tags = []
        if question.critical:
            tags.append(f"<span style='{CRITICAL_STYLE}'>critical</span>")
        tags.append(f"weight {question.weight}" if is_scored(question) else "not scored")
        title = QLabel(f"<b>{number}.</b> {_html(question.text)} <i>({' · '.join(tags)})</i>", box)
        title.setWordWrap(True)
        grid.addWidget(title, row, 0, 1, 3)
        if question.answer_type in CHOICES:
            combo = QComboBox(box)
            combo.addItem("— not answered —", "")
            for choice in CHOICES[question.answer_type]:
                combo.addItem(CHOICE_LABELS[choice], choice)
            self.answer: QComboBox | QLineEdit = combo
        else:
            self.answer = line_edit(box, _PLACEHOLDER[question.answer_type])
        self.comment = line_edit(box, "Comment")
        self.evidence = line_edit(box, "Evidence: document, reference or link")
        for widget, what in ((self.answer, "answer"), (self.comment, "comment")):
            widget.setObjectName(f"{what}:{question.code}")
            widget.setAccessibleName(f"{what.capitalize()} to question {number}")
        self.evidence.setObjectName(f"evidence:{question.code}")
        self.evidence.setAccessibleName(f"Evidence for question {number}")
        grid.addWidget(self.answer, row + 1, 0)
        grid.addWidget(self.comment, row + 1, 1)
        grid.addWidget(self.evidence, row + 1, 2)
        self.error = QLabel(box)
        self.error.setObjectName(f"error:{question.code}")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        grid.addWidget(self.error, row + 2, 0, 1, 3)
        if question.guidance:
            note = QLabel(question.guidance, box)
            note.setWordWrap(True)
            note.setStyleSheet("color: #555;")
            grid.addWidget(note, row + 3, 0, 1, 3)

    def value(self) -> str:
        if isinstance(self.answer, QComboBox):
            return str(self.answer.currentData() or "")
        return self.answer.text()

    def set_value(self, value: str) -> None:
        if isinstance(self.answer, QComboBox):
            index = self.answer.findData(value)
            if index < 0 and value:  # a stored value the list does not offer stays visible
                self.answer.addItem(f"{value} (not a valid answer)", value)
                index = self.answer.count() - 1
            self.answer.setCurrentIndex(max(index, 0))
        else:
            self.answer.setText(value)

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.answer, self.comment, self.evidence)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class AnswersPanel(QWidget):
    """All questions of a template; emits ``edited`` on every change."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self.rows: dict[str, _QuestionRow] = {}
        self._order: list[str] = []

    def set_template(self, template: TemplateRec) -> None:
        """Build the inputs for a template's questions (once per dialog)."""
        boxes: dict[str, QGridLayout] = {}
        for number, q in enumerate(template.questions, 1):
            grid = boxes.get(q.section)
            if grid is None:
                box = QGroupBox(q.section, self)
                grid = boxes[q.section] = QGridLayout(box)
                grid.setColumnStretch(1, 2)
                grid.setColumnStretch(2, 2)
                self._layout.addWidget(box)
            row = _QuestionRow(number, q, grid.parentWidget(), grid)  # type: ignore[arg-type]
            self.rows[q.code] = row
            self._order.append(q.code)
            for widget in row.widgets():
                signal = (
                    widget.currentIndexChanged
                    if isinstance(widget, QComboBox)
                    else widget.textChanged
                )
                signal.connect(self._changed)
        self._layout.addStretch(1)

    @Slot()
    def _changed(self) -> None:
        self.edited.emit()

    def load(self, answers: tuple[AnswerRec, ...]) -> None:
        given = {a.question: a for a in answers}
        for code, row in self.rows.items():
            a = given.get(code, AnswerRec(code))
            for widget in row.widgets():
                widget.blockSignals(True)
            row.set_value(a.value)
            row.comment.setText(a.comment)
            row.evidence.setText(a.evidence)
            for widget in row.widgets():
                widget.blockSignals(False)
        self.clear_errors()

    def answers(self) -> tuple[AnswerRec, ...]:
        """What the screen shows, in template order; untouched questions left out."""
        out = []
        for code in self._order:
            row = self.rows[code]
            a = AnswerRec(code, row.value(), row.comment.text(), row.evidence.text())
            if a.value.strip() or a.comment.strip() or a.evidence.strip():
                out.append(a)
        return tuple(out)

    def set_read_only(self, read_only: bool) -> None:
        for row in self.rows.values():
            row.answer.setEnabled(not read_only)
            row.comment.setReadOnly(read_only)
            row.evidence.setReadOnly(read_only)

    def clear_errors(self) -> None:
        for row in self.rows.values():
            row.error.clear()
            row.error.hide()

    def show_error(self, code: str, message: str) -> bool:
        """Show a message under a question; False when the code is not on screen."""
        row = self.rows.get(code)
        if row is None:
            return False
        row.error.setText(message)
        row.error.show()
        return True

    def widget(self, kind: str, code: str) -> QWidget:
        """The ``answer``, ``comment`` or ``evidence`` input of a question (for tests)."""
        return getattr(self.rows[code], kind)  # type: ignore[no-any-return]
