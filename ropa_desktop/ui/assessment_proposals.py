"""The processor form's view of its assessments: the latest one in a line, and what the
answers propose for the processor (services.assessment_proposals), each with Accept.

Accepting fills the form's field; the DPO still saves the processor, so nothing
changes in the register without the Save they see.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ropa_desktop.domain.enums import AssessmentStatus
from ropa_desktop.domain.records import AssessmentRec, ProcessorRec, TemplateRec
from ropa_desktop.services.assessment_checks import AssessmentRow
from ropa_desktop.services.assessment_proposals import (
    Proposal,
    latest_answered,
    processor_proposals,
)
from ropa_desktop.services.assessments import assessments_of, template_of
from ropa_desktop.services.register import Register


def latest_line(rec: AssessmentRec | None, questionnaire: str) -> str:
    """“Latest assessment: Due diligence v1 — Reviewed on 2026-03-01, score 72/100, …”."""
    if rec is None:
        return "No assessment yet: start one below."

    def day(value: dt.date | None) -> str:
        return value.isoformat() if value else "—"

    score = "" if rec.score is None else f", score {rec.score:.0f}/100"
    risk = f", risk {rec.risk_rating.label.lower()}"
    detail = {
        AssessmentStatus.DRAFT: f"a draft, due {day(rec.due_on)}",
        AssessmentStatus.SENT: f"sent on {day(rec.sent_on)}, due {day(rec.due_on)}",
        AssessmentStatus.ANSWERED: f"answered on {day(rec.answered_on)}, awaiting review"
        + score
        + risk,
        AssessmentStatus.REVIEWED: f"reviewed on {day(rec.reviewed_on)}{score}{risk}, "
        f"next review {day(rec.next_review_on)}",
    }[rec.status]
    return f"Latest assessment: {questionnaire} — {detail}."


class ProposalPanel(QGroupBox):
    """One line per proposal, each with its Accept button (``accept:<field>``)."""

    accepted = Signal(object)  # the Proposal taken

    def __init__(self, parent: QWidget) -> None:
        super().__init__("What the answers propose", parent)
        self.setObjectName("proposals")
        self._layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self._layout.addWidget(self.intro)
        self._rows: QWidget | None = None
        self.proposals: list[Proposal] = []
        self.hide()

    def show_proposals(self, intro: str, proposals: list[Proposal]) -> None:
        if proposals == self.proposals and self._rows is not None:
            return
        self.proposals = list(proposals)
        if self._rows is not None:
            self._rows.hide()
            self._rows.setParent(None)
            self._rows.deleteLater()
        self._rows = rows = QWidget(self)
        column = QVBoxLayout(rows)
        column.setContentsMargins(0, 0, 0, 0)
        for proposal in proposals:
            line = QHBoxLayout()
            text = QLabel(proposal.sentence(), rows)
            text.setWordWrap(True)
            button = QPushButton("Accept", rows)
            button.setObjectName(f"accept:{proposal.field}")
            button.setToolTip(
                f"Put this value in “{proposal.label}”; save the processor to keep it"
            )
            button.clicked.connect(lambda _=False, p=proposal: self.accepted.emit(p))
            line.addWidget(text, 1)
            line.addWidget(button)
            column.addLayout(line)
        self._layout.addWidget(rows)
        self.intro.setText(intro)
        self.setVisible(bool(proposals))


class AssessmentSummary(QWidget):
    """The latest assessment in a line (``latest_assessment``) over the proposal panel."""

    def __init__(self, register: Register, parent: QWidget) -> None:
        super().__init__(parent)
        self.register = register
        self.latest = QLabel(self)
        self.latest.setObjectName("latest_assessment")
        self.latest.setWordWrap(True)
        self.proposals = ProposalPanel(self)
        self._answered: tuple[AssessmentRec, TemplateRec] | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.latest)
        column.addWidget(self.proposals)

    def refresh(self, processor: str, rows: list[AssessmentRow], on_screen: ProcessorRec) -> None:
        """Read the processor's assessments again (``processor`` "" while it is unsaved)."""
        records = assessments_of(self.register, processor=processor) if processor else []
        names = {r.key: r.template_name for r in rows}
        last = records[-1] if records else None
        self.latest.setText(latest_line(last, names.get(last.key, "") if last else ""))
        self.latest.setVisible(bool(processor))
        answered = latest_answered(records)
        self._answered = (answered, template_of(self.register, answered)) if answered else None
        self.show_proposals(on_screen)

    def show_proposals(self, on_screen: ProcessorRec) -> None:
        """What the latest answers propose against the processor as the form shows it."""
        if self._answered is None:
            self.proposals.show_proposals("", [])
            return
        rec, template = self._answered
        self.proposals.show_proposals(
            f"The answers received on {rec.answered_on} suggest these changes; accept each "
            "one you agree with, then save the processor.",
            processor_proposals(on_screen, rec, template),
        )
