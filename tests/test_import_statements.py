"""Restoring a register's own export reads each kind of record once and writes the
activities, their parts (purposes, data, sources, recipients, transfers, links to
catalogues and processors), retention rules and audit events in batches: as many
statements for 240 activities as for 60, and the same records as the export holds."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import event

from ropa_desktop.domain.records import to_plain
from ropa_desktop.exporters.json_export import register_json
from ropa_desktop.importers.json_import import parse_document
from ropa_desktop.services.activities import list_activities
from ropa_desktop.services.interchange import import_records, snapshot
from ropa_desktop.services.register import open_register
from tests.big_register import build

SIZES = (60, 240)
PARTS = ("purpose", "data_category_use", "source", "recipient_use", "transfer")
TABLES = (*PARTS, "activity_subject", "activity_measure", "activity_system", "activity_processor")


def _restore(tmp_path: Path, size: int) -> tuple[Counter[str], int, dict[str, int]]:
    source = tmp_path / f"source-{size}.sqlite"
    made = build(source, size)
    register = open_register(source, actor="dpo")
    data = register_json(register)
    register.close()
    doc = parse_document(data)
    target = open_register(tmp_path / f"restored-{size}.sqlite", actor="dpo")
    seen: Counter[str] = Counter()

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen[" ".join(statement.split()[:3])] += 1

    event.listen(target.engine, "before_cursor_execute", note)
    try:
        import_records(target, doc, dry_run=False)
    finally:
        event.remove(target.engine, "before_cursor_execute", note)
    restored = snapshot(target)
    assert [a.key for a in list_activities(target)] == [a.key for a in doc.activities]
    assert [to_plain(a) for a in restored.activities] == [to_plain(a) for a in doc.activities]
    assert len(restored.retention_rules) == len(doc.retention_rules)
    with sqlite3.connect(tmp_path / f"restored-{size}.sqlite") as con:
        parts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    target.close()
    return seen, made, parts


def test_import_statements_do_not_grow_with_the_register(tmp_path: Path) -> None:
    small, made_small, parts_small = _restore(tmp_path, SIZES[0])
    big, made_big, parts_big = _restore(tmp_path, SIZES[1])
    assert made_big >= 3 * made_small

    assert sum(parts_big.values()) >= 3 * sum(parts_small.values()) > 0
    assert big == small
    assert small["INSERT INTO activity"] == 1
    for table, rows in parts_small.items():
        assert small[f"INSERT INTO {table}"] == (1 if rows else 0), table
    assert small["INSERT INTO audit_event"] < 10
