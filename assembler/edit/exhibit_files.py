"""Exhibits chosen in the form: the PDF copied into the case's folder under a safe name.

A paralegal picks the exhibit's PDF with the browser's file chooser instead of typing a path. The
page sends the file's bytes; this module keeps them beside the case file, in ``exhibits/``, under
a name made from the chosen file's name (letters, digits and hyphens), and answers the path
relative to the case file that the exhibit's ``file`` then holds. What ``validate`` checks of an
exhibit (a PDF by content, inside the case folder, a regular file) holds for what is written:

- only a file that begins as a PDF does is kept (the same test as :func:`assembler.exhibits.locate`);
- ``exhibits/`` must be a real folder inside the case folder, never a link to somewhere else;
- nothing is overwritten: the same bytes under the same name are the same exhibit (its path is
  answered again), other bytes get the next free name (``-2``, ``-3``);
- the file is written whole or not at all, with the case file's permission bits (client papers).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from pathlib import Path

from assembler.exhibits import HEADER_WINDOW, PDF_MAGIC, locate
from assembler.files import OutputExists, write_atomic

__all__ = ["EXHIBIT_FOLDER", "MAX_EXHIBIT_BYTES", "ExhibitRefused", "keep_exhibit", "safe_stem"]

EXHIBIT_FOLDER = "exhibits"
MAX_EXHIBIT_BYTES = 50_000_000
"""The largest exhibit the form accepts (50 MB; courts' e-filing limits per document are of that
order, and a larger scan should be reduced before filing)."""
_STEM = 60


class ExhibitRefused(Exception):
    """Why a chosen file is not kept, in words for the paralegal (never the file's content)."""


def safe_stem(name: str) -> str:
    """A file name's stem as letters, digits and hyphens: ``Minute order (2015).PDF`` gives
    ``minute-order-2015``; a name with nothing left gives ``exhibit``."""
    stem = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem[: -len(".pdf")] if stem.lower().endswith(".pdf") else stem
    ascii_only = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    words = re.sub(r"[^A-Za-z0-9]+", "-", ascii_only).strip("-").lower()
    return words[:_STEM].rstrip("-") or "exhibit"


def keep_exhibit(case_file: Path, name: str, data: bytes) -> str:
    """Keep ``data`` (a chosen PDF named ``name``) in the case's ``exhibits/`` folder and return
    its path relative to the case file (``exhibits/minute-order.pdf``).

    Raises:
        ExhibitRefused: not a PDF, too large, or the folder cannot hold it (a link, a file).
    """
    if len(data) > MAX_EXHIBIT_BYTES:
        raise ExhibitRefused(
            f"is larger than {MAX_EXHIBIT_BYTES // 1_000_000} MB: reduce the scan before filing"
        )
    if PDF_MAGIC not in data[:HEADER_WINDOW]:
        raise ExhibitRefused("is not a PDF (its content does not begin as a PDF's does)")
    base = case_file.parent
    folder = base / EXHIBIT_FOLDER
    try:
        info = folder.lstat()
    except FileNotFoundError:
        folder.mkdir(mode=0o700)
        info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode):
        raise ExhibitRefused(
            f"cannot be kept: '{EXHIBIT_FOLDER}' beside the case file is not a folder (or is a "
            "link); rename it"
        )
    mode = _case_mode(case_file)
    stem = safe_stem(name)
    digest = hashlib.sha256(data).digest()
    for number in range(1, 1000):
        relative = f"{EXHIBIT_FOLDER}/{stem}{'' if number == 1 else f'-{number}'}.pdf"
        target = base / relative
        if _same_file(target, digest):
            return relative
        try:
            write_atomic(target, data, overwrite=False, mode=mode)
        except OutputExists:
            continue
        found = locate(base, relative)
        if found.path is None:  # what validate would refuse: never answer such a path
            target.unlink(missing_ok=True)
            raise ExhibitRefused(f"cannot be kept: {found.message}")
        return relative
    raise ExhibitRefused(f"cannot be kept: too many files named {stem} in '{EXHIBIT_FOLDER}'")


def _case_mode(case_file: Path) -> int:
    """The case file's permission bits (a client's exhibits are as private as the case)."""
    try:
        return stat.S_IMODE(case_file.stat().st_mode)
    except OSError:
        return 0o600


def _same_file(target: Path, digest: bytes) -> bool:
    """Whether ``target`` is a regular file (not a link) holding bytes with this digest."""
    try:
        fd = os.open(target, os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return False
        hasher = hashlib.sha256()
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(chunk)
        return hasher.digest() == digest
