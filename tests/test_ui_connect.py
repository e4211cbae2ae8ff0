"""The connect dialog, driven by keys and clicks, against the real PostgreSQL server with a
login that needs a password: from libpq's password file, a service file or the keyring,
never from the app's settings."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import psycopg
import pytest
from keyring.backend import KeyringBackend
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from ropa_desktop.cli import main
from ropa_desktop.services import team
from ropa_desktop.services.connection import TLS_MODES, ServerLogin, connect, connection_problem
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.ui import prompts
from ropa_desktop.ui.connect_dialog import ConnectDialog
from ropa_desktop.ui.main_window import MainWindow
from ropa_desktop.ui.settings import UiSettings
from ropa_desktop.ui.workspace import Workspace
from tests.conftest import ORG
from tests.pg import PgServer

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
LOGIN = "carol_pw"
PASSWORD = "S3cret/pass@word"  # characters a URL must escape
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(scope="module")
def database(pg_server: PgServer) -> Iterator[str]:
    """A team register whose login carol_pw must give a password (scram-sha-256)."""
    name = f"connect_{os.getpid()}"
    owner = open_register(pg_server.create_database(name), actor="owner")
    save_organisation(owner, record=ORG)
    team.init_team(owner)
    team.add_member(owner, login=LOGIN, role="editor")
    with owner.engine.begin() as con:
        con.execute(text(f"ALTER ROLE {LOGIN} PASSWORD '{PASSWORD}'"))
    hba = pg_server.datadir / "pg_hba.conf"
    line = f"host all {LOGIN} 127.0.0.1/32 scram-sha-256\n"
    if line not in hba.read_text():  # first match wins: before the server's "trust"
        hba.write_text(line + hba.read_text())
    with owner.engine.begin() as con:
        con.execute(text("SELECT pg_reload_conf()"))
    _wait_for_password_auth(pg_server.port, name)
    yield name
    owner.close()


def _wait_for_password_auth(port: int, name: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            psycopg.connect(
                f"host=127.0.0.1 port={port} dbname={name} user={LOGIN} password=wrong"
            ).close()
        except psycopg.OperationalError:
            return  # the server now checks the password
        time.sleep(0.1)
    raise AssertionError("the server did not start asking carol_pw for a password")


@pytest.fixture
def dialog(
    qtbot: QtBot, sqlite_register: Register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> ConnectDialog:
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "no-services"))
    workspace = Workspace(sqlite_register, UiSettings(path=tmp_path / "ui.ini"))
    return _open_dialog(qtbot, workspace)


def _open_dialog(qtbot: QtBot, workspace: Workspace) -> ConnectDialog:
    shown = ConnectDialog(workspace)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


LibpqFile = Callable[[str, str], None]


@pytest.fixture
def libpq_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LibpqFile:
    """Write one of libpq's files (the password file, the service file) and point its
    environment variable at it."""

    def write(variable: str, content: str) -> None:
        path = tmp_path / variable.lower()
        path.write_text(content)
        path.chmod(0o600)  # libpq ignores a password file others can read
        monkeypatch.setenv(variable, str(path))

    return write


@pytest.fixture
def real_keyring(tmp_path: Path) -> Iterator[KeyringBackend]:
    """keyrings.alt's file keyring, in this test's own folder."""
    before = keyring.get_keyring()
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")  # type: ignore[misc]
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


def _type_server(qtbot: QtBot, dialog: ConnectDialog, port: int, database: str) -> None:
    for field, value in ((dialog.host, "127.0.0.1"), (dialog.database, database),
                         (dialog.user, LOGIN)):  # fmt: skip
        field.clear()
        qtbot.keyClicks(field, value)
    dialog.port.selectAll()
    qtbot.keyClicks(dialog.port, str(port))


def _choose_tls(qtbot: QtBot, dialog: ConnectDialog, mode: str) -> None:
    """Home, then Down to the mode's entry, as a keyboard user picks it."""
    dialog.tls.setFocus()
    qtbot.keyClick(dialog.tls, Qt.Key.Key_Home)
    for _ in range(list(TLS_MODES).index(mode)):
        qtbot.keyClick(dialog.tls, Qt.Key.Key_Down)
    assert dialog.tls.currentText() == TLS_MODES[mode]


