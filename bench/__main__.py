"""Run every benchmark in turn (``make bench``); each prints its figures and its goal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCHES = (
    "bench_activity_list.py",
    "bench_xlsx_export.py",
    "bench_pdf_export.py",
    "bench_open.py",
    "bench_xlsx_import.py",
    "bench_cnil_import.py",
    "bench_table_import.py",
)


def main() -> int:
    here = Path(__file__).parent
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(here.parent)}
    failed = 0
    for name in BENCHES:
        print(f"== {name}", flush=True)
        failed |= subprocess.run([sys.executable, str(here / name)], env=env).returncode
    return failed


if __name__ == "__main__":
    sys.exit(main())
