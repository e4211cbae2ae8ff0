"""The register's fast reader (``mapping.read_activities``, one query per table, no ORM
objects) gives exactly the records the ORM mapping gives, on SQLite and PostgreSQL: it
feeds the exports, the checks and the list's stored summaries."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sqlalchemy import select

from ropa_desktop.domain import ProcessingActivity
from ropa_desktop.domain.records import DataUseRec, TransferRec
from ropa_desktop.importers.sample import load_sample
from ropa_desktop.services import activities
from ropa_desktop.services.mapping import ACTIVITY_LOAD, activity_to_rec, read_activities
from ropa_desktop.services.register import Register, open_register
from tests.big_register import build
from tests.factories import complete_activity


def _both(register: Register) -> tuple[dict[int, object], dict[int, object]]:
    with register.reading() as session:
        rows = session.scalars(select(ProcessingActivity).options(*ACTIVITY_LOAD)).all()
        by_orm = {row.id: activity_to_rec(row) for row in rows}
        ids = sorted(by_orm, reverse=True)  # any order asked for is the order given
        fast = read_activities(session, ids)
        assert list(fast) == ids
    return by_orm, dict(fast)


def test_the_fast_reader_gives_the_orm_records(register: Register) -> None:
    load_sample(register)
    # Parts in an order that is not their ids' order, repeated values and empty lists.
    odd = complete_activity(
        key="act-odd",
        reference="PA-99",
        data_categories=(DataUseRec("contact-details", note="b"), DataUseRec("identity")),
        transfers=(TransferRec("Japan"), TransferRec("Canada", recipient="Host")),
        sources=(),
        measures=("encryption-transit", "access-control"),
    )
    saved = activities.save_activity(register, record=odd)
    activities.save_activity(
        register, record=dataclasses.replace(saved, purposes=saved.purposes[::-1] * 2)
    )
    by_orm, fast = _both(register)
    assert len(by_orm) > 10
    assert fast == by_orm


def test_the_fast_reader_on_a_big_register(tmp_path: Path) -> None:
    path = tmp_path / "big.sqlite"
    build(path, 300)
    register = open_register(path, actor="dpo")
    try:
        by_orm, fast = _both(register)
        assert len(fast) >= 300
        assert fast == by_orm
        with register.reading() as session:
            assert read_activities(session, []) == {}
            assert read_activities(session, [10**9]) == {}
    finally:
        register.close()