def _click_connect(qtbot: QtBot, dialog: ConnectDialog) -> None:
    qtbot.mouseClick(dialog.connect_button, LEFT)


def _dsn(register: Register) -> str:
    with register.engine.connect() as con:
        return str(con.connection.driver_connection.info.dsn)


def _settings_text(dialog: ConnectDialog) -> str:
    dialog.workspace.settings.sync()
    return Path(dialog.workspace.settings._q.fileName()).read_text()


def _accepted(dialog: ConnectDialog) -> Register:
    assert dialog.error.isHidden(), dialog.error.text()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.connected is not None
    register = dialog.connected.register
    dialog.connected = None
    return register


@pytest.mark.postgres
def test_connects_with_the_password_files_password_and_the_chosen_tls_mode(
    dialog: ConnectDialog, qtbot: QtBot, pg_server: PgServer, database: str, libpq_file: LibpqFile
) -> None:
    libpq_file("PGPASSFILE", f"127.0.0.1:{pg_server.port}:{database}:{LOGIN}:{PASSWORD}\n")
    _type_server(qtbot, dialog, pg_server.port, database)
    _choose_tls(qtbot, dialog, "disable")
    _click_connect(qtbot, dialog)
    register = _accepted(dialog)
    try:
        assert register.actor == LOGIN  # the database's login, as every audit event says
        dsn = _dsn(register)
        assert "sslmode=disable" in dsn and f"user={LOGIN}" in dsn and PASSWORD not in dsn
        assert PASSWORD not in register.location
    finally:
        register.close()
    saved = _settings_text(dialog)
    assert "127.0.0.1" in saved and "disable" in saved
    assert PASSWORD not in saved and "password" not in saved.lower()


@pytest.mark.postgres
def test_a_typed_password_kept_in_the_keyring_connects_the_next_time_from_there(
    dialog: ConnectDialog,
    qtbot: QtBot,
    pg_server: PgServer,
    database: str,
    real_keyring: KeyringBackend,
) -> None:
    _type_server(qtbot, dialog, pg_server.port, database)
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.keep, LEFT)
    _click_connect(qtbot, dialog)
    _accepted(dialog).close()
    assert real_keyring.get_password("ropa-desktop 127.0.0.1", LOGIN) == PASSWORD
    assert PASSWORD not in _settings_text(dialog)
    again = _open_dialog(qtbot, dialog.workspace)  # the fields come back, the password not
    assert (again.host.text(), again.port.value(), again.database.text(), again.user.text()) == (
        "127.0.0.1",
        pg_server.port,
        database,
        LOGIN,
    )
    assert again.password.text() == ""
    _choose_tls(qtbot, again, "allow")
    _click_connect(qtbot, again)
    register = _accepted(again)
    try:
        assert "sslmode=allow" in _dsn(register) and register.actor == LOGIN
    finally:
        register.close()


@pytest.mark.postgres
def test_a_wrong_password_is_refused_in_one_sentence_and_the_fields_stay(
    dialog: ConnectDialog, qtbot: QtBot, pg_server: PgServer, database: str
) -> None:
    _type_server(qtbot, dialog, pg_server.port, database)
    qtbot.keyClicks(dialog.password, "not the password")
    _click_connect(qtbot, dialog)
    assert dialog.connected is None and dialog.isVisible()
    assert dialog.error.text() == (
        f"The server at 127.0.0.1:{pg_server.port} refused the password of {LOGIN}; check the "
        "password in your password file, service file or keyring, and try again."
    )
    assert dialog.database.text() == database and dialog.password.text() == "not the password"
    dialog.password.clear()
    _click_connect(qtbot, dialog)  # no password anywhere
    assert dialog.error.text().startswith(
        f"The server at 127.0.0.1:{pg_server.port} asks for a password for {LOGIN}, and none "
        "was found"
    )


