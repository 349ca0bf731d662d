"""Reading case files: JSON errors, schema problems in plain words, and checks that go on after them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assembler.errors import CaseFileUnreadable, path_sort_key
from assembler.loading import read_json, validate_data
from assembler.rules import check_file
from tests.support import find, problems_of


def write(tmp_path: Path, text: str | bytes, name: str = "case.json") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


# --- unreadable input: usage errors with line and column -------------------------------------


def test_syntax_error_reports_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, '{\n  "filing_date": "2026-01-01",\n  "court": {\n}')
    with pytest.raises(CaseFileUnreadable) as info:
        read_json(path)
    assert info.value.detail.startswith("line 4, column 2: not valid JSON")


def test_trailing_comma_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, '{"a": 1,}')
    with pytest.raises(CaseFileUnreadable, match=r"line 1, column 9"):
        read_json(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CaseFileUnreadable, match="no such file"):
        read_json(tmp_path / "nope.json")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(CaseFileUnreadable, match="is a directory"):
        read_json(tmp_path)


def test_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, b'{"a": "\xff"}')
    with pytest.raises(CaseFileUnreadable, match="not UTF-8"):
        read_json(path)


def test_nan_is_not_json(tmp_path: Path) -> None:
    path = write(tmp_path, '{"a": NaN}')
    with pytest.raises(CaseFileUnreadable, match="NaN is not allowed"):
        read_json(path)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeff" + '{"schema_version": 1}')
    assert read_json(path) == {"schema_version": 1}


# --- schema problems -------------------------------------------------------------------------


def test_top_level_must_be_an_object() -> None:
    [problem] = validate_data([1, 2]).problems
    assert (problem.path, problem.message) == (
        "$",
        "the case file must be a JSON object {...}, not a list [...]",
    )


def test_unknown_key_suggests_the_field(case: dict[str, Any]) -> None:
    case["moving_party"]["legal_nme"] = case["moving_party"].pop("legal_name")
    [problem] = find(problems_of(case), "schema.unknown_key")
    assert problem.path == "moving_party.legal_nme"
    assert problem.message == 'unknown field "legal_nme": did you mean "legal_name"?'
    # the real field is now absent too, and reported as such
    assert find(problems_of(case), "required.missing", "moving_party.legal_name")


def test_unknown_key_far_from_any_field_lists_fields(case: dict[str, Any]) -> None:
    case["hearing"]["zzz"] = 1
    [problem] = find(problems_of(case), "schema.unknown_key")
    assert problem.message == (
        'unknown field "zzz": fields here: to_be_set, renotice_of, date, time, department'
    )


def test_unknown_key_at_top_level(case: dict[str, Any]) -> None:
    case["grounds_"] = {}
    [problem] = find(problems_of(case), "schema.unknown_key")
    assert problem.message == 'unknown field "grounds_": did you mean "grounds"?'


def test_small_enum_lists_its_values(case: dict[str, Any]) -> None:
    case["moving_party"]["pronouns"] = "him"
    [problem] = find(problems_of(case), "schema.enum")
    assert problem.message == "must be one of: he, she, they"


def test_county_suggests_the_closest(case: dict[str, Any]) -> None:
    case["court"]["county"] = "Los Angles"
    [problem] = find(problems_of(case), "schema.enum")
    assert problem.message == 'is not one of the 58 allowed values: did you mean "Los Angeles"?'


@pytest.mark.parametrize(
    "value", ["20.03.2009", "March 2009", "2009", 20090320, "2009-02-30", "13/20/2009"]
)
def test_bad_dates(case: dict[str, Any], value: Any) -> None:
    case["criminal_case"]["counts"][0]["offense_date"] = value
    [problem] = [p for p in problems_of(case) if p.code.startswith("schema.date")]
    assert problem.path == "criminal_case.counts[0].offense_date"


def test_impossible_date_says_so(case: dict[str, Any]) -> None:
    case["filing_date"] = "2026-02-30"
    [problem] = find(problems_of(case), "schema.date_value")
    assert problem.message == "is not a real calendar date (check the month and day)"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("A012345678", "A012345678"), ("A-087-654-321", "A087654321"), ("12345678", "A012345678")],
)
def test_a_number_is_normalized(case: dict[str, Any], value: str, expected: str) -> None:
    from assembler.case import Case

    case["moving_party"]["a_number"] = value
    loaded = validate_data(case)
    assert isinstance(loaded.case, Case) and loaded.case.moving_party is not None
    assert loaded.case.moving_party.a_number == expected


@pytest.mark.parametrize("value", ["B12345678", "A1234", "A1234567890", 12345678])
def test_bad_a_numbers(case: dict[str, Any], value: Any) -> None:
    case["moving_party"]["a_number"] = value
    assert find(problems_of(case), "schema.a_number", "moving_party.a_number")


def test_state_bar_number_may_be_a_json_number(case: dict[str, Any]) -> None:
    case["filing_counsel"]["state_bar_number"] = 298765
    assert not [p for p in problems_of(case) if p.path.startswith("filing_counsel")]


def test_wrong_types_in_plain_words(case: dict[str, Any]) -> None:
    case["self_represented"] = "no"
    case["relief"]["vacate_counts"] = "1, 2"
    case["court"] = "Los Angeles"
    messages = {p.path: p.message for p in problems_of(case) if p.code.startswith("schema.")}
    assert messages == {
        "self_represented": "must be true or false (without quotes)",
        "relief.vacate_counts": "must be a list in square brackets [...]",
        "court": "must be an object in curly braces {...}",
    }


def test_time_format(case: dict[str, Any]) -> None:
    case["hearing"]["time"] = "8:30 am"
    [problem] = find(problems_of(case), "schema.time_format")
    assert "HH:MM" in problem.message


def test_duplicate_keys_are_reported_with_their_path(tmp_path: Path) -> None:
    text = '{"court": {"county": "Alameda", "county": "Fresno"}}'
    problems = check_file(write(tmp_path, text))
    [problem] = find(problems, "schema.duplicate_key")
    assert problem.path == "court.county"


def test_schema_key_is_accepted(case: dict[str, Any]) -> None:
    case["$schema"] = "https://example.invalid/case.schema.json"
    assert not [p for p in problems_of(case) if p.code.startswith("schema")]


def test_newer_schema_version_is_refused(case: dict[str, Any]) -> None:
    case["schema_version"] = 2
    [problem] = find(problems_of(case), "schema.less_than_equal")
    assert problem.message == "must be at most 1"


# --- every problem in one run ----------------------------------------------------------------


def test_schema_errors_do_not_hide_legal_rule_errors(case: dict[str, Any]) -> None:
    case["criminal_case"]["counts"][0]["offense_date"] = "last spring"
    case["moving_party"]["custody"]["in_criminal_custody_on_this_case"] = True
    codes = {p.code for p in problems_of(case)}
    assert {"schema.date_format", "custody.gate"} <= codes


def test_malformed_value_is_not_also_reported_missing(case: dict[str, Any]) -> None:
    case["moving_party"]["legal_name"] = 42
    problems = [p for p in problems_of(case) if p.path == "moving_party.legal_name"]
    assert [p.code for p in problems] == ["schema.string_type"]


def test_malformed_list_item_keeps_indices_of_the_rest(case: dict[str, Any]) -> None:
    case["criminal_case"]["counts"][0] = "count one"
    case["criminal_case"]["counts"][1]["sentence_date"] = "2011-06-01"  # before its plea
    problems = problems_of(case)
    assert find(problems, "schema.model_type", "criminal_case.counts[0]")
    assert find(
        problems, "dates.plea_after_sentence", "criminal_case.counts[1].plea_or_verdict_date"
    )


def test_malformed_scalar_list_items_are_each_reported(case: dict[str, Any]) -> None:
    case["grounds"]["a1"]["error_theories"] = ["no_advice", "bad", "worse"]
    paths = [p.path for p in find(problems_of(case), "schema.enum")]
    assert paths == ["grounds.a1.error_theories[1]", "grounds.a1.error_theories[2]"]


def test_problems_are_sorted_by_path_with_numeric_indices() -> None:
    paths = ["b", "a[10].x", "a[2].x", "a", "$"]
    assert sorted(paths, key=path_sort_key) == ["$", "a", "a[2].x", "a[10].x", "b"]


def test_sample_round_trips_through_json(case: dict[str, Any]) -> None:
    # the model reads exactly what the JSON says: nothing dropped on the way
    loaded = validate_data(json.loads(json.dumps(case)))
    assert loaded.problems == [] and loaded.pruned == frozenset()


def test_a_choice_left_at_the_starter_placeholder_says_so_and_suggests_nothing() -> None:
    """The starter writes "FILL IN" for every choice: the report says to choose, and never
    guesses a value (difflib once matched "FILL IN" to "Los Angeles")."""
    from assembler.rules import check_data
    from assembler.starter import starter_case

    problems = {p.path: p.message for p in check_data(starter_case(None))}
    assert problems["court.county"] == (
        "still holds placeholder text ('FILL IN …'): choose one of the 58 allowed values"
    )
    assert problems["criminal_case.counts[0].level"] == (
        "still holds placeholder text ('FILL IN …'): choose one of felony, misdemeanor, infraction"
    )
    assert not any("did you mean" in message for message in problems.values())


@pytest.mark.parametrize("blank", ["", "   "])
def test_an_empty_line_in_a_list_of_names_is_said_in_plain_words(
    case: dict[str, Any], blank: str
) -> None:
    case["moving_party"]["other_names"] = [blank]
    [problem] = [p for p in validate_data(case).problems if "other_names" in p.path]
    assert problem.path == "moving_party.other_names[0]"
    assert problem.message == "must not be empty: write it, or remove it"
