"""The activity list says what every activity lacks while the controller's contact details
are missing (Art. 30(1)(a)): its completeness column counts an activity's own requirements,
and the PDF's checklist marks (a) missing on every activity until the controller's are in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ropa_desktop.services.organisation import get_organisation
from ropa_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_the_list_says_every_activity_lacks_the_controllers_details_until_they_are_in(
    sample_window: MainWindow, qtbot: QtBot
) -> None:
    page = sample_window.activities
    # The sample's policy gives no contact for the controller itself.
    assert page.controller_gap.isVisible()
    assert page.controller_gap.text() == (
        "Art. 30(1)(a): the controller's contact details are not recorded, so every "
        "activity's record lacks them; fill them in on the Organisation page."
    )
    form = sample_window.organisation
    sample_window.tabs.setCurrentWidget(form)
    field = form.field("contact_email")
    field.setFocus()
    qtbot.keyClicks(field, "privacy@kpax.example")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    org = get_organisation(sample_window.workspace.register)
    assert org is not None and org.contact_email == "privacy@kpax.example"
    sample_window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: not page.controller_gap.isVisible())
    assert page.controller_gap.text() == ""
