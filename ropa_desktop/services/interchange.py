"""Imports as a reviewed change set: what must change for the register to say what a
document says (``plan_changes``), and writing it in one transaction (``apply_changes``).

The register as records and as the JSON document live in ``services.register_doc``; its
names are re-exported here, where the doors have always found them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ropa_desktop.domain import (
    Assessment,
    Breach,
    ProcessingActivity,
    Processor,
    RetentionRule,
    RightsRequest,
)
from ropa_desktop.domain.enums import AuditAction
from ropa_desktop.domain.errors import ImportFileError, RopaError, ValidationError
from ropa_desktop.domain.log_records import (
    BreachRec,
    RightsRequestRec,
)
from ropa_desktop.domain.records import (
    TemplateRec,
    diff,
    record_title,
)
from ropa_desktop.services import (
    activities,
    lookups,
    organisation,
    processors,
    questionnaires,
    retention,
)
from ropa_desktop.services.audit import record_event
from ropa_desktop.services.breaches.records import BREACHES
from ropa_desktop.services.catalogues import CATALOGUES, put_entry
from ropa_desktop.services.change_words import Names, RecordChange, describe, entity_word
from ropa_desktop.services.evidence import put_evidence
from ropa_desktop.services.register import Register
from ropa_desktop.services.register_doc import (
    SCHEMA_VERSION,
    RegisterDoc,
    export_document,
    from_document,
    read_logs,
    read_register,
    snapshot,
    to_document,
)
from ropa_desktop.services.requests.records import REQUESTS


@dataclass(frozen=True)
class Change:
    entity_type: str
    key: str
    label: str
    kind: str  # "added", "changed" or "removed"
    fields: dict[str, dict[str, Any]]
    record: Any = None  # what to write (None for a removal)
    current_version: int = 0
    before: Any = None  # the record as the register holds it now (None for an addition)

    def words(self, names: Names | None = None) -> RecordChange:
        """The change as a reviewer reads it."""
        return describe(self.entity_type, self.kind, self.before, self.record, names or Names())


@dataclass
class ChangeSet:
    changes: list[Change] = field(default_factory=list)
    names: Names = field(default_factory=Names)  # how keys are named on screen

    @property
    def is_empty(self) -> bool:
        return not self.changes

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    def summary(self) -> str:
        return f"{self.count('added')} added, {self.count('changed')} changed, {self.count('removed')} removed"

    def described(self) -> list[RecordChange]:
        return [c.words(self.names) for c in self.changes]

    def lines(self) -> list[str]:
        return [line for c in self.described() for line in c.lines()]


def _label(rec: Any) -> str:
    if isinstance(rec, BreachRec):
        return record_title(rec.reference, rec.name)
    if isinstance(rec, RightsRequestRec):
        return record_title(rec.reference, rec.request_type.label)
    return str(getattr(rec, "name", "") or getattr(rec, "data_description", "") or rec.key)


def _compare(
    plan: ChangeSet,
    entity_type: str,
    current: Iterable[Any],
    wanted: Iterable[Any],
    *,
    removals: bool,
) -> None:
    def ident(rec: Any) -> str:
        return f"{rec.key}@{rec.template_version}" if isinstance(rec, TemplateRec) else rec.key

    have = {ident(r): r for r in current}
    for rec in wanted:
        old = have.pop(ident(rec), None)
        fields = diff(old, rec)
        if old is None:
            plan.changes.append(Change(entity_type, ident(rec), _label(rec), "added", fields, rec))
        elif fields:
            version = getattr(old, "version", 0)
            if hasattr(rec, "version") and not isinstance(rec, type):
                rec = dataclasses.replace(rec, version=version)
            plan.changes.append(
                Change(entity_type, ident(rec), _label(rec), "changed", fields, rec, version, old)
            )
    if removals:
        for key, old in have.items():
            plan.changes.append(
                Change(
                    entity_type,
                    key,
                    _label(old),
                    "removed",
                    diff(old, None),
                    None,
                    getattr(old, "version", 0),
                    old,
                )
            )


def plan_changes(current: RegisterDoc, wanted: RegisterDoc) -> ChangeSet:
    """What must change for the register to say what ``wanted`` says."""
    plan = ChangeSet(names=Names.of(current, wanted))
    if (
        wanted.organisation
        and current.organisation
        and wanted.organisation.key != current.organisation.key
    ):
        raise ImportFileError(
            f"The file is the register of “{wanted.organisation.name}”, but this register belongs to "
            f"“{current.organisation.name}”; nothing was imported."
        )
    _compare(
        plan,
        "organisation",
        [current.organisation] if current.organisation else [],
        [wanted.organisation] if wanted.organisation else [],
        removals=False,
    )
    for kind in CATALOGUES:
        _compare(
            plan,
            kind.name,
            current.catalogues[kind.name],
            wanted.catalogues[kind.name],
            removals=False,
        )
    _compare(plan, "processor", current.processors, wanted.processors, removals=True)
    _compare(plan, "questionnaire", current.questionnaires, wanted.questionnaires, removals=False)
    _compare(plan, "activity", current.activities, wanted.activities, removals=True)
    _compare(plan, "retention_rule", current.retention_rules, wanted.retention_rules, removals=True)
    _compare(plan, "assessment", current.assessments, wanted.assessments, removals=True)
    if wanted.breaches is not None:
        _compare(plan, "breach", current.breaches or [], wanted.breaches, removals=True)
    if wanted.rights_requests is not None:
        _compare(
            plan, "rights_request", current.rights_requests or [], wanted.rights_requests,
            removals=True,
        )  # fmt: skip
    if wanted.evidence_files:
        have = {f.key for f in current.evidence or []}
        for item in wanted.evidence_files:
            if item.file.key not in have:  # attached files never change; none is removed
                plan.changes.append(
                    Change("evidence_file", item.file.key, item.file.file_name, "added",
                           diff(None, item.file), item)
                )  # fmt: skip
    return plan


def plan_import(register: Register, wanted: RegisterDoc) -> ChangeSet:
    return plan_changes(snapshot(register), wanted)


_WRITERS: dict[str, Callable[..., Any]] = {
    "organisation": organisation.put_organisation,
    "processor": processors.put_processor,
    "questionnaire": questionnaires.put_template,
    "activity": activities.put_activity,
    "retention_rule": retention.put_rule,
    "assessment": questionnaires.put_assessment,
    "breach": BREACHES.put,
    "rights_request": REQUESTS.put,
    "evidence_file": put_evidence,
}
_BATCHED = frozenset(("activity", "retention_rule"))
_MODELS: dict[str, Any] = {
    "assessment": Assessment,
    "retention_rule": RetentionRule,
    "activity": ProcessingActivity,
    "processor": Processor,
    "breach": Breach,
    "rights_request": RightsRequest,
}


def apply_changes(register: Register, plan: ChangeSet, *, dry_run: bool = False) -> None:
    """Write a whole change set in one transaction: all of it or nothing.

    A dry run writes it too, so every rule is checked, then rolls it back.
    """
    from ropa_desktop.services.approval import RESTORING

    kinds = {k.name: k for k in CATALOGUES}
    with register.transaction(dry_run=dry_run) as session:
        # Into an empty register an export is a restore: its recorded approvals stand
        # (and are judged by the rule); into a register with activities they do not.
        session.info[RESTORING] = session.scalar(select(ProcessingActivity.id).limit(1)) is None
        # Dependants go before what they depend on; processors last, once no
        # activity of the new state refers to them any more.
        _remove_all(
            session, register, plan,
            ("breach", "rights_request", "assessment", "retention_rule", "activity"),
        )  # fmt: skip
        written = [c for c in plan.changes if c.kind != "removed"]
        for in_batch, run in groupby(written, key=lambda c: c.entity_type in _BATCHED):
            if in_batch:
                # Thousands of activities and rules: one read of what they are checked
                # against, one flush at the end (services.lookups).
                with lookups.batch(session):
                    for c in run:
                        _write(session, register, c, kinds)
            else:
                for c in run:
                    _write(session, register, c, kinds)
                    session.flush()
        _remove_all(session, register, plan, ("processor",))


def _write(session: Session, register: Register, c: Change, kinds: dict[str, Any]) -> None:
    try:
        if c.entity_type in kinds:
            put_entry(session, kinds[c.entity_type], c.record, actor=register.actor)
        else:
            _WRITERS[c.entity_type](session, c.record, actor=register.actor)
    except ValidationError as exc:
        subject = exc.subject or f"{c.entity_type.replace('_', ' ').capitalize()} “{c.label}”"
        raise ValidationError(exc.errors, subject=subject, entity=(c.entity_type, c.key)) from None


def _remove_all(
    session: Session, register: Register, plan: ChangeSet, types: tuple[str, ...]
) -> None:
    for entity_type in types:
        for c in plan.changes:
            if c.kind == "removed" and c.entity_type == entity_type:
                _remove(session, register, c)


def _remove(session: Session, register: Register, change: Change) -> None:
    from ropa_desktop.services.approval import note_rule_change
    from ropa_desktop.services.locking import claim_version

    model = _MODELS[change.entity_type]
    claim_version(
        session,
        model,
        key=change.key,
        expected=change.current_version,
        entity=change.entity_type,
        label=change.label,
    )
    row = session.scalars(select(model).where(model.key == change.key)).one()
    if change.entity_type == "activity":
        activities.remove_activity(session, row, actor=register.actor, changes=change.fields)
        return
    if change.entity_type == "processor":
        from ropa_desktop.services.logs import refuse_if_named

        refuse_if_named(session, "processor", row.id, f"The processor “{change.label}”")
    from ropa_desktop.services.evidence import refuse_if_attached

    refuse_if_attached(
        session, change.entity_type, [change.key],
        f"{entity_word(change.entity_type)} “{change.label}”",
    )  # fmt: skip
    if change.entity_type == "retention_rule":
        note_rule_change(session, [row.activity_id], change.label, "was deleted")
    session.delete(row)
    session.flush()
    record_event(
        session,
        actor=register.actor,
        entity_type=change.entity_type,
        key=change.key,
        label=change.label,
        before=None,
        after=None,
        action=AuditAction.DELETE,
        changes=change.fields,
    )


def import_records(register: Register, wanted: RegisterDoc, *, dry_run: bool) -> ChangeSet:
    """Plan, and unless ``dry_run``, apply. Raises RopaError with nothing written on failure."""
    plan = plan_import(register, wanted)
    if not plan.is_empty:
        apply_changes(register, plan, dry_run=dry_run)
    return plan


__all__ = [
    "SCHEMA_VERSION", "ChangeSet", "RegisterDoc", "RopaError", "export_document",
    "from_document", "import_records", "read_logs", "read_register", "snapshot", "to_document",
]  # fmt: skip
