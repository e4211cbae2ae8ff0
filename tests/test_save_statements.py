"""Saving one activity issues as many SQL statements in a register of 500 as of 50."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from ropa_desktop.domain.enums import LegalBasis
from ropa_desktop.domain.records import PurposeRec
from ropa_desktop.services import activities
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.services.retention import save_rule
from tests.big_register import build
from tests.factories import complete_activity, retention_for

SIZES = (50, 500)
# What each save costs today (validation look-ups, the version claim, the record read
# with its parts, one statement per part written, the audit event, the list summary),
# with a little room: a ceiling, so that statements per activity or per rule of the
# register cannot creep back in unseen.
CEILING = {"edit": 45, "new": 15, "approve": 65}
KEY = "act-newsletter"
Prepare = Callable[[Register], Callable[[], object]]


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("big")
    out = {}
    for size in SIZES:
        path = folder / f"register-{size}.sqlite"
        assert build(path, size) >= size
        out[size] = path
    return out


@contextmanager
def _counted(register: Register) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(register.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(register.engine, "before_cursor_execute", note)


def _count(path: Path, tmp_path: Path, prepare: Prepare) -> int:
    copy = tmp_path / f"copy-{path.name}"
    shutil.copy(path, copy)
    register = open_register(copy, actor="tester", create=False)
    try:
        save = prepare(register)  # what the editor reads first is not the save
        with _counted(register) as seen:
            save()
        return len(seen)
    finally:
        register.close()


def _edit(register: Register) -> Callable[[], object]:
    rec = activities.get_activity(register, key=KEY)
    purpose = PurposeRec("Measure the audience", LegalBasis.CONSENT, consent_withdrawal="Link")
    changed = dataclasses.replace(
        rec, name="Newsletter to customers", purposes=(*rec.purposes, purpose)
    )
    return lambda: activities.save_activity(register, record=changed)


def _new(register: Register) -> Callable[[], object]:
    rec = activities.new_activity(reference="PA-NEW", name="Visitor badges")
    return lambda: activities.save_activity(register, record=rec)


def _approve(register: Register) -> Callable[[], object]:
    rec = activities.save_activity(register, record=complete_activity("act-ok", "PA-OK"))
    save_rule(register, record=retention_for(rec.key, key="ret-ok"))
    return lambda: activities.approve_activity(register, key=rec.key, version=rec.version)


@pytest.mark.parametrize("prepare", [_edit, _new, _approve], ids=["edit", "new", "approve"])
def test_a_save_issues_the_same_statements_whatever_the_register_size(
    templates: dict[int, Path], tmp_path: Path, prepare: Prepare, request: pytest.FixtureRequest
) -> None:
    counts = {size: _count(path, tmp_path, prepare) for size, path in templates.items()}
    assert counts[50] == counts[500], counts
    assert counts[50] <= CEILING[request.node.callspec.id], counts
