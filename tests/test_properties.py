"""Property-based tests: no JSON input, however hostile, produces a traceback."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from assembler import verification
from assembler.cli import main
from assembler.errors import CaseFileUnreadable, Problem, Severity
from assembler.loading import parse_json_text
from assembler.rules import check_data
from tests.support import BASE_SAMPLE

SAMPLE: dict[str, Any] = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))

hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "  ",
            "{{ moving_party.legal_name }}",
            "<script>",
            "*_#`",
            "FILL IN",
            "2026-02-30",
            "99:99",
            "A-000-000-000",
            "Nguyễn Thị Thu Hà",
            "陳志明",
            "\u202e\u0000",
        ]
    ),
)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    hostile_text,
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(hostile_text, children, max_size=4),
    ),
    max_leaves=20,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


SAMPLE_PATHS = _paths(SAMPLE)[1:]


def _assert_problems(problems: list[Problem]) -> None:
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path and problem.message
        assert problem.severity in (Severity.ERROR, Severity.WARNING)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_value_gives_problems_not_tracebacks(value: Any) -> None:
    _assert_problems(check_data(value))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(SAMPLE_PATHS), json_values), min_size=1, max_size=4))
def test_sample_with_values_replaced_gives_problems_not_tracebacks(
    edits: list[tuple[tuple[Any, ...], Any]],
) -> None:
    data = copy.deepcopy(SAMPLE)
    for path, value in edits:
        parent: Any = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit replaced an enclosing value
    _assert_problems(check_data(data, Path("/nonexistent")))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_parsed_or_refused_cleanly(text: str) -> None:
    try:
        value = parse_json_text(text, "case.json")
    except CaseFileUnreadable as exc:
        assert exc.detail
        return
    _assert_problems(check_data(value))


@pytest.mark.parametrize("depth", [33, 500, 990, 100_000])
def test_deeply_nested_json_is_refused_cleanly(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"a":' * depth + "1" + "}" * depth, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert "more than 32 levels deep" in result.stderr


def test_nesting_within_the_limit_is_checked_normally(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"moving_party": ' + '{"a":' * 30 + "1" + "}" * 30 + "}", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert 'unknown field "a"' in result.output


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SAMPLE_PATHS), min_size=1, max_size=6))
def test_a_draft_build_with_facts_removed_never_crashes(removed: list[tuple[Any, ...]]) -> None:
    """Deleting any facts gives a draft with [MISSING] markers, never an error."""
    from assembler.loading import validate_data
    from assembler.writers.text import render_document
    from assembler.writers.tree import render_tree

    data = copy.deepcopy(SAMPLE)
    for path in removed:
        parent: Any = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            if isinstance(parent, dict):
                parent.pop(path[-1], None)
        except (KeyError, IndexError, TypeError):
            continue
    loaded = validate_data(data)
    assume(loaded.case is not None)  # the health checks count the cases thrown away
    assert loaded.case is not None
    packet = _ENGINE.assemble(loaded.case, draft=True)
    for document in packet.documents:
        assert render_document(document)  # every writer input renders
    # every missing fact the packet reports is a Missing node where it falls, and every node is
    # reported; an instruction to the attorney ("?…", the ask filter) is reported with what to
    # verify, not as a missing fact
    trees = "".join(render_tree(document) for document in packet.documents)
    marked = set(re.findall(r'<missing path="([^"]*)">', trees))
    facts = {path for path in marked if not path.startswith("?")}
    assert facts == set(packet.missing), facts ^ set(packet.missing)
    asks = {path for path in marked if path.startswith("?")}
    remaining = {
        item for d in packet.documents for item in verification.remaining(d, _ENGINE.registry)
    }
    assert {f"to write: [{path[1:]}]" for path in asks} <= remaining


from assembler.assembly import Assembler as _Assembler  # noqa: E402

_ENGINE = _Assembler.create()
