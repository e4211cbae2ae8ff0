"""kill -9 before every schema statement of creating or upgrading a register: afterwards the
register opens, as it was or fully upgraded, never half-way. And a register an older version
left half-upgraded is rolled back to its backup and upgraded again."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ropa_desktop.services.register import open_register
from ropa_desktop.store.engine import make_engine, resolve_url
from ropa_desktop.store.migrate import head_revision, upgrade

ROOT = Path(__file__).resolve().parent.parent

# Opens (creates or upgrades) the register at argv[1], killing itself with SIGKILL just
# before the argv[2]-th schema statement; with 0 it prints how many there were.
PROBE = textwrap.dedent(
    """
    import os, signal, sys
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    target, k = sys.argv[1], int(sys.argv[2])
    SCHEMA = ("CREATE", "ALTER", "DROP", "INSERT INTO ALEMBIC_VERSION", "UPDATE ALEMBIC_VERSION")
    count = 0

    @event.listens_for(Engine, "before_cursor_execute")
    def kill(conn, cursor, statement, params, context, executemany):
        global count
        if statement.lstrip().upper().startswith(SCHEMA):
            count += 1
            if count == k:
                os.kill(os.getpid(), signal.SIGKILL)

    from ropa_desktop.store.engine import resolve_url
    from ropa_desktop.store.migrate import open_engine
    open_engine(resolve_url(target))
    print(count)
    """
)


def _probe(target: str, k: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, target, str(k)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


def _statements(target: str) -> int:
    run = _probe(target, 0)
    assert run.returncode == 0, run.stderr
    return int(run.stdout.strip())


def _dump(path: Path) -> list[str]:
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def _revision(path: Path) -> str | None:
    con = sqlite3.connect(path)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            return None
        return str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        con.close()


def _old_register(path: Path) -> None:
    """A register at schema 0001 with an organisation in it."""
    engine = make_engine(resolve_url(str(path)))
    upgrade(engine, "0001")
    with engine.begin() as con:
        con.exec_driver_sql(
            "INSERT INTO organisation (key, name, address, registration_number, contact_email, "
            "contact_phone, website, dpo_name, dpo_email, dpo_phone, representative_name, "
            "representative_contact, supervisory_authority, data_subject_rights, "
            "breach_procedure, to_confirm, version) VALUES ('acme', 'Acme SAS', '', '', "
            "'privacy@acme.example', '', '', '', '', '', '', '', '', '', '', '[]', 1)"
        )
    engine.dispose()


def _kill_each(make: object, tmp_path: Path, name: str) -> list[tuple[int, Path, list[str]]]:
    """Run the probe once per schema statement, each on its own copy; (k, file, dump before)."""
    template = tmp_path / f"{name}-template" / "register.sqlite"
    template.parent.mkdir()
    if make is not None:
        make(template)  # type: ignore[operator]
    counting = tmp_path / f"{name}-count" / "register.sqlite"
    shutil.copytree(template.parent, counting.parent)
    total = _statements(str(counting))
    assert total >= 3
    cases = []
    for k in range(1, total + 1):
        copy = tmp_path / f"{name}-{k}" / "register.sqlite"
        shutil.copytree(template.parent, copy.parent)
        cases.append((k, copy, _dump(copy) if copy.exists() else []))
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda c: _probe(str(c[1]), c[0]), cases))
    for (k, _copy, _before), run in zip(cases, runs, strict=True):
        assert run.returncode == -signal.SIGKILL, (k, run.stderr)
    return cases


def test_killed_creation_leaves_no_half_register(tmp_path: Path) -> None:
    for k, path, _before in _kill_each(None, tmp_path, "new"):
        if path.exists():
            assert _revision(path) is None, k
            assert _dump(path) in ([], ["BEGIN TRANSACTION;", "COMMIT;"]), k
        register = open_register(path)  # a new register after all
        register.close()
        assert _revision(path) == head_revision(), k


def test_killed_upgrade_leaves_the_register_as_it_was(tmp_path: Path) -> None:
    for k, path, before in _kill_each(_old_register, tmp_path, "old"):
        assert _dump(path) == before, k  # byte for byte the same rows and schema
        assert _revision(path) == "0001", k
        register = open_register(path)
        register.close()
        assert _revision(path) == head_revision(), k
        con = sqlite3.connect(path)
        assert con.execute("SELECT name FROM organisation").fetchall() == [("Acme SAS",)]
        con.close()


@pytest.mark.postgres
def test_killed_creation_on_postgres_rolls_back(pg_server) -> None:  # type: ignore[no-untyped-def]
    total = _statements(pg_server.create_database("counting_creation"))
    for k in sorted({1, total // 2, total}):
        url = pg_server.create_database(f"killed_creation_{k}")
        run = _probe(url, k)
        assert run.returncode == -signal.SIGKILL, run.stderr
        register = open_register(url)
        with register.reading() as session:
            revision = session.connection().exec_driver_sql(
                "SELECT version_num FROM alembic_version"
            )
            assert revision.scalar() == head_revision()
        register.close()


def test_a_register_left_half_upgraded_is_rolled_back_to_its_backup(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    _old_register(path)
    # What an older version did: a backup, then part of the upgrade, committed as it went;
    # and at the next attempt another backup, of the half-upgraded file this time.
    backup = tmp_path / "register.backup-20261101-090000-000000.sqlite"
    shutil.copy(path, backup)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE questionnaire_template (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    shutil.copy(path, tmp_path / "register.backup-20261101-090500-000000.sqlite")
    register = open_register(path)
    assert register.notice.startswith(
        "The register had been left half-upgraded by an earlier version of ropa-desktop; "
        "it was rolled back to its backup register.backup-20261101-090000-000000.sqlite "
        "and upgraded again."
    )
    register.close()
    assert _revision(path) == head_revision()
    con = sqlite3.connect(path)
    assert con.execute("SELECT name FROM organisation").fetchall() == [("Acme SAS",)]
    con.close()
    kept = list(tmp_path.glob("register.half-upgraded-*.sqlite"))
    assert len(kept) == 1 and "questionnaire_template" in " ".join(_dump(kept[0]))


def test_approvals_made_before_they_were_recorded_go_back_in_review(tmp_path: Path) -> None:
    from ropa_desktop.domain.enums import Status
    from ropa_desktop.services import activities
    from ropa_desktop.services.audit import audit_log

    path = tmp_path / "register.sqlite"
    engine = make_engine(resolve_url(str(path)))
    upgrade(engine, "0002")
    engine.dispose()
    # An approved activity as the previous version stored it (its own findings only).
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO organisation (key, name, address, registration_number, contact_email, "
        "contact_phone, website, dpo_name, dpo_email, dpo_phone, representative_name, "
        "representative_contact, supervisory_authority, data_subject_rights, breach_procedure, "
        "to_confirm, version) VALUES ('acme', 'Acme SAS', '', '', 'p@acme.example', '', '', '', "
        "'', '', '', '', '', '', '', '[]', 1)"
    )
    con.execute(
        "INSERT INTO activity (key, organisation_id, reference, name, description, role, status, "
        "owner_department, joint_controllers, measures_note, dpia_criteria, dpia_reference, "
        "automated_decision, automated_decision_note, controllers_on_behalf, "
        "processing_categories, to_confirm, version) VALUES ('act-news', 1, 'PA-03', "
        "'Newsletter', '', 'controller', 'approved', '', '', '', '[]', '', 0, '', '', '', "
        "'[\"transfers\"]', 4)"
    )
    con.commit()
    con.close()
    register = open_register(path, actor="dpo")
    rec = activities.get_activity(register, key="act-news")
    assert rec.status is Status.IN_REVIEW and rec.version == 5
    (event,) = audit_log(register, entity_key="act-news")
    assert event.actor == "ropa-desktop upgrade"
    assert "approve it again" in event.changes["approval_lapsed"]["after"]
    register.close()


def test_a_creation_an_older_version_left_half_done_is_created_again(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    engine = make_engine(resolve_url(str(path)))
    upgrade(engine, "0001")
    engine.dispose()
    con = sqlite3.connect(path)  # killed before the version was written: no version row
    con.execute("DELETE FROM alembic_version")
    con.execute("DROP TABLE activity_system")
    con.commit()
    con.close()
    register = open_register(path)
    assert register.notice == (
        "The creation of register.sqlite had been interrupted by an earlier version of "
        "ropa-desktop; it held no data and was created again."
    )
    register.close()
    assert _revision(path) == head_revision()


def test_a_database_with_data_and_no_version_is_left_alone(tmp_path: Path) -> None:
    from ropa_desktop.domain.errors import StoreError

    path = tmp_path / "register.sqlite"
    engine = make_engine(resolve_url(str(path)))
    upgrade(engine, "0001")
    engine.dispose()
    con = sqlite3.connect(path)
    con.execute("DELETE FROM alembic_version")
    con.execute(
        "INSERT INTO audit_event (at, actor, entity_type, entity_key, entity_label, action, changes) VALUES ('2026-01-01', 'a', 'activity', 'k', 'K', 'create', '{}')"
    )
    con.commit()
    con.close()
    before = _dump(path)
    with pytest.raises(StoreError, match="holds other tables and is not a ropa-desktop register"):
        open_register(path)
    assert _dump(path) == before
