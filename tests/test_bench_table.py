"""`make bench` gathers every benchmark's headline rows into one table, and ``--readme``
writes that table between the README's markers, leaving the rest of the README as it is."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.__main__ import README_END, README_START, _write_readme
from bench.report import MARK, table

ROOT = Path(__file__).resolve().parents[1]


def test_the_rows_a_benchmark_prints_make_the_table() -> None:
    code = "from bench.report import row; row('JSON import, 10 activities', '1.0 s', '0.5 s (raw)', 2.0, '< 30 s')"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith(MARK)
    import json

    rows = [json.loads(out[len(MARK) :])]
    assert (
        table(rows).splitlines()[2]
        == "| JSON import, 10 activities | 1.0 s | 0.5 s (raw) | 2.00× | < 30 s |"
    )


def test_the_readme_gets_the_table_between_its_markers(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        f"# Title\n\n## Speed\n{README_START}\nold table\n{README_END}\n\nAfter.\n",
        encoding="utf-8",
    )
    _write_readme(readme, "| new | table |")
    text = readme.read_text(encoding="utf-8")
    assert "old table" not in text
    assert f"{README_START}\n| new | table |\n{README_END}" in text
    assert text.startswith("# Title\n\n## Speed\n") and text.endswith("\n\nAfter.\n")
    assert ROOT.joinpath("README.md").read_text(encoding="utf-8").count(README_START) == 1
