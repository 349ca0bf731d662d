"""The README and the commands agree (as sqlite-utils' test_docs does): every command answers
--help with what it does, every command is shown in the README, and every command line the
README's examples run names a command that exists, with options that command has."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from assembler.cli import main
from tests.support import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group = main, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


COMMANDS = list(_commands())


def _resolve(words: list[str]) -> tuple[click.Command, list[str]]:
    """The command a command line names, and the words after its name."""
    command: click.Command = main
    rest = list(words)
    while isinstance(command, click.Group) and rest and rest[0] in command.commands:
        command = command.commands[rest.pop(0)]
    return command, rest


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_says_what_it_does(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="assembler")
    assert result.exit_code == 0, result.output
    command, _ = _resolve(list(path))
    assert command.help and len(command.help.split()) >= 5, path
    assert f"Usage: assembler {' '.join(path)}" in result.output


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_is_shown_in_the_readme(path: tuple[str, ...]) -> None:
    name = " ".join(path)
    assert f"assembler {name}" in README or f"`{name}" in README, name


def _readme_command_lines() -> list[list[str]]:
    lines = []
    for block in re.findall(r"```(?:sh|console)?\n(.*?)```", README, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("  #", 1)[0].strip().removeprefix("$ ")
            if line.startswith("assembler "):
                lines.append(shlex.split(line)[1:])
    return lines


def _assert_runs(words: list[str]) -> None:
    """``assembler WORDS`` names a command, with options it has."""
    command, rest = _resolve(words)
    assert command is not main, words
    known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    known |= {"-h", "--help", "-q", "-v", "--debug", "--version", "--quiet", "--verbose"}
    options = [w.split("=", 1)[0] for w in rest if w.startswith("-")]
    assert set(options) <= known, (words, set(options) - known)


@pytest.mark.parametrize("words", _readme_command_lines(), ids=" ".join)
def test_every_command_the_readme_runs_exists_with_its_options(words: list[str]) -> None:
    _assert_runs(words)


# --- CONTRIBUTING.md and the install lines: what they name exists ----------------------------

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
_SPANS = re.findall(r"`([^`\n]+)`", CONTRIBUTING)
_TOP = ("assembler/", "tests/", "clauses/", "templates/", "samples/", "scripts/", "benchmarks/")
_ROOT_FILE = r"[A-Z]+\.md|\.[\w.-]+\.(yaml|toml|cfg)|pyproject\.toml|Makefile"
"""A file at the top of the repository: README.md, .pre-commit-config.yaml, pyproject.toml."""


def _named_paths() -> list[str]:
    """Every file or folder of the repository CONTRIBUTING.md names in a code span."""
    named = set()
    for span in _SPANS:
        for word in span.split():
            word = word.strip("(),;:")
            if word.startswith(_TOP) or re.fullmatch(_ROOT_FILE, word):
                named.add(word)
    return sorted(named)


def _command_lines(text: str) -> list[list[str]]:
    """Every `assembler …` command line in a code span or a code block of ``text``."""
    found = []
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, re.S)
    for line in [*re.findall(r"`([^`\n]+)`", text), *"\n".join(blocks).splitlines()]:
        line = line.split("  #", 1)[0].strip().removeprefix(".venv/bin/")
        if line.startswith("assembler "):
            found.append(shlex.split(line)[1:])
    return found


def test_contributing_names_a_path_for_every_step_it_describes() -> None:
    paths = _named_paths()
    assert len(paths) >= 30, paths  # the rule, clause, filter, writer and command walk-throughs
    assert {"assembler/rules/registry.py", "assembler/filters.py", "assembler/render.py"} <= set(
        paths
    )


@pytest.mark.parametrize("path", _named_paths())
def test_every_path_contributing_names_exists(path: str) -> None:
    pattern = re.sub(r"<[^>]+>", "*", path)
    if "*" in pattern:
        assert list(ROOT.glob(pattern)), path
    else:
        assert (ROOT / path).exists(), path


@pytest.mark.parametrize("words", _command_lines(CONTRIBUTING), ids=" ".join)
def test_every_command_contributing_names_exists_with_its_options(words: list[str]) -> None:
    _assert_runs(words)


_NAMED_IN = re.findall(
    r"`([\w.]+)(?:\(\))?`(?:\s+[a-z]+){0,2}\s+(?:in|of|from)\s+`([\w/.]+\.py)`", CONTRIBUTING
)


@pytest.mark.parametrize(("name", "path"), _NAMED_IN, ids=[f"{p}:{n}" for n, p in _NAMED_IN])
def test_every_name_contributing_places_in_a_module_is_defined_there(name: str, path: str) -> None:
    source = (ROOT / path).read_text(encoding="utf-8")
    for part in name.split("."):
        defined = rf"^\s*(?:(?:async )?def|class) {part}\b|^\s*{part}\s*(?::[^=\n]+)?="
        assert re.search(defined, source, re.M), f"{part} is not defined in {path}"


def test_contributing_places_the_names_it_tells_a_contributor_to_edit() -> None:
    placed = {name for name, _ in _NAMED_IN}
    assert {"FILTERS", "FORMATS", "_writer", "_RULE_MODULES", "DERIVED", "ExitCode"} <= placed


def _pip_installs(text: str) -> list[str]:
    """What every `pip install` / `pipx install` line of the README's code blocks installs."""
    targets = []
    for block in re.findall(r"```(?:sh|console)?\n(.*?)```", text, re.S):
        for line in block.splitlines():
            if not re.match(r"\s*\S*pipx? install ", line):
                continue
            words = shlex.split(line.split("  #", 1)[0])
            if len(words) > 2 and words[0].endswith(("pip", "pipx")) and words[1] == "install":
                targets += [w for w in words[2:] if not w.startswith("-")]
    return targets


def test_the_readme_installs_from_the_checkout_root_not_the_package_folder() -> None:
    """`pip install ./assembler` from a checkout names the Python package's folder, which has no
    pyproject.toml, and fails; the project is installed from the folder that has one."""
    local = [t for t in _pip_installs(README) if t.startswith((".", "/"))]
    assert local, "the README shows no install from a checkout"
    for target in local:
        folder = ROOT / target.split("[", 1)[0]
        assert (folder / "pyproject.toml").is_file(), (
            f"pip install {target}: no pyproject.toml there"
        )
