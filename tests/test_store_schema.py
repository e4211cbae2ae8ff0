"""The migrated schema is the one the models declare, and lookups by foreign key use an index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from ropa_desktop.domain import Base
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.store.migrate import upgrade


def _differences(register: Register) -> list[object]:
    with register.engine.connect() as con:
        context = MigrationContext.configure(con, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_a_new_register_has_the_schema_the_models_declare(register: Register) -> None:
    assert _differences(register) == []


def test_every_foreign_key_leads_an_index_or_a_key(register: Register) -> None:
    inspector = inspect(register.engine)
    unindexed = []
    for table in inspector.get_table_names():
        leading = {tuple(i["column_names"][:1]) for i in inspector.get_indexes(table)}
        leading |= {tuple(u["column_names"][:1]) for u in inspector.get_unique_constraints(table)}
        leading.add(tuple(inspector.get_pk_constraint(table)["constrained_columns"][:1]))
        for fk in inspector.get_foreign_keys(table):
            if tuple(fk["constrained_columns"][:1]) not in leading:
                unindexed.append(f"{table}.{fk['constrained_columns'][0]}")
    assert unindexed == []


def test_an_upgraded_register_gains_the_indexes(db_path: Path) -> None:
    engine = create_engine(f"sqlite:///{db_path}")
    upgrade(engine, "0003")
    engine.dispose()
    register = open_register(db_path)
    try:
        assert _differences(register) == []
    finally:
        register.close()
    con = sqlite3.connect(db_path)
    try:
        for table in ("purpose", "data_category_use", "source", "recipient_use", "transfer",
                      "retention_rule"):  # fmt: skip
            plan = " ".join(
                str(row[-1])
                for row in con.execute(
                    f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE activity_id = 1"
                )
            )
            assert f"USING INDEX ix_{table}_activity_id" in plan, plan
    finally:
        con.close()
