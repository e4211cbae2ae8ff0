"""Time the dry run of the review-workbook import of 10,000 activities against
python-calamine alone reading the same file, as .xlsx and as .ods.

The register is bench_open's (the sample copied to 10,000 activities, raw SQL). Its
review workbook is exported, four cells are edited in the sheet XML as a reviewer
would in Excel (three names and a description), and, when LibreOffice is
installed, the edited file is converted to .ods with ``soffice --convert-to ods``.

For each file, in the same run and alternating, medians of 3, CPU and wall seconds:
- ``import_xlsx(..., dry_run=True)``: the whole import with every guard (openpyxl for
  .xlsx; the content scan, then calamine, for .ods), rows tied to the baseline, the
  merge, the change set planned and applied in a transaction rolled back;
- python-calamine alone: every sheet's values, nothing checked;
- for .xlsx also openpyxl's read-only mode alone (values only), the reader the import
  uses for .xlsx.
No goal yet: the figures are for issue 13 (which reader for which format).

    .venv/bin/python bench/bench_xlsx_import.py [ACTIVITIES]
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import python_calamine
from bench_open import build

from bench import report
from ropa_desktop.exporters.xlsx import export_xlsx
from ropa_desktop.importers.xlsx import import_xlsx
from ropa_desktop.services.register import Register, open_register

EDITS = {("B", 2): " (reviewed)", ("B", 3): " (reviewed)", ("B", 4): " (reviewed)",
         ("F", 5): " Checked by legal."}  # fmt: skip


def review(source: Path, target: Path) -> int:
    """The export with a few Register cells edited; how many activities that changes."""
    with zipfile.ZipFile(source) as src:
        book = src.read("xl/workbook.xml").decode()
        rels = src.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(r'<sheet name="Register"[^>]*r:id="([^"]+)"', book)
        part = re.search(rf'Target="/?([^"]+)" Id="{rid[1] if rid else ""}"', rels)
        assert part, "no Register sheet"
        name = part[1]
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename == name:
                    xml = data.decode()
                    for (col, row), suffix in EDITS.items():
                        cell = rf'(<c r="{col}{row}"[^>]*t="inlineStr"><is><t[^>]*>)([^<]*)(</t>)'
                        xml, found = re.subn(cell, rf"\g<1>\g<2>{suffix}\g<3>", xml, count=1)
                        assert found, (col, row)
                    data = xml.encode()
                dst.writestr(item, data)
    return len({row for _, row in EDITS})


def to_ods(source: Path, scratch: Path) -> Path | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    profile = (scratch / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "ods",
         "--outdir", str(scratch), str(source)],
        check=True, capture_output=True, timeout=1800,
    )  # fmt: skip
    return source.with_suffix(".ods")


def calamine_values(path: Path) -> int:
    cells = 0
    with python_calamine.CalamineWorkbook.from_path(path) as book:
        for index in range(len(book.sheet_names)):
            rows = book.get_sheet_by_index(index).to_python(skip_empty_area=False)
            cells += sum(len(row) for row in rows)
    return cells


def openpyxl_values(path: Path) -> int:
    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        return sum(len(row) for ws in book.worksheets for row in ws.iter_rows(values_only=True))
    finally:
        book.close()


def dry_run(register: Register, path: Path, changed: int) -> None:
    result = import_xlsx(register, path, dry_run=True)
    assert not result.errors and len(result.changes.changes) == changed, result.lines()[:5]


def medians(
    sides: dict[str, Callable[[], object]], repeat: int = 3
) -> dict[str, tuple[float, float]]:
    """(wall, CPU) seconds of each side, medians; the sides alternate in every round."""
    seen: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
    for _ in range(repeat):
        for name, run in sides.items():
            wall, cpu = time.perf_counter(), time.process_time()
            run()
            seen[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    return {
        name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
        for name, runs in seen.items()
    }


def main(count: int = 10_000) -> int:
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        started = time.perf_counter()
        total = build(scratch / "big.sqlite", count)
        register = open_register(scratch / "big.sqlite", actor="bench", create=False)
        try:
            exported = export_xlsx(register, scratch / "exported.xlsx")
            reviewed = scratch / "reviewed.xlsx"
            changed = review(exported, reviewed)
            ods = to_ods(reviewed, scratch)
            print(f"register of {total:,} activities; {changed} activities edited; "
                  f"set up in {time.perf_counter() - started:.0f} s")  # fmt: skip
            files = [("xlsx", reviewed)] + ([("ods", ods)] if ods else [])
            for fmt, path in files:
                sides: dict[str, Callable[[], object]] = {
                    "import_xlsx dry run": lambda p=path: dry_run(register, p, changed),
                    "python-calamine alone": lambda p=path: calamine_values(p),
                }
                if fmt == "xlsx":
                    sides["openpyxl read-only alone"] = lambda p=path: openpyxl_values(p)
                figures = medians(sides)
                size = path.stat().st_size / 2**20
                print(f".{fmt} ({size:.1f} MiB), medians of 3:")
                for name, (wall, cpu) in figures.items():
                    print(f"  {name:26} {wall:7.2f} s wall {cpu:7.2f} s CPU")
                ours, raw = figures["import_xlsx dry run"], figures["python-calamine alone"]
                print(
                    f"  ratio dry run / calamine:  {ours[0] / raw[0]:7.2f} wall {ours[1] / raw[1]:7.2f} CPU"
                )
                report.row(f"reviewed .{fmt} import, {total:,} activities, {changed} edited: dry run",
                    f"{ours[1]:.1f} s CPU", f"{raw[1]:.2f} s (python-calamine reading it)",
                    ours[1] / raw[1], "")  # fmt: skip
            if not ods:
                print(".ods: skipped, LibreOffice (soffice) is not installed")
        finally:
            register.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
