"""`assembler templates check`: the common Word-template failures, each found with its place."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from assembler.cli import main
from assembler.shells.lint import ShellProblem, check_shell
from assembler.writers.docx import SHELL

docx = pytest.importorskip("docx")


def _shell(tmp_path: Path, *paragraphs: list[str]) -> Path:
    """A .docx whose paragraphs are made of the given runs."""
    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text in runs:
            paragraph.add_run(text)
    path = tmp_path / "firm.docx"
    document.save(str(path))
    return path


def _lint(path: Path) -> list[ShellProblem]:
    """The shell's problems but the one every python-docx test shell has (no pleading styles,
    reported by test_a_shell_the_writer_refuses_is_reported)."""
    return [p for p in check_shell(path) if "lacks the style(s)" not in p.message]


def test_a_shell_the_writer_refuses_is_reported(tmp_path: Path) -> None:
    path = _shell(tmp_path, ["{{ body }}"])
    (problem,) = check_shell(path)
    assert problem.message.startswith("the Word shell lacks the style(s) Pleading Body")


def test_the_bundled_shell_is_clean() -> None:
    assert check_shell(SHELL) == []
    result = CliRunner().invoke(main, ["templates", "check"])
    assert result.exit_code == 0 and "pleading.docx: no problems" in result.output


def test_a_tag_split_across_runs_is_found(tmp_path: Path) -> None:
    path = _shell(tmp_path, ["Case No. {{ case_", "number }}"])
    (problem,) = _lint(path)
    assert problem.where == "firm.docx:word/document.xml:paragraph 1"
    assert "a tag is split across Word runs" in problem.message


def test_curly_quotes_inside_a_tag_are_found(tmp_path: Path) -> None:
    path = _shell(tmp_path, ["{{ hearing_lines | join(“, ”) }}"])
    problems = [p.message for p in _lint(path)]
    assert any("curly quotes inside" in m for m in problems)


def test_a_paragraph_tag_with_other_text_is_found(tmp_path: Path) -> None:
    path = _shell(
        tmp_path, ["Filed by: {%p for line in filer_lines %}"], ["{{ line }}"], ["{%p endfor %}"]
    )
    (problem,) = _lint(path)
    assert "removes its whole paragraph, which also holds 'Filed by:'" in problem.message


def test_unknown_names_and_attributes_are_found(tmp_path: Path) -> None:
    path = _shell(tmp_path, ["{{ firm_name }}"], ["{{ case_number.year }}"], ["{{ body }}"])
    messages = sorted(p.message for p in _lint(path))
    assert messages[0].startswith("'firm_name' is not given to Word shells")
    assert messages[1] == "case_number.year: case_number is plain text, it has no 'year'"
    assert len(messages) == 2


def test_check_exits_1_with_locations(tmp_path: Path) -> None:
    _shell(tmp_path, ["{{ case_", "number }}"])
    result = CliRunner().invoke(main, ["templates", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "firm.docx:word/document.xml:paragraph 1: a tag is split" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    assert CliRunner().invoke(main, ["templates", "check", str(empty)]).exit_code == 2
