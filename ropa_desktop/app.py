"""Start-up of the desktop app: settings, open the register, show the main window."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ropa_desktop.domain.errors import RopaError
from ropa_desktop.services.register import Register, open_register
from ropa_desktop.ui import prompts
from ropa_desktop.ui.first_start import offer_start
from ropa_desktop.ui.main_window import MainWindow
from ropa_desktop.ui.settings import APPLICATION, ORGANISATION, UiSettings
from ropa_desktop.ui.workspace import Workspace


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="ropa-desktop", description="Edit the GDPR Art. 30 register."
    )
    parser.add_argument(
        "--db", metavar="URL_OR_PATH", help="SQLite file or database URL (default: $ROPA_DB)"
    )
    parser.add_argument("--user", help="name recorded in the audit trail (default: your login)")
    args, _qt_args = parser.parse_known_args(list(argv))
    return args


def choose_target(args: argparse.Namespace, settings: UiSettings) -> str | None:
    """--db, then ROPA_DB, then the last register opened (while it is still there), else
    the default file."""
    last = settings.last_register
    if last and "://" not in last and not Path(last).is_file():
        last = None
    return args.db or os.environ.get("ROPA_DB") or last or None


def open_workspace(
    target: str | None, settings: UiSettings, *, actor: str | None = None
) -> Register:
    """Open the register; an empty one stays empty until the user chooses (``offer_start``)."""
    # Only the default register is created on first start; a file named by the user
    # must already be a register (``ropa init`` makes one).
    register = open_register(target, actor=actor, create=target is None)
    settings.remember_register(register.location)
    return register


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ropa-desktop`` GUI script."""
    argv = list(sys.argv if argv is None else argv)
    args = parse_args(argv[1:])
    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("ropa-desktop")
    settings = UiSettings(app)
    sys.excepthook = prompts.report_unhandled
    try:
        register = open_workspace(choose_target(args, settings), settings, actor=args.user)
    except RopaError as exc:
        print(f"ropa-desktop: {exc}", file=sys.stderr)
        prompts.warn(None, "Cannot open the register", str(exc))
        return 2
    workspace = Workspace(register, settings, app)
    # On screen first, then filled: the list is read behind a painted window.
    window = MainWindow(workspace, deferred=True)
    window.show_register()
    if register.notice:
        prompts.inform(window, "The register was repaired", register.notice)
    offer_start(window, workspace)
    code = app.exec()
    workspace.register.close()
    return int(code)