@pytest.mark.postgres
def test_tls_required_of_a_server_without_it_and_a_server_down_are_one_sentence(
    dialog: ConnectDialog, qtbot: QtBot, pg_server: PgServer, database: str
) -> None:
    _type_server(qtbot, dialog, pg_server.port, database)
    _choose_tls(qtbot, dialog, "require")
    _click_connect(qtbot, dialog)
    assert dialog.error.text() == (
        f"The server at 127.0.0.1:{pg_server.port} does not offer TLS, which TLS mode "
        "“require” requires; ask its administrator to enable it."
    )
    _choose_tls(qtbot, dialog, "verify-full")
    _click_connect(qtbot, dialog)
    assert dialog.error.text() == (
        "TLS mode “verify-full” checks the server's certificate: choose the root certificate "
        "file that signed it."
    )
    _choose_tls(qtbot, dialog, "disable")
    dialog.port.selectAll()
    qtbot.keyClicks(dialog.port, "1")  # nothing listens there
    _click_connect(qtbot, dialog)
    assert dialog.error.text() == (
        "The server at 127.0.0.1:1 cannot be reached: check that it is running and that the "
        "host and port are right."
    )


@pytest.mark.postgres
def test_a_service_name_connects_with_the_service_files_settings_and_password(
    dialog: ConnectDialog, qtbot: QtBot, pg_server: PgServer, database: str, libpq_file: LibpqFile
) -> None:
    libpq_file(
        "PGSERVICEFILE",
        f"[ropa_team]\nhost=127.0.0.1\nport={pg_server.port}\ndbname={database}\n"
        f"user={LOGIN}\npassword={PASSWORD}\nsslmode=disable\n",
    )
    for field in (dialog.host, dialog.database, dialog.user):
        field.clear()
    qtbot.keyClicks(dialog.service, "ropa_team")
    _choose_tls(qtbot, dialog, "prefer")  # the service file's own mode then applies
    _click_connect(qtbot, dialog)
    register = _accepted(dialog)
    try:
        assert register.actor == LOGIN and "sslmode=disable" in _dsn(register)
        assert register.location == "postgresql+psycopg://?service=ropa_team"
    finally:
        register.close()
    qtbot.keyClicks(dialog.service, "x")
    _click_connect(qtbot, dialog)
    assert dialog.error.text() == (
        "There is no service “ropa_teamx” in your service file (PGSERVICEFILE or "
        "~/.pg_service.conf)."
    )


def test_the_fields_make_a_libpq_url_and_refuse_what_cannot_connect() -> None:
    login = ServerLogin(host="db.example.org", port=6432, database="ropa", user="alice",
                        sslmode="verify-full", sslrootcert="/etc/ssl/root.crt")  # fmt: skip
    assert login.url("p@ss/word").render_as_string(hide_password=False) == (
        "postgresql+psycopg://alice:p%40ss%2Fword@db.example.org:6432/ropa"
        "?sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Froot.crt"
    )
    assert login.url().password is None
    with pytest.raises(Exception, match=r"^Give the server's host, the database and your user"):
        ServerLogin(host="db.example.org").check()
    remembered = ServerLogin.from_settings({"host": "h", "port": "x", "password": "secret"})
    assert remembered == ServerLogin(host="h")
    assert connection_problem(login.url(), "weird failure.\nmore") == (
        "Cannot connect to the register database at db.example.org:6432 (weird failure)."
    )


@pytest.mark.postgres
def test_the_command_line_says_the_same_sentence_for_a_wrong_password(
    pg_server: PgServer, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql://{LOGIN}:wrong@127.0.0.1:{pg_server.port}/{database}"
    assert main(["--db", url, "check"]) == 2
    assert capsys.readouterr().err == (
        f"ropa: The server at 127.0.0.1:{pg_server.port} refused the password of {LOGIN}; check "
        "the password in your password file, service file or keyring, and try again. Nothing was "
        "changed.\n"
    )


@pytest.mark.postgres
def test_file_connect_switches_the_window_to_the_team_register_and_follows_it(
    qtbot: QtBot,
    sqlite_register: Register,
    tmp_path: Path,
    pg_server: PgServer,
    database: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win = MainWindow(Workspace(sqlite_register, UiSettings(path=tmp_path / "ui.ini")))
    qtbot.addWidget(win)
    login = ServerLogin(host="127.0.0.1", port=pg_server.port, database=database, user=LOGIN)
    monkeypatch.setattr(
        prompts, "ask_connection", lambda parent, ws: connect(login, password=PASSWORD)
    )
    win.connect_postgres()
    register = win.workspace.register
    assert not register.is_sqlite and register.actor == LOGIN
    assert win.live._feed is not None and win.live._feed.fileno() is not None  # LISTENing
    assert PASSWORD not in win.workspace.settings.last_register
    win.close()
    register.close()
