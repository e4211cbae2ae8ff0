"""The processor form, driven like a user: fields, activities using it, its assessments."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from ropa_desktop.domain.enums import AssessmentStatus, RiskRating, TransferSafeguard
from ropa_desktop.domain.records import AnswerRec, ProcessorRec
from ropa_desktop.services import assessments as svc
from ropa_desktop.services.activities import save_activity
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.processors import get_processor, list_processors, save_processor
from ropa_desktop.services.register import Register
from ropa_desktop.services.templates import install_templates
from ropa_desktop.ui import prompts
from ropa_desktop.ui.assessment_dialog import AssessmentDialog
from ropa_desktop.ui.assessment_start import StartAssessmentDialog
from ropa_desktop.ui.processor_form import ProcessorForm
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workspace import Workspace
from tests.conftest import ORG
from tests.factories import complete_activity, processor

LEFT = Qt.MouseButton.LeftButton
FULL = ProcessorRec(
    key="proc-cloud",
    name="Cloudy SAS",
    services="Hosting of the CRM\nBackups",
    contact_name="Jane Vendor",
    contact_email="dpo@cloudy.example",
    locations=("France", "Germany"),
    dpa_signed_on=dt.date(2024, 2, 29),
    dpa_reference="DPA-2024-07",
    transfer_safeguard=TransferSafeguard.SCC,
    certifications=("ISO/IEC 27001:2022", "SOC 2 Type II"),
    sub_processors="OVH (data centre, France)",
    risk_rating=RiskRating.MEDIUM,
    notes="Reviewed with IT.",
    to_confirm=("contact_name",),
    version=3,
)


@pytest.fixture
def workspace(sqlite_register: Register, tmp_path: Path, qtbot: QtBot) -> Workspace:
    save_organisation(sqlite_register, record=ORG)
    save_processor(sqlite_register, record=processor())
    save_activity(sqlite_register, record=complete_activity(processors=("proc-mail",)))
    return Workspace(sqlite_register, UiSettings(path=tmp_path / "ui.ini"))


def shot(widget: Any, path: Path) -> None:
    # Saved for a person to look at; the assertion only guards against a blank render.
    image = widget.grab().toImage()
    assert image.width() > 300 and image.height() > 300
    widget.grab().save(str(path))


def visible_error(widget: Any, field: str) -> str:
    label = widget.findChild(QLabel, f"error:{field}")
    return label.text() if label is not None and not label.isHidden() else ""


def test_round_trip_without_showing(qtbot: QtBot, workspace: Workspace) -> None:
    form = ProcessorForm(workspace)
    qtbot.addWidget(form)
    form.load(FULL)
    assert form.record() == FULL
    assert not form.is_dirty
    assert form.confirm_label.text() == "To confirm: Contact"


def test_a_user_adds_a_processor(qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> None:
    form = ProcessorForm(workspace)
    qtbot.addWidget(form)
    form.resize(900, 1000)
    f = form.fields
    qtbot.keyClicks(f.name, "Cloudy SAS")
    qtbot.keyClicks(f.services, "Hosting of the CRM")
    qtbot.keyClicks(f.contact_email, "dpo@cloudy.example")
    qtbot.keyClicks(f.locations, "France")
    qtbot.keyClick(f.locations, Qt.Key.Key_Return)
    qtbot.keyClicks(f.locations, "Germany")
    f.dpa_signed_on.setDate(QDate(2024, 2, 29))
    qtbot.keyClicks(f.dpa_reference, "DPA-2024-07")
    qtbot.keyClicks(f.transfer_safeguard, "Standard")
    qtbot.keyClicks(f.certifications, "ISO/IEC 27001:2022")
    assert form.is_dirty and form.save_button.isEnabled()
    shot(form, tmp_path / "processor_form_new.png")
    with qtbot.waitSignal(form.processor_saved) as saved:
        qtbot.mouseClick(form.save_button, LEFT)
    assert saved.args == ["proc-cloudy-sas"]
    stored = get_processor(workspace.register, key="proc-cloudy-sas")
    assert stored.locations == ("France", "Germany")
    assert stored.transfer_safeguard is TransferSafeguard.SCC
    assert stored.dpa_signed_on == dt.date(2024, 2, 29)
    assert stored.certifications == ("ISO/IEC 27001:2022",)
    assert not form.is_dirty and form.new_assessment_button.isEnabled()


def test_errors_show_beside_the_field_and_nothing_is_saved(
    qtbot: QtBot, workspace: Workspace
) -> None:
    form = ProcessorForm(workspace)
    qtbot.addWidget(form)
    form.load_key("proc-mail")
    form.fields.name.clear()
    qtbot.keyClicks(form.fields.contact_email, "x" * 400)
    qtbot.mouseClick(form.save_button, LEFT)
    assert visible_error(form, "name") == "is required"
    assert "the limit is 300" in visible_error(form, "contact_email")
    assert get_processor(workspace.register, key="proc-mail").name == "Mailer GmbH"
    qtbot.mouseClick(form.revert_button, LEFT)
    assert form.fields.name.text() == "Mailer GmbH" and not visible_error(form, "name")


def test_the_activities_using_it_are_listed(qtbot: QtBot, workspace: Workspace) -> None:
    form = ProcessorForm(workspace)
    qtbot.addWidget(form)
    form.load_key("proc-mail")
    assert form.used_model.rows == [("PA-01", "Customer relationship management")]
    form.load(ProcessorRec(key="", name="New"))  # not saved yet: nothing to list or start
    assert form.used_model.rows == []
    assert not form.new_assessment_button.isEnabled()


def test_marking_everything_confirmed(qtbot: QtBot, workspace: Workspace) -> None:
    save_processor(workspace.register, record=processor("proc-x", to_confirm=("name", "dpa")))
    form = ProcessorForm(workspace)
    qtbot.addWidget(form)
    form.load_key("proc-x")
    assert form.confirm_button.isVisibleTo(form)
    qtbot.mouseClick(form.confirm_button, LEFT)
    assert get_processor(workspace.register, key="proc-x").to_confirm == ()
    assert not form.confirm_button.isVisibleTo(form)


# The offscreen platform warns that it cannot size a modal dialog's window; harmless.
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_user_starts_and_opens_an_assessment(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    form = ProcessorForm(workspace)
    qtbot.addWidget(form)
    form.load_key("proc-mail")
    form.resize(900, 1000)
    seen: list[str] = []

    def drive_start() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, StartAssessmentDialog)
        assert dialog.template.currentText().startswith("Processor due diligence")
        seen.append("start")
        dialog.start()  # the “Start assessment” button
        QTimer.singleShot(0, close_assessment)

    def close_assessment() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AssessmentDialog)
        seen.append(dialog.windowTitle())
        dialog.reject()

    QTimer.singleShot(0, drive_start)
    qtbot.mouseClick(form.new_assessment_button, LEFT)
    assert seen == ["start", "Assessment of Mailer GmbH"]
    (row,) = form.assessment_model.rows
    assert row[0] == "Processor due diligence (GDPR Art. 28 and 32) v1"
    assert row[1] == "Draft"
    # The form says what is under way, not that nothing is recorded.
    latest = form.summary.latest.text()
    assert latest.startswith("Latest assessment: Processor due diligence (GDPR Art. 28 and 32) v1")
    assert "— a draft, due " in latest
    assert "No due-diligence assessment" not in form.findings.text()
    assert "the questionnaire is a draft, not sent yet" in form.findings.text()
    shot(form, tmp_path / "processor_form_assessments.png")


def test_the_answers_propose_and_the_dpo_accepts_item_by_item(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    register = workspace.register
    save_processor(
        register, record=processor("proc-eu", name="Cloudy", locations=("European Union",))
    )
    install_templates(register)
    rec = svc.start_assessment(register, processor="proc-eu")
    rec = svc.advance(register, record=rec, to=AssessmentStatus.SENT)
    answers = critical_answers(register, rec)
    answers += (
        AnswerRec("data-in-eea", "no"),
        AnswerRec("data-location", "France (OVH), USA (support access)"),
    )
    rec = svc.advance(
        register, record=dataclasses.replace(rec, answers=answers), to=AssessmentStatus.ANSWERED
    )
    form = ProcessorForm(workspace)
    qtbot.addWidget(form)
    form.resize(1000, 1100)
    form.load_key("proc-eu")
    assert "answered on" in form.summary.latest.text()
    panel = form.summary.proposals
    assert not panel.isHidden()
    buttons = {b.objectName(): b for b in panel.findChildren(QPushButton) if not b.isHidden()}
    assert set(buttons) == {"accept:locations", "accept:transfer_safeguard", "accept:risk_rating"}
    said = [label.text() for label in panel.findChildren(QLabel) if not label.isHidden()]
    assert any(
        t.startswith("Processing locations: European Union → France (OVH), USA (support access).")
        for t in said
    )
    shot(form, tmp_path / "processor_proposals.png")
    qtbot.mouseClick(buttons["accept:locations"], LEFT)
    assert form.fields.locations.toPlainText() == "France (OVH)\nUSA (support access)"
    assert form.is_dirty
    assert get_processor(register, key="proc-eu").locations == ("European Union",)  # not yet
    visible = {b.objectName() for b in panel.findChildren(QPushButton) if not b.isHidden()}
    assert visible == {"accept:transfer_safeguard", "accept:risk_rating"}
    qtbot.mouseClick(panel.findChild(QPushButton, "accept:transfer_safeguard"), LEFT)
    assert form.fields.transfer_safeguard.currentText().startswith("Standard contractual clauses")
    qtbot.mouseClick(form.save_button, LEFT)
    stored = get_processor(register, key="proc-eu")
    assert stored.locations == ("France (OVH)", "USA (support access)")
    assert stored.transfer_safeguard is TransferSafeguard.SCC
    assert stored.risk_rating is RiskRating.NOT_ASSESSED  # not accepted, so not changed
    assert {b.objectName() for b in panel.findChildren(QPushButton) if not b.isHidden()} == {
        "accept:risk_rating"
    }


def critical_answers(
    register: Register, rec: svc.AssessmentRec, **given: str
) -> tuple[AnswerRec, ...]:
    """An answer to every critical question (a review needs them): “yes” unless given."""
    template = svc.template_of(register, rec)
    return tuple(
        AnswerRec(q.code, given.get(q.code.replace("-", "_"), "yes"))
        for q in template.questions
        if q.critical or q.code.replace("-", "_") in given
    )


def test_the_rating_follows_a_review_made_elsewhere(qtbot: QtBot, workspace: Workspace) -> None:
    form = ProcessorForm(workspace)
    qtbot.addWidget(form)
    form.load_key("proc-mail")
    register = workspace.register
    install_templates(register)
    rec = svc.start_assessment(register, processor="proc-mail")
    rec = svc.advance(register, record=rec, to=AssessmentStatus.SENT)
    rec = svc.advance(
        register,
        record=type(rec)(
            **{**rec.__dict__, "answers": critical_answers(register, rec, access_mfa="no")}
        ),
        to=AssessmentStatus.ANSWERED,
    )
    svc.advance(register, record=rec, to=AssessmentStatus.REVIEWED)
    workspace.notify_changed()
    assert form.fields.risk_rating.currentText() == "High"
    assert form.assessment_model.rows[0][5] == "High"


def test_leaving_with_unsaved_edits_asks(
    qtbot: QtBot, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = ProcessorForm(workspace)
    qtbot.addWidget(form)
    form.load_key("proc-mail")
    qtbot.keyClicks(form.fields.notes, "Call them")
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent, what: prompts.CANCEL)
    assert not form.maybe_leave()
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent, what: prompts.SAVE)
    assert form.maybe_leave()
    assert [p.notes for p in list_processors(workspace.register)] == ["Call them"]
