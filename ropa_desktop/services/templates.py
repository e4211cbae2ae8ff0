"""Questionnaire templates: read the documented JSON files, install them into a register.

The format is described in resources/questionnaires/README.md and checked by
resources/questionnaires/questionnaire.schema.json. A stored template version
never changes (``put_template`` refuses it); a change ships as a new version.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ropa_desktop.domain import QuestionnaireTemplate
from ropa_desktop.domain.errors import ImportFileError, NotFoundError
from ropa_desktop.domain.records import TemplateRec, from_plain
from ropa_desktop.paths import RESOURCES
from ropa_desktop.services.questionnaires import list_templates, put_template
from ropa_desktop.services.register import Register
from ropa_desktop.services.scoring import is_scored

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

TEMPLATES_DIR = RESOURCES / "questionnaires"
SCHEMA_PATH = TEMPLATES_DIR / "questionnaire.schema.json"
DEFAULT_TEMPLATE = "art28-art32-due-diligence"
FORMAT = "ropa-questionnaire"
MAX_TEMPLATE_BYTES = 2 * 2**20


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # loaded when a template is read, not at start

    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def parse_template(data: bytes, *, name: str = "the file") -> TemplateRec:
    """A template from the bytes of a questionnaire file; ImportFileError in one sentence."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ImportFileError(
            f"{name} is {len(data):,} bytes; a questionnaire file is at most "
            f"{MAX_TEMPLATE_BYTES:,} bytes."
        )
    try:
        document: Any = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportFileError(f"{name} is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportFileError(f"{name} is not a questionnaire template (format “{FORMAT}”).")
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(document))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "the document"
        raise ImportFileError(f"{name}: at {where}: {error.message[:200]}.")
    for i, question in enumerate(document["questions"]):
        if question["critical"] and question["answer_type"] not in ("yes_no", "yes_no_na"):
            raise ImportFileError(
                f"{name}: question {i + 1} “{question['code']}” is critical but is not a yes/no "
                "question; only a “No” can make a question fail."
            )
    codes = [q["code"] for q in document["questions"]]
    if len(set(codes)) != len(codes):
        twice = next(c for c in codes if codes.count(c) > 1)
        raise ImportFileError(f"{name}: two questions share the code “{twice}”.")
    fields = {k: v for k, v in document.items() if k not in ("format", "format_version")}
    return from_plain(TemplateRec, fields)


def read_template(path: str | os.PathLike[str]) -> TemplateRec:
    """Read one questionnaire file (see resources/questionnaires/README.md)."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_TEMPLATE_BYTES:
            raise ImportFileError(
                f"{file.name} is larger than {MAX_TEMPLATE_BYTES:,} bytes; it is not a questionnaire."
            )
        data = file.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"No file {file}.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{file} is a folder, not a questionnaire file.") from None
    except PermissionError:
        raise ImportFileError(f"{file} cannot be read (permission denied).") from None
    return parse_template(data, name=file.name)


def template_files(folder: Path = TEMPLATES_DIR) -> list[Path]:
    """The questionnaire files in a folder (every ``*.json`` but the schema), sorted."""
    return sorted(p for p in folder.glob("*.json") if not p.name.endswith(".schema.json"))


def shipped_templates() -> list[TemplateRec]:
    """Every template shipped in resources/questionnaires, by key then version."""
    recs = [read_template(p) for p in template_files()]
    return sorted(recs, key=lambda r: (r.key, r.template_version))


def install_templates(
    register: Register, templates: Iterable[TemplateRec] | None = None
) -> list[TemplateRec]:
    """Add the templates (default: the shipped ones) that the register lacks.

    Idempotent: an identical stored version is left alone; a stored version with
    different content is refused (ValidationError) and nothing is installed.
    Returns the templates that were added.
    """
    wanted = list(shipped_templates() if templates is None else templates)
    added = []
    with register.transaction() as session:
        stored: set[tuple[str, int]] = {
            (key, version)
            for key, version in session.execute(
                select(QuestionnaireTemplate.key, QuestionnaireTemplate.template_version)
            )
        }
        for rec in wanted:
            put_template(session, rec, actor=register.actor)
            if (rec.key, rec.template_version) not in stored:
                added.append(rec)
                stored.add((rec.key, rec.template_version))
    return added


def latest_templates(register: Register) -> list[TemplateRec]:
    """The newest version of every template in the register, by name."""
    with register.reading() as session:
        newest: dict[str, TemplateRec] = {}
        for rec in list_templates(session):
            if rec.key not in newest or rec.template_version > newest[rec.key].template_version:
                newest[rec.key] = rec
    return sorted(newest.values(), key=lambda r: r.name.casefold())


def get_template(register: Register, *, key: str, version: int | None = None) -> TemplateRec:
    """One template version (the newest when ``version`` is None); NotFoundError otherwise."""
    with register.reading() as session:
        found = [r for r in list_templates(session) if r.key == key]
    if version is not None:
        found = [r for r in found if r.template_version == version]
    if not found:
        which = f" version {version}" if version is not None else ""
        raise NotFoundError(f"No questionnaire “{key}”{which} in the register.")
    return max(found, key=lambda r: r.template_version)


def scored_count(rec: TemplateRec) -> int:
    """How many questions of a template count towards the score."""
    return sum(1 for q in rec.questions if is_scored(q) and q.weight > 0)
