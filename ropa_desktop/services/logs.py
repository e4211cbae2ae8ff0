"""What the breach register and the rights-request log share: the records they name,
how one of their records is written (new, or a claimed version) and audited, and the
refusal to delete a record one of them names."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ropa_desktop.domain import Breach, ProcessingActivity, Processor, RightsRequest, System
from ropa_desktop.domain.enums import RequestType
from ropa_desktop.domain.errors import FieldError, InUseError, NotFoundError, ValidationError
from ropa_desktop.domain.logs import (
    breach_activity,
    breach_processor,
    breach_system,
    request_activity,
)
from ropa_desktop.domain.records import record_title
from ropa_desktop.services.audit import record_event
from ropa_desktop.services.locking import claim_version
from ropa_desktop.services.references import next_reference, reference_order
from ropa_desktop.services.register import Register, organisation_row
from ropa_desktop.services.validation import check_refs

# What each log names: (record field, model, what one is called).
NAMED: dict[str, tuple[tuple[str, Any, str], ...]] = {
    "breach": (
        ("activities", ProcessingActivity, "activity"),
        ("processors", Processor, "processor"),
        ("systems", System, "system"),
    ),
    "rights_request": (("activities", ProcessingActivity, "activity"),),
}
WORDS = {"breach": "breach", "rights_request": "rights request"}


R = TypeVar("R")


@dataclass(frozen=True)
class Log(Generic[R]):
    """One of the logs, with how its records are read, written and deleted."""

    entity_type: str  # "breach" or "rights_request"
    model: Any
    to_rec: Callable[[Any], R]
    apply: Callable[[Session, Any, R], None]
    validate: Callable[[R], list[FieldError]]
    subject: Callable[[R], str]  # how a refusal names the record
    prefix: str  # of new references: "BR-", "RR-"

    def put(self, session: Session, rec: R, *, actor: str) -> R:
        """Validate, write and audit one record; the record as saved."""
        errors = self.validate(rec) or check_named(session, self.entity_type, rec)
        if errors:
            raise ValidationError(
                errors, subject=self.subject(rec), entity=(self.entity_type, _key(rec))
            )
        version = write(
            session, self.model, rec, entity_type=self.entity_type, apply=self.apply,
            to_rec=self.to_rec, actor=actor,
        )  # fmt: skip
        saved: R = dataclasses.replace(rec, version=version)  # type: ignore[type-var]
        return saved

    def save(self, register: Register, *, record: R) -> R:
        with register.transaction() as session:
            return self.put(session, record, actor=register.actor)

    def delete(self, register: Register, *, key: str, version: int) -> None:
        with register.transaction() as session:
            remove(
                session, self.model, key=key, version=version, entity_type=self.entity_type,
                to_rec=self.to_rec, actor=register.actor,
            )  # fmt: skip

    def list_in(self, session: Session) -> list[R]:
        rows = session.scalars(select(self.model)).all()
        return sorted((self.to_rec(r) for r in rows), key=_reference)

    def listed(self, register: Register) -> list[R]:
        with register.reading() as session:
            return self.list_in(session)

    def get(self, register: Register, *, key: str) -> R:
        with register.reading() as session:
            row = session.scalars(select(self.model).where(self.model.key == key)).one_or_none()
            if row is None:
                raise NotFoundError(
                    f"That {WORDS[self.entity_type]} is no longer in the register; it was deleted."
                )
            return self.to_rec(row)

    def next_reference(self, register: Register) -> str:
        with register.reading() as session:
            taken = list(session.scalars(select(self.model.reference)))
        return next_reference(taken, self.prefix)


def _key(rec: Any) -> str:
    return str(rec.key)


def _reference(rec: Any) -> tuple[tuple[int, int | str], ...]:
    return reference_order(rec.reference)


def named_rows(session: Session, model: Any, keys: Iterable[str]) -> list[Any]:
    """The rows of ``keys``, in their order (check_refs has refused unknown ones)."""
    wanted = list(keys)
    if not wanted:
        return []
    rows = {r.key: r for r in session.scalars(select(model).where(model.key.in_(wanted)))}
    return [rows[k] for k in wanted]


def check_named(session: Session, entity_type: str, rec: Any) -> list[FieldError]:
    errors: list[FieldError] = []
    for name, model, what in NAMED[entity_type]:
        keys = getattr(rec, name)
        known = (
            set(session.scalars(select(model.key).where(model.key.in_(keys)))) if keys else set()
        )
        errors += check_refs(name, keys, known, what)
    return errors


def write(
    session: Session,
    model: Any,
    rec: Any,
    *,
    entity_type: str,
    apply: Any,
    to_rec: Any,
    actor: str,
) -> int:
    """Create or update the row of ``rec`` (optimistic lock on its version), set it with
    ``apply(session, row, rec)`` and audit it; the version written."""
    label = record_title(rec.reference, _name(rec))
    _reference_free(session, model, rec, entity_type)
    if rec.version == 0:
        if session.scalars(select(model.id).where(model.key == rec.key)).first():
            raise ValidationError([FieldError("key", f"“{rec.key}” already exists")])
        row = model(organisation=organisation_row(session), version=1)
        session.add(row)
        before, version = None, 1
    else:
        version = claim_version(
            session, model, key=rec.key, expected=rec.version, entity=WORDS[entity_type],
            label=label,
        )  # fmt: skip
        row = session.scalars(select(model).where(model.key == rec.key)).one()
        session.refresh(row)
        before = to_rec(row)
    apply(session, row, rec)
    session.flush()
    after = dataclasses.replace(to_rec(row), version=version)
    record_event(
        session, actor=actor, entity_type=entity_type, key=rec.key, label=label,
        before=before, after=after,
    )  # fmt: skip
    return version


def _name(rec: Any) -> str:
    name = getattr(rec, "name", None)
    if name is not None:
        return str(name)
    return str(rec.request_type.label)


def _reference_free(session: Session, model: Any, rec: Any, entity_type: str) -> None:
    other = session.scalars(
        select(model.key).where(model.reference == rec.reference, model.key != rec.key)
    ).first()
    if other is not None:
        raise ValidationError(
            [
                FieldError(
                    "reference",
                    f"“{rec.reference}” is already used by another {WORDS[entity_type]}",
                )
            ]
        )


def remove(
    session: Session, model: Any, *, key: str, version: int, entity_type: str, to_rec: Any,
    actor: str,
) -> None:  # fmt: skip
    """Delete one record of a log, audited with every value it had."""
    row = session.scalars(select(model).where(model.key == key)).one_or_none()
    if row is None:
        raise NotFoundError(
            f"That {WORDS[entity_type]} is no longer in the register; it was deleted."
        )
    before = to_rec(row)
    label = record_title(before.reference, _name(before))
    from ropa_desktop.services.evidence import refuse_if_attached

    refuse_if_attached(session, entity_type, [key], f"The {WORDS[entity_type]} {label}")
    claim_version(session, model, key=key, expected=version, entity=WORDS[entity_type], label=label)
    session.delete(row)
    session.flush()
    record_event(
        session, actor=actor, entity_type=entity_type, key=key, label=label, before=before,
        after=None,
    )  # fmt: skip


_NAMING = (
    ("activity", breach_activity, "activity_id", Breach, "breach_id", "breach"),
    ("activity", request_activity, "activity_id", RightsRequest, "rights_request_id", "request"),
    ("processor", breach_processor, "processor_id", Breach, "breach_id", "breach"),
    ("system", breach_system, "system_id", Breach, "breach_id", "breach"),
)


def refuse_if_named(session: Session, what: str, row_id: int, title: str) -> None:
    """InUseError, in words, when a breach or a request names the record to delete: the
    logs are the register's memory of what happened, and keep what they name."""
    names: list[str] = []
    for kind, link, column, model, owner, word in _NAMING:
        if kind != what:
            continue
        for reference, text in session.execute(
            select(model.reference, Breach.name if model is Breach else RightsRequest.request_type)
            .join(link, link.c[owner] == model.id)
            .where(link.c[column] == row_id)
            .order_by(model.reference)
        ):
            shown = text.label if isinstance(text, RequestType) else text
            names.append(f"the {word} {record_title(reference, shown)}")
    if names:
        more = f" and {len(names) - 3} more" if len(names) > 3 else ""
        raise InUseError(
            f"{title} is named by {', '.join(names[:3])}{more}, which keep what they name; "
            "nothing was deleted (an activity no longer carried out can be retired instead)."
        )
