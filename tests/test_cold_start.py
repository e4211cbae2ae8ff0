"""A cold start on the sample register loads none of the libraries only exports, imports
and migrations need (issue 15); they are loaded when that work is asked for.

The app runs in a fresh process, as a user starts it, so nothing this test process has
imported is counted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ropa_desktop.importers.sample import load_sample
from ropa_desktop.services.register import open_register

HEAVY = (
    "openpyxl",
    "reportlab",
    "jsonschema",
    "alembic",
    "mako",
    "pygments",
)

# Starts the app as ``ropa-desktop --db PATH`` does; once the main window is shown and its
# list filled, the child reports what it had loaded by then, exports the register as a
# workbook through File › Export, and quits. (The timer first fires inside the window's
# own processEvents, before the list is read: it waits for the rows.)
CHILD = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ropa_desktop import app
from ropa_desktop.ui import file_actions, prompts
from ropa_desktop.ui.main_window import MainWindow

qt = QApplication(sys.argv)
report = {}

def shown():
    windows = [w for w in qt.topLevelWidgets() if isinstance(w, MainWindow)]
    if not windows or not windows[0].activities.proxy.rowCount():
        QTimer.singleShot(10, shown)
        return
    (window,) = windows
    report["shown"] = window.isVisible()
    report["rows"] = window.activities.proxy.rowCount()
    report["loaded"] = sorted({name.partition(".")[0] for name in sys.modules})
    target = Path(sys.argv[-1])
    prompts.ask_save_path = lambda *args: target
    written = file_actions.export_register(window, window.workspace, "xlsx")
    report["written"] = str(written) if written else None
    report["after"] = sorted({name.partition(".")[0] for name in sys.modules})
    QTimer.singleShot(0, qt.quit)

QTimer.singleShot(0, shown)
code = app.main(["ropa-desktop", "--db", sys.argv[1], "--user", "dpo"])
print(json.dumps(report))
sys.exit(code)
"""


@pytest.fixture(scope="module")
def cold_start(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """What a fresh app process on the sample register had loaded, shown and exported."""
    folder = tmp_path_factory.mktemp("cold")
    db = folder / "register.sqlite"
    register = open_register(db, actor="dpo", create=True)
    load_sample(register)
    register.close()
    env = {
        **{k: v for k, v in os.environ.items() if k != "ROPA_DB"},
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(folder / "config-home"),
        "XDG_DATA_HOME": str(folder / "data-home"),
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }
    out = folder / "register.xlsx"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    report["out"] = str(out)
    return report


def test_the_main_window_opens_shown_and_filled(cold_start: dict[str, object]) -> None:
    assert cold_start["shown"] is True
    assert cold_start["rows"] == 13


@pytest.mark.parametrize("library", HEAVY)
def test_the_main_window_opens_without_the_export_import_and_migration_libraries(
    cold_start: dict[str, object], library: str
) -> None:
    assert library not in cold_start["loaded"]  # type: ignore[operator]


def test_an_export_after_the_start_loads_its_library_when_asked(
    cold_start: dict[str, object],
) -> None:
    assert cold_start["written"] == cold_start["out"]
    assert Path(str(cold_start["out"])).stat().st_size > 0
    assert "openpyxl" in cold_start["after"]  # type: ignore[operator]
