"""The Rights requests page, driven like a user: a request with an extension and its later
due date, a refusal beside its field, the year's summary, deleting after a question."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from ropa_desktop.domain.enums import RequestOutcome, RequestType
from ropa_desktop.services.requests.records import REQUESTS, new_request
from ropa_desktop.ui import prompts
from ropa_desktop.ui.conflict_dialog import ConflictDialog
from ropa_desktop.ui.main_window import MainWindow
from ropa_desktop.ui.requests.page import RequestsPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
LEFT = Qt.MouseButton.LeftButton


def visible_error(widget: object, field: str) -> str:
    label = widget.findChild(QLabel, f"error:{field}")  # type: ignore[attr-defined]
    return label.text() if label is not None and not label.isHidden() else ""


def _page(window: MainWindow) -> RequestsPage:
    window.tabs.setCurrentWidget(window.requests)
    QApplication.processEvents()
    return window.requests


def test_an_extension_moves_the_due_date(sample_window: MainWindow, qtbot: QtBot) -> None:
    page = _page(sample_window)
    qtbot.mouseClick(page.new_button, LEFT)
    form = page.form
    assert QApplication.focusWidget() is form.request.request_type
    qtbot.keyClicks(form.request.request_type, "Erasure")
    form.request.received_on.setDate(QDate(2027, 1, 31))
    assert form.due.text().startswith("Answer due by 2027-02-28: one month from receipt")
    months = form.answer.extension_months
    months.setFocus()
    qtbot.keyClick(months, Qt.Key.Key_Up)
    qtbot.keyClick(months, Qt.Key.Key_Up)
    assert form.due.text().startswith(
        "Answer due by 2027-04-30: one month and 2 further months (Art. 12(3))"
    )
    qtbot.mouseClick(form.save_button, LEFT)  # an extension needs its reason
    assert visible_error(form, "extension_reason").startswith("is required with an extension")
    assert REQUESTS.listed(sample_window.workspace.register) == []
    qtbot.keyClicks(form.answer.extension_reason, "Hundreds of e-mails to review")
    qtbot.mouseClick(form.save_button, LEFT)
    (saved,) = REQUESTS.listed(sample_window.workspace.register)
    assert saved.request_type is RequestType.ERASURE and saved.extension_months == 2
    assert page.visible_rows() == [
        ("RR-01", "Erasure (Art. 17)", "Open", "2027-04-30", "2027-01-31")
    ]
    assert form.title.text().startswith("<b>RR-01 · Erasure (Art. 17)</b>")


def test_the_years_summary(sample_window: MainWindow, qtbot: QtBot) -> None:
    register = sample_window.workspace.register
    for received, kind, closed, outcome in (
        (dt.date(2025, 3, 1), RequestType.ACCESS, dt.date(2025, 3, 11), RequestOutcome.GRANTED),
        (dt.date(2025, 5, 1), RequestType.ACCESS, dt.date(2025, 5, 21), RequestOutcome.NO_DATA),
        (dt.date(2025, 6, 1), RequestType.ERASURE, dt.date(2025, 7, 15), RequestOutcome.GRANTED),
        (dt.date(2024, 6, 1), RequestType.OBJECTION, dt.date(2024, 6, 5), RequestOutcome.GRANTED),
    ):
        rec = new_request(register, received_on=received)
        rec = dataclasses.replace(rec, request_type=kind, closed_on=closed, outcome=outcome)
        REQUESTS.save(register, record=rec)
    page = _page(sample_window)
    years = [page.year.itemText(i) for i in range(page.year.count())]
    assert years[-2:] == ["2025", "2024"] and years[0] == str(dt.date.today().year)
    page.year.setFocus()
    qtbot.keyClicks(page.year, "2025")
    assert page.summary.text().splitlines() == [
        "2025: 3 requests received, median 20 days to answer, 1 late.",
        "By right: Access (Art. 15): 2, Erasure (Art. 17): 1.",
        "By outcome: Granted: 2, No data held: 1.",
    ]
    qtbot.keyClick(page.year, Qt.Key.Key_Down)  # the year before
    assert page.summary.text().startswith("2024: 1 request received, median 4 days")


def test_deleting_asks_first(
    sample_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = sample_window.workspace.register
    REQUESTS.save(register, record=new_request(register, received_on=dt.date.today()))
    page = _page(sample_window)
    asked: list[str] = []
    monkeypatch.setattr(
        prompts, "confirm", lambda parent, title, text, action="OK": asked.append(text) or False
    )
    qtbot.mouseClick(page.delete_button, LEFT)
    assert asked == [
        "Delete the rights request “RR-01 · Access (Art. 15)”? The audit trail keeps what it said."
    ]
    assert len(REQUESTS.listed(register)) == 1
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    qtbot.mouseClick(page.delete_button, LEFT)
    assert REQUESTS.listed(register) == [] and page.visible_rows() == []


def test_a_request_saved_meanwhile_goes_to_the_conflict_dialog_by_its_title(
    sample_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = sample_window.workspace.register
    rec = REQUESTS.save(register, record=new_request(register, received_on=dt.date.today()))
    page = _page(sample_window)
    REQUESTS.save(register, record=dataclasses.replace(rec, requester="Someone else"))
    shown: list[str] = []

    def resolve(parent: object, entity: str, mine: object, theirs: object) -> str:
        dialog = ConflictDialog(entity, mine, theirs, sample_window)
        shown.append(dialog.message.text())
        dialog.deleteLater()
        return "cancel"

    monkeypatch.setattr(prompts, "resolve_conflict", resolve)
    qtbot.keyClicks(page.form.request.channel, "Letter")
    qtbot.mouseClick(page.form.save_button, LEFT)
    assert shown and shown[0].startswith(
        "The rights request “RR-01 · Access (Art. 15)” was saved by someone else"
    )
    assert page.form.request.channel.text() == "Letter"  # mine stays on screen
    assert REQUESTS.get(register, key=rec.key).channel == ""
