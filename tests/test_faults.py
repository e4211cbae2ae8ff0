"""Faults of the machine and of other users: one plain sentence, exit code 2, nothing lost.

Real files, real processes racing each other, a real full disk (a small tmpfs, as root),
a real PostgreSQL server stopped under an open register.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ropa_desktop.cli import main
from ropa_desktop.domain.errors import StoreError
from ropa_desktop.exporters.files import STALE_PART_SECONDS
from ropa_desktop.exporters.json_export import register_json
from ropa_desktop.services import activities
from ropa_desktop.services.register import open_register
from ropa_desktop.store.engine import make_engine, resolve_url, shown_url
from ropa_desktop.store.migrate import upgrade
from tests.pg import start_server
from tests.test_cli import ropa

ROOT = Path(__file__).resolve().parent.parent


def one_sentence(err: str) -> str:
    assert err.startswith("ropa: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "Error:" not in err, err
    return err


# --- files that are not (yet) registers -----------------------------------------------------


def test_a_missing_or_empty_file_is_a_new_register_only_when_asked(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite"
    code, _, err = ropa("--db", str(missing), "check")
    assert code == 2 and "There is no register at" in one_sentence(err)
    assert not missing.exists()
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    code, _, err = ropa(
        "--db", str(empty), "import", "json", str(ROOT / "exports/sample_register.json")
    )
    assert code == 2 and "is an empty file (0 bytes), not a register" in one_sentence(err)
    assert empty.read_bytes() == b""
    code, out, err = ropa("--db", str(empty), "init")
    assert code == 0, err
    assert "Register ready" in out and empty.stat().st_size > 0


def _checkpoint(path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for i in range(2 * page, len(data) - page, 3 * page):  # scribble over several pages
        data[i + 16 : i + 600] = os.urandom(584)
    path.write_bytes(bytes(data))


def test_a_damaged_file_is_refused_and_never_written_into(tmp_path: Path) -> None:
    db = tmp_path / "register.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    _checkpoint(db)  # everything in the main file, so that scribbling on it damages the register
    backup = tmp_path / "register.backup-20261130-080000-000000.sqlite"
    shutil.copy(db, backup)
    _corrupt(db)
    before = db.read_bytes()
    code, _, err = ropa(
        "--db", str(db), "import", "json", str(ROOT / "exports/sample_register.json")
    )
    assert code == 2
    assert f"{db} is damaged (" in one_sentence(err)
    assert f"its newest backup is {backup}" in err
    assert db.read_bytes() == before
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://ropa@127.0.0.1:notaport/db", "is not a database URL"),
        ("mysql://ropa@localhost/register", "in a SQLite file or on a PostgreSQL server"),
        ("postgresql://ropa:s3cret@127.0.0.1:1/db", "the database server cannot be reached"),
    ],
)
def test_bad_database_urls_are_one_sentence(url: str, says: str) -> None:
    code, _, err = ropa("--db", url, "check")
    assert code == 2
    assert "cannot be reached" in says or says in one_sentence(err)
    if "cannot be reached" in says:
        assert one_sentence(err).startswith(
            "ropa: The server at 127.0.0.1:1 cannot be reached: check that it is running"
        )
    assert "s3cret" not in err


# --- passwords are never shown or stored ---------------------------------------------------


@pytest.mark.postgres
def test_passwords_never_shown_or_stored(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.create_database("secret_shown")
    with_password = url.replace("ropa@", "ropa:s3cret@") + "?password=s3cret&sslmode=disable"
    code, out, err = ropa("--db", with_password, "init")
    assert code == 0, err
    assert "s3cret" not in out + err
    register = open_register(with_password)
    assert "s3cret" not in register.location and "sslmode=disable" in register.location
    from ropa_desktop.ui.settings import UiSettings

    settings = UiSettings(path=tmp_path / "ui.ini")
    settings.remember_register(register.location)
    settings.sync()
    register.close()
    stored = "".join(p.read_text(errors="replace") for p in tmp_path.glob("*.ini"))
    assert "s3cret" not in stored
    assert shown_url("postgresql://a:b@h/d?password=b") == "postgresql://a@h/d"


# --- two users at once -------------------------------------------------------------------------

RACER = """
import sys, time
from ropa_desktop.services import activities
from ropa_desktop.services.register import open_register
from ropa_desktop.domain.errors import RopaError
from tests.factories import complete_activity
register = open_register(sys.argv[1], actor=f"user{sys.argv[2]}", create=False)
while time.time() < float(sys.argv[3]):
    time.sleep(0.001)
