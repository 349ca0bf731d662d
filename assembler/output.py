"""Build folders: which case each belongs to, and what a build may replace there.

Every build folder holds a small manifest naming the case file it was built from. A build never
writes into, replaces or deletes from a folder that belongs to another case file, with or
without ``--force``: two clients' files that are both called ``case.json`` can never overwrite
each other's papers. Every conflict is found before anything is rendered.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assembler import __version__
from assembler.errors import AssemblerError
from assembler.files import write_atomic

__all__ = [
    "MANIFEST",
    "PAPER_FILE",
    "OutputConflict",
    "case_folders",
    "check_folder",
    "stale_papers",
    "write_manifest",
]

MANIFEST = ".assembler-build.json"
PAPER_FILE = re.compile(r"\d{2}-[a-z0-9-]+\.(txt|pdf|docx)|packet\.pdf")
"""The names a build gives papers: only these are ever replaced or removed."""


class OutputConflict(AssemblerError):
    """The output folder holds another case's papers, or papers a build would replace unasked."""


@dataclass(frozen=True)
class Owner:
    """The case a build folder was built from, as its manifest records it."""

    case_file: str
    case_number: str


def case_folders(outdir: Path, case_files: Sequence[Path]) -> dict[Path, Path]:
    """The folder each case file builds into: ``outdir/<file name without .json>``.

    Raises:
        OutputConflict: two different case files would build into the same folder.
    """
    folders: dict[Path, Path] = {}
    seen: dict[Path, Path] = {}
    for case_file in case_files:
        folder = outdir / case_file.stem
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
        return Owner(str(data["case_file"]), str(data.get("case_number", "")))
    except (OSError, ValueError, KeyError, TypeError):
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
        existing = [t for t in targets if t.exists()]
        if existing:
            raise OutputConflict(f"{existing[0]} already exists; use --force to replace the build")


def write_manifest(folder: Path, case_file: Path, case_number: str) -> None:
    """Record which case file ``folder`` belongs to."""
    data = {
        "case_file": str(case_file.resolve()),
        "case_number": case_number,
        "generator": f"assembler {__version__}",
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_atomic(folder / MANIFEST, text.encode("utf-8"), overwrite=True)


def stale_papers(folder: Path, written: Iterable[Path], formats: Sequence[str]) -> list[Path]:
    """Papers an earlier build of this case wrote in the formats just built, that this build
    did not (a paper left out, or renumbered): left beside the new ones they would mislead."""
    keep = set(written)
    return sorted(
        path
        for path in folder.iterdir()
        if path not in keep
        and PAPER_FILE.fullmatch(path.name)
        and path.suffix.lstrip(".") in formats
    )
