"""The retention rule form and the reference library dialog, driven like a user."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from ropa_desktop.domain.enums import EndOfLifeAction, RetentionUnit, TriggerEvent
from ropa_desktop.domain.records import RetentionRuleRec
from ropa_desktop.services.activities import save_activity
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import list_rules, save_rule
from ropa_desktop.services.retention_library import apply_reference_rule
from ropa_desktop.ui.retention_library_dialog import RetentionLibraryDialog
from ropa_desktop.ui.retention_rule_form import RetentionRuleDialog, RetentionRuleForm
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workspace import Workspace
from tests.conftest import ORG
from tests.factories import complete_activity

TODAY = dt.date(2026, 11, 25)
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def workspace(sqlite_register: Register, tmp_path: Path, qtbot: QtBot) -> Workspace:
    save_organisation(sqlite_register, record=ORG)
    save_activity(sqlite_register, record=complete_activity())
    save_activity(sqlite_register, record=complete_activity("act-hr", "PA-02", name="Hiring"))
    return Workspace(sqlite_register, UiSettings(path=tmp_path / "ui.ini"))


def shot(widget, path: Path) -> None:
    # Saved for a person to look at; the assertion only guards against a blank render.
    image = widget.grab().toImage()
    assert image.width() > 300 and image.height() > 300
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)
    }
    assert len(colours) > 10
    widget.grab().save(str(path))


def visible_error(widget, field: str) -> str:
    label = widget.findChild(QLabel, f"error:{field}")
    return label.text() if label is not None and not label.isHidden() else ""


@pytest.mark.parametrize(
    "rec",
    [
        RetentionRuleRec(
            key="r1",
            activity="act-crm",
            data_category="identity",
            data_description="Invoices",
            duration_value=10,
            duration_unit=RetentionUnit.YEARS,
            trigger=TriggerEvent.END_OF_CONTRACT,
            legal_reference="Code de commerce, art. L123-22",
            end_of_life_action=EndOfLifeAction.ARCHIVE,
            owner="Finance",
            review_cycle_months=12,
            last_reviewed_on=dt.date(2024, 2, 29),
            source_reference="Retention library “x”",
            to_confirm=("owner",),
            version=4,
        ),
        RetentionRuleRec(
            key="r2", activity=None, data_category="unknown-cat", open_ended_term="While active"
        ),
        RetentionRuleRec(key="r3", data_description="Logs", duration_value=3, duration_unit=None),
    ],
)
def test_form_round_trip_without_showing(qtbot: QtBot, rec: RetentionRuleRec) -> None:
    form = RetentionRuleForm(today=TODAY)
    qtbot.addWidget(form)
    form.set_choices(activities=[("act-crm", "PA-01 CRM")], categories=[("identity", "Identity")])
    form.load(rec)
    expected = rec
    if rec.duration_value is not None and rec.duration_unit is None:
        expected = dataclasses.replace(rec, duration_unit=RetentionUnit.YEARS)  # the default unit
    assert form.record() == expected


def test_a_user_creates_a_rule(qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> None:
    dialog = RetentionRuleDialog(workspace, today=TODAY)
    qtbot.addWidget(dialog)
    form = dialog.form
    qtbot.keyClicks(form.activity, "PA-02")
    qtbot.keyClicks(form.category, "Identity")
    qtbot.keyClicks(form.description, "CVs of applicants not hired")
    form.value.selectAll()
    qtbot.keyClicks(form.value, "2")
    qtbot.keyClicks(form.trigger, "Last")
    qtbot.keyClicks(form.legal, "CNIL recruitment guide")
    qtbot.keyClicks(form.action, "Delete")
    qtbot.keyClicks(form.owner, "HR")
    assert "Erase by <b>2028-11-25</b>" in form.erase_label.text()  # 2 years from today
    form.value.selectAll()
    qtbot.keyClicks(form.value, "13")
    qtbot.keyClicks(form.unit, "months")
    assert "2027-12-25" in form.erase_label.text()
    shot(dialog, tmp_path / "rule_form_new.png")
    with qtbot.waitSignal(workspace.register_changed):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    (saved,) = list_rules(workspace.register)
    assert dialog.saved == saved and dialog.result() == dialog.DialogCode.Accepted
    assert (saved.activity, saved.data_category) == ("act-hr", "identity")
    assert (saved.duration_value, saved.duration_unit) == (13, RetentionUnit.MONTHS)
    assert saved.trigger is TriggerEvent.LAST_CONTACT
    assert saved.end_of_life_action is EndOfLifeAction.DELETE
    assert (saved.data_description, saved.owner) == ("CVs of applicants not hired", "HR")


def test_errors_show_next_to_the_fields_and_nothing_is_saved(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    dialog = RetentionRuleDialog(workspace, today=TODAY)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.form.open_ended, LEFT)
    assert not dialog.form.value.isEnabled() and dialog.form.open_term.isEnabled()
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    assert "duration or an open-ended term" in visible_error(dialog, "open_ended_term")
    assert "which data" in visible_error(dialog, "data_description")
    assert "no date can be computed" in dialog.form.erase_label.text()
    shot(dialog, tmp_path / "rule_form_errors.png")
    assert list_rules(workspace.register) == []
    assert dialog.result() != dialog.DialogCode.Accepted
    qtbot.keyClicks(dialog.form.open_term, "While the account is active")
    qtbot.keyClicks(dialog.form.activity, "PA-01")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    (saved,) = list_rules(workspace.register)
    assert saved.open_ended_term == "While the account is active"
    assert saved.duration_value is None


def test_a_stale_edit_is_refused_in_one_sentence_and_kept_on_screen(
    qtbot: QtBot, workspace: Workspace
) -> None:
    rec = save_rule(
        workspace.register,
        record=RetentionRuleRec(key="r", activity="act-crm", open_ended_term="While active"),
    )
    save_rule(workspace.register, record=dataclasses.replace(rec, owner="Someone else"))
    dialog = RetentionRuleDialog(workspace, rec, today=TODAY)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.form.owner, "Me")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    assert "changed by someone else" in dialog.error.text() and not dialog.error.isHidden()
    assert dialog.form.owner.text() == "Me"
    assert list_rules(workspace.register)[0].owner == "Someone else"


def test_confirming_a_reference_rule_clears_its_markers(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    applied = apply_reference_rule(
        workspace.register, entry_key="fr-job-applicants", activity="act-hr"
    )
    dialog = RetentionRuleDialog(workspace, applied, today=TODAY)
    qtbot.addWidget(dialog)
    form = dialog.form
    assert "To confirm: Kept for, Starting event" in form.confirm_label.text()
    assert form.form.labelForField(form.owner.parentWidget()).text().endswith("⚑")
    assert "not legal advice" in form.source_label.text()
    shot(dialog, tmp_path / "rule_form_to_confirm.png")
    qtbot.keyClicks(form.owner, "HR")
    qtbot.mouseClick(form.confirm_button, LEFT)
    assert form.confirm_label.text() == "Nothing marked to confirm."
    assert not form.confirm_button.isEnabled()
    assert not form.form.labelForField(form.owner.parentWidget()).text().endswith("⚑")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    (saved,) = list_rules(workspace.register)
    assert saved.to_confirm == () and saved.last_reviewed_on == TODAY
    assert saved.owner == "HR" and saved.version == 2
    assert saved.source_reference == applied.source_reference


def test_apply_a_reference_rule_from_the_library(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    dialog = RetentionLibraryDialog(workspace)
    qtbot.addWidget(dialog)
    assert "not legal advice" in dialog.findChild(QLabel, "disclaimer").text()
    total = dialog.proxy.rowCount()
    qtbot.keyClicks(dialog.filter, "card")
    assert dialog.proxy.rowCount() == 2 < total
    assert not dialog.apply_button.isEnabled()
    first = dialog.table.visualRect(dialog.proxy.index(1, 0)).center()
    qtbot.mouseClick(dialog.table.viewport(), LEFT, pos=first)
    entry = dialog.selected()
    assert entry is not None and entry.key == "fr-card-data-disputes"
    assert "legal.tricoteuses.fr" in dialog.detail.toHtml()
    assert "not legal advice" in dialog.detail.toPlainText()
    assert not dialog.apply_button.isEnabled()  # no activity chosen yet
    qtbot.keyClicks(dialog.activity, "PA-01")
    assert dialog.apply_button.isEnabled()
    shot(dialog, tmp_path / "library_dialog.png")
    with qtbot.waitSignal(dialog.rule_applied) as signal:
        qtbot.mouseClick(dialog.apply_button, LEFT)
    (saved,) = list_rules(workspace.register)
    assert signal.args == [saved.key] and dialog.applied == saved
    assert (saved.activity, saved.duration_value, saved.duration_unit) == (
        "act-crm",
        13,
        RetentionUnit.MONTHS,
    )
    assert "duration_value" in saved.to_confirm


def test_library_errors_stay_in_the_dialog(qtbot: QtBot, workspace: Workspace) -> None:
    dialog = RetentionLibraryDialog(workspace, activity="act-crm")
    qtbot.addWidget(dialog)
    dialog.apply()
    assert "Choose a reference rule" in dialog.error.text()
    dialog.select("fr-payslips")
    qtbot.keyClicks(dialog.category, "Identity")
    # The activity disappears behind the dialog's back:
    from ropa_desktop.services.activities import delete_activity, get_activity

    crm = get_activity(workspace.register, key="act-crm")
    delete_activity(workspace.register, key="act-crm", version=crm.version)
    dialog.apply()
    assert "unknown activity" in dialog.error.text()
    assert list_rules(workspace.register) == []
