"""Starting a register of one's own: the first start's choice, File › New register, and
deleting the sample's processors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ropa_desktop import app as app_module
from ropa_desktop.domain.enums import AuditAction
from ropa_desktop.domain.records import ProcessorRec
from ropa_desktop.exporters.json_export import export_json
from ropa_desktop.importers.sample import is_empty, load_sample
from ropa_desktop.services import activities
from ropa_desktop.services.assessments import assessments_of, start_assessment
from ropa_desktop.services.audit import audit_log
from ropa_desktop.services.processors import list_processors, save_processor
from ropa_desktop.services.register import open_register
from ropa_desktop.services.templates import install_templates
from ropa_desktop.ui import prompts
from ropa_desktop.ui.first_start import offer_start
from ropa_desktop.ui.main_window import MainWindow
from ropa_desktop.ui.prompts import ask_first_start  # the real dialog, before tests patch it
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workspace import Workspace
from tests.test_ui_pages import when_modal

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def settings(tmp_path: Path) -> UiSettings:
    return UiSettings(path=tmp_path / "ui.ini")


@pytest.fixture
def first_start(qtbot: QtBot, settings: UiSettings) -> Iterator[MainWindow]:
    """A new machine: the default register, empty, in a window."""
    register = app_module.open_workspace(None, settings, actor="dpo")
    win = MainWindow(Workspace(register, settings))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.workspace.register.close()


def _click(label: str) -> None:
    def act(box: QMessageBox) -> None:  # type: ignore[override]
        (button,) = [b for b in box.buttons() if b.text().replace("&", "") == label]
        button.click()

    when_modal(QMessageBox, act)  # type: ignore[arg-type]


def test_an_empty_register_is_never_filled_silently(first_start: MainWindow) -> None:
    assert is_empty(first_start.workspace.register)
    assert first_start.activities.proxy.rowCount() == 0


def test_the_first_start_asks_and_the_sample_is_labelled_as_such(
    first_start: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def real(parent: object) -> str:
        box_text: list[str] = []

        def act(box: QMessageBox) -> None:  # type: ignore[override]
            box_text.append(box.text() + " " + box.informativeText())
            seen.extend(b.text().replace("&", "") for b in box.buttons())
            next(b for b in box.buttons() if "sample" in b.text()).click()

        when_modal(QMessageBox, act)  # type: ignore[arg-type]
        answer = ask_first_start(parent)  # type: ignore[arg-type]
        assert "modelled on the public privacy policy of KPAX" in box_text[0]
        return answer

    monkeypatch.setattr(prompts, "ask_first_start", real)
    assert offer_start(first_start, first_start.workspace) == "sample"
    assert seen == ["Open the sample register", "Start empty", "Import an existing register…"]
    register = first_start.workspace.register
    assert len(activities.list_activities(register)) == 13
    assert first_start.activities.proxy.rowCount() == 13
    assert "KPAX" in first_start.windowTitle()
    # Only an empty register asks.
    monkeypatch.setattr(prompts, "ask_first_start", lambda parent: pytest.fail("asked again"))
    assert offer_start(first_start, first_start.workspace) == ""


def test_starting_empty_leaves_it_empty(
    first_start: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "ask_first_start", lambda parent: ask_first_start(parent))
    _click("Start empty")
    assert offer_start(first_start, first_start.workspace) == "empty"
    assert is_empty(first_start.workspace.register)


def test_importing_an_existing_register_at_first_start(
    first_start: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = open_register(str(tmp_path / "old.sqlite"), actor="dpo", create=True)
    load_sample(source)
    exported = export_json(source, tmp_path / "old.json")
    source.close()
    monkeypatch.setattr(prompts, "ask_first_start", lambda parent: prompts.START_IMPORT)
    monkeypatch.setattr(prompts, "ask_open_path", lambda *a: exported)
    monkeypatch.setattr(prompts, "review_changes", lambda *a: frozenset())
    assert offer_start(first_start, first_start.workspace) == "import"
    assert len(activities.list_activities(first_start.workspace.register)) == 13


def test_file_new_register_creates_an_empty_one_and_never_overwrites(
    first_start: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(prompts, "ask_first_start", lambda parent: prompts.START_SAMPLE)
    offer_start(first_start, first_start.workspace)
    target = tmp_path / "acme"
    monkeypatch.setattr(prompts, "ask_save_path", lambda *a: target)
    new = next(a for a in first_start.findChildren(type(first_start.save_action))
               if a.text() == "New &register…")  # fmt: skip
    new.trigger()
    register = first_start.workspace.register
    assert register.location == str(target.with_suffix(".sqlite"))
    assert is_empty(register) and first_start.activities.proxy.rowCount() == 0
    assert "acme.sqlite" in first_start.location.text()

    warned: list[str] = []
    monkeypatch.setattr(prompts, "warn", lambda parent, title, text: warned.append(text))
    new.trigger()  # the same name again
    assert warned == [
        "acme.sqlite already exists; a new register is never written over a file. Choose a new "
        "name, or open that file with File › Open register file."
    ]


def test_a_processor_no_activity_uses_is_deleted_with_its_assessments(
    first_start: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = first_start.workspace.register
    monkeypatch.setattr(prompts, "ask_first_start", lambda parent: prompts.START_SAMPLE)
    offer_start(first_start, first_start.workspace)
    spare = save_processor(register, record=ProcessorRec(key="proc-spare", name="Spare SAS"))
    install_templates(register)
    start_assessment(register, processor=spare.key)
    page = first_start.processors
    first_start.tabs.setCurrentWidget(page)
    page.refresh()
    page.select_key(spare.key)
    asked: list[str] = []
    monkeypatch.setattr(
        prompts, "confirm", lambda parent, title, text, **k: asked.append(text) or True
    )
    qtbot.mouseClick(page.delete_button, LEFT)
    assert asked == [
        "Delete the processor “Spare SAS”? Its 1 due-diligence assessment is deleted with it. "
        "The audit trail keeps what it said."
    ]
    assert "Spare SAS" not in [p.name for p in list_processors(register)]
    assert assessments_of(register, processor=spare.key) == []
    events = [(e.entity_type, e.action) for e in audit_log(register, limit=2)]
    assert events == [("processor", AuditAction.DELETE), ("assessment", AuditAction.DELETE)]
    assert page.form.fields.name.text() != "Spare SAS"


def test_a_processor_still_used_is_refused_naming_the_activities(
    first_start: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = first_start.workspace.register
    monkeypatch.setattr(prompts, "ask_first_start", lambda parent: prompts.START_SAMPLE)
    offer_start(first_start, first_start.workspace)
    used = next(p for p in list_processors(register) if p.name.startswith("Email marketing"))
    page = first_start.processors
    first_start.tabs.setCurrentWidget(page)
    page.select_key(used.key)
    warned: list[str] = []
    monkeypatch.setattr(prompts, "warn", lambda parent, title, text: warned.append(text))
    qtbot.mouseClick(page.delete_button, LEFT)
    (text,) = warned
    assert text.startswith(f"The processor “{used.name}” is still used by ")
    assert "PA-" in text and " · " in text and text.endswith("Nothing was deleted.")
    assert used.key in [p.key for p in list_processors(register)]
