"""`make screenshots` renders every main screen of the app, not a blank window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from ropa_desktop.ui.screenshots import render

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_every_screen_is_rendered_with_content(qapp: object, tmp_path: Path) -> None:
    paths = render(tmp_path)
    assert [p.name for p in paths] == [
        "1-activities.png", "2-processors.png", "3-retention.png", "4-findings.png",
        "5-audit.png", "6-organisation.png", "7-assessment.png", "8-retention-rule.png",
        "9-retention-library.png", "10-breaches.png", "11-requests.png",
    ]  # fmt: skip
    for path in paths:
        image = QImage(str(path))
        assert image.width() >= 600 and image.height() >= 400, path.name
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 7)
            for y in range(0, image.height(), 7)
        }
        assert len(colours) > 20, f"{path.name} looks blank"
