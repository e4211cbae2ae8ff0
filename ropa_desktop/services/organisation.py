"""The organisation (controller identity, contact, DPO, EU representative)."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select
from sqlalchemy.orm import Session

from ropa_desktop.domain import Organisation
from ropa_desktop.domain.errors import FieldError, ValidationError
from ropa_desktop.domain.records import OrganisationRec
from ropa_desktop.services.audit import record_event
from ropa_desktop.services.locking import claim_version
from ropa_desktop.services.mapping import apply_organisation, organisation_to_rec
from ropa_desktop.services.register import Register, organisation_row
from ropa_desktop.services.validation import check_key, check_text

_LONG = ("address", "representative_contact", "data_subject_rights", "breach_procedure")


def get_organisation(register: Register) -> OrganisationRec | None:
    """The register's organisation, or None for an empty register."""
    with register.reading() as session:
        row = session.scalars(select(Organisation).order_by(Organisation.id)).first()
        return organisation_to_rec(row) if row else None


def validate_organisation(rec: OrganisationRec) -> list[FieldError]:
    errors = check_key("key", rec.key) + check_text("name", rec.name, required=True, short=True)
    for f in dataclasses.fields(rec):
        if f.name in ("key", "name", "to_confirm", "version"):
            continue
        errors += check_text(f.name, getattr(rec, f.name), short=f.name not in _LONG)
    for email_field in ("contact_email", "dpo_email"):
        value = getattr(rec, email_field).strip()
        if value and ("@" not in value or " " in value):
            errors.append(FieldError(email_field, f"“{value}” is not an e-mail address"))
    return errors


def put_organisation(session: Session, rec: OrganisationRec, *, actor: str) -> OrganisationRec:
    errors = validate_organisation(rec)
    if errors:
        raise ValidationError(errors, subject="Organisation")
    if rec.version == 0:
        if session.scalars(select(Organisation.id).where(Organisation.key == rec.key)).first():
            raise ValidationError([FieldError("key", f"“{rec.key}” already exists")])
        row = Organisation(version=1)
        session.add(row)
        before, version = None, 1
    else:
        version = claim_version(
            session,
            Organisation,
            key=rec.key,
            expected=rec.version,
            entity="organisation",
            label=rec.name,
        )
        row = organisation_row(session, rec.key)
        session.refresh(row)
        before = organisation_to_rec(row)
    apply_organisation(row, rec)
    saved = dataclasses.replace(rec, version=version)
    record_event(
        session,
        actor=actor,
        entity_type="organisation",
        key=rec.key,
        label=rec.name,
        before=before,
        after=saved,
    )
    return saved


def save_organisation(register: Register, *, record: OrganisationRec) -> OrganisationRec:
    with register.transaction() as session:
        return put_organisation(session, record, actor=register.actor)


def controller_gap(register: Register) -> str:
    """The sentence for a register whose controller lacks what Art. 30(1)(a) asks of every
    activity's record (the checks' blocking findings on the organisation); "" when none.
    The activity list counts an activity's own requirements; this says what all lack."""
    from ropa_desktop.services.art30 import unmet_elements
    from ropa_desktop.services.checks import organisation_findings

    org = get_organisation(register)
    if org is None:
        return (
            "Art. 30(1)(a): the register names no controller, so every activity's record "
            "lacks it; fill in the Organisation page."
        )
    if "a" not in unmet_elements(organisation_findings(org)):
        return ""
    return (
        "Art. 30(1)(a): the controller's contact details are not recorded, so every "
        "activity's record lacks them; fill them in on the Organisation page."
    )
