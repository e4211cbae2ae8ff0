"""A finding leads to its field: Enter on the Findings page opens the record, scrolls to
the field, focuses it and shows the finding under it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from ropa_desktop.domain.enums import BreachRisk
from ropa_desktop.services.breaches.records import BREACHES, new_breach
from ropa_desktop.services.checks import Finding
from ropa_desktop.services.requests.records import REQUESTS, new_request
from ropa_desktop.ui.main_window import MainWindow
from ropa_desktop.ui.retention_rule_form import RetentionRuleDialog
from ropa_desktop.ui.section_base import parse_field
from ropa_desktop.ui.table_model import KEY_ROLE
from tests.test_ui_pages import when_modal

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(sample_window: MainWindow) -> MainWindow:
    return sample_window


def _enter_on(window: MainWindow, qtbot: QtBot, code: str, skip: int = 0) -> Finding:
    """Go to Findings, move to a finding of ``code`` (the ``skip``-th) and press Enter."""
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    page = window.findings
    assert window.tabs.currentWidget() is page
    rows = [
        r for r in range(page.proxy.rowCount())
        if page.finding(page.proxy.index(r, 0).data(KEY_ROLE)).code == code
    ]  # fmt: skip
    index = page.proxy.index(rows[skip], 0)
    page.table.setFocus()
    page.table.setCurrentIndex(index)
    finding = page.finding(index.data(KEY_ROLE))
    assert finding is not None
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    return finding


def _assert_led_to(form: QWidget, widget: QWidget, finding: Finding) -> None:
    focus = QApplication.focusWidget()
    assert focus is widget or widget.isAncestorOf(focus)
    assert not widget.visibleRegion().isEmpty(), "the field is scrolled into view"
    name = parse_field(finding.field)[0]
    notes = [
        label.text() for label in form.findChildren(QLabel)
        if label.isVisibleTo(form) and finding.message in label.text()
    ]  # fmt: skip
    assert notes, f"the finding stands beside {name}"


def test_enter_on_a_purpose_finding_selects_that_purpose(window: MainWindow, qtbot: QtBot) -> None:
    finding = _enter_on(window, qtbot, "legitimate_interest_without_lia")
    editor = window.activities.editor
    assert window.tabs.currentWidget() is window.activities
    assert editor.current_key() == finding.entity_key
    view = editor.purposes.purposes.view
    _assert_led_to(editor, view, finding)
    row = parse_field(finding.field)[1]
    assert row is not None
    assert [i.row() for i in view.selectionModel().selectedRows()] == [row - 1]
    assert window.activities.selected_keys() == [finding.entity_key]


def test_enter_on_a_missing_data_finding_leads_to_personal_data(
    window: MainWindow, qtbot: QtBot
) -> None:
    finding = _enter_on(window, qtbot, "missing_data_categories", skip=1)
    editor = window.activities.editor
    assert editor.current_key() == finding.entity_key
    _assert_led_to(editor, editor.subjects.data.view, finding)


def test_enter_on_a_processor_finding_leads_to_its_field(window: MainWindow, qtbot: QtBot) -> None:
    finding = _enter_on(window, qtbot, "processor_without_dpa", skip=2)
    view = window.processors
    assert window.tabs.currentWidget() is view
    assert view.selected_key() == finding.entity_key
    assert view.form.record().key == finding.entity_key
    _assert_led_to(view.form, view.form.fields.dpa_signed_on, finding)


def test_enter_on_an_organisation_finding_leads_to_its_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    finding = _enter_on(window, qtbot, "missing_controller_contact")
    form = window.organisation
    assert window.tabs.currentWidget() is form
    _assert_led_to(form, form.field("contact_email"), finding)


def test_enter_on_a_retention_finding_opens_the_rule_at_its_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    seen: list[tuple[bool, bool]] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, RetentionRuleDialog)
        focus = dialog.focusWidget()  # the dialog's focus, whichever window is active
        notes = [
            label for label in dialog.findChildren(QLabel)
            if label.isVisibleTo(dialog) and finding_message[0] in label.text()
        ]  # fmt: skip
        seen.append((focus is dialog.form.reviewed, bool(notes)))
        dialog.reject()

    finding_message: list[str] = []
    page = window.findings
    window.tabs.setCurrentWidget(page)
    first = next(
        f for r in range(page.proxy.rowCount())
        if (f := page.finding(page.proxy.index(r, 0).data(KEY_ROLE))).code == "retention_review_due"
    )  # fmt: skip
    finding_message.append(first.message)
    when_modal(RetentionRuleDialog, look)
    finding = _enter_on(window, qtbot, "retention_review_due")
    assert finding == first
    assert window.tabs.currentWidget() is window.retention
    assert window.retention.selected_key() == finding.entity_key
    assert seen == [(True, True)]


def test_enter_on_a_breach_finding_opens_the_breach_at_its_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    register = window.workspace.register
    aware = dt.datetime.now(dt.UTC) - dt.timedelta(hours=80)
    for name in ("Server outage", "Laptop stolen"):
        rec = dataclasses.replace(new_breach(register, aware_at=aware), name=name)
        BREACHES.save(register, record=dataclasses.replace(rec, risk=BreachRisk.RISK))
    window.workspace.notify_changed()
    finding = _enter_on(window, qtbot, "breach_notification_overdue", skip=1)
    assert "Breach" in {row[1] for row in window.findings.model.rows}
    page = window.breaches
    assert window.tabs.currentWidget() is page
    assert page.selected_key() == finding.entity_key == page.form.record().key
    _assert_led_to(page.form, page.form.risk.notified_at, finding)


def test_enter_on_an_overdue_request_opens_it_at_its_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    register = window.workspace.register
    rec = new_request(register, received_on=dt.date.today() - dt.timedelta(days=60))
    REQUESTS.save(register, record=rec)
    window.workspace.notify_changed()
    finding = _enter_on(window, qtbot, "request_overdue")
    assert finding.entity_label == "RR-01 · Access (Art. 15)"
    page = window.requests
    assert window.tabs.currentWidget() is page
    assert page.form.record().key == rec.key
    _assert_led_to(page.form, page.form.answer.closed_on, finding)
