"""Atomic file writing: never a half-written file, never an overwrite unasked, no copies left.

On Linux the new contents are written to an unnamed file in the target's folder (``O_TMPFILE``),
which the kernel removes if the process dies before it is named: a ``kill -9`` mid-write leaves
nothing behind. The finished file is then given its name (a hard link for a new file, so taking a
name someone else took meanwhile fails; a link beside it and a rename over it to replace a file).
Elsewhere, and on file systems without unnamed files, a named hidden temporary (``.NAME.XXXX.tmp``)
is written instead and removed on every error; :func:`sweep_temporaries` removes those a killed
process left.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import tempfile
from pathlib import Path

from assembler.errors import (
    OutputExists,
)

__all__ = ["OutputExists", "file_mode", "sweep_temporaries", "write_atomic"]

_TMPFILE = getattr(os, "O_TMPFILE", 0)
_PROC_FD = Path("/proc/self/fd")


def file_mode() -> int:
    """The mode a new file gets from the user's umask, as ``open()`` would give it (0o644 under
    the usual 022): colleagues on a shared drive can read a packet, as with any other program."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(
    path: Path,
    data: bytes,
    *,
    overwrite: bool = False,
    mode: int | None = None,
    group: int | None = None,
) -> None:
    """Write ``data`` to ``path`` so that ``path`` is always either the old file or the new one.

    Args:
        path: the file to create.
        data: its full contents.
        overwrite: replace an existing file; without it an existing file raises OutputExists,
            checked atomically (a hard link fails if the name was taken meanwhile).
        mode: the new file's permission bits (default: :func:`file_mode`, from the umask).
        group: the new file's group, where the user may give it (an existing file's group);
            kept as the system gives it when not allowed.
    """
    if not overwrite and path.exists():
        raise OutputExists(path)
    bits = file_mode() if mode is None else stat.S_IMODE(mode)
    fd = _unnamed(path.parent)
    if fd is None:
        _write_named(path, data, overwrite=overwrite, bits=bits, group=group)
        return
    try:
        _fill(fd, data, bits, group)
        if not overwrite:
            try:
                _name(fd, path)
            except FileExistsError:
                raise OutputExists(path) from None
            return
        # A name beside the target for the moment between the link and the rename; the data is
        # complete and on disk by then.
        beside = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        _name(fd, beside)
        try:
            beside.replace(path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                beside.unlink()
            raise
    finally:
        os.close(fd)


def _unnamed(folder: Path) -> int | None:
    """An unnamed file open for writing in ``folder``, or None where the system has none."""
    if not _TMPFILE or not _PROC_FD.is_dir():
        return None
    try:
        return os.open(folder, _TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        # No unnamed files on this file system (or an old kernel): fall back to a named one.
        # Errors the named file would meet too (a missing or read-only folder) are raised here.
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOSYS):
            return None
        raise


def _name(fd: int, path: Path) -> None:
    """Give the unnamed file open as ``fd`` the name ``path`` (linkat through /proc, which
    follows the descriptor's link to the file; plain link() would link the /proc entry)."""
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.link(str(_PROC_FD / str(fd)), path.name, dst_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)


def _fill(fd: int, data: bytes, bits: int, group: int | None) -> None:
    if group is not None:
        with contextlib.suppress(OSError):  # a group the user is not in: the default stays
            os.fchown(fd, -1, group)
    os.fchmod(fd, bits)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def _write_named(path: Path, data: bytes, *, overwrite: bool, bits: int, group: int | None) -> None:
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        try:
            _fill(fd, data, bits, group)
        finally:
            os.close(fd)
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


def sweep_temporaries(path: Path) -> list[Path]:
    """Remove the hidden temporaries a killed write of ``path`` left (``.NAME.XXXX.tmp``), and
    return them. Only regular files of that exact pattern are touched, never through a link."""
    removed = []
    prefix = f".{path.name}."
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            name = entry.name
            middle = name[len(prefix) : -len(".tmp")]
            if not (name.startswith(prefix) and name.endswith(".tmp")) or not middle:
                continue
            if "." in middle or not entry.is_file(follow_symlinks=False):
                continue  # another file's temporary (NAME.bak's), or not ours
            leftover = Path(entry.path)
            with contextlib.suppress(OSError):
                leftover.unlink()
                removed.append(leftover)
    return removed
