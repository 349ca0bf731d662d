"""Clause fixtures (issue 26, part 4): a case, a few changed facts, and what one clause must
print. The bundled fixtures run here as tests; a firm's run with `assembler clauses check
--fixtures`, which says which failed and why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assembler.assembly import Assembler
from assembler.cli import main
from assembler.fixtures import Fixture, find_fixtures, read_fixtures, run_fixture
from assembler.library import BUNDLED_DIR
from tests.support import SAMPLES, engine

BUNDLED = [f for path in find_fixtures(BUNDLED_DIR) for f in read_fixtures(path)]


@pytest.mark.parametrize("fixture", BUNDLED, ids=[f"{f.clause}: {f.name}" for f in BUNDLED])
def test_every_bundled_clause_fixture_passes(fixture: Fixture) -> None:
    assert run_fixture(fixture, engine()) == []


def test_the_bundled_library_has_fixtures_and_ships_them() -> None:
    assert len(BUNDLED) >= 8
    assert {f.clause for f in BUNDLED} >= {"declaration.told", "memo.error.advice"}


FIRM_CLAUSE = """+++
id = "firm.family-here"
title = "My family here"
document = "declaration-moving-party"
section = "background"
order = 23
when = "party.ties.work"
+++
¶ I work as a {{ party.ties.work | clause_text }}, and my family is here.
"""


def _firm(tmp_path: Path, fixtures: str) -> Path:
    folder = tmp_path / "firm"
    folder.mkdir()
    (folder / "family.md").write_text(FIRM_CLAUSE, encoding="utf-8")
    (folder / "fixtures.toml").write_text(fixtures, encoding="utf-8")
    return folder


def _check(folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["clauses", "check", str(folder), "--fixtures"])
    return result.exit_code, result.output


PASSING = """
[[fixture]]
name = "the client's work is named"
clause = "firm.family-here"
sample = "01"
set = { "moving_party.ties.work" = "cook" }
says = ["I work as a cook, and my family is here."]
never = ["[MISSING"]

[[fixture]]
name = "no work, no paragraph"
clause = "firm.family-here"
sample = "1"
remove = ["moving_party.ties.work"]
included = false
"""


def test_a_firms_fixtures_pass_and_say_so(tmp_path: Path) -> None:
    code, output = _check(_firm(tmp_path, PASSING))
    assert code == 0, output
    assert "ok    firm.family-here: the client's work is named" in output
    assert "ok    firm.family-here: no work, no paragraph" in output
    assert output.rstrip().endswith("no problems, every fixture passes")


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ('says = ["I work as a baker"]', "does not say: 'I work as a baker'"),
        ('never = ["my family is here"]', "says what it must not: 'my family is here'"),
        ("included = false", "the clause is in the packet, and should not be"),
        (
            'remove = ["moving_party.ties.work"]',
            "the clause is not in the packet (its condition is false for this case)",
        ),
        (
            'set = { "moving_party.ties.wrk[" = "cook" }',
            "'moving_party.ties.wrk[' is not a path as validate prints it",
        ),
        ('remove = ["moving_party.pets"]', "remove 'moving_party.pets': the case has no such fact"),
        (
            'set = { "moving_party.date_of_birth" = "someday" }',
            "the changed case does not load: moving_party.date_of_birth:",
        ),
        ('clause = "firm.nothing"', "no clause 'firm.nothing' in the library"),
    ],
)
def test_a_failing_fixture_is_named_with_its_reason_and_fails_the_check(
    tmp_path: Path, change: str, said: str
) -> None:
    key = change.split(" ", 1)[0]
    base = {
        "name": '"one fixture"',
        "clause": '"firm.family-here"',
        "sample": '"01"',
    }
    lines = [f"{k} = {v}" for k, v in base.items() if k != key] + [change]
    code, output = _check(_firm(tmp_path, "[[fixture]]\n" + "\n".join(lines) + "\n"))
    assert code == 1, output
    assert "FAIL  " in output and "fixtures.toml, fixture 1" in output
    assert said in output
    assert "1 fixture failed" in output


def test_a_fixture_starts_from_a_case_file_beside_it(tmp_path: Path) -> None:
    folder = _firm(
        tmp_path,
        '[[fixture]]\nname = "from the firm\'s own case"\nclause = "firm.family-here"\n'
        'case = "cases/ours.json"\nsays = ["I work as a tailor"]\n',
    )
    data = json.loads((SAMPLES / "01-lpr-petty-theft-spanish.json").read_text(encoding="utf-8"))
    data["moving_party"]["ties"]["work"] = "tailor"
    (folder / "cases").mkdir()
    (folder / "cases" / "ours.json").write_text(json.dumps(data), encoding="utf-8")
    code, output = _check(folder)
    assert code == 0, output


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            '[[fixture]]\nname = "x"\nclause = "y"\nsample = "01"\nexpect = []\n',
            "unknown key(s) expect",
        ),
        ('[[fixture]]\nname = "x"\nclause = "y"\n', "give the case to start from"),
        ('[[fixture]]\nname = "x"\nclause = "y"\nsample = "01"\ncase = "a.json"\n', "one of them"),
        ('[[fixture]]\nclause = "y"\nsample = "01"\n', "name is required"),
        ('[[fixture]]\nname = "x"\nclause = "y"\nsample = "01"\nsays = "one"\n', "says is a list"),
        ("fixture = 3\n", "holds [[fixture]] tables only"),
        ("[[fixture]\n", "fixtures.toml"),
    ],
)
def test_a_fixture_file_that_cannot_be_read_names_the_file_and_the_fix(
    tmp_path: Path, text: str, said: str
) -> None:
    code, output = _check(_firm(tmp_path, text))
    assert code == 2, output
    assert said in output
    assert "Traceback" not in output


def test_asking_for_fixtures_where_there_are_none_is_a_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "firm"
    folder.mkdir()
    (folder / "family.md").write_text(FIRM_CLAUSE, encoding="utf-8")
    code, output = _check(folder)
    assert code == 2
    assert "no clause fixtures here (files named fixtures.toml or NAME.fixtures.toml)" in output


def test_a_fixture_never_changes_the_sample_it_starts_from(tmp_path: Path) -> None:
    before = (SAMPLES / "05-self-represented.json").read_bytes()
    [fixture] = read_fixtures(
        _firm(
            tmp_path,
            '[[fixture]]\nname = "x"\nclause = "firm.family-here"\nsample = "05"\n'
            'set = { "moving_party.ties.work" = "cook" }\n',
        )
        / "fixtures.toml"
    )
    firm = Assembler.create(tmp_path / "firm")
    assert run_fixture(fixture, firm) == []
    assert (SAMPLES / "05-self-represented.json").read_bytes() == before
