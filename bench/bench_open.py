"""Opening a SQLite register of 10,000 activities: SQLite's quick integrity check, which
every open now runs, against the whole open, and against raw sqlite3 doing the same check.

Goal (issue 12): the check under 100 ms at 10,000 activities.

The register is the sample's 13 activities copied until there are 10,000, with their
purposes, data, recipients, transfers, links and retention rules, written with raw SQL
(the app's own import of 10,000 activities is the subject of another benchmark).
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ropa_desktop.importers.sample import load_sample
from ropa_desktop.services.register import open_register
from ropa_desktop.store.migrate import _sqlite_state

COUNT = 10_000
_CHILDREN = ("purpose", "data_category_use", "source", "recipient_use", "transfer")
_LINKS = ("activity_subject", "activity_measure", "activity_system", "activity_processor")


def build(path: Path, count: int) -> int:
    register = open_register(path, actor="bench")
    load_sample(register)
    register.close()
    con = sqlite3.connect(path)
    cols = {t: [r[1] for r in con.execute(f"PRAGMA table_info({t})")] for t in (
        "activity", "retention_rule", *_CHILDREN, *_LINKS)}  # fmt: skip
    base = con.execute("SELECT * FROM activity").fetchall()
    n = len(base)
    copies = (count - n + n - 1) // n
    acol = cols["activity"]
    for c in range(1, copies + 1):
        for row in base:
            values = dict(zip(acol, row, strict=True))
            old = values.pop("id")
            values["key"] = f"{values['key']}-{c}"
            values["reference"] = f"{values['reference']}-{c}"
            names = ", ".join(values)
            cur = con.execute(
                f"INSERT INTO activity ({names}) VALUES ({', '.join('?' * len(values))})",
                list(values.values()),
            )
            new = cur.lastrowid
            for table in (*_CHILDREN, "retention_rule"):
                tc = [x for x in cols[table] if x != "id"]
                select = ", ".join("?" if x == "activity_id" else x for x in tc)
                if table == "retention_rule":
                    select = select.replace("key", f"key || '-{c}'", 1)
                con.execute(
                    f"INSERT INTO {table} ({', '.join(tc)}) SELECT {select} FROM {table} "
                    "WHERE activity_id = ?",
                    (new, old),
                )
            for table in _LINKS:
                other = next(x for x in cols[table] if x != "activity_id")
                con.execute(
                    f"INSERT INTO {table} (activity_id, {other}) SELECT ?, {other} FROM {table} "
                    "WHERE activity_id = ?",
                    (new, old),
                )
    con.commit()
    total = int(con.execute("SELECT count(*) FROM activity").fetchone()[0])
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return total


def timed(run, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        out.append(time.perf_counter() - start)
    return statistics.median(out)


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "big.sqlite"
        total = build(path, COUNT)
        size = path.stat().st_size / 1e6

        def raw_check() -> None:
            con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
            assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            con.close()

        def raw_connect() -> None:
            con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            con.close()

        def our_check() -> None:
            _sqlite_state(path)  # what every open runs: tables, version, quick_check

        def ours() -> None:
            open_register(path, actor="bench", create=False).close()

        check, mine = timed(raw_check), timed(our_check)
        connect, whole = timed(raw_connect), timed(ours)
    print(f"register of {total:,} activities, {size:.1f} MB")
    print(f"our open check (tables, quick_check):{mine * 1000:7.1f} ms   goal < 100 ms")
    print(f"PRAGMA quick_check (raw sqlite3):     {check * 1000:7.1f} ms")
    print(f"raw sqlite3 open without the check:   {connect * 1000:7.1f} ms")
    print(f"open_register (check, schema, seed):  {whole * 1000:7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
