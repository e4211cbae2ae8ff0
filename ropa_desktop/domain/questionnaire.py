"""Due-diligence questionnaires sent to processors, and their answers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ropa_desktop.domain.base import KEY_LENGTH, NAME_LENGTH, Base, enum_column
from ropa_desktop.domain.enums import AnswerType, AssessmentStatus, RiskRating
from ropa_desktop.domain.processor import Processor


class QuestionnaireTemplate(Base):
    """A versioned questionnaire; a new version is a new row with the same key."""

    __tablename__ = "questionnaire_template"
    __table_args__ = (UniqueConstraint("key", "template_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    template_version: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    description: Mapped[str] = mapped_column(Text, default="")
    review_cycle_months: Mapped[int] = mapped_column(default=12)

    questions: Mapped[list[Question]] = relationship(
        cascade="all, delete-orphan", order_by="Question.position"
    )


class Question(Base):
    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("template_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_template.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(String(KEY_LENGTH))
    section: Mapped[str] = mapped_column(String(NAME_LENGTH))
    text: Mapped[str] = mapped_column(Text)
    answer_type: Mapped[AnswerType] = enum_column(AnswerType)
    weight: Mapped[int] = mapped_column(default=1)
    critical: Mapped[bool] = mapped_column(default=False)
    guidance: Mapped[str] = mapped_column(Text, default="")


class Assessment(Base):
    """One round of due diligence of a processor against a template."""

    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    processor_id: Mapped[int] = mapped_column(
        ForeignKey("processor.id", ondelete="CASCADE"), index=True
    )
    template_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_template.id"), index=True)
    status: Mapped[AssessmentStatus] = enum_column(AssessmentStatus)
    due_on: Mapped[dt.date | None]
    sent_on: Mapped[dt.date | None]
    answered_on: Mapped[dt.date | None]
    reviewed_on: Mapped[dt.date | None]
    next_review_on: Mapped[dt.date | None]
    score: Mapped[float | None]
    risk_rating: Mapped[RiskRating] = enum_column(RiskRating)
    findings: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    processor: Mapped[Processor] = relationship()
    template: Mapped[QuestionnaireTemplate] = relationship()
    answers: Mapped[list[Answer]] = relationship(cascade="all, delete-orphan")


class Answer(Base):
    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("assessment_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    value: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")

    question: Mapped[Question] = relationship()
