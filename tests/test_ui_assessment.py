"""The assessment dialog, driven like a user: answer, score, move, exchange with the vendor."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from ropa_desktop.domain.enums import AssessmentStatus, RiskRating
from ropa_desktop.domain.errors import NotFoundError
from ropa_desktop.domain.records import AssessmentRec
from ropa_desktop.services import assessments as svc
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.processors import get_processor, save_processor
from ropa_desktop.services.register import Register
from ropa_desktop.services.templates import install_templates
from ropa_desktop.ui import prompts
from ropa_desktop.ui.assessment_dialog import AssessmentDialog
from ropa_desktop.ui.assessment_start import StartAssessmentDialog
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workspace import Workspace
from tests.conftest import ORG
from tests.factories import processor

LEFT = Qt.MouseButton.LeftButton
TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def workspace(sqlite_register: Register, tmp_path: Path, qtbot: QtBot) -> Workspace:
    save_organisation(sqlite_register, record=ORG)
    save_processor(sqlite_register, record=processor())
    return Workspace(sqlite_register, UiSettings(path=tmp_path / "ui.ini"))


@pytest.fixture
def draft(workspace: Workspace) -> AssessmentRec:
    install_templates(workspace.register)
    return svc.start_assessment(workspace.register, processor="proc-mail")


def open_dialog(qtbot: QtBot, workspace: Workspace, key: str) -> AssessmentDialog:
    dialog = AssessmentDialog(workspace, key, today=TODAY)
    qtbot.addWidget(dialog)
    return dialog


def move_button(dialog: AssessmentDialog, status: AssessmentStatus) -> QPushButton:
    button = dialog.findChild(QPushButton, f"move:{status.value}")
    assert button is not None, f"no button to move to {status.value}"
    return button


def moves(dialog: AssessmentDialog) -> set[str]:
    return {b.objectName() for b in dialog.findChildren(QPushButton) if b.objectName()}


def shot(widget: Any, path: Path) -> None:
    image = widget.grab().toImage()
    assert image.width() > 300 and image.height() > 300
    widget.grab().save(str(path))


def test_starting_an_assessment(qtbot: QtBot, workspace: Workspace) -> None:
    dialog = StartAssessmentDialog(workspace, "proc-mail", today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.template.count() == 1  # the shipped questionnaire, installed on demand
    assert dialog.due.value() == dt.date(2026, 4, 1)
    with qtbot.waitSignal(workspace.register_changed):
        dialog.start()
    assert dialog.created is not None
    stored = svc.get_assessment(workspace.register, key=dialog.created.key)
    assert (stored.status, stored.due_on) == (AssessmentStatus.DRAFT, dt.date(2026, 4, 1))


def test_a_full_round_in_the_dialog(
    qtbot: QtBot, workspace: Workspace, draft: AssessmentRec, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, workspace, draft.key)
    assert moves(dialog) == {"move:sent"}
    assert "no score yet" in dialog.risk.text()
    qtbot.mouseClick(move_button(dialog, AssessmentStatus.SENT), LEFT)
    assert svc.get_assessment(workspace.register, key=draft.key).sent_on == TODAY
    assert moves(dialog) == {"move:answered", "move:draft"}
    panel = dialog.answers
    for code in ("access-mfa", "encryption-transit", "staff-confidentiality"):
        qtbot.keyClicks(panel.widget("answer", code), "Y")
    qtbot.keyClicks(panel.widget("answer", "soc2"), "N")
    qtbot.keyClicks(panel.widget("comment", "soc2"), "Planned for 2027")
    qtbot.keyClicks(panel.widget("evidence", "access-mfa"), "Security policy v4, §2")
    qtbot.keyClicks(panel.widget("answer", "breach-notification-hours"), "48")
    assert "risk: Medium" in dialog.risk.text()  # too little of the weight answered for Low
    assert "Critical question(s) not answered" in dialog.reasons.text()
    shot(dialog, tmp_path / "assessment_answering.png")
    qtbot.mouseClick(move_button(dialog, AssessmentStatus.ANSWERED), LEFT)
    stored = svc.get_assessment(workspace.register, key=draft.key)
    assert stored.status is AssessmentStatus.ANSWERED
    answers = {a.question: a for a in stored.answers}
    assert answers["soc2"].value == "no" and answers["soc2"].comment == "Planned for 2027"
    assert answers["access-mfa"].evidence == "Security policy v4, §2"
    qtbot.keyClicks(dialog.findings, "MFA confirmed in the audit call.")
    # Six critical questions are still blank: the review is refused, naming them.
    qtbot.mouseClick(move_button(dialog, AssessmentStatus.REVIEWED), LEFT)
    assert svc.get_assessment(workspace.register, key=draft.key).status is AssessmentStatus.ANSWERED
    numbers = {q.code: n for n, q in enumerate(dialog.template.questions, 1)}
    blank = [q.code for q in dialog.template.questions if q.critical and q.code not in (
        "access-mfa", "encryption-transit", "staff-confidentiality")]  # fmt: skip
    assert len(blank) == 6
    said = dialog.banner.text()
    assert said.startswith(
        "6 critical questions are unanswered, so it cannot be marked as reviewed"
    )
    listed = ", ".join(str(numbers[code]) for code in blank[:-1])
    assert said.endswith(f": answer questions {listed} and {numbers[blank[-1]]}.")
    assert "transfer-safeguards" not in said
    under = dialog.findChild(QLabel, "error:transfer-safeguards")
    assert under is not None and "Critical" in under.text()
    for code in blank:
        qtbot.keyClicks(panel.widget("answer", code), "Y")
    qtbot.mouseClick(move_button(dialog, AssessmentStatus.REVIEWED), LEFT)
    stored = svc.get_assessment(workspace.register, key=draft.key)
    assert stored.status is AssessmentStatus.REVIEWED
    assert stored.next_review_on == dt.date(2027, 3, 2)
    assert stored.findings == "MFA confirmed in the audit call."
    assert get_processor(workspace.register, key="proc-mail").risk_rating is RiskRating.MEDIUM
    assert moves(dialog) == set()  # a review is final
    assert not panel.widget("answer", "soc2").isEnabled() and not dialog.save_button.isEnabled()
    shot(dialog, tmp_path / "assessment_reviewed.png")


def test_a_critical_no_shows_high_risk_at_once(
    qtbot: QtBot, workspace: Workspace, draft: AssessmentRec, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, workspace, draft.key)
    qtbot.keyClicks(dialog.answers.widget("answer", "access-mfa"), "N")
    assert "risk: High" in dialog.risk.text()
    assert "high risk whatever the score" in dialog.reasons.text()
    # Questions are named by their number on screen, not by internal codes.
    number = 1 + [q.code for q in dialog.template.questions].index("access-mfa")
    assert f"critical question(s) {number}:" in dialog.reasons.text()
    assert "access-mfa" not in dialog.reasons.text()
    # The user walks away from the unsaved answer: nothing is written.
    monkeypatch.setattr(prompts, "ask_unsaved", lambda *a: prompts.DISCARD)
    assert dialog.close()
    assert svc.get_assessment(workspace.register, key=draft.key) == draft


def test_a_bad_answer_is_shown_under_its_question(
    qtbot: QtBot, workspace: Workspace, draft: AssessmentRec, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, workspace, draft.key)
    qtbot.keyClicks(dialog.answers.widget("answer", "breach-notification-hours"), "two days")
    qtbot.keyClicks(dialog.answers.widget("answer", "logging"), "Y")
    qtbot.mouseClick(dialog.save_button, LEFT)
    error = dialog.findChild(QLabel, "error:breach-notification-hours")
    assert error is not None and not error.isHidden()
    assert "“two days” is not a number" in error.text()
    assert svc.get_assessment(workspace.register, key=draft.key) == draft
    dialog.answers.widget("answer", "breach-notification-hours").clear()
    qtbot.keyClicks(dialog.answers.widget("answer", "breach-notification-hours"), "48")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert error.isHidden()
    assert len(svc.get_assessment(workspace.register, key=draft.key).answers) == 2
    assert dialog.close()


def test_answers_need_answers(qtbot: QtBot, workspace: Workspace, draft: AssessmentRec) -> None:
    dialog = open_dialog(qtbot, workspace, draft.key)
    qtbot.mouseClick(move_button(dialog, AssessmentStatus.SENT), LEFT)
    qtbot.mouseClick(move_button(dialog, AssessmentStatus.ANSWERED), LEFT)
    assert dialog.banner.text() == "No question is answered yet."
    assert svc.get_assessment(workspace.register, key=draft.key).status is AssessmentStatus.SENT


def test_vendor_round_trip_from_the_dialog(
    qtbot: QtBot,
    workspace: Workspace,
    draft: AssessmentRec,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    told: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(prompts, "inform", lambda parent, title, text: told.append(text))
    monkeypatch.setattr(prompts, "warn", lambda parent, title, text: told.append(text))
    monkeypatch.setattr(prompts, "ask_save_path", lambda *a: tmp_path / "to-vendor.xlsx")
    dialog = open_dialog(qtbot, workspace, draft.key)
    qtbot.mouseClick(dialog.export_button, LEFT)  # a draft: marked as sent, then exported
    assert told == ["Send to-vendor.xlsx to Mailer GmbH."]
    assert svc.get_assessment(workspace.register, key=draft.key).status is AssessmentStatus.SENT
    wb = openpyxl.load_workbook(tmp_path / "to-vendor.xlsx")
    ws = wb["Questionnaire"]
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 1).value in ("access-mfa", "logging"):
            ws.cell(row, 6).value = "Yes"
    ws.cell(3, 6).value = "=1"
    wb.save(tmp_path / "bad.xlsx")
    ws.cell(3, 6).value = "Yes"
    wb.save(tmp_path / "good.xlsx")
    monkeypatch.setattr(prompts, "ask_open_path", lambda *a: tmp_path / "bad.xlsx")
    qtbot.mouseClick(dialog.import_button, LEFT)
    assert "holds a formula" in told[-1]
    assert svc.get_assessment(workspace.register, key=draft.key).answers == ()
    monkeypatch.setattr(prompts, "ask_open_path", lambda *a: tmp_path / "good.xlsx")
    with qtbot.waitSignal(dialog.assessment_changed):
        qtbot.mouseClick(dialog.import_button, LEFT)
    assert told[-1] == "3 answers from good.xlsx; status: Answered."
    assert dialog.answers.widget("answer", "logging").currentText() == "Yes"
    assert "status: <b>Answered</b>" in dialog.heading.text()


def test_deleting_a_draft(
    qtbot: QtBot, workspace: Workspace, draft: AssessmentRec, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    dialog = open_dialog(qtbot, workspace, draft.key)
    assert dialog.delete_button.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.delete_button, LEFT)
    with pytest.raises(NotFoundError):
        svc.get_assessment(workspace.register, key=draft.key)


def test_closing_with_unsaved_answers_asks(
    qtbot: QtBot, workspace: Workspace, draft: AssessmentRec, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def ask(parent: Any, what: str) -> str:
        asked.append(what)
        return prompts.SAVE

    monkeypatch.setattr(prompts, "ask_unsaved", ask)
    dialog = open_dialog(qtbot, workspace, draft.key)
    assert dialog.may_close() and asked == []
    qtbot.keyClicks(dialog.answers.widget("answer", "logging"), "Y")
    assert dialog.may_close() and asked == ["The assessment"]
    assert svc.get_assessment(workspace.register, key=draft.key).answers[0].value == "yes"
