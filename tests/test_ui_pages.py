"""The Processors and Retention pages of the main window, driven like a DPO would."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from ropa_desktop.domain.enums import LegalBasis, MeasureKind, RetentionUnit
from ropa_desktop.domain.records import TransferRec
from ropa_desktop.importers.sample import load_sample
from ropa_desktop.services import activities
from ropa_desktop.services.catalogues import catalogue
from ropa_desktop.services.organisation import get_organisation
from ropa_desktop.services.processors import get_processor, list_processors
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.services.retention import delete_rule, list_rules, save_rule
from ropa_desktop.services.scoring import add_months
from ropa_desktop.ui import prompts
from ropa_desktop.ui.catalogue_entry import KINDS, NewEntry, NewEntryDialog
from ropa_desktop.ui.main_window import MainWindow
from ropa_desktop.ui.retention_library_dialog import RetentionLibraryDialog
from ropa_desktop.ui.retention_rule_form import RetentionRuleDialog
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.table_model import KEY_ROLE
from ropa_desktop.ui.workspace import Workspace

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    register: Register = open_register(tmp_path / "r.sqlite", actor="dpo")
    load_sample(register)
    win = MainWindow(Workspace(register, UiSettings(path=tmp_path / "ui.ini")))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    register.close()


def when_modal(kind: type[QWidget], act: Callable[[QWidget], None]) -> None:
    """Act on the next modal dialog of ``kind`` once it is open (exec() blocks the test)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def test_selecting_a_processor_opens_it_in_the_form(window: MainWindow) -> None:
    page = window.processors
    window.tabs.setCurrentWidget(page)
    first = page.proxy.index(0, 0).data()
    assert page.form.fields.name.text() == first
    page.table.selectRow(1)
    assert page.form.fields.name.text() == page.proxy.index(1, 0).data()


def test_a_new_processor_is_saved_and_listed(window: MainWindow, qtbot: QtBot) -> None:
    page = window.processors
    window.tabs.setCurrentWidget(page)
    before = len(list_processors(window.workspace.register))
    qtbot.mouseClick(page.new_button, LEFT)
    assert page.form.fields.name.text() == ""
    qtbot.keyClicks(page.form.fields.name, "Cloudy SAS")
    qtbot.keyClicks(page.form.fields.services, "Hosting of the CRM")
    assert window.state.text() == "Unsaved changes"
    window.save_action.trigger()  # Ctrl+S saves the page in front
    procs = list_processors(window.workspace.register)
    assert len(procs) == before + 1
    saved = next(p for p in procs if p.name == "Cloudy SAS")
    assert saved.services == "Hosting of the CRM"
    assert page.selected_key() == saved.key
    assert "Cloudy SAS" in [row[0] for row in page.visible_rows()]
    assert window.state.text() == "All changes saved"


def test_leaving_an_edited_processor_asks_and_cancel_keeps_the_edit(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.processors
    window.tabs.setCurrentWidget(page)
    key = page.selected_key()
    page.form.fields.name.selectAll()
    qtbot.keyClicks(page.form.fields.name, "Renamed vendor")
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent, what: prompts.CANCEL)
    page.table.selectRow(2)
    assert page.selected_key() == key
    assert page.form.fields.name.text() == "Renamed vendor"
    target = page.proxy.index(2, 0).data(KEY_ROLE)
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent, what: prompts.SAVE)
    page.table.selectRow(2)
    assert get_processor(window.workspace.register, key=str(key)).name == "Renamed vendor"
    assert page.form.fields.name.text() == get_processor(window.workspace.register, key=target).name


def test_the_window_does_not_close_over_an_unsaved_processor(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.tabs.setCurrentWidget(window.processors)
    qtbot.keyClicks(window.processors.form.fields.services, " and more")
    asked: list[str] = []
    monkeypatch.setattr(
        prompts, "ask_unsaved", lambda parent, what: asked.append(what) or prompts.CANCEL
    )
    assert not window.close()
    assert asked and asked[0].startswith("The processor")
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent, what: prompts.DISCARD)
    assert window.close()


def test_the_schedule_lists_every_rule_in_reading_order(window: MainWindow) -> None:
    page = window.retention
    window.tabs.setCurrentWidget(page)
    rows = page.visible_rows()
    assert len(rows) == len(list_rules(window.workspace.register))
    assert rows[0][0].startswith("PA-01") and rows[-1][0].startswith("PA-13")


