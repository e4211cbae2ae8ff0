"""Time and peak memory of the exports and checks at 1,000 and 10,000 activities.

For each size, a SQLite register is made (the sample copied, tests/big_register), then
each job runs in a fresh process whose peak resident memory is read with
``getrusage(RUSAGE_CHILDREN)`` by a small process that only waits for it:

- ``ropa export xlsx``, ``ropa export json`` and ``ropa check`` (the service functions
  the commands call);
- raw openpyxl write-only writing the same cells: the values of the workbook just
  exported, read back sheet by sheet in read-only mode and appended unstyled to a
  write-only workbook; only the appends and the save are timed, and reading streams,
  so its memory is that of openpyxl writing.

Goals: the workbook within 1.3 times the raw time; every peak flat in the register's size.

    .venv/bin/python bench/bench_export_memory.py [ACTIVITIES ...]   (default 1000 10000)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import report

GOAL = 1.3
JOBS = ("xlsx", "raw", "json", "check")


def _job(kind: str, db: Path, out: Path) -> float:
    """Run one job in this process; returns the seconds it took."""
    if kind == "raw":
        return _raw_write(out.with_suffix(".xlsx"), out.with_suffix(".raw.xlsx"))
    from ropa_desktop.services.register import open_register

    register = open_register(db, actor="bench")
    try:
        started = time.perf_counter()
        if kind == "xlsx":
            from ropa_desktop.exporters.xlsx import export_xlsx

            export_xlsx(register, out.with_suffix(".xlsx"))
        elif kind == "json":
            from ropa_desktop.exporters.json_export import export_json

            export_json(register, out.with_suffix(".json"))
        else:
            from ropa_desktop.services.context import register_findings

            register_findings(register)
        return time.perf_counter() - started
    finally:
        register.close()


def _raw_write(source: Path, target: Path) -> float:
    from openpyxl import Workbook, load_workbook

    book = load_workbook(source, read_only=True)
    wb = Workbook(write_only=True)
    spent = 0.0
    for sheet in book.worksheets:
        ws = wb.create_sheet(sheet.title)
        for values in sheet.iter_rows(values_only=True):
            row = list(values)
            started = time.perf_counter()
            ws.append(row)
            spent += time.perf_counter() - started
    started = time.perf_counter()
    wb.save(target)
    spent += time.perf_counter() - started
    book.close()
    return spent


def _measured(kind: str, db: Path, out: Path) -> dict[str, Any]:
    """The job in a fresh process, its peak memory read by a process that only waits."""
    here = Path(__file__).resolve()
    env = {**os.environ, "PYTHONPATH": str(here.parent.parent)}
    waiter = (
        "import json, resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps({'seconds': float(p.stdout.split()[-1]), 'peak_kib': peak}))\n"
    )
    cmd = [
        sys.executable,
        "-c",
        waiter,
        sys.executable,
        str(here),
        "--job",
        kind,
        str(db),
        str(out),
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout))


def _cells(path: Path) -> int:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    count = sum(len(row) for ws in book.worksheets for row in ws.iter_rows(values_only=True))
    book.close()
    return count


def main(sizes: list[int]) -> int:
    from tests.big_register import build

    failed = 0
    results: dict[int, dict[str, dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            db = Path(tmp) / f"register-{size}.db"
            count = build(db, size)
            out = Path(tmp) / f"export-{size}"
            results[size] = {kind: _measured(kind, db, out) for kind in JOBS}
            cells = _cells(out.with_suffix(".xlsx"))
            print(f"activities: {count:,}; workbook cells: {cells:,}")
            for kind in JOBS:
                r = results[size][kind]
                print(f"  {kind:6} {r['seconds']:7.2f} s   peak {r['peak_kib'] / 1024:6.0f} MiB")
            ratio = results[size]["xlsx"]["seconds"] / results[size]["raw"]["seconds"]
            print(f"  workbook / raw openpyxl write-only: {ratio:.2f} (goal <= {GOAL})", flush=True)
            got = results[size]
            report.row(
                f"Excel export, {count:,} activities ({cells:,} cells)",
                f"{got['xlsx']['seconds']:.1f} s, {got['xlsx']['peak_kib'] / 1024:.0f} MiB",
                f"{got['raw']['seconds']:.1f} s, {got['raw']['peak_kib'] / 1024:.0f} MiB "
                "(openpyxl write-only)",
                ratio,
                f"≤ {GOAL}× raw, memory flat",
            )
            for kind, name in (("json", "JSON export"), ("check", "ropa check")):
                report.row(f"{name}, {count:,} activities",
                    f"{got[kind]['seconds']:.1f} s, {got[kind]['peak_kib'] / 1024:.0f} MiB", "",
                    None, "memory flat")  # fmt: skip
            failed |= ratio > GOAL
    if len(sizes) > 1:
        low, high = min(sizes), max(sizes)
        for kind in JOBS:
            grew = results[high][kind]["peak_kib"] / results[low][kind]["peak_kib"]
            print(f"peak {kind} at {high:,} / at {low:,}: {grew:.2f}")
    return int(failed)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--job"]:
        print(_job(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])))
    else:
        sys.exit(main([int(a) for a in sys.argv[1:]] or [1000, 10_000]))
