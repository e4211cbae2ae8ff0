"""questionnaires and retention schedule

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 08:03:34.834823
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "questionnaire_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("template_version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("review_cycle_months", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_template")),
        sa.UniqueConstraint("key", "template_version", name=op.f("uq_questionnaire_template_key")),
    )
    op.create_table(
        "question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("section", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "answer_type",
            sa.Enum(
                "yes_no",
                "yes_no_na",
                "text",
                "date",
                "number",
                name="answertype",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("critical", sa.Boolean(), nullable=False),
        sa.Column("guidance", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["questionnaire_template.id"],
            name=op.f("fk_question_template_id_questionnaire_template"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question")),
        sa.UniqueConstraint("template_id", "code", name=op.f("uq_question_template_id")),
    )
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("processor_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "sent",
                "answered",
                "reviewed",
                name="assessmentstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column(
            "risk_rating",
            sa.Enum(
                "not_assessed",
                "low",
                "medium",
                "high",
                name="riskrating",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["processor_id"],
            ["processor.id"],
            name=op.f("fk_assessment_processor_id_processor"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["questionnaire_template.id"],
            name=op.f("fk_assessment_template_id_questionnaire_template"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
        sa.UniqueConstraint("key", name=op.f("uq_assessment_key")),
    )
    op.create_table(
        "retention_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("data_category_id", sa.Integer(), nullable=True),
        sa.Column("data_description", sa.Text(), nullable=False),
        sa.Column("duration_value", sa.Integer(), nullable=True),
        sa.Column(
            "duration_unit",
            sa.Enum(
                "days",
                "weeks",
                "months",
                "years",
                name="retentionunit",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("open_ended_term", sa.String(length=300), nullable=False),
        sa.Column(
            "trigger",
            sa.Enum(
                "collection",
                "end_of_contract",
                "account_closure",
                "last_contact",
                "end_of_legal_hold",
                name="triggerevent",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("legal_reference", sa.Text(), nullable=False),
        sa.Column(
            "end_of_life_action",
            sa.Enum(
                "delete",
                "anonymise",
                "archive",
                "return",
                name="endoflifeaction",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("owner", sa.String(length=300), nullable=False),
        sa.Column("review_cycle_months", sa.Integer(), nullable=True),
        sa.Column("last_reviewed_on", sa.Date(), nullable=True),
        sa.Column("source_reference", sa.String(length=300), nullable=False),
        sa.Column("to_confirm", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_retention_rule_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["data_category_id"],
            ["data_category.id"],
            name=op.f("fk_retention_rule_data_category_id_data_category"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_retention_rule_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_rule")),
        sa.UniqueConstraint("key", name=op.f("uq_retention_rule_key")),
    )
    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_answer_assessment_id_assessment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"], ["question.id"], name=op.f("fk_answer_question_id_question")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer")),
        sa.UniqueConstraint("assessment_id", "question_id", name=op.f("uq_answer_assessment_id")),
    )
    # ### end Alembic commands ###


def downgrade() -> None:
    op.drop_table("answer")
    op.drop_table("retention_rule")
    op.drop_table("assessment")
    op.drop_table("question")
    op.drop_table("questionnaire_template")
