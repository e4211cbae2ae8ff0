"""Field validation shared by every way a record enters the register."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ropa_desktop.domain.base import KEY_LENGTH, LONG_TEXT, NAME_LENGTH, SHORT_TEXT
from ropa_desktop.domain.errors import FieldError
from ropa_desktop.domain.records import ActivityRec

KEY_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
# C0 controls other than tab, newline and carriage return: PostgreSQL refuses NUL and
# none of them can be typed or printed meaningfully.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_key(field: str, value: str) -> list[FieldError]:
    if not value:
        return [FieldError(field, "is required")]
    if len(value) > KEY_LENGTH or not KEY_RE.fullmatch(value):
        return [
            FieldError(
                field,
                f"must be 1 to {KEY_LENGTH} letters, digits, '.', '_' or '-', "
                "starting with a letter or digit",
            )
        ]
    return []


def check_text(
    field: str, value: str, *, required: bool = False, short: bool = False, limit: int = 0
) -> list[FieldError]:
    maximum = limit or (NAME_LENGTH if short else LONG_TEXT)
    if required and not value.strip():
        return [FieldError(field, "is required")]
    if len(value) > maximum:
        return [FieldError(field, f"is {len(value):,} characters long; the limit is {maximum:,}")]
    if _CONTROL_RE.search(value):
        return [FieldError(field, "contains control characters that cannot be stored")]
    if short and "\n" in value:
        return [FieldError(field, "must fit on one line")]
    return []


def check_refs(
    field: str, keys: Iterable[str], known: Mapping[str, object] | set[str], what: str
) -> list[FieldError]:
    errors = []
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            errors.append(FieldError(field, f"lists the {what} “{key}” twice"))
        seen.add(key)
        if key not in known:
            errors.append(FieldError(field, f"refers to an unknown {what} “{key}”"))
    return errors


def check_row_refs(
    field: str, sub: str, keys: Iterable[str], known: Mapping[str, object], what: str
) -> list[FieldError]:
    """The catalogue entry each row of a list names (``data_categories[2].category``): one
    must be chosen, known, and not chosen in an earlier row."""
    errors = []
    seen: set[str] = set()
    for i, key in enumerate(keys, 1):
        where = f"{field}[{i}].{sub}"
        if not key:
            errors.append(FieldError(where, "is required"))
        elif key in seen:
            errors.append(FieldError(where, f"repeats the {what} “{key}” of an earlier row"))
        elif key not in known:
            errors.append(FieldError(where, f"refers to an unknown {what} “{key}”"))
        seen.add(key)
    return errors


def validate_activity(
    rec: ActivityRec, refs: Mapping[str, Mapping[str, object]]
) -> list[FieldError]:
    """Errors that make an activity unsavable even as a draft.

    ``refs`` maps catalogue names and "processors" to the keys that exist.
    """
    errors = check_key("key", rec.key) + check_key("reference", rec.reference)
    errors += check_text("name", rec.name, required=True, short=True)
    errors += check_text("owner_department", rec.owner_department, short=True)
    errors += check_text("dpia_reference", rec.dpia_reference, short=True)
    for name in (
        "description",
        "joint_controllers",
        "measures_note",
        "automated_decision_note",
        "controllers_on_behalf",
        "processing_categories",
    ):
        errors += check_text(name, getattr(rec, name))
    for i, p in enumerate(rec.purposes, 1):
        errors += check_text(
            f"purposes[{i}].description", p.description, required=True, limit=SHORT_TEXT
        )
        errors += check_text(f"purposes[{i}].lia_reference", p.lia_reference, short=True)
        for name in ("legal_basis_detail", "consent_mechanism", "consent_withdrawal"):
            errors += check_text(f"purposes[{i}].{name}", getattr(p, name), limit=SHORT_TEXT)
    for i, s in enumerate(rec.sources, 1):
        errors += check_text(f"sources[{i}].channel", s.channel, required=True, short=True)
        errors += check_text(f"sources[{i}].description", s.description, limit=SHORT_TEXT)
    for i, t in enumerate(rec.transfers, 1):
        errors += check_text(f"transfers[{i}].country", t.country, required=True, short=True)
        errors += check_text(f"transfers[{i}].recipient", t.recipient, short=True)
        errors += check_text(f"transfers[{i}].tia_reference", t.tia_reference, short=True)
        errors += check_text(f"transfers[{i}].note", t.note, limit=SHORT_TEXT)
    for i, d in enumerate(rec.data_categories, 1):
        errors += check_text(f"data_categories[{i}].note", d.note, limit=SHORT_TEXT)
        errors += check_text(f"data_categories[{i}].art10_basis", d.art10_basis, limit=SHORT_TEXT)
    for i, r in enumerate(rec.recipients, 1):
        errors += check_text(f"recipients[{i}].detail", r.detail, limit=SHORT_TEXT)
    errors += check_refs(
        "subject_categories",
        rec.subject_categories,
        refs["subject_categories"],
        "data-subject category",
    )
    errors += check_row_refs(
        "data_categories",
        "category",
        [d.category for d in rec.data_categories],
        refs["data_categories"],
        "data category",
    )
    errors += check_row_refs(
        "recipients",
        "category",
        [r.category for r in rec.recipients],
        refs["recipient_categories"],
        "recipient category",
    )
    errors += check_refs("measures", rec.measures, refs["security_measures"], "security measure")
    errors += check_refs("systems", rec.systems, refs["systems"], "system")
    errors += check_refs("processors", rec.processors, refs["processors"], "processor")
    if len(set(rec.dpia_criteria)) != len(rec.dpia_criteria):
        errors.append(FieldError("dpia_criteria", "lists a criterion twice"))
    if rec.review_cycle_months is not None and not 1 <= rec.review_cycle_months <= 120:
        errors.append(FieldError("review_cycle_months", "must be between 1 and 120 months"))
    if rec.approved_version is not None and not 1 <= rec.approved_version <= 2**31 - 1:
        errors.append(FieldError("approved_version", "must be a version number of the activity"))
    errors += check_text("approved_by", rec.approved_by, short=True)
    if rec.last_reviewed_on and rec.next_review_on and rec.next_review_on < rec.last_reviewed_on:
        errors.append(FieldError("next_review_on", "is before the last review"))
    for name in rec.to_confirm:
        errors += check_text("to_confirm", name, short=True)
    return errors
