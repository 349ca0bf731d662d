"""The command line: exact exit codes and messages, help everywhere, files never clobbered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import click
import pytest
from click.testing import CliRunner

from assembler import __version__
from assembler.cli import main, schema_text
from tests.support import BASE_SAMPLE, ROOT, SAMPLES, last_line_in_a_new_process


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def dump(tmp_path: Path, data: Any, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


INSTALLED_SCHEMA = (ROOT / "assembler" / "case.schema.json").resolve()


def schema_of(case_file: Path) -> Path:
    """The file a case file's ``$schema`` names, as an editor opens it: a ``file://`` URI is
    read as it stands; anything else is taken relative to the case file, as VS Code does."""
    ref: str = json.loads(case_file.read_text(encoding="utf-8"))["$schema"]
    parts = urlsplit(ref)
    if parts.scheme == "file":
        return Path(url2pathname(parts.path))
    return (case_file.parent / ref).resolve()


# --- validate --------------------------------------------------------------------------------


def test_valid_sample_exits_0(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(BASE_SAMPLE)])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == f"{BASE_SAMPLE}: valid (2 warnings)"


def test_invalid_case_exits_1_with_every_problem(
    runner: CliRunner, tmp_path: Path, case: dict[str, Any]
) -> None:
    del case["moving_party"]["legal_name"]
    case["moving_party"]["custody"]["in_criminal_custody_on_this_case"] = True
    case["criminal_case"]["counts"][0]["sentence_date"] = "2009-03-01"
    path = dump(tmp_path, case)
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{path}: invalid: 3 errors, 2 warnings"
    assert "  error    moving_party.legal_name: required" in lines
    assert (
        "           why: the caption and every declaration use the moving party's legal name"
        in lines
    )
    assert (
        "  error    criminal_case.counts[0].plea_or_verdict_date: is after the sentence date"
        in lines
    )
    # sorted by path
    paths = [line.split()[1].rstrip(":") for line in lines[1:] if not line.startswith(" " * 11)]
    assert paths.index("criminal_case.counts[0].plea_or_verdict_date") < paths.index(
        "moving_party.custody.in_criminal_custody_on_this_case"
    )


def test_json_output(runner: CliRunner, tmp_path: Path, case: dict[str, Any]) -> None:
    case["court"]["county"] = "Los Angles"
    path = dump(tmp_path, case)
    result = runner.invoke(main, ["validate", "--json", str(path)])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["file"] == str(path) and report["valid"] is False
    [county] = [p for p in report["problems"] if p["path"] == "court.county"]
    assert county == {
        "path": "court.county",
        "severity": "error",
        "message": 'is not one of the 58 allowed values: did you mean "Los Angeles"?',
        "reason": None,
        "code": "schema.enum",
    }


def test_several_files_exit_with_the_worst(runner: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    result = runner.invoke(main, ["validate", "--json", str(BASE_SAMPLE), str(broken)])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert [r["valid"] for r in report] == [True, False]
    assert report[1]["unreadable"].startswith("line 1, column 2: not valid JSON")


def test_unreadable_file_exits_2_with_line_and_column(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "court": {"county": "Alameda",}\n}', encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}: line 2, column 33: not valid JSON "
        "(Expecting property name enclosed in double quotes)\n"
    )


def test_missing_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["validate", str(tmp_path / "none.json")])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'none.json'}: no such file\n"


def test_no_argument_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 2
    assert "Missing argument 'CASE_FILES...'" in result.output


def test_errors_do_not_print_client_data(
    runner: CliRunner, tmp_path: Path, case: dict[str, Any]
) -> None:
    case["moving_party"]["date_of_birth"] = "born 14 May 1979 in Jalisco"
    case["moving_party"]["a_number"] = "A-87-654"
    result = runner.invoke(main, ["validate", "--json", str(dump(tmp_path, case))])
    assert result.exit_code == 1
    assert "Jalisco" not in result.output and "87-654" not in result.output


# --- new -------------------------------------------------------------------------------------


def test_new_writes_a_starter_that_fails_until_filled(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "garcia.json"
    result = runner.invoke(main, ["new", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(path.read_text(encoding="utf-8"))
    for section in ("moving_party", "criminal_case", "grounds", "relief", "service"):
        assert section in data
    assert schema_of(path) == INSTALLED_SCHEMA
    checked = runner.invoke(main, ["validate", "--json", str(path)])
    assert checked.exit_code == 1
    codes = {p["code"] for p in json.loads(checked.output)["problems"]}
    assert {"placeholder", "schema.date_format", "schema.enum", "required.missing"} <= codes


def test_new_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "existing.json"
    path.write_text("keep me", encoding="utf-8")
    result = runner.invoke(main, ["new", str(path)])
    assert result.exit_code == 2
    assert "already exists; refusing to overwrite it" in result.output
    assert path.read_text(encoding="utf-8") == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["existing.json"]


def test_new_creates_missing_folders(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "cases" / "2026" / "case.json"
    result = runner.invoke(main, ["new", str(target)])
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["$schema"] == INSTALLED_SCHEMA.as_uri()
    # A case file holds a client's case: its owner alone reads it, whatever the umask.
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_new_case_moved_to_another_folder_still_names_the_installed_schema(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The $schema of a new case was a path relative to the case file, into the virtual
    environment: it broke as soon as the file moved. It is the schema's file:// URI now, which
    editors read from disk, offline, wherever the case file goes."""
    started = tmp_path / "intake" / "garcia.json"
    assert runner.invoke(main, ["new", str(started)]).exit_code == 0
    moved = tmp_path / "clients" / "2026" / "garcia" / "garcia.json"
    moved.parent.mkdir(parents=True)
    started.rename(moved)
    assert json.loads(moved.read_text(encoding="utf-8"))["$schema"].startswith("file:///")
    assert schema_of(moved) == INSTALLED_SCHEMA
    assert json.loads(schema_of(moved).read_text(encoding="utf-8"))["title"]