try:
    activities.save_activity(register, record=complete_activity(key=f"k{sys.argv[2]}", reference="PA-77"))
    print("saved")
except RopaError as exc:
    print(f"refused: {exc}")
"""


def _race(target: str, n: int) -> list[subprocess.CompletedProcess[str]]:
    start = time.time() + 4
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, target, str(i), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for i in range(n)
    ]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=120)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_two_users_creating_the_same_reference(backend: str, request, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import ORG, make_register

    register = make_register(backend, request, tmp_path)
    from ropa_desktop.services.organisation import save_organisation

    save_organisation(register, record=ORG)
    target = str(register.engine.url.render_as_string(hide_password=False))
    if backend == "sqlite":
        target = register.location
    runs = _race(target, 6)
    for run in runs:
        assert run.returncode == 0 and not run.stderr, run.stderr
    saved = [r for r in runs if r.stdout.strip() == "saved"]
    refused = [r.stdout.strip() for r in runs if r.stdout.startswith("refused: ")]
    assert len(saved) == 1 and len(refused) == 5
    for line in refused:
        assert "PA-77" in line or "same reference or key at the same moment" in line, line
        assert "UNIQUE" not in line and "IntegrityError" not in line
    assert [a.reference for a in activities.list_activities(register)] == ["PA-77"]


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_concurrent_imports_one_wins_the_others_say_so(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    db: str | Path = tmp_path / "register.sqlite"
    if backend == "postgres":
        db = request.getfixturevalue("pg_server").create_database("concurrent_imports")
    assert main(["--db", str(db), "init"]) == 0
    sample = str(ROOT / "exports/sample_register.json")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ropa_desktop.cli", "--db", str(db), "import", "json", sample],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(4)
    ]
    results = [(p.wait(timeout=180), p.stdout.read(), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    for p in procs:
        p.stdout.close()  # type: ignore[union-attr]
        p.stderr.close()  # type: ignore[union-attr]
    assert [code for code, _, _ in results].count(0) >= 1
    for code, _out, err in results:
        if code != 0:
            assert code == 2
            one_sentence(err)
    register = open_register(db)
    assert register_json(register) == (ROOT / "exports/sample_register.json").read_bytes()
    register.close()


# --- a server stopped under an open register -------------------------------------------------


@pytest.mark.postgres
def test_a_stopped_server_is_one_sentence() -> None:
    server = start_server()
    try:
        register = open_register(server.create_database("stopped"), actor="alice")
        activities.list_activities(register)
        server.stop()
        with pytest.raises(StoreError) as caught:
            activities.list_activities(register)
        message = str(caught.value)
        assert message.startswith(
            "The register could not be read: the database server cannot be reached"
        )
        assert "\n" not in message
        register.engine.dispose()
    finally:
        server.stop()


# --- a full disk ------------------------------------------------------------------------------


@contextlib.contextmanager
def small_disk(where: Path, size: str) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)])
    if done.returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_export_to_a_full_disk(tmp_path: Path) -> None:
    db = tmp_path / "register.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    with small_disk(tmp_path / "disk", "64k") as disk:
        old = disk / "register.json"
        old.write_bytes(b"{}\n")
        code, _, err = ropa("--db", str(db), "export", "json", "-o", str(old))
        assert code == 2
        assert (
            "the disk is full; nothing was written and the previous file is unchanged."
            in one_sentence(err)
        )
        assert old.read_bytes() == b"{}\n"
        assert sorted(p.name for p in disk.iterdir()) == ["register.json"]


def test_upgrade_on_a_full_disk_changes_nothing(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "1m") as disk:
        db = disk / "register.sqlite"
        engine = make_engine(resolve_url(str(db)))
        upgrade(engine, "0002")
        engine.dispose()
        filler = disk / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
        # Room for SQLite's working files (64 KiB), not for a copy of the register.
        filler.write_bytes(filler.read_bytes()[: -64 * 1024])
        before = db.read_bytes()
        code, _, err = ropa("--db", str(db), "check")
        assert code == 2
        assert (
            "Could not back up register.sqlite before upgrading it (the disk is full)"
            in one_sentence(err)
        )
        assert db.read_bytes() == before
        assert not list(disk.glob("*.backup-*"))


# --- leftovers of a killed export ---------------------------------------------------------------


def test_a_killed_exports_part_files_are_removed_by_the_next_export(tmp_path: Path) -> None:
    db = tmp_path / "register.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".register.json.k3j2h1x9.part"
    stale.write_bytes(b"half")
    old = time.time() - STALE_PART_SECONDS - 60
    os.utime(stale, (old, old))
    fresh = out / ".other.pdf.a1b2c3d4.part"  # another export still writing: left alone
    fresh.write_bytes(b"writing")
    mine = out / "notes.part"  # not ours: left alone
    mine.write_bytes(b"x")
    os.utime(mine, (old, old))
    download = out / ".movie.mkv.abc.part"  # another program's, however old: left alone
    download.write_bytes(b"x")
    os.utime(download, (old, old))
    assert main(["--db", str(db), "export", "json", "-o", str(out / "elsewhere.json")]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        ".movie.mkv.abc.part",
        ".other.pdf.a1b2c3d4.part",
        "elsewhere.json",
        "notes.part",
    ]
    assert json.loads((out / "elsewhere.json").read_text(encoding="utf-8"))["activities"]


# --- a PostgreSQL register is backed up before an upgrade ---------------------------------------


def _old_server_register(pg_server, name: str) -> str:  # type: ignore[no-untyped-def]
    url = pg_server.create_database(name)
    engine = make_engine(resolve_url(url))
    upgrade(engine, "0002")
    engine.dispose()
    return url


@pytest.mark.postgres
def test_postgres_upgrade_makes_a_pg_dump_first(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = _old_server_register(pg_server, "old_with_dump")
    code, out, err = ropa("--db", url, "init")
    assert code == 0, err
    line = next(li for li in out.splitlines() if li.startswith("Backed up the register"))
    dump = Path(line.rsplit(" to ", 1)[1])
    assert dump.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    from ropa_desktop.store.backups import find_pg_dump

    tool = find_pg_dump()
    assert tool is not None
    listing = subprocess.run(
        [str(tool.with_name("pg_restore")), "--list", str(dump)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "TABLE public activity" in listing.stdout


@pytest.mark.postgres
def test_postgres_upgrade_without_pg_dump_is_refused(pg_server, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ropa_desktop.store import backups

    url = _old_server_register(pg_server, "old_without_dump")
    monkeypatch.setattr(backups, "find_pg_dump", lambda: None)
    with pytest.raises(StoreError, match="with pg_dump first, which is not installed here"):
        open_register(url)
    engine = make_engine(resolve_url(url))
    with engine.connect() as con:
        assert con.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0002"
    engine.dispose()
    register = open_register(url, server_backup=False)  # “ropa init --no-backup”
    register.close()


@pytest.mark.postgres
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_app_says_in_a_dialog_when_the_server_goes(qtbot, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A view refreshing after the server stopped: one sentence in a dialog, no traceback."""
    from ropa_desktop.services.organisation import save_organisation
    from ropa_desktop.ui import prompts
    from ropa_desktop.ui.main_window import MainWindow
    from ropa_desktop.ui.settings import UiSettings
    from ropa_desktop.ui.workspace import Workspace
    from tests.conftest import ORG

    server = start_server()
    try:
        register = open_register(server.create_database("app_stopped"), actor="alice")
        save_organisation(register, record=ORG)
        window = MainWindow(Workspace(register, UiSettings(path=tmp_path / "ui.ini")))
        qtbot.addWidget(window)
        window.show()
        shown: list[str] = []
        monkeypatch.setattr(prompts, "warn", lambda _p, _t, text: shown.append(text))
        monkeypatch.setattr("sys.excepthook", prompts.report_unhandled)
        server.stop()
        window.workspace.notify_changed()
        qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
        assert shown[0].startswith("The register could not be read: the database server")
        assert "\n" not in shown[0]
        register.engine.dispose()
    finally:
        server.stop()


def test_a_register_on_a_read_only_disk_is_one_sentence(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "4m") as disk:
        db = disk / "register.sqlite"
        assert main(["--db", str(db), "demo"]) == 0
        before = db.read_bytes()
        remount = subprocess.run(["mount", "-o", "remount,ro", str(disk)])
        if remount.returncode != 0:
            pytest.skip("cannot remount the tmpfs read-only here")
        code, _, err = ropa("--db", str(db), "check")
        assert code == 2
        assert f"Cannot open {db}: its folder {disk} is read-only" in one_sentence(err)
        assert db.read_bytes() == before
