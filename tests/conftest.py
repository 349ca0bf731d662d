"""pytest's hooks and shared fixtures; helpers the tests import live in tests/support.py."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from tests.support import BASE_SAMPLE


@pytest.fixture
def case() -> dict[str, Any]:
    """A fresh, valid case file (sample 01) as a mutable dict."""
    data: dict[str, Any] = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files under tests/golden from the current output (review the diff).",
    )
