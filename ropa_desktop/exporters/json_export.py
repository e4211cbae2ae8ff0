"""Register -> the JSON interchange document (full fidelity, deterministic)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ropa_desktop.exporters.files import write_atomically
from ropa_desktop.services.interchange import export_document
from ropa_desktop.services.register import Register


def document_bytes(document: dict[str, Any]) -> bytes:
    """The canonical text: same register, same bytes."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def register_json(register: Register) -> bytes:
    return document_bytes(export_document(register))


def register_sha256(register: Register) -> str:
    """SHA-256 of the JSON export, printed on the PDF so the two can be matched."""
    return hashlib.sha256(register_json(register)).hexdigest()


def export_json(register: Register, path: str | os.PathLike[str]) -> Path:
    return write_atomically(path, register_json(register))
