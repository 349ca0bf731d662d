"""The logging policy: what WeasyPrint and fontTools log during a build is reported, never lost."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from assembler import build, logs, render
from assembler.cli import main
from tests.support import SAMPLES

SAMPLE = SAMPLES / "05-self-represented.json"
WARNING = "Font-face 'Pleading CJK' cannot be loaded"


def _noisy(monkeypatch: pytest.MonkeyPatch) -> None:
    real = render._make

    def make(task: Any, author: Any, date: Any) -> bytes:
        logging.getLogger("weasyprint").warning("Font-face %r cannot be loaded", "Pleading CJK")
        return real(task, author, date)

    monkeypatch.setattr(render, "_make", make)


@pytest.mark.allow_logs
def test_captured_collects_each_library_warning_once_and_ignores_others() -> None:
    with logs.captured() as messages:
        logging.getLogger("weasyprint").warning("first")
        logging.getLogger("weasyprint").warning("first")
        logging.getLogger("fontTools.subset").error("second")
        logging.getLogger("weasyprint").info("progress, not a problem")
        logging.getLogger("elsewhere").warning("not ours to report")
    assert messages == ["WeasyPrint: first", "fontTools.subset: second"]


@pytest.mark.allow_logs
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_reports_what_the_libraries_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    _noisy(monkeypatch)
    result = build.build_case(
        SAMPLE, tmp_path, build.BuildOptions(formats=("txt",), jobs=jobs, force=True)
    )
    assert result.logged == (f"WeasyPrint: {WARNING}",)  # once, from the workers too
    report = (result.folder / "build-report.txt").read_text(encoding="utf-8")
    assert "Warnings from the layout and font libraries" in report
    assert f"  WeasyPrint: {WARNING}" in report


@pytest.mark.allow_logs
def test_the_command_line_shows_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _noisy(monkeypatch)
    result = CliRunner().invoke(
        main, ["build", str(SAMPLE), "-o", str(tmp_path), "--format", "txt", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    assert f"WeasyPrint: {WARNING}" in result.stderr


def test_the_samples_build_without_a_library_warning(tmp_path: Path) -> None:
    """What the policy guards: a real PDF build of a sample whose text needs fallback fonts."""
    result = build.build_case(
        SAMPLE, tmp_path, build.BuildOptions(formats=("pdf",), jobs=1, force=True)
    )
    assert result.logged == ()
