"""Render the main screens offscreen to PNG for the README (``make screenshots``).

    QT_QPA_PLATFORM=offscreen python -m ropa_desktop.ui.screenshots [OUT_DIR]

The app is opened on a scratch register holding the sample register, exactly as
a first start shows it, and each page (plus the assessment and retention dialogs)
is grabbed at 1360x860.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from ropa_desktop.domain.enums import BreachNature, BreachRisk, RequestOutcome, RequestType
from ropa_desktop.importers.sample import load_sample
from ropa_desktop.paths import ROOT
from ropa_desktop.services.assessments import start_assessment
from ropa_desktop.services.breaches.records import BREACHES, new_breach
from ropa_desktop.services.processors import list_processors
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.services.requests.records import REQUESTS, new_request
from ropa_desktop.services.retention import list_rules
from ropa_desktop.services.templates import install_templates
from ropa_desktop.ui.assessment_dialog import AssessmentDialog
from ropa_desktop.ui.main_window import MainWindow
from ropa_desktop.ui.retention_library_dialog import RetentionLibraryDialog
from ropa_desktop.ui.retention_rule_form import RetentionRuleDialog
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workspace import Workspace

SIZE = (1360, 860)


def _save(widget: QWidget, path: Path) -> Path:
    QApplication.processEvents()
    widget.grab().save(str(path))
    return path


def _logs(register: Register) -> None:
    """A few breaches and rights requests, dated from now, for the log pages."""
    now = dt.datetime.now(dt.UTC)
    paris = dt.timezone(dt.timedelta(hours=1))
    for hours, name, changes in (
        (40 * 24, "Phishing of a support account", {"risk": BreachRisk.RISK,
         "notified_at": now - dt.timedelta(days=39), "authority_reference": "CNIL-2026-0412"}),
        (20 * 24, "Server outage", {"risk": BreachRisk.UNLIKELY,
         "risk_reasons": "Restored from backups within the hour; nothing was disclosed."}),
        (80, "Newsletter sent to the wrong list", {"risk": BreachRisk.HIGH}),
        (30, "Laptop stolen from a car", {"risk": BreachRisk.RISK,
         "natures": (BreachNature.CONFIDENTIALITY,), "subjects_count": 1200}),
    ):  # fmt: skip
        aware = (now - dt.timedelta(hours=hours)).astimezone(paris)
        rec = dataclasses.replace(new_breach(register, aware_at=aware), name=name, **changes)
        BREACHES.save(register, record=rec)
    today = dt.date.today()
    for days, kind, extension, outcome in (
        (90, RequestType.ACCESS, 0, RequestOutcome.GRANTED),
        (70, RequestType.OBJECTION, 2, None),
        (50, RequestType.ERASURE, 0, None),
        (10, RequestType.ACCESS, 0, None),
    ):
        rec = dataclasses.replace(
            new_request(register, received_on=today - dt.timedelta(days=days)),
            request_type=kind, requester="A customer", channel="rgpd@ mailbox",
            extension_months=extension,
            extension_reason="Many records to gather" if extension else "", outcome=outcome,
            closed_on=today - dt.timedelta(days=days - 20) if outcome else None,
        )  # fmt: skip
        REQUESTS.save(register, record=rec)


def render(out_dir: Path, size: tuple[int, int] = SIZE) -> list[Path]:
    """Write one PNG per screen into ``out_dir`` with the window at ``size``; returns
    their paths. Layouts are checked at 1024×640 and 2560×1440 too."""
    app = QApplication.instance() or QApplication([])
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        register = open_register(Path(scratch) / "sample.sqlite", actor="dpo")
        load_sample(register)
        _logs(register)
        workspace = Workspace(register, UiSettings(path=Path(scratch) / "ui.ini"))
        window = MainWindow(workspace)
        window.resize(*size)
        window.show()
        window.activities.editor.refresh_review()  # normally 250 ms after the last edit
        for index, name in enumerate(
            ("activities", "processors", "retention", "findings", "audit", "organisation")
        ):
            window.tabs.setCurrentIndex(index)
            written.append(_save(window, out_dir / f"{index + 1}-{name}.png"))
        proc = list_processors(register)[0]
        install_templates(register)
        started = start_assessment(register, processor=proc.key)
        dialog = AssessmentDialog(workspace, started.key, window)
        dialog.resize(1000, 800)
        dialog.show()
        written.append(_save(dialog, out_dir / "7-assessment.png"))
        dialog.reject()
        rule = list_rules(register)[0]
        rule_dialog = RetentionRuleDialog(workspace, rule, window)
        rule_dialog.show()
        written.append(_save(rule_dialog, out_dir / "8-retention-rule.png"))
        rule_dialog.reject()
        library = RetentionLibraryDialog(workspace, window)
        library.resize(1100, 700)
        library.show()
        written.append(_save(library, out_dir / "9-retention-library.png"))
        library.reject()
        for index, page in ((10, window.breaches), (11, window.requests)):
            window.tabs.setCurrentWidget(page)
            written.append(_save(window, out_dir / f"{index}-{page.TITLE.lower().split()[-1]}.png"))
        window.close()
        workspace.runner.wait()
        register.close()
    del app
    return written


if __name__ == "__main__":
    # python -m ropa_desktop.ui.screenshots [DIR] [WIDTHxHEIGHT]
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    width, _, height = (sys.argv[2] if len(sys.argv) > 2 else "x".join(map(str, SIZE))).partition(
        "x"
    )
    for path in render(target, (int(width), int(height))):
        print(f"Wrote {path}")
