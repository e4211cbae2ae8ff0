"""Register -> the JSON interchange document (full fidelity, deterministic).

The export streams: the register is read a batch of activities at a time and the
text is written as it is made, the same bytes as ``document_bytes`` of the whole
document (``json.dumps`` with an indent of 2), so memory does not grow with the
register.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ropa_desktop.domain.log_records import EvidenceFileDoc
from ropa_desktop.domain.records import ActivityRec, to_plain
from ropa_desktop.exporters.files import write_chunks_atomically
from ropa_desktop.services.interchange import RegisterDoc, to_document
from ropa_desktop.services.register import Register
from ropa_desktop.services.register_batches import activity_batches, register_rest

__all__ = [
    "document_bytes",
    "document_chunks",
    "export_json",
    "register_json",
    "register_sha256",
]


def document_bytes(document: dict[str, Any]) -> bytes:
    """The canonical text: same register, same bytes."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _nested(value: Any, depth: int) -> str:
    # json.dumps escapes line breaks inside strings, so every "\n" in its text starts
    # a new line of the layout, and indenting them nests the value ``depth`` levels.
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)


def document_chunks(
    rest: RegisterDoc,
    batches: Iterable[Sequence[ActivityRec]],
    evidence: Iterable[EvidenceFileDoc] | None = None,
) -> Iterator[str]:
    """The text of ``document_bytes`` of the register, piece by piece.

    ``rest`` is the register without its activities (``register_batches.register_rest``);
    ``batches`` its activities in register order; ``evidence``, when given, the evidence
    files with their bytes, one at a time, as a last section.
    """
    document = to_document(rest)
    yield "{"
    for n, (name, value) in enumerate(document.items()):
        yield ("\n  " if n == 0 else ",\n  ") + json.dumps(name, ensure_ascii=False) + ": "
        if name != "activities":
            yield _nested(value, 1)
            continue
        first = True
        for batch in batches:
            for rec in batch:
                yield ("[\n    " if first else ",\n    ") + _nested(to_plain(rec), 2)
                first = False
        yield "[]" if first else "\n  ]"
    if evidence is not None:
        yield ',\n  "evidence_files": '
        first = True
        for item in evidence:
            yield ("[\n    " if first else ",\n    ") + _nested(to_plain(item), 2)
            first = False
        yield "[]" if first else "\n  ]"
    yield "\n}\n"


def register_chunks(register: Register, *, with_evidence: bool = False) -> Iterator[bytes]:
    """The register's JSON export as UTF-8 pieces, read in one transaction; with
    ``with_evidence``, the evidence files' bytes too (otherwise only their list is kept
    out: the export is the register's record, the files are the proofs beside it)."""
    with register.reading() as session:
        files = evidence_documents(session) if with_evidence else None
        for chunk in document_chunks(register_rest(session), activity_batches(session), files):
            yield chunk.encode("utf-8")


def evidence_documents(session: Session) -> Iterator[EvidenceFileDoc]:
    """Every evidence file with its bytes in Base64, read one at a time."""
    from ropa_desktop.domain import EvidenceFile
    from ropa_desktop.services.evidence import list_evidence_in

    for rec in list_evidence_in(session):
        data = session.scalar(select(EvidenceFile.content).where(EvidenceFile.key == rec.key))
        yield EvidenceFileDoc(rec, base64.b64encode(data or b"").decode("ascii"))


def register_json(register: Register) -> bytes:
    return b"".join(register_chunks(register))


def register_sha256(register: Register) -> str:
    """SHA-256 of the JSON export, printed on the PDF so the two can be matched."""
    digest = hashlib.sha256()
    for chunk in register_chunks(register):
        digest.update(chunk)
    return digest.hexdigest()


def export_json(
    register: Register, path: str | os.PathLike[str], *, with_evidence: bool = False
) -> Path:
    return write_chunks_atomically(path, register_chunks(register, with_evidence=with_evidence))
