"""Register -> the JSON interchange document (full fidelity, deterministic).

The export streams: the register is read a batch of activities at a time and the
text is written as it is made, the same bytes as ``document_bytes`` of the whole
document (``json.dumps`` with an indent of 2), so memory does not grow with the
register.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

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


def document_chunks(rest: RegisterDoc, batches: Iterable[Sequence[ActivityRec]]) -> Iterator[str]:
    """The text of ``document_bytes`` of the register, piece by piece.

    ``rest`` is the register without its activities (``register_batches.register_rest``);
    ``batches`` its activities in register order.
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
    yield "\n}\n"


def register_chunks(register: Register) -> Iterator[bytes]:
    """The register's JSON export as UTF-8 pieces, read in one transaction."""
    with register.reading() as session:
        for chunk in document_chunks(register_rest(session), activity_batches(session)):
            yield chunk.encode("utf-8")


def register_json(register: Register) -> bytes:
    return b"".join(register_chunks(register))


def register_sha256(register: Register) -> str:
    """SHA-256 of the JSON export, printed on the PDF so the two can be matched."""
    digest = hashlib.sha256()
    for chunk in register_chunks(register):
        digest.update(chunk)
    return digest.hexdigest()


def export_json(register: Register, path: str | os.PathLike[str]) -> Path:
    return write_chunks_atomically(path, register_chunks(register))
