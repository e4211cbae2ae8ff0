"""Whole-activity actions behind the unsaved-changes guard: duplicate, approve, retire, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.services import activities
from ropa_desktop.services.references import next_reference  # noqa: F401 (the list page numbers new activities)
from ropa_desktop.ui import prompts

if TYPE_CHECKING:
    from ropa_desktop.ui.activity_editor import ActivityEditor

DUPLICATE, APPROVE, RETIRE, DELETE = "duplicate", "approve", "retire", "delete"


def run_activity_action(editor: ActivityEditor, action: str) -> bool:
    """Run one action on the editor's saved activity; True when something changed."""
    rec = editor.saved_record()
    if not editor.current_key() or not editor.maybe_leave():
        return False
    rec = editor.saved_record()
    register = editor.workspace.register
    try:
        if action == DUPLICATE:
            copy = activities.duplicate_activity(register, key=rec.key)
            editor.workspace.notify_changed()
            editor.duplicated.emit(copy.key)
            return True
        if action == APPROVE and prompts.confirm(
            editor, "Approve activity",
            f"Approve “{rec.title}” as it stands? Your name and today's date are recorded "
            f"as its approval, and it becomes version {rec.version + 1}.", action="Approve",
        ):  # fmt: skip
            editor.load(activities.approve_activity(register, key=rec.key, version=rec.version))
            editor.workspace.notify_changed()
            return True
        if action == RETIRE and prompts.confirm(
            editor, "Retire activity",
            f"Retire “{rec.name}”? It stays in the register, marked retired.", action="Retire",
        ):  # fmt: skip
            editor.load(activities.retire_activity(register, key=rec.key, version=rec.version))
            editor.workspace.notify_changed()
            return True
        if action == DELETE and prompts.confirm(
            editor, "Delete activity",
            f"Delete “{rec.name}” and its retention rules? The audit log keeps every value.",
            action="Delete",
        ):  # fmt: skip
            activities.delete_activity(register, key=rec.key, version=rec.version)
            editor.clear()
            editor.removed.emit(rec.key)
            editor.workspace.notify_changed()
            return True
    except RopaError as exc:
        prompts.warn(editor, "Not done", str(exc))
        # Someone else may have changed or removed it: its row is read again.
        editor.workspace.notify_changed(activities=[rec.key])
    return False


def run_bulk_action(editor: ActivityEditor, action: str, keys: list[str]) -> int:
    """Approve, retire or delete several selected activities after one confirmation.

    Each activity is its own change (with its own audit event); one that someone
    else changed or removed meanwhile is skipped and reported, the others are done.
    Returns how many were done.
    """
    if action not in (APPROVE, RETIRE, DELETE) or not editor.maybe_leave():
        return 0
    register = editor.workspace.register
    recs = []
    for key in keys:
        try:
            recs.append(activities.get_activity(register, key=key))
        except RopaError:
            continue  # removed meanwhile: nothing left to do for it
    verb = {APPROVE: "Approve", RETIRE: "Retire", DELETE: "Delete"}[action]
    listed = "\n".join(f"• {r.title}" for r in recs[:12])
    if len(recs) > 12:
        listed += f"\n… and {len(recs) - 12} more"
    consequence = {
        APPROVE: "Your name, today's date and each one's version are recorded as its approval.",
        RETIRE: "They stay in the register, marked retired.",
        DELETE: "Their retention rules go too; the audit log keeps every value.",
    }[action]
    if not recs or not prompts.confirm(
        editor,
        f"{verb} {len(recs)} activities",
        f"{verb} these {len(recs)} activities?\n{listed}\n{consequence}",
        action=verb,
    ):
        return 0
    done, failed = 0, []
    for rec in recs:
        try:
            if action == APPROVE:
                activities.approve_activity(register, key=rec.key, version=rec.version)
            elif action == RETIRE:
                activities.retire_activity(register, key=rec.key, version=rec.version)
            else:
                activities.delete_activity(register, key=rec.key, version=rec.version)
                if rec.key == editor.current_key():
                    editor.clear()
                editor.removed.emit(rec.key)
            done += 1
        except RopaError as exc:
            failed.append(str(exc) if action == APPROVE else f"{rec.title}: {exc}")
    editor.workspace.notify_changed(activities=keys)  # those skipped too: changed elsewhere
    if failed:
        prompts.warn(
            editor,
            "Not all done",
            f"{done} of {len(recs)} done; these were left as they are:\n" + "\n".join(failed),
        )
    return done
