"""Atomic file writing: never a half-written file, never an overwrite unasked."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from assembler.errors import (
    OutputExists,
)

__all__ = ["OutputExists", "file_mode", "write_atomic"]


def file_mode() -> int:
    """The mode a new file gets from the user's umask, as ``open()`` would give it (0o644 under
    the usual 022): colleagues on a shared drive can read a packet, as with any other program."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    Args:
        path: the file to create.
        data: its full contents.
        overwrite: replace an existing file; without it an existing file raises OutputExists,
            checked atomically (a hard link fails if the name was taken meanwhile).
    """
    if not overwrite and path.exists():
        raise OutputExists(path)
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        # mkstemp creates the file 0600 whatever the umask; the finished file gets the usual mode.
        tmp.chmod(file_mode())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            tmp.replace(path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise OutputExists(path) from None
            except OSError:
                # Filesystems without hard links: the existence check above has to do.
                tmp.replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
