"""Opening, upgrading and protecting the register database file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from ropa_desktop.domain.errors import StoreError
from ropa_desktop.services.register import open_register
from ropa_desktop.store.engine import default_database_path, resolve_url
from ropa_desktop.store.migrate import HEAD_REVISION, head_revision, upgrade


def test_sqlite_connections_get_wal_foreign_keys_and_full_sync(db_path: Path) -> None:
    register = open_register(db_path)
    with register.engine.connect() as con:
        assert con.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert con.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert con.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    register.close()


def test_default_register_lives_in_the_user_data_dir(tmp_path: Path) -> None:
    assert default_database_path() == tmp_path / "data-home" / "ropa-desktop" / "register.sqlite"
    register = open_register(None)
    assert Path(register.location) == default_database_path()
    assert default_database_path().exists()
    register.close()


def test_ropa_db_environment_variable_is_honoured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROPA_DB", str(tmp_path / "env.sqlite"))
    assert resolve_url(None).database == str(tmp_path / "env.sqlite")
    assert resolve_url("postgresql://u@h/db").drivername == "postgresql+psycopg"


def test_upgrade_from_the_first_migration_keeps_data_and_backs_up(db_path: Path) -> None:
    engine = create_engine(f"sqlite:///{db_path}")
    upgrade(engine, "0001")
    with engine.begin() as con:
        con.execute(
            text(
                "INSERT INTO organisation (key, name, address, registration_number, contact_email, "
                "contact_phone, website, dpo_name, dpo_email, dpo_phone, representative_name, "
                "representative_contact, supervisory_authority, data_subject_rights, breach_procedure, "
                "to_confirm, version) VALUES ('o', 'Old Org', '', '', 'a@b.c', '', '', '', '', '', '', "
                "'', '', '', '', '[]', 1)"
            )
        )
        con.execute(
            text(
                "INSERT INTO activity (key, organisation_id, reference, name, description, role, status, "
                "owner_department, joint_controllers, measures_note, dpia_criteria, dpia_reference, "
                "automated_decision, automated_decision_note, controllers_on_behalf, "
                "processing_categories, to_confirm, version) VALUES ('a', 1, 'PA-1', 'Payroll', '', "
                "'controller', 'draft', '', '', '', '[]', '', 0, '', '', '', '[]', 1)"
            )
        )
    engine.dispose()
    register = open_register(db_path)
    assert register.backup is not None and register.backup.exists()
    from ropa_desktop.services.activities import get_activity

    assert get_activity(register, key="a").name == "Payroll"
    with register.engine.connect() as con:
        assert (
            con.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        )
    # The backup is the register as it was before the upgrade.
    backup = sqlite3.connect(register.backup)
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert backup.execute("SELECT name FROM activity").fetchone() == ("Payroll",)
    backup.close()
    register.close()


def test_the_known_head_is_the_newest_migration() -> None:
    # Opening a current register trusts this constant instead of asking alembic.
    assert head_revision() == HEAD_REVISION


def test_a_current_register_opens_without_writing(db_path: Path) -> None:
    open_register(db_path, create=True).close()
    before = db_path.read_bytes()
    # Another connection holds the write lock: a current register still opens and reads.
    other = sqlite3.connect(db_path)
    other.execute("BEGIN IMMEDIATE")
    try:
        register = open_register(db_path)
        from ropa_desktop.services.activities import activity_summaries

        assert activity_summaries(register) == []
        register.close()
    finally:
        other.rollback()
        other.close()
    assert db_path.read_bytes() == before


def test_register_written_by_a_newer_version_is_refused_untouched(db_path: Path) -> None:
    open_register(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer version of ropa-desktop"):
        open_register(db_path)
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob("*.backup-*"))


def test_foreign_database_and_garbage_file_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE invoices (id INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a ropa-desktop register"):
        open_register(other)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database at all" * 100)
    before = garbage.read_bytes()
    with pytest.raises(StoreError, match="is not a ropa-desktop register"):
        open_register(garbage)
    assert garbage.read_bytes() == before


def test_unreachable_server_gives_a_clear_error() -> None:
    with pytest.raises(
        StoreError,
        match=r"^The server at 127\.0\.0\.1:1 cannot be reached: check that it is running",
    ):
        open_register("postgresql://nobody@127.0.0.1:1/none")
