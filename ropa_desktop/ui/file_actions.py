"""File menu work: export, import with a reviewed change set, open or connect a register.

Each runs its slow part on the job runner behind a cancellable progress dialog.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.services.labels import indefinite
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.ui import prompts
from ropa_desktop.ui.workers import JobCancelled
from ropa_desktop.ui.workspace import Workspace

if TYPE_CHECKING:
    from ropa_desktop.importers.spreadsheet.table_mapping import Mapping

# The importers are imported by the functions that use them, as the exporters are by
# ``exporter``: openpyxl and jsonschema are loaded when a file is read, not at start-up.

# format -> (module, function, what the user calls it, file filter)
EXPORTS = {
    "xlsx": (
        "ropa_desktop.exporters.xlsx",
        "export_xlsx",
        "Excel workbook",
        "Excel workbook (*.xlsx)",
    ),
    "pdf": ("ropa_desktop.exporters.pdf", "export_pdf", "PDF report", "PDF document (*.pdf)"),
    "json": (
        "ropa_desktop.exporters.json_export",
        "export_json",
        "JSON document",
        "JSON document (*.json)",
    ),
    "cnil": (
        "ropa_desktop.exporters.cnil",
        "export_cnil",
        "CNIL register",
        "CNIL register (*.ods *.xlsx)",
    ),
}
# The file names an export may have, when not ".<format>" (the first is the default).
SUFFIXES = {"cnil": (".ods", ".xlsx")}


def menu_text(fmt: str) -> str:
    """The File › Export entry: "CNIL register (.ods/.xlsx)…"."""
    suffixes = "/".join(SUFFIXES.get(fmt, (f".{fmt}",)))
    return f"{EXPORTS[fmt][2]} ({suffixes})…"


def exporter(fmt: str) -> Callable[[Register, Path], Any] | None:
    """The export function, imported only when asked (xlsx and pdf may not exist yet)."""
    module_name, function, _, _ = EXPORTS[fmt]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return None
    return getattr(module, function, None)


def export_register(parent: QWidget, workspace: Workspace, fmt: str) -> Path | None:
    """Ask where, write the export on a worker, move it into place; the written path."""
    _, _, what, name_filter = EXPORTS[fmt]
    write = exporter(fmt)
    if write is None:
        prompts.warn(
            parent, "Export not available", f"The {what} export is not part of this version yet."
        )
        return None
    suffixes = SUFFIXES.get(fmt, (f".{fmt}",))
    suggested = workspace.settings.last_folder / f"register{suffixes[0]}"
    path = prompts.ask_save_path(
        parent, f"Export the register as {indefinite(what)}", name_filter, suggested
    )
    if path is None:
        return None
    if path.suffix.lower() not in suffixes:
        path = path.with_name(f"{path.name}{suffixes[0]}")
    workspace.settings.remember_folder(path.parent)
    # Written beside the target under a hidden name and renamed at the end, so a
    # cancelled or failed export never leaves a file where the user asked for one.
    temp = path.with_name(f".{path.stem}.{uuid.uuid4().hex[:8]}.partial{path.suffix}")
    register = workspace.register
    discard: Callable[[Any], None] = lambda _result: temp.unlink(missing_ok=True)  # noqa: E731
    try:
        workspace.runner.run(
            parent, f"Writing the {what}…", lambda: write(register, temp), on_discard=discard
        )
    except JobCancelled:
        return None
    except (RopaError, OSError) as exc:
        temp.unlink(missing_ok=True)
        prompts.warn(parent, "Export failed", f"The {what} was not written: {exc}")
        return None
    os.replace(temp, path)
    return path


# format -> (dialog caption, file filter)
IMPORTS = {
    "json": ("Import a JSON register", "JSON document (*.json)"),
    "xlsx": ("Import the reviewed workbook", "Reviewed workbook (*.xlsx *.xlsm *.ods)"),
    "spreadsheet": (
        "Import an existing register",
        "Existing register: the CNIL's or the ICO's template, any table, a ropa-desktop export "
        "(*.ods *.xlsx *.xls *.csv *.tsv *.txt *.json);;All files (*)",
    ),
}
_SHOWN_ERRORS = 12


def _plan(
    register: Register,
    path: Path,
    fmt: str,
    take: frozenset[str] = frozenset(),
    mapping: Mapping | None = None,
) -> Any:
    """The change set a file asks for (ChangeSet or XlsxImport); nothing is written.

    ``take``: the workbook's conflicts where the reviewer chose the workbook's value;
    ``mapping``: how a table's columns map to the register, as the DPO chose.
    """
    from ropa_desktop.importers.json_import import read_document
    from ropa_desktop.importers.spreadsheet.existing import plan_spreadsheet
    from ropa_desktop.importers.xlsx import WorkbookRejected, plan_xlsx
    from ropa_desktop.services.interchange import import_records

    if fmt == "json" or _is_json(fmt, path):
        return import_records(register, read_document(path), dry_run=True)
    if fmt == "spreadsheet":
        result = plan_spreadsheet(register, path, mapping=mapping)
    else:
        result = plan_xlsx(register, path, take=take)
    if result.errors:
        raise WorkbookRejected(result)
    return result


def _is_json(fmt: str, path: Path) -> bool:
    return fmt == "spreadsheet" and path.suffix.lower() == ".json"


def _ask_mapping(parent: QWidget, workspace: Workspace, path: Path) -> tuple[bool, Mapping | None]:
    """(go on, the mapping): the mapping step for a table of its own layout, proposed from
    its headers or as the DPO mapped the same headers last time; (True, None) when the
    file needs no mapping (a CNIL or ICO template)."""
    from ropa_desktop.importers.spreadsheet.existing import read_register_file, table_to_map
    from ropa_desktop.importers.spreadsheet.table_mapping import mapping_from_text, mapping_text

    try:
        table = workspace.runner.run(
            parent, f"Reading {path.name}…", lambda: table_to_map(read_register_file(path))
        )
    except JobCancelled:
        return False, None
    except RopaError as exc:
        prompts.warn(parent, "Import failed", _rejected_text(exc))
        return False, None
    if table is None:
        return True, None
    remembered = workspace.settings.mapping(table.signature)
    if remembered:
        with contextlib.suppress(RopaError):  # a mapping kept by an older version
            table = table.mapped(mapping_from_text(remembered))
    mapping = prompts.ask_mapping(
        parent, f"Map the columns of {path.name}", table, workspace.settings.last_folder
    )
    if mapping is None:
        return False, None
    workspace.settings.remember_mapping(table.signature, mapping_text(mapping))
    return True, mapping


def _rejected_text(exc: RopaError) -> str:
    from ropa_desktop.importers.xlsx import WorkbookRejected

    if not isinstance(exc, WorkbookRejected):
        return str(exc)
    errors = exc.result.errors
    lines = [str(e) for e in errors[:_SHOWN_ERRORS]]
    if len(errors) > _SHOWN_ERRORS:
        lines.append(f"… and {len(errors) - _SHOWN_ERRORS} more.")
    return "Nothing was imported. Fix these cells and import again:\n" + "\n".join(lines)


def import_file(parent: QWidget, workspace: Workspace, fmt: str) -> bool:
    """Read a JSON register or a reviewed workbook, show its change set, apply it when asked."""
    from ropa_desktop.services.interchange import ChangeSet, apply_changes

    caption, name_filter = IMPORTS[fmt]
    path = prompts.ask_open_path(parent, caption, name_filter, workspace.settings.last_folder)
    if path is None:
        return False
    workspace.settings.remember_folder(path.parent)
    mapping = None
    if fmt == "spreadsheet" and not _is_json(fmt, path):
        go_on, mapping = _ask_mapping(parent, workspace, path)
        if not go_on:
            return False
    plan = _read_plan(parent, workspace, path, fmt, mapping=mapping)
    if plan is None:
        return False
    if plan.is_empty:  # no changes and, for a workbook, no conflicts to decide either
        prompts.inform(
            parent,
            "Import",
            f"{path.name} holds nothing new: the register already says the same."
            + (f"\n{plan.summary()}." if plan.lines() else ""),
        )
        return False
    taken = prompts.review_changes(parent, f"Import {path.name}", plan)
    if taken is None:
        return False
    if taken:
        # The reviewer took the workbook's value for some conflicts: plan again with
        # those choices, and apply that plan.
        plan = _read_plan(parent, workspace, path, fmt, take=taken, mapping=mapping)
        if plan is None:
            return False
    changes = plan if isinstance(plan, ChangeSet) else plan.changes
    register = workspace.register
    try:
        # Apply exactly the reviewed plan; its version checks refuse it if someone
        # changed the register in between. All or nothing, so it cannot be cancelled.
        workspace.runner.run(
            parent,
            "Applying the changes…",
            lambda: apply_changes(register, changes),
            cancellable=False,
        )
    except RopaError as exc:
        prompts.warn(parent, "Import failed", f"{exc} Nothing was imported.")
        return False
    finally:
        workspace.notify_changed()
    return True


def _read_plan(
    parent: QWidget,
    workspace: Workspace,
    path: Path,
    fmt: str,
    take: frozenset[str] = frozenset(),
    mapping: Mapping | None = None,
) -> Any:
    """The plan, read on the worker; None when cancelled or refused (the user was told)."""
    register = workspace.register
    try:
        return workspace.runner.run(
            parent, f"Reading {path.name}…", lambda: _plan(register, path, fmt, take, mapping)
        )
    except JobCancelled:
        return None
    except RopaError as exc:
        prompts.warn(parent, "Import failed", _rejected_text(exc))
        return None


def open_location(parent: QWidget, workspace: Workspace, target: str) -> bool:
    """Open a register file or URL on a worker and make it the workspace's register."""
    try:
        register = workspace.runner.run(
            parent, "Opening the register…", lambda: open_register(target, create=False)
        )
    except JobCancelled:
        return False
    except RopaError as exc:
        prompts.warn(parent, "Cannot open the register", str(exc))
        return False
    workspace.replace_register(register)
    if register.notice:
        prompts.inform(parent, "The register was repaired", register.notice)
    return True


def ask_register_file(parent: QWidget, workspace: Workspace) -> str | None:
    path = prompts.ask_open_path(
        parent,
        "Open a register",
        "Register database (*.sqlite *.db);;All files (*)",
        workspace.settings.last_folder,
    )
    return str(path) if path else None
