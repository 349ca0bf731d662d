"""A firm's clause folder cannot leak the case, hang the tool or fill its memory: clause failures
name their type and file:line (never the exception's text), filters check what they are given,
conditions are bounded in time, single calls that would build huge text are refused, and a named
pipe among the firm's files is refused at once (code review 2, 2.6.1; security review 2, D34 and
D35). The case is the bundled sample 01 (fictional people)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from assembler import plan
from assembler.cli import main
from assembler.errors import AssemblerError, ClauseRefused, LibraryError
from assembler.templating import MAX_TEXT, make_environment
from tests.support import BASE_SAMPLE, run_assembler

NAME = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))["moving_party"]["legal_name"]


def _firm_clause(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "x.md"
    path.write_text(
        '+++\nid = "firm.x"\ntitle = "X"\ndocument = "notice"\norder = 5\n+++\n' + body,
        encoding="utf-8",
    )
    return path


def _build(tmp_path: Path, body: str) -> tuple[int, str, Path]:
    clause = _firm_clause(tmp_path / "firm", body)
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(BASE_SAMPLE),
            "-o",
            str(tmp_path / "out"),
            "--format",
            "txt",
            "--clauses",
            str(tmp_path / "firm"),
        ],
    )
    return result.exit_code, result.output, clause


# --- failures name type and line, never the case -----------------------------------------------


def test_firm_clause_failure_names_type_and_line_not_client_text(tmp_path: Path) -> None:
    # list.index's message quotes the value looked for: here the client's name
    code, said, clause = _build(tmp_path, "Fine.\n\n{{ [0].index(party.legal_name) }}\n")
    assert code == 2, said
    assert f"{clause}:9: ValueError: " in said  # body line 3 of a file whose body starts at 7
    assert NAME not in said and "Ramírez" not in said and "Traceback" not in said


def test_days_given_text_is_refused_by_name_of_the_filter(tmp_path: Path) -> None:
    code, said, clause = _build(tmp_path, "{{ party.legal_name | days }}\n")
    assert code == 2, said
    assert f"{clause}:7: days needs a whole number" in said
    assert "Ramírez" not in said


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ party.legal_name | days }}", "days needs a whole number"),
        ("{{ party.legal_name | ordinal }}", "ordinal needs a whole number"),
        ("{{ party.legal_name | ordinal_word }}", "ordinal_word needs a whole number"),
        ("{{ party.legal_name | money }}", "money needs a number"),
        ("{{ party.legal_name | and_list }}", "and_list needs a list"),
        ("{{ 3 | or_list }}", "or_list needs a list"),
        ("{{ party.legal_name | consequence_label }}", "consequence_label needs a consequence"),
        ("{{ years_between(party.legal_name, party.legal_name) }}", "needs two dates"),
        ("{{ [] | supporting(party.legal_name.split()) }}", "supporting needs the name"),
        ("{{ 3 | record }}", "record needs a list"),
    ],
)
def test_a_filter_given_the_wrong_kind_of_value_says_what_it_needs(
    source: str, message: str
) -> None:
    from assembler.loading import load_case

    case = load_case(BASE_SAMPLE).case
    assert case is not None
    from assembler.templating import case_context

    env = make_environment()
    with pytest.raises(ClauseRefused) as info:
        env.from_string(source).render(case_context(case))
    assert message in str(info.value) and "Ramírez" not in str(info.value)


def test_an_unknown_key_from_the_case_is_not_printed(tmp_path: Path) -> None:
    code, said, clause = _build(tmp_path, "{{ {'a': 1}[party.legal_name] }}\n")
    assert code == 2, said
    assert f"{clause}:7: unknown name in clause" in said and "Ramírez" not in said
    # a name the clause spells is shown
    code, said, _ = _build(tmp_path, "{{ clients }}\n")
    assert "unknown name in clause: clients" in said


def test_a_type_error_in_a_bundled_condition_is_a_bug_in_a_firms_a_message() -> None:
    env = make_environment()
    with pytest.raises(TypeError):
        plan.evaluate(env, "1 + 'a'", {}, "bundled.md:2", bundled=True)
    with pytest.raises(LibraryError, match=r"^firm\.md:2: condition .*: TypeError: "):
        plan.evaluate(env, "1 + 'a'", {}, "firm.md:2")
    with pytest.raises(LibraryError, match="took longer than"):  # limits: a message for both
        plan.evaluate(env, "x > 0", {"x": _Slow()}, "bundled.md:2", bundled=True)


class _Slow:
    def __gt__(self, other: object) -> bool:
        time.sleep(30)
        return True


def test_a_condition_is_bounded_in_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plan, "CLAUSE_SECONDS", 0.3)
    env = make_environment()
    started = time.monotonic()
    with pytest.raises(LibraryError, match="took longer than"):
        plan.evaluate(env, "x > 0", {"x": _Slow()}, "firm.md:2")
    assert time.monotonic() - started < 5


# --- single calls that would build huge text ---------------------------------------------------

BIG = "{% set big = 'a' * 1000000 %}"


@pytest.mark.parametrize(
    "source",
    [
        "{{ ('a' * 30000) | replace('a', 'a' * 30000) }}",
        "{{ 'ab' | replace('a', 'a' * 100000) | replace('a', 'a' * 100000) }}",
        "{{ ('ab' * 100000) | replace('', 'xyzxyz') }}",
        "{{ ('a' * 30000).replace('a', 'a' * 30000) }}",
        "{{ ('ab' * 100000).replace('', 'xyzxyz') }}",
    ],
)
def test_replace_that_would_exceed_text_cap_is_refused(source: str) -> None:
    started = time.monotonic()
    with pytest.raises(ClauseRefused, match="may not build text this long"):
        make_environment().from_string(source).render()
    assert time.monotonic() - started < 2


def test_replace_within_the_cap_still_works() -> None:
    env = make_environment()
    assert env.from_string("{{ 'a;b;c' | replace(';', ' and ', 1) }}").render() == "a and b;c"
    assert env.from_string("{{ 'ab'.replace('', '.') }}").render() == ".a.b."
    exact = "{{ ('a' * 1000) | replace('a', 'a' * 1000) | length }}"
    assert env.from_string(exact).render() == str(1000 * 1000)
    assert MAX_TEXT == 1000 * 1000


@pytest.mark.parametrize(
    "source",
    [
        "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
        "{% endfor %}{{ ns.s | length }}",
        "{% set ns = namespace(s=['ab']) %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
        "{% endfor %}{{ ns.s | length }}",
        "{% set s = ['a'] %}{% for i in range(40) %}{% set _ = s.extend(s) %}{% endfor %}",
        "{% set s = [] %}{% for i in range(1000) %}{% set _ = s.extend(range(1000)) %}"
        "{% set _ = s.extend(range(1000)) %}{% endfor %}",
        "{% set d = {} %}{% for i in range(40) %}{% set _ = d.update(d | dictsort) %}"
        "{% set _ = d.update({i: i}) %}{% endfor %}{% set _ = d.update(range(2000000) | batch(2)) %}",
    ],
)
def test_a_loop_that_doubles_a_text_or_list_is_stopped_at_the_bound(source: str) -> None:
    """Each step is one call that grows a namespace's value or a list in place: bounded like a
    single call, it stops within the bound, long before memory runs out."""
    started = time.monotonic()
    with pytest.raises(ClauseRefused):
        make_environment().from_string(source).render()
    assert time.monotonic() - started < 5


def test_lists_that_clauses_build_still_grow() -> None:
    env = make_environment()
    source = (
        "{% set asks = [] %}{% set _ = asks.append('a') %}{% set _ = asks.extend(['b', 'c']) %}"
        "{% set ns = namespace(s='x') %}{% set ns.s = ns.s + 'y' %}{{ asks | join }}{{ ns.s }}"
        "{{ ([1] + [2]) | length }}{{ 1 + 2 }}"
    )
    assert env.from_string(source).render() == "abcxy23"


@pytest.mark.parametrize(
    "source",
    [
        BIG + "{{ big.join(range(1000) | map('string')) }}",
        BIG + "{{ ([big] * 1000) | join }}",
        BIG + "{{ [big] * 1000 }}",
        BIG + "{{ ([big] * 1000) | string }}",
        BIG + "{{ big ~ big ~ big }}",
        BIG + "{% for i in range(1000) %}{% if loop.first %}{% endif %}{% endfor %}"
        "{% macro m() %}{% for i in range(3) %}{{ big }}{% endfor %}{% endmacro %}{{ m() }}",
        BIG + "{% set twice %}{{ big }}{{ big }}{% endset %}",
        "{{ 'x' | indent(width='a' * 1000000, first=True) }}",
        "{{ ('x\\n' * 1000) | indent(1000000) }}",
        "{{ 'abc' | wordwrap(1, wrapstring='x' * 1000000) }}",
        "{{ '%999999999s' | format('a') }}",
        "{{ '%999999999s' % 'a' }}",
        BIG + "{{ '%(b)s%(b)s' % {'b': big} }}",
        "{{ ([range(1000) | list] * 1000) | sum(start=[]) }}",
        "{{ (((10 ** 64) ** 64) ** 64) ** 64 }}",
        "{{ [1, 2] | batch(10 ** 9, 'x') | list }}",
    ],
)
def test_a_single_call_that_would_build_huge_text_is_refused(source: str) -> None:
    started = time.monotonic()
    with pytest.raises((ClauseRefused, AssemblerError)):
        make_environment().from_string(source).render()
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    "source",
    [
        "{{ 'x'.translate({120: 'y'}) }}",
        "{{ 'x'.encode() }}",
        "{{ (1).to_bytes(8, 'big') }}",
        "{{ 'a' | urlize }}",
        "{{ {'a': 1} | tojson }}",
    ],
)
def test_methods_and_filters_that_multiply_text_are_not_reachable(source: str) -> None:
    from jinja2 import TemplateError

    with pytest.raises((AssemblerError, TemplateError)):
        make_environment().from_string(source).render()


def test_ordinary_filters_and_operators_still_work() -> None:
    env = make_environment()
    source = (
        "{{ 5 % 3 }}|{{ 'a %s b' | format('c') }}|{{ 'a %s b' % 'c' }}|{{ ['a', 'b'] | join(', ') }}"
        "|{{ ', '.join(['p', 'q']) }}|{{ 'a' ~ 'b' }}|{{ 2 ** 10 }}|{{ [1, 2, 3] | sum }}"
        "|{{ 'x\\ny' | indent(2) }}|{{ 'abc def' | wordwrap(3) }}|{{ 'abcdefgh' | truncate(5, True, '', 0) }}"
    )
    assert env.from_string(source).render() == (
        "2|a c b|a c b|a, b|p, q|ab|1024|6|x y|abc def|abcde"  # a printed value is one line
    )


# --- files the firm gives: named pipes are refused at once -------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_in_clause_folder_is_refused_without_hanging(tmp_path: Path) -> None:
    folder = tmp_path / "clauses"
    folder.mkdir()
    os.mkfifo(folder / "x.md")
    done = run_assembler("build", str(BASE_SAMPLE), "-o", str(tmp_path / "out"), "--format", "txt",
                "--clauses", str(folder), timeout=30)  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert f"{folder / 'x.md'}: is not a regular file" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("which", ["documents.toml", "authorities", "config"])
def test_fifo_as_a_firms_toml_file_is_refused_without_hanging(tmp_path: Path, which: str) -> None:
    args = ["build", str(BASE_SAMPLE), "-o", str(tmp_path / "out"), "--format", "txt"]
    if which == "documents.toml":
        fifo = tmp_path / "clauses" / "documents.toml"
        fifo.parent.mkdir()
        args += ["--clauses", str(fifo.parent)]
    elif which == "authorities":
        fifo = tmp_path / "authorities.toml"
        args += ["--authorities", str(fifo)]
    else:
        fifo = tmp_path / "assembler.toml"
        args += ["--config", str(fifo)]
    os.mkfifo(fifo)
    done = run_assembler(*args, timeout=30)
    assert done.returncode == 2, done.stderr
    assert f"{fifo}: is not a regular file" in done.stderr
