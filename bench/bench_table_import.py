"""Time `ropa import spreadsheet` of a register kept as a table of 2,000 activities (the
ICO's controller template as .xlsx, a home-made table as .csv with a mapping) against
python-calamine (or the csv module) alone reading the same file.

Each row is filled as a DPO fills the template: a business function, a purpose, subjects,
categories of data, recipients, a country and its safeguard, a retention sentence, a
legal basis, and words for the columns with no field of their own. In the same run,
alternating, medians of 3, CPU and wall seconds:
- ``plan_spreadsheet`` into an empty register: every guard, the headings found, the
  phrases read, the change set planned (nothing written);
- ``import_spreadsheet(..., dry_run=True)``: the same, applied in a transaction rolled back;
- the raw reader alone: every cell's value, nothing checked.

    .venv/bin/python bench/bench_table_import.py [ACTIVITIES]
"""

from __future__ import annotations

import csv
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import python_calamine

from bench import report
from ropa_desktop.importers.spreadsheet.existing import import_spreadsheet, plan_spreadsheet
from ropa_desktop.importers.spreadsheet.table import ICO_COLUMNS
from ropa_desktop.importers.spreadsheet.table_fields import propose
from ropa_desktop.importers.spreadsheet.table_mapping import Mapping
from ropa_desktop.services.register import open_register

HEADERS = [h for h, _ in ICO_COLUMNS]
RETENTION = ("6 years after the end of employment", "2 years after the last contact",
             "30 days", "while the account is active", "3 years after the end of the contract")  # fmt: skip
BASES = ("Legal obligation", "Consent", "Contract", "Legitimate interests")


def row(n: int) -> list[str]:
    values = {
        "Business function": ("Human resources", "Marketing", "Sales", "IT")[n % 4],
        "Purpose of processing": f"Purpose number {n} of the organisation",
        "Categories of individuals": "Employees, customers",
        "Categories of personal data": "Contact details; bank details",
        "Categories of recipients": "HMRC, pension provider",
        HEADERS[7]: "United States" if n % 3 == 0 else "",
        HEADERS[8]: "Standard contractual clauses" if n % 3 == 0 else "",
        "Retention schedule (if possible)": RETENTION[n % len(RETENTION)],
        HEADERS[10]: "Access control\nEncryption of data at rest",
        "Article 6 lawful basis for processing personal data": BASES[n % len(BASES)],
        "Location of personal data": "Data centre in Leeds",
    }
    return [values.get(h, "") for h in HEADERS]


def build(folder: Path, count: int) -> tuple[Path, Path]:
    xlsx = folder / "ico.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Template")
    ws.append(["", "Name", "Address", "Email", "Telephone"])
    ws.append(["Controller", "Leeds Widgets Ltd", "1 Park Row", "info@widgets.example"])
    for _ in range(6):
        ws.append([])
    ws.append(HEADERS)
    for n in range(1, count + 1):
        ws.append(row(n))
    wb.save(xlsx)
    table = folder / "table.csv"
    with table.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter=";")
        out.writerow(["Ref", *HEADERS[:12]])
        for n in range(1, count + 1):
            out.writerow([f"T-{n:05}", *row(n)[:12]])
    return xlsx, table


def timed(work: Callable[[], object]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.process_time() - cpu, time.perf_counter() - wall


def measure(
    register: Any, path: Path, given: Mapping | None, raw_name: str, raw: Callable[[], None]
) -> dict[str, list[tuple[float, float]]]:
    runs: dict[str, list[tuple[float, float]]] = {"plan": [], "dry run": [], raw_name: []}
    for _ in range(3):
        runs["plan"].append(timed(lambda: plan_spreadsheet(register, path, mapping=given)))
        runs["dry run"].append(
            timed(lambda: import_spreadsheet(register, path, dry_run=True, mapping=given))
        )
        runs[raw_name].append(timed(raw))
    return runs


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        xlsx, table = build(folder, count)
        headers = ["Ref", *HEADERS[:12]]
        mapping = Mapping(dict(zip(headers, propose(headers), strict=True)))
        for path, given, raw_name in ((xlsx, None, "calamine"), (table, mapping, "csv module")):
            register = open_register(str(folder / f"{path.stem}.sqlite"), create=True)

            def raw(path: Path = path) -> None:
                if path.suffix == ".csv":
                    with path.open(encoding="utf-8", newline="") as f:
                        list(csv.reader(f, delimiter=";"))
                    return
                wb = python_calamine.CalamineWorkbook.from_path(str(path))
                for name in wb.sheet_names:
                    wb.get_sheet_by_name(name).to_python()

            runs = measure(register, path, given, raw_name, raw)
            register.close()
            size = path.stat().st_size / 2**20
            print(f"{path.name}: {count:,} activities ({size:.1f} MiB), medians of 3:")
            base = statistics.median(c for c, _ in runs[raw_name])
            for name, values in runs.items():
                cpu = statistics.median(c for c, _ in values)
                wall = statistics.median(w for _, w in values)
                print(
                    f"  {name:10} {cpu:7.2f} s CPU {wall:7.2f} s wall  {cpu / base:6.1f}x {raw_name}"
                )
            plan = statistics.median(c for c, _ in runs["plan"])
            report.row(f"{path.name} import plan, {count:,} activities", f"{plan:.2f} s CPU",
                f"{base:.2f} s ({raw_name} reading the file)", plan / base, "")  # fmt: skip


if __name__ == "__main__":
    main()
