"""Builds that fail while writing, or are killed: plain errors naming the path (exit 2) in every
build path, a record that says an unfinished build did not finish, and no temporary folder
left behind (security review 2, D30, D31 and D37)."""

from __future__ import annotations

import errno
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import assembler.files
import assembler.output
from assembler.build import BuildOptions, build_one
from assembler.cli import main
from assembler.errors import CannotWrite, ExitCode
from assembler.output import MANIFEST, last_build, stale_papers, unfinished, write_manifest
from tests.support import BASE_SAMPLE, ROOT, SAMPLES, run_assembler

OTHER_SAMPLE = SAMPLES / "05-self-represented.json"
NOSPACE = os.strerror(errno.ENOSPC)


def _full_disk_for_papers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every paper's write fails as on a full disk; the build record still gets written."""
    real: Callable[..., None] = assembler.files.write_atomic  # as the writer module holds it

    def write(path: Path, data: bytes, **kwargs: Any) -> None:
        if path.name != MANIFEST:
            raise OSError(errno.ENOSPC, NOSPACE)  # as os.write raises it: no file named
        real(path, data, **kwargs)

    monkeypatch.setattr(assembler.output, "write_atomic", write)


def _record(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return data


def _command(
    *args: str, tmpdir: Path, limit: int | None = None
) -> subprocess.CompletedProcess[str]:
    """``assembler ARGS`` in a new process (through the quick exit of ``cli.run``), with its own
    temporary folder and, if given, a file-size limit in bytes (``ulimit -f``)."""

    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "TMPDIR": str(tmpdir)}
    return run_assembler(*args, timeout=300, env=env, cwd=ROOT, preexec_fn=limited)


# --- D30: an OSError while writing is a plain error naming the path, exit 2 --------------------


def test_full_disk_in_batch_build_is_a_plain_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _full_disk_for_papers(monkeypatch)
    out = tmp_path / "out"
    args = ["build", str(BASE_SAMPLE), str(OTHER_SAMPLE), "-o", str(out), "--format", "txt"]
    result = CliRunner().invoke(main, [*args, "--jobs", "1"])
    assert result.exit_code == 2, result.output
    for case in (BASE_SAMPLE, OTHER_SAMPLE):
        paper = out / case.stem / "01-notice-of-motion.txt"
        assert f"{case}: cannot write {paper}: {NOSPACE}\n" in result.stderr
    assert "internal error" not in result.output
    assert "0 of 2 cases built" in result.stdout


def test_full_disk_in_single_build_is_a_plain_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _full_disk_for_papers(monkeypatch)
    args = ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "txt", "--jobs", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    paper = tmp_path / BASE_SAMPLE.stem / "01-notice-of-motion.txt"
    assert result.stderr == f"Error: cannot write {paper}: {NOSPACE}\n"


def test_full_disk_in_the_forms_build_is_refused_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the form's Build button calls build_one, as a batch does
    _full_disk_for_papers(monkeypatch)
    outcome = build_one(BASE_SAMPLE, tmp_path, BuildOptions(formats=("txt",), force=True))
    paper = tmp_path / BASE_SAMPLE.stem / "01-notice-of-motion.txt"
    assert outcome.exit_code is ExitCode.USAGE and outcome.status == "refused"
    assert outcome.message == f"cannot write {paper}: {NOSPACE}"


def test_another_os_error_is_exit_2_naming_its_file_in_single_and_batch_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(case_file: Path, *_modes: bool) -> Any:
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(case_file))

    monkeypatch.setattr("assembler.build.load_for_build", unreadable)
    why = os.strerror(errno.EIO)
    single = ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "txt"]
    result = CliRunner().invoke(main, single)
    assert result.exit_code == 2
    assert result.stderr == f"Error: cannot use {BASE_SAMPLE}: {why}\n"
    batch = [*single, str(OTHER_SAMPLE), "--jobs", "1"]
    result = CliRunner().invoke(main, batch)
    assert result.exit_code == 2
    assert f"{BASE_SAMPLE}: cannot use {BASE_SAMPLE}: {why}\n" in result.stderr
    assert "internal error" not in result.output


def test_file_size_limit_in_a_batch_build_is_a_plain_error_naming_the_file(
    tmp_path: Path,
) -> None:
    # ulimit -f: the 22 KB notice of motion is over the limit, as on a full disk
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    args = ["build", str(BASE_SAMPLE), str(OTHER_SAMPLE), "-o", str(out), "--format", "txt"]
    done = _command(*args, "--jobs", "2", tmpdir=tmpdir, limit=10_000)
    assert done.returncode == 2, done.stderr
    paper = out / BASE_SAMPLE.stem / "01-notice-of-motion.txt"
    assert f"{BASE_SAMPLE}: cannot write {paper}: {os.strerror(errno.EFBIG)}\n" in done.stderr
    assert "internal error" not in done.stderr


