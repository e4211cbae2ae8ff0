"""Evidence files: attached to a record, stored in the register, audited like every change.

A file is checked before anything is written: its size against ``MAX_BYTES``, its type
read from its content (``filetype``), never from its name, and programs refused. Its
SHA-256 is kept and checked again whenever the file is read back, so a copy opened
from the register is the one attached.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ropa_desktop.domain import (
    Assessment,
    Breach,
    EvidenceFile,
    ProcessingActivity,
    Processor,
    RightsRequest,
)
from ropa_desktop.domain.base import new_key
from ropa_desktop.domain.enums import EvidenceKind
from ropa_desktop.domain.errors import (
    ImportFileError,
    InUseError,
    NotFoundError,
    RopaError,
    StoreError,
)
from ropa_desktop.domain.log_records import EvidenceFileDoc, EvidenceRec
from ropa_desktop.domain.records import record_title
from ropa_desktop.services.audit import record_event
from ropa_desktop.services.labels import counted
from ropa_desktop.services.locking import claim_version
from ropa_desktop.services.register import Register, organisation_row
from ropa_desktop.services.validation import check_text

MAX_BYTES = 25 * 1024 * 1024
OWNERS: dict[str, Any] = {
    "activity": ProcessingActivity,
    "processor": Processor,
    "assessment": Assessment,
    "breach": Breach,
    "rights_request": RightsRequest,
}
# Programs are not evidence, and opening one with "the system's viewer" would run it.
_PROGRAMS = frozenset((
    "application/x-executable", "application/x-msdownload", "application/x-sharedlib",
    "application/x-mach-binary", "application/vnd.microsoft.portable-executable",
    "application/x-deb", "application/x-rpm", "application/wasm",
))  # fmt: skip
# Folders, control characters, what Windows forbids, and the bidirectional overrides
# that make "invoice\u202efdp.exe" show as "invoiceexe.pdf".
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def sniff(data: bytes) -> tuple[str, str]:
    """(media type, usual extension) of a file's content."""
    import filetype  # type: ignore[import-untyped]

    kind = filetype.guess(data)
    if kind is not None:
        return str(kind.mime), str(kind.extension)
    if b"\0" not in data[:8192]:
        try:
            data[: 1 << 20].decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "text/plain", "txt"
    return "application/octet-stream", "bin"


def safe_name(name: str) -> str:
    """A file name fit to show and to write: no folders, no control characters, no
    leading dots, at most 200 characters (its ending kept)."""
    name = unicodedata.normalize("NFC", os.path.basename(name.replace("\\", "/")))
    name = _UNSAFE_NAME.sub("_", name).strip(" .") or "file"
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:190] + dot + ext[:9]) if dot and len(ext) <= 9 else name[:200]
    return name


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} byte{'s' if n != 1 else ''}"
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def owner_title(session: Session, owner_type: str, owner_key: str) -> str:
    """The record a file is attached to, as people name it; NotFoundError if it is gone."""
    model = OWNERS.get(owner_type)
    row: Any = (
        session.scalars(select(model).where(model.key == owner_key)).one_or_none()
        if model is not None
        else None
    )
    if row is None:
        raise NotFoundError("That record is no longer in the register; nothing was attached.")
    if owner_type == "activity":
        return f"the activity {record_title(row.reference, row.name)}"
    if owner_type == "processor":
        return f"the processor “{row.name}”"
    if owner_type == "assessment":
        return f"the assessment of {row.processor.name}"
    if owner_type == "breach":
        return f"the breach {record_title(row.reference, row.name)}"
    return f"the request {record_title(row.reference, row.request_type.label)}"


def to_rec(row: EvidenceFile) -> EvidenceRec:
    return EvidenceRec(
        key=row.key, owner_type=row.owner_type, owner_key=row.owner_key, title=row.title,
        kind=row.kind, file_name=row.file_name, media_type=row.media_type, size=row.size,
        sha256=row.sha256, added_at=row.added_at, notes=row.notes, version=row.version,
    )  # fmt: skip


def attach(
    register: Register,
    *,
    owner_type: str,
    owner_key: str,
    path: str | os.PathLike[str],
    title: str = "",
    kind: EvidenceKind = EvidenceKind.OTHER,
    notes: str = "",
) -> EvidenceRec:
    """Attach the file at ``path`` to a record; one sentence and nothing written if the
    file cannot be read, is too big or is a program."""
    source = Path(path)
    name = safe_name(source.name)
    try:
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise RopaError(
                f"“{name}” is {_size(size)}; an evidence file may be at most "
                f"{_size(MAX_BYTES)}. Nothing was attached."
            )
        with source.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise RopaError(
            f"“{name}” cannot be read ({exc.strerror or exc}); nothing was attached."
        ) from None
    return attach_bytes(
        register, owner_type=owner_type, owner_key=owner_key, data=data, file_name=name,
        title=title, kind=kind, notes=notes,
    )  # fmt: skip


