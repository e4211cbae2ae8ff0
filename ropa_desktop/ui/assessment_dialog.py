"""Start, answer, score and move an assessment of a processor; exchange it with the vendor.

``AssessmentDialog`` edits one assessment: the answers (``AnswersPanel``),
the live score and risk with their reasons, the reviewer's findings, the
workflow buttons the current status allows, and the vendor workbook export and
import. Every change goes through services.assessments and ends with
``assessment_changed`` and ``workspace.notify_changed()``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ropa_desktop.domain.enums import AssessmentStatus, RiskRating
from ropa_desktop.domain.errors import ConflictError, RopaError, ValidationError
from ropa_desktop.domain.records import AnswerRec, AssessmentRec
from ropa_desktop.services import assessments as svc
from ropa_desktop.services.assessment_workflow import (
    allowed_moves,
    review_errors,
    unanswered_critical,
)
from ropa_desktop.services.processors import get_processor
from ropa_desktop.services.scoring import parse_answer, score_answers
from ropa_desktop.ui import prompts
from ropa_desktop.ui.assessment_answers import AnswersPanel
from ropa_desktop.ui.read_only import read_only_dialog
from ropa_desktop.ui.section_base import ERROR_STYLE, DateEdit, text_edit
from ropa_desktop.ui.vendor_exchange import export_workbook, import_workbook
from ropa_desktop.ui.workspace import Workspace

RISK_STYLE = {
    RiskRating.HIGH: "color: #b00020; font-weight: 700;",
    RiskRating.MEDIUM: "color: #8a5300; font-weight: 700;",
    RiskRating.LOW: "color: #1b5e20; font-weight: 700;",
    RiskRating.NOT_ASSESSED: "color: #555; font-weight: 700;",
}
_ORDER = list(AssessmentStatus)


class AssessmentDialog(QDialog):
    """One assessment; ``load``/``record`` over an AssessmentRec."""

    assessment_changed = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        key: str,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.today = today or dt.date.today()
        rec = svc.get_assessment(workspace.register, key=key)
        self.template = svc.template_of(workspace.register, rec)
        self.processor_name = get_processor(workspace.register, key=rec.processor).name
        self.setWindowTitle(f"Assessment of {self.processor_name}")
        self._rec = rec
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.dates = QLabel(self)
        self.dates.setObjectName("dates")
        self.due = DateEdit(self)
        self.due.setAccessibleName("Answers due by")
        self.risk = QLabel(self)
        self.risk.setObjectName("risk")
        self.reasons = QLabel(self)
        self.reasons.setObjectName("reasons")
        self.reasons.setWordWrap(True)
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet(ERROR_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.answers = AnswersPanel(self)
        self.answers.set_template(self.template)
        self.findings = text_edit(self, "What the reviewer concludes, and the actions agreed", 3)
        self.findings.setAccessibleName("Reviewer's findings")
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.answers)
        self.save_button = QPushButton("&Save", self)
        self.save_button.clicked.connect(self.save)
        self.moves = QHBoxLayout()
        self.export_button = QPushButton("&Export for the vendor…", self)
        self.export_button.clicked.connect(self.export_for_vendor)
        self.import_button = QPushButton("&Import the vendor's answers…", self)
        self.import_button.clicked.connect(self.import_answers)
        self.delete_button = QPushButton("&Delete draft", self)
        self.delete_button.clicked.connect(self.delete_draft)
        close = QPushButton("&Close", self)
        close.clicked.connect(self.reject)
        top = QFormLayout()
        top.addRow("Answers d&ue by", self.due)
        top.addRow("Score and risk", self.risk)
        top.addRow("", self.reasons)
        top.addRow("Reviewer's &findings", self.findings)
        bar = QHBoxLayout()
        bar.addWidget(self.save_button)
        bar.addLayout(self.moves)
        bar.addStretch(1)
        for button in (self.export_button, self.import_button, self.delete_button, close):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.dates)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(bar)
        self.answers.edited.connect(self._rescore)
        self.resize(1000, 760)
        self.load(rec)
        read_only_dialog(self, workspace.abilities, keep=[self.export_button, close])

    # --- record <-> screen -------------------------------------------------------------

    def load(self, rec: AssessmentRec) -> None:
        self._rec = rec
        status = rec.status
        self.heading.setText(
            f"<b>{_html(self.processor_name)}</b> — {_html(self.template.name)} "
            f"(version {self.template.template_version}) — status: <b>{status.label}</b>"
        )
        self.dates.setText(
            " · ".join(
                f"{label} {value or '—'}"
                for label, value in (
                    ("Sent", rec.sent_on),
                    ("answered", rec.answered_on),
                    ("reviewed", rec.reviewed_on),
                    ("next review", rec.next_review_on),
                )
            )
        )
        self.due.set_value(rec.due_on)
        self.findings.setPlainText(rec.findings)
        self.answers.load(rec.answers)
        final = status is AssessmentStatus.REVIEWED
        self.answers.set_read_only(final)
        self.due.setEnabled(not final)
        self.findings.setReadOnly(final)
        self.save_button.setEnabled(not final)
        self.export_button.setEnabled(not final)
        self.import_button.setEnabled(status in (AssessmentStatus.SENT, AssessmentStatus.ANSWERED))
        self.delete_button.setVisible(status is AssessmentStatus.DRAFT)
        self._build_moves()
        self.banner.hide()
        self._rescore()

    def record(self) -> AssessmentRec:
        return dataclasses.replace(
            self._rec,
            due_on=self.due.value(),
            findings=self.findings.toPlainText(),
            answers=self.answers.answers(),
        )

    @property
    def is_dirty(self) -> bool:
        rec = self.record()
        parsed = dataclasses.replace(rec, answers=self._parsed(rec.answers))
        return (parsed.due_on, parsed.findings.strip(), parsed.answers) != (
            self._rec.due_on,
            self._rec.findings.strip(),
            self._rec.answers,
        )

    def _parsed(self, answers: tuple[AnswerRec, ...]) -> tuple[AnswerRec, ...]:
        questions = {q.code: q for q in self.template.questions}
        out = []
        for a in answers:
            try:
                value = parse_answer(questions[a.question], a.value)
            except ValueError:
                value = a.value
            out.append(AnswerRec(a.question, value, a.comment.strip(), a.evidence.strip()))
        return tuple(sorted(out, key=lambda a: a.question))

    def _build_moves(self) -> None:
        while self.moves.count():
            widget = self.moves.takeAt(0).widget()
            if widget is not None:  # out of the tree now; deleted once its click returns
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        for status, label in allowed_moves(self._rec.status).items():
            button = QPushButton(label, self)
            button.setObjectName(f"move:{status.value}")
            if _ORDER.index(status) < _ORDER.index(self._rec.status):
                button.setToolTip("One step back in the workflow")
            button.clicked.connect(lambda _=False, s=status: self.move_to(s))
            self.moves.addWidget(button)

    @Slot()
    def _rescore(self) -> None:
        result = score_answers(self.template.questions, self._parsed(self.answers.answers()))
        score = "no score yet" if result.score is None else f"{result.score:.0f} / 100"
        self.risk.setText(f"{score} — risk: {result.risk.label}")
        self.risk.setStyleSheet(RISK_STYLE[result.risk])
        # The questions are numbered on screen in template order; name them that way.
        numbers = {q.code: str(n) for n, q in enumerate(self.template.questions, 1)}
        self.reasons.setText("\n".join(result.reasons(numbers)))

    # --- actions ------------------------------------------------------------------------

    @Slot()
    def save(self) -> bool:
        return self._write(lambda rec: svc.save_answers(self.workspace.register, record=rec))

    def move_to(self, status: AssessmentStatus) -> bool:
        """Save the edits and move the assessment to ``status`` today."""
        return self._write(
            lambda rec: svc.advance(self.workspace.register, record=rec, to=status, on=self.today)
        )

    def _write(self, action: Callable[[AssessmentRec], AssessmentRec]) -> bool:
        self.answers.clear_errors()
        self.banner.hide()
        rec = self.record()
        try:
            saved = action(rec)
        except ValidationError as exc:
            self._show_errors(rec, exc)
            return False
        except ConflictError as exc:
            prompts.warn(self, "Not saved", f"{exc} Close the assessment and open it again.")
            return False
        except RopaError as exc:
            self._banner(str(exc))
            return False
        self._changed(saved)
        return True

    def _changed(self, saved: AssessmentRec) -> None:
        self.load(saved)
        self.assessment_changed.emit(saved.key)
        self.workspace.notify_changed()

    def _show_errors(self, rec: AssessmentRec, exc: ValidationError) -> None:
        from ropa_desktop.ui.section_base import parse_field

        rest = []
        for error in exc.errors:
            name, index, _ = parse_field(error.field)
            if name == "answers" and index is not None and index <= len(rec.answers):
                code = rec.answers[index - 1].question
                if self.answers.show_error(code, error.message):
                    continue
            if error.field == "answers":  # about the answers as a whole, in one sentence
                if error in review_errors(rec, self.template):  # mark each question it names
                    for _, q in unanswered_critical(rec, self.template):
                        self.answers.show_error(q.code, "Critical: answer it before the review.")
                rest.append(error.message[:1].upper() + error.message[1:] + ".")
                continue
            rest.append(str(error))
        if rest:
            self._banner("\n".join(rest))
        elif exc.errors:
            self._banner("Some answers need correcting; see the messages under the questions.")

    def _banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    @Slot()
    def export_for_vendor(self) -> None:
        if self._rec.status is AssessmentStatus.DRAFT:
            if not prompts.confirm(
                self,
                "Send the questionnaire",
                "The assessment is a draft. Mark it as sent today, then save the workbook?",
                action="Mark as sent and export",
            ):
                return
            if not self.move_to(AssessmentStatus.SENT):
                return
        elif self.is_dirty and not self.save():
            return
        export_workbook(self, self.workspace, self._rec, self.processor_name, self.today)

    @Slot()
    def import_answers(self) -> None:
        if self.is_dirty and not self.save():
            return
        saved = import_workbook(self, self.workspace, self._rec, self.today)
        if saved is not None:
            self._changed(saved)

    @Slot()
    def delete_draft(self) -> None:
        if not prompts.confirm(
            self, "Delete the draft", "Delete this draft assessment?", action="Delete"
        ):
            return
        try:
            svc.delete_assessment(
                self.workspace.register, key=self._rec.key, version=self._rec.version
            )
        except RopaError as exc:
            prompts.warn(self, "Not deleted", str(exc))
            return
        self.assessment_changed.emit(self._rec.key)
        self.workspace.notify_changed()
        self.accept()

    def may_close(self) -> bool:
        """True when nothing unsaved would be lost (after asking the user)."""
        if self._rec.status is AssessmentStatus.REVIEWED or not self.is_dirty:
            return True
        return prompts.settle_unsaved(self, "The assessment", save=self.save, discard=lambda: None)

    def reject(self) -> None:
        # Close, Escape and the window's close button all come here.
        if self.may_close():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.may_close():
            event.accept()
        else:
            event.ignore()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
