"""Send a questionnaire workbook to a vendor and read its answers back, with the prompts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QWidget

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.domain.records import AssessmentRec
from ropa_desktop.exporters.vendor_questionnaire import export_vendor_questionnaire
from ropa_desktop.importers.vendor_questionnaire import AnswersRejected, import_vendor_answers
from ropa_desktop.ui import prompts
from ropa_desktop.ui.workspace import Workspace

_FILTER = "Excel workbook (*.xlsx)"


def export_workbook(
    parent: QWidget, workspace: Workspace, rec: AssessmentRec, processor_name: str, today: dt.date
) -> Path | None:
    """Ask where, write the blank questionnaire of ``rec``; the path written, or None."""
    suggested = (
        workspace.settings.last_folder / f"{_file_name(processor_name)} - questionnaire.xlsx"
    )
    path = prompts.ask_save_path(
        parent, "Export the questionnaire for the vendor", _FILTER, suggested
    )
    if path is None:
        return None
    try:
        export_vendor_questionnaire(workspace.register, key=rec.key, path=path, today=today)
    except RopaError as exc:
        prompts.warn(parent, "Not exported", str(exc))
        return None
    workspace.settings.remember_folder(path)
    prompts.inform(parent, "Exported", f"Send {path.name} to {processor_name}.")
    return path


def import_workbook(
    parent: QWidget, workspace: Workspace, rec: AssessmentRec, today: dt.date
) -> AssessmentRec | None:
    """Ask which file, import the vendor's answers into ``rec``; the saved record, or None."""
    path = prompts.ask_open_path(
        parent, "Import the vendor's answers", _FILTER, workspace.settings.last_folder
    )
    if path is None:
        return None
    try:
        got, saved = import_vendor_answers(
            workspace.register, path, expected_assessment=rec.key, received_on=today
        )
    except AnswersRejected as exc:
        lines = "\n".join(f"• {p}" for p in exc.problems[:12])
        prompts.warn(parent, "Not imported", f"{path.name} was not imported:\n{lines}")
        return None
    except RopaError as exc:
        prompts.warn(parent, "Not imported", str(exc))
        return None
    workspace.settings.remember_folder(path)
    prompts.inform(
        parent, "Imported", f"{got.answered} answers from {got.file}; status: {saved.status.label}."
    )
    return saved


def _file_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in " -_." else "_" for c in name).strip()[:80]
