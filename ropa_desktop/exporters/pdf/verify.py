"""``ropa verify``: is a register PDF what it says, from the file alone and against a register.

The PDF carries the JSON export of the register it shows (an associated file,
AFRelationship /Source) and, in its XMP metadata, the SHA-256 its cover prints. The
attachment's hash must be that one; and, given a register, the register's export now.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from ropa_desktop.exporters.json_export import register_sha256
from ropa_desktop.exporters.pdf.archive import NAMESPACE, SHA_PROPERTY
from ropa_desktop.services.register import Register

__all__ = ["Verdict", "read_evidence", "verify_pdf"]

SHORT = 16  # hex digits shown, as in the PDF's footer


@dataclass(frozen=True)
class Verdict:
    """One sentence for the reader, and whether the PDF passed."""

    sentence: str
    ok: bool


@dataclass(frozen=True)
class _Carried:
    attached: bytes | None
    printed: str  # the SHA-256 the cover gives, from the XMP metadata ("" if none)
    as_of: str


class _Unreadable(Exception):
    pass


def read_evidence(path: Path) -> _Carried:
    """The attached register and the SHA-256 and day the metadata give."""
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise _Unreadable from exc
    with pdf:
        attached = None
        for spec in pdf.Root.get("/AF", pikepdf.Array()):
            if spec.get("/AFRelationship") == pikepdf.Name.Source and "/EF" in spec:
                attached = spec.EF.F.read_bytes()
                break
        meta = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
        printed = str(meta.get(f"{{{NAMESPACE}}}{SHA_PROPERTY}", "")).strip().lower()
        as_of = str(meta.get(f"{{{NAMESPACE}}}asOf", ""))
    return _Carried(attached, printed, as_of)


def verify_pdf(path: str | os.PathLike[str], register: Register | None = None) -> Verdict:
    """Check the PDF's attached register against its cover's hash and, given one, against
    ``register`` as it is now."""
    file = Path(path)
    name = file.name
    if not file.is_file():
        return Verdict(f"There is no file at {file}; nothing was verified.", False)
    try:
        carried = read_evidence(file)
    except _Unreadable:
        return Verdict(f"{name} is not a PDF that can be read; nothing was verified.", False)
    if carried.attached is None:
        return Verdict(
            f"{name} has no register attached, so it cannot be verified from itself: it was "
            "made by another program or an older ropa-desktop, or the attachment was removed.",
            False,
        )
    if not carried.printed:
        return Verdict(
            f"{name}'s metadata gives no SHA-256 of its register, so the attachment cannot be "
            "checked: it was made by another program, or its metadata was changed.",
            False,
        )
    actual = hashlib.sha256(carried.attached).hexdigest()
    if actual != carried.printed:
        return Verdict(
            f"The register attached to {name} does not match the SHA-256 its cover gives "
            f"({carried.printed[:SHORT]}…, the attachment's is {actual[:SHORT]}…): the file was "
            "changed after it was exported.",
            False,
        )
    shown = f"the register as of {carried.as_of}" if carried.as_of else "the register"
    if register is None:
        return Verdict(
            f"The register attached to {name} matches the SHA-256 on its cover "
            f"({actual[:SHORT]}…): the PDF shows {shown} attached to it.",
            True,
        )
    now = register_sha256(register)
    if now != actual:
        return Verdict(
            f"The register attached to {name} matches its cover, but not the register at "
            f"{register.location} as it is now (SHA-256 {now[:SHORT]}…): the register has "
            f"changed since, or the PDF is of another register.",
            False,
        )
    return Verdict(
        f"The register attached to {name} matches the SHA-256 on its cover and the register at "
        f"{register.location} as it is now ({actual[:SHORT]}…).",
        True,
    )
