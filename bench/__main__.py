"""Run every benchmark in turn (``make bench``); each prints its figures and its goal,
and at the end one table gathers their headline figures (``bench/report.py``).

``python -m bench activity_list open`` runs those named only (``bench_<name>.py``);
``--readme`` also writes the table into README.md's speed section, between its markers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.report import MARK, table

README_START = "<!-- make bench: start -->"
README_END = "<!-- make bench: end -->"

BENCHES = (
    "bench_activity_list.py",
    "bench_xlsx_export.py",
    "bench_export_memory.py",
    "bench_pdf_export.py",
    "bench_open.py",
    "bench_cold_start.py",
    "bench_xlsx_import.py",
    "bench_cnil_import.py",
    "bench_table_import.py",
    "bench_json_import.py",
)


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    readme = "--readme" in argv
    argv = [a for a in argv if a != "--readme"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(here.parent)}
    wanted = [f"bench_{name.removeprefix('bench_').removesuffix('.py')}.py" for name in argv]
    unknown = [name for name in wanted if name not in BENCHES]
    if unknown:
        print(f"No such benchmark: {', '.join(unknown)}; there are {', '.join(BENCHES)}.")
        return 2
    failed = 0
    rows: list[dict[str, object]] = []
    for name in wanted or BENCHES:
        print(f"== {name}", flush=True)
        child = subprocess.Popen(
            [sys.executable, str(here / name)], env=env, stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith(MARK):
                rows.append(json.loads(line[len(MARK) :]))
            else:
                print(line, end="", flush=True)
        failed |= child.wait()
    print(f"\n{table(rows)}")
    if readme:
        _write_readme(here.parent / "README.md", table(rows))
    return failed


def _write_readme(path: Path, text: str) -> None:
    readme = path.read_text(encoding="utf-8")
    start, end = readme.index(README_START), readme.index(README_END)
    path.write_text(
        readme[: start + len(README_START)] + "\n" + text + "\n" + readme[end:], encoding="utf-8"
    )
    print("README.md's speed table written from this run.")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
