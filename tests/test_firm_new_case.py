"""A firm's own facts, asked once for every case (issue 25, part 4): `new_case` in assembler.toml
names a JSON file of the firm's parts (who files, how and by whom it serves, its court), and
`assembler edit NEW.json` starts a new case from it; a client's fact there is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from assembler.cli import main, write_empty_case
from assembler.config import load_config
from tests.support import BASE_SAMPLE


def _firm_file(tmp_path: Path, facts: dict[str, Any]) -> Path:
    path = tmp_path / "firm" / "new-case.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    return path


def _sample_firm_facts() -> dict[str, Any]:
    sample = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))
    return {key: sample[key] for key in ("filing_counsel", "service", "court")}


def test_a_new_case_starts_from_the_firms_own_facts_and_nothing_else(tmp_path: Path) -> None:
    facts = _sample_firm_facts()
    (tmp_path / "assembler.toml").write_text('new_case = "firm/new-case.json"\n')
    _firm_file(tmp_path, facts)
    config = load_config(tmp_path / "assembler.toml")
    assert config.new_case == tmp_path.resolve() / "firm" / "new-case.json"
    case_file = tmp_path / "cases" / "new.json"
    write_empty_case(case_file, config.new_case)
    written = json.loads(case_file.read_text(encoding="utf-8"))
    assert {k: written[k] for k in facts} == facts
    assert set(written) == {"$schema", "schema_version", *facts}  # no client fact
    assert case_file.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        (
            {"moving_party": {"legal_name": "A. Client"}},
            "moving_party belongs to each client's case",
        ),
        ({"filing_counsel": {"nmae": "X"}}, 'filing_counsel.nmae: unknown field "nmae"'),
    ],
)
def test_a_new_case_file_with_more_than_the_firms_facts_is_refused_and_no_case_written(
    tmp_path: Path, facts: dict[str, Any], message: str
) -> None:
    firm = _firm_file(tmp_path, facts)
    case_file = tmp_path / "new.json"
    with pytest.raises(click.ClickException, match=message):
        write_empty_case(case_file, firm)
    assert not case_file.exists()


def test_assembler_edit_says_which_firm_file_is_wrong(tmp_path: Path) -> None:
    (tmp_path / "assembler.toml").write_text('new_case = "firm/new-case.json"\n')
    _firm_file(tmp_path, {"immigration": {}})
    result = CliRunner().invoke(main, ["edit", str(tmp_path / "new.json"), "--no-browser"])
    assert result.exit_code != 0
    assert "new-case.json: a new-case file gives only the firm's own facts" in result.output
    assert not (tmp_path / "new.json").exists()
