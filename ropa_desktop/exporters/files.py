"""Writing export files so that a crash never leaves half a file behind."""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from ropa_desktop.domain.errors import RopaError

# A ".part" file this old was left by an export that was killed: no export of ours takes
# that long between creating its temporary file and renaming it (even a streamed
# export of a big register writes in seconds).
STALE_PART_SECONDS = 600
# Our temporary files only: "." + the target's name + "." + tempfile's 8 characters + ".part".
_PART = re.compile(r"^\..+\.[a-z0-9_]{8}\.part$")


def write_atomically(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write to a temporary file beside the target, fsync, then rename over it.

    A machine's fault (full disk, read-only folder, no permission) is one RopaError
    sentence and leaves the previous file, if any, as it was.
    """
    return write_atomically_with(path, lambda handle: handle.write(data))


def write_chunks_atomically(path: str | os.PathLike[str], chunks: Iterable[bytes]) -> Path:
    """``write_atomically`` of the pieces, each written as it comes (a streamed export)."""

    def write(handle: BinaryIO) -> None:
        for chunk in chunks:
            handle.write(chunk)

    return write_atomically_with(path, write)


def write_atomically_with(
    path: str | os.PathLike[str], write: Callable[[BinaryIO], object]
) -> Path:
    """``write_atomically`` of what ``write`` writes to the open temporary file.

    A machine's fault (full disk, read-only folder, no permission) is one RopaError
    sentence and leaves the previous file, if any, as it was.
    """
    target = Path(path)
    if target.is_dir():
        raise RopaError(f"{target} is a folder; give a file name to export to.")
    if not target.parent.is_dir():
        raise RopaError(f"The folder {target.parent} does not exist.")
    remove_stale_parts(target.parent)
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        # mkstemp makes the file private (0600); an export is an ordinary document,
        # so give it the permissions the user's umask gives any new file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise RopaError(
            f"Cannot write {target}: {_reason(exc)}; nothing was written"
            + (" and the previous file is unchanged." if target.exists() else ".")
        ) from None
    except BaseException:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    return (exc.strerror or "input/output error").lower()


def remove_stale_parts(folder: Path) -> list[Path]:
    """Delete the temporary files that killed exports left in ``folder``."""
    removed = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not _PART.match(entry.name):
            continue
        try:
            if entry.is_file() and now - entry.stat().st_mtime > STALE_PART_SECONDS:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed
