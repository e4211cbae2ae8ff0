"""The import preview as a DPO and a lawyer read it: a tree by record, each change in full,
each conflict decided on its own, then Apply."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ropa_desktop.exporters.xlsx import export_xlsx
from ropa_desktop.importers.json_import import read_document
from ropa_desktop.importers.sample import SAMPLE_PATH, load_sample
from ropa_desktop.importers.xlsx import XlsxImport, plan_xlsx
from ropa_desktop.services import activities, retention
from ropa_desktop.services.interchange import import_records
from ropa_desktop.services.register import Register
from ropa_desktop.ui import file_actions, prompts
from ropa_desktop.ui.change_detail import pane_html
from ropa_desktop.ui.change_tree import ROW_ROLE, Row
from ropa_desktop.ui.import_dialog import ChangeSetDialog
from ropa_desktop.ui.prompts import review_changes as real_review_changes
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workspace import Workspace
from tests.xlsx_corpus import edit, has_sample, row_of, set_cell

pytestmark = [
    pytest.mark.skipif(not has_sample(), reason="the sample register is not shipped"),
    pytest.mark.qt_log_ignore("propagateSizeHints"),
]

INSERTED = "Tickets are kept in the helpdesk <b>for two years</b> & then deleted."
REPR_BITS = ("PurposeRec(", "datetime.date(", "[{", "{'", "('", "', '", "act-", "ret-", "None")


# --- a register, a reviewed workbook, and the app's edits since the export ---------------


@pytest.fixture
def sample(sqlite_register: Register) -> Register:
    load_sample(sqlite_register)
    return sqlite_register


def _rows(ws: Any, reference: str) -> list[int]:
    return [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == reference]


def reviewed(register: Register, folder: Path, *, only_the_name: bool = False) -> Path:
    """Legal's workbook renames PA-01, which the DPO renames in the app meanwhile; unless
    ``only_the_name``, also a long text, a date, list items, a deleted purpose, a comments
    column, and a retention term the DPO changes too."""
    path = export_xlsx(register, folder / "review.xlsx")

    def legal(wb: openpyxl.Workbook) -> None:
        ws = wb["Register"]
        set_cell(ws, row_of(ws, "Reference", "PA-01"), "Processing activity", "Webinars (legal)")
        if not only_the_name:
            more_edits(wb)

    out = edit(path, legal)
    first = {a.reference: a for a in activities.list_activities(register)}["PA-01"]
    activities.save_activity(
        register, record=dataclasses.replace(first, name="Webinar registration")
    )
    if not only_the_name:
        rule = next(r for r in retention.list_rules(register) if r.activity == first.key)
        term = "While the account is active, and 3 years after the last login"
        retention.save_rule(register, record=dataclasses.replace(rule, open_ended_term=term))
    return out


def more_edits(wb: openpyxl.Workbook) -> None:
    ws = wb["Register"]
    row = row_of(ws, "Reference", "PA-05")
    text = ws.cell(row, 6).value.replace("Customer services", "Customer service", 1)
    set_cell(ws, row, "Description", f"{text}\n{INSERTED}")
    set_cell(ws, row, "Next review", "2027-03-31")
    ws.cell(1, ws.max_column + 1).value = "Comments (legal)"
    ws.cell(row, ws.max_column).value = "Check with IT"
    row = row_of(ws, "Reference", "PA-07")
    ws = wb["Purposes & legal bases"]
    third = _rows(ws, "PA-05")[2]
    set_cell(ws, third, "Lawful basis (Art. 6)", "Legitimate interests (Art. 6(1)(f))")
    set_cell(ws, third, "Legitimate interests assessment (reference)", "LIA-2026-07")
    second = _rows(ws, "PA-07")[1]  # deleted from both sheets, as the read-me asks
    gone = ws.cell(second, 3).value
    ws.delete_rows(second)
    listed = wb["Register"].cell(row, 7).value.split("\n")
    kept = "\n".join(p for p in listed if p != gone)
    set_cell(wb["Register"], row, "Purposes of the processing", kept)
    ws = wb["Retention schedule"]
    set_cell(ws, 2, "Duration", 3)
    set_cell(ws, 2, "Unit", "Years")
    set_cell(ws, 2, "Open-ended term", None)


# --- driving the dialog ----------------------------------------------------------------------


def open_dialog(qtbot: QtBot, plan: Any, size: tuple[int, int] = (1024, 640)) -> ChangeSetDialog:
    dialog = ChangeSetDialog("Import review.xlsx", plan)
    qtbot.addWidget(dialog)
    dialog.resize(*size)
    dialog.show()
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    return dialog


def activate(qtbot: QtBot, dialog: ChangeSetDialog) -> None:
    """Keys go to the focused widget of the active window, as on a desktop."""
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


def find(dialog: ChangeSetDialog, wanted: Callable[[Row], bool]) -> QModelIndex:
    def walk(parent: QModelIndex) -> QModelIndex | None:
        for r in range(dialog.proxy.rowCount(parent)):
            index = dialog.proxy.index(r, 0, parent)
            if wanted(index.data(ROW_ROLE)):
                return index
            found = walk(index)
            if found is not None:
                return found
        return None

    found = walk(QModelIndex())
    assert found is not None, "no such row in the tree"
    return found


def click(qtbot: QtBot, dialog: ChangeSetDialog, index: QModelIndex) -> None:
    dialog.tree.scrollTo(index)
    rect = dialog.tree.visualRect(index)
    qtbot.mouseClick(dialog.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def texts(dialog: ChangeSetDialog) -> list[str]:
    return [f"{a} {b}" for _, a, b in dialog.shown_rows()]


@pytest.fixture
def plan(sample: Register, tmp_path: Path) -> XlsxImport:
    result = plan_xlsx(sample, reviewed(sample, tmp_path))
    assert not result.errors, result.errors
    return result


# --- the tree ------------------------------------------------------------------------------


def test_the_tree_lists_conflicts_then_notices_then_records_in_words(
    qtbot: QtBot, plan: XlsxImport
) -> None:
    dialog = open_dialog(qtbot, plan)
    shown = dialog.shown_rows()
    top = [text for depth, text, _ in shown if depth == 0]
    assert top[0] == f"Conflicts — decide each one ({len(plan.conflicts)})"
    assert top[1].startswith("Notices")
    assert any(t.startswith("~  Activity PA-05 · Technical support — changed (") for t in top)
    assert any(t.startswith("~  Activity PA-07 · Customer accounts and contracts") for t in top)
    everything = "\n".join(texts(dialog))
    assert "?  Activity PA-01 · Webinar registration — 1 conflict" in everything
    assert "Next review (none) → 2027-03-31" in everything
    assert "— Legal basis Contract (Art. 6(1)(b)) → Legitimate interests" in everything
    assert "Comments (legal)" in everything
    assert "removed" in everything  # PA-07's second purpose
    assert "Keep the register's: “Webinar registration”" in everything
    assert [bit for bit in REPR_BITS if bit in everything] == []
    # The summary counts changes and conflicts; Apply is there for the changes.
    summary = dialog.summary.text()
    assert "changed" in summary and "2 conflicts" in summary
    assert dialog.apply_button.isEnabled() and dialog.apply_button.isDefault()


def test_typing_in_the_filter_narrows_records_and_fields(qtbot: QtBot, plan: XlsxImport) -> None:
    dialog = open_dialog(qtbot, plan)
    qtbot.mouseClick(dialog.filter, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.filter, "lia-2026")
    shown = texts(dialog)
    assert any("LIA reference" in t for t in shown)
    assert not any("Next review" in t for t in shown)
    assert not any("Conflicts" in t for t in shown)
    dialog.filter.clear()
    qtbot.keyClicks(dialog.filter, "technical SUPPORT")  # a record: all its fields
    shown = texts(dialog)
    assert any("Next review" in t for t in shown) and any("LIA reference" in t for t in shown)
    assert not any("PA-01" in t for t in shown)
    qtbot.keyClicks(dialog.filter, "no such words")
    assert dialog.shown_rows() == [] and dialog.nothing.isVisible()
    # Enter in the filter goes to the results, it never applies the import.
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0


def test_only_conflicts_and_only_removals(qtbot: QtBot, plan: XlsxImport) -> None:
    dialog = open_dialog(qtbot, plan)
    dialog.view.setCurrentIndex(dialog.view.findText("Only conflicts"))
    top = [text for depth, text, _ in dialog.shown_rows() if depth == 0]
    assert len(top) == 1 and top[0].startswith("Conflicts")
    dialog.view.setCurrentIndex(dialog.view.findText("Only removals"))
    shown = texts(dialog)
    assert any("PA-07" in t for t in shown) and any("removed" in t for t in shown)
    assert not any("Next review" in t for t in shown)


# --- the selected change in full -----------------------------------------------------------


def test_a_long_text_shows_in_full_with_the_changed_words_marked(
    qtbot: QtBot, plan: XlsxImport, sample: Register
) -> None:
    dialog = open_dialog(qtbot, plan)
    click(qtbot, dialog, find(dialog, lambda row: row.text == "Description"))
    detail = dialog.detail
    before = {a.reference: a for a in activities.list_activities(sample)}["PA-05"].description
    assert "In the register now" in detail.left_title.text()
    assert "After the import" in detail.right_title.text()
    assert detail.left_text() == before  # in full, line breaks and all
    assert detail.right_text().endswith(INSERTED) and "Customer service " in detail.right_text()
    left, right = detail.left.toHtml(), detail.right.toHtml()
    assert "line-through" in left and "line-through" not in right
    assert "underline" in right
    # The reviewer's markup is shown as text, never read as markup.
    assert "&lt;b&gt;for two years&lt;/b&gt; &amp;" in right


@pytest.mark.parametrize(("size", "beside"), [((1024, 640), False), ((2560, 1440), True)])
def test_the_full_texts_stay_readable_on_a_small_and_a_large_screen(
    qtbot: QtBot, plan: XlsxImport, tmp_path: Path, size: tuple[int, int], beside: bool
) -> None:
    dialog = open_dialog(qtbot, plan, size)
    click(qtbot, dialog, find(dialog, lambda row: row.text == "Description"))
    # Below the tree on a laptop; beside it on a wide screen, so lines stay short.
    assert (dialog.splitter.orientation() == Qt.Orientation.Horizontal) == beside
    assert dialog.tree.height() >= 200 and dialog.detail.left.height() >= 150
    assert 300 <= dialog.detail.left.width() <= 1000
    assert dialog.grab().save(str(tmp_path / f"preview-{size[0]}.png"))
    # A tooltip would read markup as rich text: it is escaped.
    index = find(dialog, lambda row: row.text == "Description").siblingAtColumn(1)
    assert "&lt;b&gt;" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_pane_html_escapes_and_marks_words_from_the_runs() -> None:
    runs = (("=", "keep"), ("-", "<old>"), ("+", "new & better"), ("=", "end"))
    left = pane_html("keep <old>\nend", runs, "-", "S")
    assert left == 'keep <span style="S">&lt;old&gt;</span><br>end'
    right = pane_html("keep new & better end", runs, "+", "S")
    assert right == 'keep <span style="S">new &amp; better</span> end'
    assert "italic" in pane_html("(none)")


# --- conflicts, one by one ------------------------------------------------------------------


def test_choosing_the_workbooks_value_is_shown_at_once(qtbot: QtBot, plan: XlsxImport) -> None:
    dialog = open_dialog(qtbot, plan)
    # The first conflict is selected to begin with, the register's value kept.
    row = dialog.current_row()
    assert row is not None and row.kind == "conflict"
    assert dialog.detail.left_title.text().startswith("The register says")
    assert dialog.detail.right_title.text().startswith("The workbook says")
    assert dialog.detail.keep.isChecked() and dialog.detail.take.isVisible()
    qtbot.mouseClick(dialog.detail.take, Qt.MouseButton.LeftButton)
    assert dialog.taken() == {row.conflict.id}
    assert "the workbook's value taken for 1" in dialog.summary.text()
    assert any("Take the workbook's" in t for t in texts(dialog))
    qtbot.mouseClick(dialog.detail.keep, Qt.MouseButton.LeftButton)
    assert dialog.taken() == frozenset()


def test_the_dialog_is_usable_from_the_keyboard(qtbot: QtBot, plan: XlsxImport) -> None:
    dialog = open_dialog(qtbot, plan)
    dialog.filter.setFocus()
    order = [QApplication.focusWidget()]
    for _ in range(7):
        qtbot.keyClick(order[-1], Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    detail = dialog.detail
    assert order == [
        *(dialog.filter, dialog.view, dialog.tree, detail.keep, detail.left, detail.right),
        *(dialog.apply_button, dialog.cancel_button),
    ]
    # Back on the conflict's choice, the arrow key takes the workbook's value.
    detail.keep.setFocus()
    qtbot.keyClick(detail.keep, Qt.Key.Key_Right)
    assert detail.take.isChecked() and len(dialog.taken()) == 1
    qtbot.keyClick(detail.take, Qt.Key.Key_Return)
    assert dialog.result() == ChangeSetDialog.DialogCode.Accepted


def test_a_json_change_set_uses_the_same_dialog(qtbot: QtBot, sample: Register) -> None:
    doc = read_document(SAMPLE_PATH)
    doc.activities[0] = dataclasses.replace(doc.activities[0], name="Renamed in JSON")
    dialog = open_dialog(qtbot, import_records(sample, doc, dry_run=True))
    shown = texts(dialog)
    assert shown[0].startswith("~  Activity PA-01 · Renamed in JSON — changed")
    assert any("Name “Webinar sign-up” → “Renamed in JSON”" in t for t in shown)
    assert "conflict" not in dialog.summary.text()


# --- through File > Import -----------------------------------------------------------------


@pytest.fixture
def workspace(sample: Register, tmp_path: Path) -> Workspace:
    return Workspace(sample, UiSettings(path=tmp_path / "ui.ini"))


def _import(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    workspace: Workspace,
    path: Path,
    drive: Callable[[ChangeSetDialog], None],
) -> bool:
    """File > Import with the real preview, driven by ``drive`` once it is on screen."""
    parent = QWidget()
    qtbot.addWidget(parent)
    failures: list[BaseException] = []

    def on_screen() -> None:
        dialog = parent.findChild(ChangeSetDialog)
        try:
            activate(qtbot, dialog)
            drive(dialog)
        except BaseException as exc:  # never leave a modal dialog open
            failures.append(exc)
            dialog.reject()

    def review(*args: Any) -> Any:
        QTimer.singleShot(0, on_screen)
        return real_review_changes(*args)

    def ask_open_path(parent: QWidget, caption: str, name_filter: str, folder: Path) -> Path:
        assert name_filter == "Reviewed workbook (*.xlsx *.xlsm *.ods)"  # OpenDocument too
        return path

    monkeypatch.setattr(prompts, "ask_open_path", ask_open_path)
    monkeypatch.setattr(prompts, "review_changes", review)
    done = file_actions.import_file(parent, workspace, "xlsx")
    if failures:
        raise failures[0]
    return done


def test_taking_the_workbooks_value_puts_it_in_the_register(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, workspace: Workspace, tmp_path: Path
) -> None:
    register = workspace.register
    path = reviewed(register, tmp_path)

    def decide(dialog: ChangeSetDialog) -> None:
        click(qtbot, dialog, find(dialog, lambda row: row.text == "Name"))
        assert "Webinar registration" in dialog.detail.left_text()
        assert "Webinars (legal)" in dialog.detail.right_text()
        qtbot.mouseClick(dialog.detail.take, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    assert _import(qtbot, monkeypatch, workspace, path, decide)
    now = {a.reference: a for a in activities.list_activities(register)}
    assert now["PA-01"].name == "Webinars (legal)"  # taken from the workbook
    assert now["PA-05"].description.endswith(INSERTED)  # the plain changes too
    rule = next(r for r in retention.list_rules(register) if r.activity == now["PA-01"].key)
    assert rule.open_ended_term.startswith("While the account is active, and 3 years")  # kept


@pytest.mark.parametrize("take", [True, False])
def test_a_conflict_only_workbook_asks_instead_of_saying_nothing_new(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, workspace: Workspace, tmp_path: Path, take: bool
) -> None:
    register = workspace.register
    path = reviewed(register, tmp_path, only_the_name=True)
    told: list[str] = []
    monkeypatch.setattr(prompts, "inform", lambda parent, title, text: told.append(text))

    def decide(dialog: ChangeSetDialog) -> None:
        assert "holds nothing new" not in dialog.summary.text()
        assert "1 conflict" in dialog.summary.text()
        assert not dialog.apply_button.isEnabled()  # nothing to apply until one is taken
        if not take:
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
            return
        dialog.detail.keep.setFocus()
        qtbot.keyClick(dialog.detail.keep, Qt.Key.Key_Right)
        assert dialog.apply_button.isEnabled()
        qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)

    assert _import(qtbot, monkeypatch, workspace, path, decide) is take
    assert told == []
    now = {a.reference: a for a in activities.list_activities(register)}
    assert now["PA-01"].name == ("Webinars (legal)" if take else "Webinar registration")