def test_file_size_limit_on_the_pdf_fonts_names_their_folder_and_leaves_none(
    tmp_path: Path,
) -> None:
    # WeasyPrint writes the bundled faces (about 400 KB each) to a temporary folder of its own
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    args = ["build", str(BASE_SAMPLE), "-o", str(out), "--format", "pdf"]
    done = _command(*args, tmpdir=tmpdir, limit=100_000)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"Error: cannot write {tmpdir}{os.sep}weasyprint-")
    assert done.stderr.endswith(f": {os.strerror(errno.EFBIG)}\n")
    assert list(tmpdir.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a folder of any mode")
def test_unwritable_output_folder_is_a_plain_error_naming_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir(mode=0o500)
    try:
        args = ["build", str(BASE_SAMPLE), str(OTHER_SAMPLE), "-o", str(out), "--format", "txt"]
        result = CliRunner().invoke(main, [*args, "--jobs", "1"])
    finally:
        out.chmod(0o700)
    assert result.exit_code == 2
    folder = out / BASE_SAMPLE.stem
    assert f"cannot write {folder}: {os.strerror(errno.EACCES)}" in result.stderr


def test_cannot_write_crosses_back_from_a_worker_process_whole() -> None:
    error = CannotWrite(Path("out/case/01-notice-of-motion.pdf"), NOSPACE)
    again = pickle.loads(pickle.dumps(error))
    assert isinstance(again, CannotWrite) and str(again) == str(error)
    assert again.path == error.path and again.reason == NOSPACE


# --- D31: a build that did not finish says so -------------------------------------------------

KILLED_AFTER_FIRST_PAPER = """
import os, sys
from pathlib import Path
import assembler.output as output
from assembler.build import BuildOptions, build_case

real = output.write_file
def write_then_die(path, data):
    real(path, data)
    if path.name != output.MANIFEST:
        os._exit(9)  # killed right after the first paper
output.write_file = write_then_die
build_case(Path(sys.argv[1]), Path(sys.argv[2]), BuildOptions(formats=("txt",), force=True))
"""


def _killed_build(tmp_path: Path) -> Path:
    """A complete build of the base sample, then a forced rebuild killed after its first paper;
    the case's folder."""
    args = ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "txt"]
    assert CliRunner().invoke(main, args).exit_code == 0
    code = [sys.executable, "-c", KILLED_AFTER_FIRST_PAPER, str(BASE_SAMPLE), str(tmp_path)]
    killed = subprocess.run(code, capture_output=True, text=True, check=False, cwd=ROOT)
    assert killed.returncode == 9, killed.stderr
    return tmp_path / BASE_SAMPLE.stem


def test_killed_build_leaves_record_marked_incomplete(tmp_path: Path) -> None:
    folder = _killed_build(tmp_path)
    record = _record(folder)
    assert record["complete"] is False
    assert record["writing"][:2] == [
        "01-notice-of-motion.txt",
        "02-declaration-of-moving-party.txt",
    ]
    assert record["writing"][-1] == "build-report.txt"
    assert set(record["writing"]) <= set(record["files"])
    owner = last_build(folder)
    assert owner is not None and not owner.complete


def test_build_after_a_killed_one_says_it_did_not_finish_and_where(tmp_path: Path) -> None:
    folder = _killed_build(tmp_path)
    total = len(_record(folder)["writing"])
    expected = (
        f"the build in {folder}/ did not finish (stopped at 02-declaration-of-moving-party.txt, "
        f"1 of {total} files written); its papers may be a mix of that build's and an earlier "
        "one's: rebuild with --force"
    )
    assert unfinished(folder) == expected  # for anything that shows the folder (the form)
    args = ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "txt"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {expected}\n"
    # a batch build says the same of the case
    batch = [*args, str(OTHER_SAMPLE), "--jobs", "1"]
    result = CliRunner().invoke(main, batch)
    assert result.exit_code == 2
    assert f"{BASE_SAMPLE}: {expected}\n" in result.stderr


