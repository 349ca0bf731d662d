"""Build folders: which case each belongs to, and what a build may replace there.

Every build folder holds a small manifest naming the case file it was built from. A build never
writes into, replaces or deletes from a folder that belongs to another case file, with or
without ``--force``: two clients' files that are both called ``case.json`` can never overwrite
each other's papers. Every conflict is found before anything is rendered.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from assembler import __version__
from assembler.errors import (
    CannotWrite,
    OutputConflict,
)
from assembler.files import write_atomic
from assembler.loading import MAX_BYTES, read_regular

__all__ = [
    "MANIFEST",
    "PAPER_FILE",
    "CannotWrite",
    "OutputConflict",
    "Owner",
    "case_folders",
    "check_folder",
    "folder_name",
    "last_build",
    "leftovers",
    "previous_files",
    "stale_papers",
    "unfinished",
    "write_file",
    "write_manifest",
    "writing_to",
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
    complete: bool = True
    """False from the start of a build's writing until its last file is written: a build
    killed meanwhile leaves the folder marked, its papers possibly a mix of two builds."""
    writing: tuple[str, ...] = ()
    """The files an unfinished build was writing, in the order it wrote them."""


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
        # never through a pipe put in the record's place: it would hang the build
        data = json.loads(read_regular(folder / MANIFEST, MAX_BYTES).decode("utf-8"))
        files = tuple(str(name) for name in data.get("files", []))
        complete = data.get("complete", True) is not False  # records before D31 had none
        writing = () if complete else tuple(str(name) for name in data.get("writing", []))
        return Owner(
            str(data["case_file"]), str(data.get("case_number", "")), files, complete, writing
        )
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
    if owner is not None and not owner.complete and not force:
        raise OutputConflict(_unfinished_text(folder, owner))
    if not force:
        existing = [t for t in targets if os.path.lexists(t)]  # a dangling link counts too
        if existing:
            raise OutputConflict(f"{existing[0]} already exists; use --force to replace the build")


def write_manifest(
    folder: Path,
    case_file: Path,
    case_number: str,
    files: Iterable[str] = (),
    *,
    writing: Sequence[str] | None = None,
) -> None:
    """Record which case file ``folder`` belongs to, and the files its build wrote.

    Args:
        writing: the files about to be written, in order: the record then says the build has
            not finished (``"complete": false``) until it is written again without them.

    Raises:
        CannotWrite: the record could not be written.
    """
    data: dict[str, object] = {
        "case_file": str(case_file.resolve()),
        "case_number": case_number,
        "generator": f"assembler {__version__}",
        "complete": writing is None,
        "files": sorted(files),
    }
    if writing is not None:
        data["writing"] = list(writing)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_file(folder / MANIFEST, text.encode("utf-8"))


def write_file(path: Path, data: bytes) -> None:
    """Write (or replace) one file of a build atomically.

    Raises:
        CannotWrite: naming ``path`` and the system's reason (a full disk, a file-size limit,
            a folder that cannot be written).
    """
    with writing_to(path):
        write_atomic(path, data, overwrite=True)


@contextlib.contextmanager
def writing_to(path: Path) -> Iterator[None]:
    """An OSError inside becomes ``CannotWrite`` naming ``path`` (the file or folder being
    written, which the error itself may not name: a write to a full disk names no file)."""
    try:
        yield
    except OSError as exc:
        raise CannotWrite.from_os_error(path, exc) from exc


def last_build(folder: Path) -> Owner | None:
    """What the record in ``folder`` says of the last build there (None without a record)."""
    return _owner(folder)


def previous_files(folder: Path) -> tuple[str, ...]:
    """The files the last build of this folder's case recorded writing."""
    owner = _owner(folder)
    return owner.files if owner else ()


def unfinished(folder: Path) -> str | None:
    """Why the papers in ``folder`` may not be one build's, when the last build there stopped
    before its last file (killed, or the disk full): a message for anything that shows the
    folder. None when it finished, or when no build is recorded."""
    owner = _owner(folder)
    if owner is None or owner.complete:
        return None
    return _unfinished_text(folder, owner)


def _unfinished_text(folder: Path, owner: Owner) -> str:
    return (
        f"the build in {folder}/ did not finish ({_stopped_at(folder, owner)}); its papers may "
        "be a mix of that build's and an earlier one's: rebuild with --force"
    )


def _stopped_at(folder: Path, owner: Owner) -> str:
    """Where an unfinished build stopped: the first file of its list not written after its
    record (a file written since is at least as new as the record)."""
    try:
        started = (folder / MANIFEST).stat().st_mtime_ns
    except OSError:
        return "stopped while writing"
    total = len(owner.writing)
    for done, name in enumerate(owner.writing):
        try:
            written = (folder / name).stat().st_mtime_ns >= started
        except OSError:
            written = False
        if not written:
            return f"stopped at {name}, {done} of {total} files written"
    return f"stopped after its {total} files, before its record was completed"


def stale_papers(
    folder: Path,
    written: Iterable[Path],
    formats: Sequence[str],
    previous: Iterable[str],
    unfinished: Iterable[str] = (),
) -> list[Path]:
    """Papers the earlier build of this case wrote (by its manifest) in the formats just built,
    that this build did not (a paper left out, or renumbered): they would mislead beside the
    new ones. After a build that did not finish, every paper it was writing that this build did
    not rewrite too, in any format (some of them may be its, some the build's before). A file
    the tool did not write is never among them."""
    keep = {path.name for path in written}
    halfway = set(unfinished)
    return sorted(
        folder / name
        for name in set(previous) | halfway
        if name not in keep
        and PAPER_FILE.fullmatch(name)
        and (name.rsplit(".", 1)[-1] in formats or name in halfway)
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
