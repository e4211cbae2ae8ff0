"""Every message box, question and file dialog of the app, in one seam.

Callers use ``prompts.confirm(...)`` (the module attribute, never a copied name) so
tests replace a single function instead of clicking native dialogs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def confirm(parent: QWidget | None, title: str, text: str, *, action: str = "OK") -> bool:
    """Ask a yes/no question whose yes button names the action; True when confirmed."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is yes


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user something went wrong, in one sentence."""
    QMessageBox.warning(parent, title, text)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


START_SAMPLE, START_EMPTY, START_IMPORT = "sample", "empty", "import"


def ask_first_start(parent: QWidget | None) -> str:
    """What an empty register starts with: START_SAMPLE, START_EMPTY or START_IMPORT."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Start your register",
        "This register is empty. How do you want to start?",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setInformativeText(
        "The sample register is modelled on the public privacy policy of KPAX, a real company; "
        "where the policy is silent its fields are empty and marked to confirm. Look around in "
        "it, then start your own with File › New register."
    )
    sample = box.addButton("Open the &sample register", QMessageBox.ButtonRole.AcceptRole)
    empty = box.addButton("Start &empty", QMessageBox.ButtonRole.RejectRole)
    imported = box.addButton("&Import an existing register…", QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(empty)
    box.setEscapeButton(empty)
    box.exec()
    clicked = box.clickedButton()
    if clicked is sample:
        return START_SAMPLE
    return START_IMPORT if clicked is imported else START_EMPTY


def ask_unsaved(parent: QWidget | None, what: str) -> str:
    """Save, discard or cancel for unsaved changes; returns SAVE, DISCARD or CANCEL."""
    buttons = (
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    answer = QMessageBox.question(
        parent,
        "Unsaved changes",
        f"{what} has unsaved changes. Save them first?",
        buttons,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Save:
        return SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return DISCARD
    return CANCEL


def settle_unsaved(
    parent: QWidget | None, what: str, *, save: Callable[[], bool], discard: Callable[[], None]
) -> bool:
    """The unsaved-changes guard every editor shares: True when it is fine to move on
    (the edits were saved, or the user chose to discard them)."""
    answer = ask_unsaved(parent, what)
    if answer == SAVE:
        return save()
    if answer == DISCARD:
        discard()
        return True
    return False


def ask_save_path(
    parent: QWidget | None, caption: str, name_filter: str, suggested: Path
) -> Path | None:
    """A file to write, or None when the user cancels."""
    path, _ = QFileDialog.getSaveFileName(parent, caption, str(suggested), name_filter)
    return Path(path) if path else None


def ask_open_path(
    parent: QWidget | None, caption: str, name_filter: str, folder: Path
) -> Path | None:
    """An existing file to read, or None when the user cancels."""
    path, _ = QFileDialog.getOpenFileName(parent, caption, str(folder), name_filter)
    return Path(path) if path else None


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """One line of text, stripped; None when cancelled or left empty."""
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    value = value.strip()
    return value if ok and value else None


def ask_connection(parent: QWidget | None, workspace: Any) -> Any | None:
    """The connect dialog (ui.connect_dialog): a Connected register, or None when cancelled."""
    from ropa_desktop.ui.connect_dialog import ask_connection as show

    return show(parent, workspace)


def resolve_conflict(parent: QWidget | None, entity: str, mine: Any, theirs: Any | None) -> str:
    """Show the conflict dialog; returns "reload", "overwrite" or "cancel"."""
    from ropa_desktop.ui.conflict_dialog import ConflictDialog

    dialog = ConflictDialog(entity, mine, theirs, parent)
    dialog.exec()
    choice = dialog.choice
    dialog.deleteLater()
    return choice


def ask_new_entry(parent: QWidget | None, what: str) -> Any | None:
    """Name (and description) of a new catalogue entry; None when cancelled."""
    from ropa_desktop.ui.catalogue_entry import NewEntryDialog

    dialog = NewEntryDialog(what, parent)
    accepted = dialog.exec() == NewEntryDialog.DialogCode.Accepted
    entry = dialog.entry() if accepted else None
    dialog.deleteLater()
    return entry


def settle_conflict(
    parent: QWidget | None,
    entity: str,
    mine: Any,
    theirs: Any | None,
    *,
    overwrite: Callable[[int], bool],
    reload: Callable[[Any], None],
) -> bool:
    """Someone else saved the same record: reload theirs, overwrite with mine, or keep
    mine on screen (cancel). True only when mine was saved over theirs."""
    choice = resolve_conflict(parent, entity, mine, theirs)
    if choice == "overwrite":
        return overwrite(theirs.version if theirs is not None else 0)
    if choice == "reload" and theirs is not None:
        reload(theirs)
    return False


def review_changes(parent: QWidget | None, title: str, plan: Any) -> frozenset[str] | None:
    """Show an import's plan (a ChangeSet or an XlsxImport) for review.

    None when cancelled; on Apply, the ids of the conflicts where the reviewer chose
    the workbook's value (empty when the register's value is kept for each).
    """
    from ropa_desktop.ui.import_dialog import ChangeSetDialog

    dialog = ChangeSetDialog(title, plan, parent)
    accepted = dialog.exec() == ChangeSetDialog.DialogCode.Accepted
    taken = dialog.taken() if accepted else None
    dialog.deleteLater()
    return taken


def ask_mapping(parent: QWidget | None, title: str, table: Any, folder: Path) -> Any | None:
    """The mapping step for a table of its own layout: the chosen ``Mapping``, or None
    when cancelled. ``table`` comes mapped as proposed (or as remembered)."""
    from ropa_desktop.ui.mapping_dialog import MappingDialog

    dialog = MappingDialog(title, table, folder, parent)
    accepted = dialog.exec() == MappingDialog.DialogCode.Accepted
    mapping = dialog.mapping() if accepted else None
    dialog.deleteLater()
    return mapping


def report_unhandled(kind: type[BaseException], error: BaseException, trace: Any) -> None:
    """``sys.excepthook`` of the app: an error meant for the user (RopaError: a server gone,
    a disk full, a damaged file) that reached the event loop is one sentence in a dialog,
    never a traceback; anything else is a bug and goes to the default hook."""
    from ropa_desktop.domain.errors import RopaError

    if isinstance(error, RopaError):
        warn(None, "Not done", str(error))
        return
    sys.__excepthook__(kind, error, trace)
