from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ropa_desktop.domain.records import OrganisationRec
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.register import Register, open_register
from tests.pg import PgServer, start_server

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from ropa_desktop.ui.main_window import MainWindow

_counter = itertools.count()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own data and config folders, and no ROPA_DB from outside."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.delenv("ROPA_DB", raising=False)
    # The language follows the system locale (services.language): tests speak English
    # unless they set another.
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = start_server()
    yield server
    server.stop()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "register.sqlite"


def make_register(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Register:
    if backend == "sqlite":
        target = str(tmp_path / "register.sqlite")
    else:
        server: PgServer = request.getfixturevalue("pg_server")
        target = server.create_database(f"t{os.getpid()}_{next(_counter)}")
    register = open_register(target, actor="tester")
    request.addfinalizer(register.close)
    return register


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def register(request: pytest.FixtureRequest, tmp_path: Path) -> Register:
    """A fresh, empty register on SQLite and on a real PostgreSQL server."""
    return make_register(request.param, request, tmp_path)


@pytest.fixture
def sqlite_register(request: pytest.FixtureRequest, tmp_path: Path) -> Register:
    return make_register("sqlite", request, tmp_path)


ORG = OrganisationRec(
    key="acme", name="Acme SAS", contact_email="privacy@acme.example", dpo_name="D. Poe"
)


@pytest.fixture
def org_register(register: Register) -> Register:
    save_organisation(register, record=ORG)
    return register


_PROMPTS = (
    "confirm",
    "warn",
    "inform",
    "ask_unsaved",
    "ask_save_path",
    "ask_open_path",
    "ask_text",
    "ask_connection",
    "resolve_conflict",
    "review_changes",
    "ask_new_entry",
    "ask_first_start",
    "ask_mapping",
)


@pytest.fixture(autouse=True)
def _no_unexpected_prompts(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog nobody answers would hang the run: a test that expects one patches it.

    Any other prompt fails the test with the prompt's text instead of blocking.
    """
    from ropa_desktop.ui import prompts

    def unexpected(name: str):  # type: ignore[no-untyped-def]
        def prompt(*args: object, **kwargs: object) -> None:
            raise AssertionError(f"unexpected prompt {name}{args[1:]!r}")

        return prompt

    for name in _PROMPTS:
        monkeypatch.setattr(prompts, name, unexpected(name))


@pytest.fixture
def sample_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    """The main window on a scratch copy of the sample register, shown and active."""
    from tests.sample_window import open_sample_window

    win, register = open_sample_window(qtbot, tmp_path, monkeypatch)
    yield win
    register.close()
