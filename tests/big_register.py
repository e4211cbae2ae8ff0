"""A big register made quickly: the sample's activities copied with raw SQL until there are
``count``, with their purposes, data, recipients, transfers, links, retention rules and list
summaries (the app's own import of thousands of activities is measured on its own)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ropa_desktop.importers.sample import load_sample
from ropa_desktop.services.register import open_register

_CHILDREN = ("purpose", "data_category_use", "source", "recipient_use", "transfer")
_LINKS = ("activity_subject", "activity_measure", "activity_system", "activity_processor")


def build(path: Path, count: int) -> int:
    """Make the register at ``path`` hold at least ``count`` activities; returns how many."""
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
            reference = values["reference"]
            values["key"] = f"{values['key']}-{c}"
            values["reference"] = f"{reference}-{c}"
            # The stored search text starts with the reference, as services.summaries makes it.
            values["summary_search"] = values["summary_search"].replace(
                reference.casefold(), values["reference"].casefold(), 1
            )
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
