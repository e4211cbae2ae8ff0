"""Two app windows on one register, each with its own connection, as two colleagues
have them: each sees the other's saves, and an open editor says who changed its record.

On SQLite and on the real PostgreSQL server with two login roles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ropa_desktop.importers.sample import load_sample
from ropa_desktop.services import team
from ropa_desktop.services.audit import audit_log
from ropa_desktop.services.register import open_register
from ropa_desktop.services.templates import install_templates
from ropa_desktop.ui import prompts
from ropa_desktop.ui.main_window import MainWindow
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workspace import Workspace
from tests.conftest import make_register

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
LEFT = Qt.MouseButton.LeftButton
SEEN_WITHIN_MS = 2000


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def pair(
    request: pytest.FixtureRequest, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> tuple[MainWindow, MainWindow]:
    """Alice's window and Bob's, on one register; on PostgreSQL as the logins alice
    (dpo) and bob (editor)."""
    owner = make_register(request.param, request, tmp_path)
    load_sample(owner)
    install_templates(owner)
    if owner.is_sqlite:
        targets = {"alice": owner.location, "bob": owner.location}
    else:
        team.init_team(owner)
        team.add_member(owner, login="alice", role="dpo")
        team.add_member(owner, login="bob", role="editor")
        url = owner.engine.url
        targets = {n: url.set(username=n).render_as_string() for n in ("alice", "bob")}
    windows = []
    for n, (name, target) in enumerate(targets.items()):
        register = open_register(target, actor=name, create=False)
        request.addfinalizer(register.close)
        assert register.actor == name
        win = MainWindow(Workspace(register, UiSettings(path=tmp_path / f"{name}.ini")))
        qtbot.addWidget(
            win,
            before_close_func=lambda _: monkeypatch.setattr(
                prompts, "ask_unsaved", lambda parent, what: prompts.DISCARD
            ),
        )
        win.resize(1024, 640)
        win.move(n * 40, n * 40)
        win.show()
        qtbot.waitExposed(win)
        windows.append(win)
    return windows[0], windows[1]


def _retype(qtbot: QtBot, win: MainWindow, text: str) -> None:
    name = win.activities.editor.identity.name
    name.selectAll()
    qtbot.keyClicks(name, text)


def _save(qtbot: QtBot, win: MainWindow) -> None:
    qtbot.mouseClick(win.activities.editor.save_button, LEFT)
    assert not win.activities.editor.is_dirty


def _listed_names(win: MainWindow) -> list[str]:
    proxy = win.activities.proxy
    return [str(proxy.index(r, 1).data()) for r in range(proxy.rowCount())]


def _last_by_line(win: MainWindow, verb: str = "Changed") -> str:
    event = audit_log(win.workspace.register, limit=1)[0]
    return f"{verb} by {event.actor} at {event.at.astimezone():%H:%M}"


def _bar_text(win: MainWindow) -> Callable[[], str]:
    bar = win.activities.editor.changed_bar
    return lambda: bar.label.text() if bar.isVisible() else ""


def test_each_window_sees_the_others_saves_and_not_its_own(
    pair: tuple[MainWindow, MainWindow], qtbot: QtBot
) -> None:
    alice, bob = pair
    key = alice.activities.editor.current_key()
    assert key and bob.activities.editor.current_key() == key  # both on the first row
    _retype(qtbot, bob, "Webinar sign-up (Bob's words)")
    _save(qtbot, bob)
    qtbot.waitUntil(
        lambda: "Webinar sign-up (Bob's words)" in _listed_names(alice), timeout=SEEN_WITHIN_MS
    )
    # Alice was not editing it: her form shows Bob's version, and says whose it is.
    assert alice.activities.editor.identity.name.text() == "Webinar sign-up (Bob's words)"
    assert not alice.activities.editor.is_dirty
    expected = f"{_last_by_line(bob)}; you are seeing their version."
    assert expected.startswith("Changed by bob at ")
    qtbot.waitUntil(lambda: _bar_text(alice)() == expected, timeout=SEEN_WITHIN_MS)

    alice.tabs.setCurrentWidget(alice.processors)  # a list on another page follows too
    before = alice.processors.proxy.rowCount()
    alice.activities.editor.changed_bar.dismiss_button.click()
    alice.tabs.setCurrentWidget(alice.activities)
    _retype(qtbot, alice, "Webinar sign-up (Alice's words)")
    _save(qtbot, alice)
    qtbot.waitUntil(
        lambda: bob.activities.editor.identity.name.text() == "Webinar sign-up (Alice's words)",
        timeout=SEEN_WITHIN_MS,
    )
    assert "Webinar sign-up (Alice's words)" in _listed_names(bob)
    qtbot.waitUntil(lambda: _bar_text(bob)().startswith("Changed by alice at "), timeout=1000)
    qtbot.wait(600)  # more than two polls: a window's own saves never raise its bar
    assert _bar_text(alice)() == ""
    assert alice.processors.proxy.rowCount() == before


def _both_edit_bob_saves(
    qtbot: QtBot, alice: MainWindow, bob: MainWindow, alices: str, bobs: str
) -> None:
    """Alice is typing in the record Bob saves: her bar offers Reload, naming Bob."""
    _retype(qtbot, alice, alices)
    _retype(qtbot, bob, bobs)
    _save(qtbot, bob)
    expected = f"{_last_by_line(bob)} — Reload?"
    qtbot.waitUntil(lambda: _bar_text(alice)() == expected, timeout=SEEN_WITHIN_MS)


def test_an_edited_record_keeps_the_users_edits_until_they_reload(
    pair: tuple[MainWindow, MainWindow], qtbot: QtBot
) -> None:
    alice, bob = pair
    editor = alice.activities.editor
    _both_edit_bob_saves(qtbot, alice, bob, "Alice's unsaved name", "Bob's saved name")
    assert "Bob's saved name" in _listed_names(alice)  # the list shows what is saved
    assert editor.is_dirty and editor.identity.name.text() == "Alice's unsaved name"
    qtbot.mouseClick(editor.changed_bar.reload_button, LEFT)
    assert editor.identity.name.text() == "Bob's saved name" and not editor.is_dirty
    assert editor.saved_record().version == bob.activities.editor.saved_record().version
    assert not editor.changed_bar.isVisible()
    editor.undo_stack.undo()  # Reload was a step: Alice's words come back, unsaved
    assert editor.identity.name.text() == "Alice's unsaved name" and editor.is_dirty


def test_keeping_ones_own_version_leads_to_the_conflict_on_save(
    pair: tuple[MainWindow, MainWindow], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = pair
    editor = alice.activities.editor
    _both_edit_bob_saves(qtbot, alice, bob, "Alice's name", "Bob's name")
    qtbot.mouseClick(editor.changed_bar.dismiss_button, LEFT)
    assert not editor.changed_bar.isVisible() and editor.is_dirty
    asked: list[str] = []
    monkeypatch.setattr(
        prompts,
        "resolve_conflict",
        lambda p, entity, mine, theirs: asked.append(theirs.name) or "cancel",
    )
    qtbot.mouseClick(editor.save_button, LEFT)
    assert asked == ["Bob's name"] and editor.identity.name.text() == "Alice's name"


def test_a_colleagues_deletion_of_the_open_record_is_said(
    pair: tuple[MainWindow, MainWindow], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = pair
    if not bob.workspace.register.is_sqlite:
        bob = alice  # only a DPO deletes; then Bob's window is the one that watches
        alice = pair[1]
    key = alice.activities.editor.current_key()
    _retype(qtbot, alice, "Still being edited")
    monkeypatch.setattr(prompts, "confirm", lambda *args, **kwargs: True)
    bob.activities.run_action("delete")
    assert bob.activities.editor.current_key() != key
    qtbot.waitUntil(lambda: "Deleted by " in _bar_text(alice)(), timeout=SEEN_WITHIN_MS)
    assert _bar_text(alice)().endswith("; your edits stay on screen, and Save will ask what to do.")
    assert not alice.activities.editor.changed_bar.reload_button.isVisible()
    assert alice.activities.editor.identity.name.text() == "Still being edited"
