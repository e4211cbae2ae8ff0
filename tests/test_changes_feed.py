"""The change feed: what a colleague's session committed, seen from another session."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

import pytest
from sqlalchemy import text

from ropa_desktop.domain.enums import AuditAction
from ropa_desktop.services import activities, changes_feed
from ropa_desktop.services.changes_feed import Change, ChangeFeed
from ropa_desktop.services.processors import save_processor
from ropa_desktop.services.register import Register, open_register
from tests.factories import complete_activity, processor


def colleague_of(register: Register, actor: str = "bob") -> Register:
    """A second session on the same register, as another person's app would open it."""
    target = (
        register.location
        if register.is_sqlite
        else register.engine.url.render_as_string(hide_password=False)
    )
    return open_register(target, actor=actor, create=False)


def wait_changes(feed: ChangeFeed, count: int, seconds: float = 10.0) -> list[Change]:
    """Poll as the app does until ``count`` changes came (a notification travels)."""
    found: list[Change] = []
    deadline = time.monotonic() + seconds
    while len(found) < count and time.monotonic() < deadline:
        found += feed.changes()
        time.sleep(0.02)
    return found


@pytest.fixture
def bob(register: Register, request: pytest.FixtureRequest) -> Register:
    other = colleague_of(register)
    request.addfinalizer(other.close)
    return other


@pytest.fixture
def feed(org_register: Register, request: pytest.FixtureRequest) -> ChangeFeed:
    opened = changes_feed.open_feed(org_register)
    request.addfinalizer(opened.close)
    return opened


def test_a_colleagues_save_arrives_with_the_record_its_author_and_time(
    register: Register, bob: Register, feed: ChangeFeed
) -> None:
    assert feed.changes() == []
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    activities.save_activity(bob, record=complete_activity(reference="PA-05", name="Support"))
    [change] = wait_changes(feed, 1)
    assert (change.kind, change.key, change.title) == ("activity", "act-crm", "PA-05 · Support")
    assert change.actor == "bob" and change.action is AuditAction.CREATE
    assert before <= change.at <= dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
    local = change.at.astimezone()
    assert change.by_line(today=local.date()) == f"Changed by bob at {local:%H:%M}"
    assert feed.changes() == []  # told once


def test_own_saves_and_rolled_back_ones_are_not_a_colleagues(
    register: Register, bob: Register, feed: ChangeFeed
) -> None:
    saved = activities.save_activity(register, record=complete_activity())
    activities.save_activity(
        register, record=dataclasses.replace(saved, description="Mine, twice.")
    )
    with register.transaction(dry_run=True) as session:  # written, then rolled back
        activities.put_activity(session, complete_activity(key="act-x", reference="PA-09"),
                                actor=register.actor)  # fmt: skip
    save_processor(bob, record=processor(name="Mailer Ltd"))  # then a colleague's
    found = wait_changes(feed, 1)
    time.sleep(0.3)
    found += feed.changes()
    assert [(c.kind, c.title, c.actor) for c in found] == [("processor", "Mailer Ltd", "bob")]
    assert register.own_events == set()  # each own event was recognised, then forgotten


def test_a_deletion_names_the_record_as_it_was(
    register: Register, bob: Register, feed: ChangeFeed
) -> None:
    saved = activities.save_activity(register, record=complete_activity(reference="PA-07"))
    activities.delete_activity(bob, key=saved.key, version=saved.version)
    [change] = wait_changes(feed, 1)
    assert change.action is AuditAction.DELETE and change.title.startswith("PA-07 · ")
    local = change.at.astimezone()
    assert change.by_line(today=local.date() + dt.timedelta(days=1)) == (
        f"Deleted by bob on {local:%Y-%m-%d} at {local:%H:%M}"
    )


@pytest.mark.postgres
@pytest.mark.parametrize("register", ["postgres"], indirect=True)
def test_postgres_notifies_at_commit_with_a_json_payload(
    register: Register, bob: Register, feed: ChangeFeed
) -> None:
    assert feed.fileno() is not None  # a socket the app watches
    with bob.engine.begin() as con:  # another program on the channel is ignored
        con.execute(text("NOTIFY ropa_register, 'not ours'"))
    with bob.transaction() as session:
        activities.put_activity(session, complete_activity(), actor=bob.actor)
        session.flush()
        time.sleep(0.3)
        assert feed.changes() == []  # nothing before the commit
    assert [c.title for c in wait_changes(feed, 1)] == ["PA-01 · Customer relationship management"]


def test_a_closed_feed_tells_nothing_more(
    register: Register, bob: Register, feed: ChangeFeed
) -> None:
    feed.close()
    activities.save_activity(bob, record=complete_activity())
    assert feed.changes() == [] and register.own_events is None
    feed.close()  # twice is harmless
