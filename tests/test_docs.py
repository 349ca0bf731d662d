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


@pytest.mark.parametrize("words", _readme_command_lines(), ids=" ".join)
def test_every_command_the_readme_runs_exists_with_its_options(words: list[str]) -> None:
    command, rest = _resolve(words)
    assert command is not main, words
    known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    known |= {"-h", "--help", "-q", "-v", "--debug", "--version", "--quiet", "--verbose"}
    options = [w.split("=", 1)[0] for w in rest if w.startswith("-")]
    assert set(options) <= known, (words, set(options) - known)
