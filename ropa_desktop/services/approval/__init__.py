"""Approval of a processing activity: one rule for every door, a recorded act, its lapse.

``rule`` holds the rule and the recorded act (pure, on records); ``settle`` applies them
once per transaction, on the register the transaction leaves.
"""

from ropa_desktop.services.approval.rule import (
    LAPSE_FIELD,
    RESTORING,
    ApprovalError,
    Blocker,
    Stamped,
    approval_blockers,
    cleared,
    listed,
    material_changes,
    sensitive_keys,
    stamp,
    with_screening,
)
from ropa_desktop.services.approval.settle import (
    Lapse,
    Pending,
    approved_using_processor,
    note_approved,
    note_category_change,
    note_lapse,
    note_relied_change,
    note_rule_change,
    note_rule_changes,
    pending,
)

__all__ = [
    "LAPSE_FIELD",
    "RESTORING",
    "ApprovalError",
    "Blocker",
    "Lapse",
    "Pending",
    "Stamped",
    "approval_blockers",
    "approved_using_processor",
    "cleared",
    "listed",
    "material_changes",
    "note_approved",
    "note_category_change",
    "note_lapse",
    "note_relied_change",
    "note_rule_change",
    "note_rule_changes",
    "pending",
    "sensitive_keys",
    "stamp",
    "with_screening",
]
