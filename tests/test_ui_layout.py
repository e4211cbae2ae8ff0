"""The window from 1024×640 to 2560×1440: nothing cut off at the smallest, no empty
column eating the width at the largest."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from ropa_desktop.ui.activity_model import COL_NAME, COL_REVIEW
from ropa_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_the_activity_editor_fits_its_pane_at_1024_by_640(sample_window: MainWindow) -> None:
    sample_window.resize(1024, 640)
    QApplication.processEvents()
    scroll = sample_window.activities.editor.scroll
    # The fields fit the pane: no sideways scrolling, so no field is cut at the right.
    assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()
    assert not scroll.horizontalScrollBar().isVisible()


def test_a_wide_window_gives_the_room_to_the_names(sample_window: MainWindow) -> None:
    sample_window.resize(2560, 1440)
    QApplication.processEvents()
    header = sample_window.activities.table.horizontalHeader()
    assert header.sectionSize(COL_NAME) > 3 * header.sectionSize(COL_REVIEW)
    # Every name of the sample is shown whole.
    table = sample_window.activities.table
    longest = max(
        table.fontMetrics().horizontalAdvance(str(table.model().index(r, COL_NAME).data()))
        for r in range(table.model().rowCount())
    )
    assert header.sectionSize(COL_NAME) > longest


def test_a_wide_window_widens_the_processor_names_not_the_risk(sample_window: MainWindow) -> None:
    sample_window.resize(2560, 1440)
    sample_window.tabs.setCurrentWidget(sample_window.processors)
    QApplication.processEvents()
    header = sample_window.processors.table.horizontalHeader()
    risk = len(sample_window.processors.COLUMNS) - 1
    assert header.sectionSize(0) > 2 * header.sectionSize(risk)
    form = sample_window.processors.form
    due = form.assessment_view.horizontalHeader()
    assert due.sectionSize(0) > due.sectionSize(due.count() - 1)  # not “Next review”