def test_a_new_rule_from_the_schedule(window: MainWindow, qtbot: QtBot) -> None:
    page = window.retention
    window.tabs.setCurrentWidget(page)
    before = len(list_rules(window.workspace.register))

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, RetentionRuleDialog)
        form = dialog.form
        qtbot.keyClicks(form.activity, "PA-08")
        qtbot.keyClicks(form.description, "Invoices")
        form.value.selectAll()
        qtbot.keyClicks(form.value, "10")
        qtbot.keyClicks(form.unit, "years")
        qtbot.keyClicks(form.legal, "Code de commerce, art. L123-22")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)

    when_modal(RetentionRuleDialog, fill)
    qtbot.mouseClick(page.new_button, LEFT)
    rules = list_rules(window.workspace.register)
    assert len(rules) == before + 1
    invoices = next(r for r in rules if r.data_description == "Invoices")
    assert (invoices.duration_value, invoices.duration_unit) == (10, RetentionUnit.YEARS)
    assert page.selected_key() == invoices.key
    assert "Invoices" in [row[1] for row in page.visible_rows()]


def test_cancelling_the_rule_dialog_writes_nothing(window: MainWindow, qtbot: QtBot) -> None:
    page = window.retention
    window.tabs.setCurrentWidget(page)
    page.table.selectRow(0)
    before = list_rules(window.workspace.register)

    def cancel(dialog: QWidget) -> None:
        assert isinstance(dialog, RetentionRuleDialog)
        qtbot.keyClicks(dialog.form.legal, " edited")
        dialog.reject()

    when_modal(RetentionRuleDialog, cancel)
    qtbot.mouseClick(page.edit_button, LEFT)
    assert list_rules(window.workspace.register) == before


def test_apply_a_reference_rule_from_the_schedule(window: MainWindow, qtbot: QtBot) -> None:
    page = window.retention
    window.tabs.setCurrentWidget(page)
    before = len(list_rules(window.workspace.register))

    def apply(dialog: QWidget) -> None:
        assert isinstance(dialog, RetentionLibraryDialog)
        qtbot.keyClicks(dialog.filter, "card")
        dialog.table.selectRow(0)
        assert dialog.selected() is not None
        qtbot.keyClicks(dialog.activity, "PA-08")
        qtbot.mouseClick(dialog.apply_button, LEFT)

    when_modal(RetentionLibraryDialog, apply)
    qtbot.mouseClick(page.library_button, LEFT)
    rules = list_rules(window.workspace.register)
    assert len(rules) == before + 1
    applied = next(r for r in rules if r.key == page.selected_key())
    assert applied.source_reference and "duration_value" in applied.to_confirm


def test_delete_a_rule_after_confirmation(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.retention
    window.tabs.setCurrentWidget(page)
    page.table.selectRow(0)
    key = page.selected_key()
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: False)
    qtbot.mouseClick(page.delete_button, LEFT)
    assert key in {r.key for r in list_rules(window.workspace.register)}
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    qtbot.mouseClick(page.delete_button, LEFT)
    assert key not in {r.key for r in list_rules(window.workspace.register)}
    assert key not in [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]


def test_the_activity_shows_its_marks_in_plain_words_and_confirms_them(
    window: MainWindow, qtbot: QtBot
) -> None:
    editor = window.activities.editor
    key = editor.current_key()
    bar = editor.confirm_bar
    assert bar.isVisibleTo(editor)
    assert "Categories of personal data" in bar.label.text()
    assert "_" not in bar.label.text()
    with qtbot.waitSignal(editor.saved):
        qtbot.mouseClick(bar.button, LEFT)
    assert activities.get_activity(window.workspace.register, key=key).to_confirm == ()
    assert not bar.isVisibleTo(editor)


def test_the_organisation_marks_are_shown_and_confirmed(window: MainWindow, qtbot: QtBot) -> None:
    form = window.organisation
    window.tabs.setCurrentWidget(form)
    assert "DPO e-mail" in form.confirm_bar.label.text()
    qtbot.mouseClick(form.confirm_bar.button, LEFT)
    assert get_organisation(window.workspace.register).to_confirm == ()
    assert not form.confirm_bar.isVisibleTo(form)


def test_markup_typed_by_a_user_is_shown_as_text(window: MainWindow, qtbot: QtBot) -> None:
    register = window.workspace.register
    rec = activities.get_activity(register, key=window.activities.editor.current_key())
    evil = dataclasses.replace(
        rec, transfers=(TransferRec(country="<b>Bold</b> &amp; <img src=x>"),)
    )
    activities.save_activity(register, record=evil)
    window.workspace.notify_changed()
    editor = window.activities.editor
    editor.refresh_review()
    text = editor.completeness.text()
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp;amp; &lt;img src=x&gt;" in text
    assert "<img" not in text


