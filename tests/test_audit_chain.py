"""Each audit event carries the SHA-256 of the event before it and of its own content;
``ropa audit verify`` recomputes the chain and names the first link that does not hold."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from ropa_desktop.cli import main
from ropa_desktop.domain.audit import GENESIS
from ropa_desktop.services import activities
from ropa_desktop.services.audit import chain_head, record_event, verify_chain, write_events
from ropa_desktop.services.organisation import save_organisation
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.store.migrate import upgrade
from tests.conftest import ORG, make_register
from tests.factories import complete_activity


def _three_saves(register: Register) -> None:
    saved = activities.save_activity(register, record=complete_activity())
    renamed = dataclasses.replace(saved, name="Customer care")
    activities.save_activity(register, record=renamed)
    activities.save_activity(register, record=complete_activity("act-hr", "PA-02", name="Hiring"))


def _verify(register: Register, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--db", register.engine.url.render_as_string(), "audit", "verify"])
    return code, capsys.readouterr().out.strip()


def _as_owner(register: Register, statement: str) -> None:
    """Run SQL past the append-only trigger, as the table's owner could."""
    with register.engine.begin() as con:
        if register.is_sqlite:
            con.execute(text("DROP TRIGGER IF EXISTS audit_event_no_update"))
            con.execute(text("DROP TRIGGER IF EXISTS audit_event_no_delete"))
            con.execute(text(statement))
        else:
            con.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only"))
            con.execute(text(statement))
            con.execute(text("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only"))


def _ids(register: Register) -> list[int]:
    with register.engine.connect() as con:
        return list(con.execute(text("SELECT id FROM audit_event ORDER BY id")).scalars())


def test_saves_chain_their_events_and_verify_says_intact(
    org_register: Register, capsys: pytest.CaptureFixture[str]
) -> None:
    _three_saves(org_register)
    with org_register.engine.connect() as con:
        links = con.execute(text("SELECT prev_hash, hash FROM audit_event ORDER BY id")).all()
    assert len(links) == 4  # the organisation, then the three saves
    assert links[0][0] == GENESIS
    assert [prev for prev, _ in links[1:]] == [own for _, own in links[:-1]]
    head = chain_head(org_register)
    assert (head.events, head.head) == (4, links[-1][1])
    code, out = _verify(org_register, capsys)
    assert (code, out) == (0, f"Audit trail intact: 4 events, head {links[-1][1][:16]}.")


def test_verify_names_an_event_edited_behind_the_apps_back(
    org_register: Register, capsys: pytest.CaptureFixture[str]
) -> None:
    _three_saves(org_register)
    second = _ids(org_register)[2]
    _as_owner(org_register, f"UPDATE audit_event SET actor = 'ceo' WHERE id = {second}")
    code, out = _verify(org_register, capsys)
    assert code == 1
    assert out.startswith(f"Event {second} (")
    assert out.endswith(", ceo, Customer care) was altered after it was written.")


def test_verify_names_where_an_event_was_deleted(
    org_register: Register, capsys: pytest.CaptureFixture[str]
) -> None:
    _three_saves(org_register)
    _, second, third, fourth = _ids(org_register)
    _as_owner(org_register, f"DELETE FROM audit_event WHERE id = {third}")
    code, out = _verify(org_register, capsys)
    assert code == 1
    assert out.startswith(f"An event between event {second} (")
    assert f"tester, Customer relationship management) and event {fourth} (" in out
    assert out.endswith(", tester, Hiring) was altered or removed after it was written.")


def test_verify_sees_the_newest_events_cut_off(
    org_register: Register, capsys: pytest.CaptureFixture[str]
) -> None:
    _three_saves(org_register)
    last = _ids(org_register)[-1]
    _as_owner(org_register, f"DELETE FROM audit_event WHERE id = {last}")
    code, out = _verify(org_register, capsys)
    assert code == 1
    assert out.startswith("The last 1 event of the audit trail after event ")
    assert out.endswith(f"was removed after being written: the register recorded 4 events, "
                        f"head {chain_head(org_register).head[:16]}.")  # fmt: skip


def test_an_upgrade_chains_the_events_already_written(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = create_engine(f"sqlite:///{db_path}")
    upgrade(engine, "0005")
    engine.dispose()
    con = sqlite3.connect(db_path)
    for n, actor in enumerate(("alice", "bob", "carol")):
        con.execute(
            "INSERT INTO audit_event (at, actor, entity_type, entity_key, entity_label, action, "
            f"changes) VALUES ('2026-01-0{n + 1} 10:00:00.000000', '{actor}', 'activity', "
            """'k', 'PA-01', 'update', '{"name": {"before": "a", "after": "é"}}')"""
        )
    con.commit()
    con.close()
    register = open_register(db_path, actor="dave")
    try:
        verdict = verify_chain(register)
        assert (verdict.broken, verdict.events) == (None, 3)
        with register.transaction() as session:
            record_event(session, actor="dave", entity_type="activity", key="k",
                         label="PA-01", before=None, after=None, changes={})  # fmt: skip
        verdict = verify_chain(register)
        assert (verdict.broken, verdict.events) == (None, 4)
    finally:
        register.close()


def _writers(request: pytest.FixtureRequest, tmp_path: Path, n: int) -> list[Register]:
    """``n`` registers, each with its own connections, on one new PostgreSQL database."""
    first = make_register("postgres", request, tmp_path)
    save_organisation(first, record=ORG)
    others = [
        open_register(first.engine.url.render_as_string(), actor=f"w{i}") for i in range(n - 1)
    ]
    for other in others:
        request.addfinalizer(other.close)
    return [first, *others]


@pytest.mark.postgres
def test_two_writers_on_postgresql_never_fork_the_chain(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    first, second = _writers(request, tmp_path, 2)
    # The first writer appends and holds its transaction open; the second saves meanwhile.
    with first._sessions() as session, session.begin():
        record_event(session, actor="alice", entity_type="activity", key="k", label="K",
                     before=None, after=None, changes={})  # fmt: skip
        write_events(session, at=dt.datetime.now(dt.UTC))
        saver = threading.Thread(
            target=activities.save_activity, args=(second,), kwargs={"record": complete_activity()}
        )
        saver.start()
        saver.join(1.0)
        assert saver.is_alive()  # waiting for the chain's head, not linking to the same one
    saver.join(60)
    verdict = verify_chain(first)
    assert (verdict.broken, verdict.events) == (None, 3)


@pytest.mark.postgres
def test_many_concurrent_saves_on_postgresql_keep_one_chain(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    first, *writers = _writers(request, tmp_path, 4)

    def save_many(register: Register, n: int) -> None:
        for i in range(15):
            rec = complete_activity(f"act-{n}-{i}", f"PA-{n}-{i}", name=f"Activity {n}.{i}")
            activities.save_activity(register, record=rec)

    threads = [threading.Thread(target=save_many, args=(w, n)) for n, w in enumerate(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    verdict = verify_chain(first)
    assert (verdict.broken, verdict.events) == (None, 1 + 3 * 15)
