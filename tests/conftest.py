"""Shared fixtures: a valid fictional case as a dict, and a helper to check a mutated copy."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assembler.errors import Problem, Severity
from assembler.facts import check_data

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
BASE_SAMPLE = SAMPLES / "01-lpr-petty-theft-spanish.json"


@pytest.fixture
def case() -> dict[str, Any]:
    """A fresh, valid case file (sample 01) as a mutable dict."""
    data: dict[str, Any] = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def problems_of(data: Any, base_dir: Path | None = None) -> list[Problem]:
    """Every problem the validator reports for parsed JSON."""
    return check_data(data, base_dir)


def errors_of(data: Any) -> list[Problem]:
    return [p for p in problems_of(data) if p.severity is Severity.ERROR]


def find(problems: list[Problem], code: str, path: str | None = None) -> list[Problem]:
    """The problems with this rule code (and path, when given)."""
    return [p for p in problems if p.code == code and (path is None or p.path == path)]


Mutator = Callable[[dict[str, Any]], None]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files under tests/golden from the current output (review the diff).",
    )