def test_a_case_the_form_starts_names_the_installed_schema_and_still_validates(
    runner: CliRunner, tmp_path: Path
) -> None:
    """`assembler edit NEW.json` writes the case through write_empty_case: the same reference,
    and validate (which ignores $schema) reads it as before."""
    from assembler.cli import write_empty_case

    case_file = tmp_path / "cases" / "new.json"
    write_empty_case(case_file)
    moved = tmp_path / "elsewhere.json"
    case_file.rename(moved)
    assert schema_of(moved) == INSTALLED_SCHEMA
    checked = runner.invoke(main, ["validate", "--json", str(moved)])
    assert checked.exit_code == 1  # empty: facts missing, but read and checked
    codes = {p["code"] for p in json.loads(checked.output)["problems"]}
    assert "required.missing" in codes and "schema.unknown_key" not in codes


# --- schema, rules, help, version ------------------------------------------------------------


def test_schema_is_valid_json_schema_and_committed_copy_is_current(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["additionalProperties"] is False
    assert "moving_party" in schema["required"]
    committed = (ROOT / "assembler" / "case.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), (
        "assembler/case.schema.json is stale: run `assembler schema -o "
        "assembler/case.schema.json --force` and commit it"
    )


def test_samples_validate_against_the_json_schema() -> None:
    import jsonschema  # type: ignore[import-untyped]  # no stubs in the dev set

    schema = json.loads(schema_text())
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for path in sorted(SAMPLES.glob("*.json")):
        errors = list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))))
        assert errors == [], f"{path.name}: {errors[0].message}"


def test_schema_output_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "s.json"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(main, ["schema", "-o", str(target)])
    assert result.exit_code == 2 and target.read_text(encoding="utf-8") == "x"
    result = runner.invoke(main, ["schema", "-o", str(target), "--force"])
    assert result.exit_code == 0 and json.loads(target.read_text(encoding="utf-8"))


def test_rules_lists_every_rule(runner: CliRunner) -> None:
    result = runner.invoke(main, ["rules"])
    assert result.exit_code == 0
    assert "custody " in result.output and "timeliness " in result.output


def _commands() -> list[list[str]]:
    group = main
    assert isinstance(group, click.Group)
    return [[], *[[name] for name in group.commands]]


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c) or "assembler")
def test_every_command_has_help_with_an_example_and_version(
    runner: CliRunner, command: list[str]
) -> None:
    result = runner.invoke(main, [*command, "-h"])
    assert result.exit_code == 0
    assert "Example" in result.output or "assembler new" in result.output
    version = runner.invoke(main, [*command, "--version"])
    assert version.exit_code == 0
    assert version.output == f"assembler, version {__version__}\n"


def test_python_dash_m(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "assembler", "validate", str(BASE_SAMPLE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "valid (2 warnings)" in result.stdout


def test_validate_path_does_not_import_the_writers() -> None:
    # The cold-start budget of `validate` (benchmarks/bench.py) leaves no room for them.
    code = (
        "import sys\n"
        "from assembler.cli import main\n"
        "try:\n"
        f"    main(['validate', {str(BASE_SAMPLE)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in ('weasyprint', 'docxtpl', 'docx', 'jinja2') if m in sys.modules)\n"
        "print(heavy)\n"
    )
    assert last_line_in_a_new_process(code) == "[]"


def test_the_schema_allows_null_only_where_it_means_left_blank() -> None:
    """Issue 15, item 6: null for a yes/no fact not answered yet and for what the starter leaves
    blank on purpose; elsewhere an editor underlines it (validate treats it as missing)."""
    import jsonschema

    from assembler.starter import starter_case

    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    starter = starter_case(None)
    nulls_refused = [e for e in validator.iter_errors(starter) if e.instance is None]
    assert nulls_refused == [], [e.json_path for e in nulls_refused]
    case = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))
    for path, blank in [
        (("court", "county"), None),
        (("moving_party", "legal_name"), None),
        (("criminal_case", "counts", 0, "section"), None),
    ]:
        broken = json.loads(json.dumps(case))
        target = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = blank
        assert any(e.instance is None for e in validator.iter_errors(broken)), path
    language = json.loads(json.dumps(case))
    language["moving_party"]["language"]["reads_english"] = None  # not answered yet
    assert not any(e.instance is None for e in validator.iter_errors(language))


def test_the_schema_titles_are_the_forms_labels() -> None:
    schema = json.loads(schema_text())
    party = schema["$defs"]["MovingParty"]["properties"]
    assert party["a_number"]["title"] == "A-number"
    assert party["date_of_birth"]["title"] == "Date of birth"
    assert schema["properties"]["filing_date"]["title"] == "Filing date"
