"""Time `ropa import spreadsheet` of a CNIL-template register of 2,000 activities against
python-calamine alone reading the same file.

The file is the CNIL's own model fiche (tests/data) copied 2,000 times, each
copy filled with a name, a reference, a purpose, two data categories with their
retention, a subject, a recipient and a measure, written with openpyxl. In the same
run, alternating, medians of 3, CPU and wall seconds:
- ``plan_spreadsheet`` into an empty register: every guard, the labels found on every
  sheet, the phrases read, the change set planned (nothing written);
- ``import_spreadsheet(..., dry_run=True)``: the same, applied in a transaction rolled back;
- python-calamine alone: every sheet's values, nothing checked.

    .venv/bin/python bench/bench_cnil_import.py [ACTIVITIES]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import python_calamine

from bench import report
from ropa_desktop.importers.spreadsheet.cnil_layout import label
from ropa_desktop.importers.spreadsheet.existing import import_spreadsheet, plan_spreadsheet
from ropa_desktop.importers.xlsx.reader import Formula, read_workbook
from ropa_desktop.services.register import open_register

TEMPLATE = Path(__file__).parents[1] / "tests" / "data" / "cnil-registre-simplifie.ods"
MODEL = "3_-_Modèle_de_fiche_de_registre"


def answers(n: int) -> dict[str, dict[int, object]]:
    return {
        "nom du traitement": {1: f"Traitement {n}"},
        "n° / ref": {1: f"T-{n:05}"},
        "responsable du traitement": {1: "ACME SAS", 7: "contact@acme.fr"},
        "finalite principale": {1: f"Finalité du traitement {n}"},
        label("État civil, identité, données d'identification, images…"): {
            1: "Noms, prénoms", 4: "3 ans à compter du dernier contact"},
        label("Données de connexion (adress IP, logs, etc.)"): {1: "Adresses IP", 4: "1 an"},
        "categorie de personnes 1": {1: "Clients"},
        "destinataire 1": {1: "Service interne qui traite les données"},
        "mesure de securite 1": {1: "Contrôle d'accès des utilisateurs"},
    }  # fmt: skip


def build(path: Path, count: int) -> None:
    model = read_workbook(TEMPLATE).sheets[MODEL].rows
    wb = openpyxl.Workbook(write_only=True)
    for n in range(1, count + 1):
        ws = wb.create_sheet(f"Fiche {n}")
        wanted = answers(n)
        for row in model:
            cells = [None if isinstance(v, Formula) else v for v in row]
            typed = wanted.get(label(row[0]) if row else "", {})
            for col, value in typed.items():
                cells.extend([None] * (col + 1 - len(cells)))
                cells[col] = value
            ws.append(cells)
    wb.save(path)


def timed(work: Callable[[], object]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "registre.xlsx"
        build(path, count)
        register = open_register(str(folder / "r.sqlite"), create=True)

        def calamine() -> None:
            wb = python_calamine.CalamineWorkbook.from_path(str(path))
            for name in wb.sheet_names:
                wb.get_sheet_by_name(name).to_python()

        runs: dict[str, list[tuple[float, float]]] = {"plan": [], "dry run": [], "calamine": []}
        for _ in range(3):
            runs["plan"].append(timed(lambda: plan_spreadsheet(register, path)))
            runs["dry run"].append(timed(lambda: import_spreadsheet(register, path, dry_run=True)))
            runs["calamine"].append(timed(calamine))
        register.close()
        size = path.stat().st_size / 2**20
    print(f"CNIL-template register, {count:,} fiches ({size:.1f} MiB .xlsx), medians of 3:")
    base = statistics.median(c for c, _ in runs["calamine"])
    for name, values in runs.items():
        cpu = statistics.median(c for c, _ in values)
        wall = statistics.median(w for _, w in values)
        print(f"  {name:9} {cpu:7.2f} s CPU {wall:7.2f} s wall  {cpu / base:6.1f}x calamine")
    dry = statistics.median(c for c, _ in runs["dry run"])
    report.row(f"CNIL-template import, {count:,} fiches: dry run", f"{dry:.2f} s CPU",
        f"{base:.2f} s (python-calamine reading the file)", dry / base, "")  # fmt: skip


if __name__ == "__main__":
    main()
