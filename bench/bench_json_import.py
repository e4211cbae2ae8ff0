"""Time `ropa import json` of the app's own export of a big register into an empty one (a
restore), against a raw sqlite3 writer of the same rows into the same schema.

In the same run, for each size: the export made once (not timed); then, alternating,
``read_document`` of the file (the size cap, JSON, the hostile-input guards, the schema,
the records), the import
(plan and apply: every rule, the audit trail, the list summaries, one transaction) and
the raw writer (``executemany`` of every row of every table the register holds, one
commit). Medians of 3 (one run at 10,000 and more), CPU and wall seconds.

    .venv/bin/python bench/bench_json_import.py [ACTIVITIES ...]   (default 1000 10000)
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import report
from ropa_desktop.exporters.json_export import register_json
from ropa_desktop.importers.json_import import read_document
from ropa_desktop.services.interchange import RegisterDoc, import_records
from ropa_desktop.services.register import open_register
from tests.big_register import build

GOAL = "10,000 activities in under 30 s and within 5× of the raw writer"


def timed(work: Callable[[], object]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.process_time() - cpu, time.perf_counter() - wall


def tables_of(path: Path) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    """Every row of every register table (what the raw writer writes)."""
    con = sqlite3.connect(path)
    names = [
        r[0]
        for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not r[0].startswith("sqlite_") and r[0] != "alembic_version"
    ]
    out = {}
    for name in names:
        cols = [r[1] for r in con.execute(f"PRAGMA table_info({name})")]
        out[name] = (cols, con.execute(f"SELECT * FROM {name}").fetchall())
    con.close()
    return out


def raw_write(
    empty: Path, target: Path, rows: dict[str, tuple[list[str], list[tuple[object, ...]]]]
) -> None:
    target.write_bytes(empty.read_bytes())
    con = sqlite3.connect(target)
    con.execute("PRAGMA foreign_keys = OFF")
    for name, (cols, values) in rows.items():
        con.execute(f"DELETE FROM {name}")
        con.executemany(
            f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", values
        )
    con.commit()
    con.close()


def one_size(folder: Path, count: int) -> None:
    source = folder / f"source-{count}.sqlite"
    made = build(source, count)
    register = open_register(source, actor="bench")
    data = register_json(register)
    register.close()
    exported = folder / f"export-{count}.json"
    exported.write_bytes(data)
    rows = tables_of(source)
    empty = folder / "empty.sqlite"
    open_register(empty, actor="bench").close()
    repeats = 3 if made < 5_000 else 1
    runs: dict[str, list[tuple[float, float]]] = {"parse": [], "import": [], "raw writer": []}
    doc: list[RegisterDoc] = []
    for n in range(repeats):
        runs["parse"].append(timed(lambda: doc.append(read_document(exported))))
        target = folder / f"restore-{count}-{n}.sqlite"
        target.write_bytes(empty.read_bytes())
        restored = open_register(target, actor="bench")
        runs["import"].append(
            timed(lambda r=restored: import_records(r, doc[-1], dry_run=False))  # type: ignore[misc]
        )
        restored.close()
        runs["raw writer"].append(timed(lambda: raw_write(empty, folder / "raw.sqlite", rows)))
    cpu = {k: statistics.median(c for c, _ in v) for k, v in runs.items()}
    wall = {k: statistics.median(w for _, w in v) for k, v in runs.items()}
    print(f"{made:>6} activities, export {len(data) / 1e6:.1f} MB, medians of {repeats}:")
    for name in runs:
        print(f"  {name:<11} {cpu[name]:7.2f} s CPU  {wall[name]:7.2f} s wall")
    total = cpu["parse"] + cpu["import"]
    print(
        f"  parse + import {total:.2f} s CPU = {total / cpu['raw writer']:.1f}× the raw writer"
        f" ({1000 * total / made:.2f} ms per activity)"
    )
    report.row(f"JSON import (restore), {made:,} activities", f"{total:.1f} s CPU",
        f"{cpu['raw writer']:.2f} s (raw sqlite3 writer, same rows)", total / cpu["raw writer"],
        "10,000 in < 30 s, ≤ 5× raw")  # fmt: skip


def main() -> None:
    counts = [int(a) for a in sys.argv[1:]] or [1_000, 10_000]
    print(f"Goal: {GOAL}.")
    with tempfile.TemporaryDirectory() as tmp:
        for count in counts:
            one_size(Path(tmp), count)


if __name__ == "__main__":
    main()