def test_titles_print_markup_in_names_literally(window: MainWindow, qtbot: QtBot) -> None:
    editor = window.activities.editor
    editor.identity.name.selectAll()
    qtbot.keyClicks(editor.identity.name, "<i>Evil</i> & co")
    assert "&lt;i&gt;Evil&lt;/i&gt; &amp; co" in editor.title.text()
    form = window.processors.form
    qtbot.mouseClick(window.processors.new_button, LEFT)
    qtbot.keyClicks(form.fields.name, "<img src=x>")
    form.load(dataclasses.replace(form.record(), name="<img src=x>"))
    assert "&lt;img src=x&gt;" in form.title.text() and "<img" not in form.title.text()
    editor.revert()
    form.revert()


def test_the_audit_log_opens_newest_first(window: MainWindow, qtbot: QtBot) -> None:
    editor = window.activities.editor
    editor.identity.name.selectAll()
    qtbot.keyClicks(editor.identity.name, "Webinar sign-up (renamed)")
    qtbot.mouseClick(editor.save_button, LEFT)
    page = window.audit
    window.tabs.setCurrentWidget(page)
    first = page.visible_rows()[0]
    assert first[3] == "Webinar sign-up (renamed)" and first[4] == "Updated"
    # The header shows newest first too, so a click on it reads as expected.
    header = page.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        0,
        Qt.SortOrder.DescendingOrder,
    )
    whens = [row[0] for row in page.visible_rows()]
    assert whens == sorted(whens, reverse=True)


def test_completeness_says_how_many_fields_await_confirmation(window: MainWindow) -> None:
    editor = window.activities.editor
    editor.refresh_review()
    marks = len(editor.saved_record().to_confirm)
    assert marks and f"{marks} to confirm" in editor.completeness.text()


def test_the_audit_log_names_fields_in_plain_words(window: MainWindow, qtbot: QtBot) -> None:
    editor = window.activities.editor
    editor.identity.owner.setFocus()
    qtbot.keyClicks(editor.identity.owner, "Marketing")
    qtbot.mouseClick(editor.save_button, LEFT)
    page = window.audit
    window.tabs.setCurrentWidget(page)
    assert page.visible_rows()[0][5] == "Owner department"
    page.table.selectRow(0)
    assert "\nOwner department: (none) → “Marketing”" in page.detail.toPlainText()


def test_the_audit_detail_shows_values_as_the_forms_do(window: MainWindow, qtbot: QtBot) -> None:
    editor = window.activities.editor
    model = editor.purposes.purposes.model
    model.setData(model.index(0, 1), LegalBasis.CONSENT)
    qtbot.mouseClick(editor.save_button, LEFT)
    page = window.audit
    window.tabs.setCurrentWidget(page)
    page.table.selectRow(0)
    text = page.detail.toPlainText()
    assert "— Legal basis: Contract (Art. 6(1)(b)) → Consent (Art. 6(1)(a))" in text
    # No stored key or JSON of the event reaches the reader.
    assert "legal_basis" not in text and "{" not in text and '"' not in text


def test_the_automated_decision_note_is_editable_without_ticking_the_box(
    window: MainWindow,
) -> None:
    dpia = window.activities.editor.dpia
    assert not dpia.automated.isChecked()
    assert dpia.automated_note.isEnabled()


@pytest.mark.parametrize(
    ("picker", "kind", "entry"),
    [
        ("subjects", "subject_categories", NewEntry("Webinar speakers", "Guest speakers")),
        ("measures", "security_measures", NewEntry("Hardware keys", "", MeasureKind.TECHNICAL)),
        ("systems", "systems", NewEntry("Webinar platform")),
        ("processors", "processors", NewEntry("Webinar Host GmbH", "Webinar hosting")),
    ],
)
def test_add_new_from_a_picker_extends_the_catalogue_and_ticks_the_entry(
    window: MainWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    picker: str,
    kind: str,
    entry: NewEntry,
) -> None:
    editor = window.activities.editor
    widget = {
        "subjects": editor.subjects.subjects,
        "measures": editor.measures.measures,
        "systems": editor.measures.systems,
        "processors": editor.recipients.processors,
    }[picker]
    asked: list[str] = []
    monkeypatch.setattr(prompts, "ask_new_entry", lambda parent, what: asked.append(what) or entry)
    qtbot.mouseClick(widget.add_button, LEFT)
    assert asked == [KINDS[kind]]
    register = window.workspace.register
    if kind == "processors":
        added = next(p for p in list_processors(register) if p.name == entry.name)
        assert added.services == entry.description
    else:
        added = next(e for e in catalogue(register, kind) if e.name == entry.name)
        if entry.measure_kind is not None:
            assert added.kind is entry.measure_kind
    assert added.key in widget.values() and editor.is_dirty
    qtbot.mouseClick(editor.save_button, LEFT)
    saved = activities.get_activity(register, key=editor.current_key())
    field = {"subjects": "subject_categories"}.get(picker, picker)
    assert added.key in getattr(saved, field)


