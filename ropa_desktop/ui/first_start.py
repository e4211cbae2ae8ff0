"""Starting a register: the first start's choice, and File › New register.

An empty register is never filled silently: the DPO chooses the sample (labelled as
the sample modelled on KPAX's public privacy policy), an empty register of their own,
or an import of the register they already keep.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.services.register import is_empty, open_register
from ropa_desktop.ui import file_actions, prompts
from ropa_desktop.ui.workers import JobCancelled
from ropa_desktop.ui.workspace import Workspace

SAMPLE, EMPTY, IMPORT = prompts.START_SAMPLE, prompts.START_EMPTY, prompts.START_IMPORT


def offer_start(parent: QWidget, workspace: Workspace) -> str:
    """Ask what an empty register starts with, and do it; "" when the register holds data."""
    register = workspace.register
    if not is_empty(register):
        return ""
    choice = prompts.ask_first_start(parent)
    if choice == SAMPLE:
        from ropa_desktop.importers.sample import load_sample  # jsonschema: not at start-up

        try:
            workspace.runner.run(
                parent, "Loading the sample register…", lambda: load_sample(register)
            )
        except (RopaError, JobCancelled) as exc:
            prompts.warn(parent, "The sample was not loaded", str(exc) or "Cancelled.")
            return EMPTY
    elif choice == IMPORT:
        if not file_actions.import_file(parent, workspace, "spreadsheet"):
            return EMPTY
    else:
        return EMPTY
    # As if the register had just been opened: its name in the title, its first activity shown.
    workspace.reopened()
    return choice


def new_register(parent: QWidget, workspace: Workspace) -> bool:
    """File › New register…: a new, empty register file, opened in place of the current one."""
    folder = workspace.settings.last_folder
    path = prompts.ask_save_path(
        parent, "New register", "Register database (*.sqlite)", folder / "register.sqlite"
    )
    if path is None:
        return False
    if path.suffix == "":
        path = path.with_suffix(".sqlite")
    if path.exists():
        prompts.warn(
            parent,
            "Not created",
            f"{path.name} already exists; a new register is never written over a file. "
            "Choose a new name, or open that file with File › Open register file.",
        )
        return False
    try:
        register = workspace.runner.run(
            parent, "Creating the register…", lambda: open_register(str(path), create=True)
        )
    except JobCancelled:
        return False
    except RopaError as exc:
        prompts.warn(parent, "Not created", str(exc))
        return False
    workspace.settings.remember_folder(Path(path).parent)
    workspace.replace_register(register)
    return True
