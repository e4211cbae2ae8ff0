"""The sections of the activity editor, in the order of Art. 30(1), and the scrolled body
that holds them (``ActivityEditor`` keeps the behaviour: load, edit, save, conflicts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ropa_desktop.ui.retention_section import RetentionSection
from ropa_desktop.ui.sections_core import (
    DpiaSection,
    IdentitySection,
    MeasuresSection,
    ProcessorRoleSection,
)
from ropa_desktop.ui.sections_lists import (
    PurposesSection,
    RecipientsSection,
    SourcesSection,
    SubjectsDataSection,
    TransfersSection,
)

if TYPE_CHECKING:
    from ropa_desktop.ui.activity_editor import ActivityEditor


def build_sections(editor: ActivityEditor) -> QWidget:
    """Make the editor's sections (as its attributes and ``editor.sections``), wire them
    to it, and return the widget that holds them in one column."""
    editor.identity = IdentitySection()
    editor.purposes = PurposesSection()
    editor.subjects = SubjectsDataSection()
    editor.sources = SourcesSection()
    editor.recipients = RecipientsSection()
    editor.transfers = TransfersSection()
    editor.retention = RetentionSection()
    editor.retention.attach(editor)
    editor.measures = MeasuresSection()
    editor.dpia = DpiaSection()
    editor.processor_role = ProcessorRoleSection()
    editor.sections = (
        editor.identity, editor.purposes, editor.subjects, editor.sources, editor.recipients,
        editor.transfers, editor.retention, editor.measures, editor.dpia, editor.processor_role,
    )  # fmt: skip
    body = QWidget(editor)
    column = QVBoxLayout(body)
    for section in editor.sections:
        section.setParent(body)
        column.addWidget(section)
        section.edited.connect(editor._edited)
    column.addStretch(1)
    editor.identity.role.currentIndexChanged.connect(editor._role_changed)
    for picker, kind in (
        (editor.subjects.subjects, "subject_categories"),
        (editor.measures.measures, "security_measures"),
        (editor.measures.systems, "systems"),
        (editor.recipients.processors, "processors"),
    ):
        picker.add_requested.connect(lambda p=picker, k=kind: editor._add_entry(p, k))
    return body