def test_cancelling_add_new_changes_nothing(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = catalogue(window.workspace.register, "systems")
    monkeypatch.setattr(prompts, "ask_new_entry", lambda parent, what: None)
    qtbot.mouseClick(window.activities.editor.measures.systems.add_button, LEFT)
    assert catalogue(window.workspace.register, "systems") == before
    assert not window.activities.editor.is_dirty


def test_the_new_entry_dialog_needs_a_name(qtbot: QtBot) -> None:
    dialog = NewEntryDialog(KINDS["security_measures"])
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() != NewEntryDialog.DialogCode.Accepted
    assert not dialog.error.isHidden()
    qtbot.keyClicks(dialog.name, "Hardware keys")
    assert dialog.kind is not None
    dialog.kind.setCurrentIndex(dialog.kind.findData(MeasureKind.TECHNICAL.value))
    dialog.accept()
    assert dialog.result() == NewEntryDialog.DialogCode.Accepted
    assert dialog.entry() == NewEntry("Hardware keys", "", MeasureKind.TECHNICAL)


def test_typing_in_the_search_box_and_the_status_filter(window: MainWindow, qtbot: QtBot) -> None:
    page = window.activities
    qtbot.keyClicks(page.search, "newsletter")
    names = [page.proxy.index(r, 1).data() for r in range(page.proxy.rowCount())]
    assert names == ["Newsletter"]
    assert "1 of 13" in page.count.text()
    page.search.clear()
    page.status.setCurrentIndex(page.status.findData("approved"))
    assert page.proxy.rowCount() == 0
    page.status.setCurrentIndex(page.status.findData("in_review"))
    assert page.proxy.rowCount() == 13


def test_switching_activity_with_unsaved_edits_asks_first(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.activities
    editor = page.editor
    first = editor.current_key()
    editor.identity.name.selectAll()
    qtbot.keyClicks(editor.identity.name, "Edited name")
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent, what: prompts.CANCEL)
    page.table.selectRow(1)
    assert editor.current_key() == first and editor.identity.name.text() == "Edited name"
    assert page.current_key() == first
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent, what: prompts.DISCARD)
    page.table.selectRow(1)
    assert editor.current_key() != first and not editor.is_dirty
    assert activities.get_activity(window.workspace.register, key=first).name != "Edited name"


def test_the_schedule_shows_checks_erase_by_and_activities_without_a_rule(
    window: MainWindow, qtbot: QtBot
) -> None:
    register = window.workspace.register
    rule = list_rules(register)[0]
    save_rule(
        register,
        record=dataclasses.replace(
            rule, duration_value=3, duration_unit=RetentionUnit.YEARS, open_ended_term=""
        ),
    )
    gone = list_rules(register)[-1]
    delete_rule(register, key=gone.key, version=gone.version)
    without = activities.get_activity(register, key=str(gone.activity))
    page = window.retention
    window.tabs.setCurrentWidget(page)
    keys = [page.proxy.index(r, 0).data(KEY_ROLE) for r in range(page.proxy.rowCount())]
    first = page.visible_rows()[keys.index(rule.key)]
    today = dt.date.today()
    assert first[5] == add_months(today, 36).isoformat()  # erase by, if it started today
    assert "To confirm" in first[6] and "Review due" in first[6]
    assert page.missing.isVisibleTo(page)
    assert page.missing.text() == (
        f"No retention rule yet for 1 activity: {without.reference} {without.name}."
    )


def _select_rows(page: object, rows: list[int]) -> None:
    from PySide6.QtCore import QItemSelectionModel

    table = page.table  # type: ignore[attr-defined]
    table.selectRow(rows[0])
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows[1:]:
        table.selectionModel().select(page.proxy.index(row, 0), flags)  # type: ignore[attr-defined]