def attach_bytes(
    register: Register,
    *,
    owner_type: str,
    owner_key: str,
    data: bytes,
    file_name: str,
    title: str = "",
    kind: EvidenceKind = EvidenceKind.OTHER,
    notes: str = "",
) -> EvidenceRec:
    name = safe_name(file_name)
    media_type, _ext = _checked(data, name)
    errors = check_text("title", title, short=True) + check_text("notes", notes)
    if errors:
        from ropa_desktop.domain.errors import ValidationError

        raise ValidationError(errors, subject=f"Evidence file “{name}”")
    with register.transaction() as session:
        owner = owner_title(session, owner_type, owner_key)
        row = EvidenceFile(
            key=new_key(), organisation_id=organisation_row(session).id, owner_type=owner_type, owner_key=owner_key,
            title=title.strip() or name, kind=kind, file_name=name, media_type=media_type,
            size=len(data), sha256=hashlib.sha256(data).hexdigest(),
            added_at=register.clock().astimezone(dt.UTC).replace(microsecond=0), notes=notes,
            version=1, content=data,
        )  # fmt: skip
        session.add(row)
        session.flush()
        rec = to_rec(row)
        record_event(
            session, actor=register.actor, entity_type="evidence_file", key=rec.key,
            label=f"{name}, attached to {owner}", before=None, after=rec,
        )  # fmt: skip
    return rec


def put_evidence(session: Session, item: EvidenceFileDoc, *, actor: str) -> EvidenceRec:
    """Restore one file of a JSON export made with its evidence: the bytes must match the
    SHA-256 and size recorded with them, and pass the checks of ``attach``."""
    rec = item.file
    try:
        data = base64.b64decode(item.content_base64, validate=True)
    except ValueError:
        raise ImportFileError(f"The content of “{rec.file_name}” is not Base64.") from None
    if hashlib.sha256(data).hexdigest() != rec.sha256 or len(data) != rec.size:
        raise ImportFileError(
            f"The content of “{rec.file_name}” does not match its recorded SHA-256 or size; "
            "the file was altered."
        )
    media_type, _ext = _checked(data, safe_name(rec.file_name))
    owner = owner_title(session, rec.owner_type, rec.owner_key)
    row = EvidenceFile(
        key=rec.key, organisation_id=organisation_row(session).id, owner_type=rec.owner_type,
        owner_key=rec.owner_key, title=rec.title, kind=rec.kind,
        file_name=safe_name(rec.file_name), media_type=media_type, size=len(data),
        sha256=rec.sha256, added_at=rec.added_at, notes=rec.notes, version=1, content=data,
    )  # fmt: skip
    session.add(row)
    session.flush()
    saved = to_rec(row)
    record_event(
        session, actor=actor, entity_type="evidence_file", key=saved.key,
        label=f"{saved.file_name}, attached to {owner}", before=None, after=saved,
    )  # fmt: skip
    return saved


def _checked(data: bytes, name: str) -> tuple[str, str]:
    """The sniffed (type, extension) of a file fit to attach; RopaError otherwise."""
    if len(data) > MAX_BYTES:
        raise RopaError(
            f"“{name}” is {_size(len(data))}; an evidence file may be at most "
            f"{_size(MAX_BYTES)}. Nothing was attached."
        )
    if not data:
        raise RopaError(f"“{name}” is empty; nothing was attached.")
    media_type, ext = sniff(data)
    if media_type in _PROGRAMS:
        raise RopaError(
            f"“{name}” is a program ({media_type}), not a document; nothing was attached."
        )
    return media_type, ext


def list_evidence(
    register: Register, *, owner_type: str | None = None, owner_key: str | None = None
) -> list[EvidenceRec]:
    with register.reading() as session:
        return list_evidence_in(session, owner_type=owner_type, owner_key=owner_key)


def list_evidence_in(
    session: Session, *, owner_type: str | None = None, owner_key: str | None = None
) -> list[EvidenceRec]:
    stmt = select(EvidenceFile).order_by(EvidenceFile.added_at, EvidenceFile.key)
    if owner_type is not None:
        stmt = stmt.where(EvidenceFile.owner_type == owner_type)
    if owner_key is not None:
        stmt = stmt.where(EvidenceFile.owner_key == owner_key)
    return [to_rec(r) for r in session.scalars(stmt)]


