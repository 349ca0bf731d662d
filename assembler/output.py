"""Build folders: which case each belongs to, and what a build may replace there.

Every build folder holds a small manifest naming the case file it was built from. A build never
writes into, replaces or deletes from a folder that belongs to another case file, with or
without ``--force``: two clients' files that are both called ``case.json`` can never overwrite
each other's papers. Every conflict is found before anything is rendered.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assembler import __version__
from assembler.errors import (
    OutputConflict,
)
from assembler.files import write_atomic

__all__ = [
    "MANIFEST",
    "PAPER_FILE",
    "OutputConflict",
    "case_folders",
    "check_folder",
    "folder_name",
    "leftovers",
    "previous_files",
    "stale_papers",
    "write_manifest",
]

MANIFEST = ".assembler-build.json"
PAPER_FILE = re.compile(r"\d{2}-[a-z0-9-]+\.(txt|pdf|docx)|packet\.pdf")
"""The names a build gives papers: only these are ever replaced or removed."""


@dataclass(frozen=True)
class Owner:
    """The case a build folder was built from, as its manifest records it."""

    case_file: str
    case_number: str
    files: tuple[str, ...] = ()
    """The files the last build wrote (only these are ever removed by a later one)."""


def folder_name(case_file: Path) -> str:
    """The build folder's name: the case file's name without ``.json``, never ``.`` or ``..``
    or a hidden name (``..json`` would otherwise write beside ``-o``, not in it)."""
    name = case_file.stem.lstrip(". ").strip()
    return name or "case"


def case_folders(outdir: Path, case_files: Sequence[Path]) -> dict[Path, Path]:
    """The folder each case file builds into: ``outdir/<file name without .json>``.

    Raises:
        OutputConflict: two different case files would build into the same folder.
    """
    folders: dict[Path, Path] = {}
    seen: dict[Path, Path] = {}
    for case_file in case_files:
        folder = outdir / folder_name(case_file)
        other = seen.get(folder)
        if other is not None and other.resolve() != case_file.resolve():
            raise OutputConflict(
                f"{other} and {case_file} would both build into {folder}/; "
                "rename one of them or build them into different folders (-o)"
            )
        seen[folder] = case_file
        folders[case_file] = folder
    return folders


def _owner(folder: Path) -> Owner | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = tuple(str(name) for name in data.get("files", []))
        return Owner(str(data["case_file"]), str(data.get("case_number", "")), files)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def check_folder(folder: Path, case_file: Path, targets: Iterable[Path], *, force: bool) -> None:
    """Refuse a build that would touch papers it does not own, or replace files unasked.

    Args:
        folder: the case's build folder (it may not exist yet).
        case_file: the case file being built.
        targets: the paper files the build will write.
        force: replace this case's earlier papers.

    Raises:
        OutputConflict: the folder belongs to another case file; it holds papers and no
            manifest (so whose they are is unknown); or, without ``force``, a target exists.
    """
    if folder.is_symlink():
        raise OutputConflict(f"{folder} is a link; build into a real folder")
    if not folder.exists():
        return
    if not folder.is_dir():
        raise OutputConflict(f"{folder} exists and is not a folder")
    owner = _owner(folder)
    mine = str(case_file.resolve())
    if owner is not None and owner.case_file != mine:
        raise OutputConflict(
            f"{folder}/ holds the papers of another case file ({owner.case_file}); "
            "they are never replaced: build into another folder (-o) or rename the case file"
        )
    papers = sorted(p.name for p in folder.iterdir() if PAPER_FILE.fullmatch(p.name))
    if owner is None and papers:
        raise OutputConflict(
            f"{folder}/ holds papers ({papers[0]}, ...) but no record of the case they belong "
            f"to ({MANIFEST}); move them away or build into another folder (-o)"
        )
    if not force:
        existing = [t for t in targets if os.path.lexists(t)]  # a dangling link counts too
        if existing:
            raise OutputConflict(f"{existing[0]} already exists; use --force to replace the build")


def write_manifest(
    folder: Path, case_file: Path, case_number: str, files: Iterable[str] = ()
) -> None:
    """Record which case file ``folder`` belongs to, and the files its build wrote."""
    data = {
        "case_file": str(case_file.resolve()),
        "case_number": case_number,
        "generator": f"assembler {__version__}",
        "files": sorted(files),
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_atomic(folder / MANIFEST, text.encode("utf-8"), overwrite=True)


def previous_files(folder: Path) -> tuple[str, ...]:
    """The files the last build of this folder's case recorded writing."""
    owner = _owner(folder)
    return owner.files if owner else ()


def stale_papers(
    folder: Path, written: Iterable[Path], formats: Sequence[str], previous: Iterable[str]
) -> list[Path]:
    """Papers the earlier build of this case wrote (by its manifest) in the formats just built,
    that this build did not (a paper left out, or renumbered): they would mislead beside the
    new ones. A file the tool did not write is never among them."""
    keep = {path.name for path in written}
    return sorted(
        folder / name
        for name in set(previous)
        if name not in keep
        and PAPER_FILE.fullmatch(name)
        and name.rsplit(".", 1)[-1] in formats
        and (folder / name).is_file()
    )


_LEFTOVER = re.compile(r"\.(.+)\.[A-Za-z0-9_]{8}\.tmp")


def leftovers(folder: Path) -> list[Path]:
    """Temporary files a killed build left (they may hold client text): the build's own kind
    only, ``.<paper>.XXXXXXXX.tmp``."""
    found = []
    for path in folder.iterdir():
        match = _LEFTOVER.fullmatch(path.name)
        if match and (PAPER_FILE.fullmatch(match[1]) or match[1] in _OWN_FILES):
            found.append(path)
    return sorted(found)


_OWN_FILES = frozenset({MANIFEST, "build-report.txt"})
