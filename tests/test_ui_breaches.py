"""The Breaches page, driven like a user: a breach typed in and saved, a refusal beside
its field, the 72-hour clock before and after the deadline, deleting after a question."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from ropa_desktop.domain.enums import BreachNature, BreachRisk
from ropa_desktop.services.breaches.records import BREACHES, new_breach
from ropa_desktop.ui import prompts
from ropa_desktop.ui.breaches.page import BreachesPage
from ropa_desktop.ui.log_fields import DONE, LATE, RUNNING
from ropa_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
LEFT = Qt.MouseButton.LeftButton
PARIS = dt.timezone(dt.timedelta(hours=1))


def visible_error(widget: object, field: str) -> str:
    label = widget.findChild(QLabel, f"error:{field}")  # type: ignore[attr-defined]
    return label.text() if label is not None and not label.isHidden() else ""


def _page(window: MainWindow) -> BreachesPage:
    window.tabs.setCurrentWidget(window.breaches)
    QApplication.processEvents()
    return window.breaches


def _saved_breach(window: MainWindow, hours_ago: float, **changes: object) -> str:
    register = window.workspace.register
    aware = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours_ago)).astimezone(PARIS)
    rec = dataclasses.replace(new_breach(register, aware_at=aware), name="Laptop stolen", **changes)  # type: ignore[arg-type]
    BREACHES.save(register, record=rec)
    window.workspace.notify_changed()
    return rec.key


def test_a_user_records_a_breach(sample_window: MainWindow, qtbot: QtBot) -> None:
    page = _page(sample_window)
    qtbot.mouseClick(page.new_button, LEFT)
    form = page.form
    assert QApplication.focusWidget() is form.what.name
    aware = form.what.aware_at.value()
    assert aware is not None and aware.utcoffset() is not None  # now, in the computer's zone
    assert abs(dt.datetime.now(dt.UTC) - aware) < dt.timedelta(minutes=2)
    assert "72 h left" in form.clock.text() or "71 h left" in form.clock.text()
    qtbot.keyClicks(form.what.name, "Laptop stolen from a car")
    qtbot.keyClicks(form.what.description, "Left in a car overnight")
    box = form.what.natures.boxes[BreachNature.CONFIDENTIALITY]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    qtbot.keyClicks(form.people.subjects_count, "1 200")
    began = form.what.occurred_from
    assert began.when.text() == "Not set"
    began.when.setFocus()
    qtbot.keyClicks(began.when, "2026-11-29 22:00")  # typed over “Not set”
    began.zone.setFocus()
    qtbot.keyClicks(began.zone, "UTC+02:00")
    assert began.value() == dt.datetime(
        2026, 11, 29, 22, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))
    )
    form.risk.risk.setFocus()
    qtbot.keyClicks(form.risk.risk, "High")
    assert sample_window.state.text() == "Unsaved changes"
    qtbot.mouseClick(form.save_button, LEFT)
    (saved,) = BREACHES.listed(sample_window.workspace.register)
    assert saved.reference == "BR-01" and saved.name == "Laptop stolen from a car"
    assert saved.natures == (BreachNature.CONFIDENTIALITY,)
    assert saved.subjects_count == 1200 and saved.risk is BreachRisk.HIGH
    assert saved.aware_at == aware
    assert saved.occurred_from is not None and saved.occurred_from.isoformat() == (
        "2026-11-29T22:00:00+02:00"
    )
    (row,) = page.visible_rows()
    assert row[:2] == ("BR-01", "Laptop stolen from a car") and row[3] == "High risk"
    assert row[2].startswith("Notify by ") and row[2].endswith(" h left")
    assert form.title.text().startswith("<b>BR-01 · Laptop stolen from a car</b>")
    assert sample_window.state.text() == "All changes saved"
    # A high risk: the people must be told, or the reason not to recorded (Art. 34).
    messages = [form.duties_model.rows[r][1] for r in range(form.duties_model.rowCount())]
    assert any("communicated to the people concerned" in m for m in messages)


def test_a_refusal_stands_beside_its_field(sample_window: MainWindow, qtbot: QtBot) -> None:
    page = _page(sample_window)
    qtbot.mouseClick(page.new_button, LEFT)
    form = page.form
    qtbot.keyClicks(form.what.description, "No name given")
    qtbot.mouseClick(form.save_button, LEFT)
    assert visible_error(form, "name") == "is required"
    assert QApplication.focusWidget() is form.what.name
    assert BREACHES.listed(sample_window.workspace.register) == []
    assert form.what.description.toPlainText() == "No name given"  # nothing lost


def test_the_clock_71_hours_after_awareness(sample_window: MainWindow) -> None:
    _saved_breach(sample_window, 71, risk=BreachRisk.RISK)
    page = _page(sample_window)
    form = page.form
    assert form.clock.text().startswith("72-hour clock (Art. 33(1)): Notify by ")
    assert form.clock.text().endswith("(UTC+0100) — less than an hour left")
    assert form.clock.styleSheet() == RUNNING
    (row,) = page.visible_rows()
    assert row[2].endswith("(UTC+0100) — less than an hour left")
    assert form.duties_model.rows[0][0] == "To do"


def test_the_clock_73_hours_after_awareness(sample_window: MainWindow, qtbot: QtBot) -> None:
    _saved_breach(sample_window, 73.5, risk=BreachRisk.RISK)
    page = _page(sample_window)
    form = page.form
    assert form.clock.text() == "72-hour clock (Art. 33(1)): Overdue by 1 h"
    assert form.clock.styleSheet() == LATE
    (row,) = page.visible_rows()
    assert row[2] == "Overdue by 1 h"
    assert form.duties_model.rows[0][0] == "Blocking"
    assert "was due to be notified" in form.duties_model.rows[0][1]
    # The duty leads to its field, the message under it.
    form.duties_view.setFocus()
    form.duties_view.setCurrentIndex(form.duties_model.index(0, 1))
    qtbot.keyClick(form.duties_view, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is form.risk.notified_at.when
    assert "was due to be notified" in visible_error(form, "notified_at")
    # Notified now: the clock stops, and the delay wants its reasons.
    assert form.risk.notified_at.zone.currentText() == "UTC+01:00"  # awareness's zone
    qtbot.mouseClick(form.risk.notified_at.now_button, LEFT)
    assert form.clock.text().startswith("72-hour clock (Art. 33(1)): Notified ")
    assert form.clock.styleSheet() == DONE
    assert any("reasons for the delay" in r[1] for r in form.duties_model.rows)


def test_deleting_asks_first(
    sample_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _saved_breach(sample_window, 5, risk=BreachRisk.UNLIKELY, risk_reasons="Encrypted disk")
    page = _page(sample_window)
    assert page.form.clock.text().endswith("Not owed (unlikely to result in a risk)")
    asked: list[str] = []
    answer = False

    def confirm(parent: object, title: str, text: str, *, action: str = "OK") -> bool:
        asked.append(text)
        return answer

    monkeypatch.setattr(prompts, "confirm", confirm)
    qtbot.mouseClick(page.delete_button, LEFT)
    assert asked == [
        "Delete the breach “BR-01 · Laptop stolen”? The audit trail keeps what it said."
    ]
    assert len(BREACHES.listed(sample_window.workspace.register)) == 1
    answer = True
    qtbot.mouseClick(page.delete_button, LEFT)
    assert BREACHES.listed(sample_window.workspace.register) == []
    assert page.visible_rows() == [] and page.form.title.text().startswith("<b>New breach BR-01")


def test_ctrl_s_saves_and_leaving_an_edit_asks_first(
    sample_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _saved_breach(sample_window, 10, risk=BreachRisk.RISK)
    second = _saved_breach(sample_window, 20, risk=BreachRisk.RISK)
    page = _page(sample_window)
    page.open_record(first)
    form = page.form
    form.what.name.setFocus()
    qtbot.keyClicks(form.what.name, " (edited)")
    asked: list[str] = []
    monkeypatch.setattr(
        prompts, "ask_unsaved", lambda parent, what: asked.append(what) or prompts.CANCEL
    )
    page.select_key(second)
    assert asked == ["The breach “BR-01 · Laptop stolen (edited)”"]
    assert form.record().key == first and page.selected_key() == first
    qtbot.keyClick(form.what.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert (
        BREACHES.get(sample_window.workspace.register, key=first).name == "Laptop stolen (edited)"
    )
    assert not form.is_dirty
    page.select_key(second)
    assert form.record().key == second and len(asked) == 1
