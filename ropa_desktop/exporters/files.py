"""Writing export files so that a crash never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ropa_desktop.domain.errors import RopaError


def write_atomically(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write to a temporary file beside the target, fsync, then rename over it."""
    target = Path(path)
    if target.is_dir():
        raise RopaError(f"{target} is a folder; give a file name to export to.")
    if not target.parent.is_dir():
        raise RopaError(f"The folder {target.parent} does not exist.")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        # mkstemp makes the file private (0600); an export is an ordinary document,
        # so give it the permissions the user's umask gives any new file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
