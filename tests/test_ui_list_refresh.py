"""After a save the activity list reads the saved row alone; the others stay as they were."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from ropa_desktop.services import activities
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.register import Register
from ropa_desktop.services.retention import save_rule
from ropa_desktop.ui.activities_page import ActivitiesPage
from ropa_desktop.ui.activity_model import COL_COMPLETE, COL_NAME, COL_STATUS
from ropa_desktop.ui.main_window import MainWindow
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workspace import Workspace
from tests.conftest import ORG
from tests.factories import complete_activity, retention_for

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
LEFT = Qt.MouseButton.LeftButton


def _register(register: Register) -> None:
    """Three activities; PA-02 has no security measure and so is 6 / 7 complete."""
    save_organisation(register, record=ORG)
    for key, ref, name, measures in (
        ("act-crm", "PA-01", "Customer relationship management", ("access-control",)),
        ("act-hr", "PA-02", "Recruitment", ()),
        ("act-web", "PA-03", "Website analytics", ("mfa",)),
    ):
        activities.save_activity(
            register, record=complete_activity(key, ref, name=name, measures=measures)
        )
        save_rule(register, record=retention_for(key, key=f"ret-{key}"))


def _count_statements(register: Register) -> list[str]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(register.engine, "before_cursor_execute", note)
    return seen


def _list_reads(statements: list[str]) -> list[str]:
    """The statements that read list rows: the summary, and no column of a full record."""
    return [
        s
        for s in statements
        if s.startswith("SELECT") and "summary_search" in s and "description" not in s
    ]


def _shown(page: ActivitiesPage) -> dict[str, tuple[str, ...]]:
    proxy = page.proxy
    return {
        proxy.index(r, 0).data(): tuple(
            proxy.index(r, c).data() for c in range(proxy.columnCount())
        )
        for r in range(proxy.rowCount())
    }


def _page(register: Register, qtbot: QtBot, tmp_path: Path) -> ActivitiesPage:
    """The three activities' page, shown and read."""
    _register(register)
    page = ActivitiesPage(Workspace(register, UiSettings(path=tmp_path / "ui.ini")))
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    return page


def test_a_save_in_the_editor_refreshes_its_row_alone(
    sqlite_register: Register, qtbot: QtBot, tmp_path: Path
) -> None:
    page = _page(sqlite_register, qtbot, tmp_path)
    before = list(page.model.rows)
    # Click PA-02 in the list, as a user picks it.
    index = page.proxy.index(1, COL_NAME)
    qtbot.mouseClick(page.table.viewport(), LEFT, pos=page.table.visualRect(index).center())
    editor = page.editor
    assert editor.current_key() == "act-hr"
    assert page.proxy.index(1, COL_COMPLETE).data() == "6 / 7"
    # Type a new name, pick another status, describe the measures; then Save.
    editor.identity.name.setFocus()
    editor.identity.name.selectAll()
    qtbot.keyClicks(editor.identity.name, "Recruitment of interns")
    editor.identity.status.setFocus()
    qtbot.keyClicks(editor.identity.status, "In")  # picks "In review" (a space would open it)
    editor.measures.note.setFocus()
    qtbot.keyClicks(editor.measures.note, "Paper files in a locked cabinet")
    resets, changed = [], []
    page.model.modelReset.connect(lambda: resets.append(1))
    page.model.dataChanged.connect(
        lambda top, bottom, *_: changed.append((top.row(), bottom.row()))
    )
    statements = _count_statements(sqlite_register)
    qtbot.mouseClick(editor.save_button, LEFT)

    assert not editor.is_dirty
    row = page.proxy.index(1, 0)
    assert row.data() == "PA-02"
    assert page.proxy.index(1, COL_NAME).data() == "Recruitment of interns"
    assert page.proxy.index(1, COL_STATUS).data() == "In review"
    assert page.proxy.index(1, COL_COMPLETE).data() == "7 / 7"
    assert page.table.currentIndex().row() == 1
    # The others: the very same row snapshots, and no reset of the model.
    assert resets == []
    assert changed == [(1, 1)]
    after = page.model.rows
    assert [r for r in after if r.key != "act-hr"] == [r for r in before if r.key != "act-hr"]
    assert all(a is b for a, b in zip(after, before, strict=True) if a.key != "act-hr"), (
        "a row that was not saved was read again"
    )
    # And the list read was one query of that one row, not of the whole register.
    list_reads = _list_reads(statements)
    assert len(list_reads) == 1 and "IN (" in list_reads[0]


def test_a_delete_takes_its_row_out_and_leaves_the_rest(
    sqlite_register: Register, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ropa_desktop.ui import prompts

    _register(sqlite_register)
    window = MainWindow(Workspace(sqlite_register, UiSettings(path=tmp_path / "ui.ini")))
    qtbot.addWidget(window)
    window.show()
    page = window.activities
    shown = _shown(page)
    page.select_key("act-hr")
    resets: list[int] = []
    page.model.modelReset.connect(lambda: resets.append(1))
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    window._run("delete")
    del shown["PA-02"]
    assert _shown(page) == shown
    assert page.count.text() == "2 activities"
    assert resets == []


def test_the_window_is_on_screen_before_the_list_is_read(
    sqlite_register: Register, qtbot: QtBot, tmp_path: Path
) -> None:
    _register(sqlite_register)
    statements = _count_statements(sqlite_register)
    window = MainWindow(
        Workspace(sqlite_register, UiSettings(path=tmp_path / "ui.ini")), deferred=True
    )
    qtbot.addWidget(window)
    assert window.activities.model.rowCount() == 0
    assert not _list_reads(statements)
    painted: list[bool] = []
    window.activities.model.modelAboutToBeReset.connect(lambda: painted.append(window.isVisible()))
    window.show_register()
    assert painted == [True]
    assert window.activities.model.rowCount() == 3
    assert window.activities.editor.current_key() == "act-crm"
    # The rows came from one query of the activity table.
    reads = _list_reads(statements)
    assert len(reads) == 1 and " JOIN " not in reads[0] and "IN (" not in reads[0]


def test_the_filter_follows_a_row_that_a_save_changed(
    sqlite_register: Register, qtbot: QtBot, tmp_path: Path
) -> None:
    page = _page(sqlite_register, qtbot, tmp_path)
    qtbot.keyClicks(page.search, "interns")
    assert page.proxy.rowCount() == 0
    page.select_key("act-hr")
    rec = activities.get_activity(sqlite_register, key="act-hr")
    import dataclasses

    activities.save_activity(
        sqlite_register, record=dataclasses.replace(rec, name="Recruitment of interns")
    )
    page.workspace.notify_changed()
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, COL_NAME).data() == "Recruitment of interns"
    assert page.proxy.mapToSource(page.proxy.index(0, 0)) != QModelIndex()