def test_retire_several_selected_activities_at_once(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.activities
    _select_rows(page, [0, 1, 2])
    keys = page.selected_keys()
    assert len(keys) == 3
    asked: list[str] = []
    monkeypatch.setattr(
        prompts, "confirm", lambda parent, title, text, **k: asked.append(text) or True
    )
    window.activities.run_action("retire")
    assert len(asked) == 1 and asked[0].startswith("Retire these 3 activities?")
    register = window.workspace.register
    assert {activities.get_activity(register, key=k).status.value for k in keys} == {"retired"}
    others = [a for a in activities.list_activities(register) if a.key not in keys]
    assert all(a.status.value != "retired" for a in others)


def test_delete_several_reports_the_one_changed_meanwhile(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.activities
    _select_rows(page, [3, 4])
    keys = page.selected_keys()
    register = window.workspace.register
    warned: list[str] = []

    def confirm_after_a_colleague_edits(parent: object, title: str, text: str, **k: object) -> bool:
        # Between the confirmation and the deletion a colleague saves one of them.
        rec = activities.get_activity(register, key=keys[0])
        activities.save_activity(register, record=dataclasses.replace(rec, owner_department="HR"))
        return True

    monkeypatch.setattr(prompts, "confirm", confirm_after_a_colleague_edits)
    monkeypatch.setattr(prompts, "warn", lambda parent, title, text: warned.append(text))
    window.activities.run_action("delete")
    remaining = {a.key for a in activities.list_activities(register)}
    assert keys[0] in remaining and keys[1] not in remaining
    assert warned and warned[0].startswith("1 of 2 done")


def test_findings_can_hide_the_to_confirm_marks(window: MainWindow, qtbot: QtBot) -> None:
    page = window.findings
    window.tabs.setCurrentWidget(page)
    everything = len(page.visible_rows())
    marks = sum("is marked to confirm" in row[3] for row in page.visible_rows())
    assert marks > 0
    qtbot.mouseClick(page.hide_marks, LEFT)
    rows = page.visible_rows()
    assert len(rows) == everything - marks
    assert not any("is marked to confirm" in row[3] for row in rows)
    assert rows[0][0] == "Blocking"


def test_readable_keys_are_unique_and_plain() -> None:
    from ropa_desktop.domain.base import readable_key

    assert readable_key("Cloudy SAS", set(), prefix="proc-") == "proc-cloudy-sas"
    taken = {"proc-cloudy-sas", "proc-cloudy-sas-2"}
    assert readable_key("Cloudy  SAS!", taken, prefix="proc-") == "proc-cloudy-sas-3"
    assert readable_key("***", set(), fallback="processor") == "processor"


@pytest.mark.parametrize("choice", ["overwrite", "reload", "cancel"])
def test_a_processor_saved_by_a_colleague_meanwhile(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, choice: str
) -> None:
    page = window.processors
    window.tabs.setCurrentWidget(page)
    register = window.workspace.register
    key = str(page.selected_key())
    theirs = dataclasses.replace(get_processor(register, key=key), contact_name="Colleague")
    qtbot.keyClicks(page.form.fields.contact_name, "Me")
    from ropa_desktop.services.processors import save_processor

    save_processor(register, record=theirs)  # the colleague saves first
    shown: list[object] = []
    monkeypatch.setattr(
        prompts, "resolve_conflict", lambda parent, what, mine, other: shown.append(other) or choice
    )
    assert page.form.save() is (choice == "overwrite")
    stored = get_processor(register, key=key)
    assert shown and shown[0].contact_name == "Colleague"  # type: ignore[attr-defined]
    if choice == "overwrite":
        assert stored.contact_name == "Me"
    else:
        assert stored.contact_name == "Colleague"
    expected = "Colleague" if choice == "reload" else "Me"
    assert page.form.fields.contact_name.text() == expected  # nothing typed is lost on cancel
    if page.form.is_dirty:
        page.form.revert()


@pytest.mark.parametrize("choice", ["overwrite", "reload"])
def test_the_organisation_saved_by_a_colleague_meanwhile(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, choice: str
) -> None:
    from ropa_desktop.services.organisation import save_organisation

    form = window.organisation
    window.tabs.setCurrentWidget(form)
    register = window.workspace.register
    qtbot.keyClicks(form.field("website"), "https://mine.example")
    org = get_organisation(register)
    assert org is not None
    save_organisation(register, record=dataclasses.replace(org, website="https://theirs.example"))
    monkeypatch.setattr(prompts, "resolve_conflict", lambda *a: choice)
    assert form.save() is (choice == "overwrite")
    stored = get_organisation(register)
    assert stored is not None
    want = "https://mine.example" if choice == "overwrite" else "https://theirs.example"
    assert stored.website == want and form.field("website").text() == want
