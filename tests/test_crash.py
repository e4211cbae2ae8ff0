"""A process killed with SIGKILL in the middle of a write leaves the last commit intact."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from ropa_desktop.services.activities import list_activities
from ropa_desktop.services.register import open_register

WRITER = textwrap.dedent(
    """
    import dataclasses, sys
    from ropa_desktop.services.register import open_register
    from ropa_desktop.services.organisation import save_organisation
    from ropa_desktop.services.activities import put_activity, save_activity
    from tests.conftest import ORG
    from tests.factories import complete_activity

    register = open_register(sys.argv[1], actor="writer")
    save_organisation(register, record=ORG)
    save_activity(register, record=complete_activity())
    print("committed", flush=True)
    # One long transaction that is never committed: killed half-way.
    with register.transaction() as session:
        i = 0
        while True:
            i += 1
            rec = complete_activity(key=f"k{i}", reference=f"BULK-{i}")
            put_activity(session, rec, actor="writer")
            session.flush()
            if i == 50:
                print("writing", flush=True)
    """
)


def test_sigkill_mid_write_keeps_last_committed_register(db_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "committed"
    assert proc.stdout.readline().strip() == "writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL

    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    register = open_register(db_path)
    assert [a.key for a in list_activities(register)] == ["act-crm"]
    register.close()
