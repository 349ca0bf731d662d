"""One case built with worker processes: WeasyPrint loads in a process of its own while the
case is read and assembled, and that process renders the papers (issue 27)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assembler.render import start_loading
from tests.support import BASE_SAMPLE, ROOT, SAMPLES, run_assembler

INVALID = sorted((SAMPLES / "invalid").glob("*.json"))[0]


def _build(*args: str, tmpdir: Path) -> tuple[int, str]:
    done = run_assembler(
        "build", *args, timeout=300, env={**os.environ, "TMPDIR": str(tmpdir)}, cwd=ROOT
    )
    return done.returncode, done.stderr


def test_papers_rendered_in_the_loading_process_are_the_bytes_rendered_here(
    tmp_path: Path,
) -> None:
    packets = {}
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        code, errors = _build(
            str(BASE_SAMPLE), "-o", str(out), "--format", "pdf,txt", "--jobs", jobs,
            tmpdir=tmp_path,
        )  # fmt: skip
        assert code == 0, errors
        folder = out / BASE_SAMPLE.stem
        packets[jobs] = {
            p.name: p.read_bytes()
            for p in sorted(folder.glob("*.*"))
            if p.suffix in (".pdf", ".txt")
        }
    assert "packet.pdf" in packets["2"]
    assert packets["1"] == packets["2"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("weasyprint-")] == []


@pytest.mark.parametrize("case", [INVALID, BASE_SAMPLE], ids=["refused", "blocked-output"])
def test_a_build_that_fails_before_rendering_leaves_no_font_folder(
    tmp_path: Path, case: Path
) -> None:
    """The loading process is ended at once, whenever the build fails: its font folder goes."""
    tmpdir, out = tmp_path / "tmp", tmp_path / "out"
    tmpdir.mkdir()
    if case == BASE_SAMPLE:  # an earlier build's papers, without --force: refused after loading
        (out / case.stem).mkdir(parents=True)
        (out / case.stem / "01-notice-of-motion.pdf").write_bytes(b"an earlier paper")
    code, errors = _build(
        str(case), "-o", str(out), "--format", "pdf", "--jobs", "2", tmpdir=tmpdir
    )
    assert code in (1, 2), errors
    assert "Traceback" not in errors
    assert list(tmpdir.iterdir()) == []


def test_only_a_plain_pdf_of_one_case_with_workers_loads_ahead() -> None:
    assert start_loading(("txt", "docx"), None, 2) is None
    assert start_loading(("pdf",), "pdf/a-2b", 2) is None
    assert start_loading(("pdf",), None, 1) is None
    ahead = start_loading(("pdf",), None, 2)
    assert ahead is not None
    ahead.close()


def test_the_pdf_and_text_writers_load_without_the_case_models_or_jinja() -> None:
    """The process loading WeasyPrint ahead of the build loads the writers alone: the case's
    models (pydantic) and Jinja are the other process's (0.2 s it would wait for them)."""
    code = (
        "import sys, assembler.writers.pdf, assembler.writers.text, assembler.render; "
        "print(sorted(m for m in ('pydantic', 'jinja2', 'assembler.case', "
        "'assembler.templating') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"
