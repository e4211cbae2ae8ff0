"""Where the project's shipped files live."""

from __future__ import annotations

import site
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Present in every copy of resources/: tells it from another folder of that name.
_MARKER = "register.schema.json"


def resources_dir(root: Path = ROOT) -> Path:
    """resources/ beside the package in a checkout (or an editable install); else where a
    wheel installs it, <prefix>/share/ropa-desktop (pyproject's data-files), also for
    ``pip install --user``."""
    candidates = [
        root / "resources",
        Path(sysconfig.get_path("data")) / "share" / "ropa-desktop",
        Path(site.getuserbase()) / "share" / "ropa-desktop",
    ]
    return next((p for p in candidates if (p / _MARKER).is_file()), candidates[1])


RESOURCES = resources_dir()
