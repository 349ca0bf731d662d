"""The character policy: what ``validate`` accepts in any field, every paper of the build prints.

A LINE or PARAGRAPH SEPARATOR is a space in a one-line fact and a line end in a narrative;
formatting characters the layout does not draw (the interlinear annotation marks) are refused at
their JSON path, as control characters are. One function answers for ``validate`` and for the
build's own check (``characters.unprintable``); the PDF layout is the judge of both.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from assembler.characters import SEPARATORS, unprintable
from assembler.cli import main
from assembler.fonts import uncovered_in
from assembler.loading import validate_data
from tests.support import SAMPLES, errors_of

SAMPLE = SAMPLES / "05-self-represented.json"

CATEGORIES = ("Cc", "Cf", "Zl", "Zp", "Zs")
"""Controls, formatting characters and separators: the characters that print as nothing, or as
a box when the layout does not know them."""


def _sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return data


def _with(data: dict[str, Any], short: str, narrative: str) -> dict[str, Any]:
    """The case with ``short`` in its name, case number and a place of signing, and
    ``narrative`` added to an account."""
    data["moving_party"]["legal_name"] = f"Daniela {short} Herrera"
    data["criminal_case"]["case_number"] = f"RIM19{short}04512"
    data["declarations"][0]["executed_at"] = f"Riverside{short}, California"
    data["declarations"][0]["account"]["life"] += f" {narrative}"
    return data


def _contexts(char: str) -> tuple[str, str]:
    """``char`` inside a word and between spaces (WeasyPrint lays out each differently)."""
    return f"Mari{char}sol", f"Mari {char} sol"


def _characters() -> list[str]:
    return [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in CATEGORIES
    ]


def test_validate_refuses_or_normalises_every_character_the_build_cannot_print(
    tmp_path: Path,
) -> None:
    accepted: list[str] = []
    for char in _characters():
        inside, spaced = _contexts(char)
        data = _with(_sample(), inside, spaced)
        code = f"U+{ord(char):04X}"
        refused = [p for p in errors_of(data) if code in p.message]
        if not refused:
            accepted.append(char)
            continue
        # named at each path, by code point, never quoting the text around it
        assert {p.path for p in refused} >= {
            "moving_party.legal_name",
            "criminal_case.case_number",
            "declarations[0].executed_at",
            "declarations[0].account.life",
        }, code
        assert not any("Mari" in p.message for p in refused)
    assert "\ufff9" not in accepted and "\u2028" in accepted and "\u200b" in accepted
    # every accepted character in every field at once: each format's build prints them all
    data = _sample()
    short = "".join(f"{a}x{b}" for a, b in map(_contexts, accepted)).replace("\n", " ")
    narrative = " ".join(_contexts(char)[1] for char in accepted)
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(_with(data, short, narrative)), encoding="utf-8")
    assert errors_of(json.loads(case_file.read_text(encoding="utf-8"))) == []
    result = CliRunner().invoke(main, ["build", str(case_file), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out" / "case").glob("*.pdf"))) > 1


@pytest.mark.parametrize("separator", SEPARATORS)
def test_a_separator_is_a_space_in_a_short_fact_and_a_line_end_in_a_narrative(
    separator: str,
) -> None:
    data = _with(_sample(), "", f"First.{separator}Second.")
    data["moving_party"]["legal_name"] = f"Daniela{separator}Herrera"
    data["criminal_case"]["case_number"] = f"RIM19{separator}04512"
    loaded = validate_data(data)
    assert loaded.problems == [] and loaded.case is not None
    assert loaded.case.moving_party is not None
    assert loaded.case.moving_party.legal_name == "Daniela Herrera"
    assert loaded.case.criminal_case is not None
    assert loaded.case.criminal_case.case_number == "RIM19 04512"
    life = loaded.case.model_dump()["declarations"][0]["account"]["life"]
    assert life.endswith(" First.\nSecond.")
    assert uncovered_in(loaded.case.model_dump(mode="json")) == []


@pytest.mark.parametrize("char", ["\ufff9", "\ufffa", "\ufffb"])
def test_interlinear_annotation_characters_are_refused_in_any_text(char: str) -> None:
    data = _with(_sample(), "", f"x{char}y")
    (problem,) = errors_of(data)
    assert problem.path == "declarations[0].account.life"
    assert problem.code == "text.format"
    assert f"U+{ord(char):04X} INTERLINEAR ANNOTATION" in problem.message
    assert f"x{char}" not in problem.message


def test_validate_and_the_build_check_give_one_answer() -> None:
    """A draft skips validate's refusal; its PDF build refuses the same characters, by path
    (but control characters, which the writers show as U+FFFD in a draft)."""
    text = "a\u0007b\ufff9c\u2028d\ue000e\u200bf"
    assert unprintable(text) == {
        "\u0007": "control",
        "\ufff9": "format",
        "\u2028": "format",
        "\ue000": "no_font",
    }
    found = uncovered_in({"moving_party": {"legal_name": text}})
    assert [(u.path, u.char) for u in found] == [
        ("moving_party.legal_name", char) for char in ("\ufff9", "\u2028", "\ue000")
    ]


def test_a_draft_pdf_build_names_the_field_of_an_unprintable_character(tmp_path: Path) -> None:
    data = _with(_sample(), "", "x\ufffay")
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(case_file), "-o", str(tmp_path / "out"), "--draft", "--format", "pdf"]
    )
    assert result.exit_code == 1, result.output
    assert "declarations[0].account.life" in result.stderr
    assert "U+FFFA INTERLINEAR ANNOTATION SEPARATOR" in result.stderr
    assert "no glyph" not in result.stderr
