"""Run every benchmark in turn (``make bench``); each prints its figures and its goal.

``python -m bench activity_list open`` runs those named only (``bench_<name>.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(here.parent)}
    wanted = [f"bench_{name.removeprefix('bench_').removesuffix('.py')}.py" for name in argv]
    unknown = [name for name in wanted if name not in BENCHES]
    if unknown:
        print(f"No such benchmark: {', '.join(unknown)}; there are {', '.join(BENCHES)}.")
        return 2
    failed = 0
    for name in wanted or BENCHES:
        print(f"== {name}", flush=True)
        failed |= subprocess.run([sys.executable, str(here / name)], env=env).returncode
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