def content(register: Register, *, key: str) -> tuple[EvidenceRec, bytes]:
    """The file and its bytes, checked against the SHA-256 recorded when it was attached."""
    with register.reading() as session:
        row = session.scalars(select(EvidenceFile).where(EvidenceFile.key == key)).one_or_none()
        if row is None:
            raise NotFoundError("That evidence file is no longer in the register; it was removed.")
        data = bytes(row.content)
        rec = to_rec(row)
    if hashlib.sha256(data).hexdigest() != rec.sha256:
        raise StoreError(
            f"“{rec.file_name}” in the register no longer matches the SHA-256 recorded when it "
            "was attached; it was changed outside the app. Restore it from a backup."
        )
    return rec, data


def viewing_copy(register: Register, *, key: str, folder: str | os.PathLike[str]) -> Path:
    """A copy of the file in ``folder`` to open with the system's viewer. Its name ends
    as its content is, so the viewer picked is the one for what the file really is."""
    rec, data = content(register, key=key)
    _type, ext = sniff(data)
    stem = rec.file_name.rsplit(".", 1)[0] if "." in rec.file_name else rec.file_name
    target = Path(folder) / f"{stem}.{ext}"
    target.write_bytes(data)
    target.chmod(0o400)
    return target


def remove(register: Register, *, key: str, version: int) -> None:
    with register.transaction() as session:
        row = session.scalars(select(EvidenceFile).where(EvidenceFile.key == key)).one_or_none()
        if row is None:
            raise NotFoundError("That evidence file is no longer in the register; it was removed.")
        before = to_rec(row)
        claim_version(
            session, EvidenceFile, key=key, expected=version, entity="evidence file",
            label=before.file_name,
        )  # fmt: skip
        session.delete(row)
        session.flush()
        record_event(
            session, actor=register.actor, entity_type="evidence_file", key=key,
            label=before.file_name, before=before, after=None,
        )  # fmt: skip


def refuse_if_attached(session: Session, owner_type: str, keys: list[str], title: str) -> None:
    """InUseError when evidence files are attached to a record about to be deleted: the
    files would be left proving nothing, or lost."""
    if not keys:
        return
    names = list(
        session.scalars(
            select(EvidenceFile.file_name)
            .where(EvidenceFile.owner_type == owner_type, EvidenceFile.owner_key.in_(keys))
            .order_by(EvidenceFile.file_name)
        )
    )
    if names:
        shown = ", ".join(f"“{n}”" for n in names[:3]) + (
            f" and {len(names) - 3} more" if len(names) > 3 else ""
        )
        raise InUseError(
            f"{title} has {counted(len(names), 'evidence file')} attached ({shown}); remove "
            "them first. Nothing was deleted."
        )


def owner_key_of(register: Register, owner_type: str, reference: str) -> str:
    """The key of the record people name by ``reference``: an activity, breach or request
    by its reference, a processor by its name. One sentence when there is none."""
    model = OWNERS.get(owner_type)
    if model is None or owner_type == "assessment":
        raise RopaError(
            "Evidence is attached to an activity, a processor, a breach or a request: write "
            "activity:PA-01, processor:NAME, breach:BR-01 or request:RR-01."
        )
    column = model.name if owner_type == "processor" else model.reference
    with register.reading() as session:
        key = session.scalars(select(model.key).where(column == reference.strip())).first()
    if key is None:
        word = {"rights_request": "request"}.get(owner_type, owner_type)
        raise NotFoundError(f"The register has no {word} “{reference}”; nothing was attached.")
    return str(key)


def find_by_hash(register: Register, prefix: str) -> EvidenceRec:
    """The evidence file whose SHA-256 starts with ``prefix`` (at least 8 hex digits)."""
    wanted = prefix.strip().casefold()
    if len(wanted) < 8 or not re.fullmatch(r"[0-9a-f]+", wanted):
        raise RopaError("Name the file by the first 8 or more hex digits of its SHA-256.")
    found = [r for r in list_evidence(register) if r.sha256.startswith(wanted)]
    if not found:
        raise NotFoundError(f"No evidence file has a SHA-256 starting with {wanted}.")
    if len({r.sha256 for r in found}) > 1:
        raise RopaError(f"Several evidence files have a SHA-256 starting with {wanted}; give more.")
    return found[0]


def listing(register: Register) -> list[tuple[EvidenceRec, str]]:
    """Every evidence file with the record it is attached to, as people name it."""
    with register.reading() as session:
        out = []
        for rec in list_evidence_in(session):
            try:
                owner = owner_title(session, rec.owner_type, rec.owner_key)
            except NotFoundError:
                owner = "a record no longer in the register"
            out.append((rec, owner))
    return out


def size_text(size: int) -> str:
    return _size(size)
