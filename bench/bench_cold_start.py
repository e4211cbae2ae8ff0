"""Cold start: a fresh process to the app's main window shown on the sample register, beside
a fresh process that imports PySide6 and shows a QMainWindow with a QTableView over one raw
sqlite3 query of the same database; medians of 3 in the same run, sides alternating.

Goal (issue 15): under 1.5 s. The clock runs from the process's launch to the line it
prints once its window is on screen with its rows (read by this process as it comes), so
the interpreter's start, every import and the first paint are counted, the exit is not.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import report
from ropa_desktop.importers.sample import load_sample
from ropa_desktop.services.register import open_register

HEAVY = ("openpyxl", "reportlab", "jsonschema", "alembic", "mako", "pygments")

# The app as ``ropa-desktop --db PATH`` starts; MainWindow.show_register shows the window
# and then fills it, so the line is printed once the list has rows (the timer first fires
# inside show_register's own processEvents, before the list is read).
APP = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ropa_desktop import app
from ropa_desktop.ui.main_window import MainWindow

qt = QApplication(sys.argv)

def shown():
    windows = [w for w in qt.topLevelWidgets() if isinstance(w, MainWindow)]
    if not windows or not windows[0].activities.proxy.rowCount():
        QTimer.singleShot(1, shown)
        return
    heavy = sorted({n.partition(".")[0] for n in sys.modules} & set(sys.argv[2].split(",")))
    print("shown", windows[0].activities.proxy.rowCount(), ",".join(heavy) or "-", flush=True)
    QTimer.singleShot(0, qt.quit)

QTimer.singleShot(0, shown)
sys.exit(app.main(["ropa-desktop", "--db", sys.argv[1], "--user", "bench"]))
"""

REFERENCE = """
import sqlite3, sys
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

class Rows(QAbstractTableModel):
    def __init__(self, rows):
        super().__init__()
        self.rows = rows

    def rowCount(self, parent=QModelIndex()):
        return len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return len(self.rows[0]) if self.rows else 0

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self.rows[index.row()][index.column()] or "")
        return None

qt = QApplication(sys.argv)
con = sqlite3.connect(sys.argv[1])
rows = con.execute(
    "SELECT reference, name, role, status, next_review_on FROM activity ORDER BY reference"
).fetchall()
con.close()
window = QMainWindow()
view = QTableView(window)
view.setModel(Rows(rows))
window.setCentralWidget(view)
window.resize(1360, 860)
window.show()
qt.processEvents()
print("shown", len(rows), "-", flush=True)
"""


def launch(code: str, *args: str, env: dict[str, str]) -> tuple[float, list[str]]:
    """Seconds from the launch of a fresh process to its "shown" line, and that line."""
    start = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        seconds = time.perf_counter() - start
        proc.stdout.read()
    assert proc.returncode == 0 and line.startswith("shown"), (proc.returncode, line)
    return seconds, line.split()


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        db = folder / "sample.sqlite"
        register = open_register(db, actor="bench", create=True)
        load_sample(register)
        register.close()
        env = {
            **{k: v for k, v in os.environ.items() if k != "ROPA_DB"},
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": str(folder / "config-home"),
            "XDG_DATA_HOME": str(folder / "data-home"),
        }
        launch(REFERENCE, str(db), env=env)  # the files into the page cache, for both sides
        ours: list[float] = []
        raw: list[float] = []
        line: list[str] = []
        for n in range(3):
            sides = [("raw", REFERENCE), ("app", APP)]
            for side, code in sides if n % 2 == 0 else sides[::-1]:
                seconds, said = launch(code, str(db), ",".join(HEAVY), env=env)
                (ours if side == "app" else raw).append(seconds)
                line = said if side == "app" else line
    app_s, raw_s = statistics.median(ours), statistics.median(raw)
    print(f"sample register, {line[1]} activities; loaded at the window: {line[2]}")
    print(f"cold start to the main window shown: {app_s:6.2f} s   goal < 1.5 s")
    print(
        f"PySide6 + raw sqlite3 + QTableView:  {raw_s:6.2f} s   {app_s / raw_s:.1f}x  "
        "(medians of 3, fresh processes)"
    )
    report.row("cold start to the window on the sample register", f"{app_s:.2f} s",
        f"{raw_s:.2f} s (PySide6 window + raw sqlite3)", app_s / raw_s, "< 1.5 s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