def test_forced_rebuild_after_a_killed_one_completes_the_record(tmp_path: Path) -> None:
    folder = _killed_build(tmp_path)
    args = ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "txt", "--force"]
    assert CliRunner().invoke(main, args).exit_code == 0
    record = _record(folder)
    assert record["complete"] is True and "writing" not in record
    assert unfinished(folder) is None
    assert "01-notice-of-motion.txt" in record["files"]


def test_full_disk_leaves_record_marked_incomplete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _full_disk_for_papers(monkeypatch)
    outcome = build_one(BASE_SAMPLE, tmp_path, BuildOptions(formats=("txt",), force=True))
    assert outcome.exit_code is ExitCode.USAGE
    message = unfinished(tmp_path / BASE_SAMPLE.stem)
    assert message is not None and "(stopped at 01-notice-of-motion.txt, 0 of" in message


def test_rebuild_after_an_unfinished_one_removes_what_it_wrote_in_other_formats(
    tmp_path: Path,
) -> None:
    # the unfinished build was writing text papers; the rebuild writes PDF only: the text
    # papers, part new and part old, go; a file the tool did not write stays
    folder = tmp_path / "case"
    folder.mkdir()
    names = ["01-notice-of-motion.txt", "02-proposed-order.txt", "01-notice-of-motion.pdf"]
    for name in [*names, "08-my-notes.txt"]:
        (folder / name).write_bytes(b"x")
    write_manifest(folder, BASE_SAMPLE, "", names, writing=names[:2])
    owner = last_build(folder)
    assert owner is not None and owner.writing == tuple(names[:2])
    written = [folder / "01-notice-of-motion.pdf"]
    stale = stale_papers(folder, written, ("pdf",), owner.files, owner.writing)
    assert stale == [folder / names[0], folder / names[1]]
    # after a build that finished, papers of formats not built are kept
    assert stale_papers(folder, written, ("pdf",), owner.files) == []


# --- D37: no temporary folder survives a build --------------------------------------------------


@pytest.mark.parametrize(
    "cases, jobs",
    [([BASE_SAMPLE], "1"), ([BASE_SAMPLE], "2"), ([BASE_SAMPLE, OTHER_SAMPLE], "2")],
    ids=["single", "single-workers", "batch-workers"],
)
def test_pdf_build_leaves_no_temporary_folder(tmp_path: Path, cases: list[Path], jobs: str) -> None:
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    args = ["build", *map(str, cases), "-o", str(out), "--format", "pdf", "--jobs", jobs]
    done = _command(*args, tmpdir=tmpdir)
    assert done.returncode == 0, done.stderr
    assert (out / BASE_SAMPLE.stem / "packet.pdf").is_file()
    assert list(tmpdir.iterdir()) == []


def test_failed_pdf_build_leaves_no_temporary_folder(tmp_path: Path) -> None:
    # the papers are rendered, then the folder cannot be made: a file is in the way
    tmpdir, blocker = tmp_path / "tmp", tmp_path / "afile"
    tmpdir.mkdir()
    blocker.write_bytes(b"x")
    done = _command("build", str(BASE_SAMPLE), "-o", str(blocker), "--format", "pdf", tmpdir=tmpdir)
    assert done.returncode == 2, done.stderr
    assert "weasyprint" not in done.stderr
    assert list(tmpdir.iterdir()) == []


def _font_folders_made_here(tmpdir: str) -> list[str]:
    """In a worker process: load the PDF writer's fonts; what is then in the temporary folder."""
    tempfile.tempdir = tmpdir
    from assembler.writers.pdf import _stylesheet

    _stylesheet()
    return sorted(path.name for path in Path(tmpdir).iterdir())


def test_a_worker_process_removes_its_font_folder_when_it_exits(tmp_path: Path) -> None:
    # as the form's builds may run: in a worker process that outlives each build
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        during = pool.submit(_font_folders_made_here, str(tmp_path)).result()
    assert len(during) == 1 and during[0].startswith("weasyprint-")
    assert list(tmp_path.iterdir()) == []


def test_a_pipe_in_place_of_the_build_record_does_not_hang_the_build(tmp_path: Path) -> None:
    """A named pipe where the build record goes is not read (it would wait for a writer
    forever): the folder counts as holding no record, and the build refuses it in plain words."""
    folder = tmp_path / "out" / BASE_SAMPLE.stem
    folder.mkdir(parents=True)
    os.mkfifo(folder / MANIFEST)
    (folder / "01-notice-of-motion.txt").write_text("an earlier paper", encoding="utf-8")
    done = _command(
        "build", str(BASE_SAMPLE), "-o", str(tmp_path / "out"), "--format", "txt", tmpdir=tmp_path
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
